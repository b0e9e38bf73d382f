"""Request messages: built by the clinic, read back by the sandbox (``parse_request``).

Body shapes (header: see ``envelope``)::

    OQSsiquc01req, by numbers     <QualificationConfirmSearchInfo>
                                    <InsurerNumber>  123453</InsurerNumber>  (8 chars; 国保 padded)
                                    <InsuredCardSymbol/> <InsuredIdentificationNumber/>
                                    <InsuredBranchNumber>01</InsuredBranchNumber>  (optional)
                                    <Birthdate>YYYYMMDD</Birthdate>
                                    <LimitApplicationCertificateRelatedConsFlg>1|0</…>
                                  </QualificationConfirmSearchInfo>
    OQSsiquc01req, by card        <CardAuthenticationExtension>   (MADOGUCHI EXTENSION, see below)
    OQSsiquc01req, card + 目視確認 <CardVisualCheckExtension>      (MADOGUCHI EXTENSION, see below)
    YZKsiquc01req / TKKsiquc01req <QualificationConfirmSearchInfo> (no consent flag)
    OQSmuquc01req                 <BulkConfirmRequestList>
                                    <BulkConfirmRequestUnit>  (repeats)
                                      <SequenceNumber>1</SequenceNumber>
                                      <QualificationConfirmSearchInfo>…</…>
    OQSmuquc02req                 <ReceptionNumber>…</ReceptionNumber>
    OQSsiimm01req                 <QualificationConfirmSearchInfo>…</…> <ReferenceNumber>…</…>

The card query is **our extension, not part of the terminal interface**: the
direct HTTPS path for general-purpose readers. Its body is::

    <CardAuthenticationExtension>
      <ExtensionVersion>1</ExtensionVersion>
      <AuthenticationCertificate>base64 DER of the card's JPKI auth certificate</…>
      <Challenge>base64 of the server's challenge</Challenge>
      <ChallengeSignature>base64 RSA PKCS#1 v1.5 / SHA-256 signature</ChallengeSignature>
      <SignatureAlgorithm>RSASSA-PKCS1-v1_5-SHA256</SignatureAlgorithm>
      <PharmacistsInfoConsFlg>1|2</…>  (and the other consent items given)
      <LimitApplicationCertificateRelatedConsFlg>1|0</…>
    </CardAuthenticationExtension>

The visual-check form (目視確認) is the same extension family for a card whose
holder did not enter the PIN (forgotten, or the card is locked): staff compared
the card's photo with the person. The card cannot sign without the PIN, so only
the authentication certificate (readable without PIN) is sent; the service checks
its chain, validity and serial, not possession, and answers normally::

    <CardVisualCheckExtension>
      <ExtensionVersion>1</ExtensionVersion>
      <AuthenticationCertificate>base64 DER of the card's JPKI auth certificate</…>
      <StaffConfirmedPhoto>1</StaffConfirmedPhoto>   (always 1: staff confirmed the photo)
      <ConfirmingStaffId>staff id (an id, never a name)</ConfirmingStaffId>
      <PharmacistsInfoConsFlg>1|2</…>  (and the other consent items given)
      <LimitApplicationCertificateRelatedConsFlg>1|0</…>
    </CardVisualCheckExtension>

A reply to it carries ``<CardVerificationMethod>VisualCheck</CardVerificationMethod>``
in its ``MessageHeader`` (kept in ``ResponseHeader.extra``; see
``mark_visual_check`` / ``is_visual_check_reply``), so the answer says how the
card was accepted.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import ResponseHeader
from clinic_app.core.errors import InvalidInput
from clinic_app.core.insurance import InsuranceNumbers, pad_insurer_number, validate_insurer_number
from clinic_app.eligibility.envelope import (
    RequestHeader,
    RequestKind,
    declared_kind,
    envelope,
    read_request_header,
    start_message,
    write_request_header,
)
from clinic_app.eligibility.errors import MessageError, WrongMessageKind
from clinic_app.eligibility.xml import (
    DEFAULT_LIMITS,
    Node,
    XmlLimits,
    add,
    container,
    format_date,
    parse_document,
    serialize,
)

CARD_EXTENSION = "CardAuthenticationExtension"
CARD_EXTENSION_VERSION = "1"
SIGNATURE_ALGORITHM = "RSASSA-PKCS1-v1_5-SHA256"
CARD_VISUAL_CHECK_EXTENSION = "CardVisualCheckExtension"
CARD_VISUAL_CHECK_VERSION = "1"
#: Reply-header element (our extension) naming how a card query was accepted.
CARD_VERIFICATION_METHOD = "CardVerificationMethod"
VISUAL_CHECK_METHOD = "VisualCheck"
_STAFF_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.:-]{0,63}$")
_MAX_PROOF_BYTES = 16 * 1024
_BRANCH = re.compile(r"^[0-9]{2}$")
_RECEPTION_NUMBER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_SEQUENCE = re.compile(r"^[0-9]{1,6}$")
_HISTORY_KINDS = (RequestKind.MEDICATION, RequestKind.CHECKUP)


@dataclass(frozen=True, slots=True)
class CardProof:
    """What the card proves: its auth certificate and its signature over the challenge."""

    certificate_der: bytes
    signature: bytes
    challenge: bytes


@dataclass(frozen=True, slots=True)
class BulkQueryEntry:
    """One person in a bulk pre-check (the numbers on file and the birth date)."""

    numbers: InsuranceNumbers
    birthdate: date


@dataclass(frozen=True, slots=True)
class NumbersQuery:
    header: RequestHeader
    numbers: InsuranceNumbers
    birthdate: date
    limit_consent: bool = False


@dataclass(frozen=True, slots=True)
class CardQuery:
    """Our extension: eligibility by a card's signed challenge (see module docstring)."""

    header: RequestHeader
    proof: CardProof
    consents: Mapping[ConsentItem, bool]
    limit_consent: bool = False


