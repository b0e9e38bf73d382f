"""Language, font and style for the whole application.

Japanese is the default; English is the source language (no catalogue). The
compiled catalogue comes from :mod:`clinic_app.resources`; when running from a
checkout where it was not built yet, it is compiled on the spot.
"""

from __future__ import annotations

import logging

from clinic_app import resources
from clinic_app.ui.qt import (
    QApplication,
    QFont,
    QFontDatabase,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

log = logging.getLogger(__name__)

#: Fonts with Japanese glyphs, best first (Linux, macOS, Windows).
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Hiragino Sans",
    "Yu Gothic UI",
    "Meiryo UI",
    "Meiryo",
    "IPAexGothic",
    "TakaoPGothic",
    "Source Han Sans JP",
)

BASE_POINT_SIZE = 11


class UnknownLanguage(ValueError):
    pass


def pick_cjk_family(available: list[str] | None = None) -> str | None:
    """First installed family from :data:`CJK_FONT_FAMILIES`, or None."""
    families = set(QFontDatabase.families() if available is None else available)
    for family in CJK_FONT_FAMILIES:
        if family in families:
            return family
    return None


def apply_font(app: QApplication, point_size: int = BASE_POINT_SIZE) -> str | None:
    family = pick_cjk_family()
    font = QFont(family) if family else app.font()
    font.setPointSize(point_size)
    app.setFont(font)
    if family is None:
        log.warning("no CJK font found; Japanese text may show as boxes")
    return family


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(resources.style_sheet())


def _ensure_catalogue(language: str) -> bool:
    name = resources.translation_name(language)
    if resources.exists(name):
        return True
    try:  # running from a checkout without the build step
        from clinic_app.resources import build_translations

        build_translations.compile_catalogues()
    except Exception as exc:
        log.warning("could not build translations: %s", type(exc).__name__)
        return False
    return resources.exists(name)


class LanguageSwitch:
    """Owns the installed translators so the language can change at runtime."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> None:
        if language not in resources.LANGUAGES:
            raise UnknownLanguage(language)
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        if language != "en":
            # Qt's own texts (Cancel, Yes, No in standard dialogs), shipped with Qt.
            qt_translator = QTranslator(self._app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt_translator.load(f"qtbase_{language}", folder):
                self._app.installTranslator(qt_translator)
                self._translators.append(qt_translator)
        if language != "en" and _ensure_catalogue(language):
            translator = QTranslator(self._app)
            with resources.as_path(resources.translation_name(language)) as path:
                if translator.load(str(path)):
                    self._app.installTranslator(translator)
                    self._translators.append(translator)
                else:
                    log.warning("translation catalogue did not load: %s", language)
        QLocale.setDefault(
            QLocale(QLocale.Language.Japanese if language == "ja" else QLocale.Language.English)
        )
        self.language = language
