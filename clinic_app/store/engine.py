"""Engines with the connection settings the store relies on.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout,
``synchronous=NORMAL`` (safe with WAL), and explicit transactions: a write unit
of work starts with ``BEGIN IMMEDIATE`` so two desks queue for the write lock at
the start instead of failing half-way with "database is locked".
PostgreSQL: psycopg 3, a small pool, connections checked before use.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from clinic_app.store.errors import StoreUnavailable

#: Execution option read by the SQLite ``begin`` hook: "IMMEDIATE" or "DEFERRED".
BEGIN_MODE = "madoguchi_begin"


def create_store_engine(
    url: sa.URL | str,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = 10_000,
) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, foreign_keys=foreign_keys, busy_timeout_ms=busy_timeout_ms)
    return sa.create_engine(
        parsed,
        pool_size=5,
        max_overflow=5,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10},
    )


def _sqlite_engine(url: sa.URL, *, foreign_keys: bool, busy_timeout_ms: int) -> sa.Engine:
    from clinic_app.store.migrate import create_owner_only, sqlite_file

    db_file = sqlite_file(url)
    if db_file is not None:
        try:
            create_owner_only(db_file)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot create or open the database file {db_file}: {exc.strerror}"
            ) from exc
    engine = sa.create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is turned off; the begin hook emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if db_file is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")

    return engine
