"""Visits, eligibility checks, offline semantics (last known eligibility, re-check queue)."""

from __future__ import annotations

import zlib
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from clinic_app.core.patient import Sex
from clinic_app.store import Database, EligibilitySource, NotFound, VisitStatus
from clinic_app.store.schema import eligibility_checks
from tests.helpers.store_fixtures import MutableClock
from tests.helpers.store_samples import NUMBERS, eligibility_result


def add_patient(db: Database, kana: str = "ﾃｽﾄ") -> int:
    with db.session() as uow:
        return uow.patients.add(
            name="テスト", kana=kana, birthdate=date(1970, 1, 1), sex=Sex.MALE
        ).id


def test_check_in_numbers_the_queue_per_day(db: Database, clock: MutableClock) -> None:
    patient = add_patient(db)
    with db.session() as uow:
        first = uow.visits.check_in(patient, source=EligibilitySource.CARD)
        clock.advance(minutes=5)
        second = uow.visits.check_in(patient, source=EligibilitySource.NUMBERS, numbers=NUMBERS)
    clock.advance(days=1)
    tomorrow = db.run(lambda uow: uow.visits.check_in(patient, source=EligibilitySource.CARD))
    assert (first.queue_number, second.queue_number, tomorrow.queue_number) == (1, 2, 1)
    assert first.visit_date == date(2026, 11, 30) and tomorrow.visit_date == date(2026, 12, 1)
    assert second.numbers == NUMBERS
    assert first.status is VisitStatus.WAITING


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (EligibilitySource.CARD, False),
        (EligibilitySource.CARD_VISUAL, False),
        (EligibilitySource.FACE_READER, False),
        (EligibilitySource.NUMBERS, False),
        (EligibilitySource.CERTIFICATE_NOTICE, True),
        (EligibilitySource.SELF_DECLARATION, True),
        (EligibilitySource.CACHED, True),
    ],
)
def test_fallback_visits_join_the_recheck_queue(
    db: Database, source: EligibilitySource, expected: bool
) -> None:
    patient = add_patient(db)
    visit = db.run(
        lambda uow: uow.visits.check_in(patient, source=source, reason="service_unavailable")
    )
    assert visit.needs_recheck is expected
    assert visit.reason == "service_unavailable"
    with db.session(write=False) as uow:
        assert [e.visit.id for e in uow.visits.recheck_queue()] == ([visit.id] if expected else [])


def test_recheck_queue_and_mark_rechecked(db: Database, clock: MutableClock) -> None:
    patient = add_patient(db)
    with db.session() as uow:
        cached = uow.visits.check_in(
            patient, source=EligibilitySource.CACHED, reason="service_down"
        )
        declared = uow.visits.check_in(patient, source=EligibilitySource.SELF_DECLARATION)
        forced = uow.visits.check_in(patient, source=EligibilitySource.CARD, needs_recheck=True)
    with db.session(write=False) as uow:
        queue = uow.visits.recheck_queue()
    assert [e.visit.id for e in queue] == [cached.id, declared.id, forced.id]
    assert queue[0].patient.id == patient
    clock.advance(hours=2)
    with db.session() as uow:
        check = uow.eligibility.record(
            source=EligibilitySource.NUMBERS, result=eligibility_result(), patient_id=patient
        )
        done = uow.visits.mark_rechecked(cached.id, check_id=check.id)
    assert done.rechecked_at == clock.now and done.recheck_check_id == check.id
    with db.session(write=False) as uow:
        assert [e.visit.id for e in uow.visits.recheck_queue()] == [declared.id, forced.id]


def test_queue_with_patients_status_and_cancelled(db: Database) -> None:
    first = add_patient(db, "ｱｲ")
    second = add_patient(db, "ｶｷ")
    with db.session() as uow:
        v1 = uow.visits.check_in(first, source=EligibilitySource.CARD)
        v2 = uow.visits.check_in(second, source=EligibilitySource.CARD)
        uow.visits.set_status(v1.id, VisitStatus.IN_CONSULTATION)
        uow.visits.set_status(v2.id, VisitStatus.CANCELLED)
    with db.session(write=False) as uow:
        queue = uow.visits.queue(date(2026, 11, 30))
        everything = uow.visits.queue(date(2026, 11, 30), include_cancelled=True)
        assert uow.visits.for_day(date(2026, 11, 29)) == []
        assert [v.id for v in uow.visits.for_patient(first)] == [v1.id]
    assert [(e.visit.id, e.visit.status, e.patient.kana) for e in queue] == [
        (v1.id, VisitStatus.IN_CONSULTATION, "ｱｲ")
    ]
    assert len(everything) == 2
    with pytest.raises(NotFound), db.session() as uow:
        uow.visits.set_status(99999, VisitStatus.DONE)


def test_eligibility_check_round_trip_and_raw_reply(db: Database) -> None:
    patient = add_patient(db)
    result = eligibility_result()
    raw = b"<XmlMsg>" + b"x" * 5000 + b"</XmlMsg>"
    with db.session() as uow:
        stored = uow.eligibility.record(
            source=EligibilitySource.CARD,
            result=result,
            patient_id=patient,
            numbers=NUMBERS,
            raw_reply=raw,
        )
        plain = uow.eligibility.record(source=EligibilitySource.NUMBERS, result=result)
    with db.session(write=False) as uow:
        again = uow.eligibility.get(stored.id)
        assert uow.eligibility.raw_reply(stored.id) == raw
        assert uow.eligibility.raw_reply(plain.id) is None
        compressed = uow.connection.execute(
            sa.select(eligibility_checks.c.raw_reply).where(eligibility_checks.c.id == stored.id)
        ).scalar_one()
    assert again.result == result
    assert (again.validity, again.segment_of_result, again.numbers) == ("1", "1", NUMBERS)
    assert again.has_raw_reply and not plain.has_raw_reply
    assert zlib.decompress(compressed) == raw and len(compressed) < len(raw) / 10


def test_last_known_eligibility_with_age(db: Database, clock: MutableClock) -> None:
    patient = add_patient(db)
    with db.session(write=False) as uow:
        assert uow.eligibility.last_known(patient) is None
    with db.session() as uow:
        good = uow.eligibility.record(
            source=EligibilitySource.CARD, result=eligibility_result(), patient_id=patient
        )
    clock.advance(days=3)
    with db.session() as uow:
        # Later attempts without a completed answer do not replace the last known one.
        uow.eligibility.record(
            source=EligibilitySource.CARD,
            result=None,
            patient_id=patient,
            error_code="service_timeout",
        )
        uow.eligibility.record(
            source=EligibilitySource.CARD,
            result=eligibility_result(segment="2"),
            patient_id=patient,
        )
    clock.advance(hours=1)
    with db.session(write=False) as uow:
        last = uow.eligibility.last_known(patient)
        history = uow.eligibility.for_patient(patient)
    assert last is not None and last.check.id == good.id
    assert last.age == timedelta(days=3, hours=1)
    assert [c.error_code for c in history] == [None, "service_timeout", None]


def test_check_attached_to_a_patient_later(db: Database) -> None:
    with db.session() as uow:
        check = uow.eligibility.record(source=EligibilitySource.CARD, result=eligibility_result())
    patient = add_patient(db)
    with db.session() as uow:
        uow.eligibility.attach_patient(check.id, patient)
        assert uow.eligibility.get(check.id).patient_id == patient
        with pytest.raises(NotFound):
            uow.eligibility.attach_patient(98765, patient)
