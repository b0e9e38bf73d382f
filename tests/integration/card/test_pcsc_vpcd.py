"""pyscard through the running pcscd and vsmartcard's virtual reader, against the served card.

The served card connects to vpcd (127.0.0.1:35963) like a card entering the
"Virtual PCD" slot; pcscd and pyscard see nothing but a contactless card.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from clinic_app.card.errors import CardError, WrongPin
from clinic_app.card.jpki import JpkiCard, verify_signature
from clinic_app.card.testpki import card_serial
from clinic_app.readers.pcsc import PcscReader
from tests.conftest import skip_or_fail
from tests.helpers.card_services import VPCD_HOST, VPCD_PORT, ServedCard, vpcd_slot_lock

pytestmark = pytest.mark.integration

PIN = "7395"


def virtual_reader_names() -> list[str]:
    try:
        return PcscReader("Virtual PCD").reader_names()
    except CardError as error:
        skip_or_fail(f"pcscd is not available: {error.message}")
        raise AssertionError("unreachable") from error


def reader_with_card(timeout: float = 20.0) -> PcscReader:
    """The Virtual PCD slot in which the served card appeared."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in virtual_reader_names():
            reader = PcscReader(name)
            probe = reader.wait_for_card(0.1, threading.Event())
            if probe is not None:
                probe.close()
                return reader
            reader.close()
        time.sleep(0.2)
    raise AssertionError("the served card never appeared in a Virtual PCD slot")


@pytest.fixture
def vpcd() -> Iterator[None]:
    if not virtual_reader_names():
        skip_or_fail("pcscd runs without the vsmartcard virtual reader (vsmartcard-vpcd)")
    with vpcd_slot_lock():
        yield


@pytest.mark.usefixtures("vpcd")
def test_full_flow_through_pcscd() -> None:
    with ServedCard("--vpcd", f"{VPCD_HOST}:{VPCD_PORT}", person="pcsc-person") as served:
        reader = reader_with_card()
        session = reader.wait_for_card(5.0, threading.Event())
        assert session is not None
        try:
            assert session.atr.startswith(bytes.fromhex("3B888001"))
            card = JpkiCard(session.transmit)
            assert card.read_token() == "JPKIAPICCTOKEN2"
            certificate = card.read_auth_certificate()
            assert certificate.serial_number == card_serial("pcsc-person")
            assert card.pin_tries_left() == 3
            with pytest.raises(WrongPin) as wrong:
                card.verify_pin("8642")
            assert wrong.value.tries_left == 2
            card.verify_pin(PIN)
            signature = card.sign(b"challenge")
            assert verify_signature(certificate, b"challenge", signature)
            assert not reader.wait_for_removal(session, 0.3, threading.Event())
            served.stop()
            assert reader.wait_for_removal(session, 10.0, threading.Event())
        finally:
            session.close()
            reader.close()


@pytest.mark.usefixtures("vpcd")
def test_card_info_command_through_pcscd() -> None:
    with ServedCard("--vpcd", f"{VPCD_HOST}:{VPCD_PORT}", person="pcsc-info-person"):
        reader = reader_with_card()
        name = reader.name
        reader.close()
        result = subprocess.run(
            [sys.executable, "-m", "clinic_app", "card-info", "--reader", f"pcsc:{name}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert f"Reader:         {name}" in result.stdout
    assert f"{card_serial('pcsc-info-person'):X}" in result.stdout
    assert "PIN tries left: 3" in result.stdout
    assert PIN not in result.stdout


@pytest.mark.usefixtures("vpcd")
def test_card_removed_mid_command_through_pcscd() -> None:
    from clinic_app.card.errors import CardRemoved
    from clinic_app.card.simulator import CardFaults, SoftwareCard
    from clinic_app.card.vpcd import VpcdCardClient
    from tests.helpers.card_pki import card_credentials

    card = SoftwareCard(card_credentials(), pin=PIN)
    client = VpcdCardClient(card, VPCD_HOST, VPCD_PORT)
    client.start()
    try:
        reader = reader_with_card()
        session = reader.wait_for_card(5.0, threading.Event())
        assert session is not None
        try:
            card.faults = CardFaults(remove_after=3)
            started = time.monotonic()
            with pytest.raises(CardRemoved):
                JpkiCard(session.transmit).read_auth_certificate()
            assert time.monotonic() - started < 10
            assert reader.wait_for_removal(session, 10.0, threading.Event())
        finally:
            session.close()
            reader.close()
    finally:
        client.stop()


@pytest.mark.usefixtures("vpcd")
def test_opensc_recognises_the_served_card_as_jpki() -> None:
    """An independent stack's view: OpenSC's card drivers pick its JPKI driver."""
    import shutil

    tool = shutil.which("opensc-tool")
    if tool is None:
        pytest.skip("opensc-tool is not installed (optional cross-check)")
    with ServedCard("--vpcd", f"{VPCD_HOST}:{VPCD_PORT}", person="opensc-person"):
        reader = reader_with_card()
        name = reader.name
        reader.close()
        result = subprocess.run(
            [tool, "--reader", name, "--name"], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "jpki"
