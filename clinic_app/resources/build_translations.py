"""Build the ``.qm`` catalogues from the committed ``.ts`` sources.

``python -m clinic_app.resources.build_translations``          compile (.ts → .qm)
``python -m clinic_app.resources.build_translations --update`` first re-scan the UI
sources with lupdate (keeps existing translations, marks removed ones obsolete)

Uses the lupdate/lrelease shipped with PySide6 in the virtualenv.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE
UI_SOURCES = HERE.parent / "ui"
TARGET_LANGUAGES = ("ja",)


class ToolMissing(RuntimeError):
    pass


def qt_tool(name: str) -> str:
    """Path of PySide6's ``lupdate``/``lrelease`` (inside the package, else on PATH)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / name
            if candidate.is_file():
                return str(candidate)
    for candidate_name in (f"pyside6-{name}", name):
        found = shutil.which(candidate_name)
        if found:
            return found
    raise ToolMissing(f"{name} not found; install PySide6 in this environment")


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"madoguchi_{language}.ts"


#: Packages under ui/ that ship their own catalogue.
OWN_CATALOGUES = ("history",)


def ui_sources() -> list[str]:
    return sorted(
        str(p)
        for p in UI_SOURCES.rglob("*.py")
        if p.relative_to(UI_SOURCES).parts[0] not in OWN_CATALOGUES
    )


def update_sources() -> None:
    for language in TARGET_LANGUAGES:
        subprocess.run(
            [
                qt_tool("lupdate"),
                "-locations",
                "none",
                "-no-obsolete",
                "-source-language",
                "en",
                "-target-language",
                language,
                *ui_sources(),
                "-ts",
                str(ts_file(language)),
            ],
            check=True,
            capture_output=True,
        )


def compile_catalogues() -> list[Path]:
    built = []
    for language in TARGET_LANGUAGES:
        source = ts_file(language)
        target = source.with_suffix(".qm")
        subprocess.run(
            [qt_tool("lrelease"), "-silent", str(source), "-qm", str(target)],
            check=True,
            capture_output=True,
        )
        built.append(target)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="re-scan sources with lupdate")
    args = parser.parse_args(argv)
    if args.update:
        update_sources()
    for path in compile_catalogues():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
