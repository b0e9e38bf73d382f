"""The doctor's two views of a medication history: by date and by drug (DESIGN.md §4).

Pure functions over :class:`~clinic_app.core.history.MedicationLine`; no Qt, no I/O.

Decisions (each pinned by a unit test in ``tests/unit/core/test_medication_views.py``):

* **A fill covers** ``days`` calendar days starting on its date: the dispensing date
  (``DiDate``), or the prescription date when a line has none (an e-prescription not yet
  dispensed). A line without a usable day count (missing, zero, negative — e.g. an
  as-needed drug whose ``Times`` is not a duration) covers its own date only and is
  flagged ``days_unknown``; lines without any date cannot be placed on a timeline and are
  counted in :attr:`ByDrugView.undated_lines` instead of being dropped silently.
* **Gaps are measured from the end of the previous fill's covered days**, not from the
  previous dispensing date: a 90-day prescription refilled on day 90 is one continuous
  treatment, which the dispensing-date rule would split. The gap is the number of
  uncovered days between the last covered day so far and the next fill's first day.
  Overlapping fills (early refills) give a negative gap and always merge.
* **"Less than 30 days apart" is exclusive**: a gap of 29 uncovered days merges, a gap
  of exactly 30 starts a new period (:data:`MERGE_GAP_DAYS`).
* **The same fill reported by two sources is counted once.** Claims (レセプト),
  dispensing results (調剤結果) and e-prescriptions (電子処方箋) overlap: one fill often
  appears in two or three of them. Lines from *different* sources with the same drug,
  prescription date (else dispensing date), quantity and days are one fill; the
  fill starts on the representative's dispensing date, taken in the order
  dispensing → claims → e-prescription and the fill keeps every source it came from.
  Lines from the *same* source are never merged — two claims lines for one drug on one
  day are two real fills (often two clinics), exactly what the doctor must see.
  Matching is one-to-one: two claims lines and one dispensing line give two fills.
* **Drugs are identified by their normalised name** (NFKC, whitespace removed,
  case-folded), because the sources do not reliably carry the same code for one
  product; the drug code is kept for display.
* **The window** (default 6 months, calendar months back from ``as_of``) keeps the
  fills whose covered days overlap it: a fill dispensed before the window that still
  covers its first day counts, one dispensed after ``as_of`` does not. Periods and
  total days are those of the fills kept (a period may start before the window).
* **Total days** add up the prescribed days of the fills kept; fills without a day
  count add nothing and mark the row ``days_unknown``.
* **Duplicates across clinics**: different products with the same ingredient are
  pointed out on each row (``same_ingredient_as``), and a row lists the prescribing
  institutions (taken from every merged line) before the pharmacies.
"""

from __future__ import annotations

import calendar
import functools
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from clinic_app.core.history import MedicationLine, MedicationSource
from clinic_app.core.names import normalise_kana

#: Fills whose gap (uncovered days) is strictly below this are one continuous period.
MERGE_GAP_DAYS = 30
DEFAULT_WINDOW_MONTHS = 6

#: Which source's line represents a fill reported by several sources.
SOURCE_PREFERENCE: tuple[MedicationSource, ...] = (
    MedicationSource.DISPENSING,
    MedicationSource.CLAIMS,
    MedicationSource.EPRESCRIPTION,
)
_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCE_PREFERENCE)}


# ---------------------------------------------------------------------------------------
# small helpers


def line_date(line: MedicationLine) -> date | None:
    """The date a line is placed on: dispensed, else prescribed, else ``None``."""
    return line.dispensed_on or line.prescribed_on


@functools.lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


@functools.lru_cache(maxsize=1024)
def _quantity_key(quantity: str) -> str:
    return unicodedata.normalize("NFKC", quantity).strip()


def drug_key(line: MedicationLine) -> str:
    """The identity of a drug across sources: its name, normalised (NFKC, case, spaces)."""
    return _name_key(line.drug_name)


def is_pharmacy(institution_code: str | None) -> bool:
    """A 10-digit medical institution code whose third digit (点数表番号) is 4: 調剤."""
    code = (institution_code or "").strip()
    return len(code) == 10 and code.isdigit() and code[2] == "4"


