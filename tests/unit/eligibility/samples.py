"""Sample values for the message tests: headers, records, histories (all synthetic)."""

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
    ProcessingResultStatus,
    QualificationRecord,
    ReferenceClassification,
    ResponseHeader,
    SegmentOfResult,
    SpecificDisease,
)
from clinic_app.core.history import (
    CheckupHistory,
    CheckupItem,
    MedicationHistory,
    MedicationLine,
    MedicationSource,
)
from clinic_app.core.insurance import InsuranceNumbers, with_check_digit
from clinic_app.eligibility.histories import CheckupReply, HistorySubject, MedicationReply
from clinic_app.eligibility.messages import RequestHeader
from tests.helpers import eligibility_samples as shared

INSTITUTION = "1312345678"
FILE_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
NOW = datetime(2026, 11, 29, 9, 30, 15)
INSURER_8 = with_check_digit("0613001")  # 8 digits (health insurance society)
INSURER_6 = with_check_digit("13900")  # 6 digits (国保), padded with spaces on the wire


def request_header() -> RequestHeader:
    return RequestHeader(INSTITUTION, FILE_ID, date(2026, 11, 29))


def numbers(six_digit: bool = False) -> InsuranceNumbers:
    return InsuranceNumbers.parse(INSURER_6 if six_digit else INSURER_8, "記号12", "3456", "01")


def response_header(
    *,
    encoding: CharacterCode = CharacterCode.UTF8,
    segment: SegmentOfResult = SegmentOfResult.DONE,
    reference: ReferenceClassification | None = ReferenceClassification.CARD,
) -> ResponseHeader:
    return shared.response_header(
        file_identifier=FILE_ID,
        institution=INSTITUTION,
        processed_at=NOW,
        reference=reference,
        segment=segment,
        encoding=encoding,
    )


def full_record() -> QualificationRecord:
    """A record with every field filled: rare kanji, ●, half-width kana, every block."""
    return QualificationRecord(
        insured_card_classification=Coded.of(InsuredCardClassification, "01"),
        insurer_number=INSURER_8,
        insurer_name="架空健康保険組合",
        insured_card_symbol="記号12",
        insured_identification_number="3456",
        insured_branch_number="01",
        personal_family=Coded.of(PersonalFamily, "2"),
        insured_name="髙橋 德太郎",
        name="髙橋 ●子",
        name_of_other="たかはし はなこ",
        name_kana="ﾀｶﾊｼ ﾊﾅｺ",
        name_of_other_kana="ﾀｶﾊｼ ﾊﾅｺ",
        sex1="2",
        sex2="2",
        birthdate=date(1953, 2, 28),
        address="東京都千代田区架空町1-2-3",
        post_number="1000001",
        qualification_date=date(2020, 4, 1),
        disqualification_date=date(2027, 3, 31),
        certificate_issuance_date=date(2020, 4, 1),
        card_valid_from=date(2020, 4, 1),
        card_valid_until=date(2028, 3, 31),
        copay_percent=20,
        preschool="1",
        reason_of_loss="01",
        elderly=ElderlyRecipient(date(2023, 3, 1), date(2023, 3, 1), date(2027, 7, 31), 20),
        high_cost_limit_consented=True,
        high_cost_limit_consent_time=datetime(2026, 11, 29, 9, 29, 0),
        high_cost_limit=HighCostLimit(
            "01", "A03", date(2026, 4, 1), date(2026, 4, 1), date(2027, 3, 31), date(2026, 6, 1)
        ),
        specific_diseases=(
            SpecificDisease("02", "10000", date(2025, 1, 1), date(2025, 1, 1), None),
            SpecificDisease("01", None, None, date(2024, 1, 1), date(2026, 12, 31)),
        ),
        consents=(
            Consent.given(ConsentItem.MEDICATION, True, datetime(2026, 11, 29, 9, 29, 0)),
            Consent.given(ConsentItem.CHECKUP, False, datetime(2026, 11, 29, 9, 29, 0)),
            Consent(
                ConsentItem.TREATMENT,
                True,
                datetime(2026, 11, 29, 9, 29, 0),
                datetime(2026, 11, 30, 9, 29, 0),
            ),
        ),
        reference_number="P-000123",
        extra=(),
    )


