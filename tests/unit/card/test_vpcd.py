"""The vpcd side: control codes, the synthesised Type B ATR, APDUs."""

from __future__ import annotations

from clinic_app.card.simulator import SoftwareCard
from clinic_app.card.vpcd import CARD_ATR, VpcdCardClient, contactless_type_b_atr
from tests.helpers.card_pki import card_credentials
from tests.helpers.card_trace import HEX


def test_atr_has_pcsc_type_b_form_and_checksum() -> None:
    atr = contactless_type_b_atr(HEX("00000000"), HEX("00 81 A1"))
    assert atr[:4] == HEX("3B 88 80 01")
    assert len(atr) == 4 + 8 + 1
    check = 0
    for byte in atr[1:]:
        check ^= byte
    assert check == 0
    assert atr == CARD_ATR


def test_control_codes_and_apdus() -> None:
    card = SoftwareCard(card_credentials())
    client = VpcdCardClient(card, port=1)
    assert client._handle(b"\x04") == CARD_ATR
    assert client._handle(b"\x01") is None
    assert client._handle(HEX("00 A4 04 0C 0A D392F000260100000001")) == HEX("90 00")
    assert client._handle(b"\x02") is None
    assert card.selected_aids == [HEX("D392F000260100000001")]
    assert client._handle(b"\x09") is None
