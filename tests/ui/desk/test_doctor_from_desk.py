"""A doctor opens the histories of the patient selected at the desk, and can fetch again."""

from __future__ import annotations

import pytest

from clinic_app.services.checkin_types import CheckInState
from clinic_app.services.histories import HistoryKind
from tests.helpers.desk_harness import DeskHarness, process_until

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_doctor_opens_the_selected_patient_with_fetch_again(desk: DeskHarness) -> None:
    desk.login("uketsuke")
    step = desk.check_in_with_pin("checkups_5y")
    if step.state is CheckInState.SHOWING_RESULT:
        step = desk.register()
    assert step.visit is not None, step
    visit_id = step.visit.visit_id
    desk.reception.logout_requested.emit()

    reception = desk.login("ishi")
    reception.refresh_queue()
    reception.select_visit(visit_id)
    selected = reception.selected_patient
    assert selected is not None
    reception.history_button.click()
    screen = desk.app.history_window
    assert screen is not None and screen.isVisible()
    view = screen.view
    assert process_until(lambda: view.current is not None)
    assert view.current.summary.patient_number == selected.patient_id
    # The eligibility client is wired: consent given today allows a new fetch, and the
    # first open fetched the histories the patient agreed to.
    assert view._service.can_fetch
    histories = view.current.histories
    assert histories.fetched_at(HistoryKind.MEDICATION) is not None
    assert view.fetch_button.isEnabled()
    # "Fetch again" fetches and says so (the fetched-at minute alone may not change).
    view.status_label.clear()
    view.fetch_button.click()
    assert process_until(lambda: not view.busy)
    assert "Fetched from the service at" in view.status_label.text()
    screen.close()


def test_doctor_double_clicks_a_queue_row_to_open_histories(desk: DeskHarness) -> None:
    desk.login("uketsuke")
    step = desk.check_in_with_pin("elderly_10")
    if step.state is CheckInState.SHOWING_RESULT:
        step = desk.register()
    visit = step.visit if step.visit is not None else step.duplicate_of
    assert visit is not None, step
    desk.reception.logout_requested.emit()

    reception = desk.login("ishi")
    assert reception.doctor_hint.isVisible() and "Alt+H" in reception.doctor_hint.text()
    reception.refresh_queue()
    reception.select_visit(visit.visit_id)
    reception.queue_view.doubleClicked.emit(reception.queue_view.currentIndex())
    screen = desk.app.history_window
    assert screen is not None and screen.isVisible()
    assert process_until(lambda: screen.view.current is not None)
    assert screen.view.current.summary.patient_number == reception.selected_patient.patient_id
    screen.close()


def test_receptionists_see_no_doctor_hint(desk: DeskHarness) -> None:
    reception = desk.login("uketsuke")
    assert not reception.doctor_hint.isVisible()
    reception.queue_view.doubleClicked.emit(reception.queue_view.currentIndex())
    assert desk.app.history_window is None
