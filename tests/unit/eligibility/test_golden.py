"""Golden files: the exact bytes we write, and what they read back as.

Every validity code in both encodings, in-progress and failed replies, the
history, bulk and registration replies, and every request. Regenerate after an
intended format change with
``MADOGUCHI_REGEN_GOLDEN=1 pytest tests/unit/eligibility/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clinic_app.core.codes import Coded
from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import (
    CharacterCode,
    ProcessingResultStatus,
    QualificationValidity,
    SegmentOfResult,
)
from clinic_app.eligibility import messages as m
from tests.unit.eligibility import samples

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("MADOGUCHI_REGEN_GOLDEN") == "1"
ENCODINGS = {"utf8": CharacterCode.UTF8, "sjis": CharacterCode.SHIFT_JIS}


def _cases() -> dict[str, tuple[bytes, Callable[[bytes], Any], Any]]:
    """file name → (bytes we build, parser, value the file must parse to)."""
    cases: dict[str, tuple[bytes, Callable[[bytes], Any], Any]] = {}
    for label, encoding in ENCODINGS.items():
        for validity in QualificationValidity:
            result = samples.eligibility_result(validity.value, encoding=encoding)
            cases[f"eligibility_validity_{validity.value}_{label}.xml"] = (
                m.build_eligibility_reply(result),
                m.parse_eligibility_reply,
                result,
            )
        medication = samples.medication_reply(encoding)
        cases[f"medication_{label}.xml"] = (
            m.build_medication_reply(medication),
            m.parse_medication_reply,
            medication,
        )
        checkup = samples.checkup_reply(encoding)
        cases[f"checkup_{label}.xml"] = (
            m.build_checkup_reply(checkup),
            m.parse_checkup_reply,
            checkup,
        )
    header = samples.request_header()
    waiting = m.build_in_progress_reply(m.RequestKind.SINGLE, header, processed_at=samples.NOW)
    cases["eligibility_in_progress_utf8.xml"] = (
        waiting,
        m.parse_eligibility_reply,
        m.parse_eligibility_reply(waiting),
    )
    failed = m.build_failure_reply(
        header,
        "EQ9999",
        "システムエラーが発生しました",
        processed_at=samples.NOW,
        encoding=m.SHIFT_JIS,
    )
    cases["eligibility_failure_sjis.xml"] = (
        failed,
        m.parse_eligibility_reply,
        m.parse_eligibility_reply(failed),
    )
    receipt = m.BulkReceipt(
        samples.response_header(reference=None),
        "R20261129-0001",
        Coded.of(ProcessingResultStatus, "1"),
    )
    cases["bulk_receipt_utf8.xml"] = (m.build_bulk_receipt(receipt), m.parse_bulk_receipt, receipt)
    bulk_header = samples.response_header(reference=None)
    bulk = m.BulkReply(
        bulk_header,
        (
            m.BulkReplyUnit(
                1,
                m.BulkQueryEntry(samples.numbers(), date(1953, 2, 28)),
                replace(samples.eligibility_result("1"), header=bulk_header),
            ),
            m.BulkReplyUnit(
                2,
                m.BulkQueryEntry(samples.numbers(True), date(1990, 1, 1)),
                replace(samples.eligibility_result("4"), header=bulk_header),
            ),
        ),
        Coded.of(ProcessingResultStatus, "1"),
    )
    cases["bulk_reply_utf8.xml"] = (m.build_bulk_reply(bulk), m.parse_bulk_reply, bulk)
    registration = m.RegistrationReply(
        samples.response_header(reference=None), "P-000123", Coded.of(ProcessingResultStatus, "1")
    )
    cases["registration_reply_utf8.xml"] = (
        m.build_registration_reply(registration),
        m.parse_registration_reply,
        registration,
    )
    numbers, birthdate = samples.numbers(six_digit=True), date(1953, 2, 28)
    requests: dict[str, m.Request] = {
        "request_numbers.xml": m.NumbersQuery(header, numbers, birthdate, True),
        "request_card.xml": m.CardQuery(
            header,
            m.CardProof(b"\x30\x82\x01\x0a fake DER", b"\x01" * 256, b"challenge-0123456789abcdef"),
            {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False},
            False,
        ),
        "request_card_visual_check.xml": m.CardVisualCheckQuery(
            header,
            b"\x30\x82\x01\x0a fake DER",
            "staff-0042",
            {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False},
            True,
        ),
        "request_medication.xml": m.HistoryQuery(
            m.RequestKind.MEDICATION, header, numbers, birthdate
        ),
        "request_checkup.xml": m.HistoryQuery(m.RequestKind.CHECKUP, header, numbers, birthdate),
        "request_bulk.xml": m.BulkRequest(
            header,
            (
                m.BulkQueryEntry(numbers, birthdate),
                m.BulkQueryEntry(samples.numbers(), date(1990, 1, 1)),
            ),
        ),
        "request_bulk_poll.xml": m.BulkPoll(header, "R20261129-0001"),
        "request_registration.xml": m.ReferenceRegistration(header, numbers, birthdate, "P-000123"),
    }
    for name, request in requests.items():
        cases[name] = (_build_request(request), m.parse_request, request)
    return cases


def _build_request(request: m.Request) -> bytes:
    if isinstance(request, m.NumbersQuery):
        return m.build_numbers_query(
            request.header, request.numbers, request.birthdate, limit_consent=request.limit_consent
        )
    if isinstance(request, m.CardQuery):
        return m.build_card_query(
            request.header, request.proof, request.consents, limit_consent=request.limit_consent
        )
    if isinstance(request, m.CardVisualCheckQuery):
        return m.build_card_visual_check_query(
            request.header,
            request.certificate_der,
            request.consents,
            staff_id=request.staff_id,
            limit_consent=request.limit_consent,
        )
    if isinstance(request, m.HistoryQuery):
        return m.build_history_query(
            request.kind, request.header, request.numbers, request.birthdate
        )
    if isinstance(request, m.BulkRequest):
        return m.build_bulk_request(request.header, request.entries)
    if isinstance(request, m.BulkPoll):
        return m.build_bulk_poll(request.header, request.reception_number)
    return m.build_reference_registration(
        request.header, request.numbers, request.birthdate, request.reference_number
    )


CASES = _cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_file(name: str) -> None:
    built, parse, expected = CASES[name]
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(built)
    golden = path.read_bytes()
    assert built == golden, (
        f"{name}: the builder's output changed; regenerate and review if intended"
    )
    assert parse(golden) == expected


def test_every_golden_file_is_checked() -> None:
    on_disk = {path.name for path in GOLDEN.glob("*.xml")}
    assert on_disk == set(CASES) | {path.name for path in GOLDEN.glob("foreign_*.xml")}


def test_golden_encodings_are_what_they_say() -> None:
    for name in CASES:
        data = (GOLDEN / name).read_bytes()
        if name.endswith("_sjis.xml"):
            assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS"?>')
            assert b"<CharacterCodeIdentifier>1</CharacterCodeIdentifier>" in data
        else:
            assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_validity_codes_and_segments_in_golden_files() -> None:
    for code in "12345":
        for label in ENCODINGS:
            result = m.parse_eligibility_reply(
                (GOLDEN / f"eligibility_validity_{code}_{label}.xml").read_bytes()
            )
            assert result.validity is not None and result.validity.known is QualificationValidity(
                code
            )
            assert not result.in_progress and not result.failed
    waiting = m.parse_eligibility_reply((GOLDEN / "eligibility_in_progress_utf8.xml").read_bytes())
    assert (
        waiting.in_progress
        and waiting.header.segment_of_result.known is SegmentOfResult.IN_PROGRESS
    )
    failed = m.parse_eligibility_reply((GOLDEN / "eligibility_failure_sjis.xml").read_bytes())
    assert failed.failed and failed.header.error_code == "EQ9999"
    assert failed.header.error_message == "システムエラーが発生しました"
