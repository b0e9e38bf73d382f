"""One desk checking patients in, run as a separate process by the concurrency test.

``python -m tests.helpers.store_checkin_worker URL WORKER COUNT SYNC_DIR BUSY_MS``:
opens (and, if needed, migrates) the database, says it is ready, waits for the
go signal, then checks ``COUNT`` new patients in, one unit of work each. Prints
the visit ids as JSON; any exception reaching this caller exits 1 with its text.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from clinic_app.core.patient import Sex
from clinic_app.store import AuditEvent, Database, EligibilitySource, UnitOfWork


def main(argv: list[str]) -> int:
    url, worker, count, sync_dir, busy_ms = (
        argv[0],
        int(argv[1]),
        int(argv[2]),
        Path(argv[3]),
        int(argv[4]),
    )
    db = Database.open(url, busy_timeout_ms=busy_ms)
    (sync_dir / f"ready-{worker}").touch()
    deadline = time.monotonic() + 120
    while not (sync_dir / "go").exists():
        if time.monotonic() > deadline:
            print("no go signal", file=sys.stderr)
            return 2
        time.sleep(0.005)

    def check_in(uow: UnitOfWork, index: int) -> int:
        patient = uow.patients.add(
            name=f"並行{worker}-{index}",
            kana=f"ﾍｲｺｳ {worker} {index}",
            birthdate=date(1970 + worker, 1, 1 + index % 28),
            sex=Sex.FEMALE,
        )
        check = uow.eligibility.record(
            source=EligibilitySource.CARD, result=None, patient_id=patient.id, error_code="test"
        )
        visit = uow.visits.check_in(patient.id, source=EligibilitySource.CARD, check_id=check.id)
        uow.audit.append(
            AuditEvent.CHECK_IN,
            patient_id=patient.id,
            detail={"visit_id": visit.id, "worker": worker},
        )
        return visit.id

    visits = []
    try:
        for index in range(count):
            visits.append(db.run(lambda uow, i=index: check_in(uow, i)))
    except Exception as exc:  # report whatever reached the caller
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(json.dumps(visits))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
