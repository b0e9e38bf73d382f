"""Build the doctor's screen over fakes, and render it to PNG (tests and docs/screenshots).

``python -m tests.helpers.history_render docs/screenshots`` rewrites
``history_by_date.png``, ``history_by_drug.png``, ``history_checkups.png`` and
``history_trends.png`` (offscreen, Japanese), and ``history_summary_pdf.png`` (the first
page of the printable medication summary).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtPdf import QPdfDocument

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.insurance import InsuranceNumbers, with_check_digit
from clinic_app.core.patient import Sex
from clinic_app.services.histories import HistoryService, PatientSummary
from clinic_app.ui.history.i18n import install_translator
from clinic_app.ui.history.screen import DoctorScreen
from clinic_app.ui.qt import QApplication, QFont, QFontDatabase, QSize
from clinic_app.ui.worker import SynchronousExecutor, Worker
from tests.helpers.history_fakes import (
    DOCTOR,
    FakeAudit,
    FakeFetcher,
    FakeHistoryStore,
    FakeStaff,
    sample_checkups,
    sample_medication,
)

TODAY = date(2025, 9, 1)
NOW = datetime(2025, 9, 1, 10, 5)
SIZE = (1680, 940)

PATIENTS: tuple[tuple[str, str, str, date, Sex], ...] = (
    ("000128", "山田 太郎", "ヤマダ タロウ", date(1958, 3, 4), Sex.MALE),
    ("000342", "髙橋 美咲", "タカハシ ミサキ", date(1979, 11, 20), Sex.FEMALE),
    ("001057", "佐藤 健一", "サトウ ケンイチ", date(1949, 6, 1), Sex.MALE),
    ("000876", "德永 花子", "トクナガ ハナコ", date(1990, 2, 14), Sex.FEMALE),
    ("001204", "鈴木 一郎", "スズキ イチロウ", date(1966, 8, 30), Sex.MALE),
)


@dataclass
class Scene:
    """A doctor's screen over fakes, with the fakes reachable for assertions."""

    screen: DoctorScreen
    service: HistoryService
    store: FakeHistoryStore
    audit: FakeAudit
    fetcher: FakeFetcher
    worker: Worker


def pick_font_family() -> str | None:
    families = set(QFontDatabase.families())
    for family in ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic"):
        if family in families:
            return family
    return None


def prepare_app(app: QApplication, language: str = "ja") -> str | None:
    """Japanese font, the shell's style sheet and this package's catalogue."""
    family = pick_font_family()
    if family:
        font = QFont(family)
        font.setPointSize(10)
        app.setFont(font)
    try:
        from clinic_app.ui.i18n import apply_style

        apply_style(app)
    except Exception:  # the shell's style is a nicety here, not a requirement
        pass
    install_translator(app, language)
    return family


def populated_store(*, medication_target: int | None = None) -> FakeHistoryStore:
    store = FakeHistoryStore()
    for index, (number, name, kana, birthdate, sex) in enumerate(PATIENTS, start=1):
        store.visits.append(
            PatientSummary(
                index,
                number,
                name,
                kana,
                birthdate,
                sex,
                index,
                NOW - timedelta(minutes=95 - index * 17),
                "waiting" if index > 2 else "done",
            )
        )
        store.sexes[index] = sex
        store.keys[index] = (
            InsuranceNumbers(with_check_digit("0613999"), "記号", f"{index:05d}", "01"),
            birthdate,
        )
    lines = sample_medication(
        as_of=TODAY, years=3 if medication_target else 1, target_lines=medication_target
    )
    store.medication[1] = (NOW - timedelta(minutes=70), tuple(lines))
    store.checkups[1] = (NOW - timedelta(minutes=70), tuple(sample_checkups(as_of=TODAY)))
    consent_time = NOW - timedelta(minutes=72)
    for item in (ConsentItem.MEDICATION, ConsentItem.CHECKUP):
        store.consents[(1, item)] = Consent.given(item, True, consent_time)
    # Patient 2: consent expired yesterday, stored copy still readable.
    store.medication[2] = (NOW - timedelta(days=1), tuple(sample_medication(as_of=TODAY, seed=5)))
    store.consents[(2, ConsentItem.MEDICATION)] = Consent.given(
        ConsentItem.MEDICATION, True, NOW - timedelta(days=1, hours=2)
    )
    return store


def build_scene(
    staff: FakeStaff = DOCTOR,
    *,
    store: FakeHistoryStore | None = None,
    pdf_dir: Path | None = None,
    font_family: str | None = None,
) -> Scene:
    store = store or populated_store()
    audit = FakeAudit()
    fetcher = FakeFetcher()
    service = HistoryService(store, fetcher, audit, clock=lambda: NOW)
    worker = Worker(SynchronousExecutor())

    def choose(_parent: object, suggested: str) -> Path | None:
        return (pdf_dir / suggested) if pdf_dir else None

    screen = DoctorScreen(
        service,
        worker,
        staff,
        today=lambda: TODAY,
        now=lambda: NOW,
        choose_pdf_path=choose,
        font_family=font_family,
    )
    screen.resize(*SIZE)
    return Scene(screen, service, store, audit, fetcher, worker)


def render_all(out_dir: Path) -> list[Path]:
    """Render the four history screenshots into ``out_dir``; returns the files written."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    family = prepare_app(app)
    scene = build_scene(font_family=family)
    screen = scene.screen
    screen.show()
    screen.refresh()
    screen.patients_table.selectRow(0)
    screen.view.open_patient(1, screen.patients_model.patient_at(0))
    written = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for tab, name in (
        (screen.view.TAB_BY_DATE, "history_by_date.png"),
        (screen.view.TAB_BY_DRUG, "history_by_drug.png"),
        (screen.view.TAB_CHECKUPS, "history_checkups.png"),
        (screen.view.TAB_TRENDS, "history_trends.png"),
    ):
        screen.view.tabs.setCurrentIndex(tab)
        app.processEvents()
        path = out_dir / name
        if not screen.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        written.append(path)
    # The printable summary, as its first PDF page looks.
    pdf = out_dir / "history_summary.pdf"
    screen.view._choose_pdf_path = lambda _parent, _name: pdf
    screen.view.save_pdf()
    document = QPdfDocument(None)
    document.load(str(pdf))
    page = out_dir / "history_summary_pdf.png"
    if not document.render(0, QSize(1754, 1240)).save(str(page)):
        raise RuntimeError(f"could not write {page}")
    document.close()
    pdf.unlink()
    written.append(page)
    screen.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    for file in render_all(target):
        print(file)
