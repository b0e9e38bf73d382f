"""Whole check-ins through the UI against the sandbox and the simulated card."""

from __future__ import annotations

import pytest

from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.services.checkin_types import CheckInState, FallbackKind, Outcome
from clinic_app.ui import texts
from clinic_app.ui.qt import QMessageBox
from tests.helpers.desk_harness import DeskHarness, process_until

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_valid_card_check_in_end_to_end(desk: DeskHarness) -> None:
    desk.login()
    step = desk.check_in_with_pin("valid_employee")
    assert step.state is CheckInState.SHOWING_RESULT, step
    assert step.outcome is Outcome.RESULT_VALID
    panel = desk.reception.result_panel
    assert "有効" in panel.verdict_label.text() or "Valid" in panel.verdict_label.text()
    step = desk.register()
    assert step.state is CheckInState.COMPLETED
    assert step.visit is not None
    assert desk.app.patient_screen.current_page is desk.app.patient_screen.page_done
    ids = [e.visit.visit_id for e in desk.reception.queue_model.entries()]
    assert step.visit.visit_id in ids


def _select_patient(desk: DeskHarness, case: str) -> None:
    reception = desk.reception
    reception.search_edit.setText(desk.person(case).kana)
    reception.search_registered()
    assert reception.selected_patient is not None


def test_invalid_card_result_then_self_declaration(desk: DeskHarness) -> None:
    reception = desk.login()
    step = desk.check_in_with_pin("invalid_lost")
    assert step.outcome is Outcome.RESULT_INVALID, step
    what = reception.checkin_panel.what_label.text()
    assert what and what == reception.result_panel.verdict_label.text().split(" — ")[-1]
    assert reception.checkin_panel.next_label.text()
    assert not reception.result_panel.register_button.isEnabled()
    # The visit can still be registered, marked for re-check.
    _select_patient(desk, "invalid_lost")
    reception.fallback_button.click()  # nothing stored yet: the desk says to use another way
    assert desk.step.outcome is Outcome.NO_LAST_KNOWN
    dialog = reception.open_self_declaration()
    assert dialog is not None
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.received_check.setChecked(True)
    ok.click()
    done = desk.step
    assert done is not None and done.outcome is Outcome.VISIT_REGISTERED_FOR_RECHECK
    assert done.visit is not None and done.visit.needs_recheck
    assert done.visit.established_by.value == "self_declaration"


@pytest.mark.parametrize(
    ("case", "outcome"),
    [
        ("kana_voiced", Outcome.RESULT_VALID),
        ("invalid_lost", Outcome.RESULT_INVALID),
        ("invalid_newer_exists", Outcome.RESULT_NEWER_EXISTS),
        ("not_found", Outcome.RESULT_NOT_FOUND),
        ("several_match_a", Outcome.RESULT_SEVERAL_MATCH),
    ],
)
def test_every_validity_code_by_numbers(desk: DeskHarness, case: str, outcome: Outcome) -> None:
    reception = desk.login()
    person = desk.person(case)
    dialog = reception.open_numbers_dialog(
        FallbackKind.ELIGIBILITY_CERTIFICATE,
        prefill=(person.insurer_number, person.symbol, person.number, person.branch or "",
                 person.birthdate.isoformat()),
    )  # fmt: skip
    assert dialog.try_accept()
    step = desk.step
    assert step is not None and step.outcome is outcome, step
    assert step.result is not None
    assert step.result.validity.raw == person.expected_validity.value
    assert reception.checkin_panel.what_label.text() == texts.outcome_text(outcome)[0]
    assert reception.result_panel.register_button.isEnabled() is (outcome is Outcome.RESULT_VALID)
    if outcome is Outcome.RESULT_VALID:
        assert desk.register().state is CheckInState.COMPLETED


def test_no_such_insurance_by_numbers(desk: DeskHarness) -> None:
    reception = desk.login()
    desk.app.demo_panel.tap(desk.person("not_found").person_key)
    dialog = reception.open_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.try_accept()
    step = desk.step
    assert step is not None and step.outcome is Outcome.RESULT_NOT_FOUND
    assert "該当" in reception.checkin_panel.what_label.text() or step.result is not None


