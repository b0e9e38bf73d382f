"""Store benchmark on a generated clinic: kana search, one patient's history, today's
queue and the check-in write, on SQLite and on PostgreSQL.

    .venv/bin/python bench/store.py                       # both backends, full size
    .venv/bin/python bench/store.py --backend sqlite --patients 20000 --lines 200000

Full size: 100,000 patients, 1,000,000 medication lines, 5 years of visits
(~80 a weekday) with their audit rows. The fixture is bulk-loaded (executemany on
SQLite, COPY on PostgreSQL) into a fresh database; PostgreSQL comes from
``--pg-url`` or MADOGUCHI_TEST_PG_URL (a throw-away database is created and
dropped). Prints p50/p95 per operation, the goals, and the database size.
Goals: every read p95 < 5 ms on SQLite; check-in write p95 < 10 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic_app.core.names import normalise_kana
from clinic_app.store import Database, EligibilitySource, UnitOfWork, codec, migrate
from clinic_app.store.audit_chain import GENESIS_HASH, canonical_detail, row_hash
from clinic_app.store.schema import TABLES_IN_ORDER

READ_GOAL_MS = 5.0
WRITE_GOAL_MS = 10.0

MORAE = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ"
DRUGS = [
    ("620000001", "アムロジピン錠5mg", "アムロジピンベシル酸塩"),
    ("620000002", "ロキソプロフェンNa錠60mg", "ロキソプロフェンナトリウム水和物"),
    ("620000003", "メトホルミン塩酸塩錠250mg", "メトホルミン塩酸塩"),
    ("620000004", "ランソプラゾールOD錠15mg", "ランソプラゾール"),
    ("620000005", "アトルバスタチン錠10mg", "アトルバスタチンカルシウム水和物"),
    ("620000006", "カンデサルタン錠8mg", "カンデサルタンシレキセチル"),
    ("620000007", "レバミピド錠100mg", "レバミピド"),
    ("620000008", "酸化マグネシウム錠330mg", "酸化マグネシウム"),
]
CHECKUP_CODES = [
    ("3D046000001920402", "HbA1c", "%"),
    ("3F015000002327101", "中性脂肪", "mg/dl"),
    ("3F070000002327101", "HDLコレステロール", "mg/dl"),
    ("9A751000000000001", "収縮期血圧", "mmHg"),
    ("9N001000000000001", "身長", "cm"),
    ("9N006000000000001", "体重", "kg"),
]


def _mora_word(rng: random.Random, low: int, high: int) -> str:
    word = ""
    for _ in range(rng.randint(low, high)):
        pick = rng.randrange(len(MORAE))
        char = MORAE[pick]
        # A voiced mark belongs to the previous letter.
        if char in "ﾞﾟ":
            char = MORAE[pick - 1] + char
        word += char
    return word


class Fixture:
    """The generated clinic, as plain tuples ready for bulk loading."""

    def __init__(self, patients: int, lines: int, years: int, today: date, seed: int) -> None:
        rng = random.Random(seed)
        self.today = today
        now = datetime.combine(today, datetime.min.time()) + timedelta(hours=8)
        family = [_mora_word(rng, 2, 4) for _ in range(3000)]
        given = [_mora_word(rng, 2, 3) for _ in range(800)]
        self.kana: list[str] = []
        self.patients: list[tuple[Any, ...]] = []
        for pid in range(1, patients + 1):
            kana = f"{rng.choice(family)} {rng.choice(given)}"
            self.kana.append(kana)
            born = date(1930, 1, 1) + timedelta(days=rng.randrange(33000))
            self.patients.append(
                (
                    pid,
                    f"{pid:06d}",
                    f"患者{pid}",
                    kana,
                    normalise_kana(kana),
                    None,
                    None,
                    born,
                    rng.choice("12"),
                    now,
                    now,
                )
            )
        # Medication: a third of the patients have a history, ~30 lines each.
        with_history = rng.sample(range(1, patients + 1), max(1, patients // 3))
        self.history_patients = with_history
        self.lines: list[tuple[Any, ...]] = []
        per = max(1, lines // len(with_history))
        line_id = 0
        for pid in with_history:
            fetched = now - timedelta(days=rng.randrange(80))
            for _ in range(per):
                if line_id >= lines:
                    break
                line_id += 1
                code, name, ingredient = rng.choice(DRUGS)
                day = today - timedelta(days=rng.randrange(3 * 365))
                self.lines.append(
                    (
                        line_id,
                        pid,
                        fetched,
                        "dispensing",
                        day,
                        day,
                        "1312345678",
                        "テスト薬局",
                        code,
                        name,
                        ingredient,
                        "1",
                        "錠",
                        "1日1回朝食後",
                        rng.choice((7, 14, 28)),
                    )
                )
        while line_id < lines:  # the remainder goes to the first patients with a history
            line_id += 1
            pid = with_history[line_id % len(with_history)]
            code, name, ingredient = DRUGS[line_id % len(DRUGS)]
            self.lines.append(
                (
                    line_id,
                    pid,
                    now,
                    "claims",
                    today,
                    today,
                    None,
                    None,
                    code,
                    name,
                    ingredient,
                    "1",
                    "錠",
                    None,
                    14,
                )
            )
        # Checkups: yearly for the patients with a history, 6 items each.
        self.checkups: list[tuple[Any, ...]] = []
        item_id = 0
        for pid in with_history[: len(with_history) // 2]:
            for year in range(years):
                day = today - timedelta(days=365 * year + rng.randrange(300))
                for code, name, unit in CHECKUP_CODES:
                    item_id += 1
                    value = f"{rng.uniform(4.5, 180):.1f}"
                    self.checkups.append(
                        (item_id, pid, now, day, code, name, "PQ", value, unit, None, None)
                    )
        # Visits: ~80 a weekday over the years, each with an audit row; checks for
        # the last 90 days carry a full parsed result.
        from tests.helpers.store_samples import eligibility_result

        result_json = codec.dumps(eligibility_result())
        self.visits: list[tuple[Any, ...]] = []
        self.checks: list[tuple[Any, ...]] = []
        self.audit: list[tuple[Any, ...]] = []
        prev = GENESIS_HASH
        visit_id = check_id = 0
        day = today - timedelta(days=365 * years)
        while day <= today:
            if day.weekday() < 5 or day == today:  # today always has a queue
                for number in range(1, 81):
                    visit_id += 1
                    pid = rng.randrange(1, patients + 1)
                    at = datetime.combine(day, datetime.min.time()) + timedelta(
                        hours=8, minutes=number * 5
                    )
                    check_ref = None
                    if (today - day).days <= 90:
                        check_id += 1
                        check_ref = check_id
                        self.checks.append(
                            (
                                check_id,
                                pid,
                                at,
                                "card",
                                "1",
                                None,
                                "1",
                                None,
                                result_json,
                                None,
                                None,
                            )
                        )
                    self.visits.append(
                        (
                            visit_id,
                            pid,
                            day,
                            number,
                            at,
                            "done" if day < today else "waiting",
                            "card",
                            None,
                            check_ref,
                            None,
                            None,
                            False,
                            None,
                            None,
                            None,
                        )
                    )
                    detail = canonical_detail({"visit_id": visit_id})
                    digest = row_hash(
                        prev_hash=prev,
                        seq=visit_id,
                        occurred_at=at,
                        event="check_in",
                        staff_id=1,
                        patient_id=pid,
                        detail=detail,
                    )
                    self.audit.append((visit_id, at, "check_in", 1, pid, detail, prev, digest))
                    prev = digest
            day += timedelta(days=1)
        self.today_count = sum(1 for v in self.visits if v[2] == today)


COLUMNS = {
    "patients": "id, patient_number, name, kana, kana_key, received_name, received_kana, "
    "birthdate, sex, created_at, updated_at",
    "medication_lines": "id, patient_id, fetched_at, source, dispensed_on, prescribed_on, "
    "institution_code, institution_name, drug_code, drug_name, ingredient, quantity, unit, "
    "usage, days",
    "checkup_items": "id, patient_id, fetched_at, checkup_date, item_code, item_name, "
    "data_type, value, unit, oid, value_name",
    "eligibility_checks": "id, patient_id, checked_at, source, validity, processing_code, "
    "segment_of_result, error_code, result_json, numbers_json, raw_reply",
    "visits": "id, patient_id, visit_date, queue_number, checked_in_at, status, source, "
    "reason, check_id, numbers_json, staff_id, needs_recheck, rechecked_at, "
    "recheck_check_id, appointment_id",
    "audit_log": "seq, occurred_at, event, staff_id, patient_id, detail, prev_hash, row_hash",
}


def _batches(rows: Sequence[tuple[Any, ...]], size: int = 50_000) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load(db: Database, fixture: Fixture) -> float:
    started = time.perf_counter()
    tables = [
        ("patients", fixture.patients),
        ("medication_lines", fixture.lines),
        ("checkup_items", fixture.checkups),
        ("eligibility_checks", fixture.checks),
        ("visits", fixture.visits),
        ("audit_log", fixture.audit),
    ]
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        if db.dialect == "sqlite":
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("BEGIN")
            for name, rows in tables:
                marks = ", ".join("?" for _ in COLUMNS[name].split(","))
                sql = f"INSERT INTO {name} ({COLUMNS[name]}) VALUES ({marks})"
                for batch in _batches(rows):
                    raw.executemany(sql, batch)
            raw.execute("COMMIT")
            raw.execute("ANALYZE")
            raw.execute("PRAGMA synchronous=NORMAL")
        else:
            with raw.cursor() as cursor:
                for name, rows in tables:
                    with cursor.copy(f"COPY {name} ({COLUMNS[name]}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                for table in TABLES_IN_ORDER:
                    (key,) = table.primary_key.columns
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                        f"COALESCE((SELECT MAX({key.name}) FROM {table.name}), 0) + 1, false)"
                    )
            raw.commit()
            raw.autocommit = True
            raw.execute("VACUUM ANALYZE")
            raw.autocommit = False
    return time.perf_counter() - started


def timed(iterations: int, action: Callable[[int], object]) -> list[float]:
    for i in range(min(20, iterations)):  # warm caches and prepared statements
        action(i)
    samples = []
    for i in range(iterations):
        start = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_backend(name: str, url: str, fixture: Fixture, iterations: int) -> dict[str, Any]:
    db = Database.open(url)
    rng = random.Random(7)
    try:
        seconds = load(db, fixture)
        prefixes = [normalise_kana(k)[: rng.randint(2, 3)] for k in rng.sample(fixture.kana, 500)]
        prefixes += [k.split(" ")[0][:2] for k in rng.sample(fixture.kana, 100)]  # half-width
        history_ids = fixture.history_patients

        def search(i: int) -> object:
            with db.session(write=False) as uow:
                return uow.patients.search(kana_prefix=prefixes[i % len(prefixes)], limit=50)

        def history(i: int) -> object:
            pid = history_ids[(i * 7919) % len(history_ids)]
            with db.session(write=False) as uow:
                return (
                    uow.patients.get(pid),
                    uow.insurance.current(pid),
                    uow.visits.for_patient(pid),
                    uow.histories.medication(pid),
                    uow.histories.checkups(pid),
                    uow.eligibility.last_known(pid),
                )

        def queue(_i: int) -> object:
            with db.session(write=False) as uow:
                return uow.visits.queue(fixture.today)

        def check_in(i: int) -> object:
            pid = 1 + (i * 104729) % len(fixture.patients)

            def work(uow: UnitOfWork) -> int:
                visit = uow.visits.check_in(pid, source=EligibilitySource.CARD)
                uow.audit.append(
                    "check_in", staff_id=1, patient_id=pid, detail={"visit_id": visit.id}
                )
                return visit.id

            return db.run(work)

        lines_per_history = statistics.mean(
            len(history(i)[3])
            for i in range(20)  # type: ignore[index]
        )
        results = {
            "kana prefix search": timed(iterations, search),
            "one patient's full history": timed(iterations, history),
            "today's queue": timed(iterations, queue),
            "check-in write": timed(iterations, check_in),
        }
        with db.session(write=False) as uow:
            verified = uow.audit.verify()
        size = database_size(db, url)
    finally:
        db.close()
    return {
        "name": name,
        "load_seconds": seconds,
        "results": results,
        "size": size,
        "lines_per_history": lines_per_history,
        "audit_ok": verified.ok,
        "audit_rows": verified.rows_checked,
    }


def database_size(db: Database, url: str) -> int:
    if db.dialect == "sqlite":
        path = Path(sa.make_url(url).database or "")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())


def report(outcome: dict[str, Any]) -> None:
    print(f"\n== {outcome['name']} ==")
    print(
        f"bulk load: {outcome['load_seconds']:.1f} s; database size: "
        f"{outcome['size'] / 1e6:.1f} MB; audit chain verified: {outcome['audit_ok']} "
        f"({outcome['audit_rows']} rows); medication lines per opened history: "
        f"{outcome['lines_per_history']:.0f}"
    )
    print(f"{'operation':30} {'p50 ms':>8} {'p95 ms':>8} {'goal ms':>8} {'p95/goal':>9}")
    for label, samples in outcome["results"].items():
        goal = WRITE_GOAL_MS if label == "check-in write" else READ_GOAL_MS
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        print(f"{label:30} {p50:8.2f} {p95:8.2f} {goal:8.1f} {p95 / goal:9.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--pg-url", default=os.environ.get("MADOGUCHI_TEST_PG_URL"))
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    fixture = Fixture(args.patients, args.lines, args.years, date.today(), args.seed)
    print(
        f"generated in {time.perf_counter() - started:.1f} s: {len(fixture.patients):,} patients, "
        f"{len(fixture.lines):,} medication lines, {len(fixture.checkups):,} checkup items, "
        f"{len(fixture.visits):,} visits over {args.years} years ({fixture.today_count} today), "
        f"{len(fixture.checks):,} stored checks, {len(fixture.audit):,} audit rows"
    )
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as folder:
            report(
                run_backend("SQLite", f"sqlite:///{folder}/bench.sqlite3", fixture, args.iterations)
            )
    if args.backend in ("postgresql", "both"):
        if not args.pg_url:
            print("\nPostgreSQL skipped: no --pg-url / MADOGUCHI_TEST_PG_URL")
            return 0
        admin = sa.create_engine(args.pg_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        name = f"madoguchi_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        try:
            url = sa.make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
            migrate.upgrade(sa.make_url(url))
            report(run_backend("PostgreSQL", url, fixture, args.iterations))
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
