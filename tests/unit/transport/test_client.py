"""EligibilityClient over a scripted transport: matching, polling, failures, bad replies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from clinic_app.core.eligibility import QualificationValidity
from clinic_app.eligibility import messages
from clinic_app.eligibility.client import (
    EligibilityClient,
    ServiceReportedFailure,
    StillInProgress,
)
from clinic_app.eligibility.messages import RequestKind
from clinic_app.eligibility.transport import MalformedReply
from clinic_app.sandbox.service import SandboxService
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import INSTITUTION, numbers_of, population

PERSON = population().by_case("valid_employee")


class ScriptedTransport:
    """Answers through a sandbox service, optionally rewriting each reply."""

    def __init__(self, rewrite: Callable[[RequestKind, bytes, bytes], bytes] | None = None) -> None:
        self.service = SandboxService(population(), sandbox_env.pki())
        self.rewrite = rewrite
        self.calls: list[tuple[RequestKind, str, bool]] = []

    def exchange(
        self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
    ) -> bytes:
        self.calls.append((kind, file_identifier, idempotent))
        reply = self.service.handle(kind, body, http=False).body
        return self.rewrite(kind, body, reply) if self.rewrite else reply

    def challenge(self) -> bytes:
        return self.service.issue_challenge()

    def close(self) -> None:
        pass


def client_for(
    transport: ScriptedTransport, *, max_polls: int = 5, poll_interval: float = 1.0
) -> EligibilityClient:
    sleeps: list[float] = []
    client = EligibilityClient(
        transport,
        INSTITUTION,
        sleep=sleeps.append,
        clock=lambda: datetime(2026, 4, 1, 9, 30),
        max_polls=max_polls,
        poll_interval=poll_interval,
    )
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def test_query_sends_one_request_with_a_fresh_identifier() -> None:
    transport = ScriptedTransport()
    client = client_for(transport)
    client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    (kind1, id1, idem1), (_, id2, _) = transport.calls
    assert kind1 is RequestKind.SINGLE and idem1 and id1 != id2


def test_in_progress_is_asked_again_with_the_same_identifier_and_bounded() -> None:
    transport = ScriptedTransport()
    transport.service.faults.in_progress = 2
    client = client_for(transport, max_polls=4, poll_interval=0.5)
    result = client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    assert result.validity is not None and result.validity.known is QualificationValidity.VALID
    assert len({identifier for _, identifier, _ in transport.calls}) == 1
    assert len(transport.calls) == 3
    assert client.sleeps == [0.5, 0.5]  # type: ignore[attr-defined]
    transport.service.faults.in_progress = 10
    with pytest.raises(StillInProgress):
        client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    assert len(transport.calls) == 3 + 4


def test_failure_reply_becomes_service_reported_failure() -> None:
    def fail(kind: RequestKind, body: bytes, reply: bytes) -> bytes:
        request = messages.parse_request(body, kind=kind)
        return messages.build_failure_reply(request.header, "E9001", "システムエラー", kind=kind)

    client = client_for(ScriptedTransport(fail))
    with pytest.raises(ServiceReportedFailure) as caught:
        client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    assert caught.value.error_code == "E9001"
    assert caught.value.service_message == "システムエラー"
    assert caught.value.code == "eligibility_service_failure"


def test_reply_for_another_request_is_refused() -> None:
    def swap(kind: RequestKind, body: bytes, reply: bytes) -> bytes:
        request = messages.parse_request(body, kind=kind)
        return reply.replace(request.header.arbitrary_file_identifier.encode(), b"someoneelse1")

    with pytest.raises(MalformedReply) as caught:
        client_for(ScriptedTransport(swap)).query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    assert "different request" in str(caught.value)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not xml",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><XmlMsg/>",
        b"<XmlMsg><MessageHeader>",
    ],
)
def test_unreadable_replies_are_malformed(garbage: bytes) -> None:
    client = client_for(ScriptedTransport(lambda kind, body, reply: garbage))
    with pytest.raises(MalformedReply):
        client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)


def test_registration_and_card_query_are_not_idempotent() -> None:
    transport = ScriptedTransport()
    client = client_for(transport)
    client.register_reference_number(numbers_of(PERSON), PERSON.birthdate, "X1")
    assert transport.calls[-1][2] is False
    from clinic_app.sandbox.cards import prove_with_card

    client.query_by_card(prove_with_card(sandbox_env.jpki(PERSON), PERSON.pin), {})
    assert transport.calls[-1][2] is False


def test_bulk_with_missing_units_is_refused() -> None:
    def drop_units(kind: RequestKind, body: bytes, reply: bytes) -> bytes:
        if kind is not RequestKind.BULK_POLL:
            return reply
        parsed = messages.parse_bulk_reply(reply)
        if not parsed.units:
            return reply
        return messages.build_bulk_reply(
            messages.BulkReply(parsed.header, parsed.units[:1], parsed.processing_status)
        )

    people = population().catalogue()[:3]
    entries = [messages.BulkQueryEntry(numbers_of(p), p.birthdate) for p in people]
    with pytest.raises(MalformedReply):
        client_for(ScriptedTransport(drop_units), poll_interval=0).bulk_precheck(entries)


def test_confirmation_date_comes_from_the_clock() -> None:
    transport = ScriptedTransport()
    result = client_for(transport).query_by_numbers(numbers_of(PERSON), PERSON.birthdate)
    assert result.header.qualification_confirmation_date == date(2026, 4, 1)
