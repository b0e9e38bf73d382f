"""The history view's export actions: copy for the chart, save as PDF, print.

Every export first writes its audit row in the background (through the shared
:class:`~clinic_app.ui.worker.Worker`); only when that succeeded does anything
leave the application. The view owns the state; these actions read it through
the callables they are given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from clinic_app.core.medication_views import ByDrugView, plain_text_summary
from clinic_app.services.histories import (
    ExportFormat,
    HistoryKind,
    HistoryService,
    PatientHistories,
    PatientSummary,
    StaffMember,
)
from clinic_app.ui.history.export import SummaryHeader, print_document, summary_html, write_pdf
from clinic_app.ui.history.texts import fmt_date, fmt_datetime, summary_labels, tr
from clinic_app.ui.qt import QFileDialog, QGuiApplication, QPrintDialog, QPrinter, QWidget
from clinic_app.ui.worker import Worker

#: The patient on screen: their summary (if known), histories and last by-drug view.
Shown = tuple[PatientSummary | None, PatientHistories, ByDrugView | None]


class SummaryExports:
    """Copy, PDF and print of the by-drug medication summary, each audited first."""

    def __init__(
        self,
        parent: QWidget,
        service: HistoryService,
        worker: Worker,
        staff: StaffMember,
        *,
        shown: Callable[[], Shown | None],
        ensure_by_drug: Callable[[], ByDrugView | None],
        on_failure: Callable[[BaseException], None],
        set_status: Callable[[str], None],
        choose_pdf_path: Callable[[QWidget, str], Path | None],
        today: Callable[[], date],
        now: Callable[[], datetime],
        font_family: str,
    ) -> None:
        self._parent = parent
        self._service = service
        self._worker = worker
        self._staff = staff
        self._shown = shown
        self._ensure_by_drug = ensure_by_drug
        self._on_failure = on_failure
        self._set_status = set_status
        self._choose_pdf_path = choose_pdf_path
        self._today = today
        self._now = now
        self._font_family = font_family

    def summary_text(self) -> str:
        view = self._ensure_by_drug()
        shown = self._shown()
        if shown is None or view is None:
            return ""
        return plain_text_summary(
            view,
            labels=summary_labels(),
            fetched_at=fmt_datetime(shown[1].medication_fetched_at),
        )

    def _audited(self, export_format: ExportFormat, then: Callable[[], None]) -> None:
        """Write the export audit row in the background; only then write anything out."""
        view = self._ensure_by_drug()
        shown = self._shown()
        if shown is None or view is None:
            return
        patient_id = shown[1].patient_id
        rows = len(view.rows)
        self._worker.run(
            lambda: self._service.record_export(
                self._staff, patient_id, HistoryKind.MEDICATION, export_format, rows=rows
            ),
            on_success=lambda _none: then(),
            on_failure=self._on_failure,
        )

    def copy_summary(self) -> None:
        text = self.summary_text()
        if not text:
            return

        def done() -> None:
            QGuiApplication.clipboard().setText(text)
            self._set_status(tr("Summary copied for the chart."))

        self._audited(ExportFormat.CLIPBOARD, done)

    def summary_html(self) -> str:
        shown = self._shown()
        assert shown is not None
        summary, histories, by_drug_view = shown
        assert by_drug_view is not None
        header = SummaryHeader(
            patient_name=summary.name if summary else "",
            patient_number=summary.patient_number if summary else str(histories.patient_id),
            birthdate=fmt_date(summary.birthdate) if summary else "",
            fetched_at=histories.medication_fetched_at,
            printed_at=self._now(),
        )
        return summary_html(by_drug_view, header, self._font_family)

    def save_pdf(self) -> None:
        if self._ensure_by_drug() is None:
            return
        suggested = f"medication_{self._today():%Y%m%d}.pdf"
        path = self._choose_pdf_path(self._parent, suggested)
        if path is None:
            return
        html_text = self.summary_html()

        def done() -> None:
            write_pdf(path, html_text, self._font_family)
            self._set_status(tr("Saved {name}.").format(name=path.name))

        self._audited(ExportFormat.PDF, done)

    def print_summary(self) -> None:
        if self._ensure_by_drug() is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        html_text = self.summary_html()
        self._audited(
            ExportFormat.PRINT, lambda: print_document(printer, html_text, self._font_family)
        )


def ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save the PDF; always ends in ``.pdf``."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, tr("Save medication summary"), suggested, tr("PDF (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
