"""In-memory fakes for the services' ports (no I/O, no threads).

``FakeCard`` behaves like ``clinic_app.card.jpki.JpkiCard`` at the level the
check-in sees: tries counter, last-try override, lock, removal at a chosen
operation. ``MemoryStore`` implements every repository port with dicts.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from clinic_app.card import errors as card_errors
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import (
    EligibilityResult,
    ProcessingResultStatus,
    QualificationRecord,
    QualificationValidity,
    SegmentOfResult,
)
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.names import normalise_kana
from clinic_app.core.patient import Sex
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
from tests.helpers.eligibility_samples import eligibility_result, response_header, sparse_record

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


class SteppingClock:
    """Returns ``start`` advanced by ``step`` at each call; ``advance`` jumps ahead."""

    def __init__(self, start: dt.datetime = NOW, step: dt.timedelta = dt.timedelta(0)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> dt.datetime:
        current = self.now
        self.now = self.now + self.step
        return current

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@functools.cache
def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@functools.cache
def certificate(not_after: dt.datetime) -> x509.Certificate:
    """A throw-away nameless certificate valid until ``not_after`` (EC: fast to make)."""
    name = x509.Name([])
    key = _key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(4242)
        .not_valid_before(not_after - dt.timedelta(days=365 * 5))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )


class FakeSession:
    def __init__(self) -> None:
        self.closed = False

    def transmit(self, apdu: bytes) -> bytes:
        raise AssertionError("fake session: the fake card does not use APDUs")

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeCard:
    """A JPKI card as the check-in sees it."""

    pin: str = "1234"
    tries_left: int = 3
    not_after: dt.datetime = NOW + dt.timedelta(days=700)
    remove_on: set[str] = field(default_factory=set)  # operation names that raise CardRemoved
    fail_on: dict[str, Exception] = field(default_factory=dict)
    verified: bool = False
    verify_calls: list[bool] = field(default_factory=list)  # allow_last_try of each VERIFY
    signed: list[bytes] = field(default_factory=list)

    def _op(self, name: str) -> None:
        if name in self.remove_on:
            self.verified = False
            raise card_errors.CardRemoved()
        if name in self.fail_on:
            raise self.fail_on[name]

    def select(self) -> None:
        self._op("select")

    def read_auth_certificate(self) -> x509.Certificate:
        self._op("read_certificate")
        return certificate(self.not_after)

    def pin_tries_left(self) -> int:
        self._op("tries")
        return self.tries_left

    def verify_pin(self, pin: str, *, allow_last_try: bool = False) -> None:
        self._op("verify")
        if len(pin) != 4 or not pin.isdigit():
            raise card_errors.InvalidPinFormat()
        if self.tries_left == 0:
            raise card_errors.PinBlocked()
        if self.tries_left == 1 and not allow_last_try:
            raise card_errors.LastTryNeedsOverride()
        self.verify_calls.append(allow_last_try)
        if pin == self.pin:
            self.tries_left = 3
            self.verified = True
            return
        self.tries_left -= 1
        if self.tries_left == 0:
            raise card_errors.PinBlocked()
        raise card_errors.WrongPin(self.tries_left)

    def sign(self, challenge: bytes) -> bytes:
        self._op("sign")
        if not self.verified:
            raise card_errors.SecurityStatusNotSatisfied()
        self.signed.append(challenge)
        return b"sig:" + challenge


class FakeReader:
    """Hands out queued sessions; ``None`` in the queue means "nothing came"."""

    def __init__(self, sessions: Iterable[FakeSession | None] = ()) -> None:
        self.sessions = list(sessions)
        self.waits: list[float] = []

    def wait_for_card(self, timeout: float, cancel: object) -> FakeSession | None:
        self.waits.append(timeout)
        return self.sessions.pop(0) if self.sessions else None


Reply = EligibilityResult | Exception


class FakeEligibility:
    """Answers queries from a script (results or exceptions, in order)."""

    def __init__(self, replies: Iterable[Reply] = ()) -> None:
        self.replies = list(replies)
        self.card_queries: list[tuple[object, dict[ConsentItem, bool]]] = []
        self.visual_queries: list[tuple[bytes, dict[ConsentItem, bool], str]] = []
        self.number_queries: list[tuple[InsuranceNumbers, dt.date]] = []
        self.challenge = b"challenge-0001"

    def _next(self) -> EligibilityResult:
        if not self.replies:
            raise AssertionError("fake eligibility: no scripted reply left")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def query_by_card(
        self, prove: Callable[[bytes], object], consents: Mapping[ConsentItem, bool]
    ) -> EligibilityResult:
        proof = prove(self.challenge)
        self.card_queries.append((proof, dict(consents)))
        return self._next()

    def query_by_card_visual_check(
        self, certificate_der: bytes, consents: Mapping[ConsentItem, bool], staff_id: str
    ) -> EligibilityResult:
        self.visual_queries.append((certificate_der, dict(consents), staff_id))
        return self._next()

    def query_by_numbers(self, numbers: InsuranceNumbers, birthdate: dt.date) -> EligibilityResult:
        self.number_queries.append((numbers, birthdate))
        return self._next()


# --------------------------------------------------------------------- results

TARO_KANA = "ﾔﾏﾀﾞ ﾀﾛｳ"
TARO_BIRTH = dt.date(1980, 4, 1)


def record(
    *,
    name: str = "山田 太郎",
    kana: str | None = TARO_KANA,
    birthdate: dt.date | None = TARO_BIRTH,
    sex: str = "1",
    reference_number: str | None = None,
    insurer_number: str = "06139992",
) -> QualificationRecord:
    return sparse_record(
        insurer_number=insurer_number,
        insurer_name="テスト健保",
        insured_card_symbol="1",
        insured_identification_number="2",
        insured_branch_number="00",
        name=name,
        name_kana=kana,
        sex1=sex,
        birthdate=birthdate,
        copay_percent=30,
        reference_number=reference_number,
    )


def result(
    validity: QualificationValidity | None = QualificationValidity.VALID,
    *,
    records: Sequence[QualificationRecord] | None = None,
    segment: SegmentOfResult = SegmentOfResult.DONE,
    status: ProcessingResultStatus = ProcessingResultStatus.OK,
    message: str | None = None,
) -> EligibilityResult:
    header = response_header(
        file_identifier="F1", processed_at=NOW, reference=None, encoding=None, segment=segment
    )
    if records is None:
        records = (record(),) if validity is QualificationValidity.VALID else ()
    return eligibility_result(
        header,
        None if validity is None else validity.value,
        records,
        status=status.value,
        message=message,
        prescription_issue=None,
    )


# ---------------------------------------------------------------------- store


@dataclass
class StaffAccount:
    record: StaffRecord
    password: str
    failures: int = 0
    locked: bool = False


@dataclass
class AuditRow:
    event: str
    staff_id: str | None
    patient_id: str | None
    detail: dict[str, str]


class MemoryStore:
    """Every repository port over dicts; ``repositories()`` bundles them."""

    def __init__(self) -> None:
        self.patients: dict[str, PatientRecord] = {}
        self.checks: dict[str, EligibilityCheckRecord] = {}
        self.visits: dict[str, VisitRecord] = {}
        self.consents: list[tuple[str, str | None, Consent]] = []
        self.staff: dict[str, StaffAccount] = {}
        self.audit: list[AuditRow] = []
        self._ids = itertools.count(1)
        self.max_failures = 5

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    # patients
    def get(self, patient_id: str) -> PatientRecord | None:
        return self.patients.get(patient_id)

    def search(self, criteria: PatientSearch) -> list[PatientRecord]:
        found = []
        for patient in self.patients.values():
            if criteria.patient_id is not None and patient.patient_id != criteria.patient_id:
                continue
            if criteria.kana_prefix is not None and not normalise_kana(patient.kana).startswith(
                criteria.kana_prefix
            ):
                continue
            if criteria.birthdate_from is not None and patient.birthdate < criteria.birthdate_from:
                continue
            if criteria.birthdate_to is not None and patient.birthdate > criteria.birthdate_to:
                continue
            found.append(patient)
        return found[: criteria.limit]

    def add(self, patient: NewPatient) -> PatientRecord:
        created = PatientRecord(
            self._id("P"), patient.name, patient.kana, patient.birthdate, patient.sex
        )
        self.patients[created.patient_id] = created
        return created

    def add_patient(
        self,
        patient_id: str,
        *,
        name: str = "山田 太郎",
        kana: str = "ヤマダ タロウ",
        birthdate: dt.date = TARO_BIRTH,
        sex: Sex = Sex.MALE,
    ) -> PatientRecord:
        created = PatientRecord(patient_id, name, kana, birthdate, sex)
        self.patients[patient_id] = created
        return created

    # eligibility checks
    def save_check(
        self,
        *,
        patient_id: str | None,
        checked_at: dt.datetime,
        established_by: EstablishedBy,
        result: EligibilityResult | None,
        numbers: InsuranceNumbers | None = None,
        consents: Sequence[Consent] = (),
        error_code: str | None = None,
    ) -> EligibilityCheckRecord:
        created = EligibilityCheckRecord(
            self._id("C"), patient_id, checked_at, established_by, result, numbers, tuple(consents)
        )
        self.checks[created.check_id] = created
        return created

    def record_consents(
        self, patient_id: str, consents: Sequence[Consent], *, check_id: str | None
    ) -> None:
        self.consents.extend((patient_id, check_id, c) for c in consents)

    def attach_patient(self, check_id: str, patient_id: str) -> None:
        self.checks[check_id] = replace(self.checks[check_id], patient_id=patient_id)

    def last_known(self, patient_id: str) -> EligibilityCheckRecord | None:
        mine = [
            c
            for c in self.checks.values()
            if c.patient_id == patient_id and c.result is not None and not c.result.in_progress
        ]
        return max(mine, key=lambda c: c.checked_at, default=None)

    # visits
    def create(self, visit: NewVisit) -> VisitRecord:
        created = VisitRecord(
            visit_id=self._id("V"),
            patient_id=visit.patient_id,
            visit_date=visit.arrived_at.date(),
            arrived_at=visit.arrived_at,
            status=VisitStatus.WAITING,
            established_by=visit.established_by,
            needs_recheck=visit.needs_recheck,
            reason=visit.reason,
            check_id=visit.check_id,
            numbers=visit.numbers,
        )
        self.visits[created.visit_id] = created
        return created

    def get_visit(self, visit_id: str) -> VisitRecord | None:
        return self.visits.get(visit_id)

    def for_day(self, day: dt.date) -> list[VisitRecord]:
        return [v for v in self.visits.values() if v.visit_date == day]

    def set_status(self, visit_id: str, status: VisitStatus) -> VisitRecord:
        self.visits[visit_id] = replace(self.visits[visit_id], status=status)
        return self.visits[visit_id]

    def pending_rechecks(self) -> list[VisitRecord]:
        return [v for v in self.visits.values() if v.needs_recheck]

    def mark_rechecked(self, visit_id: str, check_id: str) -> VisitRecord:
        self.visits[visit_id] = replace(
            self.visits[visit_id], needs_recheck=False, check_id=check_id
        )
        return self.visits[visit_id]

    # staff (mimics the store: generic None, failure count, lockout, audit)
    def add_staff(self, staff_id: str, username: str, role: Role, password: str) -> StaffRecord:
        self.staff[staff_id] = StaffAccount(StaffRecord(staff_id, username, role), password)
        return self.staff[staff_id].record

    def authenticate(self, username: str, password: str) -> StaffRecord | None:
        account = next((a for a in self.staff.values() if a.record.username == username), None)
        if account is None:
            self.append("login_failed", staff_id=None, patient_id=None)
            return None
        staff_id = account.record.staff_id
        if account.locked:
            self.append("login_failed", staff_id=staff_id, patient_id=None)
            return None
        if password != account.password:
            account.failures += 1
            self.append("login_failed", staff_id=staff_id, patient_id=None)
            if account.failures >= self.max_failures:
                account.locked = True
                self.append("lockout", staff_id=staff_id, patient_id=None)
            return None
        account.failures = 0
        self.append("login", staff_id=staff_id, patient_id=None)
        return account.record

    def logout(self, staff_id: str) -> None:
        self.append("logout", staff_id=staff_id, patient_id=None)

    # audit
    def append(
        self,
        event: str,
        *,
        staff_id: str | None,
        patient_id: str | None,
        detail: Mapping[str, str] = {},
    ) -> None:
        self.audit.append(AuditRow(event, staff_id, patient_id, dict(detail)))

    def events(self) -> list[str]:
        return [row.event for row in self.audit]

    def repositories(self) -> Repositories:
        return Repositories(
            patients=self,
            eligibility=self,
            visits=_VisitView(self),
            staff=self,
            audit=self,
        )


class _VisitView:
    """The visit port over MemoryStore (its ``get`` is the patients' one)."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def create(self, visit: NewVisit) -> VisitRecord:
        return self._store.create(visit)

    def get(self, visit_id: str) -> VisitRecord | None:
        return self._store.get_visit(visit_id)

    def for_day(self, day: dt.date) -> list[VisitRecord]:
        return self._store.for_day(day)

    def set_status(self, visit_id: str, status: VisitStatus) -> VisitRecord:
        return self._store.set_status(visit_id, status)

    def pending_rechecks(self) -> list[VisitRecord]:
        return self._store.pending_rechecks()

    def mark_rechecked(self, visit_id: str, check_id: str) -> VisitRecord:
        return self._store.mark_rechecked(visit_id, check_id)
