# mypy: allow-subclassing-any
"""Table models behind the history view (model/view, STYLE.md item 13).

Each model holds the already-computed core values (``DateGroup``, ``DrugRow``,
``PivotRow``) and formats on demand in ``data()``, so a history of thousands of
lines costs nothing until rows are painted. Extra roles:

* :data:`SORT_ROLE` — a value that sorts correctly (dates, numbers) for every column;
* :data:`FLAG_ROLE` — checkup cells: the :class:`~clinic_app.core.checkup_reference.Flag`;
* :data:`RECORD_ROLE` — the underlying core object of the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from clinic_app.core.checkup_reference import CheckupPivot, Flag, PivotRow
from clinic_app.core.history import MedicationLine, MedicationSource
from clinic_app.core.medication_views import SOURCE_PREFERENCE, ByDrugView, DateGroup, DrugRow
from clinic_app.services.histories import PatientSummary
from clinic_app.ui.history.texts import (
    fmt_date,
    fmt_short,
    source_name,
    source_short_name,
    source_tooltip,
    tr,
)
from clinic_app.ui.qt import (
    QAbstractTableModel,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
FLAG_ROLE = int(Qt.ItemDataRole.UserRole) + 2
RECORD_ROLE = int(Qt.ItemDataRole.UserRole) + 3

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)

GROUP_SHADE = QColor("#f3f6fa")
DUPLICATE_SHADE = QColor("#fff3d6")
HIGH_COLOUR = QColor("#b3261e")
LOW_COLOUR = QColor("#1f5fa8")
MUTED_COLOUR = QColor("#6b7785")

Index: TypeAlias = QModelIndex | QPersistentModelIndex


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class _Table(QAbstractTableModel):
    """Shared plumbing: fixed headers, read-only cells."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = list(headers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role in (_DISPLAY, _ACCESSIBLE) and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# ---------------------------------------------------------------------------- by date


@dataclass(frozen=True, slots=True)
class _DateRow:
    group: DateGroup
    group_index: int
    line: MedicationLine
    first_in_group: bool


class MedicationByDateModel(_Table):
    """One row per medication line, grouped by date and institution (newest first).

    The date and institution show on a group's first row only; groups are shaded
    alternately so the eye follows one prescription.
    """

    DATE, INSTITUTION, DRUG, INGREDIENT, QUANTITY, USAGE, DAYS, SOURCE = range(8)

    def __init__(self) -> None:
        super().__init__(
            [
                tr("Date"),
                tr("Clinic / pharmacy"),
                tr("Drug"),
                tr("Ingredient"),
                tr("Quantity"),
                tr("Usage"),
                tr("Days"),
                tr("Source"),
            ]
        )
        self._rows: list[_DateRow] = []
        self._groups = 0

    def set_groups(self, groups: Sequence[DateGroup]) -> None:
        self.beginResetModel()
        rows: list[_DateRow] = []
        for group_index, group in enumerate(groups):
            for position, line in enumerate(group.lines):
                rows.append(_DateRow(group, group_index, line, position == 0))
        self._rows = rows
        self._groups = len(groups)
        self.endResetModel()

    @property
    def group_count(self) -> int:
        return self._groups

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        line = row.line
        column = index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            if column == self.DATE:
                if row.first_in_group or role == _ACCESSIBLE:
                    return fmt_date(row.group.day)
                return ""
            if column == self.INSTITUTION:
                if row.first_in_group or role == _ACCESSIBLE:
                    return row.group.institution_name or row.group.institution_code or "—"
                return ""
            return self._line_text(line, column)
        if role == SORT_ROLE:
            if column == self.DATE:
                return row.group.day.toordinal() if row.group.day else 0
            if column == self.DAYS:
                return line.days or 0
            return self._line_text(line, column)
        if role == RECORD_ROLE:
            return line
        if role == _BACKGROUND and row.group_index % 2 == 1:
            return GROUP_SHADE
        if role == _FONT and column in (self.DATE, self.INSTITUTION) and row.first_in_group:
            return _bold()
        if role == _ALIGN and column in (self.DAYS, self.QUANTITY):
            return _RIGHT
        if role == _TOOLTIP:
            if column == self.SOURCE:
                return source_tooltip(line.source)
            prescribed = line.prescribed_on
            if column == self.DATE and prescribed and prescribed != line.dispensed_on:
                return tr("Prescribed {day}").format(day=fmt_date(line.prescribed_on))
            text = self._line_text(line, column)
            return text or None
        if role == _FOREGROUND and column == self.SOURCE:
            return MUTED_COLOUR
        return None

    @staticmethod
    def _line_text(line: MedicationLine, column: int) -> str:
        if column == MedicationByDateModel.DRUG:
            return line.drug_name
        if column == MedicationByDateModel.INGREDIENT:
            return line.ingredient or ""
        if column == MedicationByDateModel.QUANTITY:
            return f"{line.quantity or ''}{line.unit or ''}"
        if column == MedicationByDateModel.USAGE:
            return line.usage or ""
        if column == MedicationByDateModel.DAYS:
            return str(line.days) if line.days else "—"
        if column == MedicationByDateModel.SOURCE:
            return source_name(line.source)
        return ""


