"""Services log ids and codes only, and import no Qt."""

from __future__ import annotations

import logging
import subprocess
import sys

from clinic_app.core.consent import ConsentItem
from clinic_app.services.checkin import (
    CardPresented,
    ChoosePin,
    EnterPin,
    GiveConsent,
    RegisterVisit,
)
from tests.helpers.services_desk import Desk
from tests.helpers.services_fakes import FakeCard, record, result


def test_a_whole_check_in_logs_no_personal_data(caplog):
    caplog.set_level(1)  # everything, traffic level included
    desk = Desk(
        card=FakeCard(pin="8642"),
        replies=[result(records=[record(name="髙橋 德子", kana="ﾀｶﾊｼ ﾉﾘｺ", sex="2")])],
    )
    desk.flow.handle(CardPresented(desk.session))
    desk.flow.handle(ChoosePin())
    desk.flow.handle(EnterPin("8642"))
    step = desk.flow.handle(GiveConsent({ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: True}))
    desk.flow.handle(RegisterVisit(patient_id=None))
    assert step.result is not None
    text = caplog.text + "".join(repr(r.args) for r in caplog.records)
    for secret in ("8642", "髙橋", "德子", "ﾀｶﾊｼ", "06139992", "1980-04-01", "テスト健保"):
        assert secret not in text
    assert any(r.levelno >= logging.INFO for r in caplog.records)  # codes are logged


def test_services_and_core_import_no_qt():
    modules = [
        "clinic_app.services.checkin",
        "clinic_app.services.login",
        "clinic_app.services.patients",
        "clinic_app.services.queue",
        "clinic_app.services.recheck",
        "clinic_app.services.offline",
        "clinic_app.services.face",
        "clinic_app.services.store_adapter",
        "clinic_app.core.wareki",
        "clinic_app.core.matching",
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
        + "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
