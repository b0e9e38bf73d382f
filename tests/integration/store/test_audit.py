"""The audit log: append-only in the database, and a chain that catches tampering
even when the guards are dropped and rows edited directly."""

from __future__ import annotations

import io
import itertools

import pytest
import sqlalchemy as sa

from clinic_app.cli import store as cli
from clinic_app.store import AuditEvent, Database, InvalidAuditDetail
from clinic_app.store.audit_chain import drop_guards
from clinic_app.store.schema import audit_log
from tests.helpers.store_fixtures import MutableClock, PgServer


@pytest.fixture
def filled(db: Database, clock: MutableClock) -> Database:
    for index in range(1, 7):
        clock.advance(minutes=1)
        db.run(
            lambda uow, i=index: uow.audit.append(
                AuditEvent.CHECK_IN, staff_id=1, patient_id=100 + i, detail={"visit_id": i}
            )
        )
    return db


def raw(db: Database, statement: str) -> None:
    """Tamper the way someone with the file would: guards dropped, SQL straight in."""
    with db.engine.begin() as conn:
        drop_guards(conn, "audit_log")
        conn.exec_driver_sql(statement)


def verdict(db: Database) -> tuple[bool, int | None, str | None]:
    with db.session(write=False) as uow:
        result = uow.audit.verify()
    return result.ok, result.first_bad_seq, result.problem


def test_append_chains_rows(filled: Database) -> None:
    with filled.session(write=False) as uow:
        rows = uow.audit.entries()
        check = uow.audit.verify()
        assert [e.seq for e in uow.audit.latest(2)] == [6, 5]
        assert [e.seq for e in uow.audit.entries(after_seq=4)] == [5, 6]
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
    assert all(b.prev_hash == a.row_hash for a, b in itertools.pairwise(rows))
    assert check.ok and check.rows_checked == 6 and check.head_hash == rows[-1].row_hash
    assert rows[0].event == "check_in" and rows[0].detail == {"visit_id": 1}


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET event = 'x'", "DELETE FROM audit_log WHERE seq = 2"],
)
def test_database_refuses_update_and_delete(filled: Database, statement: str) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), filled.engine.begin() as conn:
        conn.exec_driver_sql(statement)
    assert verdict(filled) == (True, None, None)


def test_database_refuses_changes_to_purge_anchors(filled: Database) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), filled.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_anchors (through_seq, through_hash, created_at) "
            "VALUES (1, 'x', CURRENT_TIMESTAMP)"
        )
        conn.exec_driver_sql("DELETE FROM audit_anchors")


@pytest.mark.integration
def test_postgresql_refuses_truncate(pg_server: PgServer) -> None:
    name = pg_server.create(template=pg_server.template)
    db = Database.open(pg_server.url_for(name).render_as_string(hide_password=False))
    try:
        db.run(lambda uow: uow.audit.append(AuditEvent.LOGIN, staff_id=1))
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE audit_log")
        with db.session(write=False) as uow:
            assert uow.audit.verify().rows_checked == 1
    finally:
        db.close()
        pg_server.drop(name)


def test_edited_row_is_named(filled: Database) -> None:
    raw(filled, "UPDATE audit_log SET patient_id = 999 WHERE seq = 4")
    assert verdict(filled) == (False, 4, "row content changed")


def test_edit_with_recomputed_own_hash_breaks_the_next_link(filled: Database) -> None:
    from clinic_app.store.audit_chain import row_hash

    with filled.session(write=False) as uow:
        row = uow.audit.entries()[2]
    forged = row_hash(
        prev_hash=row.prev_hash,
        seq=row.seq,
        occurred_at=row.occurred_at,
        event="logout",
        staff_id=row.staff_id,
        patient_id=row.patient_id,
        detail='{"visit_id":3}',
    )
    raw(filled, f"UPDATE audit_log SET event = 'logout', row_hash = '{forged}' WHERE seq = 3")
    assert verdict(filled)[:2] == (False, 4)


def test_deleted_row_is_detected(filled: Database) -> None:
    raw(filled, "DELETE FROM audit_log WHERE seq = 3")
    assert verdict(filled) == (False, 4, "rows missing before this row")


def test_deleted_first_row_is_detected(filled: Database) -> None:
    raw(filled, "DELETE FROM audit_log WHERE seq = 1")
    assert verdict(filled)[:2] == (False, 2)


def test_inserted_row_is_detected(filled: Database) -> None:
    # Make room after row 2 and slip a plausible row in, chained to row 2.
    with filled.session(write=False) as uow:
        second = uow.audit.entries()[1]
    raw(filled, "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3")
    raw(filled, "UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103")
    with filled.engine.begin() as conn:
        conn.execute(
            audit_log.insert().values(
                seq=3,
                occurred_at=second.occurred_at,
                event="export",
                staff_id=1,
                patient_id=None,
                detail="{}",
                prev_hash=second.row_hash,
                row_hash="0" * 64,
            )
        )
    ok, first_bad, _problem = verdict(filled)
    assert (ok, first_bad) == (False, 3)


def test_reordered_rows_are_detected(filled: Database) -> None:
    raw(filled, "UPDATE audit_log SET seq = 1000 WHERE seq = 2")
    raw(filled, "UPDATE audit_log SET seq = 2 WHERE seq = 3")
    raw(filled, "UPDATE audit_log SET seq = 3 WHERE seq = 1000")
    assert verdict(filled)[:2] == (False, 2)


def test_forged_purge_anchor_is_detected(filled: Database) -> None:
    with filled.engine.begin() as conn:
        drop_guards(conn, "audit_anchors")
        conn.exec_driver_sql(
            "INSERT INTO audit_anchors (through_seq, through_hash, created_at) "
            f"VALUES (3, '{'a' * 64}', CURRENT_TIMESTAMP)"
        )
    assert verdict(filled)[:2] == (False, 1)


def test_cli_verify_names_the_first_bad_row(filled: Database, store_url: str) -> None:
    out = io.StringIO()
    assert cli.main(["audit", "verify", "--db", store_url], stdout=out) == cli.EXIT_OK
    assert "audit chain OK: 6 rows" in out.getvalue()
    raw(filled, "UPDATE audit_log SET detail = '{\"visit_id\":42}' WHERE seq = 5")
    out = io.StringIO()
    assert cli.main(["audit", "verify", "--db", store_url], stdout=out) == cli.EXIT_AUDIT_BROKEN
    assert "BROKEN at row 5: row content changed" in out.getvalue()


def test_detail_with_a_name_is_refused_and_nothing_written(db: Database) -> None:
    with pytest.raises(InvalidAuditDetail):
        db.run(lambda uow: uow.audit.append(AuditEvent.EXPORT, detail={"patient": "山田太郎"}))
    with db.session(write=False) as uow:
        assert uow.audit.entries() == []


def test_rows_cut_off_the_end_are_caught_with_a_noted_head(
    filled: Database, store_url: str
) -> None:
    with filled.session(write=False) as uow:
        head = uow.audit.verify().head_hash
        assert head is not None and uow.audit.verify(expected_head=head).ok
    raw(filled, "DELETE FROM audit_log WHERE seq >= 5")
    with filled.session(write=False) as uow:
        assert uow.audit.verify().ok  # the chain alone cannot see a cut at the end
        verdict = uow.audit.verify(expected_head=head)
    assert not verdict.ok and "cut off the end" in (verdict.problem or "")
    out = io.StringIO()
    argv = ["audit", "verify", "--db", store_url, "--expect-head", head]
    assert cli.main(argv, stdout=out) == cli.EXIT_AUDIT_BROKEN
    assert "BROKEN at the end" in out.getvalue()
