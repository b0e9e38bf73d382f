"""ISO 14443-4 Type B card side of nfcpy's udp link, frame by frame (no traffic sent)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clinic_app.card.simulator import CardFaults, SoftwareCard
from clinic_app.card.typeb_udp import PUPI, TypeBUdpCard
from tests.helpers.card_pki import card_credentials
from tests.helpers.card_trace import HEX

PEER = ("127.0.0.1", 40000)
SELECT_JPKI = HEX("00 A4 04 0C 0A D392F000260100000001")


@pytest.fixture
def link() -> Iterator[TypeBUdpCard]:
    server = TypeBUdpCard(SoftwareCard(card_credentials(), pin="7395"))
    yield server
    server.stop()


def activate(link: TypeBUdpCard, fsdi: int = 8) -> None:
    sensb_res = link._handle(HEX("05 00 10"), PEER)
    assert sensb_res == HEX("50") + PUPI + HEX("00000000 00 81 A0")
    attrib = HEX("1D") + PUPI + bytes([0x00, fsdi, 0x01, 0x00])
    assert link._handle(attrib, PEER) == HEX("00")


def test_sense_and_activate(link: TypeBUdpCard) -> None:
    assert link._handle(HEX("02") + SELECT_JPKI, PEER) is None  # not active yet
    activate(link)
    assert link._handle(HEX("02") + SELECT_JPKI, PEER) == HEX("02 90 00")
    assert link._handle(HEX("03") + SELECT_JPKI, PEER) == HEX("03 90 00")


def test_attrib_for_other_pupi_is_ignored(link: TypeBUdpCard) -> None:
    link._handle(HEX("05 00 10"), PEER)
    assert link._handle(HEX("1D 00000000 00 08 01 00"), PEER) is None


def test_other_peer_is_ignored(link: TypeBUdpCard) -> None:
    activate(link)
    assert link._handle(HEX("02") + SELECT_JPKI, ("127.0.0.1", 40001)) is None


def test_response_chaining_respects_fsd(link: TypeBUdpCard) -> None:
    activate(link, fsdi=2)  # FSD 32: 29 bytes of INF per frame
    link._handle(HEX("02") + SELECT_JPKI, PEER)
    link._handle(HEX("03 00 A4 02 0C 02 00 0A"), PEER)
    first = link._handle(HEX("02 00 B0 00 00 40"), PEER)
    assert first is not None and first[0] == 0x12 and len(first) == 30
    data = bytearray(first[1:])
    number = 1
    while True:
        block = link._handle(bytes([0xA2 | number]), PEER)
        assert block is not None and block[0] & 0x01 == number
        data += block[1:]
        number ^= 1
        if not block[0] & 0x10:
            break
    assert data[-2:] == HEX("90 00") and len(data) == 0x40 + 2


def test_command_chaining(link: TypeBUdpCard) -> None:
    activate(link)
    assert link._handle(HEX("12") + SELECT_JPKI[:6], PEER) == HEX("A2")
    assert link._handle(HEX("03") + SELECT_JPKI[6:], PEER) == HEX("03 90 00")


def test_nak_retransmits_last_block_and_ack_answers_presence(link: TypeBUdpCard) -> None:
    activate(link)
    reply = link._handle(HEX("02") + SELECT_JPKI, PEER)
    assert link._handle(HEX("B2"), PEER) == reply  # lost reply: sent again
    assert link._handle(HEX("B3"), PEER) == HEX("A2")  # presence check
    assert link._handle(HEX("A2"), PEER) == reply  # ACK of our number: sent again


def test_deselect_and_rfoff(link: TypeBUdpCard) -> None:
    activate(link)
    assert link._handle(HEX("C2"), PEER) == HEX("C2")
    assert link._handle(HEX("02") + SELECT_JPKI, PEER) is None
    activate(link)
    assert link._handle(None, PEER) is None  # RFOFF
    assert link._handle(HEX("02") + SELECT_JPKI, PEER) is None


def test_removed_card_is_silent(link: TypeBUdpCard) -> None:
    link.card.faults = CardFaults(remove_after=1)
    activate(link)
    assert link._handle(HEX("02") + SELECT_JPKI, PEER) == HEX("02 90 00")
    assert link._handle(HEX("03") + SELECT_JPKI, PEER) is None
    assert link._handle(HEX("05 00 10"), PEER) is None


def test_cid_blocks_are_ignored(link: TypeBUdpCard) -> None:
    activate(link)
    assert link._handle(HEX("0A 00") + SELECT_JPKI, PEER) is None
