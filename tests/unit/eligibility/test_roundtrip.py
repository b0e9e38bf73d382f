"""Round trips: parse(build(x)) == x for every message, in both encodings."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.core.codes import Coded
from clinic_app.core.eligibility import CharacterCode, ResponseHeader, SegmentOfResult
from clinic_app.eligibility import messages as m
from clinic_app.eligibility.bulk import BulkReceipt, BulkReply, RegistrationReply
from clinic_app.eligibility.histories import CheckupReply, MedicationReply
from tests.unit.eligibility import samples, strategies

ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
encodings = st.sampled_from([None, CharacterCode.UTF8, CharacterCode.SHIFT_JIS])


def expected_header(header: ResponseHeader, encoding: CharacterCode | None) -> ResponseHeader:
    """An explicit encoding rewrites CharacterCodeIdentifier; None keeps the header's."""
    if encoding is None:
        return header
    return dataclasses.replace(header, character_code=Coded(encoding.value, encoding))


@ROUND_TRIP
@given(strategies.requests)
def test_every_request_round_trips(request: m.Request) -> None:
    if isinstance(request, m.NumbersQuery):
        data = m.build_numbers_query(
            request.header, request.numbers, request.birthdate, limit_consent=request.limit_consent
        )
    elif isinstance(request, m.CardQuery):
        data = m.build_card_query(
            request.header, request.proof, request.consents, limit_consent=request.limit_consent
        )
    elif isinstance(request, m.CardVisualCheckQuery):
        data = m.build_card_visual_check_query(
            request.header,
            request.certificate_der,
            request.consents,
            staff_id=request.staff_id,
            limit_consent=request.limit_consent,
        )
    elif isinstance(request, m.HistoryQuery):
        data = m.build_history_query(
            request.kind, request.header, request.numbers, request.birthdate
        )
    elif isinstance(request, m.BulkRequest):
        data = m.build_bulk_request(request.header, request.entries)
    elif isinstance(request, m.BulkPoll):
        data = m.build_bulk_poll(request.header, request.reception_number)
    else:
        data = m.build_reference_registration(
            request.header, request.numbers, request.birthdate, request.reference_number
        )
    assert m.parse_request(data) == request
    # With the kind from the URL or file name as a hint, too.
    assert m.parse_request(data, kind=m.request_kind(request)) == request


@ROUND_TRIP
@given(strategies.eligibility_results(), encodings)
def test_eligibility_reply_round_trips(
    result: m.EligibilityResult, encoding: CharacterCode | None
) -> None:
    data = m.build_eligibility_reply(result, encoding=encoding)
    parsed = m.parse_eligibility_reply(data)
    assert parsed == dataclasses.replace(result, header=expected_header(result.header, encoding))


@ROUND_TRIP
@given(strategies.medication_replies(), encodings)
def test_medication_reply_round_trips(
    reply: MedicationReply, encoding: CharacterCode | None
) -> None:
    parsed = m.parse_medication_reply(m.build_medication_reply(reply, encoding=encoding))
    assert parsed == dataclasses.replace(reply, header=expected_header(reply.header, encoding))


@ROUND_TRIP
@given(strategies.checkup_replies(), encodings)
def test_checkup_reply_round_trips(reply: CheckupReply, encoding: CharacterCode | None) -> None:
    parsed = m.parse_checkup_reply(m.build_checkup_reply(reply, encoding=encoding))
    assert parsed == dataclasses.replace(reply, header=expected_header(reply.header, encoding))


@ROUND_TRIP
@given(strategies.bulk_receipts, encodings)
def test_bulk_receipt_round_trips(receipt: BulkReceipt, encoding: CharacterCode | None) -> None:
    parsed = m.parse_bulk_receipt(m.build_bulk_receipt(receipt, encoding=encoding))
    assert parsed == dataclasses.replace(receipt, header=expected_header(receipt.header, encoding))


@ROUND_TRIP
@given(strategies.bulk_replies(), encodings)
def test_bulk_reply_round_trips(reply: BulkReply, encoding: CharacterCode | None) -> None:
    parsed = m.parse_bulk_reply(m.build_bulk_reply(reply, encoding=encoding))
    header = expected_header(reply.header, encoding)
    units = tuple(
        dataclasses.replace(unit, result=dataclasses.replace(unit.result, header=header))
        for unit in reply.units
    )
    assert parsed == dataclasses.replace(reply, header=header, units=units)


@ROUND_TRIP
@given(strategies.registration_replies, encodings)
def test_registration_reply_round_trips(
    reply: RegistrationReply, encoding: CharacterCode | None
) -> None:
    parsed = m.parse_registration_reply(m.build_registration_reply(reply, encoding=encoding))
    assert parsed == dataclasses.replace(reply, header=expected_header(reply.header, encoding))


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(list(m.RequestKind)),
    strategies.request_headers,
    st.sampled_from([CharacterCode.UTF8, CharacterCode.SHIFT_JIS]),
)
def test_status_replies_parse_with_every_parser(
    kind: m.RequestKind, header: m.RequestHeader, encoding: CharacterCode
) -> None:
    parse = {
        m.RequestKind.SINGLE: m.parse_eligibility_reply,
        m.RequestKind.BULK_REQUEST: m.parse_bulk_receipt,
        m.RequestKind.BULK_POLL: m.parse_bulk_reply,
        m.RequestKind.MEDICATION: m.parse_medication_reply,
        m.RequestKind.CHECKUP: m.parse_checkup_reply,
        m.RequestKind.REGISTRATION: m.parse_registration_reply,
    }[kind]
    waiting = parse(
        m.build_in_progress_reply(kind, header, processed_at=samples.NOW, encoding=encoding)
    )
    assert waiting.header.segment_of_result.known is SegmentOfResult.IN_PROGRESS
    assert waiting.in_progress and not waiting.failed
    assert waiting.header.arbitrary_file_identifier == header.arbitrary_file_identifier
    assert waiting.header.character_code == Coded(encoding.value, encoding)
    failed = parse(
        m.build_failure_reply(
            header, "EQ9001", "照会に失敗しました", kind=kind, processed_at=samples.NOW
        )
    )
    assert failed.header.segment_of_result.known is SegmentOfResult.FAILED
    assert failed.failed and not failed.in_progress
    assert (failed.header.error_code, failed.header.error_message) == (
        "EQ9001",
        "照会に失敗しました",
    )
    assert failed.header.process_execution_time == samples.NOW
    assert failed.header.medical_institution_code == header.medical_institution_code
