"""The printable medication summary: an HTML document written to PDF or a printer.

Callers audit the export first (``HistoryService.record_export``) and only then call
:func:`write_pdf` / :func:`print_document`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from clinic_app.core.medication_views import SOURCE_PREFERENCE, ByDrugView
from clinic_app.ui.history.texts import (
    fmt_date,
    fmt_datetime,
    fmt_short,
    source_short_name,
    tr,
)
from clinic_app.ui.qt import (
    QFont,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QPrinter,
    QTextDocument,
)


@dataclass(frozen=True, slots=True)
class SummaryHeader:
    """Who and when, printed at the top (the page is patient data: audited, never logged)."""

    patient_name: str
    patient_number: str
    birthdate: str
    fetched_at: datetime | None
    printed_at: datetime


def summary_html(view: ByDrugView, header: SummaryHeader, font_family: str | None = None) -> str:
    """The by-drug view as an HTML table for QTextDocument (A4 portrait)."""
    esc = html.escape
    family = f"font-family: '{esc(font_family)}';" if font_family else ""
    title = tr("Medication summary")
    rows = []
    for row in view.rows:
        line = row.last_line
        dose = " ".join(
            part for part in (f"{line.quantity or ''}{line.unit or ''}", line.usage or "") if part
        )
        periods = "<br>".join(
            f"{fmt_short(period.start)}〜{fmt_short(period.end)}" for period in row.periods
        )
        sources = "・".join(source_short_name(s) for s in SOURCE_PREFERENCE if s in row.sources)
        total = str(row.total_days)
        if row.days_unknown:
            total = f"{row.total_days}+" if row.total_days else "—"
        note = ""
        if row.same_ingredient_as:
            note = tr("Same ingredient as: {names}").format(names="、".join(row.same_ingredient_as))
        shade = " style='background:#fff3d6'" if row.same_ingredient_as else ""
        rows.append(
            f"<tr{shade}><td><b>{esc(row.drug_name)}</b><br>"
            f"<span style='color:#555'>{esc(row.ingredient or '')}</span></td>"
            f"<td>{esc(dose)}</td><td>{esc(fmt_date(row.last_dispensed))}</td>"
            f"<td>{periods}</td><td align='right'>{total}</td>"
            f"<td>{esc(' / '.join(row.institutions))}</td><td>{esc(sources)}</td>"
            f"<td>{esc(note)}</td></tr>"
        )
    if not rows:
        rows.append(f"<tr><td colspan='8'>{esc(tr('No medication in this period.'))}</td></tr>")
    headers = [
        tr("Drug / ingredient"),
        tr("Latest dose"),
        tr("Last dispensed"),
        tr("Periods"),
        tr("Days"),
        tr("Prescribers / pharmacies"),
        tr("Sources"),
        tr("Note"),
    ]
    widths = (22, 13, 9, 12, 5, 18, 10, 11)  # percent of the table, A4 landscape
    head_cells = "".join(
        f"<th align='left' width='{width}%'>{esc(h)}</th>"
        for h, width in zip(headers, widths, strict=True)
    )
    meta = tr(
        "Patient ID {number}  Born {birth}  Window {start} - {end}  Fetched {fetched}"
    ).format(
        number=esc(header.patient_number),
        birth=esc(header.birthdate),
        start=fmt_date(view.window_start),
        end=fmt_date(view.window_end),
        fetched=fmt_datetime(header.fetched_at),
    )
    footer = tr(
        "Printed {printed}. From the national medication information service; check with"
        " the patient before relying on it."
    ).format(printed=fmt_datetime(header.printed_at))
    return (
        f'<html><body style="{family} font-size:8pt;">'
        f"<h2 style='margin:0'>{esc(title)}　{esc(header.patient_name)}</h2>"
        f"<p style='margin:2px 0 8px 0;color:#333'>{meta}</p>"
        "<table width='100%' cellspacing='0' cellpadding='3' border='1' "
        "style='border-collapse:collapse;border-color:#999'>"
        f"<thead><tr style='background:#e8eef5'>{head_cells}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p style='color:#555;font-size:7pt'>{esc(footer)}</p>"
        "</body></html>"
    )


def _document(html_text: str, font_family: str | None) -> QTextDocument:
    document = QTextDocument()
    if font_family:
        document.setDefaultFont(QFont(font_family, 8))
    document.setHtml(html_text)
    return document


def write_pdf(path: Path, html_text: str, font_family: str | None = None) -> None:
    """A4 portrait PDF of the summary at ``path`` (overwritten)."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    # QTextDocument.print_ adds its own 2 cm margin around an unpaginated document.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(tr("Medication summary"))
    writer.setCreator("Madoguchi")
    document = _document(html_text, font_family)
    document.print_(writer)


def print_document(printer: QPrinter, html_text: str, font_family: str | None = None) -> None:
    _document(html_text, font_family).print_(printer)
