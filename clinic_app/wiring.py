"""Composition root of the desktop app: settings or demo → adapters → services → Qt.

``madoguchi --demo`` needs nothing configured: a throw-away profile
(``MADOGUCHI_HOME`` in a temp folder), the sandbox service in-process on
127.0.0.1 over HTTPS, a fresh SQLite database with demo staff accounts (shown
on the login screen) and registered patients, and the simulated card reader
with a "cards on the desk" panel. Without ``--demo`` the settings file decides
the reader, the transport and the database. ``--selftest`` is delegated to
:mod:`clinic_app.selftest`.

:func:`build_demo_backend` and :func:`build_backend` build the non-Qt half
(also used by tests and ``bench/desk.py``); :class:`clinic_app.ui.app.DeskApp`
is the Qt half.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from clinic_app import paths
from clinic_app.core.consent import DEFAULT_ENABLED_ITEMS, ConsentItem
from clinic_app.core.errors import KnownError
from clinic_app.core.names import normalise_kana
from clinic_app.services.checkin import CheckInDeps, CheckInFlow
from clinic_app.services.login import IdleLockPolicy, LoginService
from clinic_app.services.login import StaffSession as ServiceSession
from clinic_app.services.ports import (
    PatientRecord,
    PatientSearch,
    Repositories,
    Role,
    VisitRecord,
    VisitStatus,
)
from clinic_app.services.queue import QueueEntry, QueueService
from clinic_app.ui.desk_services import DeskServices, RecheckSummary
from clinic_app.ui.session import DemoAccount, StaffSession

log = logging.getLogger(__name__)

DEMO_SEED = 20260401
DEMO_POPULATION = 200
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("uketsuke", "demo-uketsuke", Role.RECEPTION),
    DemoAccount("ishi", "demo-ishi-2026", Role.DOCTOR),
    DemoAccount("kanri", "demo-kanri-2026", Role.ADMIN),
)


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class DemoSetup:
    """The demo's sandbox, test PKI and simulated reader (for the cards panel)."""

    population: Any  # clinic_app.sandbox.population.Population
    pki: Any  # clinic_app.card.testpki.SandboxPki
    server: Any  # clinic_app.sandbox.server.SandboxServer
    reader: Any  # clinic_app.readers.simulated.SimulatedReader
    home: Path
    owns_home: bool
    faults: Any = None  # clinic_app.sandbox.faults.SandboxFaults (flip for training)

    def card_for(self, person_key: str) -> Any:
        from clinic_app.sandbox.cards import software_card_for

        return software_card_for(self.pki, self.population.by_key(person_key))


