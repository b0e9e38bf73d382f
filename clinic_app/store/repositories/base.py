"""What every repository shares: the unit of work's connection and clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from clinic_app.store.timeutil import local_naive


class Repository:
    def __init__(self, connection: sa.Connection, clock: Callable[[], datetime]) -> None:
        self._conn = connection
        self._clock = clock

    def _now(self, at: datetime | None = None) -> datetime:
        return local_naive(at if at is not None else self._clock())

    @property
    def _dialect(self) -> str:
        return self._conn.dialect.name

    def _advisory_lock(self, key1: int, key2: int = 0) -> None:
        """Serialise writers of one thing on PostgreSQL (SQLite: the write lock already does)."""
        if self._dialect == "postgresql":
            self._conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": key1, "b": key2}
            )


#: Advisory lock namespaces (PostgreSQL, two-int form).
LOCK_AUDIT = 0x4D41_0001
LOCK_VISIT_DAY = 0x4D41_0002
