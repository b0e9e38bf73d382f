"""The real (non-demo) wiring: settings → terminal folders, face results, SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.card.testpki import SandboxPki
from clinic_app.core.errors import KnownError
from clinic_app.sandbox.population import Population
from clinic_app.sandbox.service import SandboxService
from clinic_app.sandbox.terminal import TerminalEmulator
from clinic_app.services.checkin_types import CheckInState, Outcome
from clinic_app.services.ports import Role
from clinic_app.settings import Settings
from clinic_app.store import StaffRole
from clinic_app.ui.qt import QApplication
from clinic_app.wiring import Backend, build_backend, parse_args
from tests.helpers.desk_harness import DeskHarness, process_until

pytestmark = [pytest.mark.ui, pytest.mark.integration]


@pytest.fixture
def terminal_backend(tmp_path: Path) -> Iterator[tuple[Backend, TerminalEmulator, Population]]:
    root = tmp_path / "terminal"
    population = Population.generate(20260401, 60)
    service = SandboxService(population, SandboxPki.load_or_create(tmp_path / "pki"))
    terminal = TerminalEmulator(root, service).start()
    settings = Settings.from_mapping(
        {
            "clinic": {"institution_code": "1312345678"},
            "eligibility": {"transport": "folder", "folder_root": str(root)},
            "database": {"url": f"sqlite:///{tmp_path / 'desk.sqlite3'}"},
        }
    )
    backend = build_backend(settings)
    assert backend.database is not None
    with backend.database.session() as uow:
        uow.staff.add("desk1", "desk-password-1", StaffRole.RECEPTION)
        person = population.by_case("elderly_20")
        uow.patients.add(name=person.name, kana=person.kana, birthdate=person.birthdate,
                         sex=person.sex)  # fmt: skip
    yield backend, terminal, population
    terminal.stop()
    backend.close()


def test_face_result_from_the_terminal_folder_checks_a_patient_in(
    terminal_backend: tuple[Backend, TerminalEmulator, Population], qapp: QApplication
) -> None:
    backend, terminal, population = terminal_backend
    assert backend.reader is None and backend.face_root is not None
    assert backend.probe_service()
    harness = DeskHarness(backend)
    try:
        harness.login("desk1", "desk-password-1")
        assert harness.app.demo_panel is None
        person = population.by_case("elderly_20")
        terminal.drop_face(person, {})
        assert process_until(lambda: harness.step is not None
                             and harness.step.result is not None, 15)  # fmt: skip
        step = harness.step
        assert step.outcome is Outcome.RESULT_VALID
        assert step.established_by.value == "face_reader"
        assert harness.register().state is CheckInState.COMPLETED
    finally:
        harness.close()
        harness.app.faces.stop()


def test_generic_login_failure_on_the_configured_backend(
    terminal_backend: tuple[Backend, TerminalEmulator, Population],
) -> None:
    backend, _terminal, _population = terminal_backend
    with pytest.raises(KnownError) as failure:
        backend.authenticate("desk1", "wrong-password")
    assert failure.value.code in ("login.failed", "login_failed")
    session = backend.authenticate("desk1", "desk-password-1")
    assert session.role is Role.RECEPTION
    assert backend.idle_timeout_ms(Role.RECEPTION) == 5 * 60 * 1000


def test_command_line_options() -> None:
    args = parse_args(["--demo", "--lang", "en", "--fullscreen-patient", "--patient-screen", "1"])
    assert args.demo and args.lang == "en" and args.fullscreen_patient
    assert args.patient_screen == 1
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])


class _Opened(Exception):
    """Stops build_backend once the database URL is known."""


def test_postgresql_password_comes_from_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_app.secrets import DATABASE_PASSWORD, KeyringSecretStore
    from clinic_app.store import Database

    KeyringSecretStore().set(DATABASE_PASSWORD, "s3cret/pw")
    urls: list[str] = []

    def fake_open(url: str, **_kwargs: object) -> Database:
        urls.append(url)
        raise _Opened

    monkeypatch.setattr(Database, "open", fake_open)
    settings = Settings.from_mapping(
        {
            "clinic": {"institution_code": "1312345678"},
            "eligibility": {"transport": "folder", "folder_root": str(tmp_path)},
            "database": {"url": "postgresql+psycopg://desk@db.clinic.lan:5432/madoguchi"},
        }
    )
    with pytest.raises(_Opened):
        build_backend(settings)
    assert urls == ["postgresql+psycopg://desk:s3cret%2Fpw@db.clinic.lan:5432/madoguchi"]
