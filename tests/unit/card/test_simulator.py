"""The software My Number card answers like DESIGN.md §3, and its fault switches work."""

from __future__ import annotations

import hashlib
import logging

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from clinic_app.card import simulator
from clinic_app.card.errors import (
    CardRemoved,
    CorruptCertificate,
    InvalidPinFormat,
    NotJpkiCard,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongPin,
)
from clinic_app.card.jpki import JPKI_AID, JpkiCard, digest_info_sha256, verify_signature
from clinic_app.card.simulator import (
    CARD_INFO_AID,
    CARD_INFO_FAKE_NUMBER,
    CERTIFICATE_FILE_SIZE,
    CardFaults,
    SoftwareCard,
)
from tests.helpers.card_pki import card_credentials, shared_test_pki
from tests.helpers.card_trace import HEX

PIN = "7395"
WRONG_PIN = "8642"


def new_card(**kwargs: object) -> SoftwareCard:
    return SoftwareCard(card_credentials(), pin=PIN, **kwargs)  # type: ignore[arg-type]


def sw(reply: bytes) -> str:
    return reply[-2:].hex(" ").upper()


def test_raw_lockout_sequence() -> None:
    card = new_card()
    assert sw(card.transmit(HEX("00 A4 04 0C 0A D392F000260100000001"))) == "90 00"
    assert sw(card.transmit(HEX("00 A4 02 0C 02 00 18"))) == "90 00"
    assert sw(card.transmit(HEX("00 20 00 80"))) == "63 C3"
    wrong = HEX("00 20 00 80 04 30 30 30 30")
    assert [sw(card.transmit(wrong)) for _ in range(4)] == ["63 C2", "63 C1", "63 C0", "69 84"]
    assert sw(card.transmit(HEX("00 20 00 80"))) == "69 84"
    # the right PIN no longer helps
    assert sw(card.transmit(HEX("00 20 00 80 04") + PIN.encode())) == "69 84"
    assert card.locked


def test_lockout_through_jpki_card() -> None:
    card = new_card()
    jpki = JpkiCard(card.transmit)
    assert jpki.pin_tries_left() == 3
    with pytest.raises(WrongPin) as first:
        jpki.verify_pin("0000")
    assert first.value.tries_left == 2
    with pytest.raises(WrongPin) as second:
        jpki.verify_pin("0000")
    assert second.value.tries_left == 1
    with pytest.raises(WrongPin) as third:
        jpki.verify_pin("0000", allow_last_try=True)
    assert third.value.tries_left == 0
    with pytest.raises(PinBlocked):
        jpki.verify_pin(PIN, allow_last_try=True)
    assert jpki.pin_tries_left() == 0


def test_right_pin_resets_counter() -> None:
    card = new_card(tries_left=2)
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    assert card.tries_left == 3


def test_full_flow_selects_only_jpki() -> None:
    card = new_card()
    jpki = JpkiCard(card.transmit)
    credentials = card_credentials()
    assert jpki.read_token() == "JPKIAPICCTOKEN2"
    assert jpki.read_auth_certificate() == credentials.certificate
    assert jpki.read_auth_ca_certificate() == credentials.ca_certificate
    assert jpki.pin_tries_left() == 3
    jpki.verify_pin(PIN)
    signature = jpki.sign(b"challenge-123")
    assert len(signature) == 256
    assert verify_signature(credentials.certificate, b"challenge-123", signature)
    assert card.selected_aids == [JPKI_AID]


def test_type1_signature_matches_pkcs1_v15() -> None:
    """The card's raw type-1 padding over the DigestInfo equals a standard PKCS#1 v1.5 signature."""
    card = new_card()
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    expected = card_credentials().private_key.sign(b"xyz", padding.PKCS1v15(), hashes.SHA256())
    assert jpki.sign(b"xyz") == expected


def test_sign_requires_verified_pin() -> None:
    jpki = JpkiCard(new_card().transmit)
    with pytest.raises(SecurityStatusNotSatisfied):
        jpki.sign(b"c")


def test_verified_state_lost_on_reset() -> None:
    card = new_card()
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    card.reset()
    jpki2 = JpkiCard(card.transmit)
    with pytest.raises(SecurityStatusNotSatisfied):
        jpki2.sign(b"c")


