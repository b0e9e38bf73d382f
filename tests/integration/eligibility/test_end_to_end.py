"""Software card → signed challenge → sandbox over real HTTPS on 127.0.0.1 → parsed result."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.card.errors import LastTryNeedsOverride, PinBlocked
from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import (
    CharacterCode,
    QualificationValidity,
    ReferenceClassification,
)
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import messages
from clinic_app.eligibility.client import EligibilityClient, ServiceReportedFailure
from clinic_app.eligibility.messages import BulkQueryEntry
from clinic_app.sandbox import service as service_module
from clinic_app.sandbox.cards import prove_with_card
from clinic_app.sandbox.population import SyntheticPerson
from clinic_app.sandbox.server import SandboxServer
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import known, numbers_of, population

pytestmark = pytest.mark.integration

CATALOGUE = population().catalogue()
CARD_HOLDERS = [p for p in CATALOGUE if p.has_card]
CONSENTS = {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: True}


@pytest.mark.parametrize("person", CARD_HOLDERS, ids=lambda p: p.case)
def test_card_path_for_every_card_holder(
    client: EligibilityClient, person: SyntheticPerson
) -> None:
    card = sandbox_env.jpki(person)
    prove = prove_with_card(card, person.pin)
    if person.card_status == "locked":
        with pytest.raises(PinBlocked):
            client.query_by_card(prove, CONSENTS)
        return
    if person.pin_tries_left == 1:
        with pytest.raises(LastTryNeedsOverride):
            client.query_by_card(prove, CONSENTS)
        prove = prove_with_card(sandbox_env.jpki(person), person.pin, allow_last_try=True)
    if person.card_status == "expired_out_of_grace":
        with pytest.raises(ServiceReportedFailure) as failure:
            client.query_by_card(prove, CONSENTS)
        assert failure.value.error_code == service_module.ERROR_EXPIRED
        return
    result = client.query_by_card(prove, CONSENTS)
    assert result.validity is not None and known(result.validity) is person.card_validity
    assert result.header.reference_classification is not None
    assert known(result.header.reference_classification) is ReferenceClassification.CARD
    (record,) = result.records
    assert record.name == person.name
    assert record.name_kana == person.kana
    assert record.birthdate == person.birthdate
    assert record.copay_percent == person.copay_percent
    expected_insurer = person.current.insurer_number if person.current else person.insurer_number
    assert record.insurer_number == expected_insurer
    assert {c.item for c in record.consents if c.agreed} == set(CONSENTS)
    assert (record.elderly is None) == (person.elderly is None)
    assert len(record.specific_diseases) == len(person.specific_diseases)


def _certificate_der(person: SyntheticPerson) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    card = sandbox_env.jpki(person)
    card.select()
    return card.read_auth_certificate().public_bytes(Encoding.DER)  # no PIN needed


@pytest.mark.parametrize("person", CARD_HOLDERS, ids=lambda p: p.case)
def test_visual_check_path_for_every_card_holder(
    client: EligibilityClient, person: SyntheticPerson
) -> None:
    """目視確認 over HTTPS: certificate only; a locked card works, past grace does not."""
    certificate = _certificate_der(person)
    if person.card_status == "expired_out_of_grace":
        with pytest.raises(ServiceReportedFailure) as failure:
            client.query_by_card_visual_check(certificate, CONSENTS, "staff-3")
        assert failure.value.error_code == service_module.ERROR_EXPIRED
        return
    result = client.query_by_card_visual_check(certificate, CONSENTS, "staff-3")
    assert known(result.validity) is person.visual_check_validity
    assert messages.is_visual_check_reply(result.header)
    assert known(result.header.reference_classification) is ReferenceClassification.CARD
    (record,) = result.records
    assert (record.name, record.birthdate) == (person.name, person.birthdate)
    assert {c.item for c in record.consents if c.agreed} == set(CONSENTS)


def test_visual_check_consent_releases_the_histories(client: EligibilityClient) -> None:
    person = population().by_case("card_locked")
    client.query_by_card_visual_check(
        _certificate_der(person), {ConsentItem.MEDICATION: True}, "staff-3"
    )
    history = client.fetch_medication(numbers_of(person), person.birthdate)
    assert len(history.lines) == len(person.medication_lines())


@pytest.mark.parametrize("person", CATALOGUE, ids=lambda p: p.case)
def test_numbers_path_for_every_case(client: EligibilityClient, person: SyntheticPerson) -> None:
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.validity is not None and known(result.validity) is person.expected_validity
    names = {r.name for r in result.records}
    if person.expected_validity is QualificationValidity.NOT_FOUND:
        assert names == set()
    else:
        assert person.name in names


def test_histories_after_consent_at_a_card_reading(client: EligibilityClient) -> None:
    person = population().by_case("heavy_medication")
    numbers = numbers_of(person)
    refusals = {item: False for item in CONSENTS}
    client.query_by_card(prove_with_card(sandbox_env.jpki(person), person.pin), refusals)
    with pytest.raises(ServiceReportedFailure) as refused:
        client.fetch_checkups(numbers, person.birthdate)
    assert refused.value.error_code == service_module.ERROR_CONSENT
    client.query_by_card(prove_with_card(sandbox_env.jpki(person), person.pin), CONSENTS)
    medication = client.fetch_medication(numbers, person.birthdate)
    assert medication.lines == person.medication_lines()
    checkups = client.fetch_checkups(numbers, person.birthdate)
    assert checkups.items == person.checkup_items()


def test_bulk_precheck_answers_in_order(client: EligibilityClient) -> None:
    people = [p for p in population().people[:120] if p.in_service]
    entries = [BulkQueryEntry(numbers_of(p), p.birthdate) for p in people]
    results = client.bulk_precheck(entries)
    assert [known(r.validity) if r.validity else None for r in results] == [
        p.expected_validity for p in people
    ]
    assert client.bulk_precheck([]) == []


def test_reference_number_registration(client: EligibilityClient) -> None:
    person = population().by_case("student_dependant")
    client.register_reference_number(numbers_of(person), person.birthdate, "K-777")
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.records[0].reference_number == "K-777"


def test_shift_jis_replies_read_the_same(client: EligibilityClient, sandbox: SandboxServer) -> None:
    person = population().by_case("rare_kanji_toku")
    sandbox.faults.shift_jis = True
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.header.character_code is not None
    assert known(result.header.character_code) is CharacterCode.SHIFT_JIS
    assert result.records[0].name == person.name


def test_wrong_birthdate_is_not_found(client: EligibilityClient) -> None:
    person = population().by_case("valid_employee")
    result = client.query_by_numbers(numbers_of(person), date(1900, 1, 1))
    assert result.validity is not None
    assert known(result.validity) is QualificationValidity.NOT_FOUND


def test_random_people_answer_as_exported(client: EligibilityClient) -> None:
    exported = population().export(with_histories=False)
    for row in exported[100:130]:
        numbers = InsuranceNumbers(
            row["insurer_number"],
            row["insured_card_symbol"],
            row["insured_identification_number"],
            row["insured_branch_number"],
        )
        birthdate = date(
            int(row["birthdate"][:4]), int(row["birthdate"][4:6]), int(row["birthdate"][6:])
        )
        result = client.query_by_numbers(numbers, birthdate)
        assert result.validity is not None and result.validity.raw == row["expected_validity"]
