"""APDU builders and parsers, checked byte for byte against DESIGN.md §3."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_app.card import apdu
from clinic_app.card.apdu import CommandApdu, ResponseApdu, describe_for_log
from clinic_app.card.errors import MalformedResponse
from clinic_app.card.jpki import JPKI_AID, digest_info_sha256
from tests.helpers.card_trace import HEX


def test_select_jpki_applet() -> None:
    assert apdu.select_application(JPKI_AID).to_bytes() == HEX(
        "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
    )


@pytest.mark.parametrize(
    ("fid", "expected"),
    [
        (0x0006, "00 A4 02 0C 02 00 06"),
        (0x000A, "00 A4 02 0C 02 00 0A"),
        (0x000B, "00 A4 02 0C 02 00 0B"),
        (0x0017, "00 A4 02 0C 02 00 17"),
        (0x0018, "00 A4 02 0C 02 00 18"),
    ],
)
def test_select_file(fid: int, expected: str) -> None:
    assert apdu.select_file(fid).to_bytes() == HEX(expected)


@pytest.mark.parametrize(
    ("offset", "length", "expected"),
    [
        (0, 4, "00 B0 00 00 04"),
        (4, 256, "00 B0 00 04 00"),
        (0x0104, 0x22, "00 B0 01 04 22"),
        (0x7FFF, 1, "00 B0 7F FF 01"),
    ],
)
def test_read_binary(offset: int, length: int, expected: str) -> None:
    assert apdu.read_binary(offset, length).to_bytes() == HEX(expected)


def test_verify_status_and_verify() -> None:
    assert apdu.verify_status().to_bytes() == HEX("00 20 00 80")
    assert apdu.verify(b"1234").to_bytes() == HEX("00 20 00 80 04 31 32 33 34")


def test_compute_signature() -> None:
    digest_info = digest_info_sha256(b"challenge")
    assert len(digest_info) == 51
    assert digest_info.startswith(HEX("30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20"))
    assert apdu.compute_signature(digest_info).to_bytes() == (
        HEX("80 2A 00 80 33") + digest_info + HEX("00")
    )


@pytest.mark.parametrize(
    "bad",
    [
        lambda: apdu.read_binary(0x8000, 1),
        lambda: apdu.read_binary(0, 0),
        lambda: apdu.read_binary(0, 257),
        lambda: apdu.select_file(0x10000),
        lambda: apdu.select_application(b"\x01\x02"),
        lambda: apdu.verify(b""),
        lambda: CommandApdu(0x00, 0x100, 0, 0),
        lambda: CommandApdu(0x00, 0xA4, 0, 0, b"x" * 256),
    ],
)
def test_builders_reject_out_of_range(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00 20 00 80", CommandApdu(0x00, 0x20, 0x00, 0x80)),
        ("00 B0 00 00 00", CommandApdu(0x00, 0xB0, 0, 0, le=256)),
        ("00 A4 02 0C 02 00 0A", CommandApdu(0x00, 0xA4, 0x02, 0x0C, HEX("00 0A"))),
        ("80 2A 00 80 02 AA BB 00", CommandApdu(0x80, 0x2A, 0, 0x80, HEX("AA BB"), le=256)),
    ],
)
def test_parse_command(raw: str, expected: CommandApdu) -> None:
    assert CommandApdu.parse(HEX(raw)) == expected


@pytest.mark.parametrize("raw", ["00 20 00", "00 A4 04 0C 05 01 02", "00 A4 04 0C 00 00 01"])
def test_parse_command_rejects_malformed(raw: str) -> None:
    with pytest.raises(ValueError):
        CommandApdu.parse(HEX(raw))


@given(
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 255),
    st.binary(max_size=255),
    st.one_of(st.none(), st.integers(1, 256)),
)
def test_command_round_trip(
    cla: int, ins: int, p1: int, p2: int, data: bytes, le: int | None
) -> None:
    command = CommandApdu(cla, ins, p1, p2, data, le)
    assert CommandApdu.parse(command.to_bytes()) == command


def test_parse_response() -> None:
    response = ResponseApdu.parse(HEX("01 02 63 C2"))
    assert (response.data, response.sw, response.sw1, response.sw2) == (
        HEX("01 02"),
        0x63C2,
        0x63,
        0xC2,
    )
    assert not response.ok
    assert ResponseApdu.parse(HEX("90 00")).ok
    assert response.to_bytes() == HEX("01 02 63 C2")
    with pytest.raises(MalformedResponse):
        ResponseApdu.parse(HEX("90"))


def test_log_description_redacts_pin() -> None:
    text = describe_for_log(apdu.verify(b"7395").to_bytes())
    assert text == "00 20 00 80 04 <redacted>"
    assert describe_for_log(HEX("00 20 00 80")) == "00 20 00 80"
    assert describe_for_log(HEX("00 B0 00 00 04")) == "00 b0 00 00 04"
