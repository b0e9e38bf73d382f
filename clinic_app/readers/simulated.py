"""A reader whose card is a SoftwareCard placed and removed by code (demo and tests)."""

from __future__ import annotations

import threading

from clinic_app.card.errors import CardRemoved
from clinic_app.card.simulator import SoftwareCard
from clinic_app.readers.base import CardSession


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

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> SimulatedSession | None:
        """Deliver each placed card once; wait up to ``timeout`` for a new one."""
        with self._condition:
            self._condition.wait_for(
                lambda: (
                    cancel.is_set()
                    or (self._card is not None and self._delivered != self._generation)
                ),
                timeout,
            )
            if cancel.is_set() or self._card is None or self._delivered == self._generation:
                return None
            self._delivered = self._generation
            return SimulatedSession(self, self._card, self._generation)

    def wait_for_removal(
        self, session: CardSession, timeout: float, cancel: threading.Event
    ) -> bool:
        if not isinstance(session, SimulatedSession):
            raise TypeError("a session of another reader")
        with self._condition:
            self._condition.wait_for(lambda: cancel.is_set() or not session.present, timeout)
            return not session.present

    def close(self) -> None:
        self.remove()
