"""Reading messages as other producers write them: order, unknowns, prefixes, codes."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import (
    CharacterCode,
    InsuredCardClassification,
    QualificationValidity,
)
from clinic_app.core.errors import InvalidInput
from clinic_app.core.history import MedicationSource
from clinic_app.eligibility import messages as m
from clinic_app.eligibility.xml import decode, encode_shift_jis
from tests.unit.eligibility import samples

GOLDEN = Path(__file__).parent / "golden"


def _reverse_unique_children(element: etree._Element) -> None:
    """Reverse the children of every element whose children all have distinct names."""
    children = list(element)
    names = [child.tag for child in children]
    if len(set(names)) == len(names):
        for child in children:
            element.remove(child)
        for child in reversed(children):
            element.append(child)
    for child in children:
        _reverse_unique_children(child)


@pytest.mark.parametrize(
    ("name", "parse"),
    [
        ("eligibility_validity_1_utf8.xml", m.parse_eligibility_reply),
        ("eligibility_validity_5_sjis.xml", m.parse_eligibility_reply),
        ("checkup_utf8.xml", m.parse_checkup_reply),
        ("bulk_reply_utf8.xml", m.parse_bulk_reply),
        ("request_card.xml", m.parse_request),
        ("request_numbers.xml", m.parse_request),
    ],
)
def test_element_order_does_not_matter(name: str, parse: object) -> None:
    data = (GOLDEN / name).read_bytes()
    text, encoding = decode(data)
    declaration, _, document = text.partition("?>")
    root = etree.fromstring(document)
    _reverse_unique_children(root)
    rewritten = declaration + "?>" + etree.tostring(root, encoding="unicode")
    shuffled = (
        encode_shift_jis(rewritten) if encoding is CharacterCode.SHIFT_JIS else rewritten.encode()
    )
    assert shuffled != data
    assert parse(shuffled) == parse(data)  # type: ignore[operator]


def test_face_result_from_another_producer() -> None:
    """Shift_JIS (CP932), namespace, header last, unknown elements and codes, full-width digits."""
    result = m.parse_eligibility_reply((GOLDEN / "foreign_face_result_sjis.xml").read_bytes())
    assert result.header.arbitrary_file_identifier == "20261129093001"
    assert result.header.extra == (("TerminalId", "T01"),)
    assert result.header.reference_classification is not None
    assert result.header.reference_classification.raw == "1"
    assert result.validity is not None and result.validity.known is QualificationValidity.VALID
    assert result.extra == (("BodyNote", "予備"),)
    (record,) = result.records
    assert record.name == "德田 次郎"
    assert record.name_kana == "ﾄｸﾀﾞ ｼﾞﾛｳ"
    assert record.insurer_number == "139006"
    assert record.insured_identification_number == "００１２３"  # as received, not normalised
    assert record.copay_percent == 30
    assert record.insured_card_classification is not None
    assert record.insured_card_classification.raw == "B9"
    assert record.insured_card_classification.known is None
    # 3 = not asked: no Consent, but the raw flag is kept aside.
    assert [c.item for c in record.consents] == [ConsentItem.CHECKUP]
    consent = record.consents[0]
    assert consent.agreed and consent.consent_time == datetime(2026, 11, 29, 9, 30)
    assert consent.available_until == datetime(2026, 11, 30, 9, 30)
    assert ("PharmacistsInfoConsFlg", "3") in record.extra
    assert ("FutureField", "新項目") in record.extra
    assert record.specific_diseases[0].disease_classification == "01"
    assert record.specific_diseases[0].valid_from == date(2024, 1, 1)


def test_unknown_codes_are_kept_raw() -> None:
    data = (GOLDEN / "eligibility_validity_1_utf8.xml").read_bytes()
    data = data.replace(b"<QualificationValidity>1<", b"<QualificationValidity>7<")
    data = data.replace(b"<SegmentOfResult>1<", b"<SegmentOfResult>5<")
    data = data.replace(b"<InsuredCardClassification>01<", b"<InsuredCardClassification>A9<")
    result = m.parse_eligibility_reply(data)
    assert result.validity is not None and (result.validity.raw, result.validity.known) == (
        "7",
        None,
    )
    assert result.header.segment_of_result.known is None
    assert not result.in_progress and not result.failed
    classification = result.records[0].insured_card_classification
    assert (
        classification is not None and classification.known is None and str(classification) == "A9"
    )
    # Known ones are known:
    expected = samples.eligibility_result()
    assert expected.records[0].insured_card_classification is not None
    assert (
        expected.records[0].insured_card_classification.known
        is InsuredCardClassification.HEALTH_INSURANCE
    )


def test_unknown_consent_flag_is_kept_with_its_times() -> None:
    data = (GOLDEN / "eligibility_validity_1_utf8.xml").read_bytes()
    data = data.replace(b"<PharmacistsInfoConsFlg>1<", b"<PharmacistsInfoConsFlg>7<")
    record = m.parse_eligibility_reply(data).records[0]
    assert ConsentItem.MEDICATION not in [consent.item for consent in record.consents]
    names = [name for name, _ in record.extra]
    assert names[:3] == [
        "PharmacistsInfoConsFlg",
        "PharmacistsInfoConsTime",
        "PharmacistsInfoAvailableTime",
    ]
    rebuilt = m.parse_eligibility_reply(m.build_eligibility_reply(m.parse_eligibility_reply(data)))
    assert rebuilt == m.parse_eligibility_reply(data)


def test_consent_time_without_flag_is_malformed() -> None:
    data = (GOLDEN / "eligibility_validity_1_utf8.xml").read_bytes()
    data = data.replace(b"<PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg>", b"")
    with pytest.raises(m.MessageError, match="PharmacistsInfoConsFlg"):
        m.parse_eligibility_reply(data)


def test_medication_from_all_sources_prefixed_or_not() -> None:
    reply = m.parse_medication_reply(
        (GOLDEN / "foreign_medication_mixed_prefixes.xml").read_bytes()
    )
    lines = reply.history.lines
    assert [(line.source, line.drug_name) for line in lines] == [
        (MedicationSource.DISPENSING, "ロキソプロフェン錠６０ｍｇ"),
        (MedicationSource.DISPENSING, "レバミピド錠１００ｍｇ"),
        (MedicationSource.CLAIMS, "アムロジピン錠５ｍｇ"),
        (MedicationSource.EPRESCRIPTION, "ファモチジン錠２０ｍｇ"),
    ]
    assert lines[0].dispensed_on == date(2025, 2, 8) and lines[0].institution_name == "架空薬局"
    assert lines[0].days == 5 and lines[1].days == 5
    # The month block's date applies; the drug's own prescribing date is added.
    assert (lines[2].dispensed_on, lines[2].prescribed_on) == (date(2025, 1, 10), date(2025, 1, 9))
    assert lines[3].prescribed_on == date(2025, 3, 1) and lines[3].drug_code == "620000004"
    assert ("ShNewField", "x") in reply.extra
    assert reply.history.arbitrary_file_identifier == "med-0001"


@pytest.mark.parametrize(
    ("replace", "element"),
    [
        ((b"<CzDiMonth>202502<", b"<CzDiMonth>202513<"), "DiMonth"),
        ((b"<Times>5<", b"<Times>5d<"), "Times"),
        ((b"<DiDate>20250208<", b"<DiDate>2025020<"), "DiDate"),
    ],
)
def test_malformed_medication_values(replace: tuple[bytes, bytes], element: str) -> None:
    data = (GOLDEN / "foreign_medication_mixed_prefixes.xml").read_bytes().replace(*replace)
    with pytest.raises(m.MessageError, match=element):
        m.parse_medication_reply(data)


def test_checkup_items_anywhere_in_a_checkup() -> None:
    reply = m.parse_checkup_reply((GOLDEN / "foreign_checkup_nested.xml").read_bytes())
    items = reply.history.items
    assert [(item.item_code, item.value, item.checkup_date) for item in items] == [
        ("3D046000001920402", "6.1", date(2024, 6, 12)),
        ("9N001000000000001", "158.2", date(2024, 6, 12)),
    ]
    assert items[0].unit == "%" and items[0].data_type == "PQ" and items[1].item_name == ""
    assert reply.header.arbitrary_file_identifier == ""


@pytest.mark.parametrize(
    ("replace", "element"),
    [
        ((b"<ItemCode>3D046000001920402<", b"<ItemCode>3D04600000192040<"), "ItemCode"),
        ((b"<EffectiveTime>20240612093000<", b"<EffectiveTime>2024-06-12<"), "EffectiveTime"),
        ((b"<EffectiveTime>20240612093000</EffectiveTime>", b""), "EffectiveTime"),
    ],
)
def test_malformed_checkup_values(replace: tuple[bytes, bytes], element: str) -> None:
    data = (GOLDEN / "foreign_checkup_nested.xml").read_bytes().replace(*replace)
    with pytest.raises(m.MessageError, match=element):
        m.parse_checkup_reply(data)


# ---------------------------------------------------------------- requests


def test_numbers_query_pads_a_6_digit_insurer_and_checks_the_digit_first() -> None:
    header = samples.request_header()
    data = m.build_numbers_query(header, samples.numbers(six_digit=True), date(1990, 1, 1))
    assert f"<InsurerNumber>  {samples.INSURER_6}</InsurerNumber>".encode() in data
    bad = m.NumbersQuery(header, samples.numbers(), date(1990, 1, 1)).numbers
    wrong = type(bad)(
        bad.insurer_number[:-1] + str((int(bad.insurer_number[-1]) + 1) % 10), "", "1"
    )
    with pytest.raises(InvalidInput) as caught:
        m.build_numbers_query(header, wrong, date(1990, 1, 1))
    assert caught.value.code == "insurer_check_digit"
    with pytest.raises(InvalidInput):
        m.build_numbers_query(header, type(bad)(bad.insurer_number, "", ""), date(1990, 1, 1))
    with pytest.raises(InvalidInput):
        m.build_numbers_query(header, type(bad)(bad.insurer_number, "", "1", "1"), date(1990, 1, 1))


def test_request_header_is_validated() -> None:
    with pytest.raises(m.MessageError, match="MedicalInstitutionCode"):
        m.RequestHeader("123", "abc", date(2026, 1, 1))
    with pytest.raises(m.MessageError, match="ArbitraryFileIdentifier"):
        m.RequestHeader("1234567890", "a/b", date(2026, 1, 1))
    identifiers = {m.new_file_identifier() for _ in range(100)}
    assert len(identifiers) == 100
    for identifier in identifiers:
        m.RequestHeader("1234567890", identifier, date(2026, 1, 1))


def test_request_kinds_and_prefixes() -> None:
    assert m.RequestKind.SINGLE.request_prefix == "OQSsiquc01req"
    assert m.RequestKind.SINGLE.reply_prefix == "OQSsiquc01res"
    assert [kind.value for kind in m.RequestKind] == [
        "OQSsiquc01",
        "OQSmuquc01",
        "OQSmuquc02",
        "YZKsiquc01",
        "TKKsiquc01",
        "OQSsiimm01",
    ]
    assert m.RequestKind.from_prefix("YZKsiquc01res") == (m.RequestKind.MEDICATION, True)
    with pytest.raises(m.MessageError):
        m.RequestKind.from_prefix("OQSxxxxx01req")


def test_card_query_is_our_clearly_named_extension() -> None:
    data = (GOLDEN / "request_card.xml").read_bytes()
    assert (
        b"<CardAuthenticationExtension>" in data
        and m.CARD_EXTENSION == "CardAuthenticationExtension"
    )
    query = m.parse_request(data)
    assert isinstance(query, m.CardQuery)
    assert query.proof.challenge == b"challenge-0123456789abcdef"
    assert query.consents == {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False}
    for broken, element in [
        (data.replace(b"<ExtensionVersion>1<", b"<ExtensionVersion>2<"), "ExtensionVersion"),
        (data.replace(b"<Challenge>Y2", b"<Challenge>!!"), "Challenge"),
        (data.replace(b"RSASSA-PKCS1-v1_5-SHA256", b"RSA-MD5"), "SignatureAlgorithm"),
        (
            data.replace(b"<PharmacistsInfoConsFlg>1<", b"<PharmacistsInfoConsFlg>9<"),
            "PharmacistsInfoConsFlg",
        ),
    ]:
        with pytest.raises(m.MessageError, match=element):
            m.parse_request(broken)
    with pytest.raises(m.MessageError):
        m.build_card_query(samples.request_header(), m.CardProof(b"", b"s", b"c"), {})


def test_visual_check_card_query_is_our_clearly_named_extension() -> None:
    """目視確認: certificate only, staff confirmed the photo, the staff member's id."""
    data = (GOLDEN / "request_card_visual_check.xml").read_bytes()
    assert m.CARD_VISUAL_CHECK_EXTENSION == "CardVisualCheckExtension"
    assert b"<CardVisualCheckExtension>" in data and b"<StaffConfirmedPhoto>1<" in data
    assert b"Signature" not in data and b"Challenge" not in data
    query = m.parse_request(data)
    assert isinstance(query, m.CardVisualCheckQuery)
    assert query.staff_id == "staff-0042"
    assert query.certificate_der == b"\x30\x82\x01\x0a fake DER"
    assert query.consents == {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False}
    assert query.limit_consent is True
    assert m.request_kind(query) is m.RequestKind.SINGLE
    staff_name = "山田".encode()
    for old, new, element in [
        (b"<ExtensionVersion>1<", b"<ExtensionVersion>2<", "ExtensionVersion"),
        (b"<StaffConfirmedPhoto>1<", b"<StaffConfirmedPhoto>0<", "StaffConfirmedPhoto"),
        (b"<StaffConfirmedPhoto>1</StaffConfirmedPhoto>", b"", "StaffConfirmedPhoto"),
        (b">staff-0042<", b">" + staff_name + b"<", "ConfirmingStaffId"),
        (b"<ConfirmingStaffId>staff-0042</ConfirmingStaffId>", b"", "ConfirmingStaffId"),
        (b"<AuthenticationCertificate>MII", b"<AuthenticationCertificate>!!", "Certificate"),
        (b"<PharmacistsInfoConsFlg>1<", b"<PharmacistsInfoConsFlg>9<", "PharmacistsInfoConsFlg"),
    ]:
        broken = data.replace(old, new)
        assert broken != data
        with pytest.raises(m.MessageError, match=element):
            m.parse_request(broken)


