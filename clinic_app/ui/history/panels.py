"""The history view's header (patient, fetched-at, consent, fetch again) and filter bar.

Signals of :class:`HistoryHeader`: ``fetch_requested()``.
Signals of :class:`MedicationFilterBar`: ``text_edited()`` (debounce it),
``sources_changed()``, ``window_changed(object)`` (months or None),
``copy_requested()``, ``print_requested()``, ``pdf_requested()``.
"""

# mypy: allow-subclassing-any

from __future__ import annotations

from datetime import datetime

from clinic_app.core.history import MedicationSource
from clinic_app.core.medication_views import LineFilter
from clinic_app.services.histories import ConsentStatus
from clinic_app.ui.history.texts import fmt_datetime, source_name, source_tooltip, tr
from clinic_app.ui.qt import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QWidget,
    Signal,
)

#: Window choices in months; None = everything stored.
WINDOW_CHOICES: tuple[int | None, ...] = (3, 6, 12, 36, None)
DEFAULT_WINDOW = 6


def window_label(months: int | None) -> str:
    if months is None:
        return tr("All")
    if months % 12 == 0:
        return tr("{years} years").format(years=months // 12)
    return tr("{months} months").format(months=months)


def consent_text(label: str, fetched: datetime | None, consent: ConsentStatus) -> str:
    """One header line: when fetched, under which consent, until when a new fetch is allowed."""
    parts = [f"<b>{label}</b>"]
    if fetched is None:
        parts.append(tr("not fetched"))
    else:
        parts.append(tr("fetched {when}").format(when=fmt_datetime(fetched)))
    if consent.consent_time is None:
        parts.append(tr("no consent on record"))
    elif not consent.agreed:
        parts.append(
            tr("patient did not agree ({when})").format(when=fmt_datetime(consent.consent_time))
        )
    else:
        parts.append(tr("consent {when}").format(when=fmt_datetime(consent.consent_time)))
        if consent.allows_fetch:
            parts.append(
                "<span style='color:#1e6b3a'>"
                + tr("new fetch allowed until {until}").format(
                    until=fmt_datetime(consent.available_until)
                )
                + "</span>"
            )
        else:
            parts.append(
                "<span style='color:#b3261e'>"
                + tr("consent expired {until}: stored copy only").format(
                    until=fmt_datetime(consent.available_until)
                )
                + "</span>"
            )
    return "　｜　".join(parts)


class HistoryHeader(QFrame):
    """Patient line, status, the fetch-again button and one line per history."""

    fetch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(3)
        self.patient_label = QLabel()
        self.patient_label.setObjectName("title")
        self.patient_label.setAccessibleName(tr("Patient"))
        self.fetch_button = QPushButton(tr("Fetch again"))
        self.fetch_button.setObjectName("primary")
        self.fetch_button.setAccessibleName(tr("Fetch the histories again"))
        self.fetch_button.setToolTip(
            tr("Ask the service again (allowed while the patient's consent is valid)")
        )
        self.fetch_button.clicked.connect(self.fetch_requested.emit)
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")
        self.status_label.setAccessibleName(tr("Status"))
        self.medication_state = QLabel()
        self.medication_state.setAccessibleName(tr("Medication history fetched and consent"))
        self.checkup_state = QLabel()
        self.checkup_state.setAccessibleName(tr("Checkup history fetched and consent"))
        for label in (self.medication_state, self.checkup_state):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
        grid.addWidget(self.patient_label, 0, 0)
        grid.addWidget(self.status_label, 0, 1, alignment=Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.fetch_button, 0, 2, alignment=Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.medication_state, 1, 0, 1, 3)
        grid.addWidget(self.checkup_state, 2, 0, 1, 3)
        grid.setColumnStretch(0, 1)


class MedicationFilterBar(QWidget):
    """Text filter, source boxes, window selector and the export buttons."""

    text_edited = Signal()
    sources_changed = Signal()
    window_changed = Signal(object)
    copy_requested = Signal()
    print_requested = Signal()
    pdf_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr("Filter by drug, ingredient, clinic or usage"))
        self.filter_edit.setAccessibleName(tr("Filter medication"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        self.filter_edit.textChanged.connect(lambda _text: self.text_edited.emit())
        row.addWidget(self.filter_edit, 2)
        self.source_boxes: dict[MedicationSource, QCheckBox] = {}
        for source in (
            MedicationSource.DISPENSING,
            MedicationSource.CLAIMS,
            MedicationSource.EPRESCRIPTION,
        ):
            box = QCheckBox(source_name(source))
            box.setChecked(True)
            box.setToolTip(source_tooltip(source))
            box.setAccessibleName(tr("Show {source}").format(source=source_name(source)))
            box.toggled.connect(lambda _on: self.sources_changed.emit())
            self.source_boxes[source] = box
            row.addWidget(box)
        window_caption = QLabel(tr("Window"))
        self.window_combo = QComboBox()
        self.window_combo.setAccessibleName(tr("Time window"))
        for months in WINDOW_CHOICES:
            self.window_combo.addItem(window_label(months), months)
        self.window_combo.setCurrentIndex(WINDOW_CHOICES.index(DEFAULT_WINDOW))
        self.window_combo.currentIndexChanged.connect(
            lambda index: self.window_changed.emit(self.window_combo.itemData(index))
        )
        window_caption.setBuddy(self.window_combo)
        row.addSpacing(8)
        row.addWidget(window_caption)
        row.addWidget(self.window_combo)
        row.addStretch(1)
        self.copy_button = QPushButton(tr("Copy for chart"))
        self.copy_button.setAccessibleName(tr("Copy a plain-text summary for the chart"))
        self.copy_button.clicked.connect(self.copy_requested.emit)
        self.print_button = QPushButton(tr("Print"))
        self.print_button.setAccessibleName(tr("Print the medication summary"))
        self.print_button.clicked.connect(self.print_requested.emit)
        self.pdf_button = QPushButton(tr("Save PDF"))
        self.pdf_button.setAccessibleName(tr("Save the medication summary as PDF"))
        self.pdf_button.clicked.connect(self.pdf_requested.emit)
        for button in (self.copy_button, self.print_button, self.pdf_button):
            row.addWidget(button)

    def line_filter(self) -> LineFilter:
        sources = frozenset(s for s, box in self.source_boxes.items() if box.isChecked())
        return LineFilter(self.filter_edit.text(), sources)
