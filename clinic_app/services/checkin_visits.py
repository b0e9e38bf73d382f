"""What a check-in writes when it ends: the patient, what was learned, the visit.

Kept apart from the state machine so that ``CheckInFlow`` only decides *what*
happens next; this module does the writing, idempotently where a duplicate
warning makes staff send the same event twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clinic_app.core.consent import Consent
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.services.checkin_types import FallbackKind
from clinic_app.services.patients import check_new_name
from clinic_app.services.ports import (
    Clock,
    EstablishedBy,
    NewPatient,
    NewVisit,
    Repositories,
)
from clinic_app.services.queue import CheckInAttempt, QueueService


@dataclass(frozen=True, slots=True)
class FallbackBasis:
    """The stored check a fallback visit rests on, and the numbers to re-check with."""

    check_id: str
    numbers: InsuranceNumbers | None


class VisitWriter:
    """Writes for one check-in (one instance per flow)."""

    def __init__(self, repositories: Repositories, clock: Clock, *, staff_id: str) -> None:
        self._repos = repositories
        self._clock = clock
        self._staff_id = staff_id
        self._queue = QueueService(
            repositories.visits,
            repositories.patients,
            repositories.audit,
            clock,
            staff_id=staff_id,
        )
        self._registered: dict[NewPatient, str] = {}
        self._kept: set[tuple[str, str | None]] = set()
        self._fallback_checks: dict[tuple[FallbackKind, str, InsuranceNumbers | None], str] = {}

    def register_patient(self, patient: NewPatient, *, names_reviewed: bool) -> str:
        """Register a new patient from staff-reviewed fields (once, even if asked twice)."""
        if patient in self._registered:
            return self._registered[patient]
        check_new_name(patient, names_reviewed=names_reviewed)
        patient_id = self._repos.patients.add(patient).patient_id
        self._registered[patient] = patient_id
        self._audit("patient_registered", patient_id, {"source": "eligibility_result"})
        return patient_id

    def keep_learned(
        self, patient_id: str, check_id: str | None, consents: tuple[Consent, ...]
    ) -> None:
        """Attach the check to the patient and record the consents given (once)."""
        if (patient_id, check_id) in self._kept:
            return
        if check_id is not None:
            self._repos.eligibility.attach_patient(check_id, patient_id)
        if consents:
            self._repos.eligibility.record_consents(patient_id, consents, check_id=check_id)
        self._kept.add((patient_id, check_id))

    def fallback_basis(
        self, kind: FallbackKind, patient_id: str, numbers: InsuranceNumbers | None
    ) -> FallbackBasis | None:
        """The check a fallback rests on: the last known answer, or a new record of
        the fallback itself (numbers typed, notice, declaration). None: nothing known."""
        if kind is FallbackKind.LAST_KNOWN:
            latest = self._repos.eligibility.last_known(patient_id)
            if latest is None:
                return None
            return FallbackBasis(latest.check_id, numbers or latest.numbers)
        key = (kind, patient_id, numbers)
        if key not in self._fallback_checks:
            record = self._repos.eligibility.save_check(
                patient_id=patient_id,
                checked_at=self._clock(),
                established_by=kind.established_by,
                result=None,
                numbers=numbers,
            )
            self._fallback_checks[key] = record.check_id
        return FallbackBasis(self._fallback_checks[key], numbers)

    def create_visit(
        self,
        *,
        patient_id: str,
        established_by: EstablishedBy,
        check_id: str | None,
        needs_recheck: bool,
        numbers: InsuranceNumbers | None,
        reason: str | None = None,
        confirm_duplicate: bool = False,
    ) -> CheckInAttempt:
        """Queue the visit, or report the visit it would duplicate (nothing created)."""
        visit = NewVisit(
            patient_id=patient_id,
            arrived_at=self._clock(),
            established_by=established_by,
            check_id=check_id,
            needs_recheck=needs_recheck,
            reason=reason,
            staff_id=self._staff_id,
            numbers=numbers,
        )
        return self._queue.check_in(visit, confirm_duplicate=confirm_duplicate)

    def _audit(self, event: str, patient_id: str, detail: Mapping[str, str]) -> None:
        self._repos.audit.append(
            event, staff_id=self._staff_id, patient_id=patient_id, detail=detail
        )
