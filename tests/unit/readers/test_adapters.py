"""PC/SC and nfcpy sessions map their stacks' errors to CardRemoved and return SW bytes."""

from __future__ import annotations

import threading

import pytest

from clinic_app.card.errors import CardRemoved, WrongPin
from clinic_app.card.jpki import JpkiCard
from clinic_app.card.simulator import SoftwareCard
from clinic_app.readers.nfc import NfcReader, NfcSession, quiet_nfcpy_logging
from clinic_app.readers.pcsc import PcscSession
from tests.helpers.card_pki import card_credentials
from tests.helpers.card_readers import FakePyscardConnection, FakeType4Tag


def test_pcsc_session_returns_status_words_and_maps_loss() -> None:
    card = SoftwareCard(card_credentials(), pin="7395")
    connection = FakePyscardConnection(card.transmit)
    session = PcscSession(connection, "Fake reader 00 00")
    jpki = JpkiCard(session.transmit)
    with pytest.raises(WrongPin) as caught:  # 63 C2 reached the card layer
        jpki.verify_pin("1111")
    assert caught.value.tries_left == 2
    connection.fail = True
    with pytest.raises(CardRemoved):
        session.transmit(b"\x00\x20\x00\x80")
    session.close()
    session.close()
    assert connection.disconnected
    with pytest.raises(CardRemoved):
        session.transmit(b"\x00\x20\x00\x80")


class _LockOnly:
    """Just the part of NfcReader a session uses."""

    def __init__(self) -> None:
        self.lock = threading.RLock()


def test_nfc_session_returns_status_words_and_maps_loss() -> None:
    card = SoftwareCard(card_credentials(), pin="7395")
    tag = FakeType4Tag(card.transmit)
    session = NfcSession(_LockOnly(), tag)  # type: ignore[arg-type]
    assert JpkiCard(session.transmit).pin_tries_left() == 3
    assert session.present()
    tag.fail = True
    with pytest.raises(CardRemoved):
        session.transmit(b"\x00\x20\x00\x80")
    assert not session.present()


def test_nfc_reader_without_device_is_unavailable() -> None:
    from clinic_app.card.errors import ReaderUnavailable

    with pytest.raises(ReaderUnavailable):
        NfcReader("usb:ffff:ffff")


def test_nfcpy_frame_logging_is_held_at_info() -> None:
    import logging

    quiet_nfcpy_logging()
    for name in ("nfc", "nfc.clf", "nfc.tag.tt4", "nfc.clf.udp"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG)
