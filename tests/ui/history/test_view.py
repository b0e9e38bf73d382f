"""The doctor's screen over fakes: open, refuse, consent, fetch again, filter, export."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic_app.core.errors import KnownError
from clinic_app.core.history import CheckupHistory, MedicationHistory, MedicationSource
from clinic_app.ui.history.models import MedicationByDrugModel
from clinic_app.ui.history.view import HistoryView
from clinic_app.ui.qt import QApplication, QGuiApplication, Qt
from tests.helpers.history_fakes import RECEPTIONIST, sample_checkups, sample_medication
from tests.helpers.history_render import NOW, TODAY, Scene, build_scene

pytestmark = pytest.mark.ui


def open_first(scene: Scene) -> HistoryView:
    screen = scene.screen
    screen._activated(screen.patients_model.index(0, 0))
    return screen.view


def test_todays_list_and_opening_a_patient_is_audited(scene: Scene) -> None:
    screen = scene.screen
    assert screen.patients_model.rowCount() == 5
    assert screen.list_title.text() == "本日の受診者（2025/09/01）"
    view = open_first(scene)
    assert view._stack.currentIndex() == view.PAGE_CONTENT
    assert view.current is not None and view.current.histories.patient_id == 1
    assert "山田 太郎" in view.patient_label.text()
    assert "ID 000128" in view.patient_label.text()
    assert "まで再取得可" in view.medication_state.text()
    assert view.fetch_button.isEnabled()
    assert view.by_date_model.rowCount() > 0
    assert view.by_drug_model.rowCount() == 0  # computed when its tab is shown
    view.tabs.setCurrentIndex(view.TAB_BY_DRUG)
    assert view.by_drug_model.rowCount() > 0
    assert "太字：服用中" in view.footer_label.text()
    assert view.checkup_model.rowCount() > 0
    assert [(r.event, r.staff_id, r.patient_id) for r in scene.audit.rows] == [
        ("history_view", 7, 1)
    ]


def test_receptionist_is_refused_and_the_attempt_audited(
    ja_app: QApplication, qtbot: object
) -> None:
    scene = build_scene(RECEPTIONIST)
    qtbot.addWidget(scene.screen)  # type: ignore[attr-defined]
    view = scene.screen.view
    refusals: list[bool] = []
    view.refused.connect(lambda: refusals.append(True))
    scene.screen.refresh()  # the list itself is for doctors only
    assert view._stack.currentIndex() == view.PAGE_REFUSED
    view.open_patient(1)
    assert view._stack.currentIndex() == view.PAGE_REFUSED
    assert "監査ログに記録" in view.refused_label.text()
    assert refusals == [True, True]
    assert view.current is None
    assert [(r.event, r.staff_id, r.patient_id, r.detail["outcome"]) for r in scene.audit.rows] == [
        ("history_view", RECEPTIONIST.id, 1, "refused")
    ]


def test_expired_consent_shows_stored_copy_and_disables_fetch(scene: Scene) -> None:
    screen = scene.screen
    screen._activated(screen.patients_model.index(1, 0))  # patient 2: consent from yesterday
    view = screen.view
    assert view.current is not None
    assert view.current.histories.patient_id == 2
    assert view.by_date_model.rowCount() > 0  # stored copy readable
    assert "同意期限切れ" in view.medication_state.text()
    assert "同意の記録なし" in view.checkup_state.text()
    assert not view.fetch_button.isEnabled()
    view.fetch_again()  # even if triggered (e.g. a shortcut), nothing is fetched
    assert scene.fetcher.calls == []
    assert "同意の有効期限が切れています" in view.status_label.text()


def test_fetch_again_replaces_the_copy_and_audits(scene: Scene) -> None:
    fresh = sample_medication(as_of=TODAY, seed=11)[:30]
    scene.fetcher.medication = MedicationHistory("m", tuple(fresh))
    scene.fetcher.checkups = CheckupHistory("c", tuple(sample_checkups(as_of=TODAY, count=2)))
    view = open_first(scene)
    busy: list[bool] = []
    view.busy_changed.connect(busy.append)
    view.fetch_again()
    assert [call[0] for call in scene.fetcher.calls] == ["medication", "checkup"]
    assert view.current is not None
    assert len(view.current.histories.medication) == 30
    assert view.checkup_model.columnCount() == 3 + 2
    assert busy == [True, False]
    events = [(r.event, r.detail.get("kind"), r.detail["outcome"]) for r in scene.audit.rows]
    assert events == [
        ("history_view", None, "ok"),
        ("history_fetch", "medication", "ok"),
        ("history_fetch", "checkup", "ok"),
        ("history_view", None, "ok"),
    ]
    assert "山田 太郎" in view.patient_label.text()  # the header keeps the patient


def test_fetch_failure_goes_to_the_error_presenter(ja_app: QApplication, qtbot: object) -> None:
    presented: list[BaseException] = []
    scene = build_scene()
    view = scene.screen.view
    view._present_error = presented.append
    qtbot.addWidget(scene.screen)  # type: ignore[attr-defined]
    scene.screen.refresh()
    open_first(scene)
    scene.fetcher.error = KnownError("down", code="service_unavailable")
    view.fetch_again()
    assert presented == [scene.fetcher.error]
    assert "service_unavailable" in view.status_label.text()
    assert not view.busy
    assert view.current is not None and len(view.current.histories.medication) > 0


def test_filters_and_window(scene: Scene) -> None:
    view = open_first(scene)
    all_rows = view.by_date_model.rowCount()
    view.filter_edit.setText("めとほるみん")  # hiragana finds katakana
    view.refresh_medication()  # what the debounce timer would do
    assert 0 < view.by_date_model.rowCount() < all_rows
    view.tabs.setCurrentIndex(view.TAB_BY_DRUG)
    assert view.by_drug_model.rowCount() == 1
    assert "メトホルミン" in view.by_drug_model.row_at(0).drug_name
    view.filter_edit.clear()
    view.source_boxes[MedicationSource.DISPENSING].setChecked(False)
    view.source_boxes[MedicationSource.CLAIMS].setChecked(False)
    sources = {
        view.by_date_model.data(view.by_date_model.index(r, 7))
        for r in range(view.by_date_model.rowCount())
    }
    assert sources == {"電子処方箋"}
    for box in view.source_boxes.values():
        box.setChecked(True)
    six_months = view.by_drug_model.rowCount()
    view.window_combo.setCurrentIndex(view.window_combo.findData(3))
    assert view.by_drug_model.rowCount() <= six_months
    assert view.current is not None and view.current.by_drug is not None
    assert view.current.by_drug.window_start.isoformat() == "2025-06-01"
    view.window_combo.setCurrentIndex(view.window_combo.count() - 1)  # all
    assert view.by_date_model.rowCount() > all_rows


def test_by_drug_table_sorts_by_header(scene: Scene) -> None:
    view = open_first(scene)
    view.sort_by_drug(MedicationByDrugModel.TOTAL, Qt.SortOrder.DescendingOrder)
    totals = [
        int(str(view.by_drug_value(r, MedicationByDrugModel.TOTAL)))
        for r in range(view.by_drug_model.rowCount())
    ]
    assert totals == sorted(totals, reverse=True)


def test_copy_summary_is_audited_then_copied(scene: Scene) -> None:
    view = open_first(scene)
    QGuiApplication.clipboard().clear()
    view.copy_summary()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("薬剤情報（2025-03-01〜2025-09-01）")
    assert "取得日時 2025/09/01 08:55" in text
    assert "アムロジピン" in text
    assert view.status_label.text() == "カルテ用サマリーをコピーしました。"
    export = scene.audit.rows[-1]
    assert (export.event, export.detail["format"], export.patient_id) == ("export", "clipboard", 1)


def test_save_pdf_is_audited_and_written(scene: Scene, tmp_path: Path) -> None:
    view = open_first(scene)
    view.save_pdf()
    pdf = tmp_path / "medication_20250901.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5000
    export = scene.audit.rows[-1]
    assert (export.event, export.detail["format"], export.staff_id) == ("export", "pdf", 7)
    assert export.detail["rows"] == view.by_drug_model.rowCount()


def test_export_refused_writes_nothing(ja_app: QApplication, qtbot: object, tmp_path: Path) -> None:
    scene = build_scene(pdf_dir=tmp_path)
    qtbot.addWidget(scene.screen)  # type: ignore[attr-defined]
    scene.screen.refresh()
    view = open_first(scene)
    scene.service._require_doctor = _always_refuse(scene)  # type: ignore[method-assign]
    view.save_pdf()
    assert list(tmp_path.iterdir()) == []
    assert view._stack.currentIndex() == view.PAGE_REFUSED


def _always_refuse(scene: Scene):  # type: ignore[no-untyped-def]
    from clinic_app.services.histories import HistoryAccessDenied

    def refuse(*_args: object) -> None:
        raise HistoryAccessDenied("no")

    return refuse


def test_checkup_tab_footer_and_trends(scene: Scene) -> None:
    view = open_first(scene)
    view.tabs.setCurrentIndex(view.TAB_CHECKUPS)
    assert not view.filter_bar.isVisibleTo(view)
    assert "基準範囲外" in view.footer_label.text()
    assert view.trends.charts == []  # built lazily
    view.tabs.setCurrentIndex(view.TAB_TRENDS)
    names = [chart.definition.key for chart in view.trends.charts]
    assert "hba1c" in names and "sbp" in names
    image = view.trends.grab().toImage()
    assert not image.isNull()
    assert NOW.year == 2025


def test_never_fetched_with_valid_consent_is_fetched_once_unasked(scene: Scene) -> None:
    from datetime import timedelta

    from clinic_app.core.consent import Consent, ConsentItem

    # Patient 3 just checked in and consented; nothing stored yet; the service
    # answers with nothing (a patient without history): no loop.
    scene.store.consents[(3, ConsentItem.MEDICATION)] = Consent.given(
        ConsentItem.MEDICATION, True, NOW - timedelta(minutes=5)
    )
    screen = scene.screen
    screen._activated(screen.patients_model.index(2, 0))
    assert [call[0] for call in scene.fetcher.calls] == ["medication"]
    screen._activated(screen.patients_model.index(2, 0))  # opened again: no second fetch
    assert len(scene.fetcher.calls) == 1
    fetches = [r for r in scene.audit.rows if r.event == "history_fetch"]
    assert [(r.patient_id, r.detail["outcome"]) for r in fetches] == [(3, "ok")]
    assert "未取得" in screen.view.checkup_state.text()


def test_ctrl_f_focuses_the_filter(scene: Scene, qtbot: object) -> None:
    view = open_first(scene)
    view.tabs.setCurrentIndex(view.TAB_CHECKUPS)
    view._focus_filter()
    assert view.tabs.currentIndex() == view.TAB_BY_DATE
    assert view.filter_bar.isVisibleTo(view)


def test_print_path_renders_through_a_printer(scene: Scene, tmp_path: Path) -> None:
    from clinic_app.ui.history.export import print_document
    from clinic_app.ui.qt import QPrinter

    view = open_first(scene)
    view.ensure_by_drug()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    html_text = view._summary_html()
    assert "山田 太郎" in html_text and "アムロジピン" in html_text
    print_document(printer, html_text)
    assert target.read_bytes().startswith(b"%PDF")


def test_screen_loads_todays_list_when_first_shown_and_opens_by_number(
    ja_app: QApplication, qtbot: object
) -> None:
    scene = build_scene()
    qtbot.addWidget(scene.screen)  # type: ignore[attr-defined]
    assert scene.screen.patients_model.rowCount() == 0
    scene.screen.show()
    assert scene.screen.patients_model.rowCount() == 5
    scene.screen.open_patient_number("000342")
    view = scene.screen.view
    assert view.current is not None and view.current.histories.patient_id == 2
    assert "髙橋 美咲" in view.patient_label.text()
    scene.screen.open_patient_number("999999")
    assert "999999" in view.status_label.text()


def test_without_an_eligibility_service_nothing_is_fetched(
    ja_app: QApplication, qtbot: object
) -> None:
    from datetime import timedelta

    from clinic_app.core.consent import Consent, ConsentItem
    from clinic_app.services.histories import HistoryService

    scene = build_scene()
    scene.screen.view._service = HistoryService(scene.store, None, scene.audit, clock=lambda: NOW)
    scene.screen._service = scene.screen.view._service
    scene.store.consents[(3, ConsentItem.MEDICATION)] = Consent.given(
        ConsentItem.MEDICATION, True, NOW - timedelta(minutes=5)
    )
    qtbot.addWidget(scene.screen)  # type: ignore[attr-defined]
    scene.screen.show()
    scene.screen._activated(scene.screen.patients_model.index(2, 0))
    view = scene.screen.view
    assert not view.fetch_button.isEnabled()
    assert [r.event for r in scene.audit.rows] == ["history_view"]  # no fetch attempted


class DeferredExecutor:
    """Runs jobs only when told, in any order (answers arriving out of order)."""

    def __init__(self) -> None:
        self.jobs: list[object] = []

    def submit(self, job: object) -> None:
        self.jobs.append(job)

    def shutdown(self, timeout_ms: int) -> bool:
        return True


def test_a_late_answer_never_replaces_the_patient_chosen_last(
    ja_app: QApplication, qtbot: object
) -> None:
    from clinic_app.ui.worker import Worker

    scene = build_scene()
    executor = DeferredExecutor()
    view = scene.screen.view
    view._worker = Worker(executor)
    qtbot.addWidget(scene.screen)  # type: ignore[attr-defined]
    view.open_patient(1)
    view.open_patient(2)
    first, second = executor.jobs
    second()  # type: ignore[operator]
    first()  # type: ignore[operator]
    assert view.current is not None and view.current.histories.patient_id == 2
    assert not view.busy


def test_closing_the_screen_forgets_the_patient(scene: Scene) -> None:
    view = open_first(scene)
    view.tabs.setCurrentIndex(view.TAB_TRENDS)
    assert view.trends.charts
    scene.screen.close()
    assert view.current is None
    assert view.by_date_model.rowCount() == 0
    assert view.by_drug_model.rowCount() == 0
    assert view.checkup_model.rowCount() == 0
    assert view.trends.charts == []
    assert scene.screen.patients_model.rowCount() == 0
    scene.screen.show()  # shown again: today's list reloads
    assert scene.screen.patients_model.rowCount() == 5
