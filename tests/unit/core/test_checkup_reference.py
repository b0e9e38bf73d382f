"""JLAC10 lookup, reference flags, the items × dates pivot and trend series with gaps."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.core.checkup_reference import (
    ITEMS,
    Flag,
    ReferenceRange,
    build_pivot,
    lookup,
    parse_number,
    trend_keys,
    trend_series,
)
from clinic_app.core.history import CheckupItem
from clinic_app.core.patient import Sex

D1 = date(2023, 6, 1)
D2 = date(2024, 6, 3)
D3 = date(2025, 6, 2)


def item(
    day: date,
    code: str,
    value: str,
    *,
    name: str = "x",
    unit: str | None = "mg/dl",
    value_name: str | None = None,
) -> CheckupItem:
    return CheckupItem(day, code, name, "PQ", value, unit, None, value_name)


def test_table_codes_are_17_characters_and_unique() -> None:
    seen: set[str] = set()
    for definition in ITEMS:
        for code in definition.codes:
            assert len(code) == 17, code
            assert code not in seen
            seen.add(code)
        assert definition.name and definition.key


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("3D046000001920402", "hba1c"),  # exact
        ("3D046000009999902", "hba1c"),  # unknown method: analyte fallback
        ("3D045000001906202", "hba1c"),  # the older HbA1c analyte code
        ("3D010000001926101", "fpg"),
        ("3D010129901926101", "rpg"),  # random glucose by its identification part
        ("3D010129909999901", "rpg"),
        ("9A751000000000001", "sbp"),
        ("9A762000000000001", "dbp"),
        ("9n001000000000001 ", "height"),  # case and stray space
    ],
)
def test_lookup(code: str, key: str) -> None:
    found = lookup(code)
    assert found is not None
    assert found.key == key


def test_lookup_unknown() -> None:
    assert lookup("9Z999000000000001") is None
    assert lookup("") is None


def test_parse_number() -> None:
    assert parse_number("6.2") == 6.2
    assert parse_number("１２０") == 120
    assert parse_number(" 1,200 ") == 1200
    assert parse_number("陰性") is None
    assert parse_number("nan") is None
    assert parse_number("") is None


def test_reference_range_bounds_are_inclusive() -> None:
    band = ReferenceRange(40, 119)
    assert band.flag(40) is Flag.NORMAL
    assert band.flag(119) is Flag.NORMAL
    assert band.flag(39.9) is Flag.LOW
    assert band.flag(119.1) is Flag.HIGH
    assert band.text() == "40–119"
    assert ReferenceRange(None, 5.5).text() == "≤5.5"
    assert ReferenceRange(60, None).text() == "≥60"
    assert ReferenceRange().text() == ""


def test_pivot_rows_dates_and_flags() -> None:
    items = [
        item(D1, "3D046000001920402", "5.4", unit="%"),
        item(D3, "3D046000001920402", "6.3", unit="%"),
        item(D3, "3F070000002327101", "38"),
        item(D2, "3F070000002327101", "55"),
        item(D3, "9N001000000000001", "170.04", unit="cm"),
    ]
    pivot = build_pivot(items)
    assert pivot.dates == (D3, D2, D1)  # newest first
    assert [row.key for row in pivot.rows] == ["height", "hdl", "hba1c"]  # table order
    hba1c = pivot.row("hba1c")
    assert hba1c is not None
    assert hba1c.unit == "%"
    assert hba1c.reference_text == "≤5.5"
    d3, d2, d1 = hba1c.cells
    assert d3 is not None and d3.flag is Flag.HIGH and d3.text == "6.3"
    assert d2 is None  # no HbA1c in 2024: an empty cell
    assert d1 is not None and d1.flag is Flag.NORMAL
    hdl = pivot.row("hdl")
    assert hdl is not None
    assert hdl.cells[0] is not None and hdl.cells[0].flag is Flag.LOW
    assert hdl.out_of_range_count() == 1
    height = pivot.row("height")
    assert height is not None and height.cells[0] is not None
    assert height.cells[0].text == "170.0"  # one decimal, as the table defines
    assert height.cells[0].flag is Flag.UNKNOWN  # no usual range for height


def test_pivot_prefers_the_preferred_code_for_one_concept() -> None:
    items = [
        item(D3, "9A751000000000001", "150", unit="mmHg"),  # 1st reading
        item(D3, "9A755000000000001", "128", unit="mmHg"),  # "other" (the one recorded)
        item(D3, "9A752000000000001", "140", unit="mmHg"),
    ]
    row = build_pivot(items).row("sbp")
    assert row is not None
    assert row.cells[0] is not None
    assert row.cells[0].text == "128"
    assert row.cells[0].item_code == "9A755000000000001"


def test_reference_by_sex() -> None:
    items = [item(D3, "3C015000002327101", "0.90")]
    male = build_pivot(items, sex=Sex.MALE).row("creatinine")
    female = build_pivot(items, sex=Sex.FEMALE).row("creatinine")
    assert male is not None and female is not None
    assert male.cells[0] is not None and male.cells[0].flag is Flag.NORMAL
    assert female.cells[0] is not None and female.cells[0].flag is Flag.HIGH
    assert female.reference_text == "0.46–0.79"
    unknown = build_pivot(items).row("creatinine")
    assert unknown is not None and unknown.reference_text == "0.65–1.07"


def test_coded_urine_results() -> None:
    items = [
        CheckupItem(D3, "1A010000000190111", "尿蛋白", "CD", "3", None, None, None),
        CheckupItem(D2, "1A010000000190111", "尿蛋白", "CD", "2", None, None, "（±）"),
        CheckupItem(D1, "1A010000000190111", "尿蛋白", "CD", "9", None, None, None),
    ]
    row = build_pivot(items).row("urine_protein")
    assert row is not None
    texts = [(cell.text, cell.flag) for cell in row.cells if cell]
    assert texts == [("+", Flag.ABNORMAL), ("（±）", Flag.NORMAL), ("9", Flag.UNKNOWN)]


def test_unknown_codes_and_text_values_are_kept() -> None:
    items = [
        item(D3, "9Z999000000000001", "12.5", name="心電図所見", unit="ms"),
        item(D3, "3D046000001920402", "測定不能", unit="%"),
    ]
    pivot = build_pivot(items)
    unknown = pivot.row("code:9Z999000000000001")
    assert unknown is not None
    assert (unknown.name, unknown.unit) == ("心電図所見", "ms")
    assert unknown.cells[0] is not None and unknown.cells[0].text == "12.5"
    assert pivot.rows[-1] is unknown  # unknown items after the known ones
    hba1c = pivot.row("hba1c")
    assert hba1c is not None and hba1c.cells[0] is not None
    assert (hba1c.cells[0].text, hba1c.cells[0].flag) == ("測定不能", Flag.UNKNOWN)


def test_empty_pivot() -> None:
    pivot = build_pivot([])
    assert pivot.dates == ()
    assert pivot.rows == ()
    assert trend_keys(pivot) == []
    assert trend_series(pivot, "hba1c") == []


def test_trend_series_oldest_first_with_gaps() -> None:
    items = [
        item(D1, "3D046000001920402", "5.4"),
        item(D2, "3F070000002327101", "55"),  # the 2024 checkup has no HbA1c
        item(D3, "3D046000001920402", "6.3"),
        item(D3, "9Z999000000000001", "1"),
    ]
    pivot = build_pivot(items)
    series = trend_series(pivot, "hba1c")
    assert [(p.day, p.value) for p in series] == [(D1, 5.4), (D2, None), (D3, 6.3)]
    assert trend_keys(pivot) == ["hdl", "hba1c"]  # unknown and non-trend items left out


def test_every_sandbox_checkup_code_is_known_and_flagged() -> None:
    """The demo's synthetic checkups all land in named rows with a usual range where one exists."""
    from clinic_app.sandbox.population import Population

    population = Population.generate(seed=7, size=60, as_of=date(2025, 9, 1))
    items = [item for person in population.people for item in person.checkup_items()]
    assert items, "the sandbox population should carry checkups"
    unknown = {item.item_code for item in items if lookup(item.item_code) is None}
    assert unknown == set()
    pivot = build_pivot(items)
    assert all(row.definition is not None for row in pivot.rows)
    flagged = {cell.flag for row in pivot.rows for cell in row.cells if cell is not None}
    assert {Flag.NORMAL, Flag.HIGH}.issubset(flagged)
