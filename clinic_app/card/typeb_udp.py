"""Expose a SoftwareCard as an ISO 14443-4 Type B card to nfcpy's ``udp`` driver.

nfcpy's ``udp:HOST:PORT`` device is a reader that sends each RF frame as one UDP
datagram ``b"106B <hex>"`` (no CRC) and ``b"RFOFF"`` when it drops the field;
it senses Type B with SENSB_REQ, activates with ATTRIB and then speaks ISO-DEP
(nfc/tag/tt4.py). This is the card side of that link: SENSB_RES, the ATTRIB
answer, and ISO-DEP block handling as ISO/IEC 14443-4 §7 describes it — I-blocks
with chaining in both directions (bounded by the reader's FSD from ATTRIB),
R(ACK)/R(NAK) with retransmission of the last block, S(DESELECT), and S(WTX)
sent while a slow command (such as signing) is still being processed.
"""

from __future__ import annotations

import logging
import select
import socket
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from clinic_app.card.apdu import TRAFFIC, describe_for_log
from clinic_app.card.errors import CardRemoved
from clinic_app.card.simulator import SoftwareCard

log = logging.getLogger(__name__)

BITRATE = b"106B"
PUPI = bytes.fromhex("4D594E41")  # fixed pseudo-unique PICC identifier
#: ATQB protocol info: 106 kbit/s only; FSCI 8 (256 bytes), ISO 14443-4; FWI 10 (~309 ms).
PROTOCOL_INFO = bytes([0x00, 0x81, 0xA0])
FSD_TABLE = (16, 24, 32, 40, 48, 64, 96, 128, 256)
FWT_SECONDS = 4096 / 13.56e6 * 2**10
#: Ask for more time when a command has not finished after this long.
WTX_AFTER = FWT_SECONDS / 3
WTXM = 4


