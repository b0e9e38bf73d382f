"""Hypothesis strategies for every eligibility message value (round trips, fuzzing)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from hypothesis import strategies as st

from clinic_app.core.codes import Coded
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import (
    CharacterCode,
    ElderlyRecipient,
    EligibilityResult,
    HighCostLimit,
    InsuredCardClassification,
    PersonalFamily,
    PrescriptionIssue,
    ProcessingResultStatus,
    QualificationRecord,
    QualificationValidity,
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
from clinic_app.eligibility.bulk import BulkReceipt, BulkReply, BulkReplyUnit, RegistrationReply
from clinic_app.eligibility.histories import CheckupReply, HistorySubject, MedicationReply
from clinic_app.eligibility.messages import (
    BulkPoll,
    BulkQueryEntry,
    BulkRequest,
    CardProof,
    CardQuery,
    CardVisualCheckQuery,
    HistoryQuery,
    NumbersQuery,
    ReferenceRegistration,
    RequestHeader,
    RequestKind,
)

E = TypeVar("E", bound=Enum)

#: Any character XML 1.0 can carry, except controls (kanji, kana, ●, astral 𠮷 included).
XML_CHARACTERS = st.characters(
    min_codepoint=0x20,
    max_codepoint=0x2FFFF,
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\ufffe\uffff",
)
_DESK_CHARACTERS = st.sampled_from(list("山田髙德𠮷●ｱｲｳﾀﾞﾛ ーあア〜−¥①<>&\"'abcXYZ019"))


def texts(max_size: int = 16) -> st.SearchStrategy[str]:
    """Non-empty text without surrounding XML whitespace (the parser strips it)."""
    return st.text(
        st.one_of(XML_CHARACTERS, _DESK_CHARACTERS), min_size=1, max_size=max_size
    ).filter(lambda value: value == value.strip(" \t\r\n"))


def optional_texts(max_size: int = 16) -> st.SearchStrategy[str | None]:
    return st.none() | texts(max_size)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
optional_dates = st.none() | dates
datetimes = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda value: value.replace(microsecond=0)
)
optional_datetimes = st.none() | datetimes
raw_codes = st.from_regex(r"[0-9A-Za-z]{1,4}", fullmatch=True)
file_identifiers = st.from_regex(r"[0-9A-Za-z_-]{1,64}", fullmatch=True)
insurer_numbers = st.from_regex(r"[0-9]{5}|[0-9]{7}", fullmatch=True).map(with_check_digit)


def coded(enum_type: type[E]) -> st.SearchStrategy[Coded[E]]:
    known = st.sampled_from([member.value for member in enum_type])
    return st.one_of(known, raw_codes).map(lambda raw: Coded.of(enum_type, raw))


def optional_coded(enum_type: type[E]) -> st.SearchStrategy[Coded[E] | None]:
    return st.none() | coded(enum_type)


def extras() -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    """Unknown elements with distinct names (never one the parser knows)."""
    return st.dictionaries(
        st.from_regex(r"Zz[A-Za-z]{1,8}", fullmatch=True), st.just("") | texts(), max_size=3
    ).map(lambda found: tuple(found.items()))


insurance_numbers = st.builds(
    InsuranceNumbers,
    insurer_number=insurer_numbers,
    symbol=st.just("") | texts(),
    number=texts(),
    branch=st.none() | st.from_regex(r"[0-9]{2}", fullmatch=True),
)

request_headers = st.builds(
    RequestHeader,
    medical_institution_code=st.from_regex(r"[0-9]{10}", fullmatch=True),
    arbitrary_file_identifier=file_identifiers,
    confirmation_date=dates,
)

response_headers = st.builds(
    ResponseHeader,
    arbitrary_file_identifier=st.just("") | file_identifiers,
    medical_institution_code=st.just("") | texts(),
    qualification_confirmation_date=optional_dates,
    process_execution_time=optional_datetimes,
    reference_classification=optional_coded(ReferenceClassification),
    segment_of_result=coded(SegmentOfResult),
    character_code=optional_coded(CharacterCode),
    error_code=st.none() | st.from_regex(r"[0-9A-Za-z_-]{1,20}", fullmatch=True),
    error_message=optional_texts(),
    extra=extras(),
)


@st.composite
def consents(draw: Any) -> tuple[Consent, ...]:
    chosen = draw(st.sets(st.sampled_from(list(ConsentItem))))
    return tuple(
        Consent(item, draw(st.booleans()), draw(optional_datetimes), draw(optional_datetimes))
        for item in ConsentItem
        if item in chosen
    )


ratios = st.none() | st.integers(0, 999)

records = st.builds(
    QualificationRecord,
    insured_card_classification=optional_coded(InsuredCardClassification),
    insurer_number=st.just("") | insurer_numbers | texts(),
    insurer_name=optional_texts(),
    insured_card_symbol=optional_texts(),
    insured_identification_number=st.just("") | texts(),
    insured_branch_number=optional_texts(),
    personal_family=optional_coded(PersonalFamily),
    insured_name=optional_texts(),
    name=st.just("") | texts(),
    name_of_other=optional_texts(),
    name_kana=optional_texts(),
    name_of_other_kana=optional_texts(),
    sex1=optional_texts(2),
    sex2=optional_texts(2),
    birthdate=optional_dates,
    address=optional_texts(40),
    post_number=optional_texts(),
    qualification_date=optional_dates,
    disqualification_date=optional_dates,
    certificate_issuance_date=optional_dates,
    card_valid_from=optional_dates,
    card_valid_until=optional_dates,
    copay_percent=ratios,
    preschool=optional_texts(),
    reason_of_loss=optional_texts(),
    elderly=st.none()
    | st.builds(ElderlyRecipient, optional_dates, optional_dates, optional_dates, ratios),
    high_cost_limit_consented=st.none() | st.booleans(),
    high_cost_limit_consent_time=optional_datetimes,
    high_cost_limit=st.none()
    | st.builds(
        HighCostLimit,
        st.just("") | texts(4),
        st.just("") | texts(4),
        optional_dates,
        optional_dates,
        optional_dates,
        optional_dates,
    ),
    specific_diseases=st.lists(
        st.builds(
            SpecificDisease,
            st.just("") | texts(4),
            optional_texts(),
            optional_dates,
            optional_dates,
            optional_dates,
        ),
        max_size=2,
    ).map(tuple),
    consents=consents(),
    reference_number=optional_texts(),
    extra=extras(),
)


def eligibility_results(
    header: st.SearchStrategy[ResponseHeader] = response_headers,
) -> st.SearchStrategy[EligibilityResult]:
    return st.builds(
        EligibilityResult,
        header=header,
        processing_status=optional_coded(ProcessingResultStatus),
        processing_code=optional_texts(),
        processing_message=optional_texts(40),
        validity=optional_coded(QualificationValidity),
        prescription_issue=optional_coded(PrescriptionIssue),
        records=st.lists(records, max_size=2).map(tuple),
        extra=extras(),
    )


subjects = st.none() | st.builds(
    HistorySubject,
    optional_texts(),
    optional_texts(),
    optional_texts(),
    optional_texts(),
    optional_dates,
)

medication_lines = st.builds(
    MedicationLine,
    source=st.sampled_from(list(MedicationSource)),
    dispensed_on=optional_dates,
    prescribed_on=optional_dates,
    institution_code=optional_texts(),
    institution_name=optional_texts(),
    drug_code=optional_texts(),
    drug_name=st.just("") | texts(),
    ingredient=optional_texts(),
    quantity=optional_texts(),
    unit=optional_texts(),
    usage=optional_texts(),
    days=st.none() | st.integers(0, 99999),
)


@st.composite
def medication_replies(draw: Any) -> MedicationReply:
    header = draw(response_headers)
    lines = tuple(draw(st.lists(medication_lines, max_size=8)))
    return MedicationReply(
        header=header,
        history=MedicationHistory(header.arbitrary_file_identifier, lines),
        processing_status=draw(optional_coded(ProcessingResultStatus)),
        processing_code=draw(optional_texts()),
        processing_message=draw(optional_texts()),
        subject=draw(subjects),
        extra=draw(extras()),
    )


checkup_items = st.builds(
    CheckupItem,
    checkup_date=dates,
    item_code=st.from_regex(r"[0-9A-Z]{17}", fullmatch=True),
    item_name=st.just("") | texts(),
    data_type=optional_texts(4),
    value=st.just("") | texts(),
    unit=optional_texts(),
    oid=optional_texts(),
    value_name=optional_texts(),
)


@st.composite
def checkup_replies(draw: Any) -> CheckupReply:
    header = draw(response_headers)
    return CheckupReply(
        header=header,
        history=CheckupHistory(
            header.arbitrary_file_identifier, tuple(draw(st.lists(checkup_items, max_size=8)))
        ),
        processing_status=draw(optional_coded(ProcessingResultStatus)),
        processing_code=draw(optional_texts()),
        processing_message=draw(optional_texts()),
        subject=draw(subjects),
        extra=draw(extras()),
    )


reception_numbers = st.from_regex(r"[0-9A-Za-z_-]{1,64}", fullmatch=True)
bulk_entries = st.builds(BulkQueryEntry, insurance_numbers, dates)

bulk_receipts = st.builds(
    BulkReceipt,
    header=response_headers,
    reception_number=st.none() | reception_numbers,
    processing_status=optional_coded(ProcessingResultStatus),
    processing_code=optional_texts(),
    processing_message=optional_texts(),
    extra=extras(),
)


@st.composite
def bulk_replies(draw: Any) -> BulkReply:
    header = draw(response_headers)
    units = draw(
        st.lists(
            st.builds(
                BulkReplyUnit,
                st.integers(1, 999999),
                st.none() | bulk_entries,
                eligibility_results(st.just(header)),
            ),
            max_size=3,
        )
    )
    return BulkReply(
        header=header,
        units=tuple(units),
        processing_status=draw(optional_coded(ProcessingResultStatus)),
        processing_code=draw(optional_texts()),
        processing_message=draw(optional_texts()),
        extra=draw(extras()),
    )


registration_replies = st.builds(
    RegistrationReply,
    header=response_headers,
    reference_number=optional_texts(),
    processing_status=optional_coded(ProcessingResultStatus),
    processing_code=optional_texts(),
    processing_message=optional_texts(),
    extra=extras(),
)

card_proofs = st.builds(
    CardProof,
    certificate_der=st.binary(min_size=1, max_size=64),
    signature=st.binary(min_size=1, max_size=64),
    challenge=st.binary(min_size=1, max_size=64),
)

staff_ids = st.from_regex(r"\A[0-9A-Za-z][0-9A-Za-z_.:-]{0,63}\Z")

requests = st.one_of(
    st.builds(NumbersQuery, request_headers, insurance_numbers, dates, st.booleans()),
    st.builds(
        CardVisualCheckQuery,
        request_headers,
        st.binary(min_size=1, max_size=64),
        staff_ids,
        st.dictionaries(st.sampled_from(list(ConsentItem)), st.booleans()),
        st.booleans(),
    ),
    st.builds(
        CardQuery,
        request_headers,
        card_proofs,
        st.dictionaries(st.sampled_from(list(ConsentItem)), st.booleans()),
        st.booleans(),
    ),
    st.builds(
        HistoryQuery,
        st.sampled_from([RequestKind.MEDICATION, RequestKind.CHECKUP]),
        request_headers,
        insurance_numbers,
        dates,
    ),
    st.builds(
        BulkRequest, request_headers, st.lists(bulk_entries, min_size=1, max_size=4).map(tuple)
    ),
    st.builds(BulkPoll, request_headers, reception_numbers),
    st.builds(
        ReferenceRegistration,
        request_headers,
        insurance_numbers,
        dates,
        # The builder refuses any surrounding whitespace (U+00A0, U+3000 ...), not only XML's.
        texts().filter(lambda value: value == value.strip()),
    ),
)
