"""Eligibility replies (``OQSsiquc01res``, card-reader ``face/`` results): build and parse.

Body shape (DESIGN.md §4; any element order is accepted when reading)::

    <MessageBody>
      <ProcessingResultStatus>1|2</ProcessingResultStatus>
      <ProcessingResultCode/> <ProcessingResultMessage/>
      <QualificationValidity>1..5</QualificationValidity>
      <PrescriptionIssueSelect>1|2</PrescriptionIssueSelect>
      <ResultList>
        <ResultOfQualificationConfirmation>   (may repeat)
          InsuredCardClassification, InsurerNumber, InsurerName, InsuredCardSymbol,
          InsuredIdentificationNumber, InsuredBranchNumber, PersonalFamilyClassification,
          InsuredName, Name, NameOfOther, NameKana, NameOfOtherKana, Sex1, Sex2, Birthdate,
          Address, PostNumber, QualificationDate, DisqualificationDate,
          InsuredCertificateIssuanceDate, InsuredCardValidDate, InsuredCardExpirationDate,
          InsuredPartialContributionRatio ("030"), PreschoolClassification, ReasonOfLoss,
          <ElderlyRecipientCertificateInfo>
            ElderlyRecipientCertificateDate, ElderlyRecipientValidStartDate,
            ElderlyRecipientValidEndDate, ElderlyRecipientContributionRatio
          </ElderlyRecipientCertificateInfo>
          LimitApplicationCertificateRelatedConsFlg (1|2),
          LimitApplicationCertificateRelatedConsTime,
          <LimitApplicationCertificateRelatedInfo>
            LimitApplicationCertificateClassification (01-03),
            LimitApplicationCertificateClassificationFlag (A01-A06, B01-B10),
            LimitApplicationCertificateDate, LimitApplicationCertificateValidStartDate,
            LimitApplicationCertificateValidEndDate, LimitApplicationCertificateLongTermDate
          </LimitApplicationCertificateRelatedInfo>
          <SpecificDiseasesCertificateList>
            <SpecificDiseasesCertificateInfo>  (repeats)
              SpecificDiseasesDiseaseCategory, SpecificDiseasesSelfPay,
              SpecificDiseasesCertificateDate, SpecificDiseasesValidStartDate,
              SpecificDiseasesValidEndDate
          </SpecificDiseasesCertificateList>
          <Item>ConsFlg (1 agreed, 2 refused, 3 not asked), <Item>ConsTime, <Item>AvailableTime
            for Item in PharmacistsInfo, SpecificHealthCheckupsInfo, DiagnosisInfo, OperationInfo
          ReferenceNumber
        </ResultOfQualificationConfirmation>
      </ResultList>
    </MessageBody>

Dates are YYYYMMDD, times YYYYMMDDhhmmss. Unknown elements go to ``extra``;
unknown code values are kept raw (``Coded.known is None``).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

from lxml import etree

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
    ResponseHeader,
    SegmentOfResult,
    SpecificDisease,
)
from clinic_app.eligibility.envelope import (
    RequestHeader,
    RequestKind,
    envelope,
    expect_kind,
    read_response_header,
    response_header_for,
    start_message,
    write_response_header,
)
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.xml import (
    DEFAULT_LIMITS,
    Node,
    XmlLimits,
    add,
    add_code,
    add_extra,
    container,
    format_date,
    format_datetime,
    format_flag,
    format_number,
    parse_document,
    serialize,
)

_RATIO = re.compile(r"^[0-9]{1,3}$")
_FLAG = re.compile(r"^[0-9A-Za-z]{1,4}$")
_ELIGIBILITY_KINDS = (RequestKind.SINGLE,)


# ---------------------------------------------------------------- shared pieces


def read_processing(
    body: Node,
) -> tuple[Coded[ProcessingResultStatus] | None, str | None, str | None]:
    """(status, code, message) of ``ProcessingResult*``; the message is shown as is."""
    return (
        body.coded(ProcessingResultStatus, "ProcessingResultStatus"),
        body.text("ProcessingResultCode"),
        body.text("ProcessingResultMessage"),
    )


def write_processing(
    body: etree._Element,
    status: Coded[ProcessingResultStatus] | None,
    code: str | None,
    message: str | None,
) -> None:
    add_code(body, "ProcessingResultStatus", status)
    add(body, "ProcessingResultCode", code)
    add(body, "ProcessingResultMessage", message)


def reply_encoding(
    header: ResponseHeader, encoding: CharacterCode | None
) -> tuple[ResponseHeader, CharacterCode]:
    """The encoding to write in, and the header saying so.

    ``encoding=None`` keeps the header's ``CharacterCodeIdentifier`` (UTF-8 when
    unknown); an explicit encoding rewrites the header to match it.
    """
    if encoding is None:
        known = header.character_code.known if header.character_code is not None else None
        return header, known or CharacterCode.UTF8
    code = Coded(encoding.value, encoding)
    if header.character_code != code:
        header = dataclasses.replace(header, character_code=code)
    return header, encoding


def open_reply(
    data: bytes, kinds: tuple[RequestKind, ...], limits: XmlLimits
) -> tuple[ResponseHeader, Node]:
    """Parse ``data`` as a reply to one of ``kinds``: its response header and its body."""
    document = parse_document(data, limits)
    head, body = envelope(document.root)
    expect_kind(head, kinds, reply=True)
    return read_response_header(head), body


def start_reply(
    header: ResponseHeader, kind: RequestKind, encoding: CharacterCode | None
) -> tuple[etree._Element, etree._Element, CharacterCode]:
    """A new reply of ``kind`` with its header written (see :func:`reply_encoding`):
    the root to serialize, the body to fill and the encoding to serialize in."""
    header, chosen = reply_encoding(header, encoding)
    root, head, body = start_message()
    write_response_header(head, header, kind)
    return root, body, chosen


def _ratio(node: Node, name: str) -> int | None:
    value = node.text(name)
    if value is None:
        return None
    if not _RATIO.match(value):
        raise MessageError(f"element {name} holds a malformed ratio")
    return int(value)


def _format_ratio(value: int | None, name: str) -> str | None:
    return format_number(value, name, digits=3, width=3)


# ---------------------------------------------------------------- reading


def _read_elderly(node: Node | None) -> ElderlyRecipient | None:
    if node is None:
        return None
    return ElderlyRecipient(
        issuance_date=node.date("ElderlyRecipientCertificateDate"),
        valid_from=node.date("ElderlyRecipientValidStartDate"),
        valid_until=node.date("ElderlyRecipientValidEndDate"),
        copay_percent=_ratio(node, "ElderlyRecipientContributionRatio"),
    )


def _read_high_cost(node: Node | None) -> HighCostLimit | None:
    if node is None:
        return None
    return HighCostLimit(
        classification=node.text("LimitApplicationCertificateClassification") or "",
        classification_flag=node.text("LimitApplicationCertificateClassificationFlag") or "",
        issuance_date=node.date("LimitApplicationCertificateDate"),
        valid_from=node.date("LimitApplicationCertificateValidStartDate"),
        valid_until=node.date("LimitApplicationCertificateValidEndDate"),
        long_term_hospitalisation_date=node.date("LimitApplicationCertificateLongTermDate"),
    )


def _read_specific_diseases(record: Node) -> tuple[SpecificDisease, ...]:
    diseases: list[SpecificDisease] = []
    for listing in record.nodes("SpecificDiseasesCertificateList"):
        for info in listing.nodes("SpecificDiseasesCertificateInfo"):
            diseases.append(
                SpecificDisease(
                    disease_classification=info.text("SpecificDiseasesDiseaseCategory") or "",
                    self_pay_limit=info.text("SpecificDiseasesSelfPay"),
                    issuance_date=info.date("SpecificDiseasesCertificateDate"),
                    valid_from=info.date("SpecificDiseasesValidStartDate"),
                    valid_until=info.date("SpecificDiseasesValidEndDate"),
                )
            )
    return tuple(diseases)


def _read_consents(record: Node) -> tuple[tuple[Consent, ...], tuple[tuple[str, str], ...]]:
    """Consent triples (1 agreed, 2 refused).

    Any other flag — 3 "not asked", or a code we do not know — gives no
    ``Consent``; the triple is kept aside raw in ``extra`` so nothing is lost.
    """
    consents: list[Consent] = []
    kept: list[tuple[str, str]] = []
    for item in ConsentItem:
        flag_name = f"{item.value}ConsFlg"
        flag = record.text(flag_name)
        consent_time = record.datetime(f"{item.value}ConsTime")
        available = record.datetime(f"{item.value}AvailableTime")
        if flag is None:
            if consent_time is not None or available is not None:
                raise MessageError(f"element {flag_name} is missing beside its consent time")
            continue
        if flag in ("1", "2"):
            consents.append(Consent(item, flag == "1", consent_time, available))
            continue
        if not _FLAG.match(flag):
            raise MessageError(f"element {flag_name} holds a malformed flag")
        kept.append((flag_name, flag))
        for suffix, value in (("ConsTime", consent_time), ("AvailableTime", available)):
            text = format_datetime(value)
            if text is not None:
                kept.append((f"{item.value}{suffix}", text))
    return tuple(consents), tuple(kept)


def _read_record(record: Node) -> QualificationRecord:
    consents, unknown_flags = _read_consents(record)
    return QualificationRecord(
        insured_card_classification=record.coded(
            InsuredCardClassification, "InsuredCardClassification"
        ),
        insurer_number=record.text("InsurerNumber") or "",
        insurer_name=record.text("InsurerName"),
        insured_card_symbol=record.text("InsuredCardSymbol"),
        insured_identification_number=record.text("InsuredIdentificationNumber") or "",
        insured_branch_number=record.text("InsuredBranchNumber"),
        personal_family=record.coded(PersonalFamily, "PersonalFamilyClassification"),
        insured_name=record.text("InsuredName"),
        name=record.text("Name") or "",
        name_of_other=record.text("NameOfOther"),
        name_kana=record.text("NameKana"),
        name_of_other_kana=record.text("NameOfOtherKana"),
        sex1=record.text("Sex1"),
        sex2=record.text("Sex2"),
        birthdate=record.date("Birthdate"),
        address=record.text("Address"),
        post_number=record.text("PostNumber"),
        qualification_date=record.date("QualificationDate"),
        disqualification_date=record.date("DisqualificationDate"),
        certificate_issuance_date=record.date("InsuredCertificateIssuanceDate"),
        card_valid_from=record.date("InsuredCardValidDate"),
        card_valid_until=record.date("InsuredCardExpirationDate"),
        copay_percent=_ratio(record, "InsuredPartialContributionRatio"),
        preschool=record.text("PreschoolClassification"),
        reason_of_loss=record.text("ReasonOfLoss"),
        elderly=_read_elderly(record.node("ElderlyRecipientCertificateInfo")),
        high_cost_limit_consented=record.flag("LimitApplicationCertificateRelatedConsFlg"),
        high_cost_limit_consent_time=record.datetime("LimitApplicationCertificateRelatedConsTime"),
        high_cost_limit=_read_high_cost(record.node("LimitApplicationCertificateRelatedInfo")),
        specific_diseases=_read_specific_diseases(record),
        consents=consents,
        reference_number=record.text("ReferenceNumber"),
        extra=unknown_flags + record.extra(),
    )


def read_eligibility_body(header: ResponseHeader, body: Node) -> EligibilityResult:
    """The eligibility fields of a body (a whole reply, or one bulk unit)."""
    status, code, message = read_processing(body)
    records: list[QualificationRecord] = []
    for listing in body.nodes("ResultList"):
        records.extend(
            _read_record(record) for record in listing.nodes("ResultOfQualificationConfirmation")
        )
    return EligibilityResult(
        header=header,
        processing_status=status,
        processing_code=code,
        processing_message=message,
        validity=body.coded(QualificationValidity, "QualificationValidity"),
        prescription_issue=body.coded(PrescriptionIssue, "PrescriptionIssueSelect"),
        records=tuple(records),
        extra=body.extra(),
    )


def parse_eligibility_reply(
    data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS
) -> EligibilityResult:
    """Read an ``OQSsiquc01res`` (or a ``face/`` result) into an ``EligibilityResult``.

    In-progress (``SegmentOfResult`` 2) and failed (9) replies parse too; look at
    ``result.in_progress`` / ``result.failed`` and the header's error fields.
    """
    header, body = open_reply(data, _ELIGIBILITY_KINDS, limits)
    return read_eligibility_body(header, body)


# ---------------------------------------------------------------- building


def _write_elderly(parent: etree._Element, elderly: ElderlyRecipient | None) -> None:
    if elderly is None:
        return
    node = container(parent, "ElderlyRecipientCertificateInfo")
    add(node, "ElderlyRecipientCertificateDate", format_date(elderly.issuance_date))
    add(node, "ElderlyRecipientValidStartDate", format_date(elderly.valid_from))
    add(node, "ElderlyRecipientValidEndDate", format_date(elderly.valid_until))
    add(
        node,
        "ElderlyRecipientContributionRatio",
        _format_ratio(elderly.copay_percent, "ElderlyRecipientContributionRatio"),
    )


def _write_high_cost(parent: etree._Element, limit: HighCostLimit | None) -> None:
    if limit is None:
        return
    node = container(parent, "LimitApplicationCertificateRelatedInfo")
    add(node, "LimitApplicationCertificateClassification", limit.classification or None)
    add(node, "LimitApplicationCertificateClassificationFlag", limit.classification_flag or None)
    add(node, "LimitApplicationCertificateDate", format_date(limit.issuance_date))
    add(node, "LimitApplicationCertificateValidStartDate", format_date(limit.valid_from))
    add(node, "LimitApplicationCertificateValidEndDate", format_date(limit.valid_until))
    add(
        node,
        "LimitApplicationCertificateLongTermDate",
        format_date(limit.long_term_hospitalisation_date),
    )


def _write_specific_diseases(parent: etree._Element, diseases: tuple[SpecificDisease, ...]) -> None:
    if not diseases:
        return
    listing = container(parent, "SpecificDiseasesCertificateList")
    for disease in diseases:
        info = container(listing, "SpecificDiseasesCertificateInfo")
        add(info, "SpecificDiseasesDiseaseCategory", disease.disease_classification or None)
        add(info, "SpecificDiseasesSelfPay", disease.self_pay_limit)
        add(info, "SpecificDiseasesCertificateDate", format_date(disease.issuance_date))
        add(info, "SpecificDiseasesValidStartDate", format_date(disease.valid_from))
        add(info, "SpecificDiseasesValidEndDate", format_date(disease.valid_until))


def _write_consents(parent: etree._Element, consents: tuple[Consent, ...]) -> None:
    seen: set[ConsentItem] = set()
    for consent in consents:
        if consent.item in seen:
            raise MessageError(f"consent for {consent.item.value} given twice")
        seen.add(consent.item)
        stem = consent.item.value
        add(parent, f"{stem}ConsFlg", "1" if consent.agreed else "2")
        add(parent, f"{stem}ConsTime", format_datetime(consent.consent_time))
        add(parent, f"{stem}AvailableTime", format_datetime(consent.available_until))


def _write_record(parent: etree._Element, record: QualificationRecord) -> None:
    node = container(parent, "ResultOfQualificationConfirmation")
    add_code(node, "InsuredCardClassification", record.insured_card_classification)
    insurer = record.insurer_number
    add(node, "InsurerNumber", insurer.rjust(8) if len(insurer) == 6 else insurer or None)
    add(node, "InsurerName", record.insurer_name)
    add(node, "InsuredCardSymbol", record.insured_card_symbol)
    add(node, "InsuredIdentificationNumber", record.insured_identification_number or None)
    add(node, "InsuredBranchNumber", record.insured_branch_number)
    add_code(node, "PersonalFamilyClassification", record.personal_family)
    add(node, "InsuredName", record.insured_name)
    add(node, "Name", record.name or None)
    add(node, "NameOfOther", record.name_of_other)
    add(node, "NameKana", record.name_kana)
    add(node, "NameOfOtherKana", record.name_of_other_kana)
    add(node, "Sex1", record.sex1)
    add(node, "Sex2", record.sex2)
    add(node, "Birthdate", format_date(record.birthdate))
    add(node, "Address", record.address)
    add(node, "PostNumber", record.post_number)
    add(node, "QualificationDate", format_date(record.qualification_date))
    add(node, "DisqualificationDate", format_date(record.disqualification_date))
    add(node, "InsuredCertificateIssuanceDate", format_date(record.certificate_issuance_date))
    add(node, "InsuredCardValidDate", format_date(record.card_valid_from))
    add(node, "InsuredCardExpirationDate", format_date(record.card_valid_until))
    add(
        node,
        "InsuredPartialContributionRatio",
        _format_ratio(record.copay_percent, "InsuredPartialContributionRatio"),
    )
    add(node, "PreschoolClassification", record.preschool)
    add(node, "ReasonOfLoss", record.reason_of_loss)
    _write_elderly(node, record.elderly)
    add(
        node,
        "LimitApplicationCertificateRelatedConsFlg",
        format_flag(record.high_cost_limit_consented),
    )
    add(
        node,
        "LimitApplicationCertificateRelatedConsTime",
        format_datetime(record.high_cost_limit_consent_time),
    )
    _write_high_cost(node, record.high_cost_limit)
    _write_specific_diseases(node, record.specific_diseases)
    _write_consents(node, record.consents)
    add(node, "ReferenceNumber", record.reference_number)
    add_extra(node, record.extra)


def write_eligibility_body(body: etree._Element, result: EligibilityResult) -> None:
    write_processing(
        body, result.processing_status, result.processing_code, result.processing_message
    )
    add_code(body, "QualificationValidity", result.validity)
    add_code(body, "PrescriptionIssueSelect", result.prescription_issue)
    if result.records:
        listing = container(body, "ResultList")
        for record in result.records:
            _write_record(listing, record)
    add_extra(body, result.extra)


def build_eligibility_reply(
    result: EligibilityResult, *, encoding: CharacterCode | None = None
) -> bytes:
    """Write ``result`` as an ``OQSsiquc01res``; ``parse_eligibility_reply`` reads it back equal."""
    root, body, chosen = start_reply(result.header, RequestKind.SINGLE, encoding)
    write_eligibility_body(body, result)
    return serialize(root, chosen)


# ---------------------------------------------------------------- status-only replies


def _status_reply(header: ResponseHeader, kind: RequestKind, encoding: CharacterCode) -> bytes:
    root, head, _body = start_message()
    write_response_header(head, header, kind)
    return serialize(root, encoding)


def build_failure_reply(
    header: RequestHeader,
    error_code: str,
    error_message: str,
    *,
    kind: RequestKind = RequestKind.SINGLE,
    processed_at: datetime | None = None,
    encoding: CharacterCode = CharacterCode.UTF8,
) -> bytes:
    """A reply with ``SegmentOfResult`` 9, its ``ErrorCode`` and ``ErrorMessage``; no body."""
    reply_header = response_header_for(
        header,
        processed_at=processed_at or datetime.now(),
        segment=SegmentOfResult.FAILED,
        encoding=encoding,
        error_code=error_code,
        error_message=error_message,
    )
    return _status_reply(reply_header, kind, encoding)


def build_in_progress_reply(
    kind: RequestKind,
    header: RequestHeader,
    *,
    processed_at: datetime | None = None,
    encoding: CharacterCode = CharacterCode.UTF8,
) -> bytes:
    """A reply with ``SegmentOfResult`` 2: the service is still working, ask again."""
    reply_header = response_header_for(
        header,
        processed_at=processed_at or datetime.now(),
        segment=SegmentOfResult.IN_PROGRESS,
        encoding=encoding,
    )
    return _status_reply(reply_header, kind, encoding)
