"""nfcpy readers (RC-S380 and other nfcpy devices): the My Number card as Type 4B, 106 kbit/s.

All nfcpy calls happen under one lock; the card watcher's thread drives the
wait loop and stops through its Event. Status words are returned as bytes, not
raised, so ``63 Cx`` reaches the card layer. nfcpy logs raw frames (VERIFY data
included) at DEBUG, so its loggers are held at INFO: no PIN can reach a log.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from clinic_app.card.errors import CardRemoved, NotJpkiCard, ReaderUnavailable
from clinic_app.readers.base import CardSession

log = logging.getLogger(__name__)

#: nfcpy loggers that would print frames (and so PINs) at DEBUG or below.
_NFCPY_LOGGERS = ("nfc", "nfc.clf", "nfc.tag", "nfc.tag.tt4", "nfc.clf.udp")


def quiet_nfcpy_logging() -> None:
    """Keep nfcpy's raw-frame logging off whatever the root level is."""
    for name in _NFCPY_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)


class NfcSession:
    """An activated Type 4 tag; ``transmit`` is ISO-DEP ``transceive``."""

    def __init__(self, reader: NfcReader, tag: Any) -> None:
        self._reader = reader
        self.tag = tag
        self.closed = False

    def transmit(self, apdu: bytes) -> bytes:
        import nfc.clf
        import nfc.tag

        with self._reader.lock:
            if self.closed:
                raise CardRemoved()
            try:
                response = self.tag.transceive(bytearray(apdu))
            except (nfc.tag.TagCommandError, nfc.clf.CommunicationError) as error:
                self.closed = True
                raise CardRemoved() from error
        if response is None or len(response) < 2:
            self.closed = True
            raise CardRemoved("the card stopped answering")
        return bytes(response)

    def present(self) -> bool:
        with self._reader.lock:
            if self.closed:
                return False
            try:
                return bool(self.tag.is_present)
            except Exception:  # any link failure means the card is gone
                return False

    def close(self) -> None:
        self.closed = True


class NfcReader:
    """An nfcpy device by path (``usb``, ``usb:054c:06c1``, ``udp:127.0.0.1:PORT`` ...)."""

    def __init__(self, path: str) -> None:
        import nfc

        quiet_nfcpy_logging()
        self.name = f"nfc:{path}"
        self.lock = threading.RLock()
        try:
            self._clf = nfc.ContactlessFrontend(path)
        except OSError as error:
            raise ReaderUnavailable(f"no NFC reader at {path!r}") from error

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> NfcSession | None:
        """Poll for a Type B card until ``timeout``; one sense round takes up to ~1 s."""
        import nfc.clf
        import nfc.tag
        import nfc.tag.tt4

        deadline = time.monotonic() + timeout
        while not cancel.is_set():
            with self.lock:
                try:
                    target = self._clf.sense(nfc.clf.RemoteTarget("106B"), iterations=1)
                except OSError as error:
                    raise ReaderUnavailable("the NFC reader stopped answering") from error
                if target is not None:
                    tag = nfc.tag.activate(self._clf, target)
                    if isinstance(tag, nfc.tag.tt4.Type4Tag):
                        return NfcSession(self, tag)
                    if tag is not None:
                        raise NotJpkiCard()
                    log.debug("Type B activation failed; sensing again")
            if time.monotonic() >= deadline:
                return None
            cancel.wait(0.05)
        return None

    def wait_for_removal(
        self, session: CardSession, timeout: float, cancel: threading.Event
    ) -> bool:
        if not isinstance(session, NfcSession):
            raise TypeError("a session of another reader")
        deadline = time.monotonic() + timeout
        while True:
            if not session.present():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0 or cancel.wait(min(remaining, 0.2)):
                return False

    def close(self) -> None:
        with self.lock:
            self._clf.close()
