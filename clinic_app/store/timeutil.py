"""Datetimes in the store are naive local desk time."""

from __future__ import annotations

from datetime import datetime


def local_naive(value: datetime) -> datetime:
    """An aware datetime converted to local time without tzinfo; naive ones unchanged."""
    if value.tzinfo is None:
        return value
    return value.astimezone().replace(tzinfo=None)


def optional_local_naive(value: datetime | None) -> datetime | None:
    return None if value is None else local_naive(value)