def test_visual_check_builder_refuses_what_it_cannot_send() -> None:
    header = samples.request_header()
    with pytest.raises(m.MessageError, match="certificate"):
        m.build_card_visual_check_query(header, b"", {}, staff_id="s1")
    with pytest.raises(m.MessageError, match="certificate"):
        m.build_card_visual_check_query(header, b"x" * 20_000, {}, staff_id="s1")
    for staff_id in ("", "山田", "a b", "x" * 65, "-lead"):
        with pytest.raises(m.MessageError, match="staff"):
            m.build_card_visual_check_query(header, b"der", {}, staff_id=staff_id)


def test_a_request_with_both_card_extensions_is_refused() -> None:
    signed = (GOLDEN / "request_card.xml").read_bytes()
    visual = (GOLDEN / "request_card_visual_check.xml").read_bytes()
    start = visual.index(b"<CardVisualCheckExtension>")
    end = visual.index(b"</CardVisualCheckExtension>") + len(b"</CardVisualCheckExtension>")
    both = signed.replace(b"</MessageBody>", visual[start:end] + b"</MessageBody>")
    with pytest.raises(m.MessageError, match="both"):
        m.parse_request(both)


def test_visual_check_mark_on_a_reply_header_round_trips() -> None:
    result = samples.eligibility_result("1")
    assert not m.is_visual_check_reply(result.header)
    marked = dataclasses.replace(result, header=m.mark_visual_check(result.header))
    assert m.mark_visual_check(marked.header) == marked.header  # marking twice is once
    data = m.build_eligibility_reply(marked)
    assert b"<CardVerificationMethod>VisualCheck</CardVerificationMethod>" in data
    parsed = m.parse_eligibility_reply(data)
    assert m.is_visual_check_reply(parsed.header)
    assert parsed == marked


