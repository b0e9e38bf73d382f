"""In-memory fakes for the history service's ports, and sample histories for UI tests."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

from clinic_app.core.checkup_reference import lookup
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.history import (
    CheckupHistory,
    CheckupItem,
    MedicationHistory,
    MedicationLine,
    MedicationSource,
)
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.patient import Sex
from clinic_app.services.histories import PatientSnapshot, PatientSummary


class FakeRole(Enum):
    RECEPTION = "reception"
    DOCTOR = "doctor"
    ADMIN = "admin"


@dataclass(frozen=True)
class FakeStaff:
    id: int
    role: FakeRole


DOCTOR = FakeStaff(7, FakeRole.DOCTOR)
RECEPTIONIST = FakeStaff(3, FakeRole.RECEPTION)
ADMIN = FakeStaff(1, FakeRole.ADMIN)


@dataclass
class AuditRow:
    event: str
    staff_id: int | None
    patient_id: int | None
    detail: dict[str, str | int | bool | None]


@dataclass
class FakeAudit:
    rows: list[AuditRow] = field(default_factory=list)

    def append(
        self,
        event: str,
        *,
        staff_id: int | None,
        patient_id: int | None,
        detail: Mapping[str, str | int | bool | None],
    ) -> None:
        self.rows.append(AuditRow(event, staff_id, patient_id, dict(detail)))


@dataclass
class FakeHistoryStore:
    medication: dict[int, tuple[datetime, tuple[MedicationLine, ...]]] = field(default_factory=dict)
    checkups: dict[int, tuple[datetime, tuple[CheckupItem, ...]]] = field(default_factory=dict)
    consents: dict[tuple[int, ConsentItem], Consent] = field(default_factory=dict)
    keys: dict[int, tuple[InsuranceNumbers, date]] = field(default_factory=dict)
    sexes: dict[int, Sex] = field(default_factory=dict)
    visits: list[PatientSummary] = field(default_factory=list)

    def snapshot(self, patient_id: int) -> PatientSnapshot:
        medication = self.medication.get(patient_id)
        checkups = self.checkups.get(patient_id)
        return PatientSnapshot(
            medication=medication[1] if medication else (),
            medication_fetched_at=medication[0] if medication else None,
            checkups=checkups[1] if checkups else (),
            checkups_fetched_at=checkups[0] if checkups else None,
            consents={
                item: consent for (pid, item), consent in self.consents.items() if pid == patient_id
            },
            sex=self.sexes.get(patient_id),
        )

    def replace_medication(
        self, patient_id: int, lines: Sequence[MedicationLine], fetched_at: datetime
    ) -> None:
        self.medication[patient_id] = (fetched_at, tuple(lines))

    def replace_checkups(
        self, patient_id: int, items: Sequence[CheckupItem], fetched_at: datetime
    ) -> None:
        self.checkups[patient_id] = (fetched_at, tuple(items))

    def latest_consent(self, patient_id: int, item: ConsentItem) -> Consent | None:
        return self.consents.get((patient_id, item))

    def fetch_key(self, patient_id: int) -> tuple[InsuranceNumbers, date] | None:
        return self.keys.get(patient_id)

    def todays_patients(self, day: date) -> list[PatientSummary]:
        return [
            visit
            for visit in self.visits
            if visit.checked_in_at is not None and visit.checked_in_at.date() == day
        ]

    def find_patient(self, patient_number: str) -> PatientSummary | None:
        return next((v for v in self.visits if v.patient_number == patient_number), None)

    def purge_histories(self, patient_id: int) -> None:
        """What the retention purge does to one patient's stored copy."""
        self.medication.pop(patient_id, None)
        self.checkups.pop(patient_id, None)


@dataclass
class FakeFetcher:
    medication: MedicationHistory = field(default_factory=lambda: MedicationHistory("id-m", ()))
    checkups: CheckupHistory = field(default_factory=lambda: CheckupHistory("id-c", ()))
    error: Exception | None = None
    calls: list[tuple[str, InsuranceNumbers, date]] = field(default_factory=list)

    def fetch_medication(self, numbers: InsuranceNumbers, birthdate: date) -> MedicationHistory:
        self.calls.append(("medication", numbers, birthdate))
        if self.error:
            raise self.error
        return self.medication

    def fetch_checkups(self, numbers: InsuranceNumbers, birthdate: date) -> CheckupHistory:
        self.calls.append(("checkup", numbers, birthdate))
        if self.error:
            raise self.error
        return self.checkups


# ------------------------------------------------------------------- sample data