@dataclass(frozen=True, slots=True)
class CardVisualCheckQuery:
    """Our extension: eligibility by a card's certificate after a staff visual check.

    No PIN and no signature: staff confirmed the card photo (``StaffConfirmedPhoto``
    is always 1 on the wire) and ``staff_id`` says who (an id, never a name).
    """

    header: RequestHeader
    certificate_der: bytes
    staff_id: str
    consents: Mapping[ConsentItem, bool]
    limit_consent: bool = False


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    kind: RequestKind  # MEDICATION or CHECKUP
    header: RequestHeader
    numbers: InsuranceNumbers
    birthdate: date


@dataclass(frozen=True, slots=True)
class BulkRequest:
    header: RequestHeader
    entries: tuple[BulkQueryEntry, ...]


@dataclass(frozen=True, slots=True)
class BulkPoll:
    header: RequestHeader
    reception_number: str


@dataclass(frozen=True, slots=True)
class ReferenceRegistration:
    header: RequestHeader
    numbers: InsuranceNumbers
    birthdate: date
    reference_number: str


Request = (
    NumbersQuery
    | CardQuery
    | CardVisualCheckQuery
    | HistoryQuery
    | BulkRequest
    | BulkPoll
    | ReferenceRegistration
)


def request_kind(request: Request) -> RequestKind:
    """The exchange a parsed request belongs to."""
    if isinstance(request, NumbersQuery | CardQuery | CardVisualCheckQuery):
        return RequestKind.SINGLE
    if isinstance(request, HistoryQuery):
        return request.kind
    if isinstance(request, BulkRequest):
        return RequestKind.BULK_REQUEST
    if isinstance(request, BulkPoll):
        return RequestKind.BULK_POLL
    return RequestKind.REGISTRATION


# ---------------------------------------------------------------- building


def _search_info(
    parent: etree._Element, numbers: InsuranceNumbers, birthdate: date
) -> etree._Element:
    info = container(parent, "QualificationConfirmSearchInfo")
    add(info, "InsurerNumber", pad_insurer_number(numbers.insurer_number))
    add(info, "InsuredCardSymbol", numbers.symbol or None)
    if not numbers.number:
        raise InvalidInput("insured number is required", code="insured_number_missing")
    add(info, "InsuredIdentificationNumber", numbers.number)
    if numbers.branch is not None:
        if not _BRANCH.match(numbers.branch):
            raise InvalidInput("branch number must be 2 digits", code="branch_format")
        add(info, "InsuredBranchNumber", numbers.branch)
    add(info, "Birthdate", format_date(birthdate))
    return info


