"""Eligibility results as typed values (DESIGN.md §4).

These are what the message parser produces and what the store and the UI use.
Field names say what the value is; the message element each comes from is in
the comment where the mapping is not obvious.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from clinic_app.core.codes import Coded
from clinic_app.core.consent import Consent


class QualificationValidity(Enum):
    VALID = "1"
    INVALID = "2"
    INVALID_NEWER_EXISTS = "3"  # invalid: a newer qualification exists
    NOT_FOUND = "4"  # no such qualification
    SEVERAL_MATCH = "5"


class SegmentOfResult(Enum):
    DONE = "1"
    IN_PROGRESS = "2"  # ask again
    FAILED = "9"


class ReferenceClassification(Enum):
    CARD = "1"
    NUMBERS = "2"


class ProcessingResultStatus(Enum):
    OK = "1"
    ERROR = "2"


class CharacterCode(Enum):
    UTF8 = "0"
    SHIFT_JIS = "1"


class InsuredCardClassification(Enum):
    HEALTH_INSURANCE = "01"  # 被保険者証 (health insurance card)
    DEPENDANT = "02"  # 被扶養者証
    SEAMEN = "03"  # 船員保険
    SHORT_TERM = "04"  # 短期被保険者証
    QUALIFICATION_CERT = "05"  # 資格証明書
    ELDERLY = "06"  # 後期高齢者医療被保険者証
    ELDERLY_SHORT_TERM = "07"
    ELIGIBILITY_CERTIFICATE = "A1"  # 資格確認書


class PersonalFamily(Enum):
    SELF = "1"
    FAMILY = "2"


class PrescriptionIssue(Enum):
    ELECTRONIC = "1"
    PAPER = "2"


@dataclass(frozen=True, slots=True)
class ResponseHeader:
    arbitrary_file_identifier: str
    medical_institution_code: str
    qualification_confirmation_date: date | None
    process_execution_time: datetime | None
    reference_classification: Coded[ReferenceClassification] | None
    segment_of_result: Coded[SegmentOfResult]
    character_code: Coded[CharacterCode] | None
    error_code: str | None = None
    error_message: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # unknown header elements kept aside (tag, text)


@dataclass(frozen=True, slots=True)
class ElderlyRecipient:
    """``ElderlyRecipientCertificateInfo`` (高齢受給者証): 70-74, copay class."""

    issuance_date: date | None
    valid_from: date | None
    valid_until: date | None
    copay_percent: int | None


@dataclass(frozen=True, slots=True)
class HighCostLimit:
    """``LimitApplicationCertificateRelatedInfo`` (限度額適用)."""

    classification: str  # 01-03
    classification_flag: str  # A01-A06 / B01-B10
    issuance_date: date | None
    valid_from: date | None
    valid_until: date | None
    long_term_hospitalisation_date: date | None = None


@dataclass(frozen=True, slots=True)
class SpecificDisease:
    """One entry of ``SpecificDiseasesCertificateList`` (特定疾病療養受療証)."""

    disease_classification: str
    self_pay_limit: str | None
    issuance_date: date | None
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class QualificationRecord:
    """One ``ResultOfQualificationConfirmation``."""

    insured_card_classification: Coded[InsuredCardClassification] | None
    insurer_number: str
    insurer_name: str | None
    insured_card_symbol: str | None
    insured_identification_number: str
    insured_branch_number: str | None
    personal_family: Coded[PersonalFamily] | None
    insured_name: str | None  # 世帯主/被保険者氏名
    name: str  # as the service spells it, ● kept
    name_of_other: str | None
    name_kana: str | None  # half-width katakana as received
    name_of_other_kana: str | None
    sex1: str | None
    sex2: str | None
    birthdate: date | None
    address: str | None
    post_number: str | None
    qualification_date: date | None
    disqualification_date: date | None
    certificate_issuance_date: date | None
    card_valid_from: date | None
    card_valid_until: date | None
    copay_percent: int | None
    preschool: str | None
    reason_of_loss: str | None
    elderly: ElderlyRecipient | None
    high_cost_limit_consented: bool | None
    high_cost_limit_consent_time: datetime | None
    high_cost_limit: HighCostLimit | None
    specific_diseases: tuple[SpecificDisease, ...]
    consents: tuple[Consent, ...]
    reference_number: str | None  # the clinic's own patient ID, if registered
    extra: tuple[tuple[str, str], ...] = ()  # unknown elements kept aside (tag, text)


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """A parsed ``OQSsiquc01res`` (or one bulk unit)."""

    header: ResponseHeader
    processing_status: Coded[ProcessingResultStatus] | None
    processing_code: str | None
    processing_message: str | None  # shown as is
    validity: Coded[QualificationValidity] | None
    prescription_issue: Coded[PrescriptionIssue] | None
    records: tuple[QualificationRecord, ...] = ()
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def in_progress(self) -> bool:
        return self.header.segment_of_result.known is SegmentOfResult.IN_PROGRESS

    @property
    def failed(self) -> bool:
        return self.header.segment_of_result.known is SegmentOfResult.FAILED
