"""Medication (``YZKsiquc01res``) and checkup (``TKKsiquc01res``) replies: build and parse.

Medication body (DESIGN.md §4). Three sources, each a container of month
blocks; inside the dispensing and e-prescription blocks every element name
carries the ``Cz`` / ``Sh`` prefix. Readers accept prefixed and unprefixed
names alike, and month blocks anywhere under the body::

    <MessageBody>
      <ProcessingResultStatus/> <ProcessingResultCode/> <ProcessingResultMessage/>
      <QuaInf>  InsurerNumber, InsuredCardSymbol, InsuredIdentificationNumber,
                InsuredBranchNumber, Birthdate  </QuaInf>
      <MeTrInf>                                 claims (レセプト)
        <MeTrMonthInf>
          <MeTrMonth>YYYYMM</MeTrMonth>
          <DateInf>                             one prescribing/dispensing occasion
            <DiDate>YYYYMMDD</DiDate> <PrDate>YYYYMMDD</PrDate>
            <MeIsC>institution code</MeIsC> <MeIsN>institution name</MeIsN>
            <DrugInf>  DrugC, DrugN, IngreN, Qua1, Unit, UsageN, Times  </DrugInf>  (repeats)
          </DateInf>
        </MeTrMonthInf>
      </MeTrInf>
      <CzDiInf>                                 dispensing results (調剤)
        <CzDiMonthInf> <CzDiMonth/> <CzDateInf> <CzDiDate/> … <CzDrugInf> <CzDrugN/> …
      </CzDiInf>
      <ShPrInf>                                 e-prescriptions (電子処方箋)
        <ShPrMonthInf> <ShPrMonth/> <ShDateInf> <ShPrDate/> … <ShDrugInf> <ShDrugC/> …
      </ShPrInf>
    </MessageBody>

Dates and the institution may also sit on the month block or on a drug; the
nearest one wins. Checkup body::

    <MessageBody>
      <ProcessingResultStatus/> … <QuaInf>…</QuaInf>
      <SpecificHealthCheckupList>
        <SpecificHealthCheckupInfo>            one checkup (repeats)
          <EffectiveTime>YYYYMMDD</EffectiveTime>
          <CheckupItemInfo>                    (repeats; any element with an ItemCode child)
            ItemCode (17-char JLAC10), ItemName, DataType (PQ/CD/ST…), DataValue, Unit,
            Oid, DataValueName
          </CheckupItemInfo>
        </SpecificHealthCheckupInfo>
      </SpecificHealthCheckupList>
    </MessageBody>

Unknown elements are kept aside in the reply's ``extra`` (by element name; the
builder writes them back at body level).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from clinic_app.core.codes import Coded
from clinic_app.core.eligibility import CharacterCode, ProcessingResultStatus, ResponseHeader
from clinic_app.core.history import (
    CheckupHistory,
    CheckupItem,
    MedicationHistory,
    MedicationLine,
    MedicationSource,
)
from clinic_app.eligibility.envelope import ReplyStatus, RequestKind
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.replies import (
    open_reply,
    read_processing,
    start_reply,
    write_processing,
)
from clinic_app.eligibility.xml import (
    DEFAULT_LIMITS,
    Node,
    XmlLimits,
    add,
    add_extra,
    container,
    format_date,
    format_number,
    local_name,
    parse_date,
    parse_month,
    serialize,
)

_ITEM_CODE = re.compile(r"^[0-9A-Za-z]{17}$")
_EFFECTIVE_TIME = re.compile(r"^[0-9]{8}([0-9]{6})?$")

#: month-block element → (source, name prefix inside it, container element written)
_MONTH_BLOCKS: dict[str, tuple[MedicationSource, str, str]] = {
    "MeTrMonthInf": (MedicationSource.CLAIMS, "", "MeTrInf"),
    "CzDiMonthInf": (MedicationSource.DISPENSING, "Cz", "CzDiInf"),
    "ShPrMonthInf": (MedicationSource.EPRESCRIPTION, "Sh", "ShPrInf"),
}
_BLOCK_FOR_SOURCE = {
    source: (block, prefix, box) for block, (source, prefix, box) in _MONTH_BLOCKS.items()
}
_MONTH_BLOCK_TAGS = tuple(f"{{*}}{name}" for name in _MONTH_BLOCKS)
_MONTH_NAMES = ("MeTrMonth", "DiMonth", "PrMonth", "Month")
_SOURCE_CONTAINERS = frozenset(box for _, _, box in _MONTH_BLOCKS.values())
_DRUG_FIELDS = ("DrugC", "DrugN", "IngreN", "Qua1", "Unit", "UsageN", "Times")
_OCCASION_FIELDS = ("DiDate", "PrDate", "MeIsC", "MeIsN")


@dataclass(frozen=True, slots=True)
class HistorySubject:
    """``QuaInf``: whose history this is (echoed numbers and birth date)."""

    insurer_number: str | None
    insured_card_symbol: str | None
    insured_identification_number: str | None
    insured_branch_number: str | None
    birthdate: date | None


@dataclass(frozen=True, slots=True)
class MedicationReply(ReplyStatus):
    header: ResponseHeader
    history: MedicationHistory
    processing_status: Coded[ProcessingResultStatus] | None = None
    processing_code: str | None = None
    processing_message: str | None = None
    subject: HistorySubject | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CheckupReply(ReplyStatus):
    header: ResponseHeader
    history: CheckupHistory
    processing_status: Coded[ProcessingResultStatus] | None = None
    processing_code: str | None = None
    processing_message: str | None = None
    subject: HistorySubject | None = None
    extra: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------- subject


def _read_subject(body: Node) -> HistorySubject | None:
    node = body.node("QuaInf")
    if node is None:
        return None
    subject = HistorySubject(
        insurer_number=node.text("InsurerNumber"),
        insured_card_symbol=node.text("InsuredCardSymbol"),
        insured_identification_number=node.text("InsuredIdentificationNumber"),
        insured_branch_number=node.text("InsuredBranchNumber"),
        birthdate=node.date("Birthdate"),
    )
    if node.extra():
        raise MessageError("element QuaInf holds unexpected elements")
    return subject


def _write_subject(body: etree._Element, subject: HistorySubject | None) -> None:
    if subject is None:
        return
    node = container(body, "QuaInf")
    insurer = subject.insurer_number
    add(node, "InsurerNumber", insurer.rjust(8) if insurer and len(insurer) == 6 else insurer)
    add(node, "InsuredCardSymbol", subject.insured_card_symbol)
    add(node, "InsuredIdentificationNumber", subject.insured_identification_number)
    add(node, "InsuredBranchNumber", subject.insured_branch_number)
    add(node, "Birthdate", format_date(subject.birthdate))


# ---------------------------------------------------------------- medication: reading


@dataclass(frozen=True, slots=True)
class _Occasion:
    dispensed_on: date | None = None
    prescribed_on: date | None = None
    institution_code: str | None = None
    institution_name: str | None = None


def _occasion(node: Node, outer: _Occasion) -> _Occasion:
    return _Occasion(
        dispensed_on=node.date("DiDate") or outer.dispensed_on,
        prescribed_on=node.date("PrDate") or outer.prescribed_on,
        institution_code=node.text("MeIsC") or outer.institution_code,
        institution_name=node.text("MeIsN") or outer.institution_name,
    )


def _days(node: Node) -> int | None:
    value = node.text("Times")
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 5:
        raise MessageError("element Times holds a malformed number of days")
    return int(value)


def _read_drug(node: Node, source: MedicationSource, outer: _Occasion) -> MedicationLine:
    occasion = _occasion(node, outer)
    return MedicationLine(
        source=source,
        dispensed_on=occasion.dispensed_on,
        prescribed_on=occasion.prescribed_on,
        institution_code=occasion.institution_code,
        institution_name=occasion.institution_name,
        drug_code=node.text("DrugC"),
        drug_name=node.text("DrugN") or "",
        ingredient=node.text("IngreN"),
        quantity=node.text("Qua1"),
        unit=node.text("Unit"),
        usage=node.text("UsageN"),
        days=_days(node),
    )


def _read_month_block(
    block: Node, source: MedicationSource, lines: list[MedicationLine], kept: list[tuple[str, str]]
) -> None:
    for name in _MONTH_NAMES:
        parse_month(block.text(name), name)
    outer = _occasion(block, _Occasion())
    for child in _children(block):
        name = _unprefixed(child, block.prefix)
        if name == "DateInf":
            occasion_node = Node(child, prefix=block.prefix)
            occasion = _occasion(occasion_node, outer)
            for drug in occasion_node.nodes("DrugInf"):
                lines.append(_read_drug(drug, source, occasion))
                kept.extend(drug.extra())
            kept.extend(occasion_node.extra())
        elif name == "DrugInf":
            drug = Node(child, prefix=block.prefix)
            lines.append(_read_drug(drug, source, outer))
            kept.extend(drug.extra())
    block.elements("DateInf")
    block.elements("DrugInf")
    kept.extend(block.extra())


def _children(node: Node) -> Iterator[etree._Element]:
    for child in node.element:
        if isinstance(child.tag, str):
            yield child


def _unprefixed(element: etree._Element, prefix: str) -> str:
    name = local_name(element)
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        return name[len(prefix) :]
    return name


def _read_medication_lines(
    body: Node,
) -> tuple[tuple[MedicationLine, ...], tuple[tuple[str, str], ...]]:
    lines: list[MedicationLine] = []
    kept: list[tuple[str, str]] = []
    for element in body.element.iter(*_MONTH_BLOCK_TAGS):
        source, prefix, _ = _MONTH_BLOCKS[local_name(element)]
        _read_month_block(Node(element, prefix=prefix), source, lines, kept)
    for name in (*_SOURCE_CONTAINERS, *_MONTH_BLOCKS):
        body.elements(name)  # read through the walk above
    return tuple(lines), tuple(kept)


def parse_medication_reply(data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS) -> MedicationReply:
    """Read a ``YZKsiquc01res``: every drug line from all three sources, in document order."""
    header, body = open_reply(data, (RequestKind.MEDICATION,), limits)
    status, code, message = read_processing(body)
    subject = _read_subject(body)
    lines, kept = _read_medication_lines(body)
    return MedicationReply(
        header=header,
        history=MedicationHistory(header.arbitrary_file_identifier, lines),
        processing_status=status,
        processing_code=code,
        processing_message=message,
        subject=subject,
        extra=body.extra() + kept,
    )


# ---------------------------------------------------------------- medication: building


def _month_of(line: MedicationLine) -> str | None:
    day = line.dispensed_on or line.prescribed_on
    return None if day is None else f"{day.year:04d}{day.month:02d}"


def _write_medication_lines(body: etree._Element, lines: tuple[MedicationLine, ...]) -> None:
    """Group consecutive lines by source, month and occasion, keeping their order."""
    box: etree._Element | None = None
    month_block: etree._Element | None = None
    occasion_block: etree._Element | None = None
    last_source: MedicationSource | None = None
    last_month: tuple[str | None] | None = None
    last_occasion: tuple[object, ...] | None = None
    for line in lines:
        block_name, prefix, box_name = _BLOCK_FOR_SOURCE[line.source]
        if box is None or line.source is not last_source:
            box = container(body, box_name)
            last_source, month_block = line.source, None
        month = (_month_of(line),)
        if month_block is None or month != last_month:
            month_block = container(box, block_name)
            month_tag = {"": "MeTrMonth", "Cz": "CzDiMonth", "Sh": "ShPrMonth"}[prefix]
            add(month_block, month_tag, month[0])
            last_month, occasion_block = month, None
        occasion = (
            line.dispensed_on,
            line.prescribed_on,
            line.institution_code,
            line.institution_name,
        )
        if occasion_block is None or occasion != last_occasion:
            occasion_block = container(month_block, f"{prefix}DateInf")
            add(occasion_block, f"{prefix}DiDate", format_date(line.dispensed_on))
            add(occasion_block, f"{prefix}PrDate", format_date(line.prescribed_on))
            add(occasion_block, f"{prefix}MeIsC", line.institution_code)
            add(occasion_block, f"{prefix}MeIsN", line.institution_name)
            last_occasion = occasion
        drug = container(occasion_block, f"{prefix}DrugInf")
        add(drug, f"{prefix}DrugC", line.drug_code)
        add(drug, f"{prefix}DrugN", line.drug_name)
        add(drug, f"{prefix}IngreN", line.ingredient)
        add(drug, f"{prefix}Qua1", line.quantity)
        add(drug, f"{prefix}Unit", line.unit)
        add(drug, f"{prefix}UsageN", line.usage)
        add(drug, f"{prefix}Times", format_number(line.days, "Times", digits=5))


def build_medication_reply(
    reply: MedicationReply, *, encoding: CharacterCode | None = None
) -> bytes:
    """Write ``reply`` as a ``YZKsiquc01res``; ``parse_medication_reply`` reads it back equal."""
    root, body, chosen = start_reply(reply.header, RequestKind.MEDICATION, encoding)
    write_processing(body, reply.processing_status, reply.processing_code, reply.processing_message)
    _write_subject(body, reply.subject)
    _write_medication_lines(body, reply.history.lines)
    add_extra(body, reply.extra)
    return serialize(root, chosen)


# ---------------------------------------------------------------- checkups


def _effective_date(node: Node) -> date:
    value = node.text("EffectiveTime")
    if value is None:
        raise MessageError("element EffectiveTime is missing from SpecificHealthCheckupInfo")
    if not _EFFECTIVE_TIME.match(value):
        raise MessageError("element EffectiveTime holds a malformed date")
    parsed = parse_date(value[:8], "EffectiveTime")
    assert parsed is not None
    return parsed


def _read_checkup_item(node: Node, checkup_date: date) -> CheckupItem:
    code = node.required_text("ItemCode")
    if not _ITEM_CODE.match(code):
        raise MessageError("element ItemCode is not a 17-character JLAC10 code")
    return CheckupItem(
        checkup_date=checkup_date,
        item_code=code,
        item_name=node.text("ItemName") or "",
        data_type=node.text("DataType"),
        value=node.text("DataValue") or "",
        unit=node.text("Unit"),
        oid=node.text("Oid"),
        value_name=node.text("DataValueName"),
    )


def _collect_items(
    element: etree._Element,
    checkup_date: date,
    items: list[CheckupItem],
    kept: list[tuple[str, str]],
) -> None:
    for child in element:
        if not isinstance(child.tag, str) or local_name(child) == "EffectiveTime":
            continue
        node = Node(child)
        if node.has("ItemCode"):
            items.append(_read_checkup_item(node, checkup_date))
            kept.extend(node.extra())
        elif any(isinstance(grandchild.tag, str) for grandchild in child):
            _collect_items(child, checkup_date, items, kept)
        else:
            kept.append((local_name(child), "".join(str(t) for t in child.itertext()).strip()))


def parse_checkup_reply(data: bytes, *, limits: XmlLimits = DEFAULT_LIMITS) -> CheckupReply:
    """Read a ``TKKsiquc01res``: every checkup item with its date, in document order."""
    header, body = open_reply(data, (RequestKind.CHECKUP,), limits)
    status, code, message = read_processing(body)
    subject = _read_subject(body)
    items: list[CheckupItem] = []
    kept: list[tuple[str, str]] = []
    for element in body.element.iter("{*}SpecificHealthCheckupInfo"):
        _collect_items(element, _effective_date(Node(element)), items, kept)
    body.elements("SpecificHealthCheckupList")
    body.elements("SpecificHealthCheckupInfo")
    return CheckupReply(
        header=header,
        history=CheckupHistory(header.arbitrary_file_identifier, tuple(items)),
        processing_status=status,
        processing_code=code,
        processing_message=message,
        subject=subject,
        extra=body.extra() + tuple(kept),
    )


def build_checkup_reply(reply: CheckupReply, *, encoding: CharacterCode | None = None) -> bytes:
    """Write ``reply`` as a ``TKKsiquc01res``; consecutive items of one date share a checkup."""
    root, body, chosen = start_reply(reply.header, RequestKind.CHECKUP, encoding)
    write_processing(body, reply.processing_status, reply.processing_code, reply.processing_message)
    _write_subject(body, reply.subject)
    if reply.history.items:
        listing = container(body, "SpecificHealthCheckupList")
        info: etree._Element | None = None
        last_date: date | None = None
        for item in reply.history.items:
            if info is None or item.checkup_date != last_date:
                info = container(listing, "SpecificHealthCheckupInfo")
                add(info, "EffectiveTime", format_date(item.checkup_date))
                last_date = item.checkup_date
            node = container(info, "CheckupItemInfo")
            add(node, "ItemCode", item.item_code)
            add(node, "ItemName", item.item_name or None)
            add(node, "DataType", item.data_type)
            add(node, "DataValue", item.value or None)
            add(node, "Unit", item.unit)
            add(node, "Oid", item.oid)
            add(node, "DataValueName", item.value_name)
    add_extra(body, reply.extra)
    return serialize(root, chosen)
