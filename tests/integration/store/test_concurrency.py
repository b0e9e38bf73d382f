"""Four desks (processes) checking patients in at once: no lost visit, no lock error."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from clinic_app.store import Database

WORKERS = 4
PER_WORKER = 25
ROOT = Path(__file__).resolve().parents[3]


def test_four_processes_check_in_at_once(empty_store_url: str, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL; the workers also race to migrate the empty database."""
    four_desks(empty_store_url, tmp_path, busy_ms=10_000)


def test_sqlite_busy_handler_giving_up_is_retried_inside_the_store(tmp_path: Path) -> None:
    """A 1 ms busy timeout makes SQLite report "database is locked" constantly: the
    unit of work's retry must absorb every one of them."""
    four_desks(f"sqlite:///{tmp_path / 'tiny.sqlite3'}", tmp_path, busy_ms=1)


def four_desks(empty_store_url: str, tmp_path: Path, *, busy_ms: int) -> None:
    sync = tmp_path / "sync"
    sync.mkdir()
    # The workers open an empty database together: the migration itself must not race.
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.helpers.store_checkin_worker",
                empty_store_url,
                str(worker),
                str(PER_WORKER),
                str(sync),
                str(busy_ms),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(sync.glob("ready-*"))) < WORKERS:
            assert time.monotonic() < deadline, "workers did not start"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.02)
        (sync / "go").touch()
        results = [p.communicate(timeout=180) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
    visit_ids = [vid for out, _ in results for vid in json.loads(out)]
    assert len(visit_ids) == len(set(visit_ids)) == WORKERS * PER_WORKER

    db = Database.open(empty_store_url)
    try:
        with db.session(write=False) as uow:
            day = uow.visits.for_day(date.today())
            verdict = uow.audit.verify()
    finally:
        db.close()
    assert sorted(v.id for v in day) == sorted(visit_ids)
    assert sorted(v.queue_number for v in day) == list(range(1, WORKERS * PER_WORKER + 1))
    assert verdict.ok and verdict.rows_checked == WORKERS * PER_WORKER
