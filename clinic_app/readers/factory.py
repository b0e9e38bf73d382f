"""``open_reader(spec)``: a reader from a settings string or a command-line option."""

from __future__ import annotations

from clinic_app.card.errors import ReaderUnavailable
from clinic_app.readers.base import CardReader


def open_reader(spec: str) -> CardReader:
    """``pcsc`` / ``pcsc:<name part>`` (default), ``nfc:<nfcpy path>`` or ``sim``."""
    kind, _, argument = spec.partition(":")
    if kind == "pcsc":
        from clinic_app.readers.pcsc import PcscReader

        return PcscReader(argument)
    if kind == "nfc":
        if not argument:
            raise ReaderUnavailable("give the nfcpy device path, e.g. nfc:usb")
        from clinic_app.readers.nfc import NfcReader

        return NfcReader(argument)
    if kind == "sim" and not argument:
        from clinic_app.readers.simulated import SimulatedReader

        return SimulatedReader()
    raise ReaderUnavailable(f"unknown reader {spec!r}: use pcsc[:name], nfc:<path> or sim")
