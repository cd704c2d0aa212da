"""Job descriptions: role templates, each person's co-written, versioned description,
reviews and role changes."""