def months_before(day: date, months: int) -> date:
    """``day`` minus ``months`` calendar months, the day clamped to the month's length."""
    if months < 0:
        raise ValueError("months must not be negative")
    total = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def _search_key(text: str) -> str:
    """Form used by the text filter: kana folded to hiragana, NFKC, case-folded."""
    return normalise_kana(text).casefold()


# ---------------------------------------------------------------------------------------
# filtering


@dataclass(frozen=True, slots=True)
class LineFilter:
    """What the doctor typed in the filter box and which sources are ticked.

    The text matches drug name, ingredient, institution, usage and drug code,
    insensitive to width, case and katakana/hiragana.
    """

    text: str = ""
    sources: frozenset[MedicationSource] = frozenset(MedicationSource)

    def accepts(self, line: MedicationLine) -> bool:
        return self._accepts(line, _search_key(self.text))

    def _accepts(self, line: MedicationLine, needle: str) -> bool:
        if line.source not in self.sources:
            return False
        if not needle:
            return True
        haystack = _haystack(
            line.drug_name, line.ingredient, line.institution_name, line.usage, line.drug_code
        )
        return needle in haystack


@functools.lru_cache(maxsize=16384)
def _haystack(*parts: str | None) -> str:
    """Searchable text of a line; cached because a history repeats the same few drugs."""
    return _search_key(" ".join(part for part in parts if part))


def filter_lines(lines: Iterable[MedicationLine], line_filter: LineFilter) -> list[MedicationLine]:
    needle = _search_key(line_filter.text)
    if not needle and line_filter.sources >= _ALL_SOURCES:
        return list(lines)
    return [line for line in lines if line_filter._accepts(line, needle)]


_ALL_SOURCES = frozenset(MedicationSource)


# ---------------------------------------------------------------------------------------
# by date


@dataclass(frozen=True, slots=True)
class DateGroup:
    """The lines dispensed on one date by one institution or pharmacy."""

    day: date | None
    institution_code: str | None
    institution_name: str | None
    lines: tuple[MedicationLine, ...]

    @property
    def sources(self) -> frozenset[MedicationSource]:
        return frozenset(line.source for line in self.lines)


def group_by_date(lines: Iterable[MedicationLine]) -> list[DateGroup]:
    """Group by (date, institution), newest first; undated lines come last in one group each.

    Within a group lines keep their received order, which is the order the
    institution wrote the prescription in.
    """
    buckets: dict[tuple[date | None, str, str], list[MedicationLine]] = defaultdict(list)
    names: dict[tuple[date | None, str, str], tuple[str | None, str | None]] = {}
    for line in lines:
        key = (line_date(line), line.institution_code or "", line.institution_name or "")
        buckets[key].append(line)
        names.setdefault(key, (line.institution_code, line.institution_name))

    def order(key: tuple[date | None, str, str]) -> tuple[int, int, str, str]:
        day, code, name = key
        # Newest first; undated last.
        return (1 if day is None else 0, -(day.toordinal() if day else 0), name, code)

    groups = []
    for key in sorted(buckets, key=order):
        code, name = names[key]
        groups.append(DateGroup(key[0], code, name, tuple(buckets[key])))
    return groups


# ---------------------------------------------------------------------------------------
# fills: one dispensing event, possibly reported by several sources


@dataclass(frozen=True, slots=True)
class Fill:
    """One dispensing of one drug, after cross-source de-duplication."""

    line: MedicationLine  # the representative line (see SOURCE_PREFERENCE)
    start: date
    days: int  # covered days, at least 1
    days_unknown: bool
    sources: frozenset[MedicationSource]
    #: Every line merged into this fill (the representative first); the prescribing
    #: clinic is often only on the claims or e-prescription line.
    merged: tuple[MedicationLine, ...] = ()

    @property
    def end(self) -> date:
        """Last covered day (inclusive)."""
        return self.start + timedelta(days=self.days - 1)


def _covered_days(line: MedicationLine) -> tuple[int, bool]:
    if line.days is None or line.days <= 0:
        return 1, True
    return line.days, False


