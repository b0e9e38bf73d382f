"""``madoguchi --selftest``: check an installation (also the frozen build) in one run.

Prints exactly one line per check — ``PASS <name>: <detail>`` or ``FAIL <name>: <what
is wrong and what to do>`` — and returns 0 only if every check passed. Nothing here
touches the clinic's profile: the run uses a throw-away ``MADOGUCHI_HOME``, a
temporary database and an in-process sandbox on 127.0.0.1; the keyring check
writes and deletes one entry of its own.

Checks, in order: Qt window (offscreen), resources and translations, database
migration, keyring round trip, card reader backends, one check-in against the
sandbox with the software card.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO, cast

#: A check returns a one-line detail on success and raises on failure.
CheckFunction = Callable[["SelftestContext"], str]


class CheckFailed(Exception):
    """A failed check with a message that says what to install or do."""


@dataclass
class SelftestContext:
    """Shared state for one run: the scratch folder and the Qt application, once made."""

    scratch: Path
    app: Any = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    passed: bool
    detail: str
    seconds: float

    def line(self) -> str:
        word = "PASS" if self.passed else "FAIL"
        return f"{word} {self.name}: {self.detail}"


# ------------------------------------------------------------------------ checks


def check_window(ctx: SelftestContext) -> str:
    """Qt loads its platform plugin and shows the login window (offscreen unless asked).

    Also imports the doctor's history view, so a build missing QtCharts or
    QtPrintSupport fails here rather than in front of a doctor.
    """
    from clinic_app.ui.login import LoginWindow
    from clinic_app.ui.qt import QApplication
    from clinic_app.ui.worker import SynchronousExecutor, Worker

    app = QApplication.instance() or QApplication(["madoguchi-selftest"])
    ctx.app = app
    importlib.import_module("clinic_app.ui.history.view")

    def refuse(username: str, password: str) -> Any:
        raise CheckFailed("the self-test does not log in")

    window = LoginWindow(refuse, Worker(SynchronousExecutor()), language="ja")
    window.show()
    deadline = time.monotonic() + 5.0
    while not window.isVisible() and time.monotonic() < deadline:
        app.processEvents()
    app.processEvents()
    visible = window.isVisible()
    platform = QApplication.platformName()
    window.hide()
    window.deleteLater()
    app.processEvents()
    if not visible:
        raise CheckFailed(f"the login window did not appear on platform {platform!r}")
    return f"login window shown on the {platform!r} platform (Qt {_qt_version()})"


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())


def check_resources(ctx: SelftestContext) -> str:
    """The style sheet and the Japanese catalogue ship and load (importlib.resources)."""
    from importlib import resources

    from clinic_app.ui.qt import QTranslator

    package = resources.files("clinic_app.resources")
    style = package.joinpath("style.qss")
    if not style.is_file():
        raise CheckFailed("clinic_app/resources/style.qss is missing from the installation")
    catalogue = package.joinpath("madoguchi_ja.qm")
    if not catalogue.is_file():
        raise CheckFailed(
            "madoguchi_ja.qm is missing: build it with "
            "python -m clinic_app.resources.build_translations"
        )
    translator = QTranslator()
    if not translator.load(catalogue.read_bytes()):
        raise CheckFailed("madoguchi_ja.qm exists but Qt cannot load it")
    if translator.isEmpty():
        raise CheckFailed("madoguchi_ja.qm holds no translations")
    return "style sheet and Japanese translations load"


def check_database(ctx: SelftestContext) -> str:
    """A fresh SQLite database migrates to head and its audit chain verifies."""
    from clinic_app.store import AuditEvent, Database

    path = ctx.scratch / "selftest.sqlite3"
    database = Database.open(f"sqlite:///{path}", backup_dir=ctx.scratch / "backups")
    try:
        revision = database.revision()
        with database.session() as uow:
            uow.audit.append(
                AuditEvent.MIGRATION, staff_id=None, patient_id=None, detail={"selftest": True}
            )
        with database.session(write=False) as uow:
            verification = uow.audit.verify()
    finally:
        database.close()
    if not revision:
        raise CheckFailed("the database has no schema revision after migrating")
    if not verification.ok:
        raise CheckFailed(f"the audit chain does not verify: {verification.problem}")
    return f"temporary SQLite database migrated to {revision}; audit chain verified"


def keyring_install_hint() -> str:
    """What to install for a usable keyring on this platform."""
    if sys.platform == "win32":
        return "Windows Credential Manager should always be present; log in as a normal user"
    if sys.platform == "darwin":
        return "the macOS Keychain should be present; log in to a desktop session"
    return (
        "install and unlock a Secret Service keyring: sudo apt-get install gnome-keyring "
        "(or KWallet on KDE), then log in to the desktop session"
    )


def check_keyring(ctx: SelftestContext) -> str:
    """Write, read back and delete one entry of our own; fail closed with what to install."""
    import keyring

    from clinic_app.secrets import KeyringSecretStore, SecretStoreUnavailable

    store = KeyringSecretStore()
    name = f"selftest-{uuid.uuid4().hex[:12]}"
    value = uuid.uuid4().hex
    backend = type(keyring.get_keyring())
    backend_name = f"{backend.__module__}.{backend.__qualname__}"
    try:
        store.set(name, value)
        try:
            read = store.get(name)
        finally:
            store.delete(name)
        gone = store.get(name)
    except SecretStoreUnavailable as exc:
        raise CheckFailed(f"{exc.message} ({backend_name}); {keyring_install_hint()}") from exc
    if read != value:
        raise CheckFailed(
            f"{backend_name} did not return what was stored; {keyring_install_hint()}"
        )
    if gone is not None:
        raise CheckFailed(f"{backend_name} did not delete the test entry")
    return f"round trip through {backend_name}"


def check_readers(ctx: SelftestContext) -> str:
    """Which reader backends load and what they see (a missing device is not a failure)."""
    found: list[str] = []
    problems: list[str] = []

    try:
        from clinic_app.readers.pcsc import PcscReader

        try:
            reader = PcscReader()
            try:
                names = reader.reader_names()
            finally:
                reader.close()
            found.append(
                f"pcsc: {len(names)} reader(s)" + (f" ({', '.join(names)})" if names else "")
            )
        except Exception as exc:  # the service may be absent; report, do not fail
            found.append(f"pcsc: unavailable ({_one_line(exc)}; install pcscd)")
    except ImportError as exc:
        problems.append(f"pyscard does not load: {exc}")

    try:
        importlib.import_module("nfc.clf.rcs380")
        importlib.import_module("nfc.tag.tt4")
        found.append(f"nfc: {_nfc_devices()}")
    except ImportError as exc:
        problems.append(f"nfcpy drivers do not load: {exc}")

    try:
        from clinic_app.readers.simulated import SimulatedReader

        SimulatedReader()
        found.append("sim: ready")
    except ImportError as exc:
        problems.append(f"the simulated reader does not load: {exc}")

    if problems:
        raise CheckFailed("; ".join(problems))
    return "; ".join(found)


def _nfc_devices() -> str:
    """nfcpy-supported USB devices present (RC-S380 etc.), without opening them."""
    try:
        from nfc.clf import device as nfc_device
        from nfc.clf import transport as nfc_transport

        found = nfc_transport.USB.find("usb") or []
    except Exception as exc:  # libusb missing or no permission: report only
        return f"USB not searchable ({_one_line(exc)})"
    supported = [
        f"{nfc_device.usb_device_map[(vid, pid)]} usb:{vid:04x}:{pid:04x}"
        for vid, pid, _bus, _dev in found
        if (vid, pid) in nfc_device.usb_device_map
    ]
    return ", ".join(supported) if supported else "no supported device"


def check_sandbox_checkin(ctx: SelftestContext) -> str:
    """One card check-in (PIN, consent, signed query over HTTPS, visit) against the sandbox."""
    from clinic_app.card.jpki import JpkiCard
    from clinic_app.card.simulator import SoftwareCard
    from clinic_app.card.testpki import SandboxPki
    from clinic_app.core.consent import DEFAULT_ENABLED_ITEMS
    from clinic_app.eligibility.client import EligibilityClient
    from clinic_app.eligibility.http import HttpsTransport
    from clinic_app.readers.simulated import SimulatedReader
    from clinic_app.sandbox.population import SANDBOX_INSTITUTION_CODE, Population
    from clinic_app.sandbox.server import SandboxServer
    from clinic_app.services.checkin import CheckInDeps, CheckInFlow
    from clinic_app.services.checkin_types import (
        CheckInState,
        ChoosePin,
        EnterPin,
        GiveConsent,
    )
    from clinic_app.store import Database

    adapter = importlib.import_module("clinic_app.services.store_adapter")
    pki = SandboxPki.load_or_create(ctx.scratch / "pki")
    population = Population.generate(seed=20260401, size=40)
    person = next(p for p in population.people if p.card_status == "ok" and p.in_service)
    server = SandboxServer(population, pki, tls_dir=ctx.scratch / "tls")
    server.start()
    database = Database.open(
        f"sqlite:///{ctx.scratch / 'checkin.sqlite3'}", backup_dir=ctx.scratch / "backups"
    )
    transport = HttpsTransport(server.base_url, ca_bundle=server.ca_file)
    try:
        client = EligibilityClient(transport, SANDBOX_INSTITUTION_CODE)
        reader = SimulatedReader()
        card_kwargs: dict[str, Any] = {"pin": person.pin, "tries_left": person.pin_tries_left}
        if person.card_not_before and person.card_not_after:
            card_kwargs.update(not_before=person.card_not_before, not_after=person.card_not_after)
        reader.place(SoftwareCard.for_person(pki, person.person_key, **card_kwargs))
        deps = CheckInDeps(
            eligibility=cast(Any, client),  # the client's prove() is typed more narrowly
            repositories=adapter.store_repositories(database),
            card_factory=lambda session: JpkiCard(session.transmit),
            clock=lambda: datetime.now().astimezone(),
            reader=reader,
        )
        flow = CheckInFlow(deps, staff_id="selftest")
        step = flow.wait_for_card(timeout=5.0)
        for event in (
            ChoosePin(),
            EnterPin(person.pin),
            GiveConsent(dict.fromkeys(DEFAULT_ENABLED_ITEMS, True)),
        ):
            if step.state.terminal or step.state is CheckInState.NEEDS_FALLBACK:
                break
            step = flow.handle(event)
        if step.state is CheckInState.SHOWING_RESULT:
            step = flow.handle(_register_event(step, deps.repositories))
    finally:
        transport.close()
        server.stop()
        database.close()
    visit = getattr(step, "visit", None)
    if visit is None:
        outcome = getattr(step, "outcome", None)
        raise CheckFailed(
            f"the check-in ended in {step.state.name} "
            f"({getattr(outcome, 'value', outcome)}) instead of creating a visit"
        )
    return f"card + PIN check-in against the sandbox created visit_id={_visit_id(visit)}"


def _register_event(step: Any, repositories: Any) -> Any:
    """Register the visit: the matched patient, or a new one from the result's fields."""
    from clinic_app.services.checkin_types import RegisterVisit
    from clinic_app.services.patients import PatientService
    from clinic_app.services.ports import NewPatient

    if step.match is not None and step.match.patient_id is not None:
        return RegisterVisit(patient_id=step.match.patient_id)
    if step.result is None or not step.result.records:
        raise CheckFailed("the sandbox answered without a qualification record")
    service = PatientService(repositories.patients, repositories.audit, staff_id="selftest")
    draft = service.draft_from_record(step.result.records[0])
    if draft.birthdate is None or draft.sex is None or not (draft.name and draft.kana):
        raise CheckFailed("the sandbox's record lacks name, kana, birth date or sex")
    patient = NewPatient(draft.name, draft.kana, draft.birthdate, draft.sex)
    # The synthetic person's name is the service's spelling; the self-test stands in for
    # the staff review of ● and rare kanji.
    return RegisterVisit(new_patient=patient, names_reviewed=True)


