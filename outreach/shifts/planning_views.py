"""Placeholder: filled in by the shifts work in progress."""
