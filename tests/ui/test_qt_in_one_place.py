"""STYLE item 2: only clinic_app/ui/qt.py imports PySide6 in the UI package."""

from __future__ import annotations

import ast
from pathlib import Path

import clinic_app.ui

UI_ROOT = Path(clinic_app.ui.__file__).parent


def _pyside_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name == "PySide6" or name.startswith("PySide6.") for name in names):
            lines.append(node.lineno)
    return lines


def test_only_the_qt_module_imports_pyside6() -> None:
    offenders = {
        str(path.relative_to(UI_ROOT)): lines
        for path in sorted(UI_ROOT.rglob("*.py"))
        if path.name != "qt.py" or path.parent != UI_ROOT
        if (lines := _pyside_imports(path))
    }
    assert offenders == {}


def test_history_names_come_from_the_shared_module() -> None:
    from clinic_app.ui import qt

    for name in ("QChart", "QChartView", "QPrinter", "QPdfWriter", "QStyledItemDelegate"):
        assert name in qt.__all__ and hasattr(qt, name)