@dataclass
class Backend:
    """Everything non-Qt the desk needs, built once; ``close()`` releases it."""

    repositories: Repositories
    eligibility: Any  # EligibilityClient
    login: LoginService
    consent_items: tuple[ConsentItem, ...]
    language: str
    reader: Any | None  # a clinic_app.readers.base.CardReader
    clinic_name: str = ""
    demo: DemoSetup | None = None
    demo_accounts: tuple[DemoAccount, ...] = ()
    face_root: Path | None = None
    transport: Any | None = None
    database: Any | None = None
    clock: Callable[[], datetime] = _now
    _closers: list[Callable[[], None]] = field(default_factory=list)

    # ------------------------------------------------------------ use cases for the UI

    def authenticate(self, username: str, password: str) -> StaffSession:
        session = self.login.login(username, password)
        self._sessions[session.staff_id] = session
        return StaffSession(session.staff_id, session.staff.username, session.role)

    @property
    def _sessions(self) -> dict[str, ServiceSession]:
        if not hasattr(self, "_session_map"):
            self._session_map: dict[str, ServiceSession] = {}
        return self._session_map

    def logout(self, session: StaffSession) -> None:
        service_session = self._sessions.pop(session.staff_id, None)
        if service_session is not None:
            self.login.logout(service_session)

    def idle_timeout_ms(self, role: Role) -> int | None:
        timeout = self.login.idle_policy.for_role(role)
        return None if timeout is None else int(timeout.total_seconds() * 1000)

    def flow_factory(self, staff_id: str) -> Callable[[str | None, threading.Event], CheckInFlow]:
        deps = CheckInDeps(
            eligibility=cast(Any, self.eligibility),
            repositories=self.repositories,
            card_factory=_jpki_card,
            clock=self.clock,
            reader=self.reader,
            consent_items=self.consent_items,
        )

        def make(patient_id: str | None, cancel: threading.Event) -> CheckInFlow:
            return CheckInFlow(deps, staff_id=staff_id, patient_id=patient_id, cancel=cancel)

        return make

    def queue_service(self, staff_id: str | None = None) -> QueueService:
        repos = self.repositories
        return QueueService(
            repos.visits, repos.patients, repos.audit, self.clock, staff_id=staff_id
        )

    def desk_services(self) -> DeskServices:
        return DeskServices(
            load_queue=self._load_queue,
            search_patients=self._search_patients,
            get_patient=self.repositories.patients.get,
            set_visit_status=self._set_status,
            probe_service=self.probe_service,
            pending_rechecks=lambda: len(self.repositories.visits.pending_rechecks()),
            run_rechecks=self.run_rechecks,
            logout=self.logout,
        )

    def _load_queue(self) -> list[QueueEntry]:
        return self.queue_service().entries()

    def _search_patients(self, text: str) -> list[PatientRecord]:
        from clinic_app.ui.birthdate import parse_birthdate

        raw = text.strip()
        birthdate = parse_birthdate(raw, strict=False)
        if birthdate is not None:
            criteria = PatientSearch(birthdate_from=birthdate, birthdate_to=birthdate)
        elif raw.isascii() and raw.replace("-", "").isalnum():
            criteria = PatientSearch(patient_id=raw)
        else:
            criteria = PatientSearch(kana_prefix=normalise_kana(raw))
        return self.repositories.patients.search(criteria)

    def _set_status(self, visit_id: str, status: VisitStatus, who: StaffSession) -> VisitRecord:
        return self.queue_service(who.staff_id).set_status(visit_id, status)

    def probe_service(self) -> bool:
        """True when the eligibility service can be reached.

        HTTPS: the service answers a challenge request. Terminal folders: the
        shared ``req`` folder is there (the terminal itself answers later).
        """
        if self.face_root is not None:
            return (self.face_root / "req").is_dir()
        transport = self.transport
        if transport is None or not hasattr(transport, "challenge"):
            return True
        try:
            transport.challenge()
        except KnownError:
            return False
        return True

    def run_rechecks(self, who: StaffSession) -> RecheckSummary:
        """Ask the service again for visits registered without an online result."""
        from clinic_app.services.recheck import run_rechecks

        report = run_rechecks(
            self.repositories, self.eligibility, self.clock, staff_id=who.staff_id
        )
        return RecheckSummary(report.checked, report.still_pending)

    def close(self) -> None:
        for closer in reversed(self._closers):
            try:
                closer()
            except Exception:  # closing must go on; log the type only
                log.warning("error while closing", exc_info=False)
        self._closers.clear()


