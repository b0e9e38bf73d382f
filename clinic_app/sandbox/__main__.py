"""``python -m clinic_app.sandbox`` — run the sandbox eligibility service.

Commands:
  serve [--port N] [--seed S --size N] [--pki DIR] [fault switches]
      HTTPS on 127.0.0.1. The first line printed is ``<base URL> <CA file>``.
  terminal DIR [--seed S --size N] [--pki DIR] [--slow PIECES] [--face-every SECONDS]
      [fault switches]
      Emulate the qualification-confirmation terminal on folder DIR.
  export --seed S --size N [--output FILE] [--no-histories]
      Write the population as JSON so anyone can check the sandbox's answers.

Fault switches: --latency S, --http-status N, --drop, --hang S, --malformed,
--shift-jis, --in-progress N, --times N (see clinic_app.sandbox.faults).

Everything served is synthetic; the TLS and card CAs are test CAs.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import threading
from pathlib import Path
from typing import Any

DEFAULT_SEED = 20240101
DEFAULT_SIZE = 500


def _population_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="population seed")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="number of people")


def _pki_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pki",
        type=Path,
        default=None,
        help="test PKI folder shared with the software cards (default: the app's data folder)",
    )


def _fault_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fault switches (training and tests)")
    group.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    group.add_argument("--http-status", type=int, default=None, help="answer with this status")
    group.add_argument("--drop", action="store_true", help="drop connections without answering")
    group.add_argument("--hang", type=float, default=0.0, help="hold requests this long (max 60)")
    group.add_argument("--malformed", action="store_true", help="answer with broken XML")
    group.add_argument("--shift-jis", action="store_true", help="answer in Shift_JIS")
    group.add_argument("--in-progress", type=int, default=0, help="next N replies in progress")
    group.add_argument("--times", type=int, default=None, help="failure switches affect N requests")


def _faults(args: argparse.Namespace) -> Any:
    from clinic_app.sandbox.faults import SandboxFaults

    return SandboxFaults(
        latency=args.latency,
        http_status=args.http_status,
        drop_connection=args.drop,
        hang=args.hang,
        malformed_xml=args.malformed,
        shift_jis=args.shift_jis,
        in_progress=args.in_progress,
        times=args.times,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m clinic_app.sandbox",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTPS sandbox on 127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    _population_args(serve)
    _pki_arg(serve)
    _fault_args(serve)
    terminal = commands.add_parser("terminal", help="emulate the terminal on a folder")
    terminal.add_argument("directory", type=Path)
    terminal.add_argument(
        "--slow",
        type=int,
        default=0,
        metavar="PIECES",
        help="write replies in place in this many pieces",
    )
    terminal.add_argument(
        "--face-every",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="drop a face/ result for a random card holder this often",
    )
    _population_args(terminal)
    _pki_arg(terminal)
    _fault_args(terminal)
    export = commands.add_parser("export", help="write the population as JSON")
    _population_args(export)
    export.add_argument("--output", type=Path, default=None, help="file (default: stdout)")
    export.add_argument("--no-histories", action="store_true", help="leave histories out")
    return parser


def _load_pki(directory: Path | None) -> Any:
    from clinic_app.card.testpki import SandboxPki, default_pki_dir

    return SandboxPki.load_or_create(directory or default_pki_dir())


def _wait_for_interrupt(stop: threading.Event) -> None:
    def handler(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    while not stop.wait(0.5):
        pass


def _serve(args: argparse.Namespace) -> int:
    from clinic_app.sandbox.population import Population
    from clinic_app.sandbox.server import SandboxServer

    population = Population.generate(args.seed, args.size)
    server = SandboxServer(population, _load_pki(args.pki), port=args.port, faults=_faults(args))
    server.start()
    print(f"{server.base_url} {server.ca_file}", flush=True)
    print(
        f"sandbox: {len(population)} synthetic people (seed {args.seed}); "
        "POST /v1/<request prefix>, POST /v1/challenge; Ctrl+C stops",
        flush=True,
    )
    stop = threading.Event()
    try:
        _wait_for_interrupt(stop)
    finally:
        server.stop()
    return 0


def _terminal(args: argparse.Namespace) -> int:
    from clinic_app.sandbox.population import Population
    from clinic_app.sandbox.service import SandboxService
    from clinic_app.sandbox.terminal import SlowWrite, TerminalEmulator

    population = Population.generate(args.seed, args.size)
    service = SandboxService(population, _load_pki(args.pki), faults=_faults(args))
    slow = SlowWrite(pieces=args.slow) if args.slow > 1 else None
    emulator = TerminalEmulator(args.directory, service, slow_write=slow).start()
    print(f"terminal emulator on {args.directory.resolve()}", flush=True)
    stop = threading.Event()
    if args.face_every > 0:
        chooser = random.Random(args.seed)  # noqa: S311 (picks demo people, not secrets)
        holders = [p for p in population.catalogue() if p.card_validity is not None]

        def drop_faces() -> None:
            while not stop.wait(args.face_every):
                emulator.drop_face(chooser.choice(holders))

        threading.Thread(target=drop_faces, name="face-dropper", daemon=True).start()
    try:
        _wait_for_interrupt(stop)
    finally:
        emulator.stop()
    return 0


def _export(args: argparse.Namespace) -> int:
    from clinic_app.sandbox.population import Population

    population = Population.generate(args.seed, args.size)
    # A plain list of people; each row carries the day its answers hold for ("as_of").
    document = population.export(with_histories=not args.no_histories)
    if args.output is None:
        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        with open(args.output, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; also usable from ``clinic_app.__main__.COMMANDS`` (``sandbox ...``)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["sandbox"]:
        arguments = arguments[1:]
    args = build_parser().parse_args(arguments)
    if args.command == "serve":
        return _serve(args)
    if args.command == "terminal":
        return _terminal(args)
    return _export(args)


if __name__ == "__main__":
    sys.exit(main())
