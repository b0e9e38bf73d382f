"""The doctor's access to medication and checkup histories (DESIGN.md §6, §7).

Rules enforced here, not in the UI:

* Only the doctor role opens, fetches or exports histories. Anyone else gets
  :class:`HistoryAccessDenied` and the attempt is written to the audit log.
* Every open, fetch (successful or not) and export writes one audit row naming the
  patient and the staff member; the detail holds codes and counts only.
* A new fetch ("fetch again") needs a consent that is valid now (24 h from the
  consent time). When it has expired the fetch is refused with
  :class:`ConsentExpired`, but the stored copy stays readable until the store's
  retention purge removes it: opening never looks at the consent.

The service is synchronous and Qt-free; the UI runs it through its worker. It talks
to the outside through the ports below; :class:`StoreHistoryPorts` (end of this
module) maps them onto ``clinic_app.store``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.errors import KnownError
from clinic_app.core.history import CheckupHistory, CheckupItem, MedicationHistory, MedicationLine
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.patient import Sex

if TYPE_CHECKING:
    from clinic_app.store import Database

log = logging.getLogger(__name__)

#: The role value (``StaffRole.DOCTOR.value``) allowed to see histories.
DOCTOR_ROLE = "doctor"

#: Audit event codes, as ``clinic_app.store.records.AuditEvent`` values.
EVENT_VIEW = "history_view"
EVENT_FETCH = "history_fetch"
EVENT_EXPORT = "export"


class HistoryKind(Enum):
    """Which history; the value is what the audit detail records."""

    MEDICATION = "medication"
    CHECKUP = "checkup"

    @property
    def consent_item(self) -> ConsentItem:
        return ConsentItem.MEDICATION if self is HistoryKind.MEDICATION else ConsentItem.CHECKUP


class ExportFormat(Enum):
    PDF = "pdf"
    PRINT = "print"
    CLIPBOARD = "clipboard"


# ----------------------------------------------------------------------------- errors


class HistoryAccessDenied(KnownError):
    """The signed-in staff member's role may not see histories (only doctors may)."""

    code = "history_access_denied"


class ConsentExpired(KnownError):
    """No valid consent for this history now: a new fetch needs a new card reading."""

    code = "history_consent_expired"

    def __init__(self, kind: HistoryKind) -> None:
        super().__init__(
            f"The patient's consent for the {kind.value} history is not valid now;"
            " a new fetch needs a new card reading and consent.",
        )
        self.kind = kind


class NoInsuranceOnFile(KnownError):
    """The patient has no insurance numbers on file to ask the service with."""

    code = "history_no_insurance"


# ------------------------------------------------------------------------------ ports


class StaffMember(Protocol):
    """The signed-in user (``clinic_app.store.records.StaffUser`` fits)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> Enum: ...


@dataclass(frozen=True, slots=True)
class PatientSnapshot:
    """Everything opening a patient reads, taken in one read-only unit of work."""

    medication: tuple[MedicationLine, ...]
    medication_fetched_at: datetime | None  # newest fetch; None when nothing is stored
    checkups: tuple[CheckupItem, ...]
    checkups_fetched_at: datetime | None
    consents: Mapping[ConsentItem, Consent]  # newest per item
    sex: Sex | None


@dataclass(frozen=True, slots=True)
class PatientSummary:
    """A patient in the doctor's list of today's visits (shown on screen, never logged)."""

    patient_id: int
    patient_number: str
    name: str
    kana: str
    birthdate: date
    sex: Sex
    queue_number: int  # 0 when the patient has no visit today
    checked_in_at: datetime | None
    status: str  # VisitStatus value, "" without a visit today


class HistoryStorePort(Protocol):
    """Stored histories and what a fetch needs; each call is one unit of work."""

    def snapshot(self, patient_id: int) -> PatientSnapshot: ...

    def replace_medication(
        self, patient_id: int, lines: Sequence[MedicationLine], fetched_at: datetime
    ) -> None: ...

    def replace_checkups(
        self, patient_id: int, items: Sequence[CheckupItem], fetched_at: datetime
    ) -> None: ...

    def latest_consent(self, patient_id: int, item: ConsentItem) -> Consent | None: ...

    def fetch_key(self, patient_id: int) -> tuple[InsuranceNumbers, date] | None:
        """Insurance numbers and birth date to query the service with."""
        ...

    def todays_patients(self, day: date) -> list[PatientSummary]: ...

    def find_patient(self, patient_number: str) -> PatientSummary | None:
        """A registered patient by the clinic's patient number (診察券番号)."""
        ...


