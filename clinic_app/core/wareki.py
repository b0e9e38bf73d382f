"""Dates as the desk types them: 和暦 (令和/平成/昭和/大正/明治) and 西暦.

Accepted (after NFKC, so full-width digits and letters work): ``令和6年4月1日``,
``R6.4.1``, ``r06/04/01``, ``H1``, ``平成元年``, ``S55-4-1``, ``R060401``, the
7-digit code ``4010108`` (era digit 1 明治 … 5 令和, then YYMMDD), ``1980-04-01``,
``1980/4/1``, ``1980年4月1日``, ``19800401``. A year or year + month alone gives
a range (for searching by birth date). A date outside its era (``R1.4.1``) is an
error, not silently moved to the next era.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from clinic_app.core.errors import InvalidInput


class Era(Enum):
    """Japanese eras since 1868: kanji name, letter, digit code, first and last day."""

    MEIJI = ("明治", "M", 1, date(1868, 1, 1), date(1912, 7, 29))
    TAISHO = ("大正", "T", 2, date(1912, 7, 30), date(1926, 12, 24))
    SHOWA = ("昭和", "S", 3, date(1926, 12, 25), date(1989, 1, 7))
    HEISEI = ("平成", "H", 4, date(1989, 1, 8), date(2019, 4, 30))
    REIWA = ("令和", "R", 5, date(2019, 5, 1), date(9999, 12, 31))

    def __init__(self, kanji: str, letter: str, digit: int, first: date, last: date) -> None:
        self.kanji = kanji
        self.letter = letter
        self.digit = digit
        self.first = first
        self.last = last

    def gregorian_year(self, era_year: int) -> int:
        return self.first.year + era_year - 1

    @classmethod
    def of(cls, day: date) -> Era:
        """The era a day belongs to (raises ``InvalidInput`` before 明治)."""
        for era in cls:
            if era.first <= day <= era.last:
                return era
        raise InvalidInput("dates before 明治 are not supported", code="wareki_before_meiji")


_ERA_BY_NAME: dict[str, Era] = {}
for _era in Era:
    _ERA_BY_NAME[_era.kanji] = _era
    _ERA_BY_NAME[_era.letter] = _era
    _ERA_BY_NAME[_era.letter.lower()] = _era

_ERA_NAMES = "|".join(sorted(map(re.escape, _ERA_BY_NAME), key=len, reverse=True))
_SEP = r"\s*(?:[./\-年月日,]|\s)\s*"
_WAREKI = re.compile(
    rf"^(?P<era>{_ERA_NAMES})\s*(?P<year>元|\d{{1,3}})(?:{_SEP}(?P<month>\d{{1,2}})"
    rf"(?:{_SEP}(?P<day>\d{{1,2}}))?)?\s*[年月日]?$"
)
_WAREKI_COMPACT = re.compile(rf"^(?P<era>{_ERA_NAMES})(?P<digits>\d{{6}})$")
_WAREKI_CODE = re.compile(r"^(?P<era>[1-5])(?P<digits>\d{6})$")
_SEIREKI = re.compile(
    rf"^(?P<year>\d{{4}})(?:{_SEP}(?P<month>\d{{1,2}})(?:{_SEP}(?P<day>\d{{1,2}}))?)?\s*[年月日]?$"
)
_SEIREKI_COMPACT = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive range typed at the desk; ``exact`` when a full date was given."""

    first: date
    last: date

    @property
    def exact(self) -> bool:
        return self.first == self.last


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    # NFKC keeps the ideographic full stop and the Japanese middle dot; treat as "."
    return folded.replace("。", ".").replace("・", ".").replace("．", ".")


def _month_last_day(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _build_range(year: int, month: str | None, day: str | None) -> DateRange:
    try:
        if month is None:
            return DateRange(date(year, 1, 1), date(year, 12, 31))
        m = int(month)
        if day is None:
            return DateRange(date(year, m, 1), _month_last_day(year, m))
        exact = date(year, m, int(day))
    except ValueError as error:
        raise InvalidInput("no such date", code="date_invalid") from error
    return DateRange(exact, exact)


def _era_range(era: Era, era_year_text: str, month: str | None, day: str | None) -> DateRange:
    era_year = 1 if era_year_text == "元" else int(era_year_text)
    if era_year < 1:
        raise InvalidInput("era year starts at 1 (元年)", code="wareki_year_zero")
    span = _build_range(era.gregorian_year(era_year), month, day)
    first = max(span.first, era.first)
    last = min(span.last, era.last)
    if first > last or (span.exact and not era.first <= span.first <= era.last):
        raise InvalidInput(f"the date is not within {era.kanji}", code="wareki_out_of_era")
    return DateRange(first, last)


def parse_date_range(text: str) -> DateRange:
    """Parse a full or partial date in 和暦 or 西暦; raise ``InvalidInput`` if unreadable."""
    value = _normalise(text)
    if not value:
        raise InvalidInput("a date is required", code="date_missing")
    if match := _WAREKI_COMPACT.match(value):
        digits = match["digits"]
        return _era_range(_ERA_BY_NAME[match["era"]], digits[:2], digits[2:4], digits[4:])
    if match := _WAREKI_CODE.match(value):
        era = next(e for e in Era if e.digit == int(match["era"]))
        digits = match["digits"]
        return _era_range(era, digits[:2], digits[2:4], digits[4:])
    if match := _WAREKI.match(value):
        return _era_range(_ERA_BY_NAME[match["era"]], match["year"], match["month"], match["day"])
    if match := _SEIREKI_COMPACT.match(value):
        return _build_range(int(match["year"]), match["month"], match["day"])
    if match := _SEIREKI.match(value):
        year = int(match["year"])
        if year < Era.MEIJI.first.year:
            raise InvalidInput("dates before 明治 are not supported", code="wareki_before_meiji")
        return _build_range(year, match["month"], match["day"])
    raise InvalidInput("the date is not in a format we read", code="date_format")


def parse_date(text: str) -> date:
    """Parse a full date (year, month and day) in 和暦 or 西暦."""
    span = parse_date_range(text)
    if not span.exact:
        raise InvalidInput("a full date (year, month, day) is required", code="date_incomplete")
    return span.first


def format_wareki(day: date, *, letter: bool = False) -> str:
    """``令和6年4月1日`` (or ``R6.4.1`` with ``letter``); 元年 for the first year."""
    era = Era.of(day)
    era_year = day.year - era.first.year + 1
    if letter:
        return f"{era.letter}{era_year}.{day.month}.{day.day}"
    year_text = "元" if era_year == 1 else str(era_year)
    return f"{era.kanji}{year_text}年{day.month}月{day.day}日"
