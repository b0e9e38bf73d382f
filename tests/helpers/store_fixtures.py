"""Fixtures for the store suite: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``MADOGUCHI_TEST_PG_URL`` (scripts/test-services.sh starts
it). Each test session makes a migrated template database; each test gets a
fresh copy of it (``CREATE DATABASE ... TEMPLATE``), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic_app.store import Database, migrate, passwords
from tests.conftest import skip_or_fail

PG_ENV = "MADOGUCHI_TEST_PG_URL"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.integration),
]


class MutableClock:
    """A clock tests move by hand; the store reads it through ``Database(clock=...)``."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class PgServer:
    """Creates and drops throw-away databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = sa.make_url(url)
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        self.template = f"madoguchi_tpl_{os.getpid()}_{uuid.uuid4().hex[:8]}"

    def url_for(self, name: str) -> sa.URL:
        return self.url.set(database=name)

    def create(self, *, template: str | None = None) -> str:
        name = f"madoguchi_t_{uuid.uuid4().hex[:12]}"
        suffix = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{suffix}")
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pg_server_or_skip() -> PgServer:
    url = os.environ.get(PG_ENV)
    if not url:
        skip_or_fail(f"{PG_ENV} is not set (run scripts/test-services.sh start_test_services)")
    server = PgServer(str(url))
    try:
        with server.admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        skip_or_fail(f"PostgreSQL at {PG_ENV} is not reachable: {exc.orig}")
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = pg_server_or_skip()
    with server.admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {server.template}")
    try:
        migrate.upgrade(server.url_for(server.template))
        yield server
    finally:
        server.drop(server.template)
        server.admin.dispose()


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap scrypt parameters in tests (the format and code path are the same)."""
    monkeypatch.setattr(passwords, "DEFAULT_PARAMS", passwords.ScryptParams(10, 8, 1))


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(datetime(2026, 11, 30, 9, 0, 0))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated, empty database URL on the parametrised backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.create(template=server.template)
    try:
        yield server.url_for(name).render_as_string(hide_password=False)
    finally:
        server.drop(name)


@pytest.fixture
def empty_store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database with no schema at all, on the parametrised backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.create()
    try:
        yield server.url_for(name).render_as_string(hide_password=False)
    finally:
        server.drop(name)


@pytest.fixture
def db(store_url: str, clock: MutableClock, tmp_path: Path) -> Iterator[Database]:
    database = Database.open(store_url, clock=clock, backup_dir=tmp_path / "pre-migration")
    try:
        yield database
    finally:
        database.close()