class HistoryFetcher(Protocol):
    """The eligibility client's history calls (``EligibilityClient`` fits)."""

    def fetch_medication(self, numbers: InsuranceNumbers, birthdate: date) -> MedicationHistory: ...

    def fetch_checkups(self, numbers: InsuranceNumbers, birthdate: date) -> CheckupHistory: ...


class AuditPort(Protocol):
    """Append-only audit log (``clinic_app.store`` audit repository fits)."""

    def append(
        self,
        event: str,
        *,
        staff_id: int | None,
        patient_id: int | None,
        detail: Mapping[str, str | int | bool | None],
    ) -> None: ...


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ConsentStatus:
    """What the header shows: under which consent, and until when a new fetch is allowed."""

    item: ConsentItem
    agreed: bool
    consent_time: datetime | None
    available_until: datetime | None
    allows_fetch: bool

    @classmethod
    def of(cls, consent: Consent | None, item: ConsentItem, now: datetime) -> ConsentStatus:
        if consent is None:
            return cls(item, False, None, None, False)
        return cls(
            item,
            consent.agreed,
            consent.consent_time,
            consent.available_until,
            consent.allows_fetch(now),
        )


@dataclass(frozen=True, slots=True)
class PatientHistories:
    """Everything the doctor's view shows for one patient, as of ``opened_at``."""

    patient_id: int
    opened_at: datetime
    sex: Sex | None
    medication: tuple[MedicationLine, ...]
    medication_fetched_at: datetime | None
    medication_consent: ConsentStatus
    checkups: tuple[CheckupItem, ...]
    checkups_fetched_at: datetime | None
    checkup_consent: ConsentStatus

    def consent(self, kind: HistoryKind) -> ConsentStatus:
        if kind is HistoryKind.MEDICATION:
            return self.medication_consent
        return self.checkup_consent

    def fetched_at(self, kind: HistoryKind) -> datetime | None:
        if kind is HistoryKind.MEDICATION:
            return self.medication_fetched_at
        return self.checkups_fetched_at


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    kind: HistoryKind
    fetched_at: datetime
    count: int  # lines or items received


# ---------------------------------------------------------------------------- service


