"""How the history screens' tables look: read-only row tables and their column widths."""

from __future__ import annotations

from clinic_app.ui.history.delegates import PeriodBarDelegate
from clinic_app.ui.history.models import CheckupModel, MedicationByDateModel, MedicationByDrugModel
from clinic_app.ui.qt import QAbstractItemView, QHeaderView, Qt, QTableView


def history_table(name: str) -> QTableView:
    """A read-only, row-selecting table with the accessible name ``name``."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    # Size columns from the first rows only: measuring thousands of rows would cost
    # more than the whole first paint.
    table.horizontalHeader().setResizeContentsPrecision(40)
    return table


def set_medication_column_widths(
    by_date_table: QTableView, by_drug_table: QTableView, bar_delegate: PeriodBarDelegate
) -> None:
    """Fixed starting widths for both medication tables; the period bars in by-drug."""
    date_header = by_date_table.horizontalHeader()
    widths = {
        MedicationByDateModel.DATE: 96,
        MedicationByDateModel.INSTITUTION: 170,
        MedicationByDateModel.DRUG: 270,
        MedicationByDateModel.INGREDIENT: 190,
        MedicationByDateModel.QUANTITY: 64,
        MedicationByDateModel.USAGE: 140,
        MedicationByDateModel.DAYS: 50,
        MedicationByDateModel.SOURCE: 96,
    }
    for column, width in widths.items():
        date_header.resizeSection(column, width)
    date_header.setStretchLastSection(True)
    drug_header = by_drug_table.horizontalHeader()
    drug_widths = {
        MedicationByDrugModel.DRUG: 230,
        MedicationByDrugModel.INGREDIENT: 150,
        MedicationByDrugModel.DOSE: 136,
        MedicationByDrugModel.LAST: 90,
        MedicationByDrugModel.PERIODS: 172,
        MedicationByDrugModel.TOTAL: 64,
        MedicationByDrugModel.FILLS: 44,
        MedicationByDrugModel.INSTITUTIONS: 190,
        MedicationByDrugModel.SOURCES: 150,
    }
    for column, width in drug_widths.items():
        drug_header.resizeSection(column, width)
    drug_header.setStretchLastSection(True)
    by_drug_table.setItemDelegateForColumn(MedicationByDrugModel.PERIODS, bar_delegate)


def size_checkup_columns(table: QTableView, model: CheckupModel) -> None:
    """Item, unit and range columns, then one fixed-width column per checkup date."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.resizeSection(CheckupModel.ITEM, 200)
    header.resizeSection(CheckupModel.UNIT, 110)
    header.resizeSection(CheckupModel.RANGE, 100)
    for column in range(CheckupModel.FIRST_DATE, model.columnCount()):
        header.resizeSection(column, 110)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
