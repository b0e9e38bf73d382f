"""``python -m clinic_app card-info``: look at the card on a reader (for IT staff).

Prints the authentication certificate's subject, serial, issuer and validity
and the PIN tries left. It never asks for or prints a PIN and never selects
anything but the JPKI applet. Exit codes: 0 ok, 2 usage, 3 no reader, 4 no
card, 5 card removed, 6 not a My Number card, 1 any other card problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
from pathlib import Path
from typing import TextIO

from cryptography import x509

from clinic_app.card.errors import (
    CardError,
    CardRemoved,
    NoCard,
    NotJpkiCard,
    ReaderUnavailable,
)
from clinic_app.card.jpki import JpkiCard
from clinic_app.readers.base import CardReader, CardSession

EXIT_CODES: dict[type[CardError], int] = {
    ReaderUnavailable: 3,
    NoCard: 4,
    CardRemoved: 5,
    NotJpkiCard: 6,
}
GRACE_MONTHS = 3


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` later, clamped to the month's last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def validity_note(certificate: x509.Certificate, now: dt.datetime) -> str:
    """valid / not yet valid / expired (within or past the 3-month grace for insurance use)."""
    if now < certificate.not_valid_before_utc:
        return "not yet valid"
    end = certificate.not_valid_after_utc
    if now <= end:
        return "valid"
    if now <= add_months(end, GRACE_MONTHS):
        return "expired, within the 3-month grace for insurance use"
    return "expired, past the 3-month grace"


def describe_card(card: JpkiCard, now: dt.datetime) -> list[str]:
    card.select()
    token = card.read_token()
    certificate = card.read_auth_certificate()
    tries = card.pin_tries_left()
    start = certificate.not_valid_before_utc.strftime("%Y-%m-%d %H:%M UTC")
    end = certificate.not_valid_after_utc.strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"JPKI token:     {token}",
        "Authentication certificate:",
        f"  subject:      {certificate.subject.rfc4514_string()}",
        f"  serial:       {certificate.serial_number:X} (hex)",
        f"  issuer:       {certificate.issuer.rfc4514_string()}",
        f"  valid:        {start} to {end} ({validity_note(certificate, now)})",
        f"PIN tries left: {tries}" + ("  (locked)" if tries == 0 else ""),
    ]


def _simulated_reader(pki_dir: Path | None, person: str) -> CardReader:
    from clinic_app.card.simulator import SoftwareCard
    from clinic_app.card.testpki import SandboxPki, default_pki_dir
    from clinic_app.readers.simulated import SimulatedReader

    reader = SimulatedReader()
    pki = SandboxPki.load_or_create(pki_dir or default_pki_dir())
    reader.place(SoftwareCard.for_person(pki, person))
    return reader


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="madoguchi card-info", description=__doc__)
    parser.add_argument(
        "--reader", default="pcsc", help="pcsc[:name part] (default), nfc:<nfcpy path> or sim"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a card")
    parser.add_argument("--pki-dir", type=Path, default=None, help="test PKI for --reader sim")
    parser.add_argument("--person", default="demo-person", help="synthetic person for sim")
    return parser


def run(argv: list[str], out: TextIO, err: TextIO, *, now: dt.datetime | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    reader: CardReader | None = None
    session: CardSession | None = None
    try:
        if args.reader == "sim":
            reader = _simulated_reader(args.pki_dir, args.person)
        else:
            from clinic_app.readers.factory import open_reader

            reader = open_reader(args.reader)
        session = reader.wait_for_card(args.timeout, threading.Event())
        if session is None:
            raise NoCard(f"no card on the reader within {args.timeout:g} s")
        lines = describe_card(JpkiCard(session.transmit), now or dt.datetime.now(dt.UTC))
    except CardError as error:
        print(f"card-info: {_advice(error, args.reader)}", file=err)
        return next((code for kind, code in EXIT_CODES.items() if isinstance(error, kind)), 1)
    finally:
        if session is not None:
            session.close()
        if reader is not None:
            reader.close()
    print(f"Reader:         {reader.name}", file=out)
    for line in lines:
        print(line, file=out)
    return 0


def _advice(error: CardError, reader_spec: str) -> str:
    if isinstance(error, ReaderUnavailable):
        if reader_spec.startswith("nfc"):
            return (
                f"{error.message}. Check the reader's USB cable and that this user may "
                "access it (nfcpy talks to the device directly; pcscd must not hold it)."
            )
        return f"{error.message}. Check the reader's cable and that pcscd is running."
    if isinstance(error, NoCard):
        return f"{error.message}. Place the card flat on the reader."
    if isinstance(error, CardRemoved):
        return f"{error.message}. Leave the card on the reader until it is read."
    if isinstance(error, NotJpkiCard):
        return f"{error.message} (no JPKI application)."
    return error.message


def main(argv: list[str]) -> int:
    """Entry from ``clinic_app.__main__``: ``argv[0]`` is ``card-info``."""
    return run(argv[1:], sys.stdout, sys.stderr)
