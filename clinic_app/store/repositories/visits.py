"""Visits: the day's queue, how eligibility was established, the re-check queue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.store.errors import NotFound
from clinic_app.store.records import (
    ONLINE_SOURCES,
    EligibilitySource,
    QueueEntry,
    VisitRecord,
    VisitStatus,
)
from clinic_app.store.repositories.base import LOCK_VISIT_DAY, Repository
from clinic_app.store.repositories.eligibility import numbers_from_json, numbers_to_json
from clinic_app.store.repositories.patients import row_to_patient
from clinic_app.store.schema import patients, visits

_PATIENT_LABELS = [c.label(f"p_{c.name}") for c in patients.c]

# Hot-path statements are built once; SQLAlchemy then reuses their compiled form.
_NEXT_NUMBER = sa.select(sa.func.coalesce(sa.func.max(visits.c.queue_number), 0) + 1).where(
    visits.c.visit_date == sa.bindparam("day")
)
_INSERT = visits.insert().returning(*visits.c)
_BY_ID = visits.select().where(visits.c.id == sa.bindparam("visit_id"))
_QUEUE_BASE = (
    sa.select(visits, *_PATIENT_LABELS)
    .join(patients, patients.c.id == visits.c.patient_id)
    .where(visits.c.visit_date == sa.bindparam("day"))
)
_QUEUE = _QUEUE_BASE.where(visits.c.status != VisitStatus.CANCELLED.value).order_by(
    visits.c.queue_number
)
_QUEUE_ALL = _QUEUE_BASE.order_by(visits.c.queue_number)
_FOR_PATIENT = (
    visits.select()
    .where(visits.c.patient_id == sa.bindparam("patient_id"))
    .order_by(visits.c.visit_date.desc(), visits.c.queue_number.desc())
    .limit(sa.bindparam("limit"))
)


_STATUSES = {status.value: status for status in VisitStatus}
_SOURCES = {source.value: source for source in EligibilitySource}
_VISIT_WIDTH = len(visits.c)


def _row_to_visit(row: Any) -> VisitRecord:
    """From a row in ``visits`` column order (positional: the queue reads many rows)."""
    (
        visit_id,
        patient_id,
        visit_date,
        queue_number,
        checked_in_at,
        status,
        source,
        reason,
        check_id,
        numbers_json,
        staff_id,
        needs_recheck,
        rechecked_at,
        recheck_check_id,
        appointment_id,
    ) = row[:_VISIT_WIDTH]
    return VisitRecord(
        id=visit_id,
        patient_id=patient_id,
        visit_date=visit_date,
        queue_number=queue_number,
        checked_in_at=checked_in_at,
        status=_STATUSES[status],
        source=_SOURCES[source],
        reason=reason,
        needs_recheck=bool(needs_recheck),
        rechecked_at=rechecked_at,
        check_id=check_id,
        recheck_check_id=recheck_check_id,
        numbers=numbers_from_json(numbers_json),
        staff_id=staff_id,
        appointment_id=appointment_id,
    )


def _row_to_entry(row: Any) -> QueueEntry:
    return QueueEntry(visit=_row_to_visit(row), patient=row_to_patient(row[_VISIT_WIDTH:]))


class VisitRepository(Repository):
    """Visits per day; each day's queue numbers start at 1 and never repeat."""

    def check_in(
        self,
        patient_id: int,
        *,
        source: EligibilitySource,
        at: datetime | None = None,
        reason: str | None = None,
        needs_recheck: bool | None = None,
        check_id: int | None = None,
        numbers: InsuranceNumbers | None = None,
        staff_id: int | None = None,
        appointment_id: int | None = None,
        status: VisitStatus = VisitStatus.WAITING,
    ) -> VisitRecord:
        """Create a visit with the next queue number of its day.

        ``needs_recheck`` defaults to True when eligibility did not come from an
        online answer (certificate notice, self-declaration, cached). ``reason`` is
        an outcome code (e.g. "service_unavailable"), never free text with names.
        """
        now = self._now(at)
        day = now.date()
        if needs_recheck is None:
            needs_recheck = source not in ONLINE_SOURCES
        self._advisory_lock(LOCK_VISIT_DAY, day.toordinal())
        next_number = self._conn.execute(_NEXT_NUMBER, {"day": day}).scalar_one()
        row = self._conn.execute(
            _INSERT,
            {
                "patient_id": patient_id,
                "visit_date": day,
                "queue_number": next_number,
                "checked_in_at": now,
                "status": status.value,
                "source": source.value,
                "reason": reason,
                "needs_recheck": needs_recheck,
                "check_id": check_id,
                "numbers_json": numbers_to_json(numbers),
                "staff_id": staff_id,
                "appointment_id": appointment_id,
                "rechecked_at": None,
                "recheck_check_id": None,
            },
        ).one()
        return _row_to_visit(row)

    def get(self, visit_id: int) -> VisitRecord:
        row = self._conn.execute(_BY_ID, {"visit_id": visit_id}).first()
        if row is None:
            raise NotFound(f"no visit with id {visit_id}")
        return _row_to_visit(row)

    def set_status(self, visit_id: int, status: VisitStatus) -> VisitRecord:
        self._update(visit_id, {"status": status.value})
        return self.get(visit_id)

    def for_day(self, day: date, *, include_cancelled: bool = True) -> list[VisitRecord]:
        query = visits.select().where(visits.c.visit_date == day)
        if not include_cancelled:
            query = query.where(visits.c.status != VisitStatus.CANCELLED.value)
        return [_row_to_visit(r) for r in self._conn.execute(query.order_by(visits.c.queue_number))]

    def queue(self, day: date, *, include_cancelled: bool = False) -> list[QueueEntry]:
        """The day's queue with each visit's patient, in queue order."""
        query = _QUEUE_ALL if include_cancelled else _QUEUE
        return [_row_to_entry(r) for r in self._conn.execute(query, {"day": day}).all()]

    def for_patient(self, patient_id: int, *, limit: int = 100) -> list[VisitRecord]:
        rows = self._conn.execute(_FOR_PATIENT, {"patient_id": patient_id, "limit": limit}).all()
        return [_row_to_visit(r) for r in rows]

    def recheck_queue(self) -> list[QueueEntry]:
        """Visits admitted on a fallback that still wait for an online re-check, oldest first."""
        query = (
            sa.select(visits, *_PATIENT_LABELS)
            .join(patients, patients.c.id == visits.c.patient_id)
            .where(visits.c.needs_recheck.is_(True), visits.c.rechecked_at.is_(None))
            .order_by(visits.c.checked_in_at, visits.c.id)
        )
        return [_row_to_entry(r) for r in self._conn.execute(query)]

    def mark_rechecked(
        self, visit_id: int, *, check_id: int | None, at: datetime | None = None
    ) -> VisitRecord:
        """Take a visit off the re-check queue, linking the check that settled it."""
        self._update(visit_id, {"rechecked_at": self._now(at), "recheck_check_id": check_id})
        return self.get(visit_id)

    def _update(self, visit_id: int, values: dict[str, object]) -> None:
        result = self._conn.execute(visits.update().where(visits.c.id == visit_id).values(values))
        if result.rowcount == 0:
            raise NotFound(f"no visit with id {visit_id}")
