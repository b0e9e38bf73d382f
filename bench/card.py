"""Card benchmark: one tap's protocol work per transport, and how much of it is our software.

For each transport (direct call into the software card, nfcpy's real reader stack
over its ``udp`` driver, pyscard through pcscd and the vsmartcard virtual reader)
it runs the check-in flow — read the auth certificate, query PIN tries, verify
the PIN, sign a challenge — many times and prints medians per step, the APDUs
and bytes exchanged, and where the time goes:

  card  time inside the simulated chip (SoftwareCard.transmit; a real card spends
        0.3-1 s on the RSA signature alone),
  link  reader stack and transport (nfcpy + ISO-DEP over UDP, pcscd + vpcd, ...),
  app   our card layer (JpkiCard: APDU building, parsing, DER, checks).

"software" = link + app: the overhead we add on top of the card itself.
Usage: ``python bench/card.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic_app.card.jpki import JpkiCard, verify_signature
from clinic_app.card.simulator import SoftwareCard
from clinic_app.card.testpki import SandboxPki

PIN = "7395"
STEPS = ("read cert", "tries", "verify", "sign")
VPCD_PORT = 35963


class Clock:
    """Accumulates the time spent inside a wrapped callable."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, function: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
        def timed(apdu: bytes) -> bytes:
            started = time.perf_counter()
            try:
                return function(apdu)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


@dataclass
class StepSample:
    total: list[float] = field(default_factory=list)
    card: list[float] = field(default_factory=list)
    inside_transmit: list[float] = field(default_factory=list)
    apdus: int = 0
    bytes: int = 0


def run_flow(
    transmit: Callable[[bytes], bytes], card_clock: Clock, samples: dict[str, StepSample]
) -> None:
    """One tap; records per-step wall time, card time and time inside transmit."""
    transmit_clock = Clock()
    jpki = JpkiCard(transmit_clock.wrap(transmit))
    certificate = None
    for step in STEPS:
        card_before, transmit_before = card_clock.seconds, transmit_clock.seconds
        apdus_before, bytes_before = jpki.apdu_count, jpki.bytes_exchanged
        started = time.perf_counter()
        if step == "read cert":
            certificate = jpki.read_auth_certificate()
        elif step == "tries":
            jpki.pin_tries_left()
        elif step == "verify":
            jpki.verify_pin(PIN)
        else:
            signature = jpki.sign(b"challenge from the eligibility service")
        elapsed = time.perf_counter() - started
        sample = samples[step]
        sample.total.append(elapsed)
        sample.card.append(card_clock.seconds - card_before)
        sample.inside_transmit.append(transmit_clock.seconds - transmit_before)
        sample.apdus = jpki.apdu_count - apdus_before
        sample.bytes = jpki.bytes_exchanged - bytes_before
    assert certificate is not None and verify_signature(
        certificate, b"challenge from the eligibility service", signature
    )


def report(name: str, samples: dict[str, StepSample]) -> float:
    """Print one transport's table; returns the median software overhead per tap (ms)."""
    runs = len(samples[STEPS[0]].total)
    print(f"\n[{name}]  {runs} taps, medians in ms")
    header = ("step", "total", "card", "link", "app", "software", "APDUs", "bytes")
    print("  {:<10}{:>9}{:>9}{:>9}{:>9}{:>10}{:>7}{:>7}".format(*header))
    totals = {"total": 0.0, "card": 0.0, "link": 0.0, "app": 0.0, "apdus": 0, "bytes": 0}
    for step in STEPS:
        s = samples[step]
        total = statistics.median(s.total) * 1000
        card = statistics.median(s.card) * 1000
        link = (
            statistics.median(t - c for t, c in zip(s.inside_transmit, s.card, strict=True)) * 1000
        )
        app = (
            statistics.median(t - i for t, i in zip(s.total, s.inside_transmit, strict=True)) * 1000
        )
        share = (link + app) / total if total else 0.0
        numbers = f"{total:9.2f}{card:9.2f}{link:9.2f}{app:9.2f}{share:9.0%}"
        print(f"  {step:<10}{numbers} {s.apdus:>6}{s.bytes:>7}")
        for key, value in (("total", total), ("card", card), ("link", link), ("app", app)):
            totals[key] += value
        totals["apdus"] += s.apdus
        totals["bytes"] += s.bytes
    software = totals["link"] + totals["app"]
    share = software / totals["total"] if totals["total"] else 0.0
    print(
        f"  {'per tap':<10}{totals['total']:9.2f}{totals['card']:9.2f}{totals['link']:9.2f}"
        f"{totals['app']:9.2f}{share:9.0%} {totals['apdus']:>6}{totals['bytes']:>7}"
    )
    print(
        f"  software overhead per tap: {software:.2f} ms = {software / 300:.1%} of a fast "
        f"real card's 0.3 s signature, {software / 1000:.1%} of a slow card's 1 s"
    )
    return software


