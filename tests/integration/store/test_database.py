"""Opening databases, clear errors, and the unit of work's retry on transient conflicts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic_app import secrets
from clinic_app.store import Database, StoreUnavailable
from clinic_app.store import database as database_module
from clinic_app.store.database import is_transient, with_keyring_password


class DictStore:
    def __init__(self, **values: str) -> None:
        self.values = dict(values)

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def locked_error() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("BEGIN", None, sqlite3.OperationalError("database is locked"))


class PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("pg")
        self.sqlstate = sqlstate


def test_transient_errors_are_recognised() -> None:
    assert is_transient(locked_error())
    assert is_transient(sa.exc.OperationalError("x", None, PgError("40P01")))
    assert is_transient(sa.exc.DBAPIError("x", None, PgError("40001")))
    assert not is_transient(sa.exc.IntegrityError("x", None, PgError("23505")))
    assert not is_transient(ValueError("database is locked"))


def test_run_retries_a_transient_conflict_then_succeeds(db: Database) -> None:
    attempts: list[int] = []

    def work(_uow: object) -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise locked_error()
        return "done"

    assert db.run(work) == "done"
    assert len(attempts) == 3


def test_run_gives_up_with_a_clear_error(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "RETRY_BUDGET_SECONDS", 0.05)

    def work(_uow: object) -> None:
        raise locked_error()

    with pytest.raises(StoreUnavailable, match="busy"):
        db.run(work)


def test_run_does_not_retry_real_errors(db: Database) -> None:
    attempts: list[int] = []

    def work(_uow: object) -> None:
        attempts.append(1)
        raise sa.exc.IntegrityError("x", None, PgError("23505"))

    with pytest.raises(sa.exc.IntegrityError):
        db.run(work)
    assert len(attempts) == 1


def test_unreachable_server_is_store_unavailable() -> None:
    with pytest.raises(StoreUnavailable, match="cannot open the database"):
        Database.open("postgresql+psycopg://postgres@127.0.0.1:1/nothing")


def test_unusable_sqlite_path_is_store_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailable, match="cannot create or open"):
        Database.open(f"sqlite:///{blocker / 'madoguchi.sqlite3'}")


def test_postgresql_password_comes_from_the_keyring() -> None:
    store = DictStore(**{secrets.DATABASE_PASSWORD: "s3cret"})
    url = sa.make_url("postgresql+psycopg://desk@db.clinic.lan/madoguchi")
    assert with_keyring_password(url, store).password == "s3cret"
    explicit = url.set(password="given")
    assert with_keyring_password(explicit, store).password == "given"
    assert with_keyring_password(url, DictStore()).password is None
    sqlite_url = sa.make_url("sqlite:///x.sqlite3")
    assert with_keyring_password(sqlite_url, store) == sqlite_url


def test_url_shown_without_password(store_url: str) -> None:
    store = DictStore(**{secrets.DATABASE_PASSWORD: "s3cret"})
    with Database.open(store_url, secret_store=store) as db:
        assert "s3cret" not in db.url
        assert db.dialect in ("sqlite", "postgresql")