def test_request_kind_from_hint_or_content() -> None:
    data = (GOLDEN / "request_medication.xml").read_bytes()
    bare = data.replace(b"<FileTypeIdentifier>YZKsiquc01req</FileTypeIdentifier>", b"")
    assert isinstance(m.parse_request(bare, kind=m.RequestKind.MEDICATION), m.HistoryQuery)
    assert isinstance(m.parse_request(bare), m.NumbersQuery)  # no way to tell without a hint
    with pytest.raises(m.WrongMessageKind):
        m.parse_request(data, kind=m.RequestKind.CHECKUP)
    for name, expected in [
        ("request_bulk.xml", m.BulkRequest),
        ("request_bulk_poll.xml", m.BulkPoll),
        ("request_registration.xml", m.ReferenceRegistration),
        ("request_card.xml", m.CardQuery),
        ("request_card_visual_check.xml", m.CardVisualCheckQuery),
    ]:
        raw = (GOLDEN / name).read_bytes()
        start = raw.index(b"<FileTypeIdentifier>")
        end = raw.index(b"</FileTypeIdentifier>") + len(b"</FileTypeIdentifier>")
        assert isinstance(m.parse_request(raw[:start] + raw[end:]), expected)


def test_request_with_bad_insurer_number_is_refused_by_the_server_side() -> None:
    data = (GOLDEN / "request_numbers.xml").read_bytes()
    digit = samples.INSURER_6[-1]
    wrong = str((int(digit) + 1) % 10)
    broken = data.replace(
        f"{samples.INSURER_6}<".encode(), f"{samples.INSURER_6[:-1]}{wrong}<".encode()
    )
    with pytest.raises(m.MessageError, match="InsurerNumber"):
        m.parse_request(broken)


