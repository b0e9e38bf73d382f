"""The services' repository ports over ``clinic_app.store`` (one unit of work per call).

Vocabulary mapping: the services' ``patient_id`` is the clinic's patient number
(診察券番号, ``PatientRecord.patient_number``); visit, check and staff ids are the
store's integer keys as text. ``EstablishedBy`` maps one to one onto
``EligibilitySource``. Every call opens its own unit of work, so a port object
may be shared by threads (the UI runs service calls in workers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from clinic_app.core.consent import Consent
from clinic_app.core.eligibility import EligibilityResult, QualificationValidity
from clinic_app.core.errors import KnownError
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.services.ports import (
    EligibilityCheckRecord,
    EstablishedBy,
    NewPatient,
    NewVisit,
    PatientRecord,
    PatientSearch,
    Repositories,
    Role,
    StaffRecord,
    VisitRecord,
    VisitStatus,
)
from clinic_app.store import (
    Database,
    EligibilitySource,
    LockoutPolicy,
    NotFound,
    UnitOfWork,
)
from clinic_app.store import EligibilityCheckRecord as StoreCheck
from clinic_app.store import PatientRecord as StorePatient
from clinic_app.store import VisitRecord as StoreVisit
from clinic_app.store import VisitStatus as StoreVisitStatus

SOURCE_OF: dict[EstablishedBy, EligibilitySource] = {
    EstablishedBy.CARD_PIN: EligibilitySource.CARD,
    EstablishedBy.CARD_VISUAL: EligibilitySource.CARD_VISUAL,
    EstablishedBy.FACE_READER: EligibilitySource.FACE_READER,
    EstablishedBy.NUMBERS: EligibilitySource.NUMBERS,
    EstablishedBy.QUALIFICATION_NOTICE: EligibilitySource.CERTIFICATE_NOTICE,
    EstablishedBy.SELF_DECLARATION: EligibilitySource.SELF_DECLARATION,
    EstablishedBy.LAST_KNOWN: EligibilitySource.CACHED,
}
ESTABLISHED_BY: dict[EligibilitySource, EstablishedBy] = {v: k for k, v in SOURCE_OF.items()}

_STATUS_OF: dict[StoreVisitStatus, VisitStatus] = {
    StoreVisitStatus.WAITING: VisitStatus.WAITING,
    StoreVisitStatus.CALLED: VisitStatus.WAITING,  # not used by this desk; shown as waiting
    StoreVisitStatus.IN_CONSULTATION: VisitStatus.IN_CONSULTATION,
    StoreVisitStatus.BILLING: VisitStatus.BILLING,
    StoreVisitStatus.DONE: VisitStatus.DONE,
    StoreVisitStatus.CANCELLED: VisitStatus.CANCELLED,
}


class UnknownPatient(KnownError):
    """No registered patient has that patient number."""

    code = "patient_unknown"


def _patient(record: StorePatient) -> PatientRecord:
    return PatientRecord(
        record.patient_number, record.name, record.kana, record.birthdate, record.sex
    )


def _int_id(text: str | None) -> int | None:
    if text is None or not text.isdigit():
        return None
    return int(text)


def _patient_key(uow: UnitOfWork, patient_id: str | None) -> int | None:
    if patient_id is None:
        return None
    found = uow.patients.by_number(patient_id)
    return found.id if found is not None else None


def _require_patient(uow: UnitOfWork, patient_id: str) -> int:
    key = _patient_key(uow, patient_id)
    if key is None:
        raise UnknownPatient("no patient with that patient number")
    return key


def _visit(record: StoreVisit, patient_number: str) -> VisitRecord:
    check = record.recheck_check_id or record.check_id
    return VisitRecord(
        visit_id=str(record.id),
        patient_id=patient_number,
        visit_date=record.visit_date,
        arrived_at=record.checked_in_at,
        status=_STATUS_OF[record.status],
        established_by=ESTABLISHED_BY[record.source],
        needs_recheck=record.needs_recheck and record.rechecked_at is None,
        reason=record.reason,
        check_id=None if check is None else str(check),
        numbers=record.numbers,
    )


def _check(uow: UnitOfWork, record: StoreCheck) -> EligibilityCheckRecord:
    number = None
    if record.patient_id is not None:
        found = uow.patients.find(record.patient_id)
        number = found.patient_number if found is not None else None
    return EligibilityCheckRecord(
        check_id=str(record.id),
        patient_id=number,
        checked_at=record.checked_at,
        established_by=ESTABLISHED_BY[record.source],
        result=record.result,
        numbers=record.numbers,
    )


class StorePatients:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, patient_id: str) -> PatientRecord | None:
        with self._db.session(write=False) as uow:
            found = uow.patients.by_number(patient_id)
        return _patient(found) if found is not None else None

    def search(self, criteria: PatientSearch) -> list[PatientRecord]:
        low, high = criteria.birthdate_from, criteria.birthdate_to
        if low is None and high is not None:
            low = date.min
        if low is not None and high is None:
            high = date.max
        with self._db.session(write=False) as uow:
            found = uow.patients.search(
                kana_prefix=criteria.kana_prefix or None,
                birthdate=low,
                birthdate_to=high,
                patient_number=criteria.patient_id,
                limit=criteria.limit,
            )
        return [_patient(p) for p in found]

    def add(self, patient: NewPatient) -> PatientRecord:
        created = self._db.run(
            lambda uow: uow.patients.add(
                name=patient.name, kana=patient.kana, birthdate=patient.birthdate, sex=patient.sex
            )
        )
        return _patient(created)


class StoreEligibility:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save_check(
        self,
        *,
        patient_id: str | None,
        checked_at: datetime,
        established_by: EstablishedBy,
        result: EligibilityResult | None,
        numbers: InsuranceNumbers | None = None,
        consents: Sequence[Consent] = (),
        error_code: str | None = None,
    ) -> EligibilityCheckRecord:
        def work(uow: UnitOfWork) -> EligibilityCheckRecord:
            key = _patient_key(uow, patient_id)
            stored = uow.eligibility.record(
                source=SOURCE_OF[established_by],
                result=result,
                patient_id=key,
                numbers=numbers,
                error_code=error_code,
                at=checked_at,
            )
            checked = _check(uow, stored)
            return EligibilityCheckRecord(
                checked.check_id,
                checked.patient_id,
                checked.checked_at,
                checked.established_by,
                checked.result,
                checked.numbers,
                tuple(consents),
            )

        return self._db.run(work)

    def attach_patient(self, check_id: str, patient_id: str) -> None:
        """Attach, and keep the service's spelling and a valid result's insurance."""

        def work(uow: UnitOfWork) -> None:
            key = _require_patient(uow, patient_id)
            check = uow.eligibility.get(int(check_id))
            uow.eligibility.attach_patient(check.id, key)
            result = check.result
            if result is None or not result.records:
                return
            record = result.records[0]
            uow.patients.record_received(key, name=record.name, kana=record.name_kana)
            if result.validity is not None and result.validity.known is QualificationValidity.VALID:
                uow.insurance.add_from_result(key, record, source=check.source)

        self._db.run(work)

    def record_consents(
        self, patient_id: str, consents: Sequence[Consent], *, check_id: str | None
    ) -> None:
        def work(uow: UnitOfWork) -> None:
            key = _require_patient(uow, patient_id)
            uow.consents.record_all(key, consents, check_id=_int_id(check_id))

        self._db.run(work)

    def last_known(self, patient_id: str) -> EligibilityCheckRecord | None:
        with self._db.session(write=False) as uow:
            key = _patient_key(uow, patient_id)
            if key is None:
                return None
            known = uow.eligibility.last_known(key)
            return _check(uow, known.check) if known is not None else None


class StoreVisits:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, visit: NewVisit) -> VisitRecord:
        def work(uow: UnitOfWork) -> VisitRecord:
            key = _require_patient(uow, visit.patient_id)
            created = uow.visits.check_in(
                key,
                source=SOURCE_OF[visit.established_by],
                at=visit.arrived_at,
                reason=visit.reason,
                needs_recheck=visit.needs_recheck,
                check_id=_int_id(visit.check_id),
                numbers=visit.numbers,
                staff_id=_int_id(visit.staff_id),
            )
            return _visit(created, visit.patient_id)

        return self._db.run(work)

    def get(self, visit_id: str) -> VisitRecord | None:
        key = _int_id(visit_id)
        if key is None:
            return None
        with self._db.session(write=False) as uow:
            try:
                found = uow.visits.get(key)
            except NotFound:
                return None
            patient = uow.patients.get(found.patient_id)
        return _visit(found, patient.patient_number)

    def for_day(self, day: date) -> list[VisitRecord]:
        with self._db.session(write=False) as uow:
            entries = uow.visits.queue(day, include_cancelled=True)
        return [_visit(e.visit, e.patient.patient_number) for e in entries]

    def set_status(self, visit_id: str, status: VisitStatus) -> VisitRecord:
        def work(uow: UnitOfWork) -> VisitRecord:
            updated = uow.visits.set_status(int(visit_id), StoreVisitStatus(status.value))
            return _visit(updated, uow.patients.get(updated.patient_id).patient_number)

        return self._db.run(work)

    def pending_rechecks(self) -> list[VisitRecord]:
        with self._db.session(write=False) as uow:
            entries = uow.visits.recheck_queue()
        return [_visit(e.visit, e.patient.patient_number) for e in entries]

    def mark_rechecked(self, visit_id: str, check_id: str) -> VisitRecord:
        def work(uow: UnitOfWork) -> VisitRecord:
            updated = uow.visits.mark_rechecked(int(visit_id), check_id=int(check_id))
            return _visit(updated, uow.patients.get(updated.patient_id).patient_number)

        return self._db.run(work)


class StoreStaff:
    def __init__(self, db: Database, policy: LockoutPolicy | None = None) -> None:
        self._db = db
        self._policy = policy

    def authenticate(self, username: str, password: str) -> StaffRecord | None:
        user = self._db.run(
            lambda uow: uow.staff.authenticate(username, password, policy=self._policy)
        )
        if user is None:
            return None
        return StaffRecord(str(user.id), user.username, Role(user.role.value))

    def logout(self, staff_id: str) -> None:
        key = _int_id(staff_id)
        if key is not None:
            self._db.run(lambda uow: uow.staff.logout(key))


class StoreAudit:
    def __init__(self, db: Database) -> None:
        self._db = db

    def append(
        self,
        event: str,
        *,
        staff_id: str | None,
        patient_id: str | None,
        detail: Mapping[str, str] | None = None,
    ) -> None:
        def work(uow: UnitOfWork) -> None:
            uow.audit.append(
                event,
                staff_id=_int_id(staff_id),
                patient_id=_patient_key(uow, patient_id),
                detail=dict(detail or {}),
            )

        self._db.run(work)


def store_repositories(db: Database, *, lockout: LockoutPolicy | None = None) -> Repositories:
    """Every port the services need, over one database."""
    return Repositories(
        patients=StorePatients(db),
        eligibility=StoreEligibility(db),
        visits=StoreVisits(db),
        staff=StoreStaff(db, lockout),
        audit=StoreAudit(db),
    )
