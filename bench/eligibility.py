"""Eligibility benchmark: card path, numbers path, reply parsing, bulk pre-check.

Runs the sandbox as a separate process (``python -m clinic_app.sandbox serve``)
so client and server do not share one interpreter lock, then measures over
loopback HTTPS:

- card-path query: challenge → software card signs (APDUs through JpkiCard) →
  query → parsed result; p50/p95 (goal: p95 < 30 ms);
- numbers-path query: p50/p95;
- parsing a three-year medication reply: lines per second;
- pre-checking 1,000 people: one kept-alive session vs a naive loop that opens
  a new connection (and TLS handshake) per request, side by side, plus the
  two-step bulk message (OQSmuquc01/02) for the same 1,000 (goal: < 10 s).

Usage: ``python bench/eligibility.py [--quick]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from clinic_app.card.testpki import SandboxPki
from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import ResponseHeader
from clinic_app.core.history import MedicationHistory
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import messages
from clinic_app.eligibility.client import EligibilityClient
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.eligibility.messages import BulkQueryEntry, RequestHeader
from clinic_app.sandbox.cards import prove_with_card, software_card_for
from clinic_app.sandbox.population import SANDBOX_INSTITUTION_CODE, Population, SyntheticPerson

SEED = 777
SIZE = 2000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def report(label: str, samples_ms: list[float], goal_ms: float | None = None) -> None:
    p50, p95 = percentile(samples_ms, 0.5), percentile(samples_ms, 0.95)
    goal = ""
    if goal_ms is not None:
        verdict = "meets" if p95 < goal_ms else "MISSES"
        goal = f"  goal p95 < {goal_ms:.0f} ms: {verdict} (ratio {p95 / goal_ms:.2f})"
    print(
        f"{label:<34} n={len(samples_ms):>4}  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  "
        f"mean {statistics.fmean(samples_ms):7.2f} ms{goal}"
    )


def start_sandbox(pki_dir: Path) -> tuple[subprocess.Popen[str], str, Path]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clinic_app.sandbox",
            "serve",
            "--seed",
            str(SEED),
            "--size",
            str(SIZE),
            "--pki",
            str(pki_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline().split()
    if len(first) != 2:
        process.kill()
        raise SystemExit("the sandbox did not start")
    return process, first[0], Path(first[1])


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def numbers_of(person: SyntheticPerson) -> InsuranceNumbers:
    return InsuranceNumbers(person.insurer_number, person.symbol, person.number, person.branch)


def bench_card_path(
    client: EligibilityClient, pki: SandboxPki, population: Population, rounds: int
) -> None:
    from clinic_app.card.jpki import JpkiCard

    person = population.by_case("valid_employee")
    card = software_card_for(pki, person)
    jpki = JpkiCard(card.transmit)
    consents = {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: True}
    for _ in range(10):  # warm up: connection, caches
        client.query_by_card(prove_with_card(jpki, person.pin), consents)
    card_side: list[float] = []

    def prove(challenge: bytes) -> messages.CardProof:
        started = time.perf_counter()
        proof = prove_with_card(jpki, person.pin)(challenge)
        card_side.append((time.perf_counter() - started) * 1000)
        return proof

    total = [timed(lambda: client.query_by_card(prove, consents)) for _ in range(rounds)]
    report("card path (challenge+sign+query)", total, goal_ms=30)
    report("  of which software card (APDUs)", card_side)
    report("  of which service round trips", [t - c for t, c in zip(total, card_side, strict=True)])


def bench_numbers_path(client: EligibilityClient, population: Population, rounds: int) -> None:
    people = list(population.people[40 : 40 + rounds])
    for person in people[:10]:
        client.query_by_numbers(numbers_of(person), person.birthdate)
    samples = []
    for person in people:
        started = time.perf_counter()
        client.query_by_numbers(numbers_of(person), person.birthdate)
        samples.append((time.perf_counter() - started) * 1000)
    report("numbers path (query+parse)", samples)


def bench_parse_medication(population: Population) -> None:
    person = population.by_case("heavy_medication")
    lines = person.medication_lines()
    # A busy three-year history: the heavy case's lines four times over (other clinics).
    lines = lines * 4
    header = messages.response_header_for(
        RequestHeader(SANDBOX_INSTITUTION_CODE, "bench1", date.today()),
        processed_at=datetime.now(),
    )
    assert isinstance(header, ResponseHeader)
    reply = messages.build_medication_reply(
        messages.MedicationReply(header, MedicationHistory("bench1", lines))
    )
    rounds = 30
    started = time.perf_counter()
    for _ in range(rounds):
        parsed = messages.parse_medication_reply(reply)
    elapsed = time.perf_counter() - started
    assert len(parsed.history.lines) == len(lines)
    print(
        f"{'parse 3-year medication reply':<34} {len(lines)} lines, {len(reply) / 1024:.0f} KiB: "
        f"{elapsed / rounds * 1000:.1f} ms per reply, {len(lines) * rounds / elapsed:,.0f} lines/s"
    )


def bench_bulk(base_url: str, ca_file: Path, population: Population, count: int) -> None:
    people = [p for p in population.people[: count + 40] if p.in_service][:count]
    with HttpsTransport(base_url, ca_bundle=ca_file) as shared:
        client = EligibilityClient(shared, SANDBOX_INSTITUTION_CODE)
        reuse = (
            timed(lambda: [client.query_by_numbers(numbers_of(p), p.birthdate) for p in people])
            / 1000
        )

    def naive() -> None:
        for person in people:
            with HttpsTransport(base_url, ca_bundle=ca_file) as one_off:
                EligibilityClient(one_off, SANDBOX_INSTITUTION_CODE).query_by_numbers(
                    numbers_of(person), person.birthdate
                )

    naive_s = timed(naive) / 1000
    with HttpsTransport(base_url, ca_bundle=ca_file) as shared:
        client = EligibilityClient(shared, SANDBOX_INSTITUTION_CODE, poll_interval=0.05)
        entries = [BulkQueryEntry(numbers_of(p), p.birthdate) for p in people]
        results: list[object] = []
        bulk_s = timed(lambda: results.extend(client.bulk_precheck(entries))) / 1000
    assert len(results) == len(people)
    goal = 10.0
    print(
        f"{'pre-check ' + str(len(people)) + ' people, one session':<34} {reuse:6.2f} s "
        f"({len(people) / reuse:,.0f}/s)  goal < {goal:.0f} s: "
        f"{'meets' if reuse < goal else 'MISSES'} (ratio {reuse / goal:.2f})"
    )
    print(
        f"{'  naive: new connection each':<34} {naive_s:6.2f} s ({len(people) / naive_s:,.0f}/s)"
        f"  reuse is {naive_s / reuse:.1f}x faster"
    )
    print(f"{'  bulk message OQSmuquc01/02':<34} {bulk_s:6.2f} s (one request + polls)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds (smoke run)")
    args = parser.parse_args(argv)
    rounds = 50 if args.quick else 300
    bulk_count = 200 if args.quick else 1000
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as temp:
        pki_dir = Path(temp) / "pki"
        pki = SandboxPki.load_or_create(pki_dir)
        population = Population.generate(SEED, SIZE)
        process, base_url, ca_file = start_sandbox(pki_dir)
        try:
            load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
            print(
                f"sandbox {base_url} (separate process), population {SIZE}, seed {SEED}; "
                f"{os.cpu_count()} CPUs, load average {load}"
            )
            with HttpsTransport(base_url, ca_bundle=ca_file) as transport:
                client = EligibilityClient(transport, SANDBOX_INSTITUTION_CODE)
                bench_card_path(client, pki, population, rounds)
                bench_numbers_path(client, population, rounds)
            bench_parse_medication(population)
            bench_bulk(base_url, ca_file, population, bulk_count)
        finally:
            process.terminate()
            process.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