def test_bulk_request_entries_follow_their_sequence_numbers() -> None:
    data = (GOLDEN / "request_bulk.xml").read_bytes()
    swapped = data.replace(b"<SequenceNumber>1<", b"<SequenceNumber>9<")
    request = m.parse_request(swapped)
    original = m.parse_request(data)
    assert isinstance(request, m.BulkRequest) and isinstance(original, m.BulkRequest)
    assert request.entries == tuple(reversed(original.entries))
    with pytest.raises(m.MessageError):
        m.build_bulk_request(samples.request_header(), [])


def test_text_that_xml_cannot_carry_is_a_clear_error() -> None:
    result = samples.eligibility_result()
    from dataclasses import replace

    record = replace(result.records[0], address="bad\x01char")
    with pytest.raises(m.MessageError, match="Address"):
        m.build_eligibility_reply(replace(result, records=(record,)))


def test_in_progress_and_failed_are_flags_on_the_result() -> None:
    header = samples.request_header()
    waiting = m.parse_eligibility_reply(m.build_in_progress_reply(m.RequestKind.SINGLE, header))
    assert waiting.in_progress and not waiting.failed and waiting.records == ()
    polled = m.parse_bulk_reply(m.build_in_progress_reply(m.RequestKind.BULK_POLL, header))
    assert polled.in_progress and polled.units == ()
