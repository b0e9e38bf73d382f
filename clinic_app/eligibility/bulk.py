"""Bulk pre-check (``OQSmuquc01``/``OQSmuquc02``) and reference-number registration replies.

The bulk query is a two-step exchange: the request is answered at once with a
receipt carrying a ``ReceptionNumber``; polling with that number returns an
in-progress reply (``SegmentOfResult`` 2) until the results are ready::

    OQSmuquc01res  <MessageBody>
                     <ProcessingResultStatus/> <ProcessingResultCode/> <ProcessingResultMessage/>
                     <ReceptionNumber>…</ReceptionNumber>
                   </MessageBody>
    OQSmuquc02res  <MessageBody>
                     <ProcessingResultStatus/> …
                     <BulkConfirmResultList>
                       <BulkConfirmUnit>   (repeats, one per person asked)
                         <SequenceNumber>1</SequenceNumber>        (as in the request)
                         <QualificationConfirmSearchInfo>…</…>    (the numbers asked, echoed)
                         the eligibility body fields of ``replies`` (ProcessingResult*,
                         QualificationValidity, PrescriptionIssueSelect, ResultList)
                       </BulkConfirmUnit>
                     </BulkConfirmResultList>
                   </MessageBody>
    OQSsiimm01res  <MessageBody>
                     <ProcessingResultStatus/> <ProcessingResultCode/> <ProcessingResultMessage/>
                     <ReferenceNumber>…</ReferenceNumber>          (as registered)
                   </MessageBody>

Each unit's ``EligibilityResult.header`` is the bulk reply's header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from clinic_app.core.codes import Coded
from clinic_app.core.eligibility import (
    CharacterCode,
    EligibilityResult,
    ProcessingResultStatus,
    ResponseHeader,
)
from clinic_app.core.insurance import pad_insurer_number
from clinic_app.eligibility.envelope import (
    ReplyStatus,
    RequestKind,
)
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.replies import (
    open_reply,
    read_eligibility_body,
    read_processing,
    start_reply,
    write_eligibility_body,
    write_processing,
)
from clinic_app.eligibility.requests import BulkQueryEntry, read_search_info
from clinic_app.eligibility.xml import (
    DEFAULT_LIMITS,
    Node,
    XmlLimits,
    add,
    add_extra,
    container,
    format_date,
    serialize,
)

_RECEPTION_NUMBER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_SEQUENCE = re.compile(r"^[0-9]{1,6}$")


@dataclass(frozen=True, slots=True)
class BulkReceipt(ReplyStatus):
    """``OQSmuquc01res``: the bulk request was taken; poll with ``reception_number``."""

    header: ResponseHeader
    reception_number: str | None
    processing_status: Coded[ProcessingResultStatus] | None = None
    processing_code: str | None = None
    processing_message: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class BulkReplyUnit:
    """One person's result in a bulk reply, with the numbers that were asked."""

    sequence_number: int
    query: BulkQueryEntry | None
    result: EligibilityResult


@dataclass(frozen=True, slots=True)
class BulkReply(ReplyStatus):
    """``OQSmuquc02res``: the results (or, with ``SegmentOfResult`` 2, not yet)."""

    header: ResponseHeader
    units: tuple[BulkReplyUnit, ...]
    processing_status: Coded[ProcessingResultStatus] | None = None
    processing_code: str | None = None
    processing_message: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RegistrationReply(ReplyStatus):
    """``OQSsiimm01res``: whether the clinic's reference number was registered."""

    header: ResponseHeader
    reference_number: str | None
    processing_status: Coded[ProcessingResultStatus] | None = None
    processing_code: str | None = None
    processing_message: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


def _check_reception_number(value: str | None) -> str | None:
    if value is not None and not _RECEPTION_NUMBER.match(value):
        raise MessageError("element ReceptionNumber is malformed")
    return value


# ---------------------------------------------------------------- receipt


def parse_bulk_receipt(data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS) -> BulkReceipt:
    """Read an ``OQSmuquc01res``."""
    header, body = open_reply(data, (RequestKind.BULK_REQUEST,), limits)
    status, code, message = read_processing(body)
    return BulkReceipt(
        header=header,
        reception_number=_check_reception_number(body.text("ReceptionNumber")),
        processing_status=status,
        processing_code=code,
        processing_message=message,
        extra=body.extra(),
    )


