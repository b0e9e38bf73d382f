"""Fixtures for the doctor's view: a Japanese app, and the screen over fakes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from clinic_app.ui.history.i18n import install_translator
from clinic_app.ui.qt import QApplication
from tests.helpers.history_render import Scene, build_scene, prepare_app


@contextlib.contextmanager
def japanese(app: QApplication) -> Iterator[None]:
    font, style = app.font(), app.styleSheet()
    prepare_app(app, "ja")
    try:
        yield
    finally:
        install_translator(app, "en")  # removes ours
        app.setStyleSheet(style)
        app.setFont(font)


@pytest.fixture
def ja_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application with a CJK font and this package's Japanese catalogue installed.

    Font, style sheet and translator are put back afterwards, so other areas' UI
    tests see the application as they left it.
    """
    with japanese(qapp):
        yield qapp


@pytest.fixture
def scene(ja_app: QApplication, qtbot: object, tmp_path: object) -> Iterator[Scene]:
    built = build_scene(pdf_dir=tmp_path)  # type: ignore[arg-type]
    qtbot.addWidget(built.screen)  # type: ignore[attr-defined]
    built.screen.show()
    built.screen.refresh()
    yield built
    built.screen.close()


@pytest.fixture(autouse=True)
def _no_history_translator_left(qapp: QApplication) -> Iterator[None]:
    """Whatever a test installed (e.g. a window following a Japanese locale) goes away."""
    yield
    install_translator(qapp, "en")
