"""Terminal-folder transport: the qualification-confirmation terminal's shared folders.

Layout under ``root`` (DESIGN.md §4): ``req/`` where we drop requests
(``OQSsiquc01req_<id>.xml``), ``res/`` where the terminal answers
(``OQSsiquc01res_<id>.xml``, matched by ``ArbitraryFileIdentifier``), ``face/``
where the certified face-recognition reader drops results nobody asked for, and
``archive/`` (ours) where processed files are moved, by day.

Two rules keep files whole:
- we write a request under a temporary name that the terminal ignores (it does
  not end in ``.xml``) and publish it with an atomic rename;
- we read a reply only when it is complete: it ends with ``</XmlMsg>`` and its
  size has not changed for one poll interval. A file that stops growing without
  ever ending properly is handed over after ``settle_seconds`` so the parser
  can report it as malformed rather than waiting forever.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app.eligibility.transport import (
    ReplyTooLarge,
    ServiceTimeout,
    ServiceUnavailable,
    TransportError,
    log_traffic,
)

if TYPE_CHECKING:
    from clinic_app.eligibility.messages import RequestKind

log = logging.getLogger(__name__)

REQUEST_DIR = "req"
REPLY_DIR = "res"
FACE_DIR = "face"
ARCHIVE_DIR = "archive"
_IDENTIFIER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_END_TAG = b"</XmlMsg>"
DEFAULT_MAX_REPLY_BYTES = 20 * 1024 * 1024


def request_file_name(kind: RequestKind, file_identifier: str) -> str:
    return f"{kind.request_prefix}_{file_identifier}.xml"


def reply_file_name(kind: RequestKind, file_identifier: str) -> str:
    return f"{kind.reply_prefix}_{file_identifier}.xml"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a hidden temporary name and an atomic rename."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def looks_complete(data: bytes) -> bool:
    """Whether ``data`` ends like a whole XmlMsg document (UTF-8 and Shift_JIS alike)."""
    return data.rstrip(b" \t\r\n\x00").endswith(_END_TAG)


class _CompleteFileReader:
    """Reads a file only once it is whole (see the module doc); tracks size between polls."""

    def __init__(self, settle_seconds: float, max_bytes: int) -> None:
        self._settle = settle_seconds
        self._max_bytes = max_bytes
        self._seen: dict[Path, tuple[int, float]] = {}  # path → (size, since)

    def read_if_complete(self, path: Path) -> bytes | None:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            self._seen.pop(path, None)
            return None
        except PermissionError:
            return None  # locked by its writer (Windows shares): look again next poll
        if size > self._max_bytes:
            raise ReplyTooLarge(
                f"The terminal's reply file is larger than the {self._max_bytes:,} byte limit "
                "and was not read. Ask IT to check the terminal."
            )
        now = time.monotonic()
        previous = self._seen.get(path)
        if previous is None or previous[0] != size:
            self._seen[path] = (size, now)
            return None  # new or still growing: look again next poll
        stable_for = now - previous[1]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._seen.pop(path, None)
            return None
        except PermissionError:
            return None
        if len(data) != size:
            self._seen[path] = (len(data), now)
            return None
        if looks_complete(data) or (size > 0 and stable_for >= self._settle):
            self._seen.pop(path, None)
            return data
        return None

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)


def archive_quietly(path: Path, archive_root: Path) -> bool:
    """Archive ``path``; a failure (file locked, share gone) is logged, not raised."""
    try:
        archive_file(path, archive_root)
    except OSError as exc:
        log.warning("a processed terminal file could not be archived (%s)", type(exc).__name__)
        return False
    return True


def archive_file(path: Path, archive_root: Path, *, today: date | None = None) -> Path | None:
    """Move ``path`` to ``archive_root/YYYYMMDD/`` (unique name); None if it vanished."""
    day_dir = archive_root / (today or date.today()).strftime("%Y%m%d")
    day_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = day_dir / path.name
    counter = 1
    while target.exists():
        target = day_dir / f"{path.stem}.{counter}{path.suffix}"
        counter += 1
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    return target


class FolderTransport:
    """Exchanges request/reply files with a qualification-confirmation terminal."""

    def __init__(
        self,
        root: str | Path,
        *,
        timeout: float = 30.0,
        poll_interval: float = 0.05,
        settle_seconds: float = 2.0,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
        archive: str | Path | None = None,
    ) -> None:
        self._root = Path(root)
        if not self._root.is_dir():
            raise ServiceUnavailable(
                f"The terminal folder {self._root} does not exist. Check that the "
                "qualification-confirmation terminal's shared folder is connected and set."
            )
        self._requests = self._root / REQUEST_DIR
        self._replies = self._root / REPLY_DIR
        self._archive = Path(archive) if archive is not None else self._root / ARCHIVE_DIR
        for folder in (self._requests, self._replies):
            if not folder.is_dir():
                raise ServiceUnavailable(
                    f"The terminal folder has no '{folder.name}' subfolder. Check the shared "
                    "folder setting (it must point at the folder holding req/ and res/)."
                )
        self._timeout = timeout
        self._poll_interval = poll_interval
        self._settle = settle_seconds
        self._max_reply_bytes = max_reply_bytes

    @property
    def root(self) -> Path:
        return self._root

    def exchange(
        self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
    ) -> bytes:
        """Drop the request in ``req/`` and wait for the matching reply in ``res/``."""
        del idempotent  # a file is written once; the terminal owns any resending
        if not _IDENTIFIER.match(file_identifier):
            raise TransportError(
                "The request's file identifier is not usable as a file name (a bug)."
            )
        request_path = self._requests / request_file_name(kind, file_identifier)
        reply_path = self._replies / reply_file_name(kind, file_identifier)
        if reply_path.exists():
            # A stale reply with our identifier (an earlier in-progress answer): set it aside.
            archive_quietly(reply_path, self._archive)
        log_traffic("write", kind.request_prefix, body)
        try:
            write_atomically(request_path, body)
        except OSError as exc:
            raise ServiceUnavailable(
                f"The request could not be written to the terminal folder ({exc.strerror}). "
                "Check that the shared folder is connected and writable."
            ) from exc
        reader = _CompleteFileReader(self._settle, self._max_reply_bytes)
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                data = reader.read_if_complete(reply_path)
            except TransportError:
                raise
            except OSError as exc:
                raise ServiceUnavailable(
                    f"The terminal folder became unreachable while waiting ({exc.strerror}). "
                    "Check the shared folder connection, then ask again."
                ) from exc
            if data is not None:
                archive_quietly(reply_path, self._archive)
                if request_path.exists():
                    archive_quietly(request_path, self._archive)
                log_traffic("read", kind.reply_prefix, data)
                return data
            if time.monotonic() >= deadline:
                withdrawn = self._withdraw(request_path)
                raise ServiceTimeout(
                    f"The terminal did not answer within {self._timeout:g} seconds. "
                    + (
                        "Check that the qualification-confirmation terminal is running; the "
                        "request was withdrawn."
                        if withdrawn
                        else "The terminal took the request but has not answered yet; try again."
                    )
                )
            time.sleep(self._poll_interval)

    def _withdraw(self, request_path: Path) -> bool:
        """Take back a request the terminal never picked up, so it is not answered late.

        True if we took it back; False if the terminal had already taken it.
        """
        try:
            return archive_file(request_path, self._archive / "withdrawn") is not None
        except OSError:
            return False

    def challenge(self) -> bytes:
        raise ServiceUnavailable(
            "The terminal checks My Number cards itself (face recognition or PIN on its reader); "
            "a card read at this desk cannot be sent through the terminal folder."
        )

    def close(self) -> None:
        """Nothing to release: every exchange cleans up its own files."""


class FaceWatcher:
    """Watches ``face/`` for results the certified card reader drops there unasked.

    ``on_result(file_name, data)`` is called from the watcher's own thread for
    each complete file, which is then archived under ``archive/face/``. A
    callback that raises leaves the file in ``archive/face/failed/`` and the
    watcher carries on.
    """

    def __init__(
        self,
        root: str | Path,
        on_result: Callable[[str, bytes], None],
        *,
        poll_interval: float = 0.25,
        settle_seconds: float = 2.0,
        max_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        self._face = Path(root) / FACE_DIR
        self._archive = Path(root) / ARCHIVE_DIR / "face"
        self._on_result = on_result
        self._interval = poll_interval
        self._reader = _CompleteFileReader(settle_seconds, max_bytes)
        self._delivered: set[str] = set()  # handled but not archivable: never deliver twice
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._face.mkdir(parents=True, exist_ok=True)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="face-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def poll_once(self) -> int:
        """Handle every complete file now; returns how many were handled (tests use this)."""
        handled = 0
        try:
            names = sorted(os.listdir(self._face))
        except FileNotFoundError:
            return 0
        self._delivered &= set(names)
        for name in names:
            if not name.endswith(".xml") or name.startswith(".") or name in self._delivered:
                continue
            path = self._face / name
            try:
                data = self._reader.read_if_complete(path)
            except ReplyTooLarge:
                log.warning("face result file over the size limit moved aside")
                if not archive_quietly(path, self._archive / "failed"):
                    self._delivered.add(name)
                continue
            if data is None:
                continue
            try:
                self._on_result(name, data)
            except Exception:
                log.exception("a face result could not be handled; file kept in the archive")
                archived = archive_quietly(path, self._archive / "failed")
            else:
                archived = archive_quietly(path, self._archive)
            if not archived:
                self._delivered.add(name)
            handled += 1
        return handled

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except OSError:
                log.warning("the terminal's face folder cannot be read; retrying")
            self._stop.wait(self._interval)

    def __enter__(self) -> FaceWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
