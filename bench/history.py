"""History view benchmark: a heavy patient opened by a doctor.

The patient: 3 years of medication from three sources (at least 5,000 lines,
``--lines``) and 5 checkups of 40 items. Measured (median and worst of ``--runs``):

- by-drug computation (de-duplication, periods, 6-month window) — goal < 50 ms;
  also the all-time window and a typed filter;
- open → first painted table: ``HistoryService.open`` reading the stored copy
  from a SQLite store (real repositories, audit row written), building the
  by-date and by-drug models and the checkup pivot, and painting the visible
  by-date table — goal < 150 ms; the UI part alone is shown separately;
- trend charts: building the charts for the main items and painting them;
- memory: Python heap peak (tracemalloc) of opening one patient, and process RSS.

Usage: ``python bench/history.py [--runs N] [--lines N]`` (offscreen, no display needed).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic_app.core.checkup_reference import build_pivot
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.history import CheckupItem, MedicationLine, MedicationSource
from clinic_app.core.insurance import InsuranceNumbers, with_check_digit
from clinic_app.core.medication_views import LineFilter, by_drug, filter_lines
from clinic_app.core.patient import Sex
from clinic_app.services.histories import HistoryService, StoreHistoryPorts
from clinic_app.store import Database, EligibilitySource, StaffRole
from clinic_app.ui.history.view import HistoryView
from clinic_app.ui.qt import QApplication
from clinic_app.ui.worker import SynchronousExecutor, Worker
from tests.helpers.history_fakes import sample_checkups, sample_medication
from tests.helpers.history_render import prepare_app

TODAY = date(2025, 9, 1)
NOW = datetime(2025, 9, 1, 10, 0)
GOAL_FIRST_PAINT_MS = 150.0
GOAL_BY_DRUG_MS = 50.0


class Doctor:
    id = 1
    role = StaffRole.DOCTOR


def heavy_history(min_lines: int) -> tuple[list[MedicationLine], list[CheckupItem]]:
    lines = sample_medication(as_of=TODAY, years=3, seed=3, target_lines=min_lines)
    checkups = sample_checkups(as_of=TODAY, count=5, gaps=False, extra_items=20)
    return lines, checkups


@dataclass
class Timing:
    wall: list[float]  # milliseconds per run
    cpu: list[float]  # this process's CPU milliseconds per run (less sensitive to a busy box)


def timed(fn: Callable[[], object], runs: int) -> Timing:
    """Wall and CPU milliseconds of each run (after one warm-up run)."""
    fn()
    result = Timing([], [])
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        result.cpu.append((time.process_time() - cpu) * 1000)
        result.wall.append((time.perf_counter() - wall) * 1000)
    return result


def line(label: str, timing: Timing, goal: float | None = None) -> None:
    median, worst = statistics.median(timing.wall), max(timing.wall)
    cpu = statistics.median(timing.cpu)
    text = f"  {label:<44} wall median {median:7.1f} worst {worst:7.1f}  cpu median {cpu:7.1f} ms"
    if goal is not None:
        text += f"   goal {goal:.0f}: ratio {median / goal:4.2f} (cpu {cpu / goal:4.2f})"
    print(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lines", type=int, default=5000)
    args = parser.parse_args(argv)
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times grow with it)"
    )

    lines, checkups = heavy_history(args.lines)
    per_source = {s: sum(1 for ln in lines if ln.source is s) for s in MedicationSource}
    dates = [ln.dispensed_on or ln.prescribed_on for ln in lines]
    span = (max(d for d in dates if d) - min(d for d in dates if d)).days
    print("Heavy patient")
    print(
        f"  medication lines {len(lines)} over {span} days "
        f"(claims {per_source[MedicationSource.CLAIMS]}, "
        f"dispensing {per_source[MedicationSource.DISPENSING]}, "
        f"e-prescription {per_source[MedicationSource.EPRESCRIPTION]}); "
        f"drugs {len({ln.drug_name for ln in lines})}"
    )
    print(
        f"  checkups {len({c.checkup_date for c in checkups})} × "
        f"{len({c.item_code for c in checkups})} items = {len(checkups)} values"
    )

    print("\nCore (pure Python)")
    six = by_drug(lines, as_of=TODAY)
    print(
        f"  6-month view: {len(six.rows)} drugs, {sum(len(r.periods) for r in six.rows)} periods, "
        f"{six.duplicate_fills_merged} cross-source duplicates merged"
    )
    line(
        "by-drug, 6-month window",
        timed(lambda: by_drug(lines, as_of=TODAY), args.runs),
        GOAL_BY_DRUG_MS,
    )
    line(
        "by-drug, all 3 years",
        timed(lambda: by_drug(lines, as_of=TODAY, months=None), args.runs),
        GOAL_BY_DRUG_MS,
    )
    typed = LineFilter("アムロ")
    line(
        "filter 'アムロ' + by-drug",
        timed(lambda: by_drug(filter_lines(lines, typed), as_of=TODAY), args.runs),
    )
    line("checkup pivot (5 × 40)", timed(lambda: build_pivot(checkups, sex=Sex.MALE), args.runs))

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    family = prepare_app(app)

    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", backup_dir=Path(tmp))
        with db.session() as uow:
            patient = uow.patients.add(
                name="重田 歴子", kana="ｼｹﾞﾀ ﾚｷｺ", birthdate=date(1950, 1, 1), sex=Sex.FEMALE
            )
            uow.insurance.add(
                patient.id,
                InsuranceNumbers(with_check_digit("0613999"), "1", "2", None),
                source=EligibilitySource.CARD,
            )
            for item in (ConsentItem.MEDICATION, ConsentItem.CHECKUP):
                uow.consents.record(patient.id, Consent.given(item, True, NOW - timedelta(hours=1)))
            uow.histories.replace_medication(patient.id, lines, fetched_at=NOW)
            uow.histories.replace_checkups(patient.id, checkups, fetched_at=NOW)
        ports = StoreHistoryPorts(db)
        service = HistoryService(ports, None, ports, clock=lambda: NOW)
        doctor = Doctor()

        view = HistoryView(
            service,
            Worker(SynchronousExecutor()),
            doctor,
            today=lambda: TODAY,
            now=lambda: NOW,
            font_family=family,
        )
        view.resize(1270, 900)
        view.show()
        app.processEvents()

        def open_only() -> object:
            return service.open(doctor, patient.id)

        histories = service.open(doctor, patient.id)

        def ui_only() -> None:
            view.show_histories(histories)
            view.by_date_table.viewport().repaint()

        def open_and_paint() -> None:
            view.show_histories(service.open(doctor, patient.id))
            view.by_date_table.viewport().repaint()

        print("\nOpening the patient (SQLite store, offscreen Qt)")
        line("store read: HistoryService.open (+ audit row)", timed(open_only, args.runs))
        line("UI: models + pivot + first painted table", timed(ui_only, args.runs))
        line(
            "open → first painted table (total)",
            timed(open_and_paint, args.runs),
            GOAL_FIRST_PAINT_MS,
        )

        def by_drug_tab() -> None:
            view.tabs.setCurrentIndex(view.TAB_BY_DRUG)
            view.by_drug_table.viewport().repaint()
            view.tabs.setCurrentIndex(view.TAB_BY_DATE)

        line("switch to by-drug tab and paint", timed(by_drug_tab, args.runs))

        def refilter() -> None:
            view.filter_edit.setText("ロスバ")
            view.refresh_medication()
            view.filter_edit.setText("")
            view.refresh_medication()

        line("filter typed + cleared (2 recomputes)", timed(refilter, args.runs))

        view.tabs.setCurrentIndex(view.TAB_TRENDS)
        app.processEvents()

        def charts() -> None:
            assert view.current is not None
            view.trends.set_pivot(view.current.pivot)
            view.trends.grab()

        line(
            f"trend charts: build + paint ({len(view.trends.charts)} charts)",
            timed(charts, max(3, args.runs // 3)),
        )

        view.tabs.setCurrentIndex(view.TAB_BY_DATE)
        tracemalloc.start()
        view.show_histories(service.open(doctor, patient.id))
        view.by_date_table.viewport().repaint()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("\nMemory")
        print(f"  Python heap peak while opening one patient   {peak / 1024 / 1024:8.1f} MiB")
        print(f"  process max RSS (Qt, fonts, charts included) {rss_kib / 1024:8.1f} MiB")
        view.close()
        view.deleteLater()
        app.processEvents()
        db.dispose() if hasattr(db, "dispose") else None
    return 0


if __name__ == "__main__":
    sys.exit(main())
