"""The error presenter and the translation pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from lxml import etree

from clinic_app import resources
from clinic_app.core.errors import InvalidInput, KnownError
from clinic_app.ui import i18n
from clinic_app.ui.errors import ErrorPresenter, describe
from clinic_app.ui.qt import QApplication, QLocale, QMessageBox

pytestmark = pytest.mark.ui


class WrongPin(KnownError):
    """Stands in for clinic_app.card.errors.WrongPin (matched by class name)."""

    code = "card_wrong_pin"

    def __init__(self, tries_left: int) -> None:
        super().__init__("wrong PIN")
        self.tries_left = tries_left


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[i18n.LanguageSwitch]:
    locale = QLocale()
    switch = i18n.LanguageSwitch(qapp)
    switch.install("ja")
    yield switch
    switch.install("en")
    QLocale.setDefault(locale)


def test_known_error_in_japanese_with_next_step(japanese: i18n.LanguageSwitch) -> None:
    message = describe(InvalidInput("bad", code="insurer_check_digit"))
    assert not message.is_bug
    assert message.what == "保険者番号が正しくありません（検証番号が合いません）。"
    assert "証と見比べて" in message.next_step


def test_error_matched_by_class_name_shows_tries_left(japanese: i18n.LanguageSwitch) -> None:
    message = describe(WrongPin(2))
    assert message.what.startswith("暗証番号が違います。")
    assert "残り2回" in message.what


def test_english_switch(qapp: QApplication) -> None:
    locale = QLocale()
    i18n.LanguageSwitch(qapp).install("en")
    QLocale.setDefault(locale)
    assert describe(WrongPin(1)).what == "The PIN was not correct. Tries left: 1"


def test_settings_problems_are_listed(japanese: i18n.LanguageSwitch) -> None:
    from clinic_app.settings import SettingsError

    message = describe(SettingsError({"clinic.institution_code": "is required (10 digits)"}))
    assert message.what.startswith("設定")
    assert "clinic.institution_code: is required" in message.what
    assert "--demo" in message.next_step


def test_unknown_known_error_still_says_what_to_do(japanese: i18n.LanguageSwitch) -> None:
    message = describe(KnownError("x", code="something_new"))
    assert message.code == "something_new"
    assert message.what and message.next_step


def test_bug_is_not_a_traceback_and_logs_no_message(
    japanese: i18n.LanguageSwitch, caplog: pytest.LogCaptureFixture
) -> None:
    shown = []
    presenter = ErrorPresenter(show=shown.append)
    with caplog.at_level(logging.INFO):
        try:
            raise RuntimeError("山田太郎 1990-01-01")
        except RuntimeError as exc:
            message = presenter.present(exc)
    assert message.is_bug and shown == [message]
    assert "Traceback" not in message.text and "RuntimeError" not in message.text
    assert "不具合" in message.title
    assert "山田太郎" not in caplog.text
    assert message.code.removeprefix("bug-") in message.next_step


def test_presenter_opens_a_non_blocking_box(qtbot, japanese: i18n.LanguageSwitch) -> None:
    presenter = ErrorPresenter()
    presenter.present(InvalidInput("x"))
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.text() == "入力内容に誤りがあります。"
    ]
    assert boxes and boxes[-1].isVisible()
    assert boxes[-1].informativeText() == "印の付いた欄を確認して、もう一度お試しください。"
    boxes[-1].accept()


def test_every_source_string_has_a_japanese_translation() -> None:
    with resources.as_path("madoguchi_ja.ts") as path:
        tree = etree.parse(str(path))
    unfinished = [
        m.findtext("source")
        for m in tree.iter("message")
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
    ]
    assert unfinished == []
    assert len(list(tree.iter("message"))) > 50


def test_cjk_font_is_picked_when_installed() -> None:
    assert i18n.pick_cjk_family(["DejaVu Sans", "Noto Sans CJK JP"]) == "Noto Sans CJK JP"
    assert i18n.pick_cjk_family(["DejaVu Sans"]) is None


def test_unknown_language_is_refused(qapp: QApplication) -> None:
    with pytest.raises(i18n.UnknownLanguage):
        i18n.LanguageSwitch(qapp).install("xx")
