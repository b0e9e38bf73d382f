"""What the use cases need from the outside world, as Protocols (ports).

Services never build adapters: the composition root passes a card reader, the
eligibility client, repositories, a clock and an audit sink into constructors.
Tests pass fakes (``tests/helpers/services_fakes.py``); production passes the
real adapters (``clinic_app.services.store_adapter`` maps these ports onto
``clinic_app.store``).

Records crossing these ports are plain frozen dataclasses defined here, so a
service never holds an ORM object or a Qt type.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import EligibilityResult
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.patient import Sex

if TYPE_CHECKING:
    from cryptography import x509

#: Returns "now" as an aware datetime (tests pass a fixed or stepping clock).
Clock = Callable[[], datetime]


# --------------------------------------------------------------------------- card


class CardSession(Protocol):
    """One card in the field: raw APDU exchange (``clinic_app.readers.base.CardSession``)."""

    def transmit(self, apdu: bytes) -> bytes: ...

    def close(self) -> None: ...


class CardReaderPort(Protocol):
    """A reader that can wait for a card (``clinic_app.readers.base.CardReader``)."""

    def wait_for_card(self, timeout: float, cancel: threading.Event) -> CardSession | None: ...


class JpkiCardPort(Protocol):
    """The JPKI operations the check-in needs (``clinic_app.card.jpki.JpkiCard``).

    Raises the typed errors of ``clinic_app.card.errors`` (WrongPin, PinBlocked,
    CardRemoved, ...); the flow turns each into an outcome.
    """

    def select(self) -> None: ...

    def read_auth_certificate(self) -> x509.Certificate: ...

    def pin_tries_left(self) -> int: ...

    def verify_pin(self, pin: str, *, allow_last_try: bool = False) -> None: ...

    def sign(self, challenge: bytes) -> bytes: ...


#: Builds the card application over a session; production: ``lambda s: JpkiCard(s.transmit)``.
CardFactory = Callable[[CardSession], JpkiCardPort]


# ------------------------------------------------------------------ eligibility


class EligibilityPort(Protocol):
    """The eligibility client (``clinic_app.eligibility.client.EligibilityClient``).

    Raises ``clinic_app.eligibility.transport.TransportError`` subclasses when the
    service cannot be reached, and ``KnownError`` for malformed replies.
    ``prove`` receives the server challenge and returns a
    ``clinic_app.eligibility.messages.CardProof``.
    """

    def query_by_numbers(self, numbers: InsuranceNumbers, birthdate: date) -> EligibilityResult: ...

    def query_by_card(
        self, prove: Callable[[bytes], object], consents: Mapping[ConsentItem, bool]
    ) -> EligibilityResult: ...

    def query_by_card_visual_check(
        self, certificate_der: bytes, consents: Mapping[ConsentItem, bool], staff_id: str
    ) -> EligibilityResult:
        """The card's certificate alone, after staff compared the card photo (目視確認)."""
        ...


# ----------------------------------------------------------------------- records


class EstablishedBy(Enum):
    """How eligibility was established for a visit (stored on the visit)."""

    CARD_PIN = "card_pin"  # card + PIN, signed challenge, online result
    CARD_VISUAL = "card_visual"  # card + staff visual check of the photo
    FACE_READER = "face_reader"  # result dropped by a certified face-recognition reader
    NUMBERS = "numbers"  # 資格確認書 / old insurance card numbers, online result
    QUALIFICATION_NOTICE = "qualification_notice"  # 資格情報のお知らせ numbers
    SELF_DECLARATION = "self_declaration"  # 被保険者資格申立書
    LAST_KNOWN = "last_known"  # cached eligibility, service unreachable


class VisitStatus(Enum):
    """Where a visit is in today's queue."""

    WAITING = "waiting"
    IN_CONSULTATION = "in_consultation"
    BILLING = "billing"
    DONE = "done"
    CANCELLED = "cancelled"


class Role(Enum):
    RECEPTION = "reception"
    DOCTOR = "doctor"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """A registered patient as the clinic spells it."""

    patient_id: str
    name: str
    kana: str
    birthdate: date
    sex: Sex