def test_fallback_by_numbers_registers_a_visit(desk: DeskHarness) -> None:
    reception = desk.login()
    person = desk.person("no_card")
    desk.app.demo_panel.tap(person.person_key)
    dialog = reception.open_dialog
    assert dialog.try_accept()
    step = desk.step
    assert step.outcome is Outcome.RESULT_VALID, step
    step = desk.register()
    assert step.state is CheckInState.COMPLETED
    assert step.visit.established_by.value == "numbers"
    assert not step.visit.needs_recheck


def test_numbers_dialog_refuses_a_bad_check_digit_and_keeps_input(desk: DeskHarness) -> None:
    reception = desk.login()
    dialog = reception.open_numbers_dialog(FallbackKind.ELIGIBILITY_CERTIFICATE)
    dialog.fill("06139998", "1", "2", "", "S25.4.1")
    assert "✗" in dialog.insurer_state.text()
    assert not dialog.try_accept()
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert dialog.insurer_edit.text() == "06139998"
    assert dialog.symbol_edit.text() == "1"
    dialog.reject()


def test_wrong_pin_to_lockout_then_fallback(desk: DeskHarness) -> None:
    reception = desk.login()
    step = desk.tap("valid_dependant", until=lambda s: s.state is CheckInState.ENTERING_PIN)
    assert step.tries_left == 3
    step = desk.enter_pin("0000")
    assert step.outcome is Outcome.WRONG_PIN and step.tries_left == 2
    screen = desk.app.patient_screen
    assert screen.current_page is screen.page_pin
    assert "2" in screen.tries_label.text() and screen.feedback_label.text()
    step = desk.enter_pin("0000")
    assert step.state is CheckInState.CONFIRMING_LAST_TRY, step
    assert screen.current_page is screen.page_staff
    assert reception.checkin_panel.last_try_button.isEnabled()
    reception.checkin_panel.last_try_button.click()
    step = desk.step
    assert step.state is CheckInState.ENTERING_PIN
    step = desk.enter_pin("0000")
    assert step.outcome is Outcome.CARD_LOCKED, step
    assert not reception.checkin_panel.pin_button.isEnabled()
    assert screen.current_page is screen.page_staff
    # Visual check (目視確認) is still possible on a locked card, and the sandbox
    # answers it: the visit is established by the staff's visual check.
    # It is a deliberate act: declining the confirmation changes nothing.
    panel = reception.checkin_panel
    assert panel.visual_button.isEnabled()
    answers = [False, True]
    asked: list[object] = []

    def staff_answers(parent: object) -> bool:
        asked.append(parent)
        return answers.pop(0)

    panel.confirm_visual_check = staff_answers
    panel.visual_button.click()
    assert asked == [panel]
    assert desk.step.outcome is Outcome.CARD_LOCKED
    assert panel.visual_button.isEnabled()
    panel.visual_button.click()
    assert asked == [panel, panel]
    step = desk.step
    assert step.state is CheckInState.ASKING_CONSENT
    step = desk.consent(all_at_once=False)
    assert step.outcome is Outcome.RESULT_VALID, step
    assert step.established_by is not None
    assert step.established_by.value == "card_visual"
    if step.state is CheckInState.SHOWING_RESULT:
        step = desk.register()
    assert step.visit is not None, step
    assert step.visit.established_by.value == "card_visual"


def test_card_removed_during_pin(desk: DeskHarness) -> None:
    desk.login()
    step = desk.tap("national_6digit", until=lambda s: s.state is CheckInState.ENTERING_PIN)
    assert step.state is CheckInState.ENTERING_PIN
    before = len(desk.steps)
    desk.remove_card()
    assert process_until(lambda: any(s.outcome is Outcome.CARD_REMOVED
                                     for s in desk.steps[before:]))  # fmt: skip
    screen = desk.app.patient_screen
    assert screen.current_page is not screen.page_pin
    assert screen.digits_entered == 0


def test_service_down_then_back_rechecks(desk: DeskHarness) -> None:
    reception = desk.login()
    faults = desk.backend.demo.faults
    desk.app.demo_panel.down_check.setChecked(True)  # the demo's training switch
    assert faults.http_status == 503
    person = desk.person("no_card_old_insurance_card")
    desk.app.demo_panel.tap(person.person_key)
    assert reception.open_dialog.try_accept()
    step = desk.step
    assert step.outcome in (Outcome.SERVICE_DOWN, Outcome.SERVICE_ERROR), step
    assert reception.banner.isVisible() or step.outcome is Outcome.SERVICE_ERROR
    assert reception.checkin_panel.retry_button.isEnabled()
    reception.search_edit.setText(person.kana)
    reception.search_registered()
    reception.fallback_button.click()
    step = desk.step
    assert step.outcome is Outcome.VISIT_REGISTERED_FOR_RECHECK
    assert any(e.visit.needs_recheck for e in reception.queue_model.entries())
    desk.app.demo_panel.down_check.setChecked(False)
    assert faults.http_status is None
    reception.set_offline(True)
    reception.probe_service()
    assert process_until(lambda: not reception.banner.isVisible())
    pending = [e for e in reception.queue_model.entries()
               if e.visit.visit_id == step.visit.visit_id]  # fmt: skip
    assert pending and not pending[0].visit.needs_recheck


