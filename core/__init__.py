"""Shared ground for every stage: settings, database, asset storage, media I/O, errors."""