def build_numbers_query(
    header: RequestHeader,
    numbers: InsuranceNumbers,
    birthdate: date,
    *,
    limit_consent: bool = False,
) -> bytes:
    """``OQSsiquc01req`` by the numbers on a certificate; the check digit is validated first."""
    root, head, body = start_message()
    write_request_header(head, header, RequestKind.SINGLE)
    info = _search_info(body, numbers, birthdate)
    add(info, "LimitApplicationCertificateRelatedConsFlg", "1" if limit_consent else "0")
    return serialize(root)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def build_card_query(
    header: RequestHeader,
    proof: CardProof,
    consents: Mapping[ConsentItem, bool],
    *,
    limit_consent: bool = False,
) -> bytes:
    """``OQSsiquc01req`` by card — our ``CardAuthenticationExtension`` (module docstring)."""
    if not proof.certificate_der or not proof.signature or not proof.challenge:
        raise MessageError("a card proof needs a certificate, a challenge and a signature")
    root, head, body = start_message()
    write_request_header(head, header, RequestKind.SINGLE)
    extension = container(body, CARD_EXTENSION)
    add(extension, "ExtensionVersion", CARD_EXTENSION_VERSION)
    add(extension, "AuthenticationCertificate", _b64(proof.certificate_der))
    add(extension, "Challenge", _b64(proof.challenge))
    add(extension, "ChallengeSignature", _b64(proof.signature))
    add(extension, "SignatureAlgorithm", SIGNATURE_ALGORITHM)
    _write_consents(extension, consents, limit_consent)
    return serialize(root)


def _write_consents(
    extension: etree._Element, consents: Mapping[ConsentItem, bool], limit_consent: bool
) -> None:
    for item in ConsentItem:
        if item in consents:
            add(extension, f"{item.value}ConsFlg", "1" if consents[item] else "2")
    add(extension, "LimitApplicationCertificateRelatedConsFlg", "1" if limit_consent else "0")


def check_staff_id(staff_id: str) -> str:
    """A staff id as the visual-check extension carries it: 1-64 ASCII id characters."""
    if not _STAFF_ID.match(staff_id):
        raise MessageError("a visual check needs the confirming staff member's id (not a name)")
    return staff_id


def build_card_visual_check_query(
    header: RequestHeader,
    certificate_der: bytes,
    consents: Mapping[ConsentItem, bool],
    *,
    staff_id: str,
    limit_consent: bool = False,
) -> bytes:
    """``OQSsiquc01req`` by card after a staff visual check — our ``CardVisualCheckExtension``.

    The certificate only (no PIN, no signature); ``staff_id`` confirmed the photo.
    """
    if not certificate_der:
        raise MessageError("a visual check needs the card's authentication certificate")
    if len(certificate_der) > _MAX_PROOF_BYTES:
        raise MessageError("the authentication certificate is too long")
    check_staff_id(staff_id)
    root, head, body = start_message()
    write_request_header(head, header, RequestKind.SINGLE)
    extension = container(body, CARD_VISUAL_CHECK_EXTENSION)
    add(extension, "ExtensionVersion", CARD_VISUAL_CHECK_VERSION)
    add(extension, "AuthenticationCertificate", _b64(certificate_der))
    add(extension, "StaffConfirmedPhoto", "1")
    add(extension, "ConfirmingStaffId", staff_id)
    _write_consents(extension, consents, limit_consent)
    return serialize(root)


def mark_visual_check(header: ResponseHeader) -> ResponseHeader:
    """The reply header of a visual-check answer, marked as such (server side)."""
    from dataclasses import replace

    kept = tuple(pair for pair in header.extra if pair[0] != CARD_VERIFICATION_METHOD)
    return replace(header, extra=(*kept, (CARD_VERIFICATION_METHOD, VISUAL_CHECK_METHOD)))


def is_visual_check_reply(header: ResponseHeader) -> bool:
    """True when the service says it accepted the card by a staff visual check."""
    return (CARD_VERIFICATION_METHOD, VISUAL_CHECK_METHOD) in header.extra


def build_history_query(
    kind: RequestKind, header: RequestHeader, numbers: InsuranceNumbers, birthdate: date
) -> bytes:
    """``YZKsiquc01req`` (medication) or ``TKKsiquc01req`` (checkups)."""
    if kind not in _HISTORY_KINDS:
        raise ValueError(f"not a history request kind: {kind}")
    root, head, body = start_message()
    write_request_header(head, header, kind)
    _search_info(body, numbers, birthdate)
    return serialize(root)


def build_bulk_request(header: RequestHeader, entries: Iterable[BulkQueryEntry]) -> bytes:
    """``OQSmuquc01req``: many people at once; the reply is a ``ReceptionNumber``."""
    root, head, body = start_message()
    write_request_header(head, header, RequestKind.BULK_REQUEST)
    units = container(body, "BulkConfirmRequestList")
    count = 0
    for sequence, entry in enumerate(entries, start=1):
        unit = container(units, "BulkConfirmRequestUnit")
        add(unit, "SequenceNumber", str(sequence))
        _search_info(unit, entry.numbers, entry.birthdate)
        count = sequence
    if count == 0:
        raise MessageError("a bulk request needs at least one person")
    return serialize(root)