_DRUGS: tuple[tuple[str, str, str, str, str], ...] = (
    # name, ingredient, quantity, unit, usage
    ("アムロジピン錠5mg「サワイ」", "アムロジピンベシル酸塩", "1", "錠", "1日1回朝食後"),
    ("ノルバスク錠5mg", "アムロジピンベシル酸塩", "1", "錠", "1日1回朝食後"),
    ("メトホルミン塩酸塩錠250mgMT「DSEP」", "メトホルミン塩酸塩", "2", "錠", "1日2回朝夕食後"),
    ("ロスバスタチン錠2.5mg「DSEP」", "ロスバスタチンカルシウム", "1", "錠", "1日1回夕食後"),
    (
        "ロキソプロフェンNa錠60mg「サワイ」",
        "ロキソプロフェンナトリウム水和物",
        "3",
        "錠",
        "1日3回毎食後",
    ),
    ("レバミピド錠100mg「トーワ」", "レバミピド", "3", "錠", "1日3回毎食後"),
    ("ランソプラゾールOD錠15mg「トーワ」", "ランソプラゾール", "1", "錠", "1日1回朝食後"),
    ("カロナール錠200", "アセトアミノフェン", "2", "錠", "疼痛時"),
    ("モンテルカスト錠10mg「KM」", "モンテルカストナトリウム", "1", "錠", "1日1回就寝前"),
    (
        "フェキソフェナジン塩酸塩錠60mg「サワイ」",
        "フェキソフェナジン塩酸塩",
        "2",
        "錠",
        "1日2回朝夕食後",
    ),
    ("ゾルピデム酒石酸塩錠5mg「トーワ」", "ゾルピデム酒石酸塩", "1", "錠", "就寝前"),
    ("ヘパリン類似物質油性クリーム0.3%", "ヘパリン類似物質", "50", "g", "1日2回塗布"),
)

_INSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("1311234567", "みどり内科クリニック"),
    ("1319876543", "さくら整形外科"),
    ("1315550001", "ひまわり皮ふ科"),
)
_PHARMACIES: tuple[tuple[str, str], ...] = (
    ("1341112222", "あおば調剤薬局"),
    ("1343334444", "なのはな薬局 駅前店"),
)


@dataclass(frozen=True)
class _Regimen:
    """One clinic's prescribing habit: a visit interval, chronic drugs, occasional courses."""

    clinic: int
    pharmacy: int
    interval: int  # days between visits (= days prescribed for chronic drugs)
    chronic: tuple[int, ...]  # drug indexes prescribed at every visit
    courses: tuple[tuple[int, int], ...]  # (drug index, days) sometimes added
    course_chance: float


_REGIMENS: tuple[_Regimen, ...] = (
    _Regimen(0, 0, 28, (0, 2, 3), ((10, 14),), 0.15),  # internal medicine: BP, DM, lipids
    _Regimen(1, 1, 14, (1,), ((4, 7), (5, 7), (6, 14), (7, 5)), 0.35),  # orthopaedics
    _Regimen(2, 1, 30, (8,), ((9, 14), (11, 0)), 0.4),  # dermatology
)


def sample_medication(
    *, as_of: date, years: int = 1, seed: int = 1, target_lines: int | None = None
) -> list[MedicationLine]:
    """A plausible multi-clinic history: three clinics, each visit one prescription.

    Each dispensing is reported by the pharmacy (dispensing) and, unless recent,
    by claims; some also by an e-prescription; so the by-drug view has duplicates
    to merge. The orthopaedist prescribes amlodipine under another brand name
    (same ingredient as the internist's): a duplication a doctor should spot.
    With ``target_lines`` more clinics are added until that many lines exist
    (for the benchmark).
    """
    rng = random.Random(seed)
    start = as_of - timedelta(days=365 * years)
    lines: list[MedicationLine] = []
    round_number = 0
    while True:
        for regimen in _REGIMENS:
            clinic_code, clinic_name = _INSTITUTIONS[regimen.clinic]
            pharmacy_code, pharmacy_name = _PHARMACIES[regimen.pharmacy]
            if round_number:
                clinic_name = f"{clinic_name} 分院{round_number}"
                clinic_code = f"{clinic_code[:-3]}{round_number:03d}"
            visit = start + timedelta(days=rng.randrange(0, regimen.interval))
            while visit <= as_of:
                drugs = [(index, regimen.interval) for index in regimen.chronic]
                drugs += [
                    course for course in regimen.courses if rng.random() < regimen.course_chance
                ]
                prescribed = visit
                dispensed = visit + timedelta(days=rng.choice((0, 0, 0, 1)))
                electronic = rng.random() < 0.3
                for drug_index, days in drugs:
                    name, ingredient, quantity, unit, usage = _DRUGS[drug_index]
                    if round_number:
                        name = f"{name}（{round_number}）"
                    common = {
                        "prescribed_on": prescribed,
                        "drug_code": f"62{drug_index:07d}",
                        "drug_name": name,
                        "ingredient": ingredient,
                        "quantity": quantity,
                        "unit": unit,
                        "usage": usage,
                        "days": days or None,
                    }
                    lines.append(
                        MedicationLine(
                            source=MedicationSource.DISPENSING,
                            dispensed_on=dispensed,
                            institution_code=pharmacy_code,
                            institution_name=pharmacy_name,
                            **common,  # type: ignore[arg-type]
                        )
                    )
                    if dispensed < as_of - timedelta(days=45) or rng.random() < 0.2:
                        lines.append(
                            MedicationLine(
                                source=MedicationSource.CLAIMS,
                                dispensed_on=dispensed,
                                institution_code=clinic_code,
                                institution_name=clinic_name,
                                **common,  # type: ignore[arg-type]
                            )
                        )
                    if electronic:
                        lines.append(
                            MedicationLine(
                                source=MedicationSource.EPRESCRIPTION,
                                dispensed_on=None,
                                institution_code=clinic_code,
                                institution_name=clinic_name,
                                **common,  # type: ignore[arg-type]
                            )
                        )
                gap = regimen.interval + rng.choice((-4, -2, 0, 0, 0, 1, 3))
                if rng.random() < 0.06:
                    gap += rng.randrange(35, 80)  # a missed stretch: a new period starts
                visit += timedelta(days=max(gap, 1))
        if target_lines is None or len(lines) >= target_lines:
            return lines
        round_number += 1


