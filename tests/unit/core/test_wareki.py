"""和暦/西暦 date input parsing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_app.core.errors import InvalidInput
from clinic_app.core.wareki import Era, format_wareki, parse_date, parse_date_range


@pytest.mark.parametrize(
    "text",
    [
        "令和6年4月1日",
        "R6.4.1",
        "r6/4/1",
        "R06-04-01",
        "ｒ０６／０４／０１",  # full-width, as an IME gives it
        "Ｒ６．４．１",
        "令和 6年 4月 1日",
        "R060401",
        "5060401",
        "2024-04-01",
        "2024/4/1",
        "2024年4月1日",
        "20240401",
        "２０２４年４月１日",
    ],
)
def test_the_same_day_in_every_notation(text):
    assert parse_date(text) == date(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S55.4.1", date(1980, 4, 1)),
        ("昭和55年4月1日", date(1980, 4, 1)),
        ("H1.1.8", date(1989, 1, 8)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("S64.1.7", date(1989, 1, 7)),
        ("H31.4.30", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("T15.12.24", date(1926, 12, 24)),
        ("S1.12.25", date(1926, 12, 25)),
        ("M45.7.29", date(1912, 7, 29)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("明治40年1月1日", date(1907, 1, 1)),
        ("3550401", date(1980, 4, 1)),
        ("2000-02-29", date(2000, 2, 29)),
    ],
)
def test_eras_and_boundaries(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("H1", date(1989, 1, 8), date(1989, 12, 31)),
        ("平成元年", date(1989, 1, 8), date(1989, 12, 31)),
        ("S64", date(1989, 1, 1), date(1989, 1, 7)),
        ("R1", date(2019, 5, 1), date(2019, 12, 31)),
        ("R6.2", date(2024, 2, 1), date(2024, 2, 29)),
        ("1980", date(1980, 1, 1), date(1980, 12, 31)),
        ("1980年12月", date(1980, 12, 1), date(1980, 12, 31)),
    ],
)
def test_partial_dates_give_ranges(text, first, last):
    span = parse_date_range(text)
    assert (span.first, span.last, span.exact) == (first, last, False)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "date_missing"),
        ("   ", "date_missing"),
        ("R1.4.30", "wareki_out_of_era"),  # 令和 began on 1 May 2019
        ("S64.1.8", "wareki_out_of_era"),
        ("H32.1.1", "wareki_out_of_era"),
        ("H0.1.1", "wareki_year_zero"),
        ("R6.2.30", "date_invalid"),
        ("R6.13.1", "date_invalid"),
        ("1850/1/1", "wareki_before_meiji"),
        ("yesterday", "date_format"),
        ("X6.4.1", "date_format"),
        ("R6..1", "date_format"),
    ],
)
def test_bad_input_is_a_typed_error(text, code):
    with pytest.raises(InvalidInput) as caught:
        parse_date_range(text)
    assert caught.value.code == code


def test_full_date_required_for_parse_date():
    with pytest.raises(InvalidInput) as caught:
        parse_date("H1")
    assert caught.value.code == "date_incomplete"


def test_format_wareki():
    assert format_wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(date(1980, 4, 1)) == "昭和55年4月1日"
    assert format_wareki(date(2024, 4, 1), letter=True) == "R6.4.1"
    assert Era.of(date(1989, 1, 7)) is Era.SHOWA and Era.of(date(1989, 1, 8)) is Era.HEISEI


@given(st.dates(min_value=date(1868, 1, 1), max_value=date(2200, 12, 31)))
def test_round_trip(day):
    assert parse_date(format_wareki(day)) == day
    assert parse_date(format_wareki(day, letter=True)) == day
    assert parse_date(day.isoformat()) == day