def _local_naive(moment: datetime) -> datetime:
    """Desk time as the store keeps it: naive local (an aware clock is converted)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)


def _role_value(staff: StaffMember) -> str:
    return str(staff.role.value)


class HistoryService:
    """Open, fetch again and export a patient's histories, doctors only, all audited."""

    def __init__(
        self,
        store: HistoryStorePort,
        fetcher: HistoryFetcher | None,
        audit: AuditPort,
        *,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._store = store
        self._fetcher = fetcher
        self._audit = audit
        self._raw_clock = clock

    def _now(self) -> datetime:
        return _local_naive(self._raw_clock())

    # -- access ------------------------------------------------------------------------

    def _require_doctor(
        self, staff: StaffMember, event: str, patient_id: int | None, action: str
    ) -> None:
        role = _role_value(staff)
        if role == DOCTOR_ROLE:
            return
        self._audit.append(
            event,
            staff_id=staff.id,
            patient_id=patient_id,
            detail={"outcome": "refused", "reason": "role", "role": role, "action": action},
        )
        log.info("history %s refused: staff %s role %s", action, staff.id, role)
        raise HistoryAccessDenied(
            "Only doctors can open medication and checkup histories; the attempt was recorded."
        )

    @property
    def can_fetch(self) -> bool:
        """False when no eligibility service is wired (the UI then offers no fetch)."""
        return self._fetcher is not None

    def can_view(self, staff: StaffMember) -> bool:
        """For greying out the UI; the refusal itself happens (and is audited) in open()."""
        return _role_value(staff) == DOCTOR_ROLE

    def todays_patients(self, staff: StaffMember, day: date) -> list[PatientSummary]:
        """Today's visits for the doctor's list (no history data, so no audit row)."""
        if not self.can_view(staff):
            raise HistoryAccessDenied("Only doctors can open the history view.")
        return self._store.todays_patients(day)

    def find_patient(self, staff: StaffMember, patient_number: str) -> PatientSummary | None:
        """Look a patient up by the clinic's patient number (for opening from the desk).

        This is the first step of opening histories from the desk, so a refusal here
        is audited like a refused open.
        """
        summary = self._store.find_patient(patient_number)
        self._require_doctor(staff, EVENT_VIEW, summary.patient_id if summary else None, "open")
        return summary

    # -- open --------------------------------------------------------------------------

    def open(self, staff: StaffMember, patient_id: int) -> PatientHistories:
        """Read the stored histories; allowed whatever the consent, audited either way."""
        self._require_doctor(staff, EVENT_VIEW, patient_id, "open")
        now = self._now()
        snapshot = self._store.snapshot(patient_id)
        histories = PatientHistories(
            patient_id=patient_id,
            opened_at=now,
            sex=snapshot.sex,
            medication=snapshot.medication,
            medication_fetched_at=snapshot.medication_fetched_at,
            medication_consent=ConsentStatus.of(
                snapshot.consents.get(ConsentItem.MEDICATION), ConsentItem.MEDICATION, now
            ),
            checkups=snapshot.checkups,
            checkups_fetched_at=snapshot.checkups_fetched_at,
            checkup_consent=ConsentStatus.of(
                snapshot.consents.get(ConsentItem.CHECKUP), ConsentItem.CHECKUP, now
            ),
        )
        self._audit.append(
            EVENT_VIEW,
            staff_id=staff.id,
            patient_id=patient_id,
            detail={
                "outcome": "ok",
                "medication_lines": len(histories.medication),
                "checkup_items": len(histories.checkups),
            },
        )
        return histories

    # -- fetch -------------------------------------------------------------------------

    def fetch(self, staff: StaffMember, patient_id: int, kind: HistoryKind) -> FetchOutcome:
        """Ask the service again for one history and replace the stored copy.

        Refused without a valid consent now (:class:`ConsentExpired`); transport and
        message errors propagate unchanged after an audit row with their code.
        """
        self._require_doctor(staff, EVENT_FETCH, patient_id, "fetch")
        now = self._now()
        consent = self._store.latest_consent(patient_id, kind.consent_item)
        base_detail: dict[str, str | int | bool | None] = {"kind": kind.value}
        if consent is None or not consent.allows_fetch(now):
            self._audit.append(
                EVENT_FETCH,
                staff_id=staff.id,
                patient_id=patient_id,
                detail={**base_detail, "outcome": "refused", "reason": "consent"},
            )
            raise ConsentExpired(kind)
        key = self._store.fetch_key(patient_id)
        if key is None or self._fetcher is None:
            reason = "no_insurance" if key is None else "no_service"
            self._audit.append(
                EVENT_FETCH,
                staff_id=staff.id,
                patient_id=patient_id,
                detail={**base_detail, "outcome": "failed", "reason": reason},
            )
            if key is None:
                raise NoInsuranceOnFile("No insurance numbers are on file for this patient.")
            raise KnownError("No eligibility service is configured.", code="service_unconfigured")
        numbers, birthdate = key
        try:
            if kind is HistoryKind.MEDICATION:
                medication = self._fetcher.fetch_medication(numbers, birthdate)
                count = len(medication.lines)
                fetched_at = self._now()
                self._store.replace_medication(patient_id, medication.lines, fetched_at)
            else:
                checkups = self._fetcher.fetch_checkups(numbers, birthdate)
                count = len(checkups.items)
                fetched_at = self._now()
                self._store.replace_checkups(patient_id, checkups.items, fetched_at)
        except Exception as error:
            code = error.code if isinstance(error, KnownError) else "bug"
            self._audit.append(
                EVENT_FETCH,
                staff_id=staff.id,
                patient_id=patient_id,
                detail={**base_detail, "outcome": "failed", "error": code},
            )
            raise
        self._audit.append(
            EVENT_FETCH,
            staff_id=staff.id,
            patient_id=patient_id,
            detail={**base_detail, "outcome": "ok", "count": count},
        )
        return FetchOutcome(kind, fetched_at, count)

    # -- export ------------------------------------------------------------------------

    def record_export(
        self,
        staff: StaffMember,
        patient_id: int,
        kind: HistoryKind,
        export_format: ExportFormat,
        *,
        rows: int,
    ) -> None:
        """Audit an export (PDF, print, clipboard) before the UI writes anything out."""
        self._require_doctor(staff, EVENT_EXPORT, patient_id, "export")
        self._audit.append(
            EVENT_EXPORT,
            staff_id=staff.id,
            patient_id=patient_id,
            detail={
                "outcome": "ok",
                "kind": kind.value,
                "format": export_format.value,
                "rows": rows,
            },
        )


# ------------------------------------------------------------------- store adapter


class StoreHistoryPorts:
    """:class:`HistoryStorePort` and :class:`AuditPort` over ``clinic_app.store.Database``.

    Each call is one unit of work opened on the calling (worker) thread; reads use
    read-only snapshots, writes go through ``Database.run`` (retried while another
    desk holds the write lock). An audit row is committed on its own, so a refusal
    is recorded even though the service raises right after.
    """

    def __init__(self, database: Database, *, today: Callable[[], date] = date.today) -> None:
        self._db = database
        self._today = today

    def snapshot(self, patient_id: int) -> PatientSnapshot:
        with self._db.session(write=False) as uow:
            histories = uow.histories
            patient = uow.patients.find(patient_id)
            return PatientSnapshot(
                medication=tuple(stored.line for stored in histories.medication(patient_id)),
                medication_fetched_at=histories.medication_fetched_at(patient_id),
                checkups=tuple(stored.item for stored in histories.checkups(patient_id)),
                checkups_fetched_at=histories.checkups_fetched_at(patient_id),
                consents={
                    item: record.as_consent()
                    for item, record in uow.consents.current(patient_id).items()
                },
                sex=patient.sex if patient else None,
            )

    def replace_medication(
        self, patient_id: int, lines: Sequence[MedicationLine], fetched_at: datetime
    ) -> None:
        self._db.run(
            lambda uow: uow.histories.replace_medication(patient_id, lines, fetched_at=fetched_at)
        )

    def replace_checkups(
        self, patient_id: int, items: Sequence[CheckupItem], fetched_at: datetime
    ) -> None:
        self._db.run(
            lambda uow: uow.histories.replace_checkups(patient_id, items, fetched_at=fetched_at)
        )

    def latest_consent(self, patient_id: int, item: ConsentItem) -> Consent | None:
        with self._db.session(write=False) as uow:
            record = uow.consents.current(patient_id).get(item)
        return record.as_consent() if record else None

    def fetch_key(self, patient_id: int) -> tuple[InsuranceNumbers, date] | None:
        """Current insurance numbers, else those of the newest answered eligibility check."""
        with self._db.session(write=False) as uow:
            patient = uow.patients.find(patient_id)
            if patient is None:
                return None
            insurance = uow.insurance.current(patient_id)
            numbers = insurance.numbers if insurance else None
            if numbers is None:
                last = uow.eligibility.last_known(patient_id)
                numbers = last.check.numbers if last else None
        return (numbers, patient.birthdate) if numbers else None

    def todays_patients(self, day: date) -> list[PatientSummary]:
        with self._db.session(write=False) as uow:
            entries = uow.visits.queue(day)
        return [
            PatientSummary(
                patient_id=entry.patient.id,
                patient_number=entry.patient.patient_number,
                name=entry.patient.name,
                kana=entry.patient.kana,
                birthdate=entry.patient.birthdate,
                sex=entry.patient.sex,
                queue_number=entry.visit.queue_number,
                checked_in_at=entry.visit.checked_in_at,
                status=entry.visit.status.value,
            )
            for entry in entries
        ]

    def find_patient(self, patient_number: str) -> PatientSummary | None:
        with self._db.session(write=False) as uow:
            patient = uow.patients.by_number(patient_number)
            if patient is None:
                return None
            visit = next(
                (
                    entry.visit
                    for entry in uow.visits.queue(self._today())
                    if entry.patient.id == patient.id
                ),
                None,
            )
        return PatientSummary(
            patient_id=patient.id,
            patient_number=patient.patient_number,
            name=patient.name,
            kana=patient.kana,
            birthdate=patient.birthdate,
            sex=patient.sex,
            queue_number=visit.queue_number if visit else 0,
            checked_in_at=visit.checked_in_at if visit else None,
            status=visit.status.value if visit else "",
        )

    def append(
        self,
        event: str,
        *,
        staff_id: int | None,
        patient_id: int | None,
        detail: Mapping[str, str | int | bool | None],
    ) -> None:
        self._db.run(
            lambda uow: uow.audit.append(
                event, staff_id=staff_id, patient_id=patient_id, detail=detail
            )
        )
