"""Opening histories from the desk over the real store (SQLite), as the desk calls it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.insurance import InsuranceNumbers, with_check_digit
from clinic_app.core.patient import Sex
from clinic_app.services.histories import HistoryService, StoreHistoryPorts
from clinic_app.services.ports import Role
from clinic_app.store import Database, EligibilitySource
from clinic_app.ui.history.window import HistoryOpener, PatientNotFound
from clinic_app.ui.qt import QApplication
from clinic_app.ui.worker import SynchronousExecutor, Worker
from tests.helpers.history_fakes import FakeFetcher, sample_checkups, sample_medication

pytestmark = pytest.mark.ui

TODAY = date(2025, 9, 1)
NOW = datetime(2025, 9, 1, 10, 0)


@dataclass(frozen=True)
class Session:
    """Shaped like clinic_app.ui.session.StaffSession."""

    staff_id: str
    username: str
    role: Role


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(f"sqlite:///{tmp_path / 'desk.sqlite3'}", backup_dir=tmp_path)
    with database.session() as uow:
        patient = uow.patients.add(
            name="山田 太郎",
            kana="ﾔﾏﾀﾞ ﾀﾛｳ",
            birthdate=date(1958, 3, 4),
            sex=Sex.MALE,
            patient_number="000128",
        )
        uow.insurance.add(
            patient.id,
            InsuranceNumbers(with_check_digit("0613999"), "1", "2", None),
            source=EligibilitySource.CARD,
        )
        uow.visits.check_in(patient.id, source=EligibilitySource.CARD, at=NOW)
        uow.consents.record(
            patient.id, Consent.given(ConsentItem.MEDICATION, True, NOW - timedelta(hours=1))
        )
        uow.histories.replace_medication(
            patient.id, sample_medication(as_of=TODAY)[:200], fetched_at=NOW - timedelta(hours=1)
        )
        uow.histories.replace_checkups(
            patient.id, sample_checkups(as_of=TODAY), fetched_at=NOW - timedelta(hours=1)
        )
    return database


def build_opener(db: Database) -> HistoryOpener:
    ports = StoreHistoryPorts(db, today=lambda: TODAY)
    service = HistoryService(ports, FakeFetcher(), ports, clock=lambda: NOW)
    return HistoryOpener(service, today=lambda: TODAY, now=lambda: NOW)


def test_doctor_opens_from_the_desk(qapp: QApplication, qtbot: object, db: Database) -> None:
    opener = build_opener(db)
    errors: list[BaseException] = []
    worker = Worker(SynchronousExecutor())
    window = opener(None, Session("5", "dr", Role.DOCTOR), "000128", worker, errors.append)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert errors == []
    view = window.doctor_screen.view
    assert view.current is not None
    assert view.current.summary is not None
    assert view.current.summary.patient_number == "000128"
    assert len(view.current.histories.medication) == 200
    assert view.checkup_model.rowCount() > 0
    assert window.doctor_screen.patients_model.rowCount() == 1
    with db.session(write=False) as uow:
        rows = [(e.event, e.staff_id, e.detail.get("outcome")) for e in uow.audit.entries()]
    assert ("history_view", 5, "ok") in rows
    # The same doctor again: the window is reused.
    again = opener(None, Session("5", "dr", Role.DOCTOR), "000128", worker, errors.append)
    assert again is window

    opener(None, Session("5", "dr", Role.DOCTOR), "999999", worker, errors.append)
    assert len(errors) == 1 and isinstance(errors[0], PatientNotFound)


def test_receptionist_from_the_desk_is_refused(
    qapp: QApplication, qtbot: object, db: Database
) -> None:
    opener = build_opener(db)
    worker = Worker(SynchronousExecutor())
    window = opener(None, Session("9", "desk", Role.RECEPTION), "000128", worker, lambda e: None)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    view = window.doctor_screen.view
    assert view._stack.currentIndex() == view.PAGE_REFUSED
    assert view.current is None
    with db.session(write=False) as uow:
        rows = [
            (e.event, e.staff_id, e.patient_id, e.detail.get("outcome"))
            for e in uow.audit.entries()
        ]
    assert ("history_view", 9, 1, "refused") in rows
