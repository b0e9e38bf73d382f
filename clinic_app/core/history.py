"""Medication and checkup histories as received from the service (DESIGN.md §4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class MedicationSource(Enum):
    CLAIMS = "claims"  # MeTrMonthInf: レセプト
    DISPENSING = "dispensing"  # CzDiInf: 調剤結果
    EPRESCRIPTION = "eprescription"  # ShPrInf: 電子処方箋


@dataclass(frozen=True, slots=True)
class MedicationLine:
    source: MedicationSource
    dispensed_on: date | None  # DiDate
    prescribed_on: date | None  # PrDate
    institution_code: str | None
    institution_name: str | None
    drug_code: str | None  # DrugC
    drug_name: str  # DrugN
    ingredient: str | None  # IngreN
    quantity: str | None  # Qua1, kept as text: "1.5"
    unit: str | None
    usage: str | None  # UsageN
    days: int | None  # Times


@dataclass(frozen=True, slots=True)
class CheckupItem:
    checkup_date: date
    item_code: str  # 17-char JLAC10-style
    item_name: str
    data_type: str | None  # PQ (quantity), CD (code), ST (text)...
    value: str
    unit: str | None
    oid: str | None
    value_name: str | None  # DataValueName, for coded values


@dataclass(frozen=True, slots=True)
class MedicationHistory:
    arbitrary_file_identifier: str
    lines: tuple[MedicationLine, ...]


@dataclass(frozen=True, slots=True)
class CheckupHistory:
    arbitrary_file_identifier: str
    items: tuple[CheckupItem, ...]
