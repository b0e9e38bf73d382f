"""Today's queue: check-in, status changes, duplicate check-in warning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic_app.core.errors import KnownError
from clinic_app.services.ports import (
    AuditSink,
    Clock,
    NewVisit,
    PatientRecord,
    PatientRepository,
    VisitRecord,
    VisitRepository,
    VisitStatus,
)

#: Status moves the desk may make; CANCELLED is reachable from any open status.
STATUS_MOVES: dict[VisitStatus, frozenset[VisitStatus]] = {
    VisitStatus.WAITING: frozenset({VisitStatus.IN_CONSULTATION, VisitStatus.CANCELLED}),
    VisitStatus.IN_CONSULTATION: frozenset(
        {VisitStatus.BILLING, VisitStatus.WAITING, VisitStatus.CANCELLED}
    ),
    VisitStatus.BILLING: frozenset(
        {VisitStatus.DONE, VisitStatus.IN_CONSULTATION, VisitStatus.CANCELLED}
    ),
    VisitStatus.DONE: frozenset({VisitStatus.BILLING}),
    VisitStatus.CANCELLED: frozenset({VisitStatus.WAITING}),
}


class InvalidStatusChange(KnownError):
    """The visit cannot move to that status from where it is."""

    code = "queue.invalid_status_change"


class UnknownVisit(KnownError):
    code = "queue.unknown_visit"


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One row of today's queue (the UI's table model reads these)."""

    visit: VisitRecord
    patient: PatientRecord | None  # None if the patient row vanished (shown as unknown)


@dataclass(frozen=True, slots=True)
class CheckInAttempt:
    """Either the visit created, or the visit it would duplicate (nothing created)."""

    visit: VisitRecord | None
    duplicate_of: VisitRecord | None = None


class QueueService:
    """Reads and changes today's queue; one place for the duplicate rule."""

    def __init__(
        self,
        visits: VisitRepository,
        patients: PatientRepository,
        audit: AuditSink,
        clock: Clock,
        *,
        staff_id: str | None = None,
    ) -> None:
        self._visits = visits
        self._patients = patients
        self._audit = audit
        self._clock = clock
        self._staff_id = staff_id

    def today(self) -> date:
        return self._clock().date()

    def entries(self, day: date | None = None) -> list[QueueEntry]:
        """The day's visits by arrival time, with their patients."""
        visits = sorted(self._visits.for_day(day or self.today()), key=lambda v: v.arrived_at)
        cache: dict[str, PatientRecord | None] = {}
        rows = []
        for visit in visits:
            if visit.patient_id not in cache:
                cache[visit.patient_id] = self._patients.get(visit.patient_id)
            rows.append(QueueEntry(visit, cache[visit.patient_id]))
        return rows

    def open_visit_today(self, patient_id: str, day: date | None = None) -> VisitRecord | None:
        """A visit of this patient today that is not cancelled, if any."""
        for visit in self._visits.for_day(day or self.today()):
            if visit.patient_id == patient_id and visit.status is not VisitStatus.CANCELLED:
                return visit
        return None

    def check_in(self, visit: NewVisit, *, confirm_duplicate: bool = False) -> CheckInAttempt:
        """Create the visit unless the patient is already in today's queue.

        A duplicate is created only when ``confirm_duplicate`` is set (staff saw
        the warning); otherwise the existing visit is returned and nothing changes.
        """
        existing = self.open_visit_today(visit.patient_id, visit.arrived_at.date())
        if existing is not None and not confirm_duplicate:
            return CheckInAttempt(None, existing)
        created = self._visits.create(visit)
        self._audit.append(
            "visit_created",
            staff_id=visit.staff_id or self._staff_id,
            patient_id=visit.patient_id,
            detail={
                "visit_id": created.visit_id,
                "established_by": visit.established_by.value,
                "needs_recheck": "1" if visit.needs_recheck else "0",
                **({"reason": visit.reason} if visit.reason else {}),
                **({"duplicate": "1"} if existing is not None else {}),
            },
        )
        return CheckInAttempt(created, existing)

    def set_status(self, visit_id: str, status: VisitStatus) -> VisitRecord:
        """Move a visit along; raises ``InvalidStatusChange`` for a move not in STATUS_MOVES."""
        current = self._find(visit_id)
        if status is current.status:
            return current
        if status not in STATUS_MOVES[current.status]:
            raise InvalidStatusChange(
                f"cannot move a visit from {current.status.value} to {status.value}"
            )
        updated = self._visits.set_status(visit_id, status)
        self._audit.append(
            "visit_status",
            staff_id=self._staff_id,
            patient_id=current.patient_id,
            detail={"visit_id": visit_id, "from": current.status.value, "to": status.value},
        )
        return updated

    def _find(self, visit_id: str) -> VisitRecord:
        visit = self._visits.get(visit_id)
        if visit is None:
            raise UnknownVisit(f"no visit {visit_id}")
        return visit
