"""Schema migrations without alembic.ini, so they run from a wheel or a frozen build.

The scripts live inside the package (``clinic_app/store/migrations``) and are
found through ``importlib.resources``. On SQLite the migration runs on its own
connection with foreign keys off (batch mode copies tables), inside one
transaction, after a consistent copy of the database file has been taken.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from clinic_app.store.errors import MigrationFailed, StoreUnavailable

log = logging.getLogger(__name__)

#: PostgreSQL advisory lock key serialising concurrent migrations ("MADOMIGR").
MIGRATION_LOCK = 0x4D41444F4D494752


def migrations_dir() -> Path:
    """The migration scripts as files (a frozen build must ship them as data, .py included)."""
    folder = Path(str(resources.files("clinic_app.store") / "migrations"))
    if not (folder / "env.py").is_file() or not (folder / "versions").is_dir():
        raise MigrationFailed(
            f"the database migration scripts are missing from this installation ({folder})",
            code="store_migrations_missing",
        )
    return folder


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise MigrationFailed("no migrations found in the package")
    return head


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision_on(connection)


def current_revision_on(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def sqlite_file(url: sa.URL) -> Path | None:
    """The database file of a SQLite URL, or None for memory / other dialects."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_owner_only(path: Path) -> None:
    """Create the SQLite file with mode 0600 before SQLite does (or tighten an existing one)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if os.name == "posix":
            os.chmod(path, 0o600)
        return
    os.close(fd)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup API, created owner-only."""
    create_owner_only(target)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


@dataclass(frozen=True, slots=True)
class MigrationOutcome:
    """What ``upgrade`` did: revisions before and after, and the SQLite copy if one was taken."""

    previous: str | None
    current: str | None
    copy_path: Path | None

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def upgrade(
    url: sa.URL,
    *,
    target: str = "head",
    backup_dir: Path | None = None,
    busy_timeout_ms: int = 30_000,
) -> MigrationOutcome:
    """Migrate the database at ``url`` to ``target``.

    A copy is taken only when an existing SQLite schema is about to change.
    """
    from clinic_app.store.engine import BEGIN_MODE, create_store_engine

    engine = create_store_engine(url, foreign_keys=False, busy_timeout_ms=busy_timeout_ms)
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    wanted = script.get_current_head() if target == "head" else target
    copy_path: Path | None = None
    try:
        try:
            current = current_revision(engine)
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(f"cannot open the database: {exc.orig}") from exc
        if current == wanted:
            return MigrationOutcome(current, current, None)
        db_file = sqlite_file(url)
        if db_file is not None and current is not None:
            folder = backup_dir or db_file.parent / "backups"
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            copy_path = folder / f"{db_file.stem}-before-{wanted}-from-{current}-{stamp}.sqlite3"
            copy_sqlite(db_file, copy_path)
            log.info("copied the database before migrating: %s", copy_path.name)
        with engine.connect() as connection:
            connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    # Two desks starting at once: the second waits, then finds the head.
                    connection.execute(
                        sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                    )
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                if engine.dialect.name == "sqlite":
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise MigrationFailed(
                            f"migration left {len(problems)} broken references; rolled back"
                        )
        log.info("database migrated from %s to %s", current, wanted)
    except (MigrationFailed, StoreUnavailable):
        raise
    except sa.exc.SQLAlchemyError as exc:
        where = f" (copy kept at {copy_path})" if copy_path else ""
        raise MigrationFailed(f"database migration failed{where}: {exc}") from exc
    finally:
        engine.dispose()
    return MigrationOutcome(current, wanted, copy_path)
