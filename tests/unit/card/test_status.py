"""Every status word the JPKI applet answers becomes the right typed exception."""

from __future__ import annotations

import pytest

from clinic_app.card.apdu import ResponseApdu
from clinic_app.card.errors import (
    CardError,
    CardFileNotFound,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongLength,
    WrongPin,
)
from clinic_app.card.status import check, error_for_status, tries_from_sw
from clinic_app.core.errors import KnownError


@pytest.mark.parametrize("tries", range(16))
def test_63cx_is_wrong_pin_with_tries(tries: int) -> None:
    error = error_for_status(0x63C0 | tries)
    assert isinstance(error, WrongPin)
    assert error.tries_left == tries
    assert tries_from_sw(0x63C0 | tries) == tries


@pytest.mark.parametrize(
    ("sw", "kind"),
    [
        (0x6983, PinBlocked),
        (0x6984, PinBlocked),
        (0x6982, SecurityStatusNotSatisfied),
        (0x6A82, CardFileNotFound),
        (0x6700, WrongLength),
        (0x6C10, WrongLength),
        (0x6B00, UnexpectedStatus),
        (0x6D00, UnexpectedStatus),
        (0x6E00, UnexpectedStatus),
        (0x6F00, UnexpectedStatus),
        (0x6282, UnexpectedStatus),
        (0x6986, UnexpectedStatus),
        (0x6300, UnexpectedStatus),
    ],
)
def test_status_words_map_to_types(sw: int, kind: type[CardError]) -> None:
    error = error_for_status(sw, "reading")
    assert type(error) is kind
    assert isinstance(error, KnownError)
    assert error.code.startswith("card_")
    with pytest.raises(kind):
        check(ResponseApdu(b"", sw))


def test_unexpected_status_keeps_sw_and_context() -> None:
    error = error_for_status(0x6F00, "signing")
    assert isinstance(error, UnexpectedStatus)
    assert error.sw == 0x6F00
    assert "6F00" in error.message and "signing" in error.message


def test_wrong_le_hint() -> None:
    error = error_for_status(0x6C10)
    assert isinstance(error, WrongLength) and error.expected == 0x10
    zero = error_for_status(0x6C00)
    assert isinstance(zero, WrongLength) and zero.expected == 256


def test_success_returns_data() -> None:
    assert check(ResponseApdu(b"\x01", 0x9000)) == b"\x01"
    assert tries_from_sw(0x9000) is None
