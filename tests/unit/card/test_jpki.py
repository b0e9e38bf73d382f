"""JpkiCard from hex traces: exact bytes, DER length parsing, PIN rules, allow-list, signing."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import given
from hypothesis import strategies as st

from clinic_app.card.errors import (
    CorruptCertificate,
    ForbiddenApplet,
    InvalidPinFormat,
    LastTryNeedsOverride,
    MalformedResponse,
    NotJpkiCard,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongPin,
)
from clinic_app.card.jpki import (
    CARD_INFO_AIDS,
    JPKI_AID,
    JpkiCard,
    check_pin_format,
    der_total_length,
    digest_info_sha256,
    verify_signature,
)
from tests.helpers.card_pki import card_credentials
from tests.helpers.card_trace import HEX, ScriptedTransmit

SELECT_JPKI = ("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "90 00")
SELECT_PIN = ("00 A4 02 0C 02 00 18", "90 00")


def test_read_token_trace() -> None:
    token = b"JPKIAPICCTOKEN2".ljust(32, b" ")
    transmit = ScriptedTransmit(
        [SELECT_JPKI, ("00 A4 02 0C 02 00 06", "90 00"), ("00 B0 00 00 20", token.hex() + "9000")]
    )
    assert JpkiCard(transmit).read_token() == "JPKIAPICCTOKEN2"
    assert transmit.finished


def test_certificate_read_uses_der_length_and_256_byte_chunks() -> None:
    der = card_credentials().certificate.public_bytes(serialization.Encoding.DER)
    total = len(der)
    assert total > 512
    script = [
        SELECT_JPKI,
        ("00 A4 02 0C 02 00 0A", "90 00"),
        ("00 B0 00 00 04", der[:4].hex() + "9000"),
    ]
    offset = 4
    while offset < total:
        size = min(256, total - offset)
        le = f"{size:02X}" if size < 256 else "00"
        script.append(
            (
                f"00 B0 {offset >> 8:02X} {offset & 0xFF:02X} {le}",
                der[offset : offset + size].hex() + "9000",
            )
        )
        offset += size
    transmit = ScriptedTransmit(script)
    card = JpkiCard(transmit)
    assert card.read_auth_certificate() == card_credentials().certificate
    assert transmit.finished
    assert card.apdu_count == len(script)


def test_file_is_selected_once_per_use() -> None:
    transmit = ScriptedTransmit(
        [SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "63 C3"), ("00 20 00 80", "63 C3")]
    )
    card = JpkiCard(transmit)
    assert card.pin_tries_left() == 3
    assert card.pin_tries_left() == 3
    assert transmit.finished


@pytest.mark.parametrize(
    ("header", "total"),
    [
        ("30 82 05 D2", 4 + 0x5D2),
        ("30 81 F0 00", 3 + 0xF0),
        ("30 7F 00 00", 2 + 0x7F),
        ("30 83 01 00 00", 5 + 0x10000),
    ],
)
def test_der_total_length(header: str, total: int) -> None:
    assert der_total_length(HEX(header)) == total


@pytest.mark.parametrize(
    "header", ["31 82 05 D2", "30 80 00 00", "30 84 00 00", "30", "FF FF FF FF"]
)
def test_der_total_length_rejects(header: str) -> None:
    with pytest.raises(CorruptCertificate):
        der_total_length(HEX(header))


def test_implausible_certificate_length_is_refused_before_reading() -> None:
    transmit = ScriptedTransmit(
        [SELECT_JPKI, ("00 A4 02 0C 02 00 0A", "90 00"), ("00 B0 00 00 04", "30 82 FF 00 90 00")]
    )
    with pytest.raises(CorruptCertificate):
        JpkiCard(transmit).read_auth_certificate()
    assert transmit.finished


def test_empty_read_is_malformed() -> None:
    transmit = ScriptedTransmit(
        [SELECT_JPKI, ("00 A4 02 0C 02 00 06", "90 00"), ("00 B0 00 00 20", "90 00")]
    )
    with pytest.raises(MalformedResponse):
        JpkiCard(transmit).read_token()


def test_non_jpki_card() -> None:
    transmit = ScriptedTransmit([("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "6A 82")])
    with pytest.raises(NotJpkiCard):
        JpkiCard(transmit).select()


@pytest.mark.parametrize("pin", ["", "123", "12345", "12a4", "１２３４", " 123", "123\n", "٣٣٣٣"])
def test_pin_format_checked_before_sending(pin: str) -> None:
    transmit = ScriptedTransmit([])
    with pytest.raises(InvalidPinFormat):
        JpkiCard(transmit).verify_pin(pin)
    assert transmit.sent == []
    with pytest.raises(InvalidPinFormat):
        check_pin_format(pin)


def test_verify_trace_queries_tries_first() -> None:
    transmit = ScriptedTransmit(
        [SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "63 C3"), ("00 20 00 80 04 31 32 33 34", "90 00")]
    )
    JpkiCard(transmit).verify_pin("1234")
    assert transmit.finished


def test_wrong_pin_reports_tries_and_never_retries() -> None:
    transmit = ScriptedTransmit(
        [SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "63 C3"), ("00 20 00 80 04 31 31 31 31", "63 C2")]
    )
    with pytest.raises(WrongPin) as caught:
        JpkiCard(transmit).verify_pin("1111")
    assert caught.value.tries_left == 2
    assert transmit.finished  # exactly one VERIFY with data


def test_last_try_needs_override() -> None:
    transmit = ScriptedTransmit([SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "63 C1")])
    card = JpkiCard(transmit)
    with pytest.raises(LastTryNeedsOverride):
        card.verify_pin("1234")
    assert transmit.finished  # no VERIFY with data was sent


def test_last_try_with_override_is_sent() -> None:
    transmit = ScriptedTransmit(
        [SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "63 C1"), ("00 20 00 80 04 31 32 33 34", "90 00")]
    )
    JpkiCard(transmit).verify_pin("1234", allow_last_try=True)
    assert transmit.finished


def test_blocked_card_refuses_before_sending_pin() -> None:
    transmit = ScriptedTransmit([SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "69 84")])
    card = JpkiCard(transmit)
    with pytest.raises(PinBlocked):
        card.verify_pin("1234", allow_last_try=True)
    assert transmit.finished


def test_tries_query_maps_statuses() -> None:
    assert (
        JpkiCard(
            ScriptedTransmit([SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "69 83")])
        ).pin_tries_left()
        == 0
    )
    with pytest.raises(UnexpectedStatus):
        JpkiCard(
            ScriptedTransmit([SELECT_JPKI, SELECT_PIN, ("00 20 00 80", "90 00")])
        ).pin_tries_left()


def test_sign_trace_and_security_status() -> None:
    digest_info = digest_info_sha256(b"abc").hex()
    script = [
        SELECT_JPKI,
        ("00 A4 02 0C 02 00 17", "90 00"),
        ("80 2A 00 80 33 " + digest_info + " 00", "69 82"),
    ]
    with pytest.raises(SecurityStatusNotSatisfied):
        JpkiCard(ScriptedTransmit(script)).sign(b"abc")
    script[-1] = (script[-1][0], "AB" * 256 + "9000")
    assert JpkiCard(ScriptedTransmit(script)).sign(b"abc") == b"\xab" * 256
    with pytest.raises(ValueError):
        JpkiCard(ScriptedTransmit([])).sign(b"")


@pytest.mark.parametrize("aid", sorted(CARD_INFO_AIDS))
def test_card_info_applets_are_refused_without_sending(aid: bytes) -> None:
    transmit = ScriptedTransmit([])
    with pytest.raises(ForbiddenApplet) as caught:
        JpkiCard(transmit).select_application(aid)
    assert transmit.sent == []
    assert aid.hex() not in caught.value.message.lower()


@given(st.binary(min_size=5, max_size=16).filter(lambda aid: aid != JPKI_AID))
def test_any_other_aid_is_refused(aid: bytes) -> None:
    transmit = ScriptedTransmit([])
    with pytest.raises(ForbiddenApplet):
        JpkiCard(transmit).select_application(aid)
    assert transmit.sent == []


def test_verify_signature() -> None:
    credentials = card_credentials()
    signature = credentials.private_key.sign(b"hello", padding.PKCS1v15(), hashes.SHA256())
    assert verify_signature(credentials.certificate, b"hello", signature)
    assert not verify_signature(credentials.certificate, b"hellO", signature)
    assert not verify_signature(credentials.certificate, b"hello", signature[:-1] + b"\x00")
    other = card_credentials("someone-else")
    assert not verify_signature(other.certificate, b"hello", signature)


def test_transport_failure_forgets_selection() -> None:
    calls: list[bytes] = []

    def flaky(apdu: bytes) -> bytes:
        calls.append(apdu)
        if len(calls) == 3:
            raise OSError("link down")
        return HEX("63 C3") if apdu[1] == 0x20 else HEX("90 00")

    card = JpkiCard(flaky)
    with pytest.raises(OSError):
        card.verify_pin("1234")
    assert card.pin_tries_left() == 3
    # after the failure the applet and the PIN file are selected again
    assert calls[3:5] == [HEX(SELECT_JPKI[0]), HEX(SELECT_PIN[0])]
