"""Whole check-ins through the UI against the sandbox and the simulated card."""

from __future__ import annotations

import pytest

from clinic_app.services.checkin_types import CheckInState, Outcome
from tests.helpers.desk_harness import DeskHarness

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
