"""The database handle and the unit of work.

``Database.open(url)`` migrates to the newest revision and returns a handle that
is safe to share between threads; each thread opens its own unit of work with
``db.session()`` (one transaction, committed on leaving the block, rolled back on
an exception). Repositories hang off the unit of work and return frozen values.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa

from clinic_app import secrets
from clinic_app.secrets import SecretStore
from clinic_app.store import migrate
from clinic_app.store.engine import BEGIN_MODE, create_store_engine
from clinic_app.store.errors import StoreUnavailable

if TYPE_CHECKING:
    from clinic_app.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

T = TypeVar("T")

Clock = Callable[[], datetime]

#: How long a unit of work keeps retrying a busy / deadlocked database before giving up.
RETRY_BUDGET_SECONDS = 30.0

_PG_TRANSIENT = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock n/a


def is_transient(error: BaseException) -> bool:
    """A lock/busy/serialization failure that succeeds when the transaction is re-run."""
    if not isinstance(error, sa.exc.OperationalError | sa.exc.DBAPIError):
        return False
    original = getattr(error, "orig", None)
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate in _PG_TRANSIENT:
        return True
    text = str(original).lower()
    # SQLite: "database is locked", "database table is locked", "database schema is locked".
    return " is locked" in text or "database is busy" in text


def with_keyring_password(url: sa.URL, store: SecretStore | None) -> sa.URL:
    """Fill a PostgreSQL URL's missing password from the keyring, if one is stored there."""
    if store is None or url.get_backend_name() != "postgresql" or url.password:
        return url
    try:
        password = store.get(secrets.DATABASE_PASSWORD)
    except secrets.SecretStoreUnavailable:
        log.info("no keyring: connecting to PostgreSQL without a stored password")
        return url
    return url.set(password=password) if password else url


class Database:
    """One database (SQLite file or PostgreSQL URL); share it, but not its sessions."""

    def __init__(self, engine: sa.Engine, *, clock: Clock = datetime.now) -> None:
        self.engine = engine
        self.clock = clock
        #: What ``open`` did to the schema (None when opened without migrating).
        self.last_migration: migrate.MigrationOutcome | None = None

    @classmethod
    def open(
        cls,
        url: str,
        *,
        backup_dir: Path | None = None,
        migrate_to_head: bool = True,
        clock: Clock = datetime.now,
        busy_timeout_ms: int = 10_000,
        secret_store: SecretStore | None = None,
    ) -> Database:
        """Open ``url``, migrating to head first (SQLite: a copy is taken before migrating).

        ``backup_dir`` receives the pre-migration copy (default: ``backups`` beside the file).
        A PostgreSQL URL without a password takes it from ``secret_store``
        (``secrets.DATABASE_PASSWORD``), so the password never sits in the settings file.
        """
        parsed = with_keyring_password(sa.make_url(url), secret_store)
        outcome = migrate.upgrade(parsed, backup_dir=backup_dir) if migrate_to_head else None
        engine = create_store_engine(parsed, busy_timeout_ms=busy_timeout_ms)
        database = cls(engine, clock=clock)
        database.last_migration = outcome
        if outcome is not None and outcome.changed and outcome.previous is not None:
            database.run(lambda uow: _audit_migration(uow, outcome))
        return database

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The URL with any password hidden (safe to show and log)."""
        return self.engine.url.render_as_string(hide_password=True)

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[UnitOfWork]:
        """One unit of work in one transaction, for the calling thread only.

        ``write=True`` takes SQLite's write lock at the start (waiting, with retries,
        while another desk writes); ``write=False`` is a read-only snapshot that never
        waits. Commits when the block ends normally, rolls back on an exception.
        """
        from clinic_app.store.unit_of_work import UnitOfWork

        connection = self._connect_with_retry(write=write)
        try:
            uow = UnitOfWork(connection, clock=self.clock)
            yield uow
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()

    def run(self, work: Callable[[UnitOfWork], T], *, write: bool = True) -> T:
        """Run ``work`` in a unit of work, re-running it on a transient lock/busy failure.

        Use this for writes that may race with other desks: the caller never sees
        "database is locked"; after ``RETRY_BUDGET_SECONDS`` it gets ``StoreUnavailable``.
        """
        deadline = time.monotonic() + RETRY_BUDGET_SECONDS
        attempt = 0
        while True:
            attempt += 1
            try:
                with self.session(write=write) as uow:
                    return work(uow)
            except sa.exc.DBAPIError as exc:
                if not is_transient(exc):
                    raise
                if time.monotonic() > deadline:
                    raise StoreUnavailable("the database stayed busy; try again") from exc
                log.debug("transient database conflict, retrying (attempt %d)", attempt)
                time.sleep(min(0.5, 0.01 * 2**attempt) * random.uniform(0.5, 1.0))  # noqa: S311

    def _connect_with_retry(self, *, write: bool) -> sa.Connection:
        deadline = time.monotonic() + RETRY_BUDGET_SECONDS
        attempt = 0
        while True:
            attempt += 1
            connection: sa.Connection | None = None
            try:
                connection = self.engine.connect()
                if write:
                    connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
                connection.begin()
                if not write and self.dialect == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                return connection
            except sa.exc.DBAPIError as exc:
                if connection is not None:
                    connection.close()
                if exc.connection_invalidated or not is_transient(exc):
                    if isinstance(exc, sa.exc.OperationalError):
                        raise StoreUnavailable(f"cannot reach the database: {exc.orig}") from exc
                    raise
                if time.monotonic() > deadline:
                    raise StoreUnavailable("the database stayed busy; try again") from exc
                time.sleep(min(0.5, 0.01 * 2**attempt) * random.uniform(0.5, 1.0))  # noqa: S311


def _audit_migration(uow: UnitOfWork, outcome: migrate.MigrationOutcome) -> None:
    """An upgrade of existing data is audited (a new, empty database is not)."""
    from clinic_app.store.records import AuditEvent

    uow.audit.append(
        AuditEvent.MIGRATION,
        detail={
            "from_revision": outcome.previous,
            "to_revision": outcome.current,
            "copy": _token(outcome.copy_path.name) if outcome.copy_path else None,
        },
    )


def _token(text: str) -> str:
    """A file name reduced to the characters an audit detail accepts."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", text)[:96]