def build_bulk_poll(header: RequestHeader, reception_number: str) -> bytes:
    """``OQSmuquc02req``: ask for the results of a bulk request by its reception number."""
    if not _RECEPTION_NUMBER.match(reception_number):
        raise MessageError("element ReceptionNumber is malformed")
    root, head, body = start_message()
    write_request_header(head, header, RequestKind.BULK_POLL)
    add(body, "ReceptionNumber", reception_number)
    return serialize(root)


def build_reference_registration(
    header: RequestHeader, numbers: InsuranceNumbers, birthdate: date, reference_number: str
) -> bytes:
    """``OQSsiimm01req``: register the clinic's own patient ID with the qualification."""
    if not reference_number.strip() or reference_number != reference_number.strip():
        raise MessageError("element ReferenceNumber must be non-blank without surrounding spaces")
    root, head, body = start_message()
    write_request_header(head, header, RequestKind.REGISTRATION)
    _search_info(body, numbers, birthdate)
    add(body, "ReferenceNumber", reference_number)
    return serialize(root)


# ---------------------------------------------------------------- reading (server side)


def read_search_info(node: Node) -> tuple[InsuranceNumbers, date, Node]:
    info = node.node("QualificationConfirmSearchInfo")
    if info is None:
        raise MessageError(f"element QualificationConfirmSearchInfo is missing from {node.name}")
    raw_insurer = info.required_text("InsurerNumber")
    try:
        insurer = validate_insurer_number(raw_insurer)
    except InvalidInput:
        raise MessageError(
            "element InsurerNumber is malformed or its check digit is wrong"
        ) from None
    branch = info.text("InsuredBranchNumber")
    if branch is not None and not _BRANCH.match(branch):
        raise MessageError("element InsuredBranchNumber is malformed")
    birthdate = info.date("Birthdate")
    if birthdate is None:
        raise MessageError("element Birthdate is missing from QualificationConfirmSearchInfo")
    numbers = InsuranceNumbers(
        insurer_number=insurer,
        symbol=info.text("InsuredCardSymbol") or "",
        number=info.required_text("InsuredIdentificationNumber"),
        branch=branch,
    )
    return numbers, birthdate, info


def _consent_request_flag(node: Node, name: str) -> bool:
    value = node.text(name)
    if value in (None, "0", "2"):
        return False
    if value == "1":
        return True
    raise MessageError(f"element {name} holds a malformed flag")


def _read_b64(node: Node, name: str) -> bytes:
    text = node.required_text(name)
    if len(text) > _MAX_PROOF_BYTES * 2:
        raise MessageError(f"element {name} is too long")
    try:
        value = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise MessageError(f"element {name} is not valid base64") from None
    if not value:
        raise MessageError(f"element {name} is empty")
    return value


def _read_card_query(header: RequestHeader, body: Node) -> CardQuery:
    extension = body.node(CARD_EXTENSION)
    assert extension is not None
    version = extension.text("ExtensionVersion")
    if version != CARD_EXTENSION_VERSION:
        raise MessageError("element ExtensionVersion is missing or not supported")
    algorithm = extension.text("SignatureAlgorithm")
    if algorithm is not None and algorithm != SIGNATURE_ALGORITHM:
        raise MessageError("element SignatureAlgorithm names an unsupported algorithm")
    proof = CardProof(
        certificate_der=_read_b64(extension, "AuthenticationCertificate"),
        signature=_read_b64(extension, "ChallengeSignature"),
        challenge=_read_b64(extension, "Challenge"),
    )
    consents, limit = _read_consents(extension)
    return CardQuery(header, proof, consents, limit)


def _read_consents(extension: Node) -> tuple[dict[ConsentItem, bool], bool]:
    consents: dict[ConsentItem, bool] = {}
    for item in ConsentItem:
        name = f"{item.value}ConsFlg"
        if extension.has(name):
            value = extension.text(name)
            if value not in ("1", "2"):
                raise MessageError(f"element {name} holds a malformed flag")
            consents[item] = value == "1"
    limit = _consent_request_flag(extension, "LimitApplicationCertificateRelatedConsFlg")
    return consents, limit


