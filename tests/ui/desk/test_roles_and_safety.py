"""Roles, idle lock, keyboard and accessibility, slow service, and no personal data in logs."""

from __future__ import annotations

import logging
import time

import pytest
from PySide6.QtTest import QTest

from clinic_app.services.checkin_types import CheckInState, Outcome
from clinic_app.ui.checkin_panel import ask_visual_check_confirmation
from clinic_app.ui.qt import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QMessageBox,
    Qt,
    QTimer,
)
from clinic_app.ui.worker import ThreadPoolExecutor
from clinic_app.wiring import Backend
from tests.helpers.desk_harness import DeskHarness, process_until

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_reception_role_sees_desk_but_not_histories_or_settings(desk: DeskHarness) -> None:
    reception = desk.login("uketsuke")
    assert reception.checkin_panel.isVisible()
    assert desk.app.demo_panel is not None and desk.app.demo_panel.isVisible()
    assert not reception.history_button.isVisible()
    assert not reception.settings_button.isVisible()


def test_doctor_sees_histories_button_and_no_check_in(desk: DeskHarness) -> None:
    reception = desk.login("ishi")
    assert reception.history_button.isVisible()
    assert not reception.checkin_panel.isVisible()
    assert not reception.result_frame.isVisible()
    assert not reception.settings_button.isVisible()
    assert not desk.app.patient_screen.isVisible()
    # A card tapped at a doctor's screen starts nothing.
    desk.app.demo_panel.tap(desk.person("elderly_10").person_key)
    process_until(lambda: False, 0.3)
    assert desk.step is None or desk.step.state is CheckInState.WAITING_FOR_CARD


def test_doctor_opens_histories_and_the_lock_closes_them(desk: DeskHarness) -> None:
    reception = desk.login("ishi")
    reception.history_button.click()
    window = desk.app.history_window
    assert window is not None and window.isVisible()
    desk.app.idle_lock.locked.emit()
    assert desk.app.history_window is None and not window.isVisible()


def test_admin_sees_settings_but_not_histories(desk: DeskHarness) -> None:
    reception = desk.login("kanri")
    assert reception.settings_button.isVisible()
    assert not reception.history_button.isVisible()


def test_wrong_password_gives_the_generic_message(desk: DeskHarness) -> None:
    window = desk.app.login_window
    window.fill("uketsuke", "not-the-password")
    window.login_button.click()
    assert desk.app.reception is None
    assert not window.error_label.isHidden()
    text = window.error_label.text()
    window.fill("nobody-here", "whatever-password")
    window.login_button.click()
    assert window.error_label.text() == text  # same words: no user enumeration
    assert window.password_edit.text() == ""


def test_idle_lock_hides_the_desk_and_only_a_login_returns(desk: DeskHarness) -> None:
    reception = desk.login()
    assert desk.app.idle_lock is not None
    assert desk.app.idle_lock.timeout_ms == 10 * 60 * 1000
    desk.app.idle_lock.locked.emit()
    assert not reception.isVisible()
    window = desk.app.login_window
    assert window.isVisible() and window.lock_label.isVisible()
    assert window.username_edit.text() == "uketsuke"
    window.password_edit.setText("demo-uketsuke")
    window.login_button.click()
    assert process_until(lambda: reception.isVisible())
    assert desk.app.reception is reception  # same desk, nothing lost


def test_every_control_has_an_accessible_name(desk: DeskHarness) -> None:
    reception = desk.login()
    for root in (reception, desk.app.patient_screen, desk.app.login_window):
        for widget in root.findChildren(QAbstractButton) + root.findChildren(QLineEdit):
            if widget.isVisibleTo(root) and not widget.objectName().startswith("qt_"):
                assert widget.accessibleName(), (type(widget).__name__, widget.text())


def test_keyboard_only_check_in(desk: DeskHarness, qtbot: object) -> None:
    reception = desk.login()
    reception.activateWindow()
    step = desk.tap("age_70_74_30", until=lambda s: s.state is CheckInState.ENTERING_PIN)
    screen = desk.app.patient_screen
    person = desk.person("age_70_74_30")
    for digit in person.pin:  # the PIN pad answers to the number keys
        screen.digit_buttons[digit].animateClick()
    process_until(lambda: screen.digits_entered == 4, 3)
    screen.ok_button.click()
    process_until(lambda: not desk.app.controller.busy)
    step = desk.consent(all_at_once=True)
    assert step.outcome is Outcome.RESULT_VALID
    # Register with the mnemonic (Alt+R) rather than the mouse.
    from pytestqt.qtbot import QtBot

    assert isinstance(qtbot, QtBot)
    qtbot.keyClick(reception.result_panel.register_button, Qt.Key.Key_Space)
    process_until(lambda: desk.step.state is CheckInState.COMPLETED, 5)
    assert desk.step.state is CheckInState.COMPLETED
    # Esc cancels a started check-in.
    reception.checkin_panel.new_button.click()
    qtbot.keyClick(reception, Qt.Key.Key_Escape)
    assert desk.step.state in (CheckInState.CANCELLED, CheckInState.WAITING_FOR_CARD)


