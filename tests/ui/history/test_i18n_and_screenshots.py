"""The package's own catalogue is complete and harmless to others; screens render."""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest

from clinic_app.ui.history.i18n import catalogue_name, install_translator, load, parse_ts
from clinic_app.ui.qt import QApplication, QColor, QCoreApplication, QImage
from tests.helpers.history_render import SIZE, render_all
from tests.ui.history.conftest import japanese

pytestmark = pytest.mark.ui

PACKAGE_DIR = Path(__file__).resolve().parents[3] / "clinic_app" / "ui" / "history"


def tr_strings() -> set[str]:
    """Every literal passed to ``tr(...)`` in the package."""
    found: set[str] = set()
    for path in PACKAGE_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
            ):
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"tr() needs a literal in {path.name}"
                assert isinstance(first.value, str)
                found.add(first.value)
    return found


def test_every_string_has_a_japanese_translation() -> None:
    data = resources.files("clinic_app.ui.history").joinpath(catalogue_name("ja")).read_bytes()
    table = parse_ts(data)
    translated = {source for (context, source, _comment) in table if context == "History"}
    missing = tr_strings() - translated
    assert not missing, f"add to history_ja.ts: {sorted(missing)}"
    for (_context, source, _comment), text in table.items():
        assert text, source
        # Placeholders must survive translation.
        assert sorted(_fields(source)) == sorted(_fields(str(text))), source


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_parse_ts_skips_unfinished_and_refuses_entities() -> None:
    ts = b"""<?xml version="1.0"?><TS version="2.1" language="ja"><context><name>History</name>
    <message><source>A</source><translation>\xe3\x81\x82</translation></message>
    <message><source>B</source><translation type="unfinished">x</translation></message>
    <message><source>C</source><translation></translation></message>
    </context></TS>"""
    assert parse_ts(ts) == {("History", "A", ""): "あ"}
    hostile = b"""<?xml version="1.0"?><!DOCTYPE TS [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <TS><context><name>History</name><message><source>A</source><translation>&e;</translation>
    </message></context></TS>"""
    assert parse_ts(hostile) == {}  # the external entity is never resolved


def test_translator_answers_only_for_its_own_strings(qapp: QApplication) -> None:
    assert install_translator(qapp, "ja")
    try:
        assert QCoreApplication.translate("History", "Fetch again") == "再取得"
        # Not ours: must fall through to the source text, never come back empty.
        assert QCoreApplication.translate("Errors", "Fetch again") == "Fetch again"
        assert QCoreApplication.translate("History", "no such text") == "no such text"
    finally:
        install_translator(qapp, "en")
    assert QCoreApplication.translate("History", "Fetch again") == "Fetch again"
    assert load("fr") is None
    assert not install_translator(qapp, "fr")


def _is_blank(image: QImage) -> bool:
    first = image.pixel(0, 0)
    return all(
        image.pixel(x, y) == first
        for x in range(0, image.width(), 37)
        for y in range(0, image.height(), 29)
    )


def test_screens_render_in_japanese(qapp: QApplication, tmp_path: Path) -> None:
    with japanese(qapp):
        written = render_all(tmp_path)
    assert [path.name for path in written] == [
        "history_by_date.png",
        "history_by_drug.png",
        "history_checkups.png",
        "history_trends.png",
        "history_summary_pdf.png",
    ]
    for path in written:
        image = QImage(str(path))
        expected = (1754, 1240) if path.name.endswith("_pdf.png") else SIZE
        assert (image.width(), image.height()) == expected
        assert not _is_blank(image)
        # Dark text pixels exist (glyphs drawn, not tofu-free blank panels).
        dark = sum(
            1
            for x in range(0, image.width(), 5)
            for y in range(0, image.height(), 5)
            if QColor(image.pixel(x, y)).lightness() < 90
        )
        assert dark > 200, path.name


def test_follows_the_default_locale_when_not_installed(qapp: QApplication) -> None:
    from clinic_app.ui.history.i18n import ensure_installed
    from clinic_app.ui.qt import QLocale

    previous = QLocale()
    install_translator(qapp, "en")
    QLocale.setDefault(QLocale(QLocale.Language.Japanese))
    try:
        ensure_installed()
        assert QCoreApplication.translate("History", "Fetch again") == "再取得"
    finally:
        install_translator(qapp, "en")
        QLocale.setDefault(previous)
    QLocale.setDefault(QLocale(QLocale.Language.English))
    try:
        ensure_installed()
        assert QCoreApplication.translate("History", "Fetch again") == "Fetch again"
    finally:
        QLocale.setDefault(previous)
