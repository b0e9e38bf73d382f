"""This package's translations, read straight from its committed ``.ts`` catalogue.

The history view keeps its own catalogue (``history_ja.ts`` next to this module) so
it can evolve without touching the shared one. Rather than needing a compiled
``.qm`` (and lrelease in every build), :class:`TsTranslator` reads the ``.ts``
XML once and answers ``translate()`` from a dict; unfinished and obsolete entries
are ignored, so an untranslated string falls through to the next translator and
finally to the English source. Should the shell's catalogue pick these strings up
later (its lupdate scans ``ui/`` recursively), both agree.
"""

# mypy: allow-subclassing-any

from __future__ import annotations

import logging
from importlib import resources

from lxml import etree

from clinic_app.ui.qt import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

PACKAGE = "clinic_app.ui.history"
LANGUAGES: tuple[str, ...] = ("ja",)


def catalogue_name(language: str) -> str:
    return f"history_{language}.ts"


def parse_ts(data: bytes) -> dict[tuple[str, str, str], str | list[str]]:
    """``(context, source, disambiguation) → translation`` (a list for plural forms)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    root = etree.fromstring(data, parser=parser)
    table: dict[tuple[str, str, str], str | list[str]] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            comment = message.findtext("comment") or ""
            forms = [form.text or "" for form in translation.iter("numerusform")]
            if forms:
                table[(name, source, comment)] = forms
            elif translation.text:
                table[(name, source, comment)] = translation.text
    return table


class TsTranslator(QTranslator):
    """A QTranslator answering from a parsed ``.ts`` table (Japanese has one plural form)."""

    def __init__(self, table: dict[tuple[str, str, str], str | list[str]]) -> None:
        super().__init__()
        self._table = table

    def isEmpty(self) -> bool:
        return not self._table

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """The translation, or ``None`` (a null QString: "not mine, ask the next one").

        Returning ``""`` instead would count as a translation and blank every other
        part of the application's text.
        """
        found = self._table.get((context, source_text, disambiguation or ""))
        if isinstance(found, list):
            return found[0] if found else None
        return found


_installed: list[TsTranslator] = []


def load(language: str) -> TsTranslator | None:
    if language not in LANGUAGES:
        return None
    data = resources.files(PACKAGE).joinpath(catalogue_name(language)).read_bytes()
    return TsTranslator(parse_ts(data))


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Install (or, for English or an unknown language, remove) this package's catalogue."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded = load(language)
    if loaded is None:
        return False
    app.installTranslator(loaded)
    _installed.append(loaded)
    return True


def ensure_installed() -> None:
    """Install the catalogue for the default locale's language if nothing is installed.

    The shell sets ``QLocale.setDefault`` when it picks the UI language; calling this
    before building the history widgets makes them follow it without extra wiring.
    """
    app = QCoreApplication.instance()
    if app is None or _installed:
        return
    if QLocale().language() == QLocale.Language.Japanese:
        install_translator(app, "ja")
