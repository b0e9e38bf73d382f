"""Checkup items: JLAC10 codes → name, unit, usual range; the items × dates pivot.

A JLAC10 code is 17 characters: analyte (5) + identification (4) + material (3) +
method (3) + result identification (2). The same measurement arrives under several
codes (HbA1c by HPLC or by enzyme method, blood pressure 1st/2nd/other reading), so
items are keyed by *concept*: each :class:`ItemDefinition` lists full codes first
(exact match, in preference order) and falls back to the 5-character analyte code.

The usual ranges are the 特定健康診査 保健指導判定値 (the thresholds a 特定健診 report
marks) and, for items without one, the JCCLS 共用基準範囲. They are a reading aid for
the doctor, not a diagnosis; values are marked, never hidden or altered. The Japanese
item names are the standard 特定健診 names (code-table data, like the names the service
sends in ``ItemName``), not UI text.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from clinic_app.core.history import CheckupItem
from clinic_app.core.patient import Sex


class Flag(Enum):
    """How a value compares with the usual range."""

    NORMAL = "normal"
    HIGH = "high"
    LOW = "low"
    ABNORMAL = "abnormal"  # coded result outside the normal codes (e.g. urine protein 1+)
    UNKNOWN = "unknown"  # no range, or the value is not a number


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """Inclusive usual range; either bound may be open."""

    low: float | None = None
    high: float | None = None

    def flag(self, value: float) -> Flag:
        if self.low is not None and value < self.low:
            return Flag.LOW
        if self.high is not None and value > self.high:
            return Flag.HIGH
        return Flag.NORMAL

    def text(self) -> str:
        def num(x: float) -> str:
            return f"{x:g}"

        if self.low is not None and self.high is not None:
            return f"{num(self.low)}–{num(self.high)}"
        if self.high is not None:
            return f"≤{num(self.high)}"
        if self.low is not None:
            return f"≥{num(self.low)}"
        return ""


@dataclass(frozen=True, slots=True)
class ItemDefinition:
    """One checkup concept."""

    key: str
    name: str
    unit: str
    codes: tuple[str, ...]  # full 17-character codes, preferred first
    #: Fallback prefixes: 5-character analyte codes, or 9 characters (analyte +
    #: identification) where the identification tells concepts apart (随時血糖).
    analytes: tuple[str, ...]
    male: ReferenceRange | None = None
    female: ReferenceRange | None = None  # None: same as male
    trend: bool = False  # one of the main items charted over time
    decimals: int = 0
    #: For coded results (urine): the codes that are normal (1 "−", 2 "±").
    normal_codes: frozenset[str] = frozenset()

    def reference(self, sex: Sex | None) -> ReferenceRange | None:
        if sex is Sex.FEMALE and self.female is not None:
            return self.female
        return self.male


def _r(low: float | None, high: float | None) -> ReferenceRange:
    return ReferenceRange(low, high)


#: Display order of the pivot's rows: body, blood pressure, lipids, liver, glucose,
#: kidney, blood count, urine.
ITEMS: tuple[ItemDefinition, ...] = (
    ItemDefinition("height", "身長", "cm", ("9N001000000000001",), ("9N001",), decimals=1),
    ItemDefinition(
        "weight", "体重", "kg", ("9N006000000000001",), ("9N006",), trend=True, decimals=1
    ),
    ItemDefinition(
        "bmi",
        "BMI",
        "kg/m²",
        ("9N011000000000001",),
        ("9N011",),
        _r(18.5, 24.9),
        trend=True,
        decimals=1,
    ),
    ItemDefinition(
        "waist",
        "腹囲",
        "cm",
        ("9N016160100000001", "9N016160200000001", "9N016160300000001"),
        ("9N016",),
        _r(None, 84.9),
        _r(None, 89.9),
        trend=True,
        decimals=1,
    ),
    ItemDefinition(
        "sbp",
        "収縮期血圧",
        "mmHg",
        ("9A755000000000001", "9A752000000000001", "9A751000000000001"),
        ("9A755", "9A752", "9A751"),
        _r(None, 129),
        trend=True,
    ),
    ItemDefinition(
        "dbp",
        "拡張期血圧",
        "mmHg",
        ("9A765000000000001", "9A762000000000001", "9A761000000000001"),
        ("9A765", "9A762", "9A761"),
        _r(None, 84),
        trend=True,
    ),
    ItemDefinition(
        "tg",
        "中性脂肪",
        "mg/dL",
        ("3F015000002327101", "3F015000002327201", "3F015000002399901"),
        ("3F015",),
        _r(None, 149),
        trend=True,
    ),
    ItemDefinition(
        "hdl",
        "HDLコレステロール",
        "mg/dL",
        ("3F070000002327101", "3F070000002327201", "3F070000002399901"),
        ("3F070",),
        _r(40, None),
        trend=True,
    ),
    ItemDefinition(
        "ldl",
        "LDLコレステロール",
        "mg/dL",
        ("3F077000002327101", "3F077000002327201", "3F077000002399901", "3F077000002391901"),
        ("3F077",),
        _r(None, 119),
        trend=True,
    ),
    ItemDefinition(
        "nonhdl",
        "Non-HDLコレステロール",
        "mg/dL",
        ("8A075000002391901",),
        ("8A075",),
        _r(None, 149),
    ),
    ItemDefinition(
        "ast",
        "AST(GOT)",
        "U/L",
        ("3B035000002327201", "3B035000002399901"),
        ("3B035",),
        _r(None, 30),
        trend=True,
    ),
    ItemDefinition(
        "alt",
        "ALT(GPT)",
        "U/L",
        ("3B045000002327201", "3B045000002399901"),
        ("3B045",),
        _r(None, 30),
        trend=True,
    ),
    ItemDefinition(
        "ggt",
        "γ-GT(γ-GTP)",
        "U/L",
        ("3B090000002327101", "3B090000002399901"),
        ("3B090",),
        _r(None, 50),
        trend=True,
    ),
    ItemDefinition(
        "fpg",
        "空腹時血糖",
        "mg/dL",
        ("3D010000001926101", "3D010000002227101", "3D010000001927201", "3D010000001999901"),
        ("3D010",),
        _r(None, 99),
        trend=True,
    ),
    ItemDefinition(
        "rpg",
        "随時血糖",
        "mg/dL",
        ("3D010129901926101", "3D010129902227101"),
        ("3D0101299",),
        _r(None, 99),
    ),
    ItemDefinition(
        "hba1c",
        "HbA1c(NGSP)",
        "%",
        ("3D046000001920402", "3D046000001906202", "3D046000001927102", "3D046000001999902"),
        ("3D046", "3D045"),
        _r(None, 5.5),
        trend=True,
        decimals=1,
    ),
    ItemDefinition(
        "creatinine",
        "血清クレアチニン",
        "mg/dL",
        ("3C015000002327101",),
        ("3C015",),
        _r(0.65, 1.07),
        _r(0.46, 0.79),
        decimals=2,
    ),
    ItemDefinition(
        "egfr",
        "eGFR",
        "mL/min/1.73m²",
        ("8A065000002391901",),
        ("8A065",),
        _r(60, None),
        trend=True,
        decimals=1,
    ),
    ItemDefinition(
        "uric_acid",
        "尿酸",
        "mg/dL",
        ("3C020000002327101",),
        ("3C020",),
        _r(None, 7.0),
        decimals=1,
    ),
    ItemDefinition(
        "rbc",
        "赤血球数",
        "万/μL",
        ("2A020000001930101",),
        ("2A020",),
        _r(435, 555),
        _r(386, 492),
    ),
    ItemDefinition(
        "hb",
        "血色素量",
        "g/dL",
        ("2A030000001930101",),
        ("2A030",),
        _r(13.7, 16.8),
        _r(11.6, 14.8),
        decimals=1,
    ),
    ItemDefinition(
        "ht",
        "ヘマトクリット",
        "%",
        ("2A040000001930102",),
        ("2A040",),
        _r(40.7, 50.1),
        _r(35.1, 44.4),
        decimals=1,
    ),
    ItemDefinition(
        "urine_glucose",
        "尿糖",
        "",
        ("1A020000000190111", "1A020000000191111"),
        ("1A020",),
        normal_codes=frozenset({"1"}),
    ),
    ItemDefinition(
        "urine_protein",
        "尿蛋白",
        "",
        ("1A010000000190111", "1A010000000191111"),
        ("1A010",),
        normal_codes=frozenset({"1", "2"}),
    ),
)

#: Coded urine results (試験紙法): code → display, as the service's DataValueName would say.
URINE_CODE_NAMES: dict[str, str] = {"1": "−", "2": "±", "3": "+", "4": "2+", "5": "3+"}

_BY_CODE: dict[str, tuple[ItemDefinition, int]] = {}
_BY_ANALYTE: dict[str, tuple[ItemDefinition, int]] = {}
for _definition in ITEMS:
    for _rank, _code in enumerate(_definition.codes):
        _BY_CODE.setdefault(_code, (_definition, _rank))
    for _rank, _analyte in enumerate(_definition.analytes):
        _BY_ANALYTE.setdefault(_analyte, (_definition, len(_definition.codes) + _rank))
_ORDER = {definition.key: index for index, definition in enumerate(ITEMS)}
ITEMS_BY_KEY: dict[str, ItemDefinition] = {definition.key: definition for definition in ITEMS}


def lookup(item_code: str) -> ItemDefinition | None:
    """The concept an item code belongs to, or ``None`` for a code we do not know."""
    found = _lookup_ranked(item_code)
    return found[0] if found else None


def _lookup_ranked(item_code: str) -> tuple[ItemDefinition, int] | None:
    code = item_code.strip().upper()
    return _BY_CODE.get(code) or _BY_ANALYTE.get(code[:9]) or _BY_ANALYTE.get(code[:5])


def parse_number(text: str) -> float | None:
    """A numeric value as the service writes it (full-width digits allowed), else ``None``."""
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    try:
        value = float(folded)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# ---------------------------------------------------------------------------------------
# the pivot


@dataclass(frozen=True, slots=True)
class PivotCell:
    """One value in the items × dates table."""

    text: str  # what to show
    value: float | None  # parsed number, for charts and sorting
    flag: Flag
    item_code: str


@dataclass(frozen=True, slots=True)
class PivotRow:
    key: str  # concept key, or ``code:<item code>`` for unknown codes
    name: str
    unit: str
    reference: ReferenceRange | None
    definition: ItemDefinition | None
    cells: tuple[PivotCell | None, ...]  # aligned with CheckupPivot.dates

    @property
    def reference_text(self) -> str:
        return self.reference.text() if self.reference else ""

    def out_of_range_count(self) -> int:
        return sum(
            1 for cell in self.cells if cell and cell.flag in (Flag.HIGH, Flag.LOW, Flag.ABNORMAL)
        )


@dataclass(frozen=True, slots=True)
class CheckupPivot:
    dates: tuple[date, ...]  # newest first
    rows: tuple[PivotRow, ...]

    def row(self, key: str) -> PivotRow | None:
        return next((row for row in self.rows if row.key == key), None)


def _format(definition: ItemDefinition | None, value: float | None, raw: str) -> str:
    if value is None or definition is None:
        return raw.strip()
    return f"{value:.{definition.decimals}f}"


def _cell(item: CheckupItem, definition: ItemDefinition | None, sex: Sex | None) -> PivotCell:
    if definition is not None and definition.normal_codes:
        code = item.value.strip()
        text = item.value_name or URINE_CODE_NAMES.get(code, code)
        flag = Flag.NORMAL if code in definition.normal_codes else Flag.ABNORMAL
        if code not in URINE_CODE_NAMES:
            flag = Flag.UNKNOWN
        return PivotCell(text, None, flag, item.item_code)
    value = parse_number(item.value)
    reference = definition.reference(sex) if definition else None
    if value is None:
        text = item.value_name or item.value.strip()
        return PivotCell(text, None, Flag.UNKNOWN, item.item_code)
    flag = reference.flag(value) if reference else Flag.UNKNOWN
    return PivotCell(_format(definition, value, item.value), value, flag, item.item_code)


def build_pivot(items: Iterable[CheckupItem], *, sex: Sex | None = None) -> CheckupPivot:
    """Items × checkup dates, newest date first; known concepts in :data:`ITEMS` order.

    When one checkup carries a concept under several codes (two blood-pressure
    readings), the preferred code wins; unknown codes get a row of their own with the
    name and unit the service sent.
    """
    chosen: dict[tuple[str, date], tuple[int, CheckupItem]] = {}
    unknown_names: dict[str, tuple[str, str]] = {}
    for item in items:
        found = _lookup_ranked(item.item_code)
        if found is None:
            key = f"code:{item.item_code.strip()}"
            unknown_names.setdefault(key, (item.item_name, item.unit or ""))
            rank = 0
        else:
            key, rank = found[0].key, found[1]
        previous = chosen.get((key, item.checkup_date))
        if previous is None or rank < previous[0]:
            chosen[(key, item.checkup_date)] = (rank, item)

    dates = tuple(sorted({day for _, day in chosen}, reverse=True))
    column = {day: index for index, day in enumerate(dates)}
    cells_by_key: dict[str, list[PivotCell | None]] = defaultdict(lambda: [None] * len(dates))
    for (key, day), (_, item) in chosen.items():
        definition = ITEMS_BY_KEY.get(key)
        cells_by_key[key][column[day]] = _cell(item, definition, sex)

    def order(key: str) -> tuple[int, str]:
        return (_ORDER.get(key, len(_ORDER)), key)

    rows = []
    for key in sorted(cells_by_key, key=order):
        definition = ITEMS_BY_KEY.get(key)
        if definition is not None:
            name, unit = definition.name, definition.unit
            reference = definition.reference(sex)
        else:
            name, unit = unknown_names[key]
            reference = None
        rows.append(PivotRow(key, name, unit, reference, definition, tuple(cells_by_key[key])))
    return CheckupPivot(dates, tuple(rows))


@dataclass(frozen=True, slots=True)
class TrendPoint:
    day: date
    value: float | None  # None: no numeric value that day (a gap in the line)


def trend_series(pivot: CheckupPivot, key: str) -> list[TrendPoint]:
    """One concept over time, oldest first, with ``None`` where a checkup lacks it."""
    row = pivot.row(key)
    if row is None:
        return []
    points = [
        TrendPoint(day, cell.value if cell is not None else None)
        for day, cell in zip(pivot.dates, row.cells, strict=True)
    ]
    points.reverse()
    return points


def trend_keys(pivot: CheckupPivot) -> list[str]:
    """The main items present in this history with at least one number, in display order."""
    return [
        row.key
        for row in pivot.rows
        if row.definition is not None
        and row.definition.trend
        and any(cell is not None and cell.value is not None for cell in row.cells)
    ]
