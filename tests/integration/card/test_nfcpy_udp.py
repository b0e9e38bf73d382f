"""nfcpy's real reader stack (its ``udp`` driver) against the software card as a Type B card.

The card side is ``clinic_app.card.typeb_udp`` (in a child process or a thread);
the reader side is unmodified nfcpy: SENSB_REQ, ATTRIB, ISO-DEP, presence checks.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from clinic_app.card.errors import CardRemoved, LastTryNeedsOverride, WrongPin
from clinic_app.card.jpki import JPKI_AID, JpkiCard, verify_signature
from clinic_app.card.simulator import CARD_INFO_FAKE_NUMBER, CardFaults, SoftwareCard
from clinic_app.card.testpki import card_serial
from clinic_app.card.typeb_udp import TypeBUdpCard
from clinic_app.readers.base import CardSession, CardWatcher
from clinic_app.readers.nfc import NfcReader, NfcSession
from tests.helpers.card_pki import card_credentials
from tests.helpers.card_services import ServedCard, free_udp_port

pytestmark = pytest.mark.integration

PIN = "7395"


@pytest.fixture
def served_in_thread() -> Iterator[TypeBUdpCard]:
    server = TypeBUdpCard(SoftwareCard(card_credentials(), pin=PIN))
    server.start()
    yield server
    server.stop()


def connect(port: int) -> tuple[NfcReader, NfcSession]:
    reader = NfcReader(f"udp:127.0.0.1:{port}")
    session = reader.wait_for_card(10.0, threading.Event())
    assert session is not None, "nfcpy did not find the Type B card"
    return reader, session


def test_full_flow_against_served_card_process() -> None:
    port = free_udp_port()
    with ServedCard("--nfc-udp", str(port)) as served:
        assert f"nfc-udp=udp:127.0.0.1:{port}" in served.ready_line
        reader, session = connect(port)
        try:
            card = JpkiCard(session.transmit)
            certificate = card.read_auth_certificate()
            assert certificate.serial_number == card_serial("served-person")
            assert "TEST" in card.read_auth_ca_certificate().subject.rfc4514_string()
            assert card.pin_tries_left() == 3
            with pytest.raises(WrongPin) as wrong:  # 63 C2 travels through ISO-DEP unraised
                card.verify_pin("8642")
            assert wrong.value.tries_left == 2
            card.verify_pin(PIN)
            signature = card.sign(b"challenge-from-the-service")
            assert verify_signature(certificate, b"challenge-from-the-service", signature)
            assert reader.wait_for_removal(session, 0.5, threading.Event()) is False
            served.stop()
            assert reader.wait_for_removal(session, 5.0, threading.Event())
        finally:
            session.close()
            reader.close()


def test_card_info_command_over_nfc_udp() -> None:
    port = free_udp_port()
    with ServedCard("--nfc-udp", str(port), person="card-info-person"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "clinic_app",
                "card-info",
                "--reader",
                f"nfc:udp:127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert f"{card_serial('card-info-person'):X}" in result.stdout
    assert "PIN tries left: 3" in result.stdout


def test_lockout_rules_and_quiet_logs(
    served_in_thread: TypeBUdpCard, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(1)
    reader, session = connect(served_in_thread.port)
    try:
        card = JpkiCard(session.transmit)
        card.read_auth_certificate()
        with pytest.raises(WrongPin):
            card.verify_pin("8642")
        with pytest.raises(WrongPin):
            card.verify_pin("8642")
        with pytest.raises(LastTryNeedsOverride):
            card.verify_pin(PIN)
        card.verify_pin(PIN, allow_last_try=True)
        card.sign(b"c")
    finally:
        session.close()
        reader.close()
    assert served_in_thread.card.selected_aids == [JPKI_AID]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert any(r.levelno == 5 for r in caplog.records)
    for secret in (PIN, PIN.encode().hex(), PIN.encode().hex(" "), "8642", "38 36 34 32"):
        assert secret not in text
    assert CARD_INFO_FAKE_NUMBER not in text


def test_slow_signing_is_carried_by_waiting_time_extension(served_in_thread: TypeBUdpCard) -> None:
    served_in_thread.card.faults = CardFaults(sign_delay=0.6)  # about 2 x FWT
    reader, session = connect(served_in_thread.port)
    try:
        card = JpkiCard(session.transmit)
        card.verify_pin(PIN)
        started = time.monotonic()
        signature = card.sign(b"slow")
        assert time.monotonic() - started >= 0.6
        assert verify_signature(card.read_auth_certificate(), b"slow", signature)
    finally:
        session.close()
        reader.close()
    assert served_in_thread.wtx_requests >= 1


def test_card_removed_mid_command(served_in_thread: TypeBUdpCard) -> None:
    reader, session = connect(served_in_thread.port)
    try:
        served_in_thread.card.faults = CardFaults(remove_after=3)
        card = JpkiCard(session.transmit)
        started = time.monotonic()
        with pytest.raises(CardRemoved):
            card.read_auth_certificate()
        assert time.monotonic() - started < 10
    finally:
        session.close()
        reader.close()


def test_watcher_over_nfcpy_stops_cleanly(served_in_thread: TypeBUdpCard) -> None:
    reader = NfcReader(f"udp:127.0.0.1:{served_in_thread.port}")
    present, removed = threading.Event(), threading.Event()
    tries: list[int] = []

    def on_present(session: CardSession) -> None:
        tries.append(JpkiCard(session.transmit).pin_tries_left())
        present.set()

    watcher = CardWatcher(reader, on_present, removed.set, poll_interval=0.2)
    watcher.start()
    try:
        assert present.wait(15)
        served_in_thread.in_field = False  # the patient takes the card away
        assert removed.wait(15)
    finally:
        assert watcher.stop(10)
        reader.close()
    assert tries == [3]