def _visit_id(visit: object) -> str:
    return str(getattr(visit, "id", getattr(visit, "visit_id", "?")))


CHECKS: tuple[tuple[str, CheckFunction], ...] = (
    ("window", check_window),
    ("resources", check_resources),
    ("database", check_database),
    ("keyring", check_keyring),
    ("readers", check_readers),
    ("sandbox-checkin", check_sandbox_checkin),
)


# ------------------------------------------------------------------------ running


def _one_line(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(message).split())


def run_check(
    name: str, check: CheckFunction, ctx: SelftestContext, timeout: float = 60.0
) -> CheckResult:
    """Run one check, turning any exception into a FAIL line (never a traceback)."""
    started = time.monotonic()
    try:
        detail = check(ctx)
        passed = True
    except CheckFailed as exc:
        detail, passed = str(exc), False
    except ImportError as exc:
        detail, passed = f"a component is missing from the installation: {exc}", False
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
        detail, passed = f"{type(exc).__name__}: {_one_line(exc)}{where}", False
    seconds = time.monotonic() - started
    if passed and seconds > timeout:
        detail, passed = f"took {seconds:.0f} s (limit {timeout:.0f} s)", False
    return CheckResult(name, passed, detail, seconds)


@contextlib.contextmanager
def isolated_profile() -> Iterator[Path]:
    """A throw-away MADOGUCHI_HOME and offscreen Qt unless the caller chose a platform."""
    saved = {key: os.environ.get(key) for key in ("MADOGUCHI_HOME", "QT_QPA_PLATFORM")}
    with tempfile.TemporaryDirectory(prefix="madoguchi-selftest-") as folder:
        os.environ["MADOGUCHI_HOME"] = str(Path(folder) / "home")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        try:
            yield Path(folder)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def run_selftest(
    checks: tuple[tuple[str, CheckFunction], ...] = CHECKS, out: TextIO | None = None
) -> list[CheckResult]:
    """Run every check in order, printing its line as soon as it is known."""
    stream = out or sys.stdout
    results: list[CheckResult] = []
    with isolated_profile() as scratch:
        ctx = SelftestContext(scratch=scratch)
        for name, check in checks:
            result = run_check(name, check, ctx)
            results.append(result)
            print(result.line(), file=stream, flush=True)
        _stop_stray_threads()
    return results


def _stop_stray_threads() -> None:
    """Give background threads (sandbox, watchers) a moment to end before the exit."""
    deadline = time.monotonic() + 2.0
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))


def main(argv: list[str] | None = None) -> int:
    """Entry point (``clinic_app.wiring`` delegates ``--selftest`` here)."""
    parser = argparse.ArgumentParser(prog="madoguchi --selftest", description=__doc__)
    parser.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        action="append",
        choices=[name for name, _ in CHECKS],
        help="run only this check (repeatable)",
    )
    args, _unknown = parser.parse_known_args(list(argv or []))
    chosen = tuple((n, c) for n, c in CHECKS if not args.only or n in args.only)
    results = run_selftest(chosen)
    return 0 if results and all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
