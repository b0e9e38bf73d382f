"""By-date grouping, by-drug periods, de-duplication, windowing, filter and summary."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_app.core.history import MedicationLine, MedicationSource
from clinic_app.core.medication_views import (
    MERGE_GAP_DAYS,
    Fill,
    LineFilter,
    SummaryLabels,
    by_drug,
    dedupe_fills,
    drug_key,
    filter_lines,
    group_by_date,
    merge_periods,
    months_before,
    plain_text_summary,
)

C = MedicationSource.CLAIMS
D = MedicationSource.DISPENSING
E = MedicationSource.EPRESCRIPTION


def line(
    day: date | None,
    *,
    drug: str = "アムロジピン錠5mg",
    days: int | None = 28,
    source: MedicationSource = D,
    institution: str = "さくら薬局",
    code: str = "1234567890",
    quantity: str = "1",
    ingredient: str | None = "アムロジピンベシル酸塩",
    prescribed_on: date | None = None,
    usage: str = "1日1回朝食後",
) -> MedicationLine:
    return MedicationLine(
        source=source,
        dispensed_on=day,
        prescribed_on=prescribed_on,
        institution_code=code,
        institution_name=institution,
        drug_code="620000001",
        drug_name=drug,
        ingredient=ingredient,
        quantity=quantity,
        unit="錠",
        usage=usage,
        days=days,
    )


def fill(start: date, days: int) -> Fill:
    return Fill(line(start, days=days), start, days, False, frozenset({D}))


D0 = date(2025, 1, 1)


# --- period merging -----------------------------------------------------------------


def test_consecutive_fills_are_one_period() -> None:
    periods = merge_periods([fill(D0, 28), fill(D0 + timedelta(days=28), 28)])
    assert len(periods) == 1
    assert periods[0].start == D0
    assert periods[0].end == D0 + timedelta(days=55)
    assert periods[0].days == 56
    assert periods[0].fills == 2


def test_gap_of_29_uncovered_days_merges() -> None:
    first = fill(D0, 28)  # covers Jan 1 .. Jan 28
    # 29 uncovered days: Jan 29 .. Feb 26; next fill starts Feb 27.
    second = fill(first.end + timedelta(days=MERGE_GAP_DAYS), 28)
    assert (second.start - first.end).days - 1 == 29
    assert len(merge_periods([first, second])) == 1


def test_gap_of_exactly_30_uncovered_days_splits() -> None:
    first = fill(D0, 28)
    second = fill(first.end + timedelta(days=MERGE_GAP_DAYS + 1), 28)
    assert (second.start - first.end).days - 1 == 30
    periods = merge_periods([first, second])
    assert [(p.start, p.end) for p in periods] == [
        (first.start, first.end),
        (second.start, second.end),
    ]


def test_gap_is_measured_from_end_of_coverage_not_dispensing_date() -> None:
    # A 90-day fill refilled on day 100 (gap 9) is continuous, although the two
    # dispensing dates are 100 days apart.
    long_fill = fill(D0, 90)
    refill = fill(D0 + timedelta(days=100), 90)
    periods = merge_periods([long_fill, refill])
    assert len(periods) == 1
    assert periods[0].end == refill.end


def test_overlapping_fills_merge_and_keep_the_later_end() -> None:
    a = fill(D0, 60)
    b = fill(D0 + timedelta(days=10), 14)  # entirely inside a
    c = fill(D0 + timedelta(days=50), 30)  # early refill, overlaps a's end
    periods = merge_periods([c, a, b])  # order of input does not matter
    assert len(periods) == 1
    assert periods[0].start == D0
    assert periods[0].end == c.end
    assert periods[0].fills == 3


def test_contained_fill_does_not_shorten_coverage() -> None:
    a = fill(D0, 60)
    b = fill(D0 + timedelta(days=1), 1)
    # gap after a's end (not b's) decides; a covers to day 59, next at day 59+30 splits.
    c = fill(a.end + timedelta(days=31), 7)
    periods = merge_periods([a, b, c])
    assert [p.fills for p in periods] == [2, 1]
    assert periods[0].end == a.end


def test_merge_periods_of_nothing() -> None:
    assert merge_periods([]) == []


def test_custom_gap_threshold() -> None:
    a = fill(D0, 7)
    b = fill(a.end + timedelta(days=11), 7)  # gap 10
    assert len(merge_periods([a, b], gap_days=10)) == 2
    assert len(merge_periods([a, b], gap_days=11)) == 1


# --- de-duplication across sources ---------------------------------------------------


def test_same_fill_from_claims_and_dispensing_counts_once() -> None:
    fills, undated = dedupe_fills([line(D0, source=C), line(D0, source=D)])
    assert undated == 0
    assert len(fills) == 1
    assert fills[0].sources == frozenset({C, D})
    assert fills[0].line.source is D  # dispensing represents the fill


def test_three_sources_of_one_fill_count_once() -> None:
    e_line = line(None, source=E, prescribed_on=D0)
    fills, _ = dedupe_fills([line(D0, source=C), e_line, line(D0, source=D)])
    assert len(fills) == 1
    assert fills[0].sources == frozenset({C, D, E})


def test_two_lines_from_the_same_source_are_two_fills() -> None:
    # Two clinics prescribing the same drug the same day: the duplicate a doctor must see.
    fills, _ = dedupe_fills(
        [line(D0, source=C, institution="A医院"), line(D0, source=C, institution="B医院")]
    )
    assert len(fills) == 2


def test_matching_is_one_to_one() -> None:
    fills, _ = dedupe_fills([line(D0, source=C), line(D0, source=C), line(D0, source=D)])
    assert len(fills) == 2
    assert sorted(len(f.sources) for f in fills) == [1, 2]


def test_different_days_or_quantity_are_different_fills() -> None:
    fills, _ = dedupe_fills(
        [line(D0, source=C, days=28), line(D0, source=D, days=14), line(D0, source=D, quantity="2")]
    )
    assert len(fills) == 3


def test_drug_identity_ignores_width_and_spaces() -> None:
    assert drug_key(line(D0, drug="アムロジピン錠５ｍｇ")) == drug_key(
        line(D0, drug="アムロジピン 錠5mg")
    )
    fills, _ = dedupe_fills([line(D0, source=C, drug="ｱﾑﾛｼﾞﾋﾟﾝ錠5mg"), line(D0, source=D)])
    assert len(fills) == 1


def test_missing_days_cover_one_day_and_are_flagged() -> None:
    fills, _ = dedupe_fills([line(D0, days=None), line(D0 + timedelta(days=3), days=0, drug="X")])
    assert all(f.days == 1 and f.days_unknown for f in fills)


def test_undated_lines_are_counted_not_placed() -> None:
    fills, undated = dedupe_fills([line(None), line(D0)])
    assert undated == 1
    assert len(fills) == 1


# --- by-drug view and window ---------------------------------------------------------

AS_OF = date(2025, 8, 31)


def test_window_defaults_to_six_calendar_months() -> None:
    view = by_drug([line(date(2025, 8, 1))], as_of=AS_OF)
    assert view.window_start == date(2025, 2, 28)  # Aug 31 - 6 months, clamped
    assert view.window_end == AS_OF


def test_months_before_clamps_and_crosses_years() -> None:
    assert months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2025, 1, 15), 13) == date(2023, 12, 15)
    assert months_before(date(2025, 1, 15), 0) == date(2025, 1, 15)
    with pytest.raises(ValueError):
        months_before(date(2025, 1, 15), -1)


def test_window_boundaries() -> None:
    start = date(2025, 2, 28)
    inside_first_day = line(start, drug="a", days=1)
    ends_day_before = line(start - timedelta(days=7), drug="b", days=7)  # last day Feb 27
    still_covers_first_day = line(start - timedelta(days=7), drug="c", days=8)  # ends Feb 28
    on_as_of = line(AS_OF, drug="d", days=30)
    after_as_of = line(AS_OF + timedelta(days=1), drug="e", days=30)
    view = by_drug(
        [inside_first_day, ends_day_before, still_covers_first_day, on_as_of, after_as_of],
        as_of=AS_OF,
    )
    assert sorted(row.key for row in view.rows) == ["a", "c", "d"]


def test_all_time_window() -> None:
    old = line(date(2022, 9, 1), drug="old")
    view = by_drug([old, line(date(2025, 8, 1))], as_of=AS_OF, months=None)
    assert view.window_start == date(2022, 9, 1)
    assert len(view.rows) == 2


def test_by_drug_row_contents() -> None:
    lines = [
        line(date(2025, 3, 1), source=C, institution="A医院"),
        line(date(2025, 3, 1), source=D, institution="さくら薬局"),  # same fill
        line(date(2025, 3, 29), source=D),
        line(date(2025, 6, 1), source=D, institution="ひまわり薬局", quantity="2"),  # after gap
        line(
            date(2025, 5, 1),
            drug="ロキソプロフェン錠60mg",
            days=None,
            ingredient="ロキソプロフェン",
        ),
    ]
    view = by_drug(lines, as_of=AS_OF)
    assert view.duplicate_fills_merged == 1
    assert [row.drug_name for row in view.rows] == ["アムロジピン錠5mg", "ロキソプロフェン錠60mg"]
    amlo, loxo = view.rows
    assert amlo.fill_count == 3
    assert amlo.total_days == 84
    assert amlo.last_dispensed == date(2025, 6, 1)
    assert amlo.last_line.quantity == "2"
    assert [(p.start, p.end) for p in amlo.periods] == [
        (date(2025, 3, 1), date(2025, 4, 25)),
        (date(2025, 6, 1), date(2025, 6, 28)),
    ]
    # The prescriber (A医院) is only on the claims line merged into the first fill.
    assert amlo.institutions == ("ひまわり薬局", "さくら薬局", "A医院")
    assert amlo.sources == frozenset({C, D})
    assert not amlo.days_unknown
    assert loxo.days_unknown
    assert loxo.total_days == 0
    assert amlo.active_on(date(2025, 6, 10))
    assert not amlo.active_on(date(2025, 7, 1))


def test_same_ingredient_different_products_are_pointed_out() -> None:
    view = by_drug(
        [
            line(date(2025, 7, 1), drug="ノルバスク錠5mg", institution="A医院"),
            line(date(2025, 7, 3), drug="アムロジピン錠5mg「サワイ」", institution="B医院"),
            line(date(2025, 7, 3), drug="メトホルミン錠250mg", ingredient="メトホルミン"),
        ],
        as_of=AS_OF,
    )
    marks = {row.drug_name: row.same_ingredient_as for row in view.rows}
    assert marks["ノルバスク錠5mg"] == ("アムロジピン錠5mg「サワイ」",)
    assert marks["アムロジピン錠5mg「サワイ」"] == ("ノルバスク錠5mg",)
    assert marks["メトホルミン錠250mg"] == ()


def test_by_drug_of_nothing() -> None:
    view = by_drug([], as_of=AS_OF)
    assert view.rows == ()
    assert view.undated_lines == 0


# --- by date ---------------------------------------------------------------------------


def test_group_by_date_newest_first_per_institution() -> None:
    lines = [
        line(date(2025, 3, 1), institution="A医院", code="1"),
        line(date(2025, 3, 1), drug="X", institution="A医院", code="1"),
        line(date(2025, 3, 1), institution="さくら薬局", code="2"),
        line(date(2025, 5, 1), institution="A医院", code="1"),
        line(None, drug="undated"),
    ]
    groups = group_by_date(lines)
    assert [(g.day, g.institution_name, len(g.lines)) for g in groups] == [
        (date(2025, 5, 1), "A医院", 1),
        (date(2025, 3, 1), "A医院", 2),
        (date(2025, 3, 1), "さくら薬局", 1),
        (None, "さくら薬局", 1),
    ]
    assert [ln.drug_name for ln in groups[1].lines] == ["アムロジピン錠5mg", "X"]  # received order


def test_group_by_date_uses_prescription_date_when_not_dispensed() -> None:
    groups = group_by_date([line(None, source=E, prescribed_on=D0)])
    assert groups[0].day == D0
    assert groups[0].sources == frozenset({E})


# --- filter ----------------------------------------------------------------------------


def test_filter_by_text_is_width_case_and_kana_insensitive() -> None:
    lines = [line(D0), line(D0, drug="ﾛｷｿﾌﾟﾛﾌｪﾝ錠", ingredient=None), line(D0, drug="Mucosta")]
    assert [ln.drug_name for ln in filter_lines(lines, LineFilter("ろきそ"))] == ["ﾛｷｿﾌﾟﾛﾌｪﾝ錠"]
    assert [ln.drug_name for ln in filter_lines(lines, LineFilter("ＭＵＣ"))] == ["Mucosta"]
    assert len(filter_lines(lines, LineFilter("さくら"))) == 3  # institution
    assert len(filter_lines(lines, LineFilter("  "))) == 3
    assert filter_lines(lines, LineFilter("存在しない")) == []


def test_filter_by_source() -> None:
    lines = [line(D0, source=C), line(D0, source=D), line(D0, source=E)]
    kept = filter_lines(lines, LineFilter(sources=frozenset({C, E})))
    assert [ln.source for ln in kept] == [C, E]
    assert filter_lines(lines, LineFilter(sources=frozenset())) == []


# --- summary ---------------------------------------------------------------------------


def test_plain_text_summary() -> None:
    view = by_drug(
        [line(date(2025, 7, 1), source=C), line(date(2025, 7, 1), source=D), line(None)],
        as_of=AS_OF,
    )
    text = plain_text_summary(view, fetched_at="2025-08-31 09:00")
    lines = text.splitlines()
    assert lines[0] == "Medication history (2025-02-28 - 2025-08-31)"
    assert lines[1] == "Fetched 2025-08-31 09:00"
    assert lines[2] == (
        "- アムロジピン錠5mg 1錠 1日1回朝食後: 2025-07-01~2025-07-28; 28 days; last 2025-07-01;"
        " 1 fills; さくら薬局; dispensing+claims"
    )
    assert lines[3] == "1 lines without a date are not shown."


def test_plain_text_summary_with_translated_labels_and_no_rows() -> None:
    labels = SummaryLabels(title="薬剤情報 {start}〜{end}", no_rows="該当なし")
    text = plain_text_summary(by_drug([], as_of=AS_OF), labels=labels)
    assert text == "薬剤情報 2025-02-28〜2025-08-31\n該当なし"


def test_merged_duplicates_are_counted_inside_the_window_only() -> None:
    old = date(2024, 1, 10)
    recent = date(2025, 8, 1)
    lines = [
        line(old, source=C),
        line(old, source=D),
        line(recent, source=C),
        line(recent, source=D),
        line(None, source=E, prescribed_on=recent),
    ]
    assert by_drug(lines, as_of=AS_OF).duplicate_fills_merged == 2
    assert by_drug(lines, as_of=AS_OF, months=None).duplicate_fills_merged == 3


def test_eprescription_matches_a_fill_dispensed_the_next_day_by_prescription_date() -> None:
    next_day = D0 + timedelta(days=1)
    e_line = line(None, source=E, prescribed_on=D0, institution="A医院")
    dispensed = line(next_day, source=D, prescribed_on=D0)
    claimed = line(next_day, source=C, prescribed_on=D0, institution="A医院")
    fills, _ = dedupe_fills([e_line, dispensed, claimed])
    assert len(fills) == 1
    assert fills[0].start == next_day  # the dispensing line represents the fill
    assert fills[0].sources == frozenset({C, D, E})
    # Without a prescription date on the dispensing line they cannot be matched.
    fills, _ = dedupe_fills([e_line, line(next_day, source=D)])
    assert len(fills) == 2


def test_is_pharmacy_by_the_institution_code() -> None:
    from clinic_app.core.medication_views import is_pharmacy

    assert is_pharmacy("1341112222")  # third digit 4: 調剤
    assert not is_pharmacy("1311234567")  # 医科
    assert not is_pharmacy("134111222")  # not 10 digits
    assert not is_pharmacy(None)


def test_prescribers_are_listed_before_pharmacies() -> None:
    lines = [
        MedicationLine(
            D, D0, D0, "1341112222", "あおば薬局", None, "X錠", None, "1", "錠", None, 7
        ),
        MedicationLine(
            C, D0, D0, "1311234567", "みどり内科", None, "X錠", None, "1", "錠", None, 7
        ),
    ]
    view = by_drug(lines, as_of=D0 + timedelta(days=10))
    assert view.rows[0].institutions == ("みどり内科", "あおば薬局")


# --- properties ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=90)),
        max_size=40,
    )
)
def test_merge_periods_properties(raw: list[tuple[int, int]]) -> None:
    fills = [fill(D0 + timedelta(days=offset), days) for offset, days in raw]
    periods = merge_periods(fills)
    assert sum(p.fills for p in periods) == len(fills)
    for before, after in itertools.pairwise(periods):
        # Separate periods are at least MERGE_GAP_DAYS uncovered days apart.
        assert (after.start - before.end).days - 1 >= MERGE_GAP_DAYS
    for f in fills:
        # Every fill lies inside exactly one period.
        assert sum(1 for p in periods if p.start <= f.start and f.end <= p.end) == 1
    # Total coverage never exceeds the span of the periods.
    assert sum(p.days for p in periods) <= sum(f.days for f in fills) + MERGE_GAP_DAYS * len(fills)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([C, D, E]),
            st.integers(min_value=0, max_value=5),  # day offset
            st.sampled_from(["A錠", "B錠"]),
            st.sampled_from([7, 14]),
        ),
        max_size=30,
    )
)
def test_dedupe_keeps_every_line_exactly_once(
    raw: list[tuple[MedicationSource, int, str, int]],
) -> None:
    lines = [
        line(D0 + timedelta(days=offset), source=source, drug=drug, days=days)
        for source, offset, drug, days in raw
    ]
    fills, undated = dedupe_fills(lines)
    assert undated == 0
    merged = [merged_line for f in fills for merged_line in f.merged]
    assert sorted(map(id, merged)) == sorted(map(id, lines))  # none lost, none doubled
    for f in fills:
        assert len({ln.source for ln in f.merged}) == len(f.merged)  # one line per source
        assert f.sources == frozenset(ln.source for ln in f.merged)