class LimitInfoRequested:
    """The eligibility client, asking for the high-cost-limit (限度額) details every time.

    DESIGN.md §6: the limit is provided by law and shown to the patient as a
    notice, not asked; so every query sets ``limit_consent``.
    """

    def __init__(self, client: Any) -> None:
        self._client = client

    def query_by_numbers(self, numbers: Any, birthdate: Any) -> Any:
        return self._client.query_by_numbers(numbers, birthdate, limit_consent=True)

    def query_by_card(self, prove: Any, consents: Any) -> Any:
        return self._client.query_by_card(prove, consents, limit_consent=True)

    def query_by_card_visual_check(self, certificate_der: Any, consents: Any, staff_id: Any) -> Any:
        return self._client.query_by_card_visual_check(
            certificate_der, consents, staff_id, limit_consent=True
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _jpki_card(session: Any) -> Any:
    from clinic_app.card.jpki import JpkiCard

    return JpkiCard(session.transmit)


def _store_repositories(database: Any) -> Repositories:
    adapter = importlib.import_module("clinic_app.services.store_adapter")
    factory = getattr(adapter, "store_repositories", None) or adapter.repositories_for
    return cast(Repositories, factory(database))


# ---------------------------------------------------------------------------- demo


def build_demo_backend(
    home: Path | None = None,
    *,
    seed: int = DEMO_SEED,
    size: int = DEMO_POPULATION,
    latency: float = 0.0,
    register_patients: bool = True,
    remove_home: bool | None = None,
) -> Backend:
    """Sandbox + simulated reader + throw-away SQLite under ``home`` (a temp dir if None).

    ``remove_home`` (default: only when the folder was made here) deletes it on close.
    """
    from clinic_app.card.testpki import SandboxPki
    from clinic_app.eligibility.client import EligibilityClient
    from clinic_app.eligibility.http import HttpsTransport
    from clinic_app.readers.simulated import SimulatedReader
    from clinic_app.sandbox.faults import SandboxFaults
    from clinic_app.sandbox.population import SANDBOX_INSTITUTION_CODE, Population
    from clinic_app.sandbox.server import SandboxServer
    from clinic_app.store import Database, StaffRole

    owns_home = home is None if remove_home is None else remove_home
    home = Path(tempfile.mkdtemp(prefix="madoguchi-demo-")) if home is None else home
    data = home / "data"
    (data / "backups").mkdir(parents=True, exist_ok=True, mode=0o700)
    closers: list[Callable[[], None]] = []
    if owns_home:
        closers.append(lambda: shutil.rmtree(home, ignore_errors=True))
    try:
        pki = SandboxPki.load_or_create(data / "sandbox-pki")
        population = Population.generate(seed, size)
        faults = SandboxFaults(latency=latency)
        server = SandboxServer(population, pki, faults=faults, tls_dir=data / "tls")
        server.start()
        closers.append(server.stop)
        database = Database.open(
            f"sqlite:///{data / 'madoguchi.sqlite3'}", backup_dir=data / "backups"
        )
        closers.append(database.close)
        transport = HttpsTransport(server.base_url, ca_bundle=server.ca_file, read_timeout=15.0)
        closers.append(transport.close)
        client = EligibilityClient(transport, SANDBOX_INSTITUTION_CODE, clock=_now)
        with database.session() as uow:
            for account in DEMO_ACCOUNTS:
                uow.staff.add(account.username, account.password, StaffRole(account.role.value))
            if register_patients:
                _register_demo_patients(uow, population)
        repositories = _store_repositories(database)
        reader = SimulatedReader()
        closers.append(reader.close)
    except BaseException:
        for closer in reversed(closers):
            with contextlib.suppress(Exception):
                closer()
        raise
    backend = Backend(
        repositories=repositories,
        eligibility=LimitInfoRequested(client),
        login=LoginService(
            cast(Any, repositories.staff),
            _now,
            idle_policy=IdleLockPolicy(),
            audit=repositories.audit,
        ),
        consent_items=tuple(DEFAULT_ENABLED_ITEMS),
        language="ja",
        reader=reader,
        clinic_name="デモ診療所 (Demo clinic)",
        demo=DemoSetup(population, pki, server, reader, home, owns_home, faults),
        demo_accounts=DEMO_ACCOUNTS,
        transport=transport,
        database=database,
    )
    backend._closers.extend(closers)
    return backend


def _register_demo_patients(uow: Any, population: Any) -> None:
    """Register most catalogue people as the clinic's patients (a few stay new).

    The clinic's spelling is the service's with ● replaced, so the result panel
    shows a field difference and the ● flag; "new" cases stay unregistered.
    """
    from clinic_app.sandbox.population import Population

    assert isinstance(population, Population)
    skip_cases = {"new_qualification", "student_dependant", "not_found"}
    for person in population.catalogue():
        if person.case in skip_cases:
            continue
        uow.patients.add(
            name=person.name.replace("●", "邊"),
            kana=person.kana,
            birthdate=person.birthdate,
            sex=person.sex,
            patient_number=person.reference_number,
        )


# ---------------------------------------------------------------------------- real


def build_backend(settings: Any) -> Backend:
    """The configured reader, transport and database (``clinic_app.settings.Settings``)."""
    from clinic_app.eligibility.client import EligibilityClient
    from clinic_app.readers import factory as reader_factory
    from clinic_app.secrets import KeyringSecretStore
    from clinic_app.settings import database_url_with_password
    from clinic_app.store import Database

    settings = settings.require_usable()
    closers: list[Callable[[], None]] = []
    # A PostgreSQL password lives in the keyring, never in the settings file.
    url = database_url_with_password(settings, KeyringSecretStore())
    database = Database.open(url, backup_dir=paths.backup_dir())
    closers.append(database.close)
    face_root: Path | None = None
    if settings.transport.value == "folder":
        from clinic_app.eligibility.folder import FolderTransport

        transport: Any = FolderTransport(Path(settings.folder_root), timeout=30.0)
        face_root = Path(settings.folder_root)
    else:
        from clinic_app.eligibility.http import HttpsTransport

        client_cert = None
        if settings.client_certificate:
            client_cert = (settings.client_certificate, settings.client_certificate)
        transport = HttpsTransport(
            settings.https_url,
            ca_bundle=settings.ca_bundle,
            client_cert=client_cert,
            secret_store=KeyringSecretStore(),
        )
    closers.append(transport.close)
    reader: Any | None = None
    if face_root is None:
        # With the terminal's folders the certified reader at the terminal reads
        # the card (results arrive in face/); a desk reader is used on HTTPS only.
        reader = reader_factory.open_reader(settings.reader)
        closers.append(reader.close)
    repositories = _store_repositories(database)
    minutes = settings.idle_lock_minutes
    idle = IdleLockPolicy(*(timedelta(minutes=minutes),) * 3)
    backend = Backend(
        repositories=repositories,
        eligibility=LimitInfoRequested(
            EligibilityClient(transport, settings.institution_code, clock=_now)
        ),
        login=LoginService(
            cast(Any, repositories.staff), _now, idle_policy=idle, audit=repositories.audit
        ),
        consent_items=tuple(settings.consent_items),
        language=settings.language.value,
        reader=reader,
        face_root=face_root,
        transport=transport,
        database=database,
    )
    backend._closers.extend(closers)
    return backend


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="madoguchi", description="Clinic front desk")
    parser.add_argument(
        "--demo", action="store_true", help="sandbox service, simulated cards, throw-away database"
    )
    parser.add_argument("--lang", choices=("ja", "en"), default=None, help="UI language")
    parser.add_argument(
        "--fullscreen-patient",
        action="store_true",
        help="show the patient screen full screen (second monitor)",
    )
    parser.add_argument(
        "--patient-screen",
        type=int,
        default=None,
        metavar="N",
        help="screen number for the patient window",
    )
    parser.add_argument(
        "--demo-latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="demo only: make the sandbox answer slowly",
    )
    parser.add_argument("--selftest", action="store_true", help="check the installation")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Start the GUI (argv excludes the program name)."""
    if "--selftest" in argv:
        selftest = importlib.import_module("clinic_app.selftest")
        return int(selftest.main(argv))
    args = parse_args(argv)
    from clinic_app.ui.app import run_desk

    if args.demo:
        # The throw-away profile must exist before logging opens its file there.
        home = Path(tempfile.mkdtemp(prefix="madoguchi-demo-"))
        os.environ["MADOGUCHI_HOME"] = str(home)
        _configure_logging()
        try:
            return run_desk(
                lambda: build_demo_backend(home, latency=args.demo_latency, remove_home=True),
                language=args.lang or "ja",
                fullscreen_patient=args.fullscreen_patient,
                patient_screen_index=args.patient_screen,
                demo_accounts=DEMO_ACCOUNTS,
            )
        finally:  # the demo leaves nothing behind, logs included
            logging_setup = _optional("clinic_app.logging_setup")
            if logging_setup is not None:
                logging_setup.shutdown_logging()
            shutil.rmtree(home, ignore_errors=True)
    _configure_logging()
    from clinic_app.settings import load_settings

    try:
        settings = load_settings()
    except KnownError as error:  # shown in the window, in words, not as a traceback
        problem = error

        def fail() -> Backend:
            raise problem

        return run_desk(fail, language=args.lang or "ja")
    return run_desk(
        lambda: build_backend(settings),
        language=args.lang or settings.language.value,
        fullscreen_patient=args.fullscreen_patient,
        patient_screen_index=args.patient_screen,
    )


def _configure_logging() -> None:
    logging_setup = _optional("clinic_app.logging_setup")
    if logging_setup is not None:
        logging_setup.configure_logging()


__all__ = ["Backend", "DemoSetup", "build_backend", "build_demo_backend", "main"]
