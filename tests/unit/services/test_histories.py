"""History service: doctors only, every access audited, consent gates a new fetch only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.errors import KnownError
from clinic_app.core.history import CheckupHistory, MedicationHistory
from clinic_app.core.insurance import InsuranceNumbers, with_check_digit
from clinic_app.core.patient import Sex
from clinic_app.services.histories import (
    ConsentExpired,
    ExportFormat,
    HistoryAccessDenied,
    HistoryKind,
    HistoryService,
    NoInsuranceOnFile,
    PatientSummary,
)
from tests.helpers.history_fakes import (
    ADMIN,
    DOCTOR,
    RECEPTIONIST,
    FakeAudit,
    FakeFetcher,
    FakeHistoryStore,
    FakeStaff,
    sample_checkups,
    sample_medication,
)

NOW = datetime(2025, 9, 1, 10, 0)
PATIENT = 42
NUMBERS = InsuranceNumbers.parse(with_check_digit("0613999"), "記号", "12345", "01")
BIRTH = date(1960, 4, 1)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store() -> FakeHistoryStore:
    store = FakeHistoryStore()
    store.medication[PATIENT] = (
        NOW - timedelta(hours=2),
        tuple(sample_medication(as_of=NOW.date())),
    )
    store.checkups[PATIENT] = (NOW - timedelta(hours=2), tuple(sample_checkups(as_of=NOW.date())))
    store.keys[PATIENT] = (NUMBERS, BIRTH)
    store.sexes[PATIENT] = Sex.MALE
    consent_time = NOW - timedelta(hours=2)
    for item in (ConsentItem.MEDICATION, ConsentItem.CHECKUP):
        store.consents[(PATIENT, item)] = Consent.given(item, True, consent_time)
    return store


@pytest.fixture
def audit() -> FakeAudit:
    return FakeAudit()


@pytest.fixture
def fetcher() -> FakeFetcher:
    medication = sample_medication(as_of=NOW.date(), seed=9)[:50]
    return FakeFetcher(
        medication=MedicationHistory("m1", tuple(medication)),
        checkups=CheckupHistory("c1", tuple(sample_checkups(as_of=NOW.date(), count=2))),
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def service(
    store: FakeHistoryStore, fetcher: FakeFetcher, audit: FakeAudit, clock: Clock
) -> HistoryService:
    return HistoryService(store, fetcher, audit, clock=clock)


# --- role ------------------------------------------------------------------------------


@pytest.mark.parametrize("staff", [RECEPTIONIST, ADMIN], ids=["reception", "admin"])
def test_non_doctors_are_refused_and_the_attempt_is_audited(
    service: HistoryService, audit: FakeAudit, staff: FakeStaff
) -> None:
    with pytest.raises(HistoryAccessDenied) as raised:
        service.open(staff, PATIENT)
    assert raised.value.code == "history_access_denied"
    assert "doctors" in raised.value.message
    assert len(audit.rows) == 1
    row = audit.rows[0]
    assert row.event == "history_view"
    assert row.staff_id == staff.id
    assert row.patient_id == PATIENT
    assert row.detail["outcome"] == "refused"
    assert row.detail["role"] == staff.role.value


def test_non_doctors_cannot_fetch_or_export_either(
    service: HistoryService, audit: FakeAudit, fetcher: FakeFetcher
) -> None:
    with pytest.raises(HistoryAccessDenied):
        service.fetch(RECEPTIONIST, PATIENT, HistoryKind.MEDICATION)
    with pytest.raises(HistoryAccessDenied):
        service.record_export(
            RECEPTIONIST,
            PATIENT,
            HistoryKind.MEDICATION,
            ExportFormat.PDF,
            rows=3,
        )
    assert fetcher.calls == []
    assert [(r.event, r.detail["outcome"], r.detail["action"]) for r in audit.rows] == [
        ("history_fetch", "refused", "fetch"),
        ("export", "refused", "export"),
    ]


def test_todays_patients_for_doctors_only(service: HistoryService, store: FakeHistoryStore) -> None:
    store.visits.append(
        PatientSummary(
            PATIENT, "000042", "山田 太郎", "ヤマダ タロウ", BIRTH, Sex.MALE, 1, NOW, "waiting"
        )
    )
    assert [p.patient_id for p in service.todays_patients(DOCTOR, NOW.date())] == [PATIENT]
    assert service.todays_patients(DOCTOR, NOW.date() + timedelta(days=1)) == []
    with pytest.raises(HistoryAccessDenied):
        service.todays_patients(RECEPTIONIST, NOW.date())
    assert service.can_view(DOCTOR)
    assert not service.can_view(ADMIN)


# --- open ------------------------------------------------------------------------------


def test_doctor_opens_and_the_view_is_audited(
    service: HistoryService, audit: FakeAudit, store: FakeHistoryStore
) -> None:
    histories = service.open(DOCTOR, PATIENT)
    assert histories.medication == store.medication[PATIENT][1]
    assert histories.checkups == store.checkups[PATIENT][1]
    assert histories.medication_fetched_at == NOW - timedelta(hours=2)
    assert histories.sex is Sex.MALE
    consent = histories.consent(HistoryKind.MEDICATION)
    assert consent.allows_fetch
    assert consent.available_until == NOW + timedelta(hours=22)
    assert [(r.event, r.staff_id, r.patient_id) for r in audit.rows] == [
        ("history_view", DOCTOR.id, PATIENT)
    ]
    assert audit.rows[0].detail == {
        "outcome": "ok",
        "medication_lines": len(histories.medication),
        "checkup_items": len(histories.checkups),
    }


def test_open_a_patient_with_nothing_stored(service: HistoryService, audit: FakeAudit) -> None:
    histories = service.open(DOCTOR, 999)
    assert histories.medication == ()
    assert histories.checkups == ()
    assert histories.fetched_at(HistoryKind.CHECKUP) is None
    assert not histories.consent(HistoryKind.CHECKUP).allows_fetch
    assert not histories.consent(HistoryKind.CHECKUP).agreed
    assert audit.rows[0].detail["medication_lines"] == 0


# --- consent and retention -------------------------------------------------------------


def test_expired_consent_blocks_fetch_but_the_stored_copy_stays_readable(
    service: HistoryService,
    audit: FakeAudit,
    fetcher: FakeFetcher,
    clock: Clock,
    store: FakeHistoryStore,
) -> None:
    clock.now = NOW + timedelta(hours=22)  # exactly 24 h after consent: window closed
    with pytest.raises(ConsentExpired) as raised:
        service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    assert raised.value.kind is HistoryKind.MEDICATION
    assert fetcher.calls == []
    assert audit.rows[-1].event == "history_fetch"
    assert audit.rows[-1].detail == {
        "kind": "medication",
        "outcome": "refused",
        "reason": "consent",
    }

    histories = service.open(DOCTOR, PATIENT)
    assert len(histories.medication) == len(store.medication[PATIENT][1]) > 0
    assert not histories.medication_consent.allows_fetch
    assert histories.medication_consent.agreed

    store.purge_histories(PATIENT)  # retention removes it; only then is it gone
    assert service.open(DOCTOR, PATIENT).medication == ()


def test_fetch_allowed_one_second_before_expiry(
    service: HistoryService, clock: Clock, fetcher: FakeFetcher
) -> None:
    clock.now = NOW + timedelta(hours=22) - timedelta(seconds=1)
    service.fetch(DOCTOR, PATIENT, HistoryKind.CHECKUP)
    assert [call[0] for call in fetcher.calls] == ["checkup"]


@pytest.mark.parametrize(
    "consent",
    [None, Consent.given(ConsentItem.MEDICATION, False, NOW - timedelta(minutes=5))],
    ids=["never-asked", "refused"],
)
def test_no_or_refused_consent_blocks_fetch(
    service: HistoryService, store: FakeHistoryStore, consent: Consent | None
) -> None:
    if consent is None:
        del store.consents[(PATIENT, ConsentItem.MEDICATION)]
    else:
        store.consents[(PATIENT, ConsentItem.MEDICATION)] = consent
    with pytest.raises(ConsentExpired):
        service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)


def test_consent_items_are_independent(
    service: HistoryService, store: FakeHistoryStore, fetcher: FakeFetcher
) -> None:
    store.consents[(PATIENT, ConsentItem.MEDICATION)] = Consent.given(
        ConsentItem.MEDICATION, True, NOW - timedelta(days=2)
    )
    service.fetch(DOCTOR, PATIENT, HistoryKind.CHECKUP)
    with pytest.raises(ConsentExpired):
        service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    assert [call[0] for call in fetcher.calls] == ["checkup"]


# --- fetch -----------------------------------------------------------------------------


def test_fetch_replaces_the_stored_copy_and_is_audited(
    service: HistoryService,
    store: FakeHistoryStore,
    fetcher: FakeFetcher,
    audit: FakeAudit,
    clock: Clock,
) -> None:
    clock.now = NOW + timedelta(minutes=1)
    outcome = service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    assert outcome.count == 50
    assert outcome.fetched_at == clock.now
    assert store.medication[PATIENT] == (clock.now, fetcher.medication.lines)
    assert fetcher.calls == [("medication", NUMBERS, BIRTH)]
    assert audit.rows[-1].event == "history_fetch"
    assert (audit.rows[-1].staff_id, audit.rows[-1].patient_id) == (DOCTOR.id, PATIENT)
    assert audit.rows[-1].detail == {"kind": "medication", "outcome": "ok", "count": 50}

    service.fetch(DOCTOR, PATIENT, HistoryKind.CHECKUP)
    assert store.checkups[PATIENT][1] == fetcher.checkups.items


def test_failed_fetch_keeps_the_stored_copy_and_is_audited_with_the_code(
    service: HistoryService, store: FakeHistoryStore, fetcher: FakeFetcher, audit: FakeAudit
) -> None:
    before = store.medication[PATIENT]
    fetcher.error = KnownError("service down", code="service_timeout")
    with pytest.raises(KnownError):
        service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    assert store.medication[PATIENT] == before
    assert audit.rows[-1].detail == {
        "kind": "medication",
        "outcome": "failed",
        "error": "service_timeout",
    }

    fetcher.error = RuntimeError("a bug")
    with pytest.raises(RuntimeError):
        service.fetch(DOCTOR, PATIENT, HistoryKind.CHECKUP)
    assert audit.rows[-1].detail["error"] == "bug"


def test_fetch_without_insurance_numbers(
    service: HistoryService, store: FakeHistoryStore, audit: FakeAudit
) -> None:
    del store.keys[PATIENT]
    with pytest.raises(NoInsuranceOnFile):
        service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    assert audit.rows[-1].detail["reason"] == "no_insurance"


def test_fetch_without_a_configured_service(
    store: FakeHistoryStore, audit: FakeAudit, clock: Clock
) -> None:
    service = HistoryService(store, None, audit, clock=clock)
    with pytest.raises(KnownError) as raised:
        service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    assert raised.value.code == "service_unconfigured"
    assert audit.rows[-1].detail["reason"] == "no_service"


# --- export ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_is_audited(service: HistoryService, audit: FakeAudit, fmt: ExportFormat) -> None:
    service.record_export(DOCTOR, PATIENT, HistoryKind.MEDICATION, fmt, rows=12)
    assert audit.rows == [audit.rows[0]]
    row = audit.rows[0]
    assert (row.event, row.staff_id, row.patient_id) == ("export", DOCTOR.id, PATIENT)
    assert row.detail == {"outcome": "ok", "kind": "medication", "format": fmt.value, "rows": 12}


def test_audit_detail_never_carries_patient_data(
    service: HistoryService, audit: FakeAudit, fetcher: FakeFetcher
) -> None:
    service.open(DOCTOR, PATIENT)
    service.fetch(DOCTOR, PATIENT, HistoryKind.MEDICATION)
    service.record_export(DOCTOR, PATIENT, HistoryKind.MEDICATION, ExportFormat.PDF, rows=1)
    for row in audit.rows:
        for value in row.detail.values():
            assert value is None or isinstance(value, int | bool) or str(value).isascii()


def test_find_patient_by_number(
    service: HistoryService, store: FakeHistoryStore, audit: FakeAudit
) -> None:
    store.visits.append(
        PatientSummary(
            PATIENT, "000042", "山田 太郎", "ヤマダ タロウ", BIRTH, Sex.MALE, 1, NOW, "waiting"
        )
    )
    found = service.find_patient(DOCTOR, "000042")
    assert found is not None and found.patient_id == PATIENT
    assert service.find_patient(DOCTOR, "999999") is None
    assert audit.rows == []  # a lookup shows no history
    with pytest.raises(HistoryAccessDenied):
        service.find_patient(RECEPTIONIST, "000042")
    assert [(r.event, r.patient_id, r.detail["outcome"]) for r in audit.rows] == [
        ("history_view", PATIENT, "refused")
    ]
