"""What the roster contributes to Min side."""