def _read_card_visual_check_query(header: RequestHeader, body: Node) -> CardVisualCheckQuery:
    extension = body.node(CARD_VISUAL_CHECK_EXTENSION)
    assert extension is not None
    if extension.text("ExtensionVersion") != CARD_VISUAL_CHECK_VERSION:
        raise MessageError("element ExtensionVersion is missing or not supported")
    if extension.text("StaffConfirmedPhoto") != "1":
        raise MessageError("element StaffConfirmedPhoto must say staff confirmed the photo (1)")
    staff_id = extension.required_text("ConfirmingStaffId")
    if not _STAFF_ID.match(staff_id):
        raise MessageError("element ConfirmingStaffId is malformed")
    certificate = _read_b64(extension, "AuthenticationCertificate")
    if len(certificate) > _MAX_PROOF_BYTES:
        raise MessageError("element AuthenticationCertificate is too long")
    consents, limit = _read_consents(extension)
    return CardVisualCheckQuery(header, certificate, staff_id, consents, limit)


def _detect_kind(body: Node) -> RequestKind:
    if (
        body.has(CARD_EXTENSION)
        or body.has(CARD_VISUAL_CHECK_EXTENSION)
        or body.has("QualificationConfirmSearchInfo")
    ):
        if body.has("ReferenceNumber"):
            return RequestKind.REGISTRATION
        return RequestKind.SINGLE
    if body.has("BulkConfirmRequestList"):
        return RequestKind.BULK_REQUEST
    if body.has("ReceptionNumber"):
        return RequestKind.BULK_POLL
    raise MessageError("the request body is not one this service answers")


def parse_request(
    data: bytes, *, kind: RequestKind | None = None, limits: XmlLimits = DEFAULT_LIMITS
) -> Request:
    """Read any request (server side). ``kind`` is the hint from the URL or file name.

    Without a ``FileTypeIdentifier`` and without a hint, history queries cannot be
    told from a single query by numbers and are read as the latter.
    """
    document = parse_document(data, limits)
    head, body = envelope(document.root)
    declared = declared_kind(head)
    if declared is not None:
        declared_type, is_reply = declared
        if is_reply:
            raise WrongMessageKind("expected a request, got a reply")
        if kind is not None and kind is not declared_type:
            raise WrongMessageKind(
                f"the request declares {declared_type.value} but was sent as {kind.value}"
            )
        kind = declared_type
    header = read_request_header(head)
    if kind is None:
        kind = _detect_kind(body)
    if kind is RequestKind.SINGLE:
        if body.has(CARD_EXTENSION) and body.has(CARD_VISUAL_CHECK_EXTENSION):
            raise MessageError("a request carries both a signed and a visual-check card proof")
        if body.has(CARD_EXTENSION):
            return _read_card_query(header, body)
        if body.has(CARD_VISUAL_CHECK_EXTENSION):
            return _read_card_visual_check_query(header, body)
        numbers, birthdate, info = read_search_info(body)
        limit = _consent_request_flag(info, "LimitApplicationCertificateRelatedConsFlg")
        return NumbersQuery(header, numbers, birthdate, limit)
    if kind in _HISTORY_KINDS:
        numbers, birthdate, _ = read_search_info(body)
        return HistoryQuery(kind, header, numbers, birthdate)
    if kind is RequestKind.BULK_REQUEST:
        return BulkRequest(header, _read_bulk_entries(body))
    if kind is RequestKind.BULK_POLL:
        reception = body.required_text("ReceptionNumber")
        if not _RECEPTION_NUMBER.match(reception):
            raise MessageError("element ReceptionNumber is malformed")
        return BulkPoll(header, reception)
    numbers, birthdate, _ = read_search_info(body)
    reference = body.required_text("ReferenceNumber")
    return ReferenceRegistration(header, numbers, birthdate, reference)


def _read_bulk_entries(body: Node) -> tuple[BulkQueryEntry, ...]:
    units = body.node("BulkConfirmRequestList")
    if units is None:
        raise MessageError("element BulkConfirmRequestList is missing from MessageBody")
    numbered: list[tuple[int, BulkQueryEntry]] = []
    for position, unit in enumerate(units.nodes("BulkConfirmRequestUnit"), start=1):
        sequence_text = unit.text("SequenceNumber")
        if sequence_text is not None and not _SEQUENCE.match(sequence_text):
            raise MessageError("element SequenceNumber is malformed")
        sequence = int(sequence_text) if sequence_text is not None else position
        numbers, birthdate, _ = read_search_info(unit)
        numbered.append((sequence, BulkQueryEntry(numbers, birthdate)))
    if not numbered:
        raise MessageError("element BulkConfirmRequestList holds no BulkConfirmRequestUnit")
    numbered.sort(key=lambda pair: pair[0])
    return tuple(entry for _, entry in numbered)


def consents_given(consents: Mapping[ConsentItem, bool]) -> Sequence[ConsentItem]:
    """The items the patient agreed to, in the service's order."""
    return [item for item in ConsentItem if consents.get(item)]
