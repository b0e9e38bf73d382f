"""Icons, the style sheet and translations, read through ``importlib.resources``.

The one helper for packaged files (STYLE.md item 18): the wheel, the source
checkout and the frozen build all work the same, so no code asks whether it is
frozen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

PACKAGE = "clinic_app.resources"

#: UI languages, the first is the default. English is the source language.
LANGUAGES: tuple[str, ...] = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


def read_text(name: str) -> str:
    """Text of a packaged file such as ``style.qss``."""
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resources.files(PACKAGE).joinpath(name).read_bytes()


def exists(name: str) -> bool:
    node = resources.files(PACKAGE)
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.is_file()


@contextlib.contextmanager
def as_path(name: str) -> Iterator[Path]:
    """A real filesystem path for ``name`` for as long as the context is open."""
    node = resources.files(PACKAGE)
    for part in name.split("/"):
        node = node.joinpath(part)
    with resources.as_file(node) as path:
        yield path


def translation_name(language: str) -> str:
    """Packaged name of the compiled catalogue for ``language``."""
    return f"madoguchi_{language}.qm"


def style_sheet() -> str:
    return read_text("style.qss")