def test_face_reader_result_opens_the_result_panel(desk: DeskHarness) -> None:
    from clinic_app.eligibility.messages import build_eligibility_reply

    reception = desk.login()
    person = desk.person("elderly_20")
    numbers = InsuranceNumbers.parse(person.insurer_number, person.symbol, person.number,
                                     person.branch)  # fmt: skip
    result = desk.backend.eligibility.query_by_numbers(numbers, person.birthdate)
    desk.app.faces.on_file("face_result.xml", build_eligibility_reply(result))
    assert process_until(lambda: desk.step is not None and desk.step.result is not None)
    step = desk.step
    assert step.outcome is Outcome.RESULT_VALID
    assert step.established_by.value == "face_reader"
    assert reception.result_panel.register_button.isEnabled()
    step = desk.register()
    assert step.state is CheckInState.COMPLETED


def test_duplicate_check_in_is_warned(desk: DeskHarness) -> None:
    reception = desk.login()
    step = desk.check_in_with_pin("elderly_30")
    desk.register()
    step = desk.check_in_with_pin("elderly_30")
    assert step.outcome is Outcome.RESULT_VALID
    reception.result_panel.register_button.click()
    step = desk.step
    assert step.outcome is Outcome.DUPLICATE_CHECK_IN
    box = reception.duplicate_box
    assert box is not None and box.isVisible()
    box.done(QMessageBox.StandardButton.No)
    assert desk.step.outcome is Outcome.DUPLICATE_CHECK_IN


def test_new_patient_from_result(desk: DeskHarness) -> None:
    reception = desk.login()
    step = desk.check_in_with_pin("new_qualification")
    assert step.outcome is Outcome.RESULT_VALID, step
    assert reception.result_panel.register_new_button.isEnabled()
    reception.result_panel.register_new_button.click()
    dialog = reception.open_dialog
    assert dialog.name_edit.text()
    assert not dialog.try_accept()  # the spelling check box is required
    dialog.reviewed_check.setChecked(True)
    assert dialog.try_accept()
    step = desk.step
    assert step.state is CheckInState.COMPLETED, step


def test_several_records_can_each_be_viewed(desk: DeskHarness) -> None:
    """複数該当: a selector above the insurance fields switches the shown record."""
    reception = desk.login()
    person = desk.person("several_match_a")
    dialog = reception.open_numbers_dialog(
        FallbackKind.ELIGIBILITY_CERTIFICATE,
        prefill=(person.insurer_number, person.symbol, person.number, person.branch or "",
                 person.birthdate.isoformat()),
    )  # fmt: skip
    assert dialog.try_accept()
    step = desk.step
    assert step is not None and step.result is not None
    records = step.result.records
    assert len(records) > 1
    panel = reception.result_panel
    selector = panel.record_selector
    assert selector.isVisibleTo(panel) and selector.accessibleName()
    assert selector.count() == len(records)

    def shown() -> list[str]:
        form = panel.insurance_form
        return [
            item.widget().text()
            for row in range(form.rowCount())
            if (item := form.itemAt(row, form.ItemRole.FieldRole)) and item.widget()
        ]

    first = shown()
    assert any(records[0].insured_identification_number in text for text in first)
    assert any(str(len(records)) in text for text in first)  # says how many there are
    selector.setCurrentIndex(1)
    second = shown()
    assert any(records[1].insured_identification_number in text for text in second)
    assert texts.format_date(records[0].qualification_date) in first
    assert texts.format_date(records[1].qualification_date) in second
    assert records[0].qualification_date != records[1].qualification_date
    assert desk.step is step  # only the view changed, not the check-in
    # A new check-in starts with no selector.
    panel.clear()
    assert not selector.isVisibleTo(panel) and selector.count() == 0
