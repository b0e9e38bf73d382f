"""The doctor's history window, and the opener the desk calls.

``HistoryOpener`` has the signature the reception window expects of
``backend.open_history(parent, session, patient_id, worker, errors)``: it keeps one
:class:`HistoryWindow` per signed-in doctor, refreshes today's list and opens the
patient (looked up by the clinic's patient number) off the GUI thread.
"""

# mypy: allow-subclassing-any

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from clinic_app.core.errors import KnownError
from clinic_app.services.histories import (
    HistoryFetcher,
    HistoryService,
    PatientSummary,
    StoreHistoryPorts,
)
from clinic_app.ui.history.i18n import ensure_installed
from clinic_app.ui.history.screen import DoctorScreen
from clinic_app.ui.history.texts import tr
from clinic_app.ui.qt import QMainWindow, QWidget
from clinic_app.ui.worker import Worker

if TYPE_CHECKING:
    from clinic_app.store import Database


class DeskSession(Protocol):
    """What the opener needs of ``clinic_app.ui.session.StaffSession``."""

    @property
    def staff_id(self) -> str: ...

    @property
    def role(self) -> Enum: ...


@dataclass(frozen=True, slots=True)
class SessionStaff:
    """A desk session as the history service's ``StaffMember`` (integer id, role)."""

    id: int
    role: Enum

    @classmethod
    def of(cls, session: DeskSession) -> SessionStaff:
        if not session.staff_id.isdigit():
            raise KnownError("The signed-in account has no staff number.", code="permission_denied")
        return cls(int(session.staff_id), session.role)


class PatientNotFound(KnownError):
    code = "history_patient_not_found"


class HistoryWindow(QMainWindow):
    """A top-level window holding the :class:`DoctorScreen` (today's list + histories)."""

    def __init__(
        self,
        service: HistoryService,
        worker: Worker,
        staff: SessionStaff,
        *,
        present_error: Callable[[BaseException], object] | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        ensure_installed()  # before any text is set
        super().__init__(parent)
        self.staff = staff
        self.setObjectName("history_window")
        self.setWindowTitle(tr("Medication and checkup histories"))
        self.doctor_screen = DoctorScreen(
            service, worker, staff, present_error=present_error, today=today, now=now
        )
        self.setCentralWidget(self.doctor_screen)
        self.resize(1600, 900)


class HistoryOpener:
    """``backend.open_history`` for the desk: one window per doctor, reused."""

    def __init__(
        self,
        service: HistoryService,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._service = service
        self._today = today
        self._now = now
        self.window: HistoryWindow | None = None

    def __call__(
        self,
        parent: QWidget | None,
        session: DeskSession,
        patient_id: str,
        worker: Worker,
        errors: Callable[[BaseException], object],
    ) -> HistoryWindow:
        staff = SessionStaff.of(session)
        if self.window is None or self.window.staff != staff:
            if self.window is not None:
                self.window.close()
            self.window = HistoryWindow(
                self._service,
                worker,
                staff,
                present_error=errors,
                today=self._today,
                now=self._now,
                parent=parent,
            )
        window = self.window
        window.doctor_screen.refresh()
        window.show()
        window.raise_()
        window.activateWindow()

        def opened(summary: PatientSummary | None) -> None:
            if summary is None:
                errors(PatientNotFound(f"No patient with number {patient_id}."))
                return
            window.doctor_screen.view.open_patient(summary.patient_id, summary)

        worker.run(
            lambda: self._service.find_patient(staff, patient_id),
            on_success=opened,
            on_failure=window.doctor_screen.view._failed,
        )
        return window


def opener_for_store(
    database: Database,
    fetcher: HistoryFetcher | None,
    *,
    clock: Callable[[], datetime] = datetime.now,
) -> HistoryOpener:
    """The desk's ``open_history`` over a store and the eligibility client (composition root)."""
    ports = StoreHistoryPorts(database, today=lambda: clock().date())
    service = HistoryService(ports, fetcher, ports, clock=clock)
    return HistoryOpener(service, today=lambda: clock().date(), now=clock)