@dataclass(frozen=True, slots=True)
class NewPatient:
    """Fields for registering a patient (from a result, after staff review)."""

    name: str
    kana: str
    birthdate: date
    sex: Sex


@dataclass(frozen=True, slots=True)
class EligibilityCheckRecord:
    """One stored eligibility check: what was learned, when and how."""

    check_id: str
    patient_id: str | None
    checked_at: datetime
    established_by: EstablishedBy
    result: EligibilityResult | None  # None: no online answer (fallback)
    numbers: InsuranceNumbers | None = None
    consents: tuple[Consent, ...] = ()


@dataclass(frozen=True, slots=True)
class NewVisit:
    """A visit to create in today's queue."""

    patient_id: str
    arrived_at: datetime
    established_by: EstablishedBy
    check_id: str | None  # the eligibility check behind it, if any
    needs_recheck: bool
    reason: str | None = None  # outcome code when a fallback was used
    staff_id: str | None = None
    numbers: InsuranceNumbers | None = None


@dataclass(frozen=True, slots=True)
class VisitRecord:
    visit_id: str
    patient_id: str
    visit_date: date
    arrived_at: datetime
    status: VisitStatus
    established_by: EstablishedBy
    needs_recheck: bool
    reason: str | None = None
    check_id: str | None = None
    numbers: InsuranceNumbers | None = None


@dataclass(frozen=True, slots=True)
class StaffRecord:
    """A logged-in (or looked-up) staff member; never carries the password hash."""

    staff_id: str
    username: str
    role: Role


@dataclass(frozen=True, slots=True)
class PatientSearch:
    """Search criteria; any combination (all given must match)."""

    kana_prefix: str | None = None  # normalised (core.names.normalise_kana)
    birthdate_from: date | None = None
    birthdate_to: date | None = None
    patient_id: str | None = None
    limit: int = 50


# ------------------------------------------------------------------ repositories


class PatientRepository(Protocol):
    def get(self, patient_id: str) -> PatientRecord | None: ...

    def search(self, criteria: PatientSearch) -> list[PatientRecord]: ...

    def add(self, patient: NewPatient) -> PatientRecord: ...


class EligibilityRepository(Protocol):
    """Eligibility checks as learned; written before the flow moves on.

    ``attach_patient`` also keeps what the check taught about the patient (the
    service's spelling beside the clinic's, the insurance record of a valid result).
    """

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
    ) -> EligibilityCheckRecord: ...

    def attach_patient(self, check_id: str, patient_id: str) -> None: ...

    def record_consents(
        self, patient_id: str, consents: Sequence[Consent], *, check_id: str | None
    ) -> None: ...

    def last_known(self, patient_id: str) -> EligibilityCheckRecord | None:
        """The newest check of this patient with a completed online answer."""
        ...


class VisitRepository(Protocol):
    def create(self, visit: NewVisit) -> VisitRecord: ...

    def get(self, visit_id: str) -> VisitRecord | None: ...

    def for_day(self, day: date) -> list[VisitRecord]: ...

    def set_status(self, visit_id: str, status: VisitStatus) -> VisitRecord: ...

    def pending_rechecks(self) -> list[VisitRecord]: ...

    def mark_rechecked(self, visit_id: str, check_id: str) -> VisitRecord:
        """The visit now rests on a newer online check; it leaves the re-check queue."""
        ...


class StaffDirectory(Protocol):
    """Staff accounts (the store hashes, counts failures, locks out and audits)."""

    def authenticate(self, username: str, password: str) -> StaffRecord | None:
        """The staff member, or None for any failure (unknown, wrong, locked, disabled)."""
        ...

    def logout(self, staff_id: str) -> None: ...


class AuditSink(Protocol):
    """Append-only audit log; ``detail`` carries ids and codes only, never personal data."""

    def append(
        self,
        event: str,
        *,
        staff_id: str | None,
        patient_id: str | None,
        detail: Mapping[str, str] = ...,
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Repositories:
    """The repositories a service may need, passed as one bundle."""

    patients: PatientRepository
    eligibility: EligibilityRepository
    visits: VisitRepository
    staff: StaffDirectory
    audit: AuditSink
