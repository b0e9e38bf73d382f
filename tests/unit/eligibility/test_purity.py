"""The message code is pure: no Qt, no network or file libraries pulled in."""

from __future__ import annotations

import subprocess
import sys


def test_messages_import_no_qt_and_no_io_libraries() -> None:
    code = (
        "import sys\n"
        "import clinic_app.eligibility.messages\n"
        "banned = ('PySide6', 'requests', 'urllib3', 'http.client', 'sqlalchemy')\n"
        "bad = [name for name in banned if name in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert completed.stdout.strip() == ""
