"""Re-check visits registered on a fallback once the service answers again.

Each pending visit is asked by numbers (the numbers stored with the visit, or
those of the patient's last known eligibility) and the patient's birth date. A
valid answer clears the flag; an answer that is not valid leaves the visit
flagged and is reported for staff to act on; a service failure stops the run
(the rest stays queued for next time).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum

from clinic_app.core.eligibility import QualificationRecord, QualificationValidity
from clinic_app.core.errors import InvalidInput, KnownError
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.services.errors import classify_query_error
from clinic_app.services.ports import (
    Clock,
    EligibilityPort,
    EstablishedBy,
    Repositories,
    VisitRecord,
)


class RecheckStatus(Enum):
    CONFIRMED = "confirmed"  # valid now: the flag is cleared
    PROBLEM = "problem"  # answered, but not valid: staff must look (flag kept)
    NO_NUMBERS = "no_numbers"  # nothing to ask with: ask the patient at the next visit
    SERVICE_FAILED = "service_failed"  # the service failed on this one: the run stopped


@dataclass(frozen=True, slots=True)
class RecheckOutcome:
    visit_id: str
    patient_id: str
    status: RecheckStatus
    check_id: str | None = None
    code: str | None = None  # validity code, or the outcome code of a failure


@dataclass(frozen=True, slots=True)
class RecheckReport:
    outcomes: tuple[RecheckOutcome, ...]
    remaining: int  # visits still pending after this run
    stopped_early: bool  # the service failed or the run was cancelled

    def count(self, status: RecheckStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def checked(self) -> int:
        """Visits the service answered for (confirmed or not)."""
        return self.count(RecheckStatus.CONFIRMED) + self.count(RecheckStatus.PROBLEM)

    @property
    def still_pending(self) -> int:
        return self.remaining


class RecheckRunner:
    """Runs the re-check queue synchronously; the UI calls ``run`` in a worker."""

    def __init__(
        self,
        eligibility: EligibilityPort,
        repositories: Repositories,
        clock: Clock,
        *,
        staff_id: str | None = None,
    ) -> None:
        self._eligibility = eligibility
        self._repos = repositories
        self._clock = clock
        self._staff_id = staff_id

    def pending(self) -> list[VisitRecord]:
        return self._repos.visits.pending_rechecks()

    def run(
        self, cancel: threading.Event | None = None, *, limit: int | None = None
    ) -> RecheckReport:
        """Re-check up to ``limit`` pending visits, oldest first."""
        outcomes: list[RecheckOutcome] = []
        stopped = False
        queue = self.pending()
        for visit in queue if limit is None else queue[:limit]:
            if cancel is not None and cancel.is_set():
                stopped = True
                break
            outcome = self._recheck(visit)
            outcomes.append(outcome)
            if outcome.status is RecheckStatus.SERVICE_FAILED:
                stopped = True
                break
        return RecheckReport(tuple(outcomes), len(self.pending()), stopped)

    def _recheck(self, visit: VisitRecord) -> RecheckOutcome:
        patient = self._repos.patients.get(visit.patient_id)
        numbers = visit.numbers
        if numbers is None:
            known = self._repos.eligibility.last_known(visit.patient_id)
            numbers = known.numbers if known is not None else None
            if numbers is None and known is not None and known.result and known.result.records:
                numbers = _numbers_from_record(known.result.records[0])
        if patient is None or numbers is None:
            return self._report(visit, RecheckStatus.NO_NUMBERS)
        try:
            result = self._eligibility.query_by_numbers(numbers, patient.birthdate)
        except KnownError as error:
            outcome = classify_query_error(error)
            self._audit(visit, "failed", outcome.value)
            return RecheckOutcome(
                visit.visit_id, visit.patient_id, RecheckStatus.SERVICE_FAILED, code=outcome.value
            )
        check = self._repos.eligibility.save_check(
            patient_id=visit.patient_id,
            checked_at=self._clock(),
            established_by=EstablishedBy.NUMBERS,
            result=result,
            numbers=numbers,
        )
        validity = result.validity.known if result.validity else None
        code = result.validity.raw if result.validity else "none"
        if validity is QualificationValidity.VALID and not result.in_progress:
            self._repos.eligibility.attach_patient(check.check_id, visit.patient_id)
            self._repos.visits.mark_rechecked(visit.visit_id, check.check_id)
            status = RecheckStatus.CONFIRMED
        else:
            status = RecheckStatus.PROBLEM
        self._audit(visit, status.value, code if code.isalnum() and len(code) <= 8 else "other")
        return RecheckOutcome(visit.visit_id, visit.patient_id, status, check.check_id, code)

    def _report(self, visit: VisitRecord, status: RecheckStatus) -> RecheckOutcome:
        self._audit(visit, status.value, None)
        return RecheckOutcome(visit.visit_id, visit.patient_id, status)

    def _audit(self, visit: VisitRecord, status: str, code: str | None) -> None:
        detail = {"visit_id": visit.visit_id, "status": status}
        if code:
            detail["code"] = code
        self._repos.audit.append(
            "recheck", staff_id=self._staff_id, patient_id=visit.patient_id, detail=detail
        )


def _numbers_from_record(record: QualificationRecord) -> InsuranceNumbers | None:
    """The numbers of a stored valid result (a card check teaches them too)."""
    try:
        return InsuranceNumbers.parse(
            record.insurer_number,
            record.insured_card_symbol or "",
            record.insured_identification_number,
            record.insured_branch_number,
        )
    except InvalidInput:
        return None


def run_rechecks(
    repositories: Repositories,
    eligibility: EligibilityPort,
    clock: Clock,
    *,
    staff_id: str | None = None,
    cancel: threading.Event | None = None,
) -> RecheckReport:
    """One run of the re-check queue (what the desk's "re-check now" button calls)."""
    return RecheckRunner(eligibility, repositories, clock, staff_id=staff_id).run(cancel)