def test_certificate_file_is_longer_than_certificate() -> None:
    card = new_card()
    card.transmit(HEX("00 A4 04 0C 0A D392F000260100000001"))
    card.transmit(HEX("00 A4 02 0C 02 00 0A"))
    der = card_credentials().certificate.public_bytes(serialization.Encoding.DER)
    tail_offset = len(der) + 16
    reply = card.transmit(bytes([0x00, 0xB0, tail_offset >> 8, tail_offset & 0xFF, 0x10]))
    assert reply == b"\xff" * 16 + HEX("90 00")
    end = CERTIFICATE_FILE_SIZE - 4
    assert sw(card.transmit(bytes([0x00, 0xB0, end >> 8, end & 0xFF, 0x10]))) == "62 82"
    beyond = CERTIFICATE_FILE_SIZE + 1
    assert sw(card.transmit(bytes([0x00, 0xB0, beyond >> 8, beyond & 0xFF, 0x01]))) == "6B 00"


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("00 A4 02 0C 02 00 0A", "6A 82"),  # EF before any applet
        ("00 B0 00 00 04", "69 86"),  # read with nothing selected
        ("00 20 00 80", "69 86"),  # verify with nothing selected
        ("80 2A 00 80 01 00 00", "69 86"),
        ("00 A4 04 0C 05 A0 00 00 00 03", "6A 82"),  # unknown applet
        ("00 CA 00 00 00", "6D 00"),
        ("90 A4 04 0C 05 A0 00 00 00 03", "6E 00"),
        ("00 A4 03 0C 02 00 0A", "6B 00"),
        ("00 A4 04", "67 00"),
    ],
)
def test_error_statuses(command: str, status: str) -> None:
    assert sw(new_card().transmit(HEX(command))) == status


def test_secret_files_are_not_readable() -> None:
    card = new_card()
    card.transmit(HEX("00 A4 04 0C 0A D392F000260100000001"))
    for fid in ("00 17", "00 18"):
        card.transmit(HEX("00 A4 02 0C 02 " + fid))
        assert sw(card.transmit(HEX("00 B0 00 00 10"))) == "69 82"


def test_card_info_applet_holds_the_fake_number_and_is_logged() -> None:
    card = new_card()
    card.transmit(HEX("00 A4 04 0C 0A") + CARD_INFO_AID)
    card.transmit(HEX("00 A4 02 0C 02 00 01"))
    assert card.transmit(HEX("00 B0 00 00 0C")) == CARD_INFO_FAKE_NUMBER.encode() + HEX("90 00")
    assert card.selected_aids == [CARD_INFO_AID]


def test_fault_card_removed_mid_flow() -> None:
    card = new_card(faults=CardFaults(remove_after=3))
    jpki = JpkiCard(card.transmit)
    with pytest.raises(CardRemoved):
        jpki.read_auth_certificate()
    assert card.removed
    with pytest.raises(CardRemoved):
        card.transmit(HEX("00 A4 04 0C 0A D392F000260100000001"))


def test_fault_corrupt_certificate() -> None:
    card = new_card(faults=CardFaults(corrupt_certificate=True))
    with pytest.raises(CorruptCertificate):
        JpkiCard(card.transmit).read_auth_certificate()


def test_fault_unexpected_status() -> None:
    card = new_card(faults=CardFaults(status_overrides={0x2A: 0x6F00}))
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    with pytest.raises(UnexpectedStatus) as caught:
        jpki.sign(b"c")
    assert caught.value.sw == 0x6F00
    not_jpki = new_card(faults=CardFaults(status_overrides={0xA4: 0x6A82}))
    with pytest.raises(NotJpkiCard):
        JpkiCard(not_jpki.transmit).select()


def test_fault_slow_signing_uses_the_clock() -> None:
    slept: list[float] = []
    card = SoftwareCard(
        card_credentials(), pin=PIN, faults=CardFaults(sign_delay=0.7), clock=slept.append
    )
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    jpki.sign(b"c")
    assert slept == [0.7]


def test_card_rejects_bad_setup_and_hides_pin() -> None:
    with pytest.raises(InvalidPinFormat):
        SoftwareCard(card_credentials(), pin="12")
    with pytest.raises(ValueError):
        SoftwareCard(card_credentials(), tries_left=4)
    assert PIN not in repr(new_card())


