# mypy: allow-subclassing-any
"""The doctor's history view of one patient: header, medication, checkups, trends.

Signals:
    ``opened(int)`` — a patient's histories were shown (patient id);
    ``refused()`` — the service refused access (not a doctor);
    ``busy_changed(bool)`` — background work started or ended.

Everything slow (opening, fetching again, auditing an export) runs through the
shared :class:`~clinic_app.ui.worker.Worker`; the by-date / by-drug / pivot
computations are fast and run on the GUI thread when a filter changes. The
export actions (copy, PDF, print) live in :mod:`.summary_export`, the tables'
look in :mod:`.tables`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from clinic_app.core.checkup_reference import CheckupPivot, build_pivot
from clinic_app.core.errors import KnownError
from clinic_app.core.history import MedicationLine
from clinic_app.core.medication_views import (
    ByDrugView,
    LineFilter,
    by_drug,
    filter_lines,
    group_by_date,
    line_date,
    months_before,
)
from clinic_app.services.histories import (
    ConsentExpired,
    HistoryAccessDenied,
    HistoryKind,
    HistoryService,
    PatientHistories,
    PatientSummary,
    StaffMember,
)
from clinic_app.ui.history.charts import TrendsPanel
from clinic_app.ui.history.delegates import PeriodBarDelegate
from clinic_app.ui.history.models import (
    SORT_ROLE,
    CheckupModel,
    MedicationByDateModel,
    MedicationByDrugModel,
    age_on,
    sex_mark,
)
from clinic_app.ui.history.panels import (
    DEFAULT_WINDOW,
    HistoryHeader,
    MedicationFilterBar,
    consent_text,
)
from clinic_app.ui.history.summary_export import Shown, SummaryExports, ask_pdf_path
from clinic_app.ui.history.tables import (
    history_table,
    set_medication_column_widths,
    size_checkup_columns,
)
from clinic_app.ui.history.texts import tr
from clinic_app.ui.qt import (
    QFrame,
    QKeySequence,
    QLabel,
    QShortcut,
    QStackedWidget,
    Qt,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from clinic_app.ui.worker import Task, Worker

FILTER_DELAY_MS = 150


@dataclass
class _Current:
    summary: PatientSummary | None
    histories: PatientHistories
    pivot: CheckupPivot
    by_drug: ByDrugView | None = None


class HistoryView(QWidget):
    """Histories of one patient at a time, for a signed-in doctor."""

    opened = Signal(int)
    refused = Signal()
    busy_changed = Signal(bool)

    PAGE_PLACEHOLDER, PAGE_REFUSED, PAGE_CONTENT = range(3)
    TAB_BY_DATE, TAB_BY_DRUG, TAB_CHECKUPS, TAB_TRENDS = range(4)

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
        auto_fetch: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self._auto_fetch_enabled = auto_fetch
        self._auto_fetched: set[int] = set()
        self._service = service
        self._worker = worker
        self._staff = staff
        self._present_error = present_error
        self._today = today
        self._now = now
        self._choose_pdf_path = choose_pdf_path or ask_pdf_path
        self._font_family = font_family or self.font().family()
        self.current: _Current | None = None
        self._window_months: int | None = DEFAULT_WINDOW
        self._shown_lines = 0
        self._undated_shown = 0
        self._filtered: list[MedicationLine] = []
        self._by_drug_dirty = True
        self._trends_dirty = False
        self._busy = False
        self._pending: Task | None = None

        self.by_date_model = MedicationByDateModel()
        self.by_drug_model = MedicationByDrugModel()
        self.checkup_model = CheckupModel()

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh_medication)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._build_placeholder())
        self._stack.addWidget(self._build_refused())
        self._stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        self._exports = SummaryExports(
            self,
            service,
            worker,
            staff,
            shown=self._shown,
            ensure_by_drug=self.ensure_by_drug,
            on_failure=self._failed,
            set_status=self.status_label.setText,
            # Looked up at each call: tests replace the chooser after construction.
            choose_pdf_path=lambda parent, name: self._choose_pdf_path(parent, name),
            today=self._today,
            now=self._now,
            font_family=self._font_family,
        )
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self._focus_filter)

    def _focus_filter(self) -> None:
        """Ctrl+F: jump to the medication filter (switching to a medication tab)."""
        if self.tabs.currentIndex() not in (self.TAB_BY_DATE, self.TAB_BY_DRUG):
            self.tabs.setCurrentIndex(self.TAB_BY_DATE)
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    # ------------------------------------------------------------------ building

    def _build_placeholder(self) -> QWidget:
        label = QLabel(tr("Choose a patient from today's list to see their histories."))
        label.setObjectName("hint")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.placeholder_label = label
        return label

    def _build_refused(self) -> QWidget:
        page = QFrame()
        page.setObjectName("verdict_bad")
        layout = QVBoxLayout(page)
        title = QLabel(tr("Histories are for doctors only"))
        title.setObjectName("verdict")
        self.refused_label = QLabel(
            tr(
                "Medication and checkup histories can be opened only by a doctor's account."
                " This attempt was recorded in the audit log."
            )
        )
        self.refused_label.setWordWrap(True)
        layout.addStretch(1)
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.refused_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _build_content(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.header = HistoryHeader()
        self.header.fetch_requested.connect(self.fetch_again)
        # Short names for the header's and the bar's controls (tests, shortcuts).
        self.patient_label = self.header.patient_label
        self.status_label = self.header.status_label
        self.fetch_button = self.header.fetch_button
        self.medication_state = self.header.medication_state
        self.checkup_state = self.header.checkup_state
        layout.addWidget(self.header)
        self.filter_bar = MedicationFilterBar()
        self.filter_edit = self.filter_bar.filter_edit
        self.source_boxes = self.filter_bar.source_boxes
        self.window_combo = self.filter_bar.window_combo
        self.filter_bar.text_edited.connect(lambda: self._filter_timer.start())
        self.filter_bar.sources_changed.connect(self.refresh_medication)
        self.filter_bar.window_changed.connect(self._window_changed)
        self.filter_bar.copy_requested.connect(self.copy_summary)
        self.filter_bar.print_requested.connect(self.print_summary)
        self.filter_bar.pdf_requested.connect(self.save_pdf)
        layout.addWidget(self.filter_bar)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("History views"))
        self.by_date_table = history_table(tr("Medication by date"))
        self.by_date_table.setModel(self.by_date_model)
        self.by_drug_table = history_table(tr("Medication by drug"))
        self.by_drug_table.setModel(self.by_drug_model)
        self._bar_delegate = PeriodBarDelegate(self.by_drug_model)
        self.by_drug_table.setSortingEnabled(True)
        self.by_drug_table.horizontalHeader().setSortIndicator(
            MedicationByDrugModel.LAST, Qt.SortOrder.DescendingOrder
        )
        self.checkup_table = history_table(tr("Checkup results"))
        self.checkup_table.setModel(self.checkup_model)
        self.checkup_table.verticalHeader().setDefaultSectionSize(25)
        self.trends = TrendsPanel()
        self.tabs.addTab(self.by_date_table, tr("Medication by date"))
        self.tabs.addTab(self.by_drug_table, tr("Medication by drug"))
        self.tabs.addTab(self.checkup_table, tr("Checkups"))
        self.tabs.addTab(self.trends, tr("Trends"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

        self.footer_label = QLabel()
        self.footer_label.setObjectName("hint")
        self.footer_label.setAccessibleName(tr("Counts"))
        layout.addWidget(self.footer_label)
        self._set_column_widths()
        return page

    def _set_column_widths(self) -> None:
        set_medication_column_widths(self.by_date_table, self.by_drug_table, self._bar_delegate)

    # ------------------------------------------------------------------ opening

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.status_label.setText(text)
        self.fetch_button.setEnabled(not busy and self._fetch_allowed())
        self.busy_changed.emit(busy)

    def show_message(self, text: str) -> None:
        """A one-line note in the header's status (or on the placeholder before any patient)."""
        if self.current is None:
            self.placeholder_label.setText(text)
        else:
            self.status_label.setText(text)

    def clear(self) -> None:
        """Forget the shown patient: models emptied, nothing of theirs left in memory here."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.current = None
        self._filtered = []
        self.by_date_model.set_groups([])
        self.by_drug_model.set_view(by_drug([], as_of=self._today()))
        self.checkup_model.set_pivot(build_pivot([]))
        self.trends.set_pivot(build_pivot([]))
        self.filter_edit.clear()
        self._stack.setCurrentIndex(self.PAGE_PLACEHOLDER)

    def open_patient(self, patient_id: int, summary: PatientSummary | None = None) -> None:
        """Load a patient's stored histories in the background, then show them.

        Opening another patient before the first answer arrives cancels the first:
        a late answer never replaces the patient the doctor chose last.
        """
        if self._pending is not None:
            self._pending.cancel()
        self._set_busy(True, tr("Opening…"))
        self._pending = self._worker.run(
            lambda: self._service.open(self._staff, patient_id),
            on_success=lambda histories: self._show(histories, summary),
            on_failure=self._failed,
            on_cancelled=lambda: None,
        )

    def show_histories(
        self, histories: PatientHistories, summary: PatientSummary | None = None
    ) -> None:
        """Show already-opened histories (used by :meth:`open_patient` and the benchmark)."""
        self._show(histories, summary)

    def _show(self, histories: PatientHistories, summary: PatientSummary | None) -> None:
        self._pending = None
        previous = self.current.summary if self.current else None
        if summary is None and previous and previous.patient_id == histories.patient_id:
            summary = previous
        pivot = build_pivot(histories.checkups, sex=histories.sex)
        self.current = _Current(summary, histories, pivot)
        self._fill_header()
        self.refresh_medication()
        self.checkup_model.set_pivot(pivot)
        self._size_checkup_columns()
        self._update_footer()
        self._trends_dirty = True
        if self.tabs.currentIndex() == self.TAB_TRENDS:
            self._build_trends()
        self._stack.setCurrentIndex(self.PAGE_CONTENT)
        self._set_busy(False)
        self.opened.emit(histories.patient_id)
        self._auto_fetch(histories)

    def _auto_fetch(self, histories: PatientHistories) -> None:
        """Never fetched but consent valid (just checked in): fetch once, unasked.

        Once per patient per view, so an empty answer cannot loop.
        """
        if (
            not self._auto_fetch_enabled
            or not self._service.can_fetch
            or histories.patient_id in self._auto_fetched
        ):
            return
        missing = [
            kind
            for kind in HistoryKind
            if histories.fetched_at(kind) is None and histories.consent(kind).allows_fetch
        ]
        if missing:
            self._auto_fetched.add(histories.patient_id)
            self.fetch_again(missing)

    def _failed(self, error: BaseException) -> None:
        self._pending = None
        self._set_busy(False)
        if isinstance(error, HistoryAccessDenied):
            self.current = None
            self._stack.setCurrentIndex(self.PAGE_REFUSED)
            self.refused.emit()
            return
        if isinstance(error, ConsentExpired):
            self.status_label.setText(
                tr("Consent has expired: a new fetch needs a new card reading and consent.")
            )
            self._fill_header()
            return
        if isinstance(error, KnownError):
            self.status_label.setText(tr("Could not complete: {code}").format(code=error.code))
        if self._present_error is not None:
            self._present_error(error)

    # ------------------------------------------------------------------ header

    def _fill_header(self) -> None:
        if self.current is None:
            return
        histories = self.current.histories
        summary = self.current.summary
        if summary is not None:
            age = age_on(summary.birthdate, self._today())
            self.patient_label.setText(
                tr("{name}  ({kana})  ID {number}  {age} {sex}").format(
                    name=summary.name,
                    kana=summary.kana,
                    number=summary.patient_number,
                    age=tr("{age} y").format(age=age),
                    sex=sex_mark(summary.sex.value),
                )
            )
        else:
            self.patient_label.setText(tr("Patient {id}").format(id=histories.patient_id))
        self.medication_state.setText(
            consent_text(
                tr("Medication"), histories.medication_fetched_at, histories.medication_consent
            )
        )
        self.checkup_state.setText(
            consent_text(tr("Checkups"), histories.checkups_fetched_at, histories.checkup_consent)
        )
        self.fetch_button.setEnabled(not self._busy and self._fetch_allowed())

    def _fetch_allowed(self) -> bool:
        if self.current is None or not self._service.can_fetch:
            return False
        histories = self.current.histories
        return histories.medication_consent.allows_fetch or histories.checkup_consent.allows_fetch

    # ------------------------------------------------------------------ medication

    def line_filter(self) -> LineFilter:
        return self.filter_bar.line_filter()

    def _window_changed(self, months: int | None) -> None:
        self._window_months = months
        self.refresh_medication()

    def refresh_medication(self) -> None:
        """Recompute the medication tables for the current filter and window.

        The by-date table (the first one shown) is rebuilt at once; the by-drug view
        is computed when its tab is shown or an export needs it.
        """
        self._filter_timer.stop()
        if self.current is None:
            return
        today = self._today()
        lines = filter_lines(self.current.histories.medication, self.line_filter())
        self._filtered = lines
        self._by_drug_dirty = True
        if self._window_months is None:
            dated = lines
        else:
            start = months_before(today, self._window_months)
            dated = [line for line in lines if _in_window(line, start, today)]
        self.by_date_model.set_groups(group_by_date(dated))
        self._shown_lines = len(dated)
        self._undated_shown = sum(1 for line in dated if line_date(line) is None)
        if self.tabs.currentIndex() == self.TAB_BY_DRUG:
            self.ensure_by_drug()
        self._update_footer()

    def ensure_by_drug(self) -> ByDrugView | None:
        """The by-drug view for the current filter and window, computed if stale."""
        if self.current is None:
            return None
        if self._by_drug_dirty or self.current.by_drug is None:
            view = by_drug(self._filtered, as_of=self._today(), months=self._window_months)
            self.current.by_drug = view
            self.by_drug_model.set_view(view)
            self._by_drug_dirty = False
        return self.current.by_drug

    def _update_footer(self) -> None:
        """Counts for the visible tab."""
        if self.current is None:
            self.footer_label.clear()
            return
        tab = self.tabs.currentIndex()
        if tab in (self.TAB_CHECKUPS, self.TAB_TRENDS):
            pivot = self.current.pivot
            outside = sum(row.out_of_range_count() for row in pivot.rows)
            parts = [
                tr("{checkups} checkups, {items} items").format(
                    checkups=len(pivot.dates), items=len(pivot.rows)
                ),
                tr("{count} results outside the usual range (H high, L low)").format(count=outside),
                tr("Ranges: specific health checkup guidance values"),
            ]
        elif tab == self.TAB_BY_DRUG and self.current.by_drug is not None:
            view = self.current.by_drug
            parts = [tr("{drugs} drugs").format(drugs=len(view.rows))]
            if view.duplicate_fills_merged:
                parts.append(
                    tr("{count} lines reported by two sources counted once").format(
                        count=view.duplicate_fills_merged
                    )
                )
            duplicates = sum(1 for row in view.rows if row.same_ingredient_as)
            if duplicates:
                parts.append(
                    tr("{count} drugs share an ingredient with another (shaded)").format(
                        count=duplicates
                    )
                )
            if view.undated_lines:
                parts.append(tr("{count} lines without a date").format(count=view.undated_lines))
            parts.append(tr("bold: still taking"))
        else:
            parts = [
                tr("{lines} lines in {groups} prescriptions").format(
                    lines=self._shown_lines, groups=self.by_date_model.group_count
                )
            ]
            if self._undated_shown:
                parts.append(tr("{count} lines without a date").format(count=self._undated_shown))
        self.footer_label.setText("　・　".join(parts))

    # ------------------------------------------------------------------ checkups

    def _size_checkup_columns(self) -> None:
        size_checkup_columns(self.checkup_table, self.checkup_model)

    def _tab_changed(self, index: int) -> None:
        self.filter_bar.setVisible(index in (self.TAB_BY_DATE, self.TAB_BY_DRUG))
        if index == self.TAB_BY_DRUG:
            self.ensure_by_drug()
        self._update_footer()
        if index == self.TAB_TRENDS and self._trends_dirty:
            self._build_trends()

    def _build_trends(self) -> None:
        if self.current is not None:
            self.trends.set_pivot(self.current.pivot)
        self._trends_dirty = False

    # ------------------------------------------------------------------ actions

    def fetch_again(self, kinds: list[HistoryKind] | None = None) -> None:
        """Fetch every history whose consent allows it, then reopen (all off the GUI thread)."""
        if self.current is None or self._busy:
            return
        histories = self.current.histories
        patient_id = histories.patient_id
        kinds = [
            kind for kind in (kinds or list(HistoryKind)) if histories.consent(kind).allows_fetch
        ]
        if not kinds:
            self._failed(ConsentExpired(HistoryKind.MEDICATION))
            return

        def work() -> PatientHistories:
            for kind in kinds:
                self._service.fetch(self._staff, patient_id, kind)
            return self._service.open(self._staff, patient_id)

        self._set_busy(True, tr("Fetching from the service…"))
        self._worker.run(work, on_success=self._fetched, on_failure=self._failed)

    def _fetched(self, fresh: PatientHistories) -> None:
        """Show the fresh copy and say so (the fetched-at minute alone may not change)."""
        self._show(fresh, None)
        self.status_label.setText(
            tr("Fetched from the service at {time}.").format(time=self._now().strftime("%H:%M:%S"))
        )

    def summary_text(self) -> str:
        return self._exports.summary_text()

    def copy_summary(self) -> None:
        self._exports.copy_summary()

    def _summary_html(self) -> str:
        return self._exports.summary_html()

    def save_pdf(self) -> None:
        self._exports.save_pdf()

    def print_summary(self) -> None:
        self._exports.print_summary()

    def _shown(self) -> Shown | None:
        if self.current is None:
            return None
        return (self.current.summary, self.current.histories, self.current.by_drug)

    # ------------------------------------------------------------------ for tests / bench

    def sort_by_drug(self, column: int, order: Qt.SortOrder) -> None:
        self.ensure_by_drug()
        self.by_drug_table.sortByColumn(column, order)

    def by_drug_value(self, row: int, column: int) -> object:
        return self.by_drug_model.data(self.by_drug_model.index(row, column), SORT_ROLE)


def _in_window(line: MedicationLine, start: date, end: date) -> bool:
    day = line_date(line)
    return day is None or start <= day <= end
