"""Is the eligibility service reachable? And what do we last know about a patient?

The detector is fed the outcome of every query (check-ins, re-checks). After
``failures_to_offline`` service failures in a row the desk is offline (the UI
shows the banner); the first answer after that makes it online again and tells
the caller, which then runs the re-check queue.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from clinic_app.services.checkin_types import Outcome
from clinic_app.services.ports import Clock, EligibilityCheckRecord, EligibilityRepository

#: Outcomes that say the service itself is unreachable or failing.
SERVICE_FAILURES = frozenset({Outcome.SERVICE_DOWN, Outcome.SERVICE_TIMEOUT, Outcome.SERVICE_BUSY})
#: Outcomes that prove the service answered.
SERVICE_ANSWERS = frozenset(
    {
        Outcome.RESULT_VALID,
        Outcome.RESULT_INVALID,
        Outcome.RESULT_NEWER_EXISTS,
        Outcome.RESULT_NOT_FOUND,
        Outcome.RESULT_SEVERAL_MATCH,
        Outcome.SERVICE_ERROR,
        Outcome.CARD_REJECTED,
    }
)


class Connectivity(Enum):
    UNKNOWN = "unknown"  # nothing asked yet
    ONLINE = "online"
    OFFLINE = "offline"


class Change(Enum):
    NONE = "none"
    WENT_OFFLINE = "went_offline"
    BACK_ONLINE = "back_online"  # run the re-check queue now


@dataclass(frozen=True, slots=True)
class LastKnown:
    """The newest stored answer for a patient and how old it is (shown as unverified)."""

    check: EligibilityCheckRecord
    age: timedelta


class OfflineDetector:
    """Thread-safe: workers report outcomes, the GUI thread reads ``state``."""

    def __init__(
        self,
        clock: Clock,
        eligibility: EligibilityRepository,
        *,
        failures_to_offline: int = 1,
    ) -> None:
        self._clock = clock
        self._eligibility = eligibility
        self._threshold = max(1, failures_to_offline)
        self._lock = threading.Lock()
        self._state = Connectivity.UNKNOWN
        self._failures = 0
        self._since: datetime | None = None

    @property
    def state(self) -> Connectivity:
        with self._lock:
            return self._state

    @property
    def offline_since(self) -> datetime | None:
        with self._lock:
            return self._since if self._state is Connectivity.OFFLINE else None

    def observe(self, outcome: Outcome) -> Change:
        """Feed one query outcome; returns what changed (outcomes not about the service: none)."""
        with self._lock:
            if outcome in SERVICE_FAILURES:
                self._failures += 1
                if self._state is not Connectivity.OFFLINE and self._failures >= self._threshold:
                    self._state = Connectivity.OFFLINE
                    self._since = self._clock()
                    return Change.WENT_OFFLINE
                return Change.NONE
            if outcome in SERVICE_ANSWERS:
                self._failures = 0
                was_offline = self._state is Connectivity.OFFLINE
                self._state = Connectivity.ONLINE
                self._since = None
                return Change.BACK_ONLINE if was_offline else Change.NONE
            return Change.NONE

    def last_known(self, patient_id: str) -> LastKnown | None:
        """The patient's newest stored answer with its age, for the offline desk."""
        check = self._eligibility.last_known(patient_id)
        if check is None:
            return None
        now = self._clock()
        checked = check.checked_at
        if (now.tzinfo is None) != (checked.tzinfo is None):
            now = now.replace(tzinfo=None) if checked.tzinfo is None else now.astimezone()
        return LastKnown(check, max(now - checked, timedelta(0)))
