"""Migrations: up from empty, up from the previous revision with data, guards kept,
SQLite copy before migrating, owner-only file, failed migration rolled back."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from clinic_app.store import Database, EligibilitySource, MigrationFailed, migrate
from clinic_app.store.audit_chain import GENESIS_HASH, canonical_detail, row_hash
from clinic_app.store.schema import metadata
from tests.helpers.store_fixtures import MutableClock


def test_up_from_empty_matches_the_models(empty_store_url: str, tmp_path: Path) -> None:
    db = Database.open(empty_store_url, backup_dir=tmp_path / "pre")
    try:
        assert db.revision() == migrate.head_revision() == "0002"
        with db.engine.connect() as conn:
            diffs = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), metadata
            )
        assert diffs == []
    finally:
        db.close()
    assert not (tmp_path / "pre").exists()  # nothing to copy for a new database


def _seed_revision_0001(url: str) -> None:
    """Data as version 0001 of the app wrote it (raw SQL: the models are newer)."""
    engine = sa.create_engine(url)
    stamp = datetime(2026, 11, 1, 9, 0)
    detail = canonical_detail({"visit_id": 1})
    digest = row_hash(
        prev_hash=GENESIS_HASH,
        seq=1,
        occurred_at=stamp,
        event="check_in",
        staff_id=None,
        patient_id=1,
        detail=detail,
    )
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO patients (patient_number, name, kana, kana_key, birthdate, sex, "
                "created_at, updated_at) VALUES ('000001', '山田', 'ﾔﾏﾀﾞ', 'やまだ', "
                ":born, '1', :at, :at)"
            ),
            {"born": date(1980, 1, 2), "at": stamp},
        )
        for number, source in ((1, "card"), (2, "cached"), (3, "self_declaration")):
            conn.execute(
                sa.text(
                    "INSERT INTO visits (patient_id, visit_date, queue_number, checked_in_at, "
                    "status, source) VALUES (1, :day, :number, :at, 'waiting', :source)"
                ),
                {"number": number, "day": stamp.date(), "at": stamp, "source": source},
            )
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (seq, occurred_at, event, staff_id, patient_id, detail, "
                "prev_hash, row_hash) VALUES (1, :at, 'check_in', NULL, 1, :detail, :prev, :hash)"
            ),
            {"at": stamp, "detail": detail, "prev": GENESIS_HASH, "hash": digest},
        )
    engine.dispose()


def test_up_from_the_previous_revision_keeps_data(
    empty_store_url: str, tmp_path: Path, clock: MutableClock, backend: str
) -> None:
    migrate.upgrade(sa.make_url(empty_store_url), target="0001")
    _seed_revision_0001(empty_store_url)
    db = Database.open(empty_store_url, backup_dir=tmp_path / "pre", clock=clock)
    try:
        assert db.revision() == "0002"
        with db.session(write=False) as uow:
            visits = uow.visits.for_day(date(2026, 11, 1))
            assert [(v.source, v.needs_recheck) for v in visits] == [
                (EligibilitySource.CARD, False),
                (EligibilitySource.CACHED, True),
                (EligibilitySource.SELF_DECLARATION, True),
            ]
            assert uow.patients.get(1).kana_key == "やまだ"
            assert uow.audit.verify().ok
            migration = uow.audit.latest(1)[0]
            assert migration.event == "migration"
            assert migration.detail["from_revision"] == "0001"
            assert migration.detail["to_revision"] == "0002"
        assert db.last_migration is not None and db.last_migration.changed
        with db.session() as uow:  # new columns and tables work
            appointment = uow.appointments.add(1, datetime(2026, 12, 1, 9, 0))
            visit = uow.visits.check_in(
                1, source=EligibilitySource.CARD, appointment_id=appointment.id
            )
            assert visit.appointment_id == appointment.id
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM audit_log")
    finally:
        db.close()
    copies = sorted((tmp_path / "pre").glob("*.sqlite3")) if backend == "sqlite" else []
    if backend == "sqlite":
        assert len(copies) == 1 and "before-0002-from-0001" in copies[0].name
        assert (copies[0].stat().st_mode & 0o777) == 0o600
        with sqlite3.connect(copies[0]) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert old.execute("SELECT COUNT(*) FROM visits").fetchone() == (3,)
        old.close()


def test_downgrade_and_upgrade_again(empty_store_url: str) -> None:
    from alembic import command

    url = sa.make_url(empty_store_url)
    migrate.upgrade(url)
    from clinic_app.store.engine import create_store_engine

    engine = create_store_engine(url, foreign_keys=False)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    migrate.upgrade(url)
    engine = create_store_engine(url)
    assert migrate.current_revision(engine) == "0002"
    engine.dispose()


def test_sqlite_connection_settings_and_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "profile" / "madoguchi.sqlite3"
    db = Database.open(f"sqlite:///{path}")
    try:
        with db.session(write=False) as uow:
            conn = uow.connection
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        db.close()
    if os.name == "posix":
        assert (path.stat().st_mode & 0o777) == 0o600
        assert (path.parent.stat().st_mode & 0o777) == 0o700


def test_failed_migration_rolls_back_and_keeps_the_copy(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(sa.make_url(url), target="0001")
    with sqlite3.connect(
        path
    ) as conn:  # a dangling reference, as a crashed old version might leave
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(
            "INSERT INTO visits (patient_id, visit_date, queue_number, checked_in_at, status, "
            "source) VALUES (77, '2026-11-01', 1, '2026-11-01 09:00:00', 'waiting', 'card')"
        )
    conn.close()
    with pytest.raises(MigrationFailed, match="broken references"):
        Database.open(url, backup_dir=tmp_path / "pre")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT COUNT(*) FROM visits").fetchone() == (1,)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(visits)")}
    conn.close()
    assert "needs_recheck" not in columns
    assert len(list((tmp_path / "pre").glob("*.sqlite3"))) == 1
