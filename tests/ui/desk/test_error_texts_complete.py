"""Every KnownError code in clinic_app has its own text: what happened and what to do next."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import clinic_app
from clinic_app.core.errors import KnownError
from clinic_app.ui import i18n
from clinic_app.ui.errors import describe, known_texts
from clinic_app.ui.qt import QApplication, QLocale

pytestmark = pytest.mark.ui

PACKAGE = Path(clinic_app.__file__).parent
#: The base class's placeholder code: never raised as such.
BASE_CODES = {KnownError.code}


def _declared_codes() -> Iterator[tuple[str, str, str | None]]:
    """(file, code, declaring class or None) for ``code = "..."`` and ``code="..."``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(PACKAGE))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    targets = (
                        statement.targets
                        if isinstance(statement, ast.Assign)
                        else [statement.target]
                        if isinstance(statement, ast.AnnAssign)
                        else []
                    )
                    value = getattr(statement, "value", None)
                    if (
                        any(isinstance(t, ast.Name) and t.id == "code" for t in targets)
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, str)
                    ):
                        yield name, value.value, node.name
            elif isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if (
                        keyword.arg == "code"
                        and isinstance(keyword.value, ast.Constant)
                        and isinstance(keyword.value.value, str)
                    ):
                        yield name, keyword.value.value, None


def test_the_scan_finds_codes_across_the_package() -> None:
    codes = {code for _file, code, _klass in _declared_codes()}
    for expected in ("card_wrong_pin", "history_access_denied", "backup_key_missing",
                     "insurer_check_digit", "settings_invalid"):  # fmt: skip
        assert expected in codes


def test_every_known_error_code_has_a_specific_text() -> None:
    texts = known_texts()
    missing = sorted(
        f"{file}: {code}"
        for file, code, klass in _declared_codes()
        if code not in BASE_CODES and code not in texts and (klass is None or klass not in texts)
    )
    assert missing == []
    for what, next_step in texts.values():
        assert what.strip() and next_step.strip()


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    switch = i18n.LanguageSwitch(qapp)
    switch.install("ja")
    yield
    switch.install("en")
    QLocale.setDefault(locale)


@pytest.mark.parametrize(
    "code",
    [
        "history_access_denied",
        "history_consent_expired",
        "history_no_insurance",
        "history_patient_not_found",
        "backup_key_missing",
        "queue.invalid_status_change",
        "eligibility_http_status",
    ],
)
def test_codes_read_in_japanese(japanese: None, code: str) -> None:
    message = describe(KnownError("internal words", code=code))
    texts = known_texts()  # translated through the installed Japanese catalogue
    assert message.what == texts[code][0]
    assert any("\u3040" <= ch <= "\u30ff" for ch in message.what), message.what
    assert any("\u3040" <= ch <= "\u30ff" for ch in message.next_step), message.next_step
    assert "internal words" not in message.text


def test_history_texts_in_english(qapp: QApplication) -> None:
    from clinic_app.services.histories import ConsentExpired, HistoryKind

    locale = QLocale()
    i18n.LanguageSwitch(qapp).install("en")
    QLocale.setDefault(locale)
    message = describe(ConsentExpired(HistoryKind.MEDICATION))
    assert "consent" in message.what.lower()
    assert "card" in message.next_step.lower()