#: (code, name, unit, base value, spread) for sample checkups; codes as the service sends them.
_CHECKUP_ITEMS: tuple[tuple[str, str, str, float, float], ...] = (
    ("9N001000000000001", "身長", "cm", 168.2, 0.2),
    ("9N006000000000001", "体重", "kg", 74.0, 2.5),
    ("9N011000000000001", "ＢＭＩ", "kg/m2", 26.1, 0.9),
    ("9N016160100000001", "腹囲（実測）", "cm", 90.0, 2.0),
    ("9A755000000000001", "収縮期血圧（その他）", "mmHg", 136, 8),
    ("9A765000000000001", "拡張期血圧（その他）", "mmHg", 84, 5),
    ("3F015000002327101", "中性脂肪", "mg/dl", 160, 40),
    ("3F070000002327101", "ＨＤＬコレステロール", "mg/dl", 48, 5),
    ("3F077000002327101", "ＬＤＬコレステロール", "mg/dl", 138, 15),
    ("3B035000002327201", "ＧＯＴ（ＡＳＴ）", "U/l", 26, 6),
    ("3B045000002327201", "ＧＰＴ（ＡＬＴ）", "U/l", 32, 9),
    ("3B090000002327101", "γ－ＧＴ（γ－ＧＴＰ）", "U/l", 48, 15),
    ("3D010000001926101", "空腹時血糖", "mg/dl", 104, 8),
    ("3D046000001920402", "ＨｂＡ１ｃ（ＮＧＳＰ）", "%", 6.0, 0.3),
    ("3C015000002327101", "血清クレアチニン", "mg/dl", 0.92, 0.06),
    ("8A065000002391901", "eGFR", "ml/min/1.73m2", 68.0, 4.0),
    ("3C020000002327101", "尿酸", "mg/dl", 6.6, 0.6),
    ("2A030000001930101", "血色素量", "g/dl", 14.6, 0.5),
)


def sample_checkups(
    *, as_of: date, count: int = 5, seed: int = 2, gaps: bool = True, extra_items: int = 0
) -> list[CheckupItem]:
    """Yearly checkups; with ``gaps`` one year lacks lipids and one HbA1c (a gap in a trend).

    ``extra_items`` adds numbered unknown-code items (for the 40-item benchmark).
    """
    rng = random.Random(seed)
    items: list[CheckupItem] = []
    for year_back in range(count):
        day = date(as_of.year - year_back, 6, 10 + year_back)
        drift = (count - year_back) * 0.02
        for code, name, unit, base, spread in _CHECKUP_ITEMS:
            if gaps and year_back == 2 and code.startswith("3F0"):
                continue
            if gaps and year_back == 3 and code.startswith("3D046"):
                continue
            trend = 0.0 if code.startswith("9N001") else drift  # adults stop growing
            value = base * (1 + trend) + rng.uniform(-spread, spread)
            definition = lookup(code)
            decimals = definition.decimals if definition else 1
            items.append(
                CheckupItem(day, code, name, "PQ", f"{value:.{decimals}f}", unit, None, None)
            )
        urine: tuple[tuple[str, str, str, str | None], ...] = (
            ("1A020000000190111", "尿糖", "1", "−"),
            ("1A010000000190111", "尿蛋白", "2" if year_back % 2 else "3", None),
        )
        for code, name, coded, value_name in urine:
            items.append(CheckupItem(day, code, name, "CD", coded, None, None, value_name))
        for extra in range(extra_items):
            items.append(
                CheckupItem(
                    day,
                    f"9Z{extra:03d}000000000001",
                    f"追加項目{extra + 1}",
                    "PQ",
                    f"{rng.uniform(1, 100):.1f}",
                    "U",
                    None,
                    None,
                )
            )
    return items
