"""Retention purge per kind of data; the audit chain stays verifiable; the purge is audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.patient import Sex
from clinic_app.store import AuditEvent, Database, EligibilitySource, RetentionPolicy
from clinic_app.store.retention import purge
from tests.helpers.store_fixtures import MutableClock
from tests.helpers.store_samples import checkup_items, eligibility_result, medication_lines


def test_purge_removes_only_what_is_past_its_period(db: Database, clock: MutableClock) -> None:
    start = clock.now
    with db.session() as uow:
        old = uow.patients.add(name="古", kana="ﾌﾙ", birthdate=date(1950, 1, 1), sex=Sex.MALE).id
        new = uow.patients.add(name="新", kana="ｼﾝ", birthdate=date(1990, 1, 1), sex=Sex.MALE).id
        uow.histories.replace_medication(old, medication_lines(3))
        uow.histories.replace_checkups(old, checkup_items())
        check = uow.eligibility.record(
            source=EligibilitySource.CARD, result=eligibility_result(), patient_id=old
        )
        uow.visits.check_in(old, source=EligibilitySource.CARD, check_id=check.id)
        uow.consents.record(old, Consent.given(ConsentItem.MEDICATION, True, start))
        uow.audit.append(AuditEvent.CHECK_IN, patient_id=old, detail={"visit_id": 1})
    clock.advance(days=100)
    with db.session() as uow:  # fetched recently: kept
        uow.histories.replace_medication(new, medication_lines(2))
        uow.visits.check_in(new, source=EligibilitySource.CARD)
        uow.audit.append(AuditEvent.CHECK_IN, patient_id=new, detail={"visit_id": 2})

    report = purge(db, RetentionPolicy(), staff_id=None)
    assert report.cutoff_histories == clock.now - timedelta(days=90)
    assert report.removed["medication_lines"] == 3
    assert report.removed["checkup_items"] == 3
    assert report.removed["visits"] == 0 and report.removed["audit_log"] == 0
    with db.session(write=False) as uow:
        assert uow.histories.medication(old) == [] and uow.histories.checkups(old) == []
        assert len(uow.histories.medication(new)) == 2
        assert len(uow.visits.for_patient(old)) == 1
        last = uow.audit.latest(1)[0]
    assert last.event == "purge" and last.detail["medication_lines"] == 3

    clock.advance(days=5 * 365 - 50)  # the first visit and audit rows are now 5 years old
    report = purge(db)
    assert report.removed["visits"] == 1
    assert report.removed["eligibility_checks"] == 1
    assert report.removed["consents"] == 1
    assert report.removed["audit_log"] == 1
    with db.session(write=False) as uow:
        verdict = uow.audit.verify()
        remaining = uow.audit.entries()
        assert uow.visits.for_patient(old) == []
        assert len(uow.visits.for_patient(new)) == 1
    assert verdict.ok, verdict
    assert remaining[0].seq == 2  # the chain continues from the anchor
    # Appends after a purge still chain, and a later full purge keeps the chain valid too.
    clock.advance(days=10 * 365)
    report = purge(db)
    db.run(lambda uow: uow.audit.append(AuditEvent.LOGIN, staff_id=1))
    with db.session(write=False) as uow:
        assert uow.audit.verify().ok
        assert [e.event for e in uow.audit.entries()] == ["purge", "login"]


def test_shorter_policy_and_tampering_after_a_purge(db: Database, clock: MutableClock) -> None:
    for _ in range(5):
        clock.advance(days=1)
        db.run(lambda uow: uow.audit.append(AuditEvent.LOGIN, staff_id=1))
    purge(db, RetentionPolicy(audit=timedelta(days=2, hours=12)))
    with db.session(write=False) as uow:
        assert [e.seq for e in uow.audit.entries()] == [3, 4, 5, 6]  # 6: the purge row
    from clinic_app.store.audit_chain import drop_guards

    with db.engine.begin() as conn:
        drop_guards(conn, "audit_log")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 4")
    with db.session(write=False) as uow:
        verdict = uow.audit.verify()
    assert (verdict.ok, verdict.first_bad_seq) == (False, 5)


@pytest.mark.parametrize("days", [0, 30])
def test_policy_is_a_parameter(db: Database, clock: MutableClock, days: int) -> None:
    with db.session() as uow:
        patient = uow.patients.add(name="x", kana="ｴｯｸｽ", birthdate=date(1990, 1, 1), sex=Sex.MALE)
        uow.histories.replace_medication(patient.id, medication_lines(1))
    clock.advance(days=10)
    report = purge(db, RetentionPolicy(histories=timedelta(days=days)))
    assert report.removed["medication_lines"] == (1 if days == 0 else 0)