# ---------------------------------------------------------------------------- by drug


def _periods_text(row: DrugRow) -> str:
    return tr(", ").join(
        f"{fmt_short(period.start)}〜{fmt_short(period.end)}" for period in row.periods
    )


class MedicationByDrugModel(_Table):
    """One row per drug with its continuous periods inside the window; sortable."""

    DRUG, INGREDIENT, DOSE, LAST, PERIODS, TOTAL, FILLS, INSTITUTIONS, SOURCES = range(9)

    def __init__(self) -> None:
        super().__init__(
            [
                tr("Drug"),
                tr("Ingredient"),
                tr("Latest dose"),
                tr("Last dispensed"),
                tr("Periods (window)"),
                tr("Total days"),
                tr("Fills"),
                tr("Prescribers / pharmacies"),
                tr("Sources"),
            ]
        )
        self._rows: list[DrugRow] = []
        self.view: ByDrugView | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_view(self, view: ByDrugView) -> None:
        self.beginResetModel()
        self.view = view
        self._rows = list(view.rows)
        if self._sort is not None:
            self._apply_sort(*self._sort)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def row_at(self, row: int) -> DrugRow:
        return self._rows[row]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == RECORD_ROLE:
            return row
        if role == _BACKGROUND and row.same_ingredient_as:
            return DUPLICATE_SHADE
        if role == _FONT and column == self.DRUG and self._active(row):
            return _bold()
        if role == _ALIGN and column in (self.TOTAL, self.FILLS):
            return _RIGHT
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        return None

    def _active(self, row: DrugRow) -> bool:
        return self.view is not None and row.active_on(self.view.window_end)

    def _text(self, row: DrugRow, column: int) -> str:
        line = row.last_line
        if column == self.DRUG:
            return row.drug_name
        if column == self.INGREDIENT:
            return row.ingredient or ""
        if column == self.DOSE:
            dose = f"{line.quantity or ''}{line.unit or ''}"
            return " ".join(part for part in (dose, line.usage or "") if part)
        if column == self.LAST:
            return fmt_date(row.last_dispensed)
        if column == self.PERIODS:
            return _periods_text(row)
        if column == self.TOTAL:
            if row.days_unknown:
                return f"{row.total_days}+" if row.total_days else "—"
            return str(row.total_days)
        if column == self.FILLS:
            return str(row.fill_count)
        if column == self.INSTITUTIONS:
            return " / ".join(row.institutions)
        if column == self.SOURCES:
            return "・".join(
                source_short_name(source) for source in sorted(row.sources, key=_order)
            )
        return ""

    def _sort_key(self, row: DrugRow, column: int) -> Any:
        if column == self.LAST:
            return row.last_dispensed.toordinal()
        if column == self.PERIODS:
            return row.first_start.toordinal()
        if column == self.TOTAL:
            return row.total_days
        if column == self.FILLS:
            return row.fill_count
        return self._text(row, column)

    def _tooltip(self, row: DrugRow, column: int) -> str | None:
        notes = []
        if row.same_ingredient_as:
            notes.append(
                tr("Same ingredient as: {names}").format(names=", ".join(row.same_ingredient_as))
            )
        if row.days_unknown:
            notes.append(tr("Some fills have no day count (e.g. as-needed drugs)."))
        if column == self.PERIODS:
            notes.insert(0, _periods_text(row))
        if column == self.SOURCES:
            notes.insert(
                0, "\n".join(source_tooltip(source) for source in sorted(row.sources, key=_order))
            )
        if notes:
            return "\n".join(notes)
        return self._text(row, column) or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort(column, order)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        self._rows.sort(
            key=lambda row: self._sort_key(row, column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )


def _order(source: MedicationSource) -> int:
    return SOURCE_PREFERENCE.index(source)


# --------------------------------------------------------------------------- checkups


class CheckupModel(_Table):
    """Items × checkup dates (newest first) with unit and usual range; marks H/L."""

    ITEM, UNIT, RANGE = range(3)
    FIRST_DATE = 3

    def __init__(self) -> None:
        super().__init__([tr("Item"), tr("Unit"), tr("Usual range")])
        self.pivot = CheckupPivot((), ())

    def set_pivot(self, pivot: CheckupPivot) -> None:
        self.beginResetModel()
        self.pivot = pivot
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pivot.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIRST_DATE + len(self.pivot.dates)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role in (_DISPLAY, _ACCESSIBLE) and section >= self.FIRST_DATE:
            offset = section - self.FIRST_DATE
            if offset < len(self.pivot.dates):
                return fmt_date(self.pivot.dates[offset])
            return None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.pivot.rows):
            return None
        row: PivotRow = self.pivot.rows[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return row
        if column < self.FIRST_DATE:
            if role in (_DISPLAY, _ACCESSIBLE, SORT_ROLE):
                return (row.name, row.unit, row.reference_text)[column]
            if role == _FONT and column == self.ITEM:
                return _bold()
            if role == _FOREGROUND and column != self.ITEM:
                return MUTED_COLOUR
            return None
        offset = column - self.FIRST_DATE
        if offset >= len(row.cells):
            return None
        cell = row.cells[offset]
        if role == FLAG_ROLE:
            return cell.flag if cell else None
        if role == SORT_ROLE:
            return cell.value if cell else None
        if cell is None:
            if role == _DISPLAY:
                return ""
            if role == _ACCESSIBLE:
                return tr("not measured")
            return None
        if role == _DISPLAY:
            # Coded results (urine "+") carry their own mark; colour and font add to it.
            marks = {Flag.HIGH: " H", Flag.LOW: " L"}
            return cell.text + marks.get(cell.flag, "")
        if role == _ACCESSIBLE:
            words = {
                Flag.HIGH: tr("above the usual range"),
                Flag.LOW: tr("below the usual range"),
                Flag.ABNORMAL: tr("abnormal"),
            }
            extra = words.get(cell.flag)
            return f"{cell.text} {extra}" if extra else cell.text
        if role == _FOREGROUND:
            if cell.flag in (Flag.HIGH, Flag.ABNORMAL):
                return HIGH_COLOUR
            if cell.flag is Flag.LOW:
                return LOW_COLOUR
            return None
        if role == _FONT and cell.flag in (Flag.HIGH, Flag.LOW, Flag.ABNORMAL):
            return _bold()
        if role == _ALIGN:
            return _RIGHT
        if role == _TOOLTIP:
            if cell.flag is Flag.HIGH:
                return tr("Above the usual range ({range})").format(range=row.reference_text)
            if cell.flag is Flag.LOW:
                return tr("Below the usual range ({range})").format(range=row.reference_text)
            if cell.flag is Flag.ABNORMAL:
                return tr("Outside the normal result")
            return None
        return None


# ------------------------------------------------------------------------ today's list


def age_on(birthdate: date, day: date) -> int:
    years = day.year - birthdate.year
    if (day.month, day.day) < (birthdate.month, birthdate.day):
        years -= 1
    return years


class TodayPatientsModel(_Table):
    """Today's visits for the doctor: queue number, time, patient ID, name, age/sex, status."""

    QUEUE, TIME, NUMBER, NAME, AGE, STATUS = range(6)

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        super().__init__(
            [tr("No."), tr("Arrived"), tr("Patient ID"), tr("Name"), tr("Age"), tr("Status")]
        )
        self._today = today
        self._rows: list[PatientSummary] = []

    def set_patients(self, patients: Sequence[PatientSummary]) -> None:
        self.beginResetModel()
        self._rows = sorted(patients, key=lambda patient: patient.queue_number)
        self.endResetModel()

    def patient_at(self, row: int) -> PatientSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        patient = self._rows[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return patient
        if role in (_DISPLAY, _ACCESSIBLE, SORT_ROLE):
            if column == self.QUEUE:
                return patient.queue_number if role == SORT_ROLE else str(patient.queue_number)
            if column == self.TIME:
                return patient.checked_in_at.strftime("%H:%M") if patient.checked_in_at else ""
            if column == self.NUMBER:
                return patient.patient_number
            if column == self.NAME:
                return patient.name
            if column == self.AGE:
                age = age_on(patient.birthdate, self._today())
                if role == SORT_ROLE:
                    return age
                return tr("{age} {sex}").format(age=age, sex=sex_mark(patient.sex.value))
            if column == self.STATUS:
                return status_name(patient.status)
        if role == _TOOLTIP and column == self.NAME:
            return patient.kana
        if role == _ALIGN and column in (self.QUEUE, self.TIME):
            return _CENTER
        return None


def sex_mark(value: str) -> str:
    return {"1": tr("M"), "2": tr("F")}.get(value, "")


def status_name(status: str) -> str:
    names = {
        "waiting": tr("Waiting"),
        "called": tr("Called"),
        "in_consultation": tr("In consultation"),
        "billing": tr("Billing"),
        "done": tr("Done"),
        "cancelled": tr("Cancelled"),
    }
    return names.get(status, status)
