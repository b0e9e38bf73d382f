"""The table models: row counts, display and extra roles, sorting, flags."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from clinic_app.core.checkup_reference import Flag, build_pivot
from clinic_app.core.history import CheckupItem, MedicationLine, MedicationSource
from clinic_app.core.medication_views import by_drug, group_by_date
from clinic_app.core.patient import Sex
from clinic_app.services.histories import PatientSummary
from clinic_app.ui.history.models import (
    FLAG_ROLE,
    RECORD_ROLE,
    SORT_ROLE,
    CheckupModel,
    MedicationByDateModel,
    MedicationByDrugModel,
    TodayPatientsModel,
)
from clinic_app.ui.qt import QApplication, QModelIndex, Qt

pytestmark = pytest.mark.ui

DISPLAY = Qt.ItemDataRole.DisplayRole
AS_OF = date(2025, 8, 20)


def med(
    day: date,
    drug: str,
    *,
    days: int = 28,
    institution: str = "A医院",
    source: MedicationSource = MedicationSource.DISPENSING,
    ingredient: str | None = None,
) -> MedicationLine:
    return MedicationLine(
        source,
        day,
        day,
        "1",
        institution,
        None,
        drug,
        ingredient or drug,
        "1",
        "錠",
        "1日1回",
        days,
    )


LINES = [
    med(date(2025, 8, 1), "アムロジピン錠5mg", ingredient="アムロジピン"),
    med(date(2025, 8, 1), "メトホルミン錠250mg"),
    med(date(2025, 8, 1), "アムロジピン錠5mg", institution="B薬局", ingredient="アムロジピン"),
    med(
        date(2025, 6, 1), "ノルバスク錠5mg", days=90, institution="C医院", ingredient="アムロジピン"
    ),
    med(date(2025, 3, 1), "ロキソニン錠60mg", days=7),
]


def test_by_date_model(qapp: QApplication) -> None:
    model = MedicationByDateModel()
    assert model.rowCount() == 0
    model.set_groups(group_by_date(LINES))
    assert model.rowCount() == 5
    assert model.columnCount() == 8
    assert model.group_count == 4
    first, second = model.index(0, model.DATE), model.index(1, model.DATE)
    assert model.data(first) == "2025/08/01"
    assert model.data(second) == ""  # same group: the date shows once
    assert model.data(second, Qt.ItemDataRole.AccessibleTextRole) == "2025/08/01"
    assert model.data(second, SORT_ROLE) == date(2025, 8, 1).toordinal()
    assert model.data(model.index(0, model.DRUG)) == "アムロジピン錠5mg"
    assert model.data(model.index(0, model.QUANTITY)) == "1錠"
    assert model.data(model.index(0, model.DAYS)) == "28"
    assert model.data(model.index(0, model.SOURCE)) == "Dispensing"
    assert isinstance(model.data(model.index(0, 0), RECORD_ROLE), MedicationLine)
    # Groups alternate their shade; the first group has none.
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Date"
    assert model.data(model.index(99, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_by_drug_model_rows_roles_and_sorting(qapp: QApplication) -> None:
    model = MedicationByDrugModel()
    model.set_view(by_drug(LINES, as_of=AS_OF))
    names = [model.data(model.index(r, model.DRUG)) for r in range(model.rowCount())]
    assert names == [
        "アムロジピン錠5mg",
        "メトホルミン錠250mg",
        "ノルバスク錠5mg",
        "ロキソニン錠60mg",
    ]
    amlo = model.row_at(0)
    assert amlo.fill_count == 2  # two institutions, one source each: two fills
    assert model.data(model.index(0, model.FILLS)) == "2"
    assert model.data(model.index(0, model.INSTITUTIONS)) == "B薬局 / A医院"
    assert model.data(model.index(0, model.DOSE)) == "1錠 1日1回"
    assert model.data(model.index(0, model.PERIODS)) == "25/08/01〜25/08/28"
    # Same ingredient as the ノルバスク row: shaded, explained in the tooltip.
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    tooltip = model.data(model.index(0, model.DRUG), Qt.ItemDataRole.ToolTipRole)
    assert "ノルバスク錠5mg" in tooltip
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    # Still taking on the window's last day: bold.
    assert model.data(model.index(0, model.DRUG), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(3, model.DRUG), Qt.ItemDataRole.FontRole) is None

    model.sort(model.TOTAL, Qt.SortOrder.DescendingOrder)
    totals = [model.data(model.index(r, model.TOTAL), SORT_ROLE) for r in range(4)]
    assert totals == sorted(totals, reverse=True)
    assert model.data(model.index(0, model.DRUG)) == "ノルバスク錠5mg"
    model.sort(model.LAST, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, model.DRUG)) == "ロキソニン錠60mg"
    # The chosen order survives a new view (filter change).
    model.set_view(by_drug(LINES[:2] + LINES[4:], as_of=AS_OF))
    assert model.data(model.index(0, model.DRUG)) == "ロキソニン錠60mg"


def test_checkup_model_headers_flags_and_gaps(qapp: QApplication) -> None:
    d1, d2 = date(2024, 6, 1), date(2025, 6, 1)
    items = [
        CheckupItem(d2, "3D046000001920402", "HbA1c", "PQ", "6.4", "%", None, None),
        CheckupItem(d1, "3D046000001920402", "HbA1c", "PQ", "5.3", "%", None, None),
        CheckupItem(d2, "3F070000002327101", "HDL", "PQ", "35", "mg/dl", None, None),
    ]
    model = CheckupModel()
    model.set_pivot(build_pivot(items, sex=Sex.FEMALE))
    assert model.rowCount() == 2
    assert model.columnCount() == 5
    assert model.headerData(3, Qt.Orientation.Horizontal) == "2025/06/01"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "2024/06/01"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Item"
    hdl, hba1c = 0, 1
    assert model.data(model.index(hba1c, 0)) == "HbA1c(NGSP)"
    assert model.data(model.index(hba1c, 1)) == "%"
    assert model.data(model.index(hba1c, 2)) == "≤5.5"
    assert model.data(model.index(hba1c, 3)) == "6.4 H"
    assert model.data(model.index(hba1c, 3), FLAG_ROLE) is Flag.HIGH
    assert model.data(model.index(hba1c, 3), SORT_ROLE) == 6.4
    assert model.data(model.index(hba1c, 4)) == "5.3"
    assert model.data(model.index(hdl, 3)) == "35 L"
    assert model.data(model.index(hdl, 4)) == ""  # no HDL in 2024
    assert model.data(model.index(hdl, 4), Qt.ItemDataRole.AccessibleTextRole) == "not measured"
    assert "above" in model.data(model.index(hba1c, 3), Qt.ItemDataRole.AccessibleTextRole)
    assert model.data(model.index(hba1c, 3), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(hba1c, 4), Qt.ItemDataRole.ForegroundRole) is None


def test_today_patients_model(qapp: QApplication) -> None:
    model = TodayPatientsModel(lambda: date(2025, 9, 1))
    model.set_patients(
        [
            PatientSummary(
                2,
                "000200",
                "髙橋 美咲",
                "タカハシ ミサキ",
                date(1979, 11, 20),
                Sex.FEMALE,
                2,
                datetime(2025, 9, 1, 9, 5),
                "waiting",
            ),
            PatientSummary(
                1,
                "000100",
                "山田 太郎",
                "ヤマダ タロウ",
                date(1958, 9, 2),
                Sex.MALE,
                1,
                datetime(2025, 9, 1, 8, 47),
                "in_consultation",
            ),
        ]
    )
    assert model.rowCount() == 2
    assert model.patient_at(0).patient_id == 1  # queue order
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == ["1", "08:47", "000100", "山田 太郎", "66 M", "In consultation"]
    assert model.data(model.index(0, model.AGE), SORT_ROLE) == 66  # birthday tomorrow
    assert model.data(model.index(0, model.NAME), Qt.ItemDataRole.ToolTipRole) == "ヤマダ タロウ"
