"""Expose a SoftwareCard to pcscd through vsmartcard's virtual reader (vpcd).

vpcd (a pcscd driver) listens on TCP and treats the connecting peer as the card
in its slot. Every message is a 2-byte big-endian length and a payload; a
1-byte payload is a control code (0 power off, 1 power on, 2 reset, 4 get ATR),
anything longer is a command APDU. Only ATR requests and APDUs are answered.
Closing the connection is how the card leaves the reader.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

from clinic_app.card.apdu import TRAFFIC, describe_for_log
from clinic_app.card.errors import CardRemoved
from clinic_app.card.simulator import SoftwareCard

log = logging.getLogger(__name__)

CTRL_POWER_OFF = 0x00
CTRL_POWER_ON = 0x01
CTRL_RESET = 0x02
CTRL_GET_ATR = 0x04
DEFAULT_VPCD_PORT = 35963


def contactless_type_b_atr(application_data: bytes, protocol_info: bytes) -> bytes:
    """The ATR a PC/SC reader synthesises for an ISO 14443-4 Type B card (PC/SC part 3)."""
    body = bytes([0x88, 0x80, 0x01]) + application_data + protocol_info + b"\x00"
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


#: Application data and protocol info as a My Number card reports them in ATQB.
CARD_ATR = contactless_type_b_atr(b"\x00\x00\x00\x00", b"\x00\x81\xa1")


def _quick_ack(sock: socket.socket) -> None:
    """Acknowledge at once (Linux): vpcd writes the length and the APDU separately, and
    Nagle on its side plus our delayed ACK would otherwise cost ~40 ms per APDU."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


class VpcdCardClient:
    """Connects one card to vpcd and answers it until stopped, removed or disconnected."""

    def __init__(self, card: SoftwareCard, host: str = "127.0.0.1", port: int = DEFAULT_VPCD_PORT):
        self.card = card
        self.address = (host, port)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.connected = threading.Event()
        self.error: BaseException | None = None

    def connect(self, timeout: float = 5.0) -> None:
        """Open the TCP connection to vpcd, retrying until ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._socket = socket.create_connection(self.address, timeout=1.0)
                break
            except OSError:
                if time.monotonic() >= deadline or self._stop.is_set():
                    raise
                time.sleep(0.1)
        self._socket.settimeout(0.2)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _quick_ack(self._socket)
        self.connected.set()
        log.info("software card inserted into vpcd at %s:%d", *self.address)

    def start(self, timeout: float = 5.0) -> None:
        """Connect, then serve in a daemon thread."""
        self.connect(timeout)
        self._thread = threading.Thread(target=self._serve_guarded, name="vpcd-card", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Take the card out of the reader and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._close()

    def serve_forever(self) -> None:
        """Answer vpcd until ``stop`` (or the card is removed, or vpcd goes away)."""
        sock = self._socket
        assert sock is not None, "connect first"
        try:
            while not self._stop.is_set():
                payload = self._receive(sock)
                if payload is None:
                    break
                reply = self._handle(payload)
                if reply is not None:
                    sock.sendall(len(reply).to_bytes(2, "big") + reply)
        except CardRemoved:
            log.info("software card removed from vpcd")
        finally:
            self._close()

    def _serve_guarded(self) -> None:
        try:
            self.serve_forever()
        except OSError as error:
            self.error = error
            log.warning("vpcd connection lost: %s", error)

    def _handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            code = payload[0]
            if code in (CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET):
                self.card.reset()
                return None
            if code == CTRL_GET_ATR:
                return CARD_ATR
            log.warning("unknown vpcd control code %d", code)
            return None
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "vpcd >> %s", describe_for_log(payload))
        reply = self.card.transmit(payload)
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "vpcd << %s", reply.hex(" "))
        return reply

    def _receive(self, sock: socket.socket) -> bytes | None:
        header = self._read_exact(sock, 2)
        if header is None:
            return None
        return self._read_exact(sock, int.from_bytes(header, "big"))

    def _read_exact(self, sock: socket.socket, size: int) -> bytes | None:
        buffer = bytearray()
        while len(buffer) < size:
            if self._stop.is_set():
                return None
            try:
                chunk = sock.recv(size - len(buffer))
            except TimeoutError:
                continue
            _quick_ack(sock)
            if not chunk:
                return None
            buffer += chunk
        return bytes(buffer)

    def _close(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            try:
                sock.close()
            finally:
                self.connected.clear()
