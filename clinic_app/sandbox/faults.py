"""Fault switches for tests and training: make the sandbox misbehave on purpose.

Switches may be flipped while the sandbox runs (from a test, or the demo's
trainer panel). ``times`` limits how many requests the *failure* switches
(``http_status``, ``drop_connection``, ``hang``, ``malformed_xml``) affect;
``None`` means every request until switched off. ``in_progress`` is its own
count: the next *n* replies say "in progress, ask again". ``hang`` is bounded by
:data:`MAX_HANG_SECONDS` and by the server stopping, so nothing waits forever.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import Enum

MAX_HANG_SECONDS = 60.0


class Failure(Enum):
    """What the sandbox does instead of answering normally."""

    HTTP_STATUS = "http_status"
    DROP_CONNECTION = "drop_connection"
    HANG = "hang"
    MALFORMED_XML = "malformed_xml"


@dataclass
class SandboxFaults:
    """The switches; all off by default. Thread-safe to read and change."""

    latency: float = 0.0  # seconds added before every answer
    http_status: int | None = None  # answer with this HTTP status (HTTPS only), e.g. 503
    drop_connection: bool = False  # close the connection without answering (HTTPS only)
    hang: float = 0.0  # hold the request this long without answering (bounded)
    malformed_xml: bool = False  # answer with a broken XML document
    shift_jis: bool = False  # write replies in Shift_JIS instead of UTF-8
    in_progress: int = 0  # the next n replies are "in progress, ask again"
    times: int | None = None  # how many requests the failure switches affect (None: all)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def clear(self) -> None:
        with self._lock:
            self.latency = 0.0
            self.http_status = None
            self.drop_connection = False
            self.hang = 0.0
            self.malformed_xml = False
            self.shift_jis = False
            self.in_progress = 0
            self.times = None

    def take_failure(self, *, http: bool) -> Failure | None:
        """The failure to apply to this request, if any (and count it down).

        ``http`` is False for the folder terminal, which cannot send an HTTP
        status or drop a connection.
        """
        with self._lock:
            failure: Failure | None = None
            if http and self.http_status is not None:
                failure = Failure.HTTP_STATUS
            elif http and self.drop_connection:
                failure = Failure.DROP_CONNECTION
            elif self.hang > 0:
                failure = Failure.HANG
            elif self.malformed_xml:
                failure = Failure.MALFORMED_XML
            if failure is None:
                return None
            if self.times is not None:
                if self.times <= 0:
                    return None
                self.times -= 1
            return failure

    def take_in_progress(self) -> bool:
        """Whether this reply should say "in progress" (counts the switch down)."""
        with self._lock:
            if self.in_progress > 0:
                self.in_progress -= 1
                return True
            return False

    @property
    def hang_seconds(self) -> float:
        return min(max(self.hang, 0.0), MAX_HANG_SECONDS)


#: A reply that is not well-formed XML (cut off mid-element), for the malformed switch.
MALFORMED_REPLY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<XmlMsg><MessageHeader><SegmentOfResult>1'
    b"</SegmentOfResult></MessageHeader><MessageBody><QualificationValidity>1</Qualif"
)
