"""Repositories: one per kind of record, all over the same unit-of-work connection."""
