"""The eligibility messages of DESIGN.md §4 — the one import for everything else.

Pure code, no I/O: builders return the bytes of one ``XmlMsg``; parsers take
bytes and return typed core objects or raise ``MessageError`` (``HostileMessage``
for refused input: DTDs, entities, too large, too deep). The sandbox uses the
server side (``parse_request``, ``build_*_reply``); ``parse(build(x)) == x``.

The card query (``build_card_query``, ``CardQuery``) is Madoguchi's own
``CardAuthenticationExtension`` for the direct HTTPS path, not part of the
terminal interface, and so is its visual-check form (``build_card_visual_check_query``,
``CardVisualCheckQuery``: certificate only, staff confirmed the photo); see
``clinic_app.eligibility.requests``.
The XML shapes are documented in the modules: ``envelope`` (headers),
``requests``, ``replies`` (eligibility), ``histories`` (medication, checkups),
``bulk`` (bulk query, reference-number registration).
"""

from __future__ import annotations

from clinic_app.core.eligibility import CharacterCode, EligibilityResult, ResponseHeader
from clinic_app.eligibility.bulk import (
    BulkReceipt,
    BulkReply,
    BulkReplyUnit,
    RegistrationReply,
    build_bulk_receipt,
    build_bulk_reply,
    build_registration_reply,
    parse_bulk_receipt,
    parse_bulk_reply,
    parse_registration_reply,
)
from clinic_app.eligibility.envelope import (
    RequestHeader,
    RequestKind,
    new_file_identifier,
    response_header_for,
)
from clinic_app.eligibility.errors import HostileMessage, MessageError, WrongMessageKind
from clinic_app.eligibility.histories import (
    CheckupReply,
    HistorySubject,
    MedicationReply,
    build_checkup_reply,
    build_medication_reply,
    parse_checkup_reply,
    parse_medication_reply,
)
from clinic_app.eligibility.replies import (
    build_eligibility_reply,
    build_failure_reply,
    build_in_progress_reply,
    parse_eligibility_reply,
)
from clinic_app.eligibility.requests import (
    CARD_EXTENSION,
    CARD_VISUAL_CHECK_EXTENSION,
    BulkPoll,
    BulkQueryEntry,
    BulkRequest,
    CardProof,
    CardQuery,
    CardVisualCheckQuery,
    HistoryQuery,
    NumbersQuery,
    ReferenceRegistration,
    Request,
    build_bulk_poll,
    build_bulk_request,
    build_card_query,
    build_card_visual_check_query,
    build_history_query,
    build_numbers_query,
    build_reference_registration,
    is_visual_check_reply,
    mark_visual_check,
    parse_request,
    request_kind,
)
from clinic_app.eligibility.xml import DEFAULT_LIMITS, TRAFFIC, XmlLimits

UTF8 = CharacterCode.UTF8
SHIFT_JIS = CharacterCode.SHIFT_JIS

__all__ = [
    "CARD_EXTENSION",
    "CARD_VISUAL_CHECK_EXTENSION",
    "DEFAULT_LIMITS",
    "SHIFT_JIS",
    "TRAFFIC",
    "UTF8",
    "BulkPoll",
    "BulkQueryEntry",
    "BulkReceipt",
    "BulkReply",
    "BulkReplyUnit",
    "BulkRequest",
    "CardProof",
    "CardQuery",
    "CardVisualCheckQuery",
    "CharacterCode",
    "CheckupReply",
    "EligibilityResult",
    "HistoryQuery",
    "HistorySubject",
    "HostileMessage",
    "MedicationReply",
    "MessageError",
    "NumbersQuery",
    "ReferenceRegistration",
    "RegistrationReply",
    "Request",
    "RequestHeader",
    "RequestKind",
    "ResponseHeader",
    "WrongMessageKind",
    "XmlLimits",
    "build_bulk_poll",
    "build_bulk_receipt",
    "build_bulk_reply",
    "build_bulk_request",
    "build_card_query",
    "build_card_visual_check_query",
    "build_checkup_reply",
    "build_eligibility_reply",
    "build_failure_reply",
    "build_history_query",
    "build_in_progress_reply",
    "build_medication_reply",
    "build_numbers_query",
    "build_reference_registration",
    "build_registration_reply",
    "is_visual_check_reply",
    "mark_visual_check",
    "new_file_identifier",
    "parse_bulk_receipt",
    "parse_bulk_reply",
    "parse_checkup_reply",
    "parse_eligibility_reply",
    "parse_medication_reply",
    "parse_registration_reply",
    "parse_request",
    "request_kind",
    "response_header_for",
]
