"""The sandbox's visual-check card path (目視確認): certificate checked, possession not."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import (
    QualificationValidity,
    ReferenceClassification,
    SegmentOfResult,
)
from clinic_app.eligibility import messages
from clinic_app.eligibility.messages import RequestHeader, RequestKind
from clinic_app.sandbox import service as service_module
from clinic_app.sandbox.population import SyntheticPerson
from clinic_app.sandbox.service import SandboxService
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import INSTITUTION, known, population

STAFF = "staff-7"


@pytest.fixture
def service() -> SandboxService:
    return SandboxService(population(), sandbox_env.pki())


def header() -> RequestHeader:
    return RequestHeader(INSTITUTION, messages.new_file_identifier(), dt.date.today())


def certificate_of(person: SyntheticPerson) -> bytes:
    """The card's auth certificate, read without any PIN (as at the desk)."""
    card = sandbox_env.jpki(person)
    card.select()
    return card.read_auth_certificate().public_bytes(serialization.Encoding.DER)


def ask_visual(
    service: SandboxService,
    certificate_der: bytes,
    consents: dict[ConsentItem, bool] | None = None,
) -> messages.EligibilityResult:
    body = messages.build_card_visual_check_query(
        header(), certificate_der, consents or {}, staff_id=STAFF
    )
    return messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)


def failure_code(result: messages.EligibilityResult) -> str | None:
    assert known(result.header.segment_of_result) is SegmentOfResult.FAILED
    assert not messages.is_visual_check_reply(result.header)
    return result.header.error_code


def test_visual_check_answers_normally_and_is_marked(
    service: SandboxService, caplog: pytest.LogCaptureFixture
) -> None:
    person = population().by_case("valid_employee")
    with caplog.at_level(logging.INFO, logger=service_module.__name__):
        result = ask_visual(
            service,
            certificate_of(person),
            {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False},
        )
    assert known(result.validity) is QualificationValidity.VALID
    assert known(result.header.reference_classification) is ReferenceClassification.CARD
    assert messages.is_visual_check_reply(result.header)
    (record,) = result.records
    assert record.name == person.name and record.birthdate == person.birthdate
    consents = {c.item: c.agreed for c in record.consents}
    assert consents == {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False}
    assert service._consented(person, ConsentItem.MEDICATION, service._clock())
    logged = [r.getMessage() for r in caplog.records if "visual check" in r.getMessage()]
    assert logged and STAFF in logged[0] and person.person_key in logged[0]
    assert person.name not in caplog.text and person.kana not in caplog.text


def test_a_locked_card_is_exactly_what_the_visual_check_is_for(service: SandboxService) -> None:
    person = population().by_case("card_locked")
    assert person.card_validity is None  # no PIN path
    result = ask_visual(service, certificate_of(person))
    assert known(result.validity) is QualificationValidity.VALID
    assert result.records[0].name == person.name
    assert person.visual_check_validity is QualificationValidity.VALID


def test_no_challenge_is_needed_and_the_same_request_can_be_asked_again(
    service: SandboxService,
) -> None:
    body = messages.build_card_visual_check_query(
        header(), certificate_of(population().by_case("elderly_20")), {}, staff_id=STAFF
    )
    for _ in range(2):
        result = messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)
        assert known(result.validity) is QualificationValidity.VALID
        assert result.records[0].copay_percent == 20


def test_expired_certificate_within_grace_is_accepted(service: SandboxService) -> None:
    result = ask_visual(service, certificate_of(population().by_case("card_expired_in_grace")))
    assert known(result.validity) is QualificationValidity.VALID
    assert messages.is_visual_check_reply(result.header)


def test_expired_certificate_past_grace_is_refused(service: SandboxService) -> None:
    result = ask_visual(service, certificate_of(population().by_case("card_expired_out_of_grace")))
    assert failure_code(result) == service_module.ERROR_EXPIRED
    assert result.header.error_message and "3か月" in result.header.error_message


def test_certificate_not_yet_valid_is_refused() -> None:
    early = SandboxService(
        population(),
        sandbox_env.pki(),
        clock=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
    )
    result = ask_visual(early, certificate_of(population().by_case("valid_employee")))
    assert failure_code(result) == service_module.ERROR_EXPIRED


def test_lost_qualification_answers_invalid(service: SandboxService) -> None:
    person = population().by_case("invalid_lost")
    result = ask_visual(service, certificate_of(person))
    assert known(result.validity) is QualificationValidity.INVALID
    assert messages.is_visual_check_reply(result.header)


def _self_signed() -> bytes:
    """A certificate the sandbox's test CA never issued (EC: quick to make)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "not the sandbox CA")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(population().by_case("valid_employee").card_certificate_serial or 1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


def test_certificate_from_another_issuer_is_refused_even_with_a_known_serial(
    service: SandboxService,
) -> None:
    assert failure_code(ask_visual(service, _self_signed())) == service_module.ERROR_CERTIFICATE


def test_unreadable_certificate_is_refused(service: SandboxService) -> None:
    result = ask_visual(service, b"\x30\x03\x02\x01\x01")
    assert failure_code(result) == service_module.ERROR_CERTIFICATE


def test_the_test_ca_itself_is_not_a_card(service: SandboxService) -> None:
    ca_der = sandbox_env.pki().ca_certificate.public_bytes(serialization.Encoding.DER)
    # self-issued, so its signature checks out against the CA; still not a card
    assert failure_code(ask_visual(service, ca_der)) == service_module.ERROR_CERTIFICATE


def test_signed_card_replies_are_not_marked_visual(service: SandboxService) -> None:
    person = population().by_case("valid_employee")
    card = sandbox_env.jpki(person)
    challenge = service.issue_challenge()
    card.select()
    certificate = card.read_auth_certificate().public_bytes(serialization.Encoding.DER)
    card.verify_pin(person.pin)
    proof = messages.CardProof(certificate, card.sign(challenge), challenge)
    body = messages.build_card_query(header(), proof, {})
    result = messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)
    assert known(result.validity) is QualificationValidity.VALID
    assert not messages.is_visual_check_reply(result.header)
