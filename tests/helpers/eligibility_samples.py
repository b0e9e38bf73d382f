"""Builders for eligibility sample values, shared by the message, store and services tests.

Each test area keeps its own synthetic values (golden files and assertions depend on
them); these builders only spare it from spelling out every field of a header, a
sparse qualification record or a result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from clinic_app.core.codes import Coded
from clinic_app.core.eligibility import (
    CharacterCode,
    EligibilityResult,
    PrescriptionIssue,
    ProcessingResultStatus,
    QualificationRecord,
    QualificationValidity,
    ReferenceClassification,
    ResponseHeader,
    SegmentOfResult,
)


def response_header(
    *,
    file_identifier: str,
    processed_at: datetime,
    reference: ReferenceClassification | None,
    encoding: CharacterCode | None,
    segment: SegmentOfResult = SegmentOfResult.DONE,
    institution: str = "1312345678",
) -> ResponseHeader:
    """A reply header for a confirmation processed at ``processed_at`` (same day)."""
    return ResponseHeader(
        arbitrary_file_identifier=file_identifier,
        medical_institution_code=institution,
        qualification_confirmation_date=processed_at.date(),
        process_execution_time=processed_at,
        reference_classification=None if reference is None else Coded(reference.value, reference),
        segment_of_result=Coded(segment.value, segment),
        character_code=None if encoding is None else Coded(encoding.value, encoding),
    )


def sparse_record(
    *,
    insurer_number: str,
    insured_identification_number: str,
    name: str,
    name_kana: str | None,
    sex1: str | None,
    birthdate: date | None,
    copay_percent: int | None,
    insurer_name: str | None = None,
    insured_card_symbol: str | None = None,
    insured_branch_number: str | None = None,
    reference_number: str | None = None,
) -> QualificationRecord:
    """A record with the fields a minimal reply carries; every other field empty."""
    return QualificationRecord(
        insured_card_classification=None,
        insurer_number=insurer_number,
        insurer_name=insurer_name,
        insured_card_symbol=insured_card_symbol,
        insured_identification_number=insured_identification_number,
        insured_branch_number=insured_branch_number,
        personal_family=None,
        insured_name=None,
        name=name,
        name_of_other=None,
        name_kana=name_kana,
        name_of_other_kana=None,
        sex1=sex1,
        sex2=None,
        birthdate=birthdate,
        address=None,
        post_number=None,
        qualification_date=None,
        disqualification_date=None,
        certificate_issuance_date=None,
        card_valid_from=None,
        card_valid_until=None,
        copay_percent=copay_percent,
        preschool=None,
        reason_of_loss=None,
        elderly=None,
        high_cost_limit_consented=None,
        high_cost_limit_consent_time=None,
        high_cost_limit=None,
        specific_diseases=(),
        consents=(),
        reference_number=reference_number,
    )


def eligibility_result(
    header: ResponseHeader,
    validity: str | None,
    records: Iterable[QualificationRecord],
    *,
    status: str = ProcessingResultStatus.OK.value,
    code: str | None = None,
    message: str | None = None,
    prescription_issue: str | None = PrescriptionIssue.ELECTRONIC.value,
) -> EligibilityResult:
    """A result from raw code values (``validity`` "1".."5", ``None`` when absent)."""
    return EligibilityResult(
        header=header,
        processing_status=Coded.of(ProcessingResultStatus, status),
        processing_code=code,
        processing_message=message,
        validity=None if validity is None else Coded.of(QualificationValidity, validity),
        prescription_issue=(
            None if prescription_issue is None else Coded.of(PrescriptionIssue, prescription_issue)
        ),
        records=tuple(records),
    )
