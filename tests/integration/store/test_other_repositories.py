"""Insurance records, consents, histories, appointments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.patient import Sex
from clinic_app.store import AppointmentPrecheck, Database, EligibilitySource, NotFound
from tests.helpers.store_fixtures import MutableClock
from tests.helpers.store_samples import (
    NUMBERS,
    checkup_items,
    medication_lines,
    qualification,
)


@pytest.fixture
def patient(db: Database) -> int:
    with db.session() as uow:
        return uow.patients.add(
            name="德永 ●子", kana="ﾄｸﾅｶﾞ ﾖｳｺ", birthdate=date(1951, 4, 3), sex=Sex.FEMALE
        ).id


def test_insurance_from_a_result_keeps_benefit_details(
    db: Database, patient: int, clock: MutableClock
) -> None:
    record = qualification()
    with db.session() as uow:
        typed = uow.insurance.add(
            patient, NUMBERS, source=EligibilitySource.NUMBERS, copay_percent=30
        )
        clock.advance(minutes=1)
        learned = uow.insurance.add_from_result(patient, record, source=EligibilitySource.CARD)
    with db.session(write=False) as uow:
        current = uow.insurance.current(patient)
        everything = uow.insurance.for_patient(patient)
        assert uow.insurance.current(patient + 1000) is None
        with pytest.raises(NotFound):
            uow.insurance.get(55555)
    assert current == learned
    assert [r.id for r in everything] == [learned.id, typed.id]
    assert learned.numbers.insurer_number == "39139998"
    assert learned.card_classification == "06"
    assert learned.elderly == record.elderly
    assert learned.high_cost_limit == record.high_cost_limit
    assert learned.specific_diseases == record.specific_diseases
    assert (learned.valid_until, learned.copay_percent) == (date(2026, 7, 31), 10)
    assert typed.numbers == NUMBERS and typed.elderly is None and typed.specific_diseases == ()


def test_consents_newest_per_item(db: Database, patient: int, clock: MutableClock) -> None:
    first = clock.now
    with db.session() as uow:
        uow.consents.record_all(
            patient,
            [
                Consent.given(ConsentItem.MEDICATION, True, first),
                Consent.given(ConsentItem.CHECKUP, False, first),
            ],
        )
    clock.advance(days=2)
    aware = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)
    with db.session() as uow:
        uow.consents.record(patient, Consent.given(ConsentItem.CHECKUP, True, aware))
    with db.session(write=False) as uow:
        current = uow.consents.current(patient)
        history = uow.consents.history(patient)
    assert len(history) == 3
    assert current[ConsentItem.MEDICATION].as_consent() == Consent.given(
        ConsentItem.MEDICATION, True, first
    )
    checkup = current[ConsentItem.CHECKUP]
    assert checkup.agreed and checkup.consent_time == aware.astimezone().replace(tzinfo=None)
    assert checkup.available_until == checkup.consent_time + timedelta(hours=24)
    assert not current[ConsentItem.MEDICATION].as_consent().allows_fetch(clock.now)


def test_histories_replaced_per_fetch(db: Database, patient: int, clock: MutableClock) -> None:
    with db.session() as uow:
        assert uow.histories.replace_medication(patient, medication_lines(3)) == 3
        assert uow.histories.replace_checkups(patient, checkup_items()) == 3
    first_fetch = clock.now
    clock.advance(days=10)
    with db.session() as uow:
        uow.histories.replace_medication(patient, medication_lines(2))
    with db.session(write=False) as uow:
        lines = uow.histories.medication(patient)
        items = uow.histories.checkups(patient)
        med_at = uow.histories.medication_fetched_at(patient)
        chk_at = uow.histories.checkups_fetched_at(patient)
        assert uow.histories.medication(patient + 1000) == []
        assert uow.histories.medication_fetched_at(patient + 1000) is None
    assert [ln.line for ln in lines] == list(reversed(medication_lines(2)))  # newest first
    assert {ln.fetched_at for ln in lines} == {clock.now}
    assert [it.item for it in items] == checkup_items()  # newest checkup first, by code
    assert (med_at, chk_at) == (clock.now, first_fetch)


def test_appointments_and_precheck(db: Database, patient: int) -> None:
    with db.session() as uow:
        morning = uow.appointments.add(patient, datetime(2026, 12, 1, 9, 30))
        evening = uow.appointments.add(patient, datetime(2026, 12, 1, 17, 0))
        uow.appointments.add(patient, datetime(2026, 12, 2, 9, 0))
        check = uow.eligibility.record(
            source=EligibilitySource.NUMBERS, result=None, error_code="x"
        )
        done = uow.appointments.set_precheck(
            morning.id, AppointmentPrecheck.VALID, check_id=check.id
        )
        uow.appointments.cancel(evening.id)
    with db.session(write=False) as uow:
        day = uow.appointments.for_day(date(2026, 12, 1))
        all_day = uow.appointments.for_day(date(2026, 12, 1), include_cancelled=True)
    assert [a.id for a in day] == [morning.id]
    assert len(all_day) == 2
    assert morning.precheck is AppointmentPrecheck.PENDING
    assert (done.precheck, done.precheck_check_id) == (AppointmentPrecheck.VALID, check.id)
    with pytest.raises(NotFound), db.session() as uow:
        uow.appointments.cancel(31337)
