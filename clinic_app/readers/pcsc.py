"""PC/SC readers through pyscard (the default): any CCID reader such as Sony RC-S300.

pcscd owns the hardware; this adapter polls slot status with short
``SCardGetStatusChange`` timeouts, so waits end promptly when cancelled.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from clinic_app.card.errors import CardRemoved, NoCard, ReaderUnavailable
from clinic_app.readers.base import CardSession

log = logging.getLogger(__name__)

_POLL_SLICE_MS = 100


def _pyscard() -> Any:
    try:
        from smartcard import scard
    except ImportError as error:  # pragma: no cover - dependency is declared
        raise ReaderUnavailable("pyscard is not installed") from error
    return scard


class PcscSession:
    """A connected card; pyscard's connection errors become CardRemoved."""

    def __init__(self, connection: Any, reader_name: str) -> None:
        self._connection = connection
        self.reader_name = reader_name
        self._lock = threading.Lock()
        self.closed = False

    @property
    def atr(self) -> bytes:
        return bytes(self._connection.getATR())

    def transmit(self, apdu: bytes) -> bytes:
        from smartcard.Exceptions import CardConnectionException

        with self._lock:
            if self.closed:
                raise CardRemoved()
            try:
                data, sw1, sw2 = self._connection.transmit(list(apdu))
            except CardConnectionException as error:
                raise CardRemoved() from error
        return bytes(data) + bytes([sw1, sw2])

    def close(self) -> None:
        with self._lock:
            if self.closed:
                return
            self.closed = True
            try:
                self._connection.disconnect()
            except Exception:  # the card may be gone already
                log.debug("PC/SC disconnect failed", exc_info=True)


class PcscReader:
    """The first PC/SC reader whose name contains ``name_filter`` (any reader if empty)."""

    def __init__(self, name_filter: str = "") -> None:
        self._filter = name_filter
        self._scard = _pyscard()
        self._context: Any = None
        self.name = name_filter or "PC/SC"

    def _establish(self) -> Any:
        if self._context is None:
            result, context = self._scard.SCardEstablishContext(self._scard.SCARD_SCOPE_USER)
            if result != self._scard.SCARD_S_SUCCESS:
                raise ReaderUnavailable("the PC/SC service (pcscd) is not running")
            self._context = context
        return self._context

    def _release(self) -> None:
        if self._context is not None:
            self._scard.SCardReleaseContext(self._context)
            self._context = None

    def reader_names(self) -> list[str]:
        """Names of the connected PC/SC readers that match the filter."""
        context = self._establish()
        result, names = self._scard.SCardListReaders(context, [])
        if result == self._scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if result != self._scard.SCARD_S_SUCCESS:
            self._release()
            raise ReaderUnavailable("the PC/SC service did not list its readers")
        return [name for name in names if self._filter in name]

    def _reader(self) -> str:
        names = self.reader_names()
        if not names:
            wanted = f" matching {self._filter!r}" if self._filter else ""
            raise ReaderUnavailable(f"no card reader{wanted} is connected")
        return names[0]

    def _card_present(self, reader: str) -> bool:
        scard = self._scard
        result, states = scard.SCardGetStatusChange(
            self._establish(), 0, [(reader, scard.SCARD_STATE_UNAWARE)]
        )
        if result not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
            self._release()
            raise ReaderUnavailable("the card reader stopped answering")
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT) and not bool(
            states[0][1] & scard.SCARD_STATE_MUTE
        )

    def _wait_state(
        self, reader: str, present: bool, timeout: float, cancel: threading.Event
    ) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if self._card_present(reader) == present:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0 or cancel.wait(min(remaining, _POLL_SLICE_MS / 1000)):
                return False

    def connect(self) -> PcscSession:
        """Connect to the card in the reader now (NoCard if there is none)."""
        from smartcard.Exceptions import CardConnectionException, NoCardException
        from smartcard.pcsc.PCSCReader import PCSCReader

        reader = self._reader()
        connection = PCSCReader(reader).createConnection()
        try:
            connection.connect()
        except NoCardException as error:
            raise NoCard() from error
        except CardConnectionException as error:
            raise NoCard("the card in the reader did not answer") from error
        self.name = reader
        return PcscSession(connection, reader)

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> PcscSession | None:
        reader = self._reader()
        if not self._wait_state(reader, True, timeout, cancel):
            return None
        try:
            return self.connect()
        except NoCard:
            return None

    def wait_for_removal(
        self, session: CardSession, timeout: float, cancel: threading.Event
    ) -> bool:
        if not isinstance(session, PcscSession):
            raise TypeError("a session of another reader")
        return self._wait_state(session.reader_name, False, timeout, cancel)

    def close(self) -> None:
        self._release()
