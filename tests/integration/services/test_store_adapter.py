"""The services' ports over the real store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.patient import Sex
from clinic_app.services.ports import (
    EstablishedBy,
    NewPatient,
    NewVisit,
    PatientSearch,
    Role,
    VisitStatus,
)
from clinic_app.services.queue import QueueService
from clinic_app.services.store_adapter import (
    ESTABLISHED_BY,
    SOURCE_OF,
    UnknownPatient,
    store_repositories,
)
from clinic_app.store import Database, EligibilitySource, StaffRole
from tests.helpers.services_fakes import record, result

NUMBERS = InsuranceNumbers.parse("06139992", "1", "2", "00")


def test_every_way_of_establishing_eligibility_maps_both_ways():
    assert set(SOURCE_OF) == set(EstablishedBy)
    assert set(ESTABLISHED_BY) == set(EligibilitySource)


def test_patients_checks_visits_staff_and_audit(db: Database, clock) -> None:
    repos = store_repositories(db)
    taro = repos.patients.add(NewPatient("山田 太郎", "ヤマダ タロウ", date(1980, 4, 1), Sex.MALE))
    assert taro.patient_id == "000001"  # the clinic's patient number
    assert repos.patients.get("000001") == taro and repos.patients.get("999") is None
    found = repos.patients.search(PatientSearch(kana_prefix="やまだ"))
    assert [p.patient_id for p in found] == ["000001"]
    by_date = repos.patients.search(
        PatientSearch(birthdate_from=date(1980, 1, 1), birthdate_to=date(1980, 12, 31))
    )
    assert [p.patient_id for p in by_date] == ["000001"]
    assert repos.patients.search(PatientSearch(patient_id="000001")) == [taro]

    answer = result(records=[record(name="山田 ●郎")])
    check = repos.eligibility.save_check(
        patient_id=None,
        checked_at=clock(),
        established_by=EstablishedBy.CARD_PIN,
        result=answer,
    )
    assert check.patient_id is None and check.result == answer
    repos.eligibility.attach_patient(check.check_id, "000001")
    given = [Consent.given(ConsentItem.MEDICATION, True, clock())]
    repos.eligibility.record_consents("000001", given, check_id=check.check_id)
    known = repos.eligibility.last_known("000001")
    assert known is not None and known.check_id == check.check_id
    assert known.established_by is EstablishedBy.CARD_PIN and known.patient_id == "000001"
    with db.session(write=False) as uow:
        stored = uow.patients.by_number("000001")
        assert stored.received_name == "山田 ●郎" and stored.name == "山田 太郎"
        assert uow.insurance.current(stored.id) is not None
        assert set(uow.consents.current(stored.id)) == {ConsentItem.MEDICATION}
    with pytest.raises(UnknownPatient):
        repos.eligibility.record_consents("404", given, check_id=None)

    staff_id = str(
        db.run(lambda uow: uow.staff.add("uketsuke", "desk-password-1", StaffRole.RECEPTION)).id
    )
    assert repos.staff.authenticate("uketsuke", "wrong") is None
    me = repos.staff.authenticate("uketsuke", "desk-password-1")
    assert me is not None and (me.staff_id, me.role) == (staff_id, Role.RECEPTION)
    repos.staff.logout(staff_id)

    queue = QueueService(repos.visits, repos.patients, repos.audit, clock, staff_id=staff_id)
    fallback = repos.eligibility.save_check(
        patient_id="000001",
        checked_at=clock(),
        established_by=EstablishedBy.SELF_DECLARATION,
        result=None,
        numbers=NUMBERS,
    )
    attempt = queue.check_in(
        NewVisit(
            "000001",
            clock(),
            EstablishedBy.SELF_DECLARATION,
            fallback.check_id,
            True,
            "service_down",
            staff_id,
            NUMBERS,
        )
    )
    visit = attempt.visit
    assert visit is not None and visit.needs_recheck and visit.numbers == NUMBERS
    assert visit.patient_id == "000001" and visit.reason == "service_down"
    assert repos.visits.get(visit.visit_id) == visit and repos.visits.get("x") is None
    assert (
        queue.check_in(
            NewVisit("000001", clock(), EstablishedBy.CARD_PIN, None, False)
        ).duplicate_of
        == visit
    )
    assert [e.patient.patient_id for e in queue.entries(clock().date())] == ["000001"]
    moved = queue.set_status(visit.visit_id, VisitStatus.IN_CONSULTATION)
    assert moved.status is VisitStatus.IN_CONSULTATION
    assert [v.visit_id for v in repos.visits.pending_rechecks()] == [visit.visit_id]
    redone = repos.visits.mark_rechecked(visit.visit_id, check.check_id)
    assert not redone.needs_recheck and redone.check_id == check.check_id
    assert repos.visits.pending_rechecks() == []

    with db.session(write=False) as uow:
        events = [(e.event, e.patient_id) for e in uow.audit.entries()]
        assert uow.audit.verify().ok
    key = stored.id
    assert ("visit_created", key) in events and ("visit_status", key) in events
    names = {event for event, _ in events}
    assert {"login_failed", "login", "logout"} <= names


def test_audit_detail_stays_ids_and_codes(db: Database) -> None:
    repos = store_repositories(db)
    repos.audit.append("card_read", staff_id=None, patient_id=None, detail={"outcome": "ok"})
    with pytest.raises(Exception, match="id or code"):
        repos.audit.append("consent", staff_id=None, patient_id=None, detail={"name": "山田 太郎"})
    with db.session(write=False) as uow:
        assert [e.event for e in uow.audit.entries()] == ["card_read"]
