"""The card layer stays pure: no reader library, no Qt (DESIGN.md §2)."""

from __future__ import annotations

import subprocess
import sys

CARD_MODULES = [
    "clinic_app.card.apdu",
    "clinic_app.card.errors",
    "clinic_app.card.jpki",
    "clinic_app.card.serve",
    "clinic_app.card.simulator",
    "clinic_app.card.status",
    "clinic_app.card.testpki",
    "clinic_app.card.typeb_udp",
    "clinic_app.card.vpcd",
]


def test_card_package_imports_no_reader_library_or_qt() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CARD_MODULES)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('nfc', 'smartcard', 'PySide6', 'usb'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
