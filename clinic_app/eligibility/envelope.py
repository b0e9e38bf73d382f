"""The ``XmlMsg`` envelope: message kinds, request and response headers.

Every message is ``XmlMsg/MessageHeader`` + ``XmlMsg/MessageBody``.

Request header (DESIGN.md §4)::

    <MessageHeader>
      <QualificationConfirmationDate>YYYYMMDD</QualificationConfirmationDate>
      <MedicalInstitutionCode>10 digits</MedicalInstitutionCode>
      <ArbitraryFileIdentifier>[0-9A-Za-z_-]{1,64}</ArbitraryFileIdentifier>
      <FileTypeIdentifier>OQSsiquc01req</FileTypeIdentifier>   (Madoguchi addition)
    </MessageHeader>

Response header: the request's three fields echoed, plus ``ProcessExecutionTime``
(YYYYMMDDhhmmss), ``ReferenceClassification`` (1 card, 2 numbers),
``SegmentOfResult`` (1 done, 2 in progress, 9 failed), ``ErrorCode``,
``ErrorMessage`` (with 9) and ``CharacterCodeIdentifier`` (0 UTF-8, 1 Shift_JIS).

``FileTypeIdentifier`` is ours, not the terminal's: it carries the file-name
prefix (``OQSsiquc01req``, ``YZKsiquc01res``…) so that a message read without
its file name (the HTTPS path) still says what it is. Readers treat it as
optional; when a file name or URL gives the kind, that wins if it is absent.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from lxml import etree

from clinic_app.core.eligibility import (
    CharacterCode,
    ReferenceClassification,
    ResponseHeader,
    SegmentOfResult,
)
from clinic_app.eligibility.errors import MessageError, WrongMessageKind
from clinic_app.eligibility.xml import (
    Node,
    add,
    add_code,
    add_extra,
    container,
    format_date,
    format_datetime,
    parse_coded,
    parse_date,
)

_FILE_IDENTIFIER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_INSTITUTION_CODE = re.compile(r"^[0-9]{10}$")
_ERROR_CODE = re.compile(r"^[0-9A-Za-z_-]{1,20}$")


class RequestKind(Enum):
    """The exchanges of the terminal interface, by file-name stem."""

    SINGLE = "OQSsiquc01"  # one eligibility query (by numbers, or by card: our extension)
    BULK_REQUEST = "OQSmuquc01"  # bulk query, step 1: answered with a ReceptionNumber
    BULK_POLL = "OQSmuquc02"  # bulk query, step 2: fetch the results by ReceptionNumber
    MEDICATION = "YZKsiquc01"  # medication history (薬剤情報)
    CHECKUP = "TKKsiquc01"  # specific health checkups (特定健診情報)
    REGISTRATION = "OQSsiimm01"  # register the clinic's reference number

    @property
    def request_prefix(self) -> str:
        return f"{self.value}req"

    @property
    def reply_prefix(self) -> str:
        return f"{self.value}res"

    @classmethod
    def from_prefix(cls, prefix: str) -> tuple[RequestKind, bool]:
        """``"YZKsiquc01res"`` → (MEDICATION, is_reply); MessageError when unknown."""
        for kind in cls:
            if prefix == kind.request_prefix:
                return kind, False
            if prefix == kind.reply_prefix:
                return kind, True
        raise MessageError("unknown message file type", code="message_wrong_kind")


class ReplyStatus:
    """``in_progress`` / ``failed`` for any reply type with a ``header``."""

    __slots__ = ()
    header: ResponseHeader

    @property
    def in_progress(self) -> bool:
        """``SegmentOfResult`` 2: the service is still working, ask again."""
        return self.header.segment_of_result.known is SegmentOfResult.IN_PROGRESS

    @property
    def failed(self) -> bool:
        """``SegmentOfResult`` 9: see the header's ``error_code`` and ``error_message``."""
        return self.header.segment_of_result.known is SegmentOfResult.FAILED


def new_file_identifier() -> str:
    """A fresh ``ArbitraryFileIdentifier``: unique, safe in a file name."""
    return uuid.uuid4().hex


def check_file_identifier(value: str) -> str:
    if not _FILE_IDENTIFIER.match(value):
        raise MessageError("element ArbitraryFileIdentifier is malformed")
    return value


@dataclass(frozen=True, slots=True)
class RequestHeader:
    """What every request carries; the reply echoes the file identifier."""

    medical_institution_code: str
    arbitrary_file_identifier: str
    confirmation_date: date

    def __post_init__(self) -> None:
        if not _INSTITUTION_CODE.match(self.medical_institution_code):
            raise MessageError("element MedicalInstitutionCode must be 10 digits")
        check_file_identifier(self.arbitrary_file_identifier)


def start_message() -> tuple[etree._Element, etree._Element, etree._Element]:
    """A new ``XmlMsg`` with empty header and body; returns (root, header, body)."""
    root = etree.Element("XmlMsg")
    return root, container(root, "MessageHeader"), container(root, "MessageBody")


def write_request_header(parent: etree._Element, header: RequestHeader, kind: RequestKind) -> None:
    add(parent, "QualificationConfirmationDate", format_date(header.confirmation_date))
    add(parent, "MedicalInstitutionCode", header.medical_institution_code)
    add(parent, "ArbitraryFileIdentifier", header.arbitrary_file_identifier)
    add(parent, "FileTypeIdentifier", kind.request_prefix)


