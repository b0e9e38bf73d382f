"""The simulated reader and the card watcher thread (present/removed events, clean stop)."""

from __future__ import annotations

import threading
import time

import pytest

from clinic_app.card.errors import CardRemoved, ReaderUnavailable
from clinic_app.card.jpki import JpkiCard
from clinic_app.card.simulator import SoftwareCard
from clinic_app.readers import open_reader
from clinic_app.readers.base import CardSession, CardWatcher
from clinic_app.readers.simulated import SimulatedReader
from tests.helpers.card_pki import card_credentials


def make_card() -> SoftwareCard:
    return SoftwareCard(card_credentials())


def test_wait_for_card_delivers_each_placement_once() -> None:
    reader = SimulatedReader()
    cancel = threading.Event()
    assert reader.wait_for_card(0.01, cancel) is None
    card = make_card()
    reader.place(card)
    session = reader.wait_for_card(0.01, cancel)
    assert session is not None
    assert JpkiCard(session.transmit).pin_tries_left() == 3
    assert reader.wait_for_card(0.01, cancel) is None
    reader.remove()
    assert reader.wait_for_removal(session, 0.01, cancel)
    with pytest.raises(CardRemoved):
        session.transmit(b"\x00\xa4\x04\x0c")


def test_replacing_the_card_ends_the_old_session() -> None:
    reader = SimulatedReader()
    reader.place(make_card())
    old = reader.session()
    reader.place(make_card())
    assert not old.present
    with pytest.raises(CardRemoved):
        old.transmit(b"\x00\x20\x00\x80")
    with pytest.raises(CardRemoved):
        SimulatedReader().session()


def test_cancel_ends_wait() -> None:
    reader = SimulatedReader()
    cancel = threading.Event()
    cancel.set()
    started = time.monotonic()
    assert reader.wait_for_card(5.0, cancel) is None
    assert time.monotonic() - started < 1.0


def test_watcher_reports_present_and_removed_then_stops() -> None:
    reader = SimulatedReader()
    events: list[str] = []
    present = threading.Event()
    removed = threading.Event()
    tries: list[int] = []

    def on_present(session: CardSession) -> None:
        tries.append(JpkiCard(session.transmit).pin_tries_left())
        events.append("present")
        present.set()

    def on_removed() -> None:
        events.append("removed")
        removed.set()

    watcher = CardWatcher(reader, on_present, on_removed, poll_interval=0.02)
    watcher.start()
    reader.place(make_card())
    assert present.wait(5)
    reader.remove()
    assert removed.wait(5)
    assert watcher.stop(5)
    assert events == ["present", "removed"]
    assert tries == [3]
    assert not watcher.running
    with pytest.raises(RuntimeError):
        watcher.start()


def test_watcher_stop_while_card_present_reports_removed() -> None:
    reader = SimulatedReader()
    reader.place(make_card())
    removed = threading.Event()
    present = threading.Event()
    watcher = CardWatcher(reader, lambda s: present.set(), removed.set, poll_interval=0.02)
    watcher.start()
    assert present.wait(5)
    assert watcher.stop(5)
    assert removed.is_set()


class BrokenReader:
    name = "broken"

    def __init__(self) -> None:
        self.calls = 0

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> CardSession | None:
        self.calls += 1
        raise ReaderUnavailable("unplugged")

    def wait_for_removal(
        self, session: CardSession, timeout: float, cancel: threading.Event
    ) -> bool:
        return True

    def close(self) -> None:
        pass


def test_watcher_reports_reader_errors_and_keeps_going() -> None:
    reader = BrokenReader()
    errors: list[str] = []
    seen_two = threading.Event()

    def on_error(error: object) -> None:
        errors.append(type(error).__name__)
        if len(errors) >= 2:
            seen_two.set()

    watcher = CardWatcher(reader, lambda s: None, lambda: None, on_error=on_error, error_pause=0.01)
    watcher.start()
    assert seen_two.wait(5)
    assert watcher.stop(5)
    assert set(errors) == {"ReaderUnavailable"}


@pytest.mark.parametrize("spec", ["", "usb", "nfc", "nfc:", "sim:x", "pcscx"])
def test_open_reader_rejects_unknown_specs(spec: str) -> None:
    with pytest.raises(ReaderUnavailable):
        open_reader(spec)


def test_open_reader_sim() -> None:
    assert isinstance(open_reader("sim"), SimulatedReader)


def _cancel_later(cancel: threading.Event, delay: float) -> threading.Thread:
    timer = threading.Timer(delay, cancel.set)
    timer.start()
    return timer


def test_cancel_set_during_wait_for_card_returns_promptly() -> None:
    reader = SimulatedReader()
    cancel = threading.Event()
    timer = _cancel_later(cancel, 0.1)
    started = time.monotonic()
    assert reader.wait_for_card(10.0, cancel) is None
    elapsed = time.monotonic() - started
    timer.join()
    assert 0.09 <= elapsed < 0.3 + 0.1  # cancel at 0.1 s, seen within one slice


def test_cancel_set_during_wait_for_removal_returns_promptly() -> None:
    reader = SimulatedReader()
    reader.place(make_card())
    session = reader.session()
    cancel = threading.Event()
    timer = _cancel_later(cancel, 0.1)
    started = time.monotonic()
    assert reader.wait_for_removal(session, 10.0, cancel) is False
    elapsed = time.monotonic() - started
    timer.join()
    assert 0.09 <= elapsed < 0.3 + 0.1
    assert session.present  # the card is still there; only the wait ended


def test_placement_still_wakes_a_long_wait() -> None:
    reader = SimulatedReader()
    cancel = threading.Event()
    card = make_card()
    timer = threading.Timer(0.05, reader.place, args=(card,))
    timer.start()
    session = reader.wait_for_card(10.0, cancel)
    timer.join()
    assert session is not None and session.card is card


def test_removal_wait_times_out_with_card_present() -> None:
    reader = SimulatedReader()
    reader.place(make_card())
    session = reader.session()
    started = time.monotonic()
    assert reader.wait_for_removal(session, 0.12, threading.Event()) is False
    assert time.monotonic() - started >= 0.12