def test_for_person_uses_pki_and_validity() -> None:
    import datetime as dt

    card = SoftwareCard.for_person(
        shared_test_pki(),
        "sim-person",
        pin="4321",
        tries_left=1,
        not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    assert card.tries_left == 1
    assert card.credentials.certificate.not_valid_after_utc.year == 2025


def test_digest_info_is_what_gets_padded() -> None:
    assert len(digest_info_sha256(b"")) == 19 + 32


PIN_FORMS = (PIN, PIN.encode().hex(), PIN.encode().hex(" "))
NUMBER_FORMS = (
    CARD_INFO_FAKE_NUMBER,
    CARD_INFO_FAKE_NUMBER.encode().hex(),
    CARD_INFO_FAKE_NUMBER.encode().hex(" "),
)


def test_nothing_sensitive_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    """A full flow, a wrong PIN and a refused card-info selection, logged at level 1."""
    caplog.set_level(1)
    card = new_card()
    jpki = JpkiCard(card.transmit)
    jpki.read_token()
    jpki.read_auth_certificate()
    jpki.read_auth_ca_certificate()
    jpki.pin_tries_left()
    with pytest.raises(WrongPin):
        jpki.verify_pin(WRONG_PIN)
    jpki.verify_pin(PIN)
    jpki.sign(b"challenge")
    from clinic_app.card.errors import ForbiddenApplet

    with pytest.raises(ForbiddenApplet):
        jpki.select_application(CARD_INFO_AID)
    traffic = [r for r in caplog.records if r.levelno == 5]
    assert len(traffic) >= 20, "traffic logging is active at level 5"
    text = "\n".join(r.getMessage() for r in caplog.records).lower()
    assert "<redacted>" in text
    wrong_forms = (WRONG_PIN, WRONG_PIN.encode().hex(" "))
    for form in (*PIN_FORMS, *NUMBER_FORMS, *wrong_forms):
        assert form.lower() not in text
    assert CARD_INFO_AID.hex(" ") not in text
    assert all(
        r.levelno < logging.WARNING or "allow-list" in r.getMessage() for r in caplog.records
    )


@pytest.mark.parametrize(
    "challenge", [b"", b"c", b"challenge-0123456789abcdef", bytes(range(256)) * 4]
)
def test_openssl_and_pure_signing_paths_agree_on_sha256_digest_infos(challenge: bytes) -> None:
    """The OpenSSL shortcut for SHA-256 DigestInfos gives the pure type-1 bytes exactly."""
    key = card_credentials().private_key
    digest_info = digest_info_sha256(challenge)
    fast = simulator._rsa_sign_type1(key, digest_info)
    pure = simulator._rsa_sign_type1_pure(key, digest_info)
    assert fast == pure
    assert len(fast) == 256


def test_other_digest_infos_use_the_pure_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SHA-1 DigestInfo, a truncated SHA-256 one and raw bytes are padded in Python."""
    key = card_credentials().private_key
    sha1_info = bytes.fromhex("3021300906052b0e03021a05000414") + hashlib.sha1(b"x").digest()
    truncated = digest_info_sha256(b"x")[:-1]
    calls: list[bytes] = []
    real_pure = simulator._rsa_sign_type1_pure

    def spy(private_key: object, message: bytes) -> bytes:
        calls.append(message)
        return real_pure(key, message)

    monkeypatch.setattr(simulator, "_rsa_sign_type1_pure", spy)
    for message in (sha1_info, truncated, b"raw bytes"):
        signature = simulator._rsa_sign_type1(key, message)
        # raw RSA: the public operation gives back the type-1 block around the message
        public = key.public_key().public_numbers()
        block = pow(int.from_bytes(signature, "big"), public.e, public.n).to_bytes(256, "big")
        assert block.startswith(b"\x00\x01\xff") and block.endswith(b"\x00" + message)
    assert calls == [sha1_info, truncated, b"raw bytes"]
    simulator._rsa_sign_type1(key, digest_info_sha256(b"x"))
    assert len(calls) == 3  # a SHA-256 DigestInfo goes through OpenSSL


def test_card_signs_non_sha256_digest_info_like_the_card() -> None:
    """The SIGN APDU with a SHA-1 DigestInfo still answers the raw type-1 signature."""
    card = new_card()
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    sha1_info = bytes.fromhex("3021300906052b0e03021a05000414") + hashlib.sha1(b"x").digest()
    card.transmit(HEX("00 A4 02 0C 02 00 17"))
    reply = card.transmit(bytes([0x80, 0x2A, 0x00, 0x80, len(sha1_info)]) + sha1_info + b"\x00")
    assert reply[-2:] == HEX("90 00")
    expected = card_credentials().private_key.sign(b"x", padding.PKCS1v15(), hashes.SHA1())
    assert reply[:-2] == expected


def test_fault_slow_signing_applies_on_the_openssl_path_too() -> None:
    slept: list[float] = []
    card = SoftwareCard(
        card_credentials(), pin=PIN, faults=CardFaults(sign_delay=0.25), clock=slept.append
    )
    jpki = JpkiCard(card.transmit)
    jpki.verify_pin(PIN)
    signature = jpki.sign(b"challenge")
    assert slept == [0.25]
    assert verify_signature(card_credentials().certificate, b"challenge", signature)
