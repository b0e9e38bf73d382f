# mypy: allow-subclassing-any, allow-untyped-decorators
"""Today's queue as a table model, and the desk's search filter over it.

Model/view (STYLE.md item 13): the model holds plain ``QueueEntry`` values read
in a worker; the proxy filters by kana (any width, katakana or hiragana),
birth date (西暦 or 和暦) or patient ID without touching the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from clinic_app.core.names import normalise_kana
from clinic_app.services.queue import QueueEntry
from clinic_app.ui import texts
from clinic_app.ui.birthdate import parse_birthdate
from clinic_app.ui.qt import (
    ModelIndex,
    QAbstractTableModel,
    QColor,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    translate,
)

COL_ARRIVED, COL_PATIENT_ID, COL_NAME, COL_KANA, COL_STATUS, COL_ESTABLISHED, COL_RECHECK = range(7)

#: Role for the raw sort key of a cell.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class QueueTableModel(QAbstractTableModel):
    """Rows are :class:`QueueEntry` values, oldest arrival first."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[QueueEntry] = []

    def headers(self) -> list[str]:
        return [
            translate("QueueTableModel", "Arrived"),
            translate("QueueTableModel", "Patient ID"),
            translate("QueueTableModel", "Name"),
            translate("QueueTableModel", "Kana"),
            translate("QueueTableModel", "Status"),
            translate("QueueTableModel", "Eligibility by"),
            translate("QueueTableModel", "Re-check"),
        ]

    def set_entries(self, entries: Sequence[QueueEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> QueueEntry:
        return self._rows[row]

    def entries(self) -> list[QueueEntry]:
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        visit, patient = entry.visit, entry.patient
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(entry, column)
        if role == SORT_ROLE:
            if column == COL_ARRIVED:
                return visit.arrived_at.isoformat()
            if column == COL_KANA and patient is not None:
                return normalise_kana(patient.kana)
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_RECHECK and visit.needs_recheck:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_RECHECK and visit.reason:
            return visit.reason
        return None

    def _display(self, entry: QueueEntry, column: int) -> str:
        visit, patient = entry.visit, entry.patient
        unknown = translate("QueueTableModel", "(unknown)")
        if column == COL_ARRIVED:
            return texts.format_time(visit.arrived_at)
        if column == COL_PATIENT_ID:
            return visit.patient_id
        if column == COL_NAME:
            return patient.name if patient else unknown
        if column == COL_KANA:
            return patient.kana if patient else ""
        if column == COL_STATUS:
            return texts.status_text(visit.status)
        if column == COL_ESTABLISHED:
            return texts.established_by_text(visit.established_by)
        if column == COL_RECHECK:
            return translate("QueueTableModel", "● needs re-check") if visit.needs_recheck else ""
        return ""


class QueueFilterProxy(QSortFilterProxyModel):
    """Filters rows by one search text: kana prefix, birth date or patient ID."""

    def __init__(self) -> None:
        super().__init__()
        self._kana = ""
        self._birthdate: date | None = None
        self._patient_id = ""
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        """Interpret ``text``: a date → birth date; digits → patient ID; else kana."""
        raw = text.strip()
        self.beginFilterChange()
        self._kana, self._birthdate, self._patient_id = "", None, ""
        if raw:
            parsed = parse_birthdate(raw, strict=False)
            if parsed is not None:
                self._birthdate = parsed
            elif raw.replace("-", "").isalnum() and raw.isascii():
                self._patient_id = raw.upper()
            else:
                self._kana = normalise_kana(raw)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QueueTableModel):
            return True
        entry = model.entry(source_row)
        patient = entry.patient
        if self._patient_id:
            return self._patient_id in entry.visit.patient_id.upper()
        if self._birthdate is not None:
            return patient is not None and patient.birthdate == self._birthdate
        if self._kana:
            return patient is not None and normalise_kana(patient.kana).startswith(self._kana)
        return True
