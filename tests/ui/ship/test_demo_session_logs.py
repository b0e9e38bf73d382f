"""A full demo desk session through the UI leaves no personal data in any log file.

The receptionist logs in, checks in card holders with PIN and consent (names with
● and rare kanji among them), registers visits, asks by numbers for several
validity codes; the doctor logs in too. Logging runs at TRAFFIC, the most verbose
level. Then every log file is scanned for the people's names, kana, birth dates,
addresses, insurance numbers and PINs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.logging_setup import TRAFFIC, configure_logging, log_files, shutdown_logging
from clinic_app.services.checkin_types import CheckInState, FallbackKind
from clinic_app.wiring import Backend, build_demo_backend
from tests.helpers.desk_harness import DeskHarness
from tests.helpers.ship_log_scan import find_leaks, log_messages

pytestmark = [pytest.mark.ui, pytest.mark.integration]

CARD_CASES = ("valid_employee", "name_replacement", "rare_kanji_taka", "kana_voiced")
NUMBER_CASES = ("valid_dependant", "invalid_lost", "not_found", "several_match_b")


@pytest.fixture
def logged_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Backend, Path]]:
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "home"))
    folder = tmp_path / "logs"
    configure_logging(TRAFFIC, directory=folder)
    backend = build_demo_backend(tmp_path / "demo")
    yield backend, folder
    backend.close()
    shutdown_logging()


def test_demo_session_logs_hold_no_personal_data(
    qapp: object, logged_backend: tuple[Backend, Path]
) -> None:
    backend, folder = logged_backend
    desk = DeskHarness(backend)
    try:
        reception = desk.login()
        for case in CARD_CASES:
            step = desk.check_in_with_pin(case)
            if (
                step.state is CheckInState.SHOWING_RESULT
                and desk.reception.result_panel.register_button.isEnabled()
            ):
                desk.register()
            desk.remove_card()
        for case in NUMBER_CASES:
            person = desk.person(case)
            dialog = reception.open_numbers_dialog(
                FallbackKind.ELIGIBILITY_CERTIFICATE,
                prefill=(person.insurer_number, person.symbol, person.number,
                         person.branch or "", person.birthdate.isoformat()),
            )  # fmt: skip
            assert dialog.try_accept()
    finally:
        desk.close()
    people = [desk.person(case) for case in (*CARD_CASES, *NUMBER_CASES)]
    assert log_files(folder), "the session wrote no log at all"
    messages = log_messages(folder)
    assert len(messages.splitlines()) > 30, "too little was logged for the scan to mean anything"
    assert "TRAFFIC " in messages
    leaks = find_leaks(messages, people)
    assert not leaks, leaks
