"""Render every main screen to PNG; check targets and clipping on the way.

Set ``MADOGUCHI_SCREENSHOTS=docs/screenshots`` to (re)write the committed
screenshots; otherwise the PNGs go to a temp folder and are only checked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clinic_app.core.consent import ConsentItem
from clinic_app.services.checkin_types import CheckInState, FallbackKind
from clinic_app.ui import i18n
from clinic_app.ui.patient_screen import MIN_TARGET_MM, PatientScreen, mm_to_px
from clinic_app.ui.qt import QApplication, QImage, QLabel, QLocale, QPushButton, QWidget
from tests.helpers.desk_harness import DeskHarness, process_until

pytestmark = [pytest.mark.ui, pytest.mark.integration]


@pytest.fixture
def shots(tmp_path: Path, qapp: QApplication) -> Path:
    target = os.environ.get("MADOGUCHI_SCREENSHOTS")
    folder = Path(target) if target else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    font, locale = qapp.font(), QLocale()
    i18n.apply_font(qapp)
    i18n.apply_style(qapp)
    switch = i18n.LanguageSwitch(qapp)
    switch.install("ja")
    yield folder
    switch.install("en")
    qapp.setStyleSheet("")
    qapp.setFont(font)
    QLocale.setDefault(locale)


def save(widget: QWidget, folder: Path, name: str) -> Path:
    QApplication.processEvents()
    path = folder / name
    assert widget.grab().save(str(path)), path
    image = QImage(str(path))
    assert image.width() >= 600 and image.height() >= 400
    # Not a blank render: many distinct colours (text antialiasing, frames).
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}  # fmt: skip
    assert len(colours) > 20, name
    return path


def assert_not_clipped(root: QWidget) -> None:
    """Single-line texts of visible buttons fit their buttons."""
    for button in root.findChildren(QPushButton):
        if not button.isVisibleTo(root) or "\n" in button.text():
            continue
        needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        assert needed <= button.width(), (button.text(), needed, button.width())


def test_patient_screens(shots: Path) -> None:
    screen = PatientScreen("ja")
    screen.resize(1280, 900)
    screen.show()
    minimum = mm_to_px(MIN_TARGET_MM, screen.logicalDpiX())
    screen.show_welcome()
    save(screen, shots, "patient_welcome.png")
    screen.ask_pin(3)
    for digit in "12":
        screen.digit_buttons[digit].click()
    save(screen, shots, "patient_pin.png")
    for button in screen.page_pin.findChildren(QPushButton):
        assert button.width() >= minimum and button.height() >= minimum, button.text()
    assert "●" in screen.pin_display.text() and "1" not in screen.pin_display.text()
    screen.ask_consent([ConsentItem.MEDICATION, ConsentItem.CHECKUP])
    save(screen, shots, "patient_consent_mode.png")
    screen.mode_one_button.click()
    save(screen, shots, "patient_consent_item.png")
    yes, no = screen.item_agree_button, screen.item_disagree_button
    assert (yes.width(), yes.height()) == (no.width(), no.height())
    assert yes.font().pointSize() == no.font().pointSize()
    assert min(yes.width(), yes.height()) >= minimum
    screen.ask_consent([ConsentItem.MEDICATION, ConsentItem.CHECKUP, ConsentItem.TREATMENT])
    screen.mode_all_button.click()
    save(screen, shots, "patient_consent_all.png")
    screen.all_disagree_button.click()
    save(screen, shots, "patient_notice.png")
    screen.show_done()
    save(screen, shots, "patient_done.png")
    screen.set_language("en")
    screen.ask_pin(1)
    save(screen, shots, "patient_pin_en.png")
    assert "last try" in screen.tries_label.text()
    assert_not_clipped(screen)
    screen.close()


def test_desk_screens(shots: Path, desk: DeskHarness) -> None:
    login = desk.app.login_window
    login.resize(900, 700)
    login.show()
    login.retranslate()
    save(login, shots, "login.png")
    assert login.demo_frame.isVisible()
    assert_not_clipped(login)

    reception = desk.login()
    reception.resize(1700, 1000)
    for case in ("elderly_10", "age_70_74_20", "preschool_20"):
        step = desk.check_in_with_pin(case)
        assert step.state is CheckInState.SHOWING_RESULT, (case, step.outcome)
        desk.register()
    step = desk.check_in_with_pin("high_cost_limit_elderly")
    assert step.state is CheckInState.SHOWING_RESULT
    save(reception, shots, "desk_result.png")
    assert_not_clipped(reception)
    desk.register()

    step = desk.check_in_with_pin("name_replacement")
    assert step.state is CheckInState.SHOWING_RESULT
    labels = [label.text() for label in reception.result_panel.findChildren(QLabel)]
    assert any("●" in text for text in labels)
    save(reception, shots, "desk_name_flags.png")
    desk.register()
    save(reception, shots, "desk_queue.png")

    dialog = reception.open_numbers_dialog(FallbackKind.ELIGIBILITY_CERTIFICATE)
    person = desk.person("no_card")
    dialog.fill(person.insurer_number, person.symbol, person.number, person.branch or "",
                "S" + str(person.birthdate.year - 1925) + "." + str(person.birthdate.month)
                + "." + str(person.birthdate.day) if 1926 < person.birthdate.year < 1989
                else person.birthdate.isoformat())  # fmt: skip
    dialog.resize(640, 420)
    save(dialog, shots, "desk_numbers.png")
    assert "✓" in dialog.insurer_state.text()
    dialog.reject()

    reception.set_offline(True)
    assert process_until(lambda: reception.banner.isVisible())
    save(reception, shots, "desk_offline.png")
    reception.set_offline(False)
