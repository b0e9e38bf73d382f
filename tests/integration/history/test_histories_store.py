"""The history service over the real store (SQLite file): audit rows, consent, retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.history import CheckupHistory, MedicationHistory
from clinic_app.core.insurance import InsuranceNumbers, with_check_digit
from clinic_app.core.patient import Sex
from clinic_app.services.histories import (
    ConsentExpired,
    ExportFormat,
    HistoryAccessDenied,
    HistoryKind,
    HistoryService,
    StoreHistoryPorts,
)
from clinic_app.store import Database, EligibilitySource, RetentionPolicy, StaffRole
from clinic_app.store.retention import purge
from tests.helpers.history_fakes import FakeFetcher, sample_checkups, sample_medication

NOW = datetime(2025, 9, 1, 9, 30)
NUMBERS = InsuranceNumbers(with_check_digit("0613999"), "記号", "12345", "01")


@dataclass(frozen=True)
class Staff:
    id: int
    role: StaffRole


DOCTOR = Staff(11, StaffRole.DOCTOR)
RECEPTION = Staff(12, StaffRole.RECEPTION)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'desk.sqlite3'}", backup_dir=tmp_path / "bk")


@pytest.fixture
def patient_id(db: Database) -> int:
    with db.session() as uow:
        patient = uow.patients.add(
            name="山田 太郎",
            kana="ﾔﾏﾀﾞ ﾀﾛｳ",
            birthdate=date(1958, 3, 4),
            sex=Sex.MALE,
            at=NOW - timedelta(days=400),
        )
        uow.insurance.add(patient.id, NUMBERS, source=EligibilitySource.CARD, at=NOW)
        uow.visits.check_in(patient.id, source=EligibilitySource.CARD, at=NOW)
        uow.consents.record_all(
            patient.id,
            [
                Consent.given(item, True, NOW - timedelta(hours=1))
                for item in ConsentItem
                if item in (ConsentItem.MEDICATION, ConsentItem.CHECKUP)
            ],
            at=NOW - timedelta(hours=1),
        )
        return patient.id


def test_open_fetch_export_and_refusal_over_the_store(db: Database, patient_id: int) -> None:
    clock = Clock()
    ports = StoreHistoryPorts(db)
    fetcher = FakeFetcher(
        medication=MedicationHistory("m", tuple(sample_medication(as_of=NOW.date())[:300])),
        checkups=CheckupHistory("c", tuple(sample_checkups(as_of=NOW.date()))),
    )
    service = HistoryService(ports, fetcher, ports, clock=clock)

    today = service.todays_patients(DOCTOR, NOW.date())
    assert [(p.patient_id, p.queue_number, p.status) for p in today] == [(patient_id, 1, "waiting")]

    empty = service.open(DOCTOR, patient_id)
    assert empty.medication == () and empty.medication_fetched_at is None
    assert empty.medication_consent.allows_fetch
    assert empty.sex is Sex.MALE

    service.fetch(DOCTOR, patient_id, HistoryKind.MEDICATION)
    service.fetch(DOCTOR, patient_id, HistoryKind.CHECKUP)
    assert fetcher.calls[0][1:] == (NUMBERS, date(1958, 3, 4))

    opened = service.open(DOCTOR, patient_id)
    assert sorted(opened.medication, key=repr) == sorted(fetcher.medication.lines, key=repr)
    assert len(opened.checkups) == len(fetcher.checkups.items)
    assert opened.medication_fetched_at == NOW

    service.record_export(DOCTOR, patient_id, HistoryKind.MEDICATION, ExportFormat.PDF, rows=9)
    with pytest.raises(HistoryAccessDenied):
        service.open(RECEPTION, patient_id)

    with db.session(write=False) as uow:
        rows = uow.audit.entries()
        verification = uow.audit.verify()
    assert verification.ok
    mine = [
        (r.event, r.staff_id, r.patient_id, r.detail.get("outcome"))
        for r in rows
        if r.event in ("history_view", "history_fetch", "export")
    ]
    assert mine == [
        ("history_view", DOCTOR.id, patient_id, "ok"),
        ("history_fetch", DOCTOR.id, patient_id, "ok"),
        ("history_fetch", DOCTOR.id, patient_id, "ok"),
        ("history_view", DOCTOR.id, patient_id, "ok"),
        ("export", DOCTOR.id, patient_id, "ok"),
        ("history_view", RECEPTION.id, patient_id, "refused"),
    ]


def test_expired_consent_keeps_the_stored_copy_until_retention_purges_it(
    db: Database, patient_id: int
) -> None:
    clock = Clock()
    ports = StoreHistoryPorts(db)
    fetcher = FakeFetcher(
        medication=MedicationHistory("m", tuple(sample_medication(as_of=NOW.date())[:40]))
    )
    service = HistoryService(ports, fetcher, ports, clock=clock)
    service.fetch(DOCTOR, patient_id, HistoryKind.MEDICATION)

    clock.now = NOW + timedelta(days=2)  # consent (24 h) long expired
    with pytest.raises(ConsentExpired):
        service.fetch(DOCTOR, patient_id, HistoryKind.MEDICATION)
    still = service.open(DOCTOR, patient_id)
    assert len(still.medication) == 40
    assert not still.medication_consent.allows_fetch

    purge(db, RetentionPolicy(histories=timedelta(days=90)), now=NOW + timedelta(days=89))
    assert len(service.open(DOCTOR, patient_id).medication) == 40  # inside retention
    purge(db, RetentionPolicy(histories=timedelta(days=90)), now=NOW + timedelta(days=91))
    assert service.open(DOCTOR, patient_id).medication == ()
