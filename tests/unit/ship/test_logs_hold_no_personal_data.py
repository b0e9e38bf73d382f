"""A full desk session at the most verbose log level leaves no personal data in any log file.

Card check-ins (a wrong PIN first, then the right one), a visual check, queries by
numbers, a patient the service does not know, history fetches — every layer logs
what it logs, down to raw traffic (TRAFFIC, below DEBUG). Then every log file is
scanned for the synthetic people's names, kana, birth dates, addresses, insurance
numbers and PINs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest

from clinic_app.card.jpki import JpkiCard
from clinic_app.card.simulator import SoftwareCard
from clinic_app.card.testpki import SandboxPki
from clinic_app.core.consent import ConsentItem
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility.client import EligibilityClient
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.logging_setup import TRAFFIC, configure_logging, log_files, shutdown_logging
from clinic_app.readers.simulated import SimulatedReader
from clinic_app.sandbox.population import SANDBOX_INSTITUTION_CODE, Population, SyntheticPerson
from clinic_app.sandbox.server import SandboxServer
from clinic_app.selftest import _register_event
from clinic_app.services.checkin import CheckInDeps, CheckInFlow
from clinic_app.services.checkin_types import (
    CheckInState,
    ChoosePin,
    ConfirmVisualCheck,
    EnterPin,
    GiveConsent,
    QueryByNumbers,
)
from clinic_app.services.store_adapter import store_repositories
from clinic_app.store import Database, StaffRole
from tests.helpers.ship_log_scan import find_leaks, log_messages

pytestmark = pytest.mark.integration


@pytest.fixture
def session_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "home"))
    folder = tmp_path / "logs"
    configure_logging(TRAFFIC, directory=folder)
    yield folder
    shutdown_logging()


def card_for(pki: SandboxPki, person: SyntheticPerson) -> SoftwareCard:
    extra: dict[str, Any] = {}
    if person.card_not_before and person.card_not_after:
        extra = {"not_before": person.card_not_before, "not_after": person.card_not_after}
    return SoftwareCard.for_person(
        pki, person.person_key, pin=person.pin, tries_left=person.pin_tries_left, **extra
    )


def wrong_pin(pin: str) -> str:
    return f"{(int(pin) + 1) % 10000:04d}"


def run_desk_session(tmp_path: Path) -> list[SyntheticPerson]:
    """Several check-ins through every layer; returns the people whose data went through."""
    pki = SandboxPki.load_or_create(tmp_path / "pki")
    population = Population.generate(seed=424242, size=60)
    with_card = [p for p in population.people if p.card_status == "ok" and p.in_service]
    by_numbers = [p for p in population.people if p.in_service and p is not with_card[0]][:3]
    unknown = [p for p in population.people if not p.in_service][:1]
    server = SandboxServer(population, pki, tls_dir=tmp_path / "tls")
    server.start()
    database = Database.open(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    transport = HttpsTransport(server.base_url, ca_bundle=server.ca_file)
    used: list[SyntheticPerson] = []
    try:
        client = EligibilityClient(transport, SANDBOX_INSTITUTION_CODE)
        repositories = store_repositories(database)
        with database.session() as uow:
            staff_id = str(
                uow.staff.add("desk1", "correct horse battery staple 42", StaffRole.RECEPTION).id
            )
        reader = SimulatedReader()

        def new_flow() -> CheckInFlow:
            deps = CheckInDeps(
                eligibility=cast(Any, client),
                repositories=repositories,
                card_factory=lambda session: JpkiCard(session.transmit),
                clock=lambda: datetime.now().astimezone(),
                reader=reader,
            )
            return CheckInFlow(deps, staff_id=staff_id)

        all_yes = {item: True for item in (ConsentItem.MEDICATION, ConsentItem.CHECKUP)}

        # 1. card + a wrong PIN, then the right one, consent, new patient registered.
        person = with_card[0]
        used.append(person)
        reader.place(card_for(pki, person))
        flow = new_flow()
        step = flow.wait_for_card(timeout=5.0)
        step = flow.handle(ChoosePin())
        step = flow.handle(EnterPin(wrong_pin(person.pin)))
        assert step.tries_left is not None and step.tries_left < person.pin_tries_left
        if step.state is CheckInState.CHOOSING_VERIFICATION:
            step = flow.handle(ChoosePin())
        step = flow.handle(EnterPin(person.pin))
        step = flow.handle(GiveConsent(all_yes))
        assert step.state is CheckInState.SHOWING_RESULT, step
        step = flow.handle(_register_event(step, repositories))
        assert step.visit is not None
        reader.remove()

        # 2. card + visual check by staff.
        person = with_card[1]
        used.append(person)
        reader.place(card_for(pki, person))
        flow = new_flow()
        flow.wait_for_card(timeout=5.0)
        step = flow.handle(ConfirmVisualCheck(staff_id=staff_id))
        if step.state is CheckInState.ASKING_CONSENT:
            step = flow.handle(GiveConsent(all_yes))
        if step.state is CheckInState.SHOWING_RESULT:
            step = flow.handle(_register_event(step, repositories))
        reader.remove()

        # 3. by the numbers on an eligibility certificate, and one the service does not know.
        for person in [*by_numbers, *unknown]:
            used.append(person)
            numbers = InsuranceNumbers(
                person.insurer_number, person.symbol, person.number, person.branch
            )
            flow = new_flow()
            step = flow.handle(QueryByNumbers(numbers, person.birthdate))
            if step.state is CheckInState.SHOWING_RESULT and step.result and step.result.records:
                flow.handle(_register_event(step, repositories))
            # 4. the histories a doctor would open, fetched over the same client.
            if person.in_service:
                for fetch in (client.fetch_medication, client.fetch_checkups):
                    try:
                        fetch(numbers, person.birthdate)
                    except Exception as error:  # a refused fetch is logged too: still scanned
                        logging.getLogger("test.session").info(
                            "fetch failed code=%s", getattr(error, "code", type(error).__name__)
                        )
    finally:
        transport.close()
        server.stop()
        database.close()
    return used


def test_no_personal_data_in_any_log_file(session_logs: Path, tmp_path: Path) -> None:
    people = run_desk_session(tmp_path)
    files = log_files(session_logs)
    assert files, "the session wrote no log at all"
    messages = log_messages(session_logs)
    assert len(messages.splitlines()) > 20, "too little was logged for the scan to mean anything"
    assert "TRAFFIC " in messages, "raw traffic was not logged at all"
    leaks = find_leaks(messages, people)
    assert not leaks, leaks
