"""The reader port: a session gives ``transmit``; a watcher reports cards coming and going.

Readers adapt a concrete stack (PC/SC, nfcpy, the simulator) to ``CardReader``.
``CardWatcher`` runs the wait loop in its own thread and stops through an Event,
as nfcpy's ``connect(terminate=...)`` does, so the UI never blocks on a reader.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from clinic_app.card.errors import CardError

log = logging.getLogger(__name__)


class CardSession(Protocol):
    """A card in a reader, powered and ready for APDUs."""

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return response data + SW1 SW2 (status never raised).

        Raises CardRemoved when the card is gone, ReaderUnavailable when the reader is.
        """
        ...

    def close(self) -> None: ...


class CardReader(Protocol):
    """One reader. Methods are called from one thread at a time (the watcher's)."""

    name: str

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> CardSession | None:
        """A session for the next card, or None after ``timeout`` or once ``cancel`` is set."""
        ...

    def wait_for_removal(
        self, session: CardSession, timeout: float, cancel: threading.Event
    ) -> bool:
        """True once the card of ``session`` has left the reader (checked up to ``timeout``)."""
        ...

    def close(self) -> None: ...


class CardWatcher:
    """Watches a reader in a thread: ``on_present(session)`` then ``on_removed()`` per card.

    Callbacks run on the watcher thread; a GUI forwards them to its own thread.
    ``on_error`` receives reader problems (the watcher keeps retrying after a pause).
    """

    def __init__(
        self,
        reader: CardReader,
        on_present: Callable[[CardSession], None],
        on_removed: Callable[[], None],
        *,
        on_error: Callable[[CardError], None] | None = None,
        poll_interval: float = 0.25,
        error_pause: float = 1.0,
    ) -> None:
        self.reader = reader
        self._on_present = on_present
        self._on_removed = on_removed
        self._on_error = on_error
        self._poll = poll_interval
        self._error_pause = error_pause
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("watcher already started")
        self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the loop to end and wait; False if it did not end within ``timeout``."""
        self._stop.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                session = self.reader.wait_for_card(self._poll, self._stop)
            except CardError as error:
                self._report(error)
                self._stop.wait(self._error_pause)
                continue
            if session is None:
                continue
            try:
                self._on_present(session)
                while not self._stop.is_set():
                    try:
                        if self.reader.wait_for_removal(session, self._poll, self._stop):
                            break
                    except CardError as error:
                        self._report(error)
                        break
            finally:
                session.close()
                self._on_removed()

    def _report(self, error: CardError) -> None:
        log.warning("card reader problem: %s", error.message)
        if self._on_error is not None:
            self._on_error(error)