def _fill_identity(line: MedicationLine) -> tuple[str, date | None, str, int | None]:
    """What makes two lines from different sources the same fill.

    The prescription date is preferred: all three sources carry it (``PrDate``),
    while an e-prescription has no dispensing date and a pharmacy may dispense a
    day later. Lines without it are matched on the dispensing date.
    """
    quantity = _quantity_key(line.quantity) if line.quantity else ""
    return (_name_key(line.drug_name), line.prescribed_on or line.dispensed_on, quantity, line.days)


def _single_fill(line: MedicationLine, start: date) -> Fill:
    days, unknown = _covered_days(line)
    return Fill(line, start, days, unknown, _SINGLE_SOURCE[line.source], (line,))


_SINGLE_SOURCE = {source: frozenset((source,)) for source in MedicationSource}


def _rank(source: MedicationSource) -> int:
    """Position in :data:`SOURCE_PREFERENCE`, by identity (cheaper than hashing an Enum)."""
    if source is SOURCE_PREFERENCE[0]:
        return 0
    if source is SOURCE_PREFERENCE[1]:
        return 1
    return 2


#: bit i set = SOURCE_PREFERENCE[i] present → the frozenset of those sources.
_SOURCES_BY_MASK = {
    mask: frozenset(s for i, s in enumerate(SOURCE_PREFERENCE) if mask & (1 << i))
    for mask in range(8)
}


def dedupe_fills(lines: Iterable[MedicationLine]) -> tuple[list[Fill], int]:
    """Turn dated lines into fills, merging one fill reported by several sources.

    Returns the fills (in no particular order) and the number of undated lines skipped.
    """
    groups: dict[tuple[str, date | None, str, int | None], list[MedicationLine]] = {}
    undated = 0
    for line in lines:
        if line.dispensed_on is None and line.prescribed_on is None:
            undated += 1
            continue
        key = _fill_identity(line)
        bucket = groups.get(key)
        if bucket is None:
            groups[key] = [line]
        else:
            bucket.append(line)

    fills: list[Fill] = []
    for bucket in groups.values():
        if len(bucket) == 1:  # the common case: nothing to merge
            only = bucket[0]
            only_start = only.dispensed_on or only.prescribed_on
            assert only_start is not None  # undated lines were skipped above
            fills.append(_single_fill(only, only_start))
            continue
        # One-to-one matching across sources, best source first (no Enum hashing:
        # this loop runs for most lines of a real history).
        by_rank: tuple[list[MedicationLine], ...] = ([], [], [])
        for line in bucket:
            by_rank[_rank(line.source)].append(line)
        count = max(len(ranked) for ranked in by_rank)
        for index in range(count):
            mask = 0
            merged: list[MedicationLine] = []
            for rank, ranked in enumerate(by_rank):
                if index < len(ranked):
                    mask |= 1 << rank
                    merged.append(ranked[index])
            representative = merged[0]
            start = representative.dispensed_on or representative.prescribed_on
            assert start is not None  # undated lines were skipped above
            days, unknown = _covered_days(representative)
            fills.append(
                Fill(representative, start, days, unknown, _SOURCES_BY_MASK[mask], tuple(merged))
            )
    return fills, undated


# ---------------------------------------------------------------------------------------
# by drug


@dataclass(frozen=True, slots=True)
class Period:
    """A continuous treatment: fills whose gaps were below :data:`MERGE_GAP_DAYS`."""

    start: date
    end: date  # last covered day, inclusive
    fills: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def merge_periods(fills: Sequence[Fill], gap_days: int = MERGE_GAP_DAYS) -> list[Period]:
    """Merge fills of one drug into continuous periods, oldest first.

    ``gap`` = days between the last covered day so far and the next fill's start,
    exclusive of both: consecutive coverage has gap 0, an overlap a negative gap.
    """
    periods: list[Period] = []
    ordered = sorted(fills, key=lambda fill: (fill.start, fill.end))
    current_start: date | None = None
    current_end = date.min
    count = 0
    for fill in ordered:
        if current_start is not None:
            gap = (fill.start - current_end).days - 1
            if gap < gap_days:
                current_end = max(current_end, fill.end)
                count += 1
                continue
            periods.append(Period(current_start, current_end, count))
        current_start, current_end, count = fill.start, fill.end, 1
    if current_start is not None:
        periods.append(Period(current_start, current_end, count))
    return periods


