# mypy: allow-subclassing-any, allow-untyped-decorators
"""Registered patients found by a desk search, as a small table model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clinic_app.services.ports import PatientRecord
from clinic_app.ui import texts
from clinic_app.ui.qt import ModelIndex, QAbstractTableModel, QModelIndex, Qt, translate


class PatientListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[PatientRecord] = []

    def set_patients(self, patients: Sequence[PatientRecord]) -> None:
        self.beginResetModel()
        self._rows = list(patients)
        self.endResetModel()

    def patient(self, row: int) -> PatientRecord:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                translate("PatientListModel", "Patient ID"),
                translate("PatientListModel", "Name"),
                translate("PatientListModel", "Kana"),
                translate("PatientListModel", "Birth date"),
            ][section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        patient = self._rows[index.row()]
        return [
            patient.patient_id,
            patient.name,
            patient.kana,
            texts.format_date(patient.birthdate),
        ][index.column()]
