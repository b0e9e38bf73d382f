"""End to end over loopback HTTPS: a consented patient's histories reach the doctor's view.

Card query with consent at the sandbox → insurance and consent stored as check-in
does → the history service fetches YZK/TKK through the real eligibility client →
stored → opened; every checkup item lands in a named row. Without consent at the
service the fetch fails with the service's code and is audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from clinic_app.card.jpki import JpkiCard
from clinic_app.core.checkup_reference import build_pivot
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.errors import KnownError
from clinic_app.core.medication_views import by_drug
from clinic_app.eligibility.client import EligibilityClient
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.eligibility.requests import CardProof
from clinic_app.sandbox.population import SyntheticPerson
from clinic_app.sandbox.server import SandboxServer
from clinic_app.services.histories import HistoryKind, HistoryService, StoreHistoryPorts
from clinic_app.store import Database, EligibilitySource, StaffRole
from tests.helpers import sandbox_env

pytestmark = pytest.mark.integration


class Doctor:
    id = 3
    role = StaffRole.DOCTOR


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    tls = tmp_path_factory.mktemp("history-tls")
    server = SandboxServer(sandbox_env.population(), sandbox_env.pki(), tls_dir=tls)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[EligibilityClient]:
    with HttpsTransport(
        sandbox.base_url, ca_bundle=sandbox.ca_file, connect_timeout=1.0, read_timeout=5.0
    ) as transport:
        yield EligibilityClient(transport, sandbox_env.INSTITUTION, poll_interval=0.01)


def people_with_histories(count: int) -> list[SyntheticPerson]:
    found = [
        person
        for person in sandbox_env.population().people
        if person.card_status == "ok"
        and person.medication_months > 0
        and person.checkup_years > 0
        and person.pin
    ]
    assert len(found) >= count
    return found[:count]


def check_in(db: Database, client: EligibilityClient, person: SyntheticPerson, agree: bool) -> int:
    """What the desk's check-in leaves behind: patient, insurance, consents."""
    card = JpkiCard(sandbox_env.fresh_card(person).transmit)
    card.select()
    certificate = card.read_auth_certificate().public_bytes(Encoding.DER)

    def prove(challenge: bytes) -> CardProof:
        card.verify_pin(person.pin)
        return CardProof(certificate, card.sign(challenge), challenge)

    consents = {ConsentItem.MEDICATION: agree, ConsentItem.CHECKUP: agree}
    result = client.query_by_card(prove, consents)
    assert result.records
    with db.session() as uow:
        patient = uow.patients.add(
            name=person.name, kana=person.kana, birthdate=person.birthdate, sex=person.sex
        )
        uow.insurance.add_from_result(patient.id, result.records[0], source=EligibilitySource.CARD)
        for item, agreed in consents.items():
            uow.consents.record(patient.id, Consent.given(item, agreed, datetime.now()))
        return patient.id


def test_consented_patient_histories_end_to_end(client: EligibilityClient, tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'desk.sqlite3'}", backup_dir=tmp_path)
    ports = StoreHistoryPorts(db)
    service = HistoryService(ports, client, ports)
    for person in people_with_histories(2):
        patient_id = check_in(db, client, person, agree=True)
        medication = service.fetch(Doctor(), patient_id, HistoryKind.MEDICATION)
        checkups = service.fetch(Doctor(), patient_id, HistoryKind.CHECKUP)
        assert medication.count == len(person.medication_lines()) > 0
        assert checkups.count == len(person.checkup_items()) > 0
        opened = service.open(Doctor(), patient_id)
        assert sorted(opened.medication, key=repr) == sorted(person.medication_lines(), key=repr)
        view = by_drug(opened.medication, as_of=person.as_of, months=None)
        assert view.rows
        pivot = build_pivot(opened.checkups, sex=opened.sex)
        assert all(row.definition is not None for row in pivot.rows)
    db.close()


def test_without_consent_at_the_service_the_fetch_fails_and_is_audited(
    client: EligibilityClient, tmp_path: Path
) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'desk.sqlite3'}", backup_dir=tmp_path)
    ports = StoreHistoryPorts(db)
    service = HistoryService(ports, client, ports)
    person = people_with_histories(3)[2]
    patient_id = check_in(db, client, person, agree=False)
    # The desk believes consent was given (e.g. recorded by hand); the service says no.
    with db.session() as uow:
        uow.consents.record(patient_id, Consent.given(ConsentItem.MEDICATION, True, datetime.now()))
    with pytest.raises(KnownError):
        service.fetch(Doctor(), patient_id, HistoryKind.MEDICATION)
    with db.session(write=False) as uow:
        last = uow.audit.latest(1)[0]
    assert (last.event, last.detail["outcome"]) == ("history_fetch", "failed")
    assert service.open(Doctor(), patient_id).medication == ()
    db.close()
