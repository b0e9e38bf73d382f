"""The demo explains itself: one-click demo login, the card's PIN and state, no-card words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clinic_app.services.checkin_types import CheckInState, FallbackKind, Outcome
from clinic_app.ui import i18n
from clinic_app.ui.qt import QApplication, QLabel, QLocale, QMessageBox, QWidget
from tests.helpers.desk_harness import DeskHarness, process_until

pytestmark = [pytest.mark.ui, pytest.mark.integration]


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    switch = i18n.LanguageSwitch(qapp)
    switch.install("ja")
    yield
    switch.install("en")
    QLocale.setDefault(locale)


def _select(desk: DeskHarness, case: str) -> str:
    panel = desk.app.demo_panel
    assert panel is not None
    key = desk.person(case).person_key
    row = next(i for i, p in enumerate(panel.people()) if p.person_key == key)
    panel.list.setCurrentRow(row)
    return str(panel.details.text())


def test_one_click_on_a_demo_account_logs_in(desk: DeskHarness) -> None:
    window = desk.app.login_window
    window.demo_buttons[0].click()
    assert process_until(lambda: desk.app.reception is not None and desk.app.reception.isVisible())
    assert desk.app.session is not None and desk.app.session.username == "uketsuke"


def test_the_selected_card_shows_its_pin_in_japanese(japanese: None, desk: DeskHarness) -> None:
    desk.login()
    person = desk.person("valid_employee")
    text = _select(desk, "valid_employee")
    assert f"暗証番号 {person.pin}" in text
    assert "残り3回" in text


def test_locked_expired_and_no_card_people_are_explained(desk: DeskHarness) -> None:
    desk.login()
    panel = desk.app.demo_panel
    assert panel is not None
    locked = _select(desk, "card_locked")
    assert "locked" in locked.lower() and "visual check" in locked
    assert desk.person("card_locked").pin not in locked  # a locked PIN is of no use
    expired = _select(desk, "card_expired_out_of_grace")
    assert "Check in by numbers" in expired
    assert "still works" in _select(desk, "card_expired_in_grace")
    assert "One try left" in _select(desk, "card_last_try")
    no_card = _select(desk, "no_card")
    assert "numbers form" in no_card
    assert "numbers" in panel.tap_button.text()
    _select(desk, "valid_employee")
    assert "numbers" not in panel.tap_button.text()
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    people = panel.people()
    marked = {p.case for p, row in zip(people, rows, strict=True) if row.startswith("[")}
    assert {"card_locked", "card_expired_out_of_grace", "no_card"} <= marked
    assert "valid_employee" not in marked


def test_numbers_check_in_does_not_ask_the_patient_about_a_card(desk: DeskHarness) -> None:
    reception = desk.login()
    desk.app.demo_panel.tap(desk.person("no_card").person_key)
    dialog = reception.open_dialog
    assert dialog is not None
    assert dialog.kind_combo.currentData() is FallbackKind.ELIGIBILITY_CERTIFICATE
    assert dialog.try_accept()
    assert desk.step is not None and desk.step.state is CheckInState.SHOWING_RESULT
    screen = desk.app.patient_screen
    assert screen.current_page is screen.page_checking
    assert not _mentions_card(_texts(screen.page_checking))
    step = desk.register()
    if step.outcome is Outcome.DUPLICATE_CHECK_IN:  # checked in by an earlier test today
        assert reception.duplicate_box is not None
        reception.duplicate_box.done(QMessageBox.StandardButton.Yes)
        assert process_until(lambda: not desk.app.controller.busy)
        step = desk.step
    assert step.state is CheckInState.COMPLETED, step
    assert screen.current_page is screen.page_done
    assert not _mentions_card(_texts(screen.page_done))
    # With a card the patient is still told to take it back.
    step = desk.check_in_with_pin("elderly_20")
    assert screen.current_page is screen.page_checking
    assert _mentions_card(_texts(screen.page_checking))


def _mentions_card(text: str) -> bool:
    """The patient screen speaks Japanese or English."""
    assert text.strip()
    return "カード" in text or "card" in text.lower()


def _texts(page: QWidget) -> str:
    return " ".join(label.text() for label in page.findChildren(QLabel))


def test_the_result_panel_forgets_the_last_verdict_colour(desk: DeskHarness) -> None:
    desk.login()
    step = desk.check_in_with_pin("valid_employee")
    assert step.state is CheckInState.SHOWING_RESULT
    panel = desk.reception.result_panel
    assert panel.verdict_frame.objectName() == "verdict_ok"
    panel.clear()
    assert panel.verdict_frame.objectName() == "verdict_warn"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_numbers_form_mnemonics_are_unique(qapp: QApplication, desk: DeskHarness,
                                           language: str) -> None:  # fmt: skip
    import re

    locale = QLocale()
    switch = i18n.LanguageSwitch(qapp)
    switch.install(language)
    try:
        reception = desk.login()
        desk.app.demo_panel.tap(desk.person("no_card").person_key)
        dialog = reception.open_dialog
        assert dialog is not None
        letters = [
            match.group(1).lower()
            for label in dialog.findChildren(QLabel)
            if (match := re.search(r"&(\w)", label.text())) is not None
        ]
        assert len(letters) >= 5
        assert len(letters) == len(set(letters)), letters
        dialog.reject()
    finally:
        switch.install("en")
        QLocale.setDefault(locale)
