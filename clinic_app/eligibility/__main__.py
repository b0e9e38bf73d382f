"""``python -m clinic_app.eligibility parse FILE``: print a parsed message as JSON.

For IT staff and for checking the sandbox: reads one request or reply file,
works out its kind (``FileTypeIdentifier``, else the file-name prefix such as
``OQSsiquc01res_…``, else the body's content) and prints the typed result. The
output holds the message's personal data on purpose — it goes to the terminal
that asked, never to a log.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from clinic_app.core.codes import Coded
from clinic_app.eligibility import messages
from clinic_app.eligibility.envelope import RequestKind, declared_kind, envelope
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.requests import request_kind
from clinic_app.eligibility.xml import XmlLimits, local_name, parse_document

_MEDICATION_MARKERS = frozenset(
    {"MeTrInf", "CzDiInf", "ShPrInf", "MeTrMonthInf", "CzDiMonthInf", "ShPrMonthInf"}
)
_CHECKUP_MARKERS = frozenset({"SpecificHealthCheckupList", "SpecificHealthCheckupInfo"})

_REPLY_PARSERS: dict[RequestKind, Callable[..., Any]] = {
    RequestKind.SINGLE: messages.parse_eligibility_reply,
    RequestKind.BULK_REQUEST: messages.parse_bulk_receipt,
    RequestKind.BULK_POLL: messages.parse_bulk_reply,
    RequestKind.MEDICATION: messages.parse_medication_reply,
    RequestKind.CHECKUP: messages.parse_checkup_reply,
    RequestKind.REGISTRATION: messages.parse_registration_reply,
}


def detect_kind(
    data: bytes, file_name: str = "", limits: XmlLimits | None = None
) -> tuple[RequestKind, bool]:
    """(kind, is_reply) of a message: declared, else by file name, else by content."""
    document = parse_document(data, limits or XmlLimits())
    head, body = envelope(document.root)
    declared = declared_kind(head)
    if declared is not None:
        return declared
    prefix = file_name.split("_", 1)[0]
    if len(prefix) == 13:
        try:
            return RequestKind.from_prefix(prefix)
        except MessageError:
            pass
    is_reply = head.has("SegmentOfResult")
    if not is_reply:
        return RequestKind.SINGLE, False  # parse_request refines it from the body
    names = {local_name(element) for element in body.element.iter() if isinstance(element.tag, str)}
    if "ReceptionNumber" in names:
        return RequestKind.BULK_REQUEST, True
    if "BulkConfirmResultList" in names:
        return RequestKind.BULK_POLL, True
    if names & _MEDICATION_MARKERS:
        return RequestKind.MEDICATION, True
    if names & _CHECKUP_MARKERS:
        return RequestKind.CHECKUP, True
    if body.has("ReferenceNumber"):
        return RequestKind.REGISTRATION, True
    return RequestKind.SINGLE, True


def parse_any(data: bytes, file_name: str = "") -> tuple[str, Any]:
    """(file-type prefix, parsed message) for any request or reply."""
    kind, is_reply = detect_kind(data, file_name)
    if is_reply:
        return kind.reply_prefix, _REPLY_PARSERS[kind](data)
    declared = kind if file_name.startswith(kind.request_prefix) else None
    request = messages.parse_request(data, kind=declared)
    return request_kind(request).request_prefix, request


def to_json(value: Any) -> Any:
    """Typed message values as plain JSON data (dates ISO, codes raw with their name)."""
    if isinstance(value, Coded):
        return {"raw": value.raw, "known": None if value.known is None else value.known.name}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
        return {"type": type(value).__name__, **fields}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        return {str(to_json(key)): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic_app.eligibility")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="print a request or reply file as JSON")
    parse.add_argument("file", type=Path)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"error: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        kind, parsed = parse_any(data, args.file.name)
    except MessageError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    output = {"file_type": kind, "message": to_json(parsed)}
    # Japanese as is on a UTF-8 terminal; \u escapes where it could not be shown.
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    print(json.dumps(output, ensure_ascii=not utf8, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
