"""What the reception window needs from the rest of the app, as plain callables.

The composition root (``clinic_app.wiring``) fills this from the services and
adapters; tests fill it with the same real services over a throw-away database.
Every callable may be slow and is only ever called through the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from clinic_app.services.ports import PatientRecord, VisitRecord, VisitStatus
from clinic_app.services.queue import QueueEntry
from clinic_app.ui.session import StaffSession


@dataclass(frozen=True, slots=True)
class RecheckSummary:
    """Result of running the re-check queue (counts only)."""

    checked: int
    still_pending: int


@dataclass(slots=True)
class DeskServices:
    """Callables behind the desk; optional ones hide their buttons when None."""

    load_queue: Callable[[], list[QueueEntry]]
    search_patients: Callable[[str], list[PatientRecord]]
    get_patient: Callable[[str], PatientRecord | None]
    set_visit_status: Callable[[str, VisitStatus, StaffSession], VisitRecord]
    #: True when the eligibility service answers (for the offline banner).
    probe_service: Callable[[], bool] | None = None
    pending_rechecks: Callable[[], int] | None = None
    run_rechecks: Callable[[StaffSession], RecheckSummary] | None = None
    logout: Callable[[StaffSession], None] | None = None
