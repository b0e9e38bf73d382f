"""Sample values for the store tests (synthetic people; no real data)."""

from __future__ import annotations

from datetime import date, datetime

from clinic_app.core.codes import Coded
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import (
    CharacterCode,
    ElderlyRecipient,
    EligibilityResult,
    HighCostLimit,
    InsuredCardClassification,
    PersonalFamily,
    QualificationRecord,
    ReferenceClassification,
    SegmentOfResult,
    SpecificDisease,
)
from clinic_app.core.history import CheckupItem, MedicationLine, MedicationSource
from clinic_app.core.insurance import InsuranceNumbers
from tests.helpers import eligibility_samples as shared

NUMBERS = InsuranceNumbers("06139998", "記号１", "1234567", "01")


def qualification(
    *, name: str = "德永 ●子", kana: str = "ﾄｸﾅｶﾞ ﾖｳｺ", birthdate: date = date(1951, 4, 3)
) -> QualificationRecord:
    return QualificationRecord(
        insured_card_classification=Coded.of(InsuredCardClassification, "06"),
        insurer_number="39139998",
        insurer_name="テスト後期高齢者医療広域連合",
        insured_card_symbol=None,
        insured_identification_number="00012345",
        insured_branch_number=None,
        personal_family=Coded.of(PersonalFamily, "1"),
        insured_name=None,
        name=name,
        name_of_other=None,
        name_kana=kana,
        name_of_other_kana=None,
        sex1="2",
        sex2=None,
        birthdate=birthdate,
        address="東京都千代田区テスト町1-2-3",
        post_number="1000001",
        qualification_date=date(2016, 4, 1),
        disqualification_date=None,
        certificate_issuance_date=date(2024, 8, 1),
        card_valid_from=date(2024, 8, 1),
        card_valid_until=date(2026, 7, 31),
        copay_percent=10,
        preschool=None,
        reason_of_loss=None,
        elderly=ElderlyRecipient(date(2024, 8, 1), date(2024, 8, 1), date(2026, 7, 31), 10),
        high_cost_limit_consented=True,
        high_cost_limit_consent_time=datetime(2026, 11, 30, 8, 59, 30),
        high_cost_limit=HighCostLimit("01", "A03", date(2024, 8, 1), None, None),
        specific_diseases=(
            SpecificDisease("01", "10000", date(2020, 1, 1), date(2020, 1, 1), None),
        ),
        consents=(
            Consent(ConsentItem.MEDICATION, True, datetime(2026, 11, 30, 8, 59), None),
            Consent(ConsentItem.CHECKUP, False, datetime(2026, 11, 30, 8, 59), None),
        ),
        reference_number="000123",
        extra=(("FutureElement", "x"),),
    )


def eligibility_result(
    *,
    validity: str = "1",
    segment: str = "1",
    records: tuple[QualificationRecord, ...] | None = None,
) -> EligibilityResult:
    header = shared.response_header(
        file_identifier="20261130090000123",
        processed_at=datetime(2026, 11, 30, 9, 0, 1),
        reference=ReferenceClassification.CARD,
        encoding=CharacterCode.UTF8,
        segment=SegmentOfResult(segment),
    )
    return shared.eligibility_result(
        header, validity, (qualification(),) if records is None else records
    )


def medication_lines(count: int = 3) -> list[MedicationLine]:
    return [
        MedicationLine(
            source=MedicationSource.DISPENSING,
            dispensed_on=date(2026, 10, 1 + i),
            prescribed_on=date(2026, 10, 1 + i),
            institution_code="1312345678",
            institution_name="テスト薬局",
            drug_code=f"62{i:07d}",
            drug_name=f"テスト錠{i}mg",
            ingredient="テスト成分",
            quantity="1.5",
            unit="錠",
            usage="1日1回朝食後",
            days=14,
        )
        for i in range(count)
    ]


def checkup_items() -> list[CheckupItem]:
    return [
        CheckupItem(date(2025, 6, 1), "3D046000001920402", "HbA1c", "PQ", "5.9", "%", None, None),
        CheckupItem(date(2025, 6, 1), "9N001000000000001", "身長", "PQ", "160.2", "cm", None, None),
        CheckupItem(date(2024, 6, 1), "3D046000001920402", "HbA1c", "PQ", "5.7", "%", None, None),
    ]
