"""Plain frozen values the repositories return (never ORM objects) and the enums they use.

Ids are the database's integer keys; ``PatientRecord.patient_number`` is the
clinic's own patient ID (診察券番号) as text. Datetimes are naive local desk time;
an aware value passed in is converted to local time first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import (
    ElderlyRecipient,
    EligibilityResult,
    HighCostLimit,
    SpecificDisease,
)
from clinic_app.core.history import CheckupItem, MedicationLine
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.patient import Sex

# --------------------------------------------------------------------------- enums


class EligibilitySource(Enum):
    """How eligibility was established for a visit or a check."""

    CARD = "card"  # card + PIN, signed challenge, online answer
    CARD_VISUAL = "card_visual"  # card + staff visual check of the photo, online answer
    FACE_READER = "face_reader"  # result dropped by a certified face-recognition reader
    NUMBERS = "numbers"  # 資格確認書 / old insurance card numbers, online answer
    CERTIFICATE_NOTICE = "certificate_notice"  # 資格情報のお知らせ, numbers typed
    SELF_DECLARATION = "self_declaration"  # 被保険者資格申立書
    CACHED = "cached"  # last known eligibility; the service was unreachable


#: Sources that stand on an online answer from the service at the time of the visit.
ONLINE_SOURCES = frozenset(
    {
        EligibilitySource.CARD,
        EligibilitySource.CARD_VISUAL,
        EligibilitySource.FACE_READER,
        EligibilitySource.NUMBERS,
    }
)


class VisitStatus(Enum):
    """Where a visit is in the day's queue."""

    WAITING = "waiting"
    CALLED = "called"
    IN_CONSULTATION = "in_consultation"
    BILLING = "billing"
    DONE = "done"
    CANCELLED = "cancelled"


class StaffRole(Enum):
    RECEPTION = "reception"
    DOCTOR = "doctor"
    ADMIN = "admin"


class AuditEvent(Enum):
    """Event codes written to the audit log (the value is what is stored)."""

    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"
    LOCKOUT = "lockout"
    USER_ADDED = "user_added"
    USER_LISTED = "user_listed"
    USER_LOCKED = "user_locked"
    USER_UNLOCKED = "user_unlocked"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event code)
    CARD_READ = "card_read"
    CONSENT = "consent"
    ELIGIBILITY_QUERY = "eligibility_query"
    CHECK_IN = "check_in"
    RECHECK = "recheck"
    HISTORY_FETCH = "history_fetch"
    HISTORY_VIEW = "history_view"
    EXPORT = "export"
    SETTINGS_CHANGE = "settings_change"
    BACKUP = "backup"
    RESTORE = "restore"
    BACKUP_KEY_EXPORTED = "backup_key_exported"  # the key itself is written only to the file
    BACKUP_KEY_IMPORTED = "backup_key_imported"
    PURGE = "purge"
    MIGRATION = "migration"


class AppointmentPrecheck(Enum):
    """State of an appointment's bulk eligibility pre-check."""

    PENDING = "pending"
    VALID = "valid"
    PROBLEM = "problem"  # invalid / not found / several match: ask at the desk
    FAILED = "failed"  # the service could not answer


# ------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """A registered patient: the clinic's spelling and the service's last spelling (● kept)."""

    id: int
    patient_number: str  # the clinic's own patient ID (診察券番号)
    name: str  # as registered at the clinic
    kana: str  # as registered at the clinic
    birthdate: date
    sex: Sex
    received_name: str | None  # as last received from the service, ● kept
    received_kana: str | None  # half-width katakana as received
    kana_key: str  # normalise_kana(kana): what search and matching use
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class InsuranceRecord:
    """One insurance qualification as learned (from the service or typed at the desk)."""

    id: int
    patient_id: int
    numbers: InsuranceNumbers
    card_classification: str | None  # InsuredCardClassification raw code
    insurer_name: str | None
    valid_from: date | None
    valid_until: date | None
    copay_percent: int | None
    elderly: ElderlyRecipient | None
    high_cost_limit: HighCostLimit | None
    specific_diseases: tuple[SpecificDisease, ...]
    source: EligibilitySource
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class EligibilityCheckRecord:
    """One eligibility check: when, which path, the result codes and the parsed result."""

    id: int
    patient_id: int | None  # None until matched to a patient
    checked_at: datetime
    source: EligibilitySource
    validity: str | None  # QualificationValidity raw code
    processing_code: str | None
    segment_of_result: str | None
    error_code: str | None  # a transport/service error code when there was no answer
    result: EligibilityResult | None  # None when the service gave no answer
    numbers: InsuranceNumbers | None
    has_raw_reply: bool