def read_request_header(node: Node) -> RequestHeader:
    confirmation = parse_date(
        node.text("QualificationConfirmationDate"), "QualificationConfirmationDate"
    )
    if confirmation is None:
        raise MessageError("element QualificationConfirmationDate is missing from MessageHeader")
    return RequestHeader(
        medical_institution_code=node.required_text("MedicalInstitutionCode"),
        arbitrary_file_identifier=check_file_identifier(
            node.required_text("ArbitraryFileIdentifier")
        ),
        confirmation_date=confirmation,
    )


def write_response_header(
    parent: etree._Element, header: ResponseHeader, kind: RequestKind
) -> None:
    add(parent, "ProcessExecutionTime", format_datetime(header.process_execution_time))
    add(
        parent, "QualificationConfirmationDate", format_date(header.qualification_confirmation_date)
    )
    add(parent, "MedicalInstitutionCode", header.medical_institution_code or None)
    if header.arbitrary_file_identifier:
        check_file_identifier(header.arbitrary_file_identifier)
        add(parent, "ArbitraryFileIdentifier", header.arbitrary_file_identifier)
    add_code(parent, "ReferenceClassification", header.reference_classification)
    add_code(parent, "SegmentOfResult", header.segment_of_result)
    if header.error_code is not None and not _ERROR_CODE.match(header.error_code):
        raise MessageError("element ErrorCode would be malformed")
    add(parent, "ErrorCode", header.error_code)
    add(parent, "ErrorMessage", header.error_message)
    add_code(parent, "CharacterCodeIdentifier", header.character_code)
    add(parent, "FileTypeIdentifier", kind.reply_prefix)
    add_extra(parent, header.extra)


def read_response_header(node: Node) -> ResponseHeader:
    file_identifier = node.text("ArbitraryFileIdentifier")
    if file_identifier is not None:
        check_file_identifier(file_identifier)
    segment = parse_coded(SegmentOfResult, node.text("SegmentOfResult"), "SegmentOfResult")
    if segment is None:
        raise MessageError("element SegmentOfResult is missing from MessageHeader")
    error_code = node.text("ErrorCode")
    if error_code is not None and not _ERROR_CODE.match(error_code):
        raise MessageError("element ErrorCode is malformed")
    node.elements("FileTypeIdentifier")
    return ResponseHeader(
        arbitrary_file_identifier=file_identifier or "",
        medical_institution_code=node.text("MedicalInstitutionCode") or "",
        qualification_confirmation_date=node.date("QualificationConfirmationDate"),
        process_execution_time=node.datetime("ProcessExecutionTime"),
        reference_classification=node.coded(ReferenceClassification, "ReferenceClassification"),
        segment_of_result=segment,
        character_code=node.coded(CharacterCode, "CharacterCodeIdentifier"),
        error_code=error_code,
        error_message=node.text("ErrorMessage"),
        extra=node.extra(),
    )


def declared_kind(header: Node) -> tuple[RequestKind, bool] | None:
    """The (kind, is_reply) a message's ``FileTypeIdentifier`` declares, if any."""
    value = header.text("FileTypeIdentifier")
    if value is None:
        return None
    return RequestKind.from_prefix(value)


def expect_kind(header: Node, allowed: tuple[RequestKind, ...], *, reply: bool) -> None:
    """Refuse a message that declares another kind than the parser reads."""
    declared = declared_kind(header)
    if declared is None:
        return
    kind, is_reply = declared
    if kind not in allowed or is_reply != reply:
        raise WrongMessageKind(
            f"expected {'a reply' if reply else 'a request'} of kind "
            f"{'/'.join(k.value for k in allowed)}, got {kind.value} "
            f"{'reply' if is_reply else 'request'}"
        )


def envelope(root: etree._Element) -> tuple[Node, Node]:
    """(header, body) nodes of a parsed ``XmlMsg``; both must be present once."""
    top = Node(root)
    header = top.node("MessageHeader")
    if header is None:
        raise MessageError("element MessageHeader is missing from XmlMsg")
    body = top.node("MessageBody")
    if body is None:
        body = Node(etree.Element("MessageBody"))
    return header, body


def response_header_for(
    request: RequestHeader,
    *,
    processed_at: datetime,
    segment: SegmentOfResult = SegmentOfResult.DONE,
    reference: ReferenceClassification | None = None,
    encoding: CharacterCode = CharacterCode.UTF8,
    error_code: str | None = None,
    error_message: str | None = None,
) -> ResponseHeader:
    """The reply header a server writes for ``request`` (used by the sandbox)."""
    from clinic_app.core.codes import Coded

    return ResponseHeader(
        arbitrary_file_identifier=request.arbitrary_file_identifier,
        medical_institution_code=request.medical_institution_code,
        qualification_confirmation_date=request.confirmation_date,
        process_execution_time=processed_at.replace(microsecond=0, tzinfo=None),
        reference_classification=(
            Coded(reference.value, reference) if reference is not None else None
        ),
        segment_of_result=Coded(segment.value, segment),
        character_code=Coded(encoding.value, encoding),
        error_code=error_code,
        error_message=error_message,
    )
