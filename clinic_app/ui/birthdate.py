"""Birth dates as typed at the desk: 西暦 or 和暦, any width.

Delegates to :mod:`clinic_app.core.wareki` (the domain's era table) when it
provides a parser; the local fallback knows the modern eras so the desk works
meanwhile. Returns None for text that is not a date (``strict=False``) or
raises :class:`~clinic_app.core.errors.InvalidInput`.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from datetime import date

from clinic_app.core.errors import InvalidInput

#: Era name / initial → first day of the era.
_ERAS: dict[str, date] = {
    "M": date(1868, 1, 25), "明治": date(1868, 1, 25), "明": date(1868, 1, 25),
    "T": date(1912, 7, 30), "大正": date(1912, 7, 30), "大": date(1912, 7, 30),
    "S": date(1926, 12, 25), "昭和": date(1926, 12, 25), "昭": date(1926, 12, 25),
    "H": date(1989, 1, 8), "平成": date(1989, 1, 8), "平": date(1989, 1, 8),
    "R": date(2019, 5, 1), "令和": date(2019, 5, 1), "令": date(2019, 5, 1),
}  # fmt: skip

_WESTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_JAPANESE = re.compile(
    r"^(明治|大正|昭和|平成|令和|[MTSHR明大昭平令])(元|\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"
)


def _bad(raw: str) -> InvalidInput:
    return InvalidInput("not a date (西暦 or 和暦)", code="birthdate_format")


def _local_parse(text: str) -> date | None:
    for pattern in (_WESTERN, _COMPACT):
        match = pattern.match(text)
        if match:
            numbers = [int(g) for g in match.groups()]
            return date(numbers[0], numbers[1], numbers[2])
    match = _JAPANESE.match(text)
    if match:
        era, year_text, month_text, day_text = match.groups()
        start = _ERAS[era]
        era_year = 1 if year_text == "元" else int(year_text)
        value = date(start.year + era_year - 1, int(month_text), int(day_text))
        if value < start:
            raise ValueError("date before the era began")
        return value
    return None


def parse_birthdate(raw: str, *, strict: bool = True) -> date | None:
    """Parse 1950-04-01, 1950/4/1, 19500401, S25.4.1, 昭和25年4月1日, R元.5.1 ..."""
    text = unicodedata.normalize("NFKC", raw).strip().upper().replace(" ", "")
    if not text:
        if strict:
            raise _bad(raw)
        return None
    try:
        parser = getattr(importlib.import_module("clinic_app.core.wareki"), "parse_date", None)
    except ImportError:
        parser = None
    try:
        value = parser(text) if parser is not None else _local_parse(text)
    except (ValueError, InvalidInput):
        value = None
    if value is None:
        try:
            value = _local_parse(text)
        except ValueError:
            value = None
    if value is None or value > date.today() or value.year < 1868:
        if strict:
            raise _bad(raw)
        return None
    return value
