# mypy: allow-subclassing-any, allow-untyped-decorators
"""The reception window: today's queue, search, check-in, result, fallbacks.

Layout: a top bar (who is logged in, lock, log out), the offline banner, the
queue with its search on the left, the check-in panel and the result on the
right, and — in the demo — the cards on the desk. Everything slow goes through
the worker; the queue refreshes after each registered visit.

Signals:
    lock_requested()     staff pressed "lock" (or the idle lock fired)
    logout_requested()
    history_requested(str)   a doctor asked for a patient's histories (patient id)
    settings_requested()
    closing()            the window is being closed by hand (the app quits)
"""

from __future__ import annotations

import logging

from clinic_app.services.checkin_types import (
    FallbackKind,
    Outcome,
    QueryByNumbers,
    RegisterFallback,
    RegisterVisit,
    Step,
)
from clinic_app.services.ports import PatientRecord, VisitStatus
from clinic_app.ui import texts
from clinic_app.ui.checkin_controller import CheckInController
from clinic_app.ui.checkin_panel import CheckInPanel
from clinic_app.ui.demo_panel import CardsOnDeskPanel
from clinic_app.ui.desk_services import DeskServices, RecheckSummary
from clinic_app.ui.errors import ErrorPresenter
from clinic_app.ui.fallback_dialogs import NewPatientDialog, NumbersDialog, SelfDeclarationDialog
from clinic_app.ui.patient_list_model import PatientListModel
from clinic_app.ui.qt import (
    QAbstractItemView,
    QCloseEvent,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from clinic_app.ui.queue_model import QueueFilterProxy, QueueTableModel
from clinic_app.ui.result_panel import ResultPanel
from clinic_app.ui.session import StaffSession
from clinic_app.ui.worker import Worker

log = logging.getLogger(__name__)

#: How often the offline banner asks whether the service is back.
PROBE_INTERVAL_MS = 30_000

_OFFLINE_OUTCOMES = (Outcome.SERVICE_DOWN, Outcome.SERVICE_TIMEOUT)


class ReceptionWindow(QMainWindow):
    lock_requested = Signal()
    logout_requested = Signal()
    history_requested = Signal(str)
    settings_requested = Signal()
    closing = Signal()

    def __init__(
        self,
        session: StaffSession,
        services: DeskServices,
        controller: CheckInController,
        worker: Worker,
        errors: ErrorPresenter,
        *,
        demo_panel: CardsOnDeskPanel | None = None,
        clinic_name: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.services = services
        self.controller = controller
        self.worker = worker
        self.errors = errors
        self.demo_panel = demo_panel
        self.offline = False
        self._selected_patient: PatientRecord | None = None
        self._last_numbers: QueryByNumbers | None = None
        self.duplicate_box: QMessageBox | None = None
        self.open_dialog: QDialog | None = None
        self.setWindowTitle(
            self.tr("Madoguchi — reception") + (f" — {clinic_name}" if clinic_name else "")
        )
        self.resize(1600, 1000)

        central = QWidget()
        root = QVBoxLayout(central)
        root.addWidget(self._build_top_bar())
        root.addWidget(self._build_banner())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_queue_side())
        splitter.addWidget(self._build_checkin_side())
        if demo_panel is not None:
            splitter.addWidget(demo_panel)
            demo_panel.tapped.connect(lambda _k: self.result_panel.clear())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([560, 840, 300] if demo_panel is not None else [660, 1000])
        if demo_panel is not None:
            splitter.setStretchFactor(2, 2)
        root.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Ready"))

        controller.step_changed.connect(self._on_step)
        controller.visit_registered.connect(lambda _s: self.refresh_queue())
        controller.failed.connect(self.errors.present)
        self.result_panel.register_requested.connect(self._register_from_result)
        self.result_panel.register_new_requested.connect(self._register_new_patient)
        self.checkin_panel.numbers_requested.connect(
            lambda: self.open_numbers_dialog(FallbackKind.ELIGIBILITY_CERTIFICATE)
        )
        self.checkin_panel.notice_requested.connect(
            lambda: self.open_numbers_dialog(FallbackKind.QUALIFICATION_NOTICE)
        )
        self.checkin_panel.self_declaration_requested.connect(self.open_self_declaration)

        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(PROBE_INTERVAL_MS)
        self._probe_timer.timeout.connect(self.probe_service)
        self._apply_role()
        self.refresh_queue()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)

    # ------------------------------------------------------------ building

    def _build_top_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("card")
        layout = QHBoxLayout(bar)
        title = QLabel(self.tr("Reception"))
        title.setObjectName("title")
        self.user_label = QLabel(
            self.tr("%1 (%2)")
            .replace("%1", self.session.username)
            .replace("%2", texts.role_text(self.session.role))
        )
        self.user_label.setAccessibleName(
            self.tr("Logged in as %1").replace("%1", self.session.username)
        )
        self.history_button = QPushButton(self.tr("&Histories…"))
        self.history_button.setAccessibleName(self.tr("Open patient histories"))
        self.history_button.clicked.connect(self._request_history)
        self.settings_button = QPushButton(self.tr("Se&ttings…"))
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.settings_button.clicked.connect(self.settings_requested.emit)
        self.lock_button = QPushButton(self.tr("&Lock"))
        self.lock_button.setAccessibleName(self.tr("Lock the screen"))
        self.lock_button.clicked.connect(self.lock_requested.emit)
        self.logout_button = QPushButton(self.tr("Log o&ut"))
        self.logout_button.setAccessibleName(self.tr("Log out"))
        self.logout_button.clicked.connect(self.logout_requested.emit)
        layout.addWidget(title)
        layout.addStretch(1)
        layout.addWidget(self.user_label)
        for widget in (
            self.history_button,
            self.settings_button,
            self.lock_button,
            self.logout_button,
        ):
            layout.addWidget(widget)
        return bar

    def _build_banner(self) -> QWidget:
        self.banner = QFrame()
        self.banner.setObjectName("banner_offline")
        layout = QHBoxLayout(self.banner)
        self.banner_label = QLabel()
        self.banner_label.setObjectName("banner_text")
        self.banner_label.setWordWrap(True)
        self.recheck_button = QPushButton(self.tr("Re-check n&ow"))
        self.recheck_button.setAccessibleName(self.tr("Run the re-check queue now"))
        self.recheck_button.clicked.connect(self.probe_service)
        layout.addWidget(self.banner_label, 1)
        layout.addWidget(self.recheck_button)
        self.banner.hide()
        return self.banner

    def _build_queue_side(self) -> QWidget:
        side = QFrame()
        side.setObjectName("card")
        layout = QVBoxLayout(side)
        heading = QLabel(self.tr("Today's patients"))
        heading.setObjectName("title")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            self.tr("Search: kana, birth date (1950-04-01 / S25.4.1) or patient ID — Ctrl+F")
        )
        self.search_edit.setAccessibleName(self.tr("Search patients"))
        self.search_edit.setClearButtonEnabled(True)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search_edit.setFocus)
        self.queue_model = QueueTableModel()
        self.queue_proxy = QueueFilterProxy()
        self.queue_proxy.setSourceModel(self.queue_model)
        self.queue_view = QTableView()
        self.queue_view.setModel(self.queue_proxy)
        self.queue_view.setAccessibleName(self.tr("Today's queue"))
        self.queue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_view.setSortingEnabled(True)
        self.queue_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.queue_view.verticalHeader().hide()
        self.queue_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.queue_view.horizontalHeader().setStretchLastSection(True)
        self.queue_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_view.selectionModel().currentRowChanged.connect(self._queue_row_changed)
        self.queue_view.doubleClicked.connect(self._queue_row_opened)
        self.search_edit.textChanged.connect(self.queue_proxy.set_search)
        self.search_edit.returnPressed.connect(self.search_registered)

        self.patients_label = QLabel(self.tr("Registered patients (press Enter in the search)"))
        self.patients_label.setObjectName("subtitle")
        self.patient_list = QTableView()
        self.patient_list.setAccessibleName(self.tr("Registered patients found"))
        self._patient_model = PatientListModel()
        self.patient_list.setModel(self._patient_model)
        self.patient_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patient_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patient_list.verticalHeader().hide()
        self.patient_list.horizontalHeader().setStretchLastSection(True)
        self.patient_list.setMaximumHeight(180)
        self.patient_list.selectionModel().currentRowChanged.connect(self._patient_row_changed)
        self.selected_label = QLabel(self.tr("No patient selected"))
        self.selected_label.setObjectName("hint")

        status_row = QHBoxLayout()
        self.status_buttons: dict[VisitStatus, QPushButton] = {}
        for status in (
            VisitStatus.IN_CONSULTATION,
            VisitStatus.BILLING,
            VisitStatus.DONE,
            VisitStatus.CANCELLED,
        ):
            button = QPushButton(texts.status_text(status))
            button.setAccessibleName(
                self.tr("Set status: %1").replace("%1", texts.status_text(status))
            )
            button.clicked.connect(lambda _c=False, s=status: self.set_selected_status(s))
            self.status_buttons[status] = button
            status_row.addWidget(button)
        layout.addWidget(heading)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.queue_view, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.patients_label)
        layout.addWidget(self.patient_list)
        layout.addWidget(self.selected_label)
        return side

    def _build_checkin_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        self.checkin_panel = CheckInPanel(self.controller)
        self.fallback_button = QPushButton(self.tr("Register for re-chec&k (no online result)"))
        self.fallback_button.setAccessibleName(self.tr("Register the visit for a re-check"))
        self.fallback_button.clicked.connect(self.register_fallback)
        panel_layout = self.checkin_panel.layout()
        assert panel_layout is not None  # CheckInPanel builds its layout in __init__
        panel_layout.addWidget(self.fallback_button)
        self.result_frame = QFrame()
        self.result_frame.setObjectName("card")
        result_layout = QVBoxLayout(self.result_frame)
        self.result_panel = ResultPanel()
        result_layout.addWidget(self.result_panel)
        self.doctor_hint = QLabel(
            self.tr(
                "Select a patient in today's queue, then press Histories (Alt+H) — or "
                "double-click the row — to read their medication and checkups."
            )
        )
        self.doctor_hint.setObjectName("subtitle")
        self.doctor_hint.setWordWrap(True)
        self.doctor_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.checkin_panel)
        layout.addWidget(self.result_frame, 1)
        layout.addWidget(self.doctor_hint, 1)
        return side

    def _apply_role(self) -> None:
        session = self.session
        self.checkin_panel.setVisible(session.can_check_in)
        self.result_frame.setVisible(session.can_check_in)
        self.history_button.setVisible(session.can_view_histories)
        self.doctor_hint.setVisible(session.can_view_histories and not session.can_check_in)
        self.settings_button.setVisible(session.can_change_settings)
        for button in self.status_buttons.values():
            button.setEnabled(True)
        if self.demo_panel is not None:
            self.demo_panel.setVisible(session.can_check_in)

    # ------------------------------------------------------------ queue

    def refresh_queue(self) -> None:
        self.worker.run(
            self.services.load_queue, on_success=self._queue_loaded, on_failure=self.errors.present
        )

    def _queue_loaded(self, entries: list[object]) -> None:
        selected = self.selected_visit_id()
        self.queue_model.set_entries(entries)  # type: ignore[arg-type]
        self.statusBar().showMessage(self.tr("%1 patients today").replace("%1", str(len(entries))))
        if selected is not None:
            self.select_visit(selected)

    def selected_visit_id(self) -> str | None:
        index = self.queue_view.currentIndex()
        if not index.isValid():
            return None
        source = self.queue_proxy.mapToSource(index)
        return self.queue_model.entry(source.row()).visit.visit_id

    def select_visit(self, visit_id: str) -> None:
        for row, entry in enumerate(self.queue_model.entries()):
            if entry.visit.visit_id == visit_id:
                index = self.queue_proxy.mapFromSource(self.queue_model.index(row, 0))
                self.queue_view.setCurrentIndex(index)
                return

    def _queue_row_changed(self, current: object, _previous: object) -> None:
        index = self.queue_view.currentIndex()
        if not index.isValid():
            return
        entry = self.queue_model.entry(self.queue_proxy.mapToSource(index).row())
        if entry.patient is not None:
            self._select_patient(entry.patient)

    def _queue_row_opened(self, _index: object) -> None:
        """Doctors: a double-click on today's queue opens that patient's histories."""
        if self.session.can_view_histories and self._selected_patient is not None:
            self._request_history()

    def set_selected_status(self, status: VisitStatus) -> None:
        visit_id = self.selected_visit_id()
        if visit_id is None:
            return
        session = self.session
        self.worker.run(
            lambda: self.services.set_visit_status(visit_id, status, session),
            on_success=lambda _v: self.refresh_queue(),
            on_failure=self.errors.present,
        )

    # ------------------------------------------------------------ patient search

    def search_registered(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            return
        self.worker.run(
            lambda: self.services.search_patients(text),
            on_success=self._patients_found,
            on_failure=self.errors.present,
        )

    def _patients_found(self, patients: list[PatientRecord]) -> None:
        self._patient_model.set_patients(patients)
        self.patients_label.setText(
            self.tr("Registered patients found: %1").replace("%1", str(len(patients)))
        )
        if len(patients) == 1:
            self.patient_list.selectRow(0)
            self._select_patient(patients[0])

    def _patient_row_changed(self, current: object, _previous: object) -> None:
        index = self.patient_list.currentIndex()
        if index.isValid():
            self._select_patient(self._patient_model.patient(index.row()))

    def _select_patient(self, patient: PatientRecord) -> None:
        self._selected_patient = patient
        self.controller.set_patient_hint(patient.patient_id)
        self.selected_label.setText(
            self.tr("Selected: %1 %2 (born %3)")
            .replace("%1", patient.patient_id)
            .replace("%2", patient.name)
            .replace("%3", texts.format_date(patient.birthdate))
        )

    @property
    def selected_patient(self) -> PatientRecord | None:
        return self._selected_patient

    def _request_history(self) -> None:
        """The doctor's view opens on today's list (with the selected patient, if any)."""
        selected = self._selected_patient
        self.history_requested.emit(selected.patient_id if selected is not None else "")

    # ------------------------------------------------------------ check-in steps

    def _on_step(self, step: Step) -> None:
        if step.result is not None or step.match is not None:
            self.result_panel.show_step(step)
        elif step.state.value in ("waiting_for_card", "cancelled"):
            self.result_panel.clear()
        if step.outcome in _OFFLINE_OUTCOMES:
            self.set_offline(True)
        elif step.result is not None and self.offline:
            self.set_offline(False)
        if step.outcome is Outcome.DUPLICATE_CHECK_IN:
            self._ask_duplicate(step)
        if step.visit is not None:
            self.statusBar().showMessage(texts.outcome_text(step.outcome)[0])
        self.fallback_button.setEnabled(not step.state.terminal)

    def _ask_duplicate(self, step: Step) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Already checked in"))
        arrived = step.duplicate_of.arrived_at if step.duplicate_of else None
        box.setText(
            self.tr("This patient is already in today's queue (arrived %1).").replace(
                "%1", texts.format_time(arrived)
            )
        )
        box.setInformativeText(self.tr("Register another visit anyway?"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda result: (
                self.controller.confirm_duplicate()
                if result == QMessageBox.StandardButton.Yes
                else None
            )
        )
        self.duplicate_box = box
        box.open()

    def _register_from_result(self, patient_id: str | None, names_reviewed: bool) -> None:
        self.controller.register(
            RegisterVisit(patient_id=patient_id, names_reviewed=names_reviewed)
        )

    def _register_new_patient(self) -> None:
        step = self.controller.step
        if step is None or step.match is None:
            return
        dialog = NewPatientDialog(step.match.received, self)
        dialog.accepted.connect(
            lambda: self.controller.register(
                RegisterVisit(new_patient=dialog.result_patient, names_reviewed=True)
            )
        )
        self.open_dialog = dialog
        dialog.open()

    def open_numbers_dialog(
        self, kind: FallbackKind, prefill: tuple[str, str, str, str, str] | None = None
    ) -> NumbersDialog:
        birthdate = self._selected_patient.birthdate if self._selected_patient else None
        dialog = NumbersDialog(self, kind, birthdate)
        if prefill is not None:
            dialog.fill(*prefill)

        def accepted() -> None:
            assert dialog.result_numbers is not None and dialog.result_birthdate is not None
            event = QueryByNumbers(
                dialog.result_numbers, dialog.result_birthdate, dialog.result_kind
            )
            self._last_numbers = event
            self.controller.query_by_numbers(event)

        dialog.accepted.connect(accepted)
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def _patient_for_fallback(self) -> str | None:
        step = self.controller.step
        if step is not None and step.match is not None and step.match.patient_id:
            return step.match.patient_id
        if self._selected_patient is not None:
            return self._selected_patient.patient_id
        self.statusBar().showMessage(
            self.tr("Search and select the patient first (type kana and press Enter).")
        )
        QMessageBox.information(
            self,
            self.tr("Select the patient"),
            self.tr("Search and select the patient first (type kana and press Enter)."),
        )
        return None

    def open_self_declaration(self) -> SelfDeclarationDialog | None:
        patient_id = self._patient_for_fallback()
        if patient_id is None or self._selected_patient is None:
            return None
        dialog = SelfDeclarationDialog(self._selected_patient, self)
        dialog.accepted.connect(
            lambda: self.controller.register(
                RegisterFallback(FallbackKind.SELF_DECLARATION, patient_id)
            )
        )
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def register_fallback(self) -> None:
        """Register without an online result: on the numbers typed, else the last known."""
        patient_id = self._patient_for_fallback()
        if patient_id is None:
            return
        numbers = self._last_numbers
        if numbers is not None:
            event = RegisterFallback(numbers.source, patient_id, numbers.numbers)
        else:
            event = RegisterFallback(FallbackKind.LAST_KNOWN, patient_id)
        self.controller.register(event)

    # ------------------------------------------------------------ offline

    def set_offline(self, offline: bool) -> None:
        was = self.offline
        self.offline = offline
        self.banner.setVisible(offline)
        if offline:
            self.banner_label.setText(
                self.tr(
                    "The eligibility service cannot be reached. Check-ins continue; visits are "
                    "marked as not yet confirmed and re-checked automatically when it is back."
                )
            )
            if self.services.probe_service is not None:
                self._probe_timer.start()
        else:
            self._probe_timer.stop()
            if was:
                self.run_rechecks()

    def probe_service(self) -> None:
        probe = self.services.probe_service
        if probe is None:
            return
        self.worker.run(
            probe,
            on_success=lambda up: self.set_offline(not up),
            on_failure=lambda _e: self.set_offline(True),
        )

    def run_rechecks(self) -> None:
        run = self.services.run_rechecks
        if run is None:
            return
        session = self.session
        self.worker.run(
            lambda: run(session), on_success=self._rechecked, on_failure=self.errors.present
        )

    def _rechecked(self, summary: RecheckSummary) -> None:
        self.statusBar().showMessage(
            self.tr("Re-checked %1 visits; %2 still waiting.")
            .replace("%1", str(summary.checked))
            .replace("%2", str(summary.still_pending))
        )
        self.refresh_queue()
