"""The store is pure core + adapters: importing it (and its command line) pulls in no Qt."""

from __future__ import annotations

import subprocess
import sys


def test_store_imports_no_qt() -> None:
    code = (
        "import sys, clinic_app.store, clinic_app.store.backup, clinic_app.store.retention, "
        "clinic_app.cli.store; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
