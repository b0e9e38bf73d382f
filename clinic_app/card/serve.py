"""``python -m clinic_app.card.simulator serve``: a software card for real reader stacks.

``--vpcd HOST:PORT`` inserts the card into vsmartcard's virtual reader, so pcscd,
pyscard and OpenSC see it as a card in "Virtual PCD"; ``--nfc-udp PORT`` answers
nfcpy's ``udp:127.0.0.1:PORT`` reader as an ISO 14443-4 Type B card. Both may be
given at once (one card, two fields). A line ``ready ...`` on stdout says the card
is reachable; SIGTERM, SIGINT or ``--duration`` end it cleanly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from clinic_app.card.simulator import CardFaults, SoftwareCard
from clinic_app.card.testpki import SandboxPki, default_pki_dir
from clinic_app.card.typeb_udp import TypeBUdpCard
from clinic_app.card.vpcd import VpcdCardClient


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    try:
        return host or "127.0.0.1", int(port)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}") from error


def _date(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected an ISO date, got {value!r}") from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m clinic_app.card.simulator")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="expose a software My Number card")
    serve.add_argument("--vpcd", type=_host_port, metavar="HOST:PORT")
    serve.add_argument("--nfc-udp", type=int, metavar="PORT", dest="nfc_udp")
    serve.add_argument("--person", default="demo-person", help="synthetic person key")
    serve.add_argument("--pin", default="1234", help="the card's PIN (test cards only)")
    serve.add_argument("--tries", type=int, default=3, help="PIN tries left")
    serve.add_argument("--pki-dir", type=Path, default=None)
    serve.add_argument("--not-before", type=_date, default=None)
    serve.add_argument("--not-after", type=_date, default=None)
    serve.add_argument("--sign-delay", type=float, default=0.0, help="seconds per signature")
    serve.add_argument("--duration", type=float, default=None, help="stop after N seconds")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.vpcd is None and args.nfc_udp is None:
        print("give --vpcd HOST:PORT and/or --nfc-udp PORT", file=sys.stderr)
        return 2
    pki = SandboxPki.load_or_create(args.pki_dir or default_pki_dir())
    card = SoftwareCard.for_person(
        pki,
        args.person,
        pin=args.pin,
        tries_left=args.tries,
        not_before=args.not_before,
        not_after=args.not_after,
        faults=CardFaults(sign_delay=args.sign_delay),
    )
    done = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    vpcd: VpcdCardClient | None = None
    udp: TypeBUdpCard | None = None
    ready: list[str] = []
    try:
        if args.nfc_udp is not None:
            udp = TypeBUdpCard(card, port=args.nfc_udp)
            udp.start()
            ready.append(f"nfc-udp=udp:{udp.address[0]}:{udp.port}")
        if args.vpcd is not None:
            vpcd = VpcdCardClient(card, *args.vpcd)
            try:
                vpcd.start(timeout=10.0)
            except OSError as error:
                host, port = args.vpcd
                print(f"cannot reach vpcd at {host}:{port}: {error}", file=sys.stderr)
                return 1
            ready.append(f"vpcd={args.vpcd[0]}:{args.vpcd[1]}")
        print("ready " + " ".join(ready), flush=True)
        done.wait(args.duration)
    finally:
        if vpcd is not None:
            vpcd.stop()
        if udp is not None:
            udp.stop()
    return 0