def build_bulk_receipt(receipt: BulkReceipt, *, encoding: CharacterCode | None = None) -> bytes:
    _check_reception_number(receipt.reception_number)
    root, body, chosen = start_reply(receipt.header, RequestKind.BULK_REQUEST, encoding)
    write_processing(
        body, receipt.processing_status, receipt.processing_code, receipt.processing_message
    )
    add(body, "ReceptionNumber", receipt.reception_number)
    add_extra(body, receipt.extra)
    return serialize(root, chosen)


# ---------------------------------------------------------------- results


def _read_unit(header: ResponseHeader, unit: Node, position: int) -> BulkReplyUnit:
    sequence_text = unit.text("SequenceNumber")
    if sequence_text is not None and not _SEQUENCE.match(sequence_text):
        raise MessageError("element SequenceNumber is malformed")
    query: BulkQueryEntry | None = None
    if unit.has("QualificationConfirmSearchInfo"):
        numbers, birthdate, _info = read_search_info(unit)
        query = BulkQueryEntry(numbers, birthdate)
    return BulkReplyUnit(
        sequence_number=int(sequence_text) if sequence_text is not None else position,
        query=query,
        result=read_eligibility_body(header, unit),
    )


def parse_bulk_reply(data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS) -> BulkReply:
    """Read an ``OQSmuquc02res``: one ``BulkReplyUnit`` per ``BulkConfirmUnit``, in order."""
    header, body = open_reply(data, (RequestKind.BULK_POLL,), limits)
    status, code, message = read_processing(body)
    units: list[BulkReplyUnit] = []
    for listing in body.nodes("BulkConfirmResultList"):
        for unit in listing.nodes("BulkConfirmUnit"):
            units.append(_read_unit(header, unit, len(units) + 1))
    return BulkReply(
        header=header,
        units=tuple(units),
        processing_status=status,
        processing_code=code,
        processing_message=message,
        extra=body.extra(),
    )


def _write_unit(parent: etree._Element, unit: BulkReplyUnit) -> None:
    node = container(parent, "BulkConfirmUnit")
    add(node, "SequenceNumber", str(unit.sequence_number))
    if unit.query is not None:
        info = container(node, "QualificationConfirmSearchInfo")
        numbers = unit.query.numbers
        add(info, "InsurerNumber", pad_insurer_number(numbers.insurer_number))
        add(info, "InsuredCardSymbol", numbers.symbol or None)
        add(info, "InsuredIdentificationNumber", numbers.number or None)
        add(info, "InsuredBranchNumber", numbers.branch)
        add(info, "Birthdate", format_date(unit.query.birthdate))
    write_eligibility_body(node, unit.result)


def build_bulk_reply(reply: BulkReply, *, encoding: CharacterCode | None = None) -> bytes:
    """Write ``reply`` as an ``OQSmuquc02res`` (unit result headers are not written)."""
    root, body, chosen = start_reply(reply.header, RequestKind.BULK_POLL, encoding)
    write_processing(body, reply.processing_status, reply.processing_code, reply.processing_message)
    if reply.units:
        listing = container(body, "BulkConfirmResultList")
        for unit in reply.units:
            _write_unit(listing, unit)
    add_extra(body, reply.extra)
    return serialize(root, chosen)


# ---------------------------------------------------------------- registration


def parse_registration_reply(
    data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS
) -> RegistrationReply:
    """Read an ``OQSsiimm01res``."""
    header, body = open_reply(data, (RequestKind.REGISTRATION,), limits)
    status, code, message = read_processing(body)
    return RegistrationReply(
        header=header,
        reference_number=body.text("ReferenceNumber"),
        processing_status=status,
        processing_code=code,
        processing_message=message,
        extra=body.extra(),
    )


def build_registration_reply(
    reply: RegistrationReply, *, encoding: CharacterCode | None = None
) -> bytes:
    root, body, chosen = start_reply(reply.header, RequestKind.REGISTRATION, encoding)
    write_processing(body, reply.processing_status, reply.processing_code, reply.processing_message)
    add(body, "ReferenceNumber", reply.reference_number)
    add_extra(body, reply.extra)
    return serialize(root, chosen)
