"""User-facing words of the history view shared by several widgets (translated at call time)."""

from __future__ import annotations

from datetime import date, datetime

from clinic_app.core.history import MedicationSource
from clinic_app.core.medication_views import SummaryLabels
from clinic_app.ui.qt import translate


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return translate("History", text, disambiguation, n)


def source_name(source: MedicationSource) -> str:
    """Short name of a medication source (table column and filter box)."""
    names = {
        MedicationSource.CLAIMS: tr("Claims"),
        MedicationSource.DISPENSING: tr("Dispensing"),
        MedicationSource.EPRESCRIPTION: tr("e-Prescription"),
    }
    return names[source]


def source_short_name(source: MedicationSource) -> str:
    """Abbreviation for the by-drug table, where several sources share one cell."""
    names = {
        MedicationSource.CLAIMS: tr("Clm"),
        MedicationSource.DISPENSING: tr("Disp"),
        MedicationSource.EPRESCRIPTION: tr("eRx"),
    }
    return names[source]


def source_tooltip(source: MedicationSource) -> str:
    tips = {
        MedicationSource.CLAIMS: tr("From insurance claims (about one to two months late)"),
        MedicationSource.DISPENSING: tr("From the pharmacy's dispensing record (same day)"),
        MedicationSource.EPRESCRIPTION: tr(
            "From an electronic prescription (may not be dispensed)"
        ),
    }
    return tips[source]


def fmt_date(day: date | None) -> str:
    return day.strftime("%Y/%m/%d") if day else "—"


def fmt_short(day: date) -> str:
    return day.strftime("%y/%m/%d")


def fmt_datetime(moment: datetime | None) -> str:
    return moment.strftime("%Y/%m/%d %H:%M") if moment else "—"


def summary_labels() -> SummaryLabels:
    """The chart summary's words in the UI language."""
    return SummaryLabels(
        title=tr("Medication history ({start} - {end})"),
        fetched=tr("Fetched {fetched_at}"),
        no_rows=tr("No medication in this period."),
        period_sep=tr(", "),
        days=tr("{days} days"),
        last=tr("last {day}"),
        fills=tr("{count} fills"),
        days_unknown=tr("days unknown"),
        same_ingredient=tr("same ingredient as {names}"),
        undated=tr("{count} lines without a date are not shown."),
        source_names={source: source_name(source) for source in MedicationSource},
    )
