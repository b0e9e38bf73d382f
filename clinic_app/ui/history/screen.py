# mypy: allow-subclassing-any
"""The doctor's screen: today's visits on the left, the chosen patient's histories on the right.

Signals: ``patient_chosen(int)`` — a row of today's list was activated (patient id).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from clinic_app.services.histories import (
    HistoryAccessDenied,
    HistoryService,
    PatientSummary,
    StaffMember,
)
from clinic_app.ui.history.i18n import ensure_installed
from clinic_app.ui.history.models import TodayPatientsModel
from clinic_app.ui.history.tables import history_table
from clinic_app.ui.history.texts import fmt_date, tr
from clinic_app.ui.history.view import HistoryView
from clinic_app.ui.qt import (
    QCloseEvent,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QModelIndex,
    QPushButton,
    QShortcut,
    QShowEvent,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from clinic_app.ui.worker import Worker


class DoctorScreen(QWidget):
    """Today's patient list + :class:`HistoryView`; keyboard: Enter opens, F5 refreshes."""

    patient_chosen = Signal(int)

    def __init__(
        self,
        service: HistoryService,
        worker: Worker,
        staff: StaffMember,
        *,
        present_error: Callable[[BaseException], object] | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        choose_pdf_path: Callable[[QWidget, str], Path | None] | None = None,
        font_family: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        ensure_installed()  # before any text is set
        super().__init__(parent)
        self.setObjectName("doctor_screen")
        self._service = service
        self._worker = worker
        self._staff = staff
        self._today = today
        self._present_error = present_error
        self._shown_once = False

        self.patients_model = TodayPatientsModel(today)
        self.patients_table = history_table(tr("Today's patients"))
        self.patients_table.setModel(self.patients_model)
        self.patients_table.setSelectionMode(self.patients_table.SelectionMode.SingleSelection)
        header = self.patients_table.horizontalHeader()
        header.setMinimumSectionSize(30)
        for column, width in enumerate((38, 50, 66, 110, 64, 76)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(TodayPatientsModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.patients_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.patients_table.activated.connect(self._activated)
        self.patients_table.clicked.connect(self._activated)

        self.view = HistoryView(
            service,
            worker,
            staff,
            present_error=present_error,
            today=today,
            now=now,
            choose_pdf_path=choose_pdf_path,
            font_family=font_family,
        )

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        title_row = QHBoxLayout()
        self.list_title = QLabel()
        self.list_title.setObjectName("subtitle")
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setAccessibleName(tr("Refresh today's patients"))
        self.refresh_button.clicked.connect(self.refresh)
        title_row.addWidget(self.list_title, 1)
        title_row.addWidget(self.refresh_button)
        left_layout.addLayout(title_row)
        left_layout.addWidget(self.patients_table, 1)
        hint = QLabel(tr("Click a patient (or press Enter) to open. F5 refreshes the list."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        left_layout.addWidget(hint)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([396, 1284])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the screen is shown, load today's list."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing (or the desk locking) drops every patient's data from the screen."""
        self.view.clear()
        self.patients_model.set_patients([])
        self._shown_once = False
        super().closeEvent(event)

    def open_patient_number(self, patient_number: str) -> None:
        """Open a patient by the clinic's patient number (e.g. the one selected at the desk)."""
        if not patient_number:
            return

        def found(summary: PatientSummary | None) -> None:
            if summary is None:
                self.view.show_message(
                    tr("No patient with number {number}.").format(number=patient_number)
                )
                return
            self.patient_chosen.emit(summary.patient_id)
            self.view.open_patient(summary.patient_id, summary)

        self._worker.run(
            lambda: self._service.find_patient(self._staff, patient_number),
            on_success=found,
            on_failure=self.view._failed,
        )

    def refresh(self) -> None:
        """Reload today's visits in the background."""
        day = self._today()
        self.list_title.setText(tr("Today's patients ({day})").format(day=fmt_date(day)))
        self._worker.run(
            lambda: self._service.todays_patients(self._staff, day),
            on_success=self._set_patients,
            on_failure=self._list_failed,
        )

    def _set_patients(self, patients: list[PatientSummary]) -> None:
        self.patients_model.set_patients(patients)

    def _list_failed(self, error: BaseException) -> None:
        if isinstance(error, HistoryAccessDenied):
            self.view._failed(error)  # shows the refusal page
            return
        if self._present_error is not None:
            self._present_error(error)

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        patient = self.patients_model.patient_at(index.row())
        self.patient_chosen.emit(patient.patient_id)
        self.view.open_patient(patient.patient_id, patient)