@dataclass(frozen=True, slots=True)
class DrugRow:
    """One drug in the by-drug view."""

    key: str
    drug_name: str
    drug_code: str | None
    ingredient: str | None
    periods: tuple[Period, ...]
    last_dispensed: date
    last_line: MedicationLine  # the newest fill's line: quantity, unit, usage, days
    total_days: int  # sum of the days of the fills in the window
    fill_count: int
    institutions: tuple[str, ...]  # distinct prescribers, then pharmacies; newest first
    sources: frozenset[MedicationSource]
    days_unknown: bool  # some fill had no usable day count
    same_ingredient_as: tuple[str, ...] = field(default=())  # other drugs' names

    @property
    def first_start(self) -> date:
        return self.periods[0].start

    @property
    def last_covered(self) -> date:
        return self.periods[-1].end

    def active_on(self, day: date) -> bool:
        return self.periods[-1].start <= day <= self.periods[-1].end


@dataclass(frozen=True, slots=True)
class ByDrugView:
    """The by-drug rows for one window, plus what could not be placed."""

    window_start: date
    window_end: date
    rows: tuple[DrugRow, ...]
    undated_lines: int
    duplicate_fills_merged: int  # lines in the window absorbed as the same fill


def window_bounds(as_of: date, months: int = DEFAULT_WINDOW_MONTHS) -> tuple[date, date]:
    return months_before(as_of, months), as_of


def by_drug(
    lines: Iterable[MedicationLine],
    *,
    as_of: date,
    months: int | None = DEFAULT_WINDOW_MONTHS,
    gap_days: int = MERGE_GAP_DAYS,
) -> ByDrugView:
    """Rows of one drug each, newest last-dispensed first; ``months=None`` for all time.

    A fill is in the window when its covered days overlap ``[window_start, as_of]``.
    """
    fills, undated = dedupe_fills(lines)

    if months is None:
        window_start = min((fill.start for fill in fills), default=as_of)
    else:
        window_start = months_before(as_of, months)

    per_drug: dict[str, list[Fill]] = defaultdict(list)
    merged_away = 0
    for fill in fills:
        if fill.start <= as_of and fill.end >= window_start:
            per_drug[drug_key(fill.line)].append(fill)
            merged_away += len(fill.sources) - 1  # one line per source was absorbed

    rows: list[DrugRow] = []
    for key, drug_fills in per_drug.items():
        drug_fills.sort(key=lambda fill: (fill.start, _SOURCE_RANK[fill.line.source]))
        newest = drug_fills[-1]
        institutions: list[str] = []
        pharmacies: list[str] = []
        for fill in reversed(drug_fills):
            for merged_line in fill.merged or (fill.line,):
                name = merged_line.institution_name or merged_line.institution_code
                target = pharmacies if is_pharmacy(merged_line.institution_code) else institutions
                if name and name not in institutions and name not in pharmacies:
                    target.append(name)
        institutions += pharmacies  # prescribers first: they matter for duplicates
        ingredient = next(
            (fill.line.ingredient for fill in reversed(drug_fills) if fill.line.ingredient), None
        )
        code = next(
            (fill.line.drug_code for fill in reversed(drug_fills) if fill.line.drug_code), None
        )
        sources: set[MedicationSource] = set()
        for fill in drug_fills:
            sources |= fill.sources
        rows.append(
            DrugRow(
                key=key,
                drug_name=newest.line.drug_name,
                drug_code=code,
                ingredient=ingredient,
                periods=tuple(merge_periods(drug_fills, gap_days)),
                last_dispensed=newest.start,
                last_line=newest.line,
                total_days=sum(fill.days for fill in drug_fills if not fill.days_unknown),
                fill_count=len(drug_fills),
                institutions=tuple(institutions),
                sources=frozenset(sources),
                days_unknown=any(fill.days_unknown for fill in drug_fills),
            )
        )

    rows = _mark_same_ingredient(rows)
    rows.sort(key=lambda row: (-row.last_dispensed.toordinal(), row.key))
    return ByDrugView(window_start, as_of, tuple(rows), undated, merged_away)


