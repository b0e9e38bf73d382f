"""Rules the check-in applies: certificate grace, reply → outcome, patient lookup."""

from __future__ import annotations

from datetime import UTC, datetime

from clinic_app.core.eligibility import (
    EligibilityResult,
    ProcessingResultStatus,
    QualificationValidity,
)
from clinic_app.core.matching import MatchReport, RegisteredPatient, match_patients
from clinic_app.core.names import normalise_kana
from clinic_app.core.patient import PatientIdentity
from clinic_app.services.checkin_types import CertificateStatus, Outcome
from clinic_app.services.ports import PatientRecord, PatientRepository, PatientSearch

GRACE_MONTHS = 3


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    # clamp the day (31 Nov → 30 Nov)
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def certificate_status(not_after: datetime, now: datetime) -> CertificateStatus:
    """Expired or not, and whether inside the 3-month grace as insurance ID (§3)."""
    if not_after.tzinfo is None:
        not_after = not_after.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.astimezone()  # a naive desk clock is local time
    grace_until = _add_months(not_after, GRACE_MONTHS)
    expired = now > not_after
    return CertificateStatus(
        not_after=not_after,
        grace_until=grace_until,
        expired=expired,
        in_grace=expired and now <= grace_until,
    )


def audit_code(raw: str) -> str:
    """A service code for the audit log: kept only when it is a short code."""
    return raw if len(raw) <= 8 and raw.isascii() and raw.isalnum() else "other"


def classify_result(result: EligibilityResult) -> Outcome:
    """Map a reply to an outcome: in-progress, failed, error status, then validity."""
    if result.in_progress:
        return Outcome.SERVICE_BUSY
    if result.failed:
        return Outcome.SERVICE_ERROR
    if (
        result.processing_status is not None
        and result.processing_status.known is ProcessingResultStatus.ERROR
    ):
        return Outcome.SERVICE_ERROR
    validity = result.validity.known if result.validity else None
    return (
        {
            QualificationValidity.VALID: Outcome.RESULT_VALID,
            QualificationValidity.INVALID: Outcome.RESULT_INVALID,
            QualificationValidity.INVALID_NEWER_EXISTS: Outcome.RESULT_NEWER_EXISTS,
            QualificationValidity.NOT_FOUND: Outcome.RESULT_NOT_FOUND,
            QualificationValidity.SEVERAL_MATCH: Outcome.RESULT_SEVERAL_MATCH,
        }.get(validity, Outcome.SERVICE_REPLY_INVALID)
        if validity
        else Outcome.SERVICE_REPLY_INVALID
    )


def match_result(
    patients: PatientRepository, result: EligibilityResult, patient_hint: str | None
) -> MatchReport | None:
    """Look up the patients a result may belong to and compare them field by field.

    Candidates: same normalised kana + birth date, the result's ReferenceNumber
    (the clinic's patient ID registered at the service), and the patient staff
    started the check-in from.
    """
    if not result.records:
        return None
    record = result.records[0]
    found: dict[str, PatientRecord] = {}
    if record.name_kana and record.birthdate:
        criteria = PatientSearch(
            kana_prefix=normalise_kana(record.name_kana),
            birthdate_from=record.birthdate,
            birthdate_to=record.birthdate,
        )
        for patient in patients.search(criteria):
            found[patient.patient_id] = patient
    for extra_id in (record.reference_number, patient_hint):
        key = (extra_id or "").strip()
        if key and key not in found:
            extra = patients.get(key)
            if extra is not None:
                found[extra.patient_id] = extra
    registered = [
        RegisteredPatient(p.patient_id, PatientIdentity(p.name, p.kana, p.birthdate, p.sex))
        for p in found.values()
    ]
    return match_patients(record, registered)