@dataclass(frozen=True, slots=True)
class LastKnownEligibility:
    """The newest check with an answer for a patient, and how old it is (offline desk)."""

    check: EligibilityCheckRecord
    age: timedelta


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """A visit in a day's queue and how its eligibility was established."""

    id: int
    patient_id: int
    visit_date: date
    queue_number: int  # 1, 2, ... per day
    checked_in_at: datetime
    status: VisitStatus
    source: EligibilitySource
    reason: str | None  # outcome code why a fallback was used (e.g. "service_unavailable")
    needs_recheck: bool
    rechecked_at: datetime | None
    check_id: int | None  # the eligibility check behind it, if any
    recheck_check_id: int | None
    numbers: InsuranceNumbers | None
    staff_id: int | None
    appointment_id: int | None


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """A visit with its patient, for the day's queue view."""

    visit: VisitRecord
    patient: PatientRecord


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One consent as given or received, kept with when it was recorded."""

    id: int
    patient_id: int
    item: ConsentItem
    agreed: bool
    consent_time: datetime | None
    available_until: datetime | None
    recorded_at: datetime
    check_id: int | None

    def as_consent(self) -> Consent:
        return Consent(self.item, self.agreed, self.consent_time, self.available_until)


@dataclass(frozen=True, slots=True)
class StoredMedicationLine:
    id: int
    patient_id: int
    fetched_at: datetime
    line: MedicationLine


@dataclass(frozen=True, slots=True)
class StoredCheckupItem:
    id: int
    patient_id: int
    fetched_at: datetime
    item: CheckupItem


@dataclass(frozen=True, slots=True)
class StaffUser:
    """A staff account. ``password_hash`` is the KDF string, never the password."""

    id: int
    username: str
    role: StaffRole
    active: bool
    failed_attempts: int
    locked_until: datetime | None  # datetime.max: locked until an admin unlocks
    last_login_at: datetime | None
    created_at: datetime
    password_hash: str = field(repr=False, default="")

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclass(frozen=True, slots=True)
class AppointmentRecord:
    id: int
    patient_id: int
    scheduled_at: datetime
    precheck: AppointmentPrecheck
    precheck_check_id: int | None
    cancelled: bool


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row. ``detail`` holds ids and codes only."""

    seq: int
    occurred_at: datetime
    event: str  # an AuditEvent value (kept as text so unknown codes survive)
    staff_id: int | None
    patient_id: int | None
    detail: Mapping[str, str | int | bool | None]
    prev_hash: str
    row_hash: str


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """Result of walking the audit chain; ``first_bad_seq`` names the first bad row."""

    ok: bool
    rows_checked: int
    first_bad_seq: int | None = None
    problem: str | None = None  # "content changed", "row missing or inserted", ...
    head_hash: str | None = None  # hash of the last row: write it down to detect truncation


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long each kind of data is kept (DESIGN.md §7; a clinic setting)."""

    histories: timedelta = timedelta(days=90)  # after fetch
    visits: timedelta = timedelta(days=5 * 365)  # visits, checks, consents, appointments
    audit: timedelta = timedelta(days=5 * 365)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """How many rows of each kind a purge removed."""

    cutoff_histories: datetime
    cutoff_visits: datetime
    cutoff_audit: datetime
    removed: Mapping[str, int]