class TypeBUdpCard:
    """Serve one SoftwareCard on a UDP port until stopped."""

    def __init__(self, card: SoftwareCard, port: int = 0, host: str = "127.0.0.1") -> None:
        self.card = card
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind((host, port))
        self.address: tuple[str, int] = self._socket.getsockname()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="typeb-card")
        self.in_field = True
        self.wtx_requests = 0
        self._reset_link()

    @property
    def port(self) -> int:
        return self.address[1]

    def _reset_link(self) -> None:
        self._peer: tuple[str, int] | None = None
        self._state = "idle"  # idle → ready (after SENSB) → active (after ATTRIB)
        self._fsd = 256
        self._block_number = 1
        self._last_block: bytes | None = None
        self._rx_chain = bytearray()
        self._tx_pending = b""

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, name="typeb-udp", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._socket.close()

    def serve_forever(self) -> None:
        while not self._stop.is_set():
            frame = self._receive(0.2)
            if frame is None:
                continue
            data, peer = frame
            reply = self._handle(data, peer)
            if reply is not None:
                self._send(reply, peer)

    # -- framing -------------------------------------------------------------------
    def _receive(self, timeout: float) -> tuple[bytes | None, tuple[str, int]] | None:
        """One frame: (payload, peer); payload None stands for RFOFF."""
        readable, _, _ = select.select([self._socket], [], [], timeout)
        if not readable:
            return None
        try:
            datagram, peer = self._socket.recvfrom(2048)
        except OSError:
            return None
        if datagram.startswith(b"RFOFF"):
            return None, peer
        parts = datagram.split()
        if len(parts) != 2 or parts[0] != BITRATE:
            return None
        try:
            return bytes.fromhex(parts[1].decode("ascii")), peer
        except ValueError:
            return None

    def _send(self, frame: bytes, peer: tuple[str, int]) -> None:
        self._socket.sendto(BITRATE + b" " + frame.hex().encode("ascii"), peer)

    # -- protocol ------------------------------------------------------------------
    def _handle(self, data: bytes | None, peer: tuple[str, int]) -> bytes | None:
        if data is None:  # RFOFF: the reader dropped the field
            if peer == self._peer:
                self._reset_link()
                self.card.reset()
            return None
        if not self.in_field or self.card.removed or not data:
            return None
        if data[0] == 0x05 and len(data) == 3:  # SENSB_REQ / ALLB_REQ
            self._reset_link()
            self.card.reset()
            self._peer, self._state = peer, "ready"
            return b"\x50" + PUPI + b"\x00\x00\x00\x00" + PROTOCOL_INFO
        if peer != self._peer:
            return None
        if self._state == "ready":
            if data[0] == 0x1D and len(data) >= 9 and data[1:5] == PUPI:
                self._fsd = FSD_TABLE[min(data[6] & 0x0F, 8)]
                self._state = "active"
                return b"\x00"  # MBLI 0, CID 0
            return None
        if self._state != "active":
            return None
        return self._handle_block(data)

    def _handle_block(self, block: bytes) -> bytes | None:
        pcb = block[0]
        if pcb & 0xE2 == 0x02:  # I-block
            if pcb & 0x08 or pcb & 0x04:
                return None  # CID/NAD were not negotiated
            self._block_number = pcb & 0x01
            self._rx_chain += block[1:]
            if pcb & 0x10:  # chaining: acknowledge and wait for the rest
                return self._remember(bytes([0xA2 | self._block_number]))
            command, self._rx_chain = bytes(self._rx_chain), bytearray()
            response = self._execute(command)
            if response is None:
                return None
            self._tx_pending = response
            return self._next_response_block()
        if pcb & 0xE6 == 0xA2:  # R-block
            number = pcb & 0x01
            if pcb & 0x10:  # R(NAK)
                if number == self._block_number and self._last_block is not None:
                    return self._last_block
                return bytes([0xA2 | self._block_number])
            if number == self._block_number and self._last_block is not None:
                return self._last_block  # our block was lost: send it again
            if self._tx_pending:  # R(ACK) of our chained block: continue
                self._block_number = number
                return self._next_response_block()
            return bytes([0xA2 | self._block_number])
        if pcb & 0xF7 == 0xC2:  # S(DESELECT)
            self._state = "idle"
            self.card.reset()
            return bytes([pcb])
        return None

    def _remember(self, block: bytes) -> bytes:
        self._last_block = block
        return block

    def _next_response_block(self) -> bytes:
        room = self._fsd - 3  # PCB and the 2-byte CRC a real frame carries
        chunk, self._tx_pending = self._tx_pending[:room], self._tx_pending[room:]
        chaining = 0x10 if self._tx_pending else 0x00
        return self._remember(bytes([0x02 | chaining | self._block_number]) + chunk)

    def _execute(self, command: bytes) -> bytes | None:
        """Run the APDU on the card, sending S(WTX) while it takes longer than the FWT allows."""
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "iso-dep >> %s", describe_for_log(command))
        future: Future[bytes] = self._executor.submit(self.card.transmit, command)
        while True:
            try:
                response = future.result(timeout=WTX_AFTER)
                break
            except TimeoutError:
                if not self._request_waiting_time(future):
                    return None
            except CardRemoved:
                log.info("software card left the field during a command")
                self._reset_link()
                return None
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "iso-dep << %s", response.hex(" "))
        return response

    def _request_waiting_time(self, future: Future[bytes]) -> bool:
        """Send S(WTX) and wait for the reader's S(WTX) response (False if the link died)."""
        peer = self._peer
        assert peer is not None
        wtx = bytes([0xF2, WTXM])
        for _attempt in range(3):
            self.wtx_requests += 1
            self._send(wtx, peer)
            deadline_frames = 10
            while deadline_frames and not self._stop.is_set():
                deadline_frames -= 1
                frame = self._receive(FWT_SECONDS)
                if frame is None:
                    break
                data, sender = frame
                if sender != peer:
                    continue
                if data is None:
                    self._reset_link()
                    future.cancel()
                    return False
                if data[:1] == b"\xf2":
                    return True
        log.warning("reader did not answer the waiting time extension")
        return not self._stop.is_set()
