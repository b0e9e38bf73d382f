"""A reader whose card is a SoftwareCard placed and removed by code (demo and tests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from clinic_app.card.errors import CardRemoved
from clinic_app.card.simulator import SoftwareCard
from clinic_app.readers.base import CardSession

#: Longest single wait on the condition: a cancel Event set from another thread
#: cannot notify the condition, so waits re-check it at least this often.
CANCEL_POLL_SLICE = 0.05


class SimulatedSession:
    """The placed card; once it is removed (or another placed) transmit raises CardRemoved."""

    def __init__(self, reader: SimulatedReader, card: SoftwareCard, generation: int) -> None:
        self._reader = reader
        self.card = card
        self._generation = generation
        self.closed = False

    @property
    def present(self) -> bool:
        return not self.closed and self._reader._is_current(self._generation)

    def transmit(self, apdu: bytes) -> bytes:
        if not self.present:
            raise CardRemoved()
        return self.card.transmit(apdu)

    def close(self) -> None:
        self.closed = True


class SimulatedReader:
    """``place(card)`` puts a card on the reader, ``remove()`` takes it off."""

    name = "Simulated reader"

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._card: SoftwareCard | None = None
        self._generation = 0
        self._delivered = -1

    def place(self, card: SoftwareCard) -> None:
        with self._condition:
            card.reset()
            self._card = card
            self._generation += 1
            self._condition.notify_all()

    def remove(self) -> None:
        with self._condition:
            self._card = None
            self._generation += 1
            self._condition.notify_all()

    @property
    def card(self) -> SoftwareCard | None:
        return self._card

    def _is_current(self, generation: int) -> bool:
        with self._condition:
            return self._card is not None and self._generation == generation

    def session(self) -> SimulatedSession:
        """The session for the card on the reader right now (CardRemoved if none)."""
        with self._condition:
            if self._card is None:
                raise CardRemoved("no card on the simulated reader")
            self._delivered = self._generation
            return SimulatedSession(self, self._card, self._generation)

    def _wait(self, ready: Callable[[], bool], timeout: float, cancel: threading.Event) -> None:
        """Wait (holding the condition) until ``ready()``, ``cancel`` is set or time is up.

        ``place``/``remove`` notify the condition; the cancel Event cannot, so the
        wait is cut into slices of ``CANCEL_POLL_SLICE`` seconds.
        """
        deadline = time.monotonic() + max(timeout, 0.0)
        while not (cancel.is_set() or ready()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._condition.wait(min(remaining, CANCEL_POLL_SLICE))

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> SimulatedSession | None:
        """Deliver each placed card once; wait up to ``timeout`` for a new one."""
        with self._condition:
            self._wait(
                lambda: self._card is not None and self._delivered != self._generation,
                timeout,
                cancel,
            )
            if cancel.is_set() or self._card is None or self._delivered == self._generation:
                return None
            self._delivered = self._generation
            return SimulatedSession(self, self._card, self._generation)

    def wait_for_removal(
        self, session: CardSession, timeout: float, cancel: threading.Event
    ) -> bool:
        """True once the card of ``session`` is gone; False on timeout or cancel."""
        if not isinstance(session, SimulatedSession):
            raise TypeError("a session of another reader")
        with self._condition:
            self._wait(lambda: not session.present, timeout, cancel)
            return not session.present

    def close(self) -> None:
        self.remove()
