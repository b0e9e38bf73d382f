"""Status words of the JPKI applet mapped to typed exceptions (ISO 7816-4 §5.1.3)."""

from __future__ import annotations

from clinic_app.card.apdu import SW_OK, ResponseApdu
from clinic_app.card.errors import (
    CardError,
    CardFileNotFound,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongLength,
    WrongPin,
)

SW_WARNING_EOF = 0x6282
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_STATUS = 0x6982
SW_AUTH_BLOCKED = 0x6983
SW_REFERENCE_BLOCKED = 0x6984
SW_COMMAND_NOT_ALLOWED = 0x6986
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00


def tries_from_sw(sw: int) -> int | None:
    """``63 Cx`` → x (tries left), anything else → None."""
    if sw & 0xFFF0 == 0x63C0:
        return sw & 0x0F
    return None


def error_for_status(sw: int, context: str = "") -> CardError:
    """The exception that stands for a non-success status word."""
    tries = tries_from_sw(sw)
    if tries is not None:
        return WrongPin(tries)
    if sw in (SW_AUTH_BLOCKED, SW_REFERENCE_BLOCKED):
        return PinBlocked()
    if sw == SW_SECURITY_STATUS:
        return SecurityStatusNotSatisfied()
    if sw == SW_FILE_NOT_FOUND:
        return CardFileNotFound(f"card file or application not found{_during(context)}")
    if sw == SW_WRONG_LENGTH:
        return WrongLength(f"the card rejected the length{_during(context)}")
    if sw >> 8 == 0x6C:
        expected = sw & 0xFF or 256
        return WrongLength(f"the card expects Le={expected}{_during(context)}", expected)
    return UnexpectedStatus(sw, context)


def check(response: ResponseApdu, context: str = "") -> bytes:
    """The response data if the status is ``90 00``, else the mapped exception."""
    if response.sw == SW_OK:
        return response.data
    raise error_for_status(response.sw, context)


def _during(context: str) -> str:
    return f" during {context}" if context else ""