def test_slow_service_keeps_the_window_responsive_and_cancellable(
    demo_backend: Backend, qapp: QApplication
) -> None:
    harness = DeskHarness(demo_backend, ThreadPoolExecutor(max_threads=2))
    faults = demo_backend.demo.faults
    try:
        harness.login()
        person = harness.person("specific_disease")
        step = harness.tap("specific_disease", until=lambda s: s.state is CheckInState.ENTERING_PIN)
        harness.enter_pin(person.pin)
        assert harness.step.state is CheckInState.ASKING_CONSENT
        faults.latency = 5.0
        screen = harness.app.patient_screen
        screen.mode_all_button.click()
        screen.all_agree_button.click()
        screen.notice_ok_button.click()
        controller = harness.app.controller
        assert controller.busy
        panel = harness.reception.checkin_panel
        assert panel.cancel_button.isEnabled()
        assert process_until(lambda: panel.progress.isVisible(), 2.0)  # shown once slow
        # The GUI thread keeps running: a 50 ms timer fires while the query waits.
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(50)
        started = time.monotonic()
        assert process_until(lambda: len(ticks) >= 5, 2.0)
        assert time.monotonic() - started < 1.5 and controller.busy
        timer.stop()
        cancel_at = time.monotonic()
        panel.cancel_button.click()
        assert time.monotonic() - cancel_at < 0.5
        assert not controller.busy
        assert harness.step.state is CheckInState.CANCELLED
        assert screen.current_page is screen.page_welcome
    finally:
        faults.clear()
        harness.close()
    del step


def test_no_personal_data_in_logs_after_a_full_run(
    desk: DeskHarness, caplog: pytest.LogCaptureFixture
) -> None:
    cases = ("kana_voiced", "rare_kanji_toku", "foreign_name", "card_locked")
    with caplog.at_level(logging.DEBUG):
        reception = desk.login()
        for case in cases[:3]:
            step = desk.check_in_with_pin(case)
            if step.state is CheckInState.SHOWING_RESULT:
                desk.register()
        desk.tap("card_locked")
        person = desk.person("no_card")
        desk.app.demo_panel.tap(person.person_key)
        reception.open_dialog.try_accept()
        reception.search_edit.setText(person.kana)
        reception.search_registered()
    records = [r for r in caplog.records if r.levelno >= logging.DEBUG]
    assert records, "the run logged nothing at all"
    text = "\n".join(r.getMessage() + " " + str(r.args) for r in records)
    for case in (*cases, "no_card"):
        p = desk.person(case)
        secrets = [p.name, p.kana, p.insurer_number + p.number, p.number, p.pin,
                   p.birthdate.isoformat(), p.birthdate.strftime("%Y%m%d"), p.address]  # fmt: skip
        secrets += [part for part in p.name.split() if len(part) >= 2]
        for secret in secrets:
            assert secret not in text, (case, secret)


def test_mnemonics_are_unique_on_the_desk(desk: DeskHarness) -> None:
    """Alt+letter reaches exactly one visible control (keyboard-only desk)."""
    import re

    reception = desk.login("kanri")  # the admin sees the most buttons
    letters: dict[str, str] = {}
    for button in reception.findChildren(QAbstractButton):
        if not button.isVisibleTo(reception):
            continue
        match = re.search(r"&(\w)", button.text())
        if match is None:
            continue
        letter = match.group(1).lower()
        assert letter not in letters, (letter, letters.get(letter), button.text())
        letters[letter] = button.text()
    assert len(letters) >= 10


def _answer_visual_check_dialog(key: Qt.Key, seen: dict[str, object]) -> None:
    """Once the confirmation box is up, record what it offers and press ``key``."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(10, lambda: _answer_visual_check_dialog(key, seen))
        return
    default = box.defaultButton()
    seen["text"] = box.text()
    seen["default"] = default.text() if default else None
    seen["names"] = [b.accessibleName() for b in box.buttons()]
    target = default if key == Qt.Key.Key_Return else box.escapeButton()
    assert target is not None
    # Enter presses the default, Esc the escape button: the keyboard path, no mouse.
    QTest.keyClick(box, key)
    if box.isVisible():  # pragma: no cover - a platform without the key binding
        target.click()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_visual_check_confirmation_defaults_to_stop(desk: DeskHarness, key: Qt.Key) -> None:
    """A stray Enter or Esc on the 目視確認 question never records a visual check."""
    desk.login()
    seen: dict[str, object] = {}
    QTimer.singleShot(0, lambda: _answer_visual_check_dialog(key, seen))
    assert ask_visual_check_confirmation(desk.reception.checkin_panel) is False
    assert "photo" in str(seen["text"]) or "顔写真" in str(seen["text"])
    assert seen["default"] in ("&Stop", "やめる(&S)")
    names = seen["names"]
    assert isinstance(names, list) and len(names) == 2 and all(names)