def minimal_record() -> QualificationRecord:
    return shared.sparse_record(
        insurer_number=INSURER_6,
        insured_identification_number="7",
        name="山田 太郎",
        name_kana="ﾔﾏﾀﾞ ﾀﾛｳ",
        sex1="1",
        birthdate=date(1990, 1, 1),
        copay_percent=30,
    )


def eligibility_result(
    validity: str = "1", *, encoding: CharacterCode = CharacterCode.UTF8
) -> EligibilityResult:
    records: tuple[QualificationRecord, ...]
    if validity == "1":
        records = (full_record(),)
    elif validity == "5":
        records = (full_record(), minimal_record())
    elif validity in ("2", "3"):
        records = (minimal_record(),)
    else:
        records = ()
    return shared.eligibility_result(
        response_header(encoding=encoding),
        validity,
        records,
        code=None if validity == "1" else f"EQ00{validity}",
        message=None if validity == "1" else "資格を確認できませんでした",
    )


def medication_lines() -> tuple[MedicationLine, ...]:
    claims = MedicationSource.CLAIMS
    dispensing = MedicationSource.DISPENSING
    eprescription = MedicationSource.EPRESCRIPTION
    return (
        MedicationLine(
            claims,
            date(2025, 1, 10),
            date(2025, 1, 9),
            "1311111111",
            "架空内科クリニック",
            "620000001",
            "アムロジピン錠５ｍｇ",
            "アムロジピンベシル酸塩",
            "1",
            "錠",
            "1日1回朝食後",
            28,
        ),
        MedicationLine(
            claims,
            date(2025, 1, 10),
            date(2025, 1, 9),
            "1311111111",
            "架空内科クリニック",
            "620000002",
            "メトホルミン塩酸塩錠２５０ｍｇ",
            None,
            "2",
            "錠",
            "1日2回朝夕食後",
            28,
        ),
        MedicationLine(
            claims,
            date(2025, 2, 7),
            None,
            "1311111111",
            "架空内科クリニック",
            None,
            "ロキソプロフェン錠６０ｍｇ",
            None,
            "1.5",
            "錠",
            None,
            None,
        ),
        MedicationLine(
            dispensing,
            date(2025, 2, 8),
            date(2025, 2, 7),
            "1341111111",
            "架空薬局",
            "620000003",
            "ロキソプロフェン錠６０ｍｇ",
            None,
            "3",
            "錠",
            "疼痛時",
            5,
        ),
        MedicationLine(
            eprescription,
            None,
            date(2025, 3, 1),
            "1311111111",
            "架空内科クリニック",
            "620000004",
            "ファモチジン錠２０ｍｇ",
            None,
            "2",
            "錠",
            "1日2回",
            14,
        ),
        MedicationLine(
            claims, None, None, None, None, None, "不明薬剤", None, None, None, None, None
        ),
    )


def medication_reply(encoding: CharacterCode = CharacterCode.UTF8) -> MedicationReply:
    header = response_header(encoding=encoding, reference=None)
    return MedicationReply(
        header=header,
        history=MedicationHistory(FILE_ID, medication_lines()),
        processing_status=Coded.of(ProcessingResultStatus, "1"),
        subject=HistorySubject(INSURER_6, "記号12", "3456", "01", date(1953, 2, 28)),
    )


def checkup_items() -> tuple[CheckupItem, ...]:
    first, second = date(2024, 6, 12), date(2025, 6, 20)
    return (
        CheckupItem(first, "3D046000001920402", "HbA1c(NGSP)", "PQ", "6.1", "%", None, None),
        CheckupItem(first, "9N001000000000001", "身長", "PQ", "158.2", "cm", None, None),
        CheckupItem(
            first,
            "9N056000000000011",
            "既往歴",
            "CD",
            "1",
            None,
            "1.2.392.200119.6.1001",
            "特記すべきことあり",
        ),
        CheckupItem(second, "3D046000001920402", "HbA1c(NGSP)", "PQ", "6.4", "%", None, None),
    )


def checkup_reply(encoding: CharacterCode = CharacterCode.UTF8) -> CheckupReply:
    return CheckupReply(
        header=response_header(encoding=encoding, reference=None),
        history=CheckupHistory(FILE_ID, checkup_items()),
        processing_status=Coded.of(ProcessingResultStatus, "1"),
        subject=HistorySubject(INSURER_8, None, "3456", None, date(1953, 2, 28)),
    )
