"""Emulates the qualification-confirmation terminal on a folder (``req``/``res``/``face``).

It picks up request files from ``req/`` (ignoring hidden temporary names),
answers them through the same :class:`SandboxService` as the HTTPS server and
writes ``<reply prefix>_<id>.xml`` into ``res/``. Like a real terminal it may
write a reply in place, in pieces (``slow_write``), which is how the tests
prove the folder transport never reads a half-written file. ``drop_face``
writes a card-reader result into ``face/`` nobody asked for.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from clinic_app.core.consent import ConsentItem
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.folder import FACE_DIR, REPLY_DIR, REQUEST_DIR, write_atomically
from clinic_app.eligibility.messages import RequestKind, new_file_identifier
from clinic_app.sandbox.faults import Failure
from clinic_app.sandbox.population import SyntheticPerson
from clinic_app.sandbox.service import SandboxService

log = logging.getLogger(__name__)


@dataclass
class SlowWrite:
    """Write replies in place in ``pieces`` parts, ``pause`` seconds apart."""

    pieces: int = 4
    pause: float = 0.2


class TerminalEmulator:
    """A stand-in for the terminal's folder interface, run in its own thread."""

    def __init__(
        self,
        root: str | Path,
        service: SandboxService,
        *,
        poll_interval: float = 0.05,
        slow_write: SlowWrite | None = None,
    ) -> None:
        self.root = Path(root)
        self.service = service
        self.slow_write = slow_write
        self._poll_interval = poll_interval
        for name in (REQUEST_DIR, REPLY_DIR, FACE_DIR):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.answered = 0

    def start(self) -> TerminalEmulator:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="terminal-emulator", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> TerminalEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except OSError:
                log.warning("terminal emulator: the folder cannot be read; retrying")
            self._stop.wait(self._poll_interval)

    def poll_once(self) -> int:
        """Answer every waiting request once; returns how many were picked up."""
        picked = 0
        for name in sorted(os.listdir(self.root / REQUEST_DIR)):
            if name.startswith(".") or not name.endswith(".xml") or "_" not in name:
                continue
            path = self.root / REQUEST_DIR / name
            prefix, identifier = name[: -len(".xml")].split("_", 1)
            try:
                data = path.read_bytes()
                path.unlink()  # the terminal consumes the request
            except FileNotFoundError:
                continue  # withdrawn by the client meanwhile
            picked += 1
            self._answer(prefix, identifier, data)
        return picked

    def _answer(self, prefix: str, identifier: str, data: bytes) -> None:
        try:
            kind, is_reply = RequestKind.from_prefix(prefix)
        except MessageError:
            log.warning("terminal emulator: ignored a file of unknown kind")
            return
        if is_reply:
            return
        try:
            reply = self.service.handle(kind, data, http=False)
        except MessageError as exc:
            log.warning("terminal emulator: unreadable request (%s)", exc.code)
            return
        if self.service.faults.latency > 0 and self._stop.wait(self.service.faults.latency):
            return
        if reply.failure is Failure.HANG:
            return  # never answer this one
        target = self.root / REPLY_DIR / f"{kind.reply_prefix}_{identifier}.xml"
        self._write(target, reply.body)
        self.answered += 1

    def _write(self, target: Path, body: bytes) -> None:
        slow = self.slow_write
        if slow is None or slow.pieces <= 1:
            write_atomically(target, body)
            return
        step = max(1, -(-len(body) // slow.pieces))
        with open(target, "wb") as handle:
            for start in range(0, len(body), step):
                handle.write(body[start : start + step])
                handle.flush()
                os.fsync(handle.fileno())
                if start + step < len(body) and self._stop.wait(slow.pause):
                    return

    def drop_face(
        self,
        person: SyntheticPerson,
        consents: Mapping[ConsentItem, bool] | None = None,
        *,
        file_identifier: str | None = None,
    ) -> Path:
        """Write a face-recognition reader result for ``person`` into ``face/``."""
        identifier = file_identifier or new_file_identifier()
        body = self.service.face_result(person, consents or {}, file_identifier=identifier)
        target = self.root / FACE_DIR / f"{RequestKind.SINGLE.reply_prefix}_{identifier}.xml"
        self._write(target, body)
        return target


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    """Poll ``predicate()`` until true or ``timeout`` seconds pass (for the CLI and tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