def new_samples() -> dict[str, StepSample]:
    return {step: StepSample() for step in STEPS}


def timed_card(pki: SandboxPki) -> tuple[SoftwareCard, Clock]:
    card = SoftwareCard.for_person(pki, "bench-person", pin=PIN)
    clock = Clock()
    card.transmit = clock.wrap(card.transmit)  # type: ignore[method-assign, assignment]
    return card, clock


def bench_direct(pki: SandboxPki, runs: int) -> float:
    card, clock = timed_card(pki)
    samples = new_samples()
    run_flow(card.transmit, clock, new_samples())  # warm-up
    for _ in range(runs):
        card.reset()
        run_flow(card.transmit, clock, samples)
    return report("direct (software card, no reader)", samples)


def bench_nfc_udp(pki: SandboxPki, runs: int) -> float | None:
    from clinic_app.card.typeb_udp import TypeBUdpCard
    from clinic_app.readers.nfc import NfcReader

    card, clock = timed_card(pki)
    server = TypeBUdpCard(card)
    server.start()
    reader = NfcReader(f"udp:127.0.0.1:{server.port}")
    try:
        session = reader.wait_for_card(10.0, threading.Event())
        if session is None:
            print("\n[nfcpy udp]  card not found")
            return None
        samples = new_samples()
        run_flow(session.transmit, clock, new_samples())
        for _ in range(runs):
            run_flow(session.transmit, clock, samples)
        session.close()
    finally:
        reader.close()
        server.stop()
    return report("nfcpy udp (nfcpy reader stack, ISO-DEP Type 4B over UDP)", samples)


@contextlib.contextmanager
def vpcd_slot() -> Iterator[None]:
    """The same lock the integration tests take: vpcd's slot holds one card."""
    path = Path(tempfile.gettempdir()) / f"madoguchi-vpcd-{VPCD_PORT}-{os.getuid()}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def bench_pcsc(pki: SandboxPki, runs: int) -> float | None:
    from clinic_app.card.errors import CardError
    from clinic_app.card.vpcd import VpcdCardClient
    from clinic_app.readers.pcsc import PcscReader

    try:
        names = PcscReader("Virtual PCD").reader_names()
    except CardError as error:
        print(f"\n[pcscd]  not available: {error.message}")
        return None
    if not names:
        print("\n[pcscd]  no vsmartcard Virtual PCD reader")
        return None
    card, clock = timed_card(pki)
    with vpcd_slot():
        client = VpcdCardClient(card, "127.0.0.1", VPCD_PORT)
        client.start()
        try:
            session = None
            deadline = time.monotonic() + 20
            while session is None and time.monotonic() < deadline:
                for name in names:
                    reader = PcscReader(name)
                    session = reader.wait_for_card(0.2, threading.Event())
                    if session is not None:
                        break
                    reader.close()
            if session is None:
                print("\n[pcscd]  the card never appeared")
                return None
            samples = new_samples()
            run_flow(session.transmit, clock, new_samples())
            for _ in range(runs):
                run_flow(session.transmit, clock, samples)
            session.close()
            reader.close()
        finally:
            client.stop()
    return report(f"pcscd (pyscard, pcscd, vsmartcard vpcd: {reader.name})", samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pki-dir", type=Path, default=None)
    args = parser.parse_args()
    pki_dir = args.pki_dir or Path(tempfile.gettempdir()) / f"madoguchi-test-pki-{os.getuid()}"
    pki = SandboxPki.load_or_create(pki_dir)
    print(f"card benchmark {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs")
    print("columns: total = wall time; card = inside the simulated chip; link = reader stack and")
    print("transport; app = our card layer; software = (link + app) / total")
    direct = bench_direct(pki, args.runs)
    bench_nfc_udp(pki, args.runs)
    bench_pcsc(pki, args.runs)
    verdict = "met" if direct < 20 else "MISSED"
    print(
        f"\ngoal: software overhead on the direct path < 20 ms per tap: {direct:.2f} ms ({verdict})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
