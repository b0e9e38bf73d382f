"""EligibilityClient.query_by_card_visual_check over a recording transport (no sockets)."""

from __future__ import annotations

from datetime import datetime

import pytest

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import QualificationValidity
from clinic_app.eligibility import messages
from clinic_app.eligibility.client import EligibilityClient, ServiceReportedFailure
from clinic_app.eligibility.messages import RequestKind
from clinic_app.eligibility.transport import MalformedReply
from clinic_app.sandbox.service import SandboxService
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import INSTITUTION, known, population


class RecordingTransport:
    """Sends each request to an in-process sandbox service and keeps what was sent."""

    def __init__(self) -> None:
        self.service = SandboxService(population(), sandbox_env.pki())
        self.sent: list[tuple[RequestKind, bytes, bool]] = []
        self.challenges = 0

    def exchange(
        self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
    ) -> bytes:
        self.sent.append((kind, body, idempotent))
        return self.service.handle(kind, body, http=False).body

    def challenge(self) -> bytes:
        self.challenges += 1
        return self.service.issue_challenge()

    def close(self) -> None:
        pass


def client_for(transport: RecordingTransport) -> EligibilityClient:
    return EligibilityClient(transport, INSTITUTION, clock=lambda: datetime(2026, 4, 1, 9, 30))


def certificate_of(case: str) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    card = sandbox_env.jpki(population().by_case(case))
    card.select()
    return card.read_auth_certificate().public_bytes(Encoding.DER)


def test_sends_the_certificate_and_staff_id_without_a_challenge() -> None:
    transport = RecordingTransport()
    consents = {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False}
    certificate = certificate_of("card_locked")
    result = client_for(transport).query_by_card_visual_check(certificate, consents, "staff-12")
    assert known(result.validity) is QualificationValidity.VALID
    assert messages.is_visual_check_reply(result.header)
    assert transport.challenges == 0  # no signature, so no challenge
    ((kind, body, idempotent),) = transport.sent
    assert kind is RequestKind.SINGLE and idempotent
    request = messages.parse_request(body)
    assert isinstance(request, messages.CardVisualCheckQuery)
    assert request.certificate_der == certificate
    assert request.staff_id == "staff-12"
    assert request.consents == consents
    assert request.header.arbitrary_file_identifier == result.header.arbitrary_file_identifier
    assert request.header.confirmation_date.isoformat() == "2026-04-01"


def test_limit_consent_is_passed_through() -> None:
    transport = RecordingTransport()
    client_for(transport).query_by_card_visual_check(
        certificate_of("high_cost_limit"), {}, "s1", limit_consent=True
    )
    request = messages.parse_request(transport.sent[0][1])
    assert isinstance(request, messages.CardVisualCheckQuery) and request.limit_consent


def test_refusal_by_the_service_is_a_service_failure() -> None:
    transport = RecordingTransport()
    with pytest.raises(ServiceReportedFailure) as failure:
        client_for(transport).query_by_card_visual_check(
            certificate_of("card_expired_out_of_grace"), {}, "s1"
        )
    assert failure.value.error_code == "SBXAUTH03"


def test_bad_staff_id_or_missing_certificate_never_reach_the_service() -> None:
    transport = RecordingTransport()
    client = client_for(transport)
    with pytest.raises(messages.MessageError):
        client.query_by_card_visual_check(b"der", {}, "山田 花子")
    with pytest.raises(messages.MessageError):
        client.query_by_card_visual_check(b"", {}, "s1")
    assert transport.sent == []


def test_unmarked_reply_is_still_a_result() -> None:
    """A gateway that does not mark its replies still answers; the desk records the method."""

    class Unmarking(RecordingTransport):
        def exchange(
            self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
        ) -> bytes:
            reply = super().exchange(kind, body, file_identifier, idempotent=idempotent)
            return reply.replace(
                b"<CardVerificationMethod>VisualCheck</CardVerificationMethod>", b""
            )

    result = client_for(Unmarking()).query_by_card_visual_check(
        certificate_of("valid_employee"), {}, "s1"
    )
    assert known(result.validity) is QualificationValidity.VALID
    assert not messages.is_visual_check_reply(result.header)


def test_garbled_reply_is_malformed() -> None:
    class Garbling(RecordingTransport):
        def exchange(
            self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
        ) -> bytes:
            return b"<XmlMsg><MessageHeader>"

    with pytest.raises(MalformedReply):
        client_for(Garbling()).query_by_card_visual_check(
            certificate_of("valid_employee"), {}, "s1"
        )