def _mark_same_ingredient(rows: list[DrugRow]) -> list[DrugRow]:
    """Point out different products with the same ingredient (possible duplication)."""
    by_ingredient: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.ingredient:
            by_ingredient[_search_key(row.ingredient)].append(index)
    marked = list(rows)
    for indexes in by_ingredient.values():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = tuple(sorted(rows[i].drug_name for i in indexes if i != index))
            row = rows[index]
            marked[index] = DrugRow(
                key=row.key,
                drug_name=row.drug_name,
                drug_code=row.drug_code,
                ingredient=row.ingredient,
                periods=row.periods,
                last_dispensed=row.last_dispensed,
                last_line=row.last_line,
                total_days=row.total_days,
                fill_count=row.fill_count,
                institutions=row.institutions,
                sources=row.sources,
                days_unknown=row.days_unknown,
                same_ingredient_as=others,
            )
    return marked


# ---------------------------------------------------------------------------------------
# plain-text summary for the chart (カルテ)


@dataclass(frozen=True, slots=True)
class SummaryLabels:
    """Words used by :func:`plain_text_summary`; the UI passes translated ones.

    Defaults are English so the core stays free of UI text; ``{...}`` fields are
    ``str.format`` placeholders.
    """

    title: str = "Medication history ({start} - {end})"
    fetched: str = "Fetched {fetched_at}"
    no_rows: str = "No medication in this period."
    period_sep: str = ", "
    days: str = "{days} days"
    last: str = "last {day}"
    fills: str = "{count} fills"
    days_unknown: str = "days unknown"
    same_ingredient: str = "same ingredient as {names}"
    undated: str = "{count} lines without a date are not shown."
    source_names: dict[MedicationSource, str] = field(
        default_factory=lambda: {
            MedicationSource.CLAIMS: "claims",
            MedicationSource.DISPENSING: "dispensing",
            MedicationSource.EPRESCRIPTION: "e-prescription",
        }
    )


def _fmt_day(day: date) -> str:
    return day.strftime("%Y-%m-%d")


def plain_text_summary(
    view: ByDrugView,
    *,
    labels: SummaryLabels | None = None,
    fetched_at: str | None = None,
) -> str:
    """The by-drug view as plain text to paste into the chart, one drug per line."""
    words = labels or SummaryLabels()
    out = [words.title.format(start=_fmt_day(view.window_start), end=_fmt_day(view.window_end))]
    if fetched_at:
        out.append(words.fetched.format(fetched_at=fetched_at))
    if not view.rows:
        out.append(words.no_rows)
    for row in view.rows:
        line = row.last_line
        dose = " ".join(
            part
            for part in (line.quantity and f"{line.quantity}{line.unit or ''}", line.usage)
            if part
        )
        periods = words.period_sep.join(
            f"{_fmt_day(period.start)}~{_fmt_day(period.end)}" for period in row.periods
        )
        details = [
            periods,
            words.days.format(days=row.total_days),
            words.last.format(day=_fmt_day(row.last_dispensed)),
            words.fills.format(count=row.fill_count),
        ]
        if row.days_unknown:
            details.append(words.days_unknown)
        if row.institutions:
            details.append("/".join(row.institutions))
        details.append(
            "+".join(
                words.source_names.get(source, source.value)
                for source in SOURCE_PREFERENCE
                if source in row.sources
            )
        )
        if row.same_ingredient_as:
            details.append(words.same_ingredient.format(names="/".join(row.same_ingredient_as)))
        name = row.drug_name if not dose else f"{row.drug_name} {dose}"
        out.append(f"- {name}: " + "; ".join(details))
    if view.undated_lines:
        out.append(words.undated.format(count=view.undated_lines))
    return "\n".join(out)


def sources_of(lines: Collection[MedicationLine]) -> frozenset[MedicationSource]:
    """Sources present in a history (to grey out filter boxes with nothing behind them)."""
    return frozenset(line.source for line in lines)
