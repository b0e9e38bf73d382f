"""The sandbox's answers, called directly (no sockets): card-path checks, consent, bulk, faults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from clinic_app.card.testpki import SandboxPki
from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import (
    CharacterCode,
    QualificationValidity,
    ReferenceClassification,
    SegmentOfResult,
)
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import messages
from clinic_app.eligibility.messages import CardProof, RequestHeader, RequestKind
from clinic_app.sandbox import service as service_module
from clinic_app.sandbox.faults import Failure, SandboxFaults
from clinic_app.sandbox.population import SyntheticPerson
from clinic_app.sandbox.service import SandboxService
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import INSTITUTION, known, numbers_of, population


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def service(monotonic: FakeMonotonic) -> SandboxService:
    return SandboxService(population(), sandbox_env.pki(), monotonic=monotonic)


def header() -> RequestHeader:
    return RequestHeader(INSTITUTION, messages.new_file_identifier(), dt.date.today())


def ask_numbers(service: SandboxService, case: str) -> messages.EligibilityResult:
    person = population().by_case(case)
    body = messages.build_numbers_query(header(), numbers_of(person), person.birthdate)
    return messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)


def card_proof(service: SandboxService, case: str, challenge: bytes | None = None) -> CardProof:
    person = population().by_case(case)
    card = sandbox_env.jpki(person)
    challenge = challenge if challenge is not None else service.issue_challenge()
    card.select()
    certificate = card.read_auth_certificate()
    card.verify_pin(person.pin)
    return CardProof(
        certificate.public_bytes(serialization.Encoding.DER), card.sign(challenge), challenge
    )


def ask_card(
    service: SandboxService, proof: CardProof, consents: dict[ConsentItem, bool] | None = None
) -> messages.EligibilityResult:
    body = messages.build_card_query(header(), proof, consents or {})
    return messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)


@pytest.mark.parametrize("person", population().catalogue(), ids=lambda p: p.case)
def test_numbers_query_answers_expected_validity(
    service: SandboxService, person: SyntheticPerson
) -> None:
    result = ask_numbers(service, person.case)
    assert result.validity is not None
    assert known(result.validity) is person.expected_validity
    assert known(result.header.reference_classification) is ReferenceClassification.NUMBERS
    if person.expected_validity is QualificationValidity.VALID:
        (record,) = result.records
        assert record.name == person.name
        assert record.name_kana == person.kana
        assert record.insurer_number == person.insurer_number
        assert record.copay_percent == person.copay_percent
        assert record.birthdate == person.birthdate
    if person.expected_validity is QualificationValidity.SEVERAL_MATCH:
        assert len(result.records) == 2
    if person.expected_validity is QualificationValidity.NOT_FOUND:
        assert result.records == ()


def test_card_query_identifies_the_person_and_records_consent(service: SandboxService) -> None:
    person = population().by_case("valid_employee")
    result = ask_card(
        service,
        card_proof(service, "valid_employee"),
        {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False},
    )
    assert known(result.validity) is QualificationValidity.VALID
    assert known(result.header.reference_classification) is ReferenceClassification.CARD
    (record,) = result.records
    assert record.name == person.name
    consents = {c.item: c for c in record.consents}
    assert consents[ConsentItem.MEDICATION].agreed
    assert not consents[ConsentItem.CHECKUP].agreed
    assert service._consented(person, ConsentItem.MEDICATION, service._clock())
    assert not service._consented(person, ConsentItem.CHECKUP, service._clock())


def test_card_in_grace_is_accepted(service: SandboxService) -> None:
    result = ask_card(service, card_proof(service, "card_expired_in_grace"))
    assert known(result.validity) is QualificationValidity.VALID


def failure_of(service: SandboxService, proof: CardProof) -> tuple[str | None, str | None]:
    result = ask_card(service, proof)
    assert known(result.header.segment_of_result) is SegmentOfResult.FAILED
    return result.header.error_code, result.header.error_message


def test_card_past_grace_is_refused(service: SandboxService) -> None:
    code, message = failure_of(service, card_proof(service, "card_expired_out_of_grace"))
    assert code == service_module.ERROR_EXPIRED
    assert message and "3か月" in message


def test_challenge_is_single_use(service: SandboxService) -> None:
    proof = card_proof(service, "valid_employee")
    assert known(ask_card(service, proof).validity) is QualificationValidity.VALID
    assert failure_of(service, proof)[0] == service_module.ERROR_CHALLENGE


def test_unknown_challenge_is_refused(service: SandboxService) -> None:
    proof = card_proof(service, "valid_employee", challenge=b"\x01" * 32)
    assert failure_of(service, proof)[0] == service_module.ERROR_CHALLENGE


def test_stale_challenge_is_refused(service: SandboxService, monotonic: FakeMonotonic) -> None:
    proof = card_proof(service, "valid_employee")
    monotonic.now += service_module.CHALLENGE_LIFETIME + 1
    assert failure_of(service, proof)[0] == service_module.ERROR_CHALLENGE


def test_signature_over_another_challenge_is_refused(service: SandboxService) -> None:
    proof = card_proof(service, "valid_employee")
    fresh = service.issue_challenge()
    forged = CardProof(proof.certificate_der, proof.signature, fresh)
    assert failure_of(service, forged)[0] == service_module.ERROR_SIGNATURE


def test_someone_elses_certificate_with_my_signature_is_refused(service: SandboxService) -> None:
    mine = card_proof(service, "valid_employee")
    theirs = card_proof(service, "valid_dependant")
    forged = CardProof(theirs.certificate_der, mine.signature, mine.challenge)
    assert failure_of(service, forged)[0] == service_module.ERROR_SIGNATURE


def test_certificate_from_another_ca_is_refused(service: SandboxService, tmp_path: Path) -> None:
    other_pki = SandboxPki.load_or_create(tmp_path / "other")
    person = population().by_case("valid_employee")
    credentials = other_pki.issue_card_credentials(
        person.person_key,
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2034, 1, 1, tzinfo=dt.UTC),
    )
    from clinic_app.card.jpki import JpkiCard
    from clinic_app.card.simulator import SoftwareCard

    card = JpkiCard(SoftwareCard(credentials, pin="1234").transmit)
    challenge = service.issue_challenge()
    card.select()
    cert = card.read_auth_certificate()
    card.verify_pin("1234")
    proof = CardProof(
        cert.public_bytes(serialization.Encoding.DER), card.sign(challenge), challenge
    )
    assert failure_of(service, proof)[0] == service_module.ERROR_CERTIFICATE


def test_garbage_certificate_is_refused(service: SandboxService) -> None:
    challenge = service.issue_challenge()
    proof = CardProof(b"\x30\x03\x02\x01\x01", b"\x00" * 256, challenge)
    assert failure_of(service, proof)[0] == service_module.ERROR_CERTIFICATE


def test_certificate_not_yet_valid_is_refused(monotonic: FakeMonotonic) -> None:
    long_ago = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    early = SandboxService(
        population(), sandbox_env.pki(), monotonic=monotonic, clock=lambda: long_ago
    )
    assert failure_of(early, card_proof(early, "valid_employee"))[0] == service_module.ERROR_EXPIRED


def history_reply(service: SandboxService, kind: RequestKind, case: str) -> bytes:
    person = population().by_case(case)
    body = messages.build_history_query(kind, header(), numbers_of(person), person.birthdate)
    return service.handle(kind, body).body


def test_histories_need_consent(service: SandboxService) -> None:
    reply = messages.parse_medication_reply(
        history_reply(service, RequestKind.MEDICATION, "heavy_medication")
    )
    assert known(reply.header.segment_of_result) is SegmentOfResult.FAILED
    assert reply.header.error_code == service_module.ERROR_CONSENT
    person = population().by_case("heavy_medication")
    service.grant_consent(person.person_key, ConsentItem.MEDICATION)
    reply = messages.parse_medication_reply(
        history_reply(service, RequestKind.MEDICATION, "heavy_medication")
    )
    assert reply.history.lines == person.medication_lines()
    checkups = messages.parse_checkup_reply(
        history_reply(service, RequestKind.CHECKUP, "heavy_medication")
    )
    assert checkups.header.error_code == service_module.ERROR_CONSENT


def test_consent_expires_after_24_hours(service: SandboxService) -> None:
    person = population().by_case("checkups_5y")
    service.grant_consent(
        person.person_key, ConsentItem.CHECKUP, at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    )
    reply = messages.parse_checkup_reply(history_reply(service, RequestKind.CHECKUP, "checkups_5y"))
    assert reply.header.error_code == service_module.ERROR_CONSENT


def test_history_for_ambiguous_numbers_is_refused(service: SandboxService) -> None:
    reply = messages.parse_medication_reply(
        history_reply(service, RequestKind.MEDICATION, "several_match_a")
    )
    assert reply.header.error_code == service_module.ERROR_NOT_ONE_PERSON


def test_bulk_request_then_poll(service: SandboxService) -> None:
    people = population().catalogue()[:12]
    entries = [messages.BulkQueryEntry(numbers_of(p), p.birthdate) for p in people]
    receipt = messages.parse_bulk_receipt(
        service.handle(
            RequestKind.BULK_REQUEST, messages.build_bulk_request(header(), entries)
        ).body
    )
    assert receipt.reception_number
    poll = messages.build_bulk_poll(header(), receipt.reception_number)
    first = messages.parse_bulk_reply(service.handle(RequestKind.BULK_POLL, poll).body)
    assert known(first.header.segment_of_result) is SegmentOfResult.IN_PROGRESS
    done = messages.parse_bulk_reply(service.handle(RequestKind.BULK_POLL, poll).body)
    assert [known(u.result.validity) for u in done.units] == [p.expected_validity for p in people]


def test_unknown_reception_number_fails(service: SandboxService) -> None:
    poll = messages.build_bulk_poll(header(), "99999999")
    reply = messages.parse_bulk_reply(service.handle(RequestKind.BULK_POLL, poll).body)
    assert reply.header.error_code == service_module.ERROR_RECEPTION


def test_registration_is_echoed_in_later_answers(service: SandboxService) -> None:
    person = population().by_case("valid_dependant")
    body = messages.build_reference_registration(
        header(), numbers_of(person), person.birthdate, "A-00042"
    )
    reply = messages.parse_registration_reply(service.handle(RequestKind.REGISTRATION, body).body)
    assert known(reply.header.segment_of_result) is SegmentOfResult.DONE
    assert ask_numbers(service, "valid_dependant").records[0].reference_number == "A-00042"


def test_fault_switches_at_the_service(service: SandboxService) -> None:
    faults: SandboxFaults = service.faults
    faults.shift_jis = True
    raw = service.handle(
        RequestKind.SINGLE,
        messages.build_numbers_query(
            header(),
            numbers_of(population().by_case("rare_kanji_taka")),
            population().by_case("rare_kanji_taka").birthdate,
        ),
    ).body
    assert b"Shift_JIS" in raw[:80] or b"shift_jis" in raw[:80].lower()
    parsed = messages.parse_eligibility_reply(raw)
    assert known(parsed.header.character_code) is CharacterCode.SHIFT_JIS
    assert parsed.records[0].name == population().by_case("rare_kanji_taka").name
    faults.clear()
    faults.in_progress = 2
    assert ask_numbers(service, "valid_employee").in_progress
    assert ask_numbers(service, "valid_employee").in_progress
    assert not ask_numbers(service, "valid_employee").in_progress
    faults.malformed_xml = True
    faults.times = 1
    body = messages.build_numbers_query(
        header(),
        numbers_of(population().by_case("no_card")),
        population().by_case("no_card").birthdate,
    )
    with pytest.raises(messages.MessageError):
        messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)
    assert known(ask_numbers(service, "no_card").validity) is QualificationValidity.VALID
    faults.clear()
    faults.http_status = 503
    assert service.handle(RequestKind.SINGLE, body, http=True).failure is Failure.HTTP_STATUS
    assert service.handle(RequestKind.SINGLE, body, http=False).failure is None


def test_unreadable_request_raises_message_error(service: SandboxService) -> None:
    with pytest.raises(messages.MessageError):
        service.handle(RequestKind.SINGLE, b"<XmlMsg><MessageHeader/>")


def test_face_result_is_a_card_reading(service: SandboxService) -> None:
    person = population().by_case("elderly_20")
    raw = service.face_result(person, {ConsentItem.MEDICATION: True}, file_identifier="face1")
    result = messages.parse_eligibility_reply(raw)
    assert known(result.header.reference_classification) is ReferenceClassification.CARD
    assert result.records[0].copay_percent == 20
    assert service._consented(person, ConsentItem.MEDICATION, service._clock())


def test_several_match_twin_never_answers_by_card(service: SandboxService) -> None:
    twin = population().by_case("several_match_b")
    assert twin.card_certificate_serial is None


def test_numbers_typed_full_width_at_the_desk_are_found(service: SandboxService) -> None:
    """The desk parses (NFKC) what staff type; the half-width-kana symbol still matches."""
    person = population().by_case("national_6digit")
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in person.number)
    typed = InsuranceNumbers.parse(person.insurer_number, person.symbol, wide, person.branch)
    assert typed.symbol != person.symbol
    body = messages.build_numbers_query(header(), typed, person.birthdate)
    result = messages.parse_eligibility_reply(service.handle(RequestKind.SINGLE, body).body)
    assert known(result.validity) is QualificationValidity.VALID
    assert result.records[0].insured_card_symbol == person.symbol  # the service's spelling
