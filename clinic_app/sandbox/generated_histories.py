"""Synthetic medication and checkup histories, generated lazily per person.

Each history is drawn from ``random.Random`` seeded by the person's
``history_key``, so it is the same every time it is asked for and costs nothing
until then. Drug codes are YJ-style 12-character codes; checkup items use the
JLAC10-style 17-character codes of the 特定健診 standard.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from clinic_app.core.history import CheckupItem, MedicationLine, MedicationSource
from clinic_app.core.patient import Sex
from clinic_app.sandbox.person import age_on

if TYPE_CHECKING:
    from clinic_app.sandbox.person import SyntheticPerson

MEDICATION_YEARS = 3
CHECKUP_YEARS = 5

# ---------------------------------------------------------------------------
# History material. Drug codes are YJ-style 12-character codes; checkup items use
# the JLAC10-style 17-character codes of the 特定健診 standard.

_DRUGS: tuple[tuple[str, str, str, str, str, int], ...] = (
    # code, name, ingredient, quantity, unit, times per day
    ("2171022F1090", "アムロジピン錠５ｍｇ「テスト」", "アムロジピンベシル酸塩", "1", "錠", 1),
    (
        "2149039F1020",
        "オルメサルタン錠２０ｍｇ「テスト」",
        "オルメサルタン　メドキソミル",
        "1",
        "錠",
        1,
    ),
    (
        "3962002F1030",
        "メトホルミン塩酸塩錠２５０ｍｇ「テスト」",
        "メトホルミン塩酸塩",
        "2",
        "錠",
        2,
    ),
    (
        "3969010F1020",
        "シタグリプチン錠５０ｍｇ「テスト」",
        "シタグリプチンリン酸塩水和物",
        "1",
        "錠",
        1,
    ),
    (
        "2189017F1040",
        "ロスバスタチン錠２．５ｍｇ「テスト」",
        "ロスバスタチンカルシウム",
        "1",
        "錠",
        1,
    ),
    (
        "2189016F1030",
        "アトルバスタチン錠１０ｍｇ「テスト」",
        "アトルバスタチンカルシウム水和物",
        "1",
        "錠",
        1,
    ),
    ("2325003F1030", "ファモチジン錠２０ｍｇ「テスト」", "ファモチジン", "2", "錠", 2),
    ("2329023F1020", "ランソプラゾールＯＤ錠１５ｍｇ「テスト」", "ランソプラゾール", "1", "錠", 1),
    (
        "1149019F1020",
        "ロキソプロフェンＮａ錠６０ｍｇ「テスト」",
        "ロキソプロフェンナトリウム水和物",
        "3",
        "錠",
        3,
    ),
    ("1141007C1075", "カロナール細粒２０％「テスト」", "アセトアミノフェン", "1.5", "ｇ", 3),
    (
        "6132005C1029",
        "セフカペンピボキシル塩酸塩細粒１０％「テスト」",
        "セフカペン　ピボキシル塩酸塩水和物",
        "0.9",
        "ｇ",
        3,
    ),
    (
        "4490025F1022",
        "フェキソフェナジン塩酸塩錠６０ｍｇ「テスト」",
        "フェキソフェナジン塩酸塩",
        "2",
        "錠",
        2,
    ),
    ("2239001F1564", "カルボシステイン錠５００ｍｇ「テスト」", "L-カルボシステイン", "3", "錠", 3),
    ("3399007H1021", "バイアスピリン錠１００ｍｇ「テスト」", "アスピリン", "1", "錠", 1),
    ("2139005F1030", "フロセミド錠２０ｍｇ「テスト」", "フロセミド", "1", "錠", 1),
    ("1124017F1033", "ゾルピデム酒石酸塩錠５ｍｇ「テスト」", "ゾルピデム酒石酸塩", "1", "錠", 1),
    ("3311401A1020", "生理食塩液「テスト」", "塩化ナトリウム", "1", "瓶", 1),
    (
        "2649843S1030",
        "ロキソプロフェンNaテープ１００ｍｇ「テスト」",
        "ロキソプロフェンナトリウム水和物",
        "14",
        "枚",
        1,
    ),
)
_USAGE_BY_TIMES = {1: "１日１回朝食後", 2: "１日２回朝夕食後", 3: "１日３回毎食後"}
_INSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("1310000011", "テスト内科クリニック"),
    ("1310000029", "サンドボックス総合病院"),
    ("1340000017", "テスト調剤薬局 駅前店"),
    ("1340000025", "みどり薬局（テスト）"),
    ("2710000010", "テスト整形外科医院"),
)

# (code, name, data type, unit, generator key)
_CHECKUP_ITEMS: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("9N001000000000001", "身長", "PQ", "cm", "height"),
    ("9N006000000000001", "体重", "PQ", "kg", "weight"),
    ("9N011000000000001", "BMI", "PQ", "kg/m2", "bmi"),
    ("9N016160100000001", "腹囲（実測）", "PQ", "cm", "waist"),
    ("9A751000000000001", "収縮期血圧（１回目）", "PQ", "mmHg", "sbp"),
    ("9A761000000000001", "拡張期血圧（１回目）", "PQ", "mmHg", "dbp"),
    ("3D046000001920402", "HbA1c（NGSP値）", "PQ", "%", "hba1c"),
    ("3D010000001926101", "空腹時血糖", "PQ", "mg/dl", "glucose"),
    ("3F015000002327101", "中性脂肪（トリグリセリド）", "PQ", "mg/dl", "tg"),
    ("3F070000002327101", "HDLコレステロール", "PQ", "mg/dl", "hdl"),
    ("3F077000002327101", "LDLコレステロール", "PQ", "mg/dl", "ldl"),
    ("3B035000002327201", "GOT（AST）", "PQ", "U/l", "ast"),
    ("3B045000002327201", "GPT（ALT）", "PQ", "U/l", "alt"),
    ("3B090000002327101", "γ-GT（γ-GTP）", "PQ", "U/l", "ggt"),
    ("3C015000002327101", "血清クレアチニン", "PQ", "mg/dl", "creatinine"),
    ("8A065000002391901", "eGFR", "PQ", "ml/min/1.73m2", "egfr"),
    ("1A020000000190111", "尿糖（試験紙法・目視法）", "CD", None, "urine_sugar"),
    ("1A010000000190111", "尿蛋白（試験紙法・目視法）", "CD", None, "urine_protein"),
)
_URINE_CODES = (("1", "－"), ("2", "±"), ("3", "＋"), ("4", "＋＋"))
_CHECKUP_OID = "1.2.392.200119.6.1005"


# ---------------------------------------------------------------------------
# Generation


def medication_lines_for(person: SyntheticPerson) -> tuple[MedicationLine, ...]:
    """Up to three years of medication from claims, dispensing and e-prescriptions."""
    if person.medication_months <= 0:
        return ()
    rng = random.Random(f"medication:{person.history_key}")  # noqa: S311 (synthetic data, not secrets)
    today = person.as_of
    start = max(
        today - timedelta(days=min(person.medication_months, 12 * MEDICATION_YEARS) * 30),
        person.birthdate,
    )
    regular = (
        rng.sample(_DRUGS[:8], k=rng.randint(1, 4)) if age_on(person.birthdate, today) >= 40 else []
    )
    acute = _DRUGS[8:]
    lines: list[MedicationLine] = []
    day = start + timedelta(days=rng.randrange(0, 14))
    while day <= today:
        clinic_code, clinic_name = rng.choice(_INSTITUTIONS[:2] + _INSTITUTIONS[4:])
        pharmacy_code, pharmacy_name = rng.choice(_INSTITUTIONS[2:4])
        drugs = list(regular)
        if rng.random() < 0.3 or not drugs:
            drugs.extend(rng.sample(acute, k=rng.randint(1, 2)))
        days = 28 if regular else rng.choice((3, 5, 7))
        electronic = day >= today - timedelta(days=365) and rng.random() < 0.5
        for code, name, ingredient, quantity, unit, times in drugs:
            usage = _USAGE_BY_TIMES.get(times, "１日１回")
            claim = MedicationLine(
                MedicationSource.CLAIMS,
                day,
                day,
                pharmacy_code,
                pharmacy_name,
                code,
                name,
                ingredient,
                quantity,
                unit,
                usage,
                days,
            )
            lines.append(claim)
            if day >= today - timedelta(days=100):
                # Recent dispensing results arrive before the claims are processed.
                dispensed = day + timedelta(days=rng.choice((0, 0, 1)))
                if dispensed <= today:
                    lines.append(
                        replace(claim, source=MedicationSource.DISPENSING, dispensed_on=dispensed)
                    )
            if electronic:
                # The e-prescription names the prescribing clinic and has no dispensing date.
                lines.append(
                    replace(
                        claim,
                        source=MedicationSource.EPRESCRIPTION,
                        dispensed_on=None,
                        institution_code=clinic_code,
                        institution_name=clinic_name,
                    )
                )
        day += timedelta(days=days + rng.randrange(0, 10) if regular else rng.randrange(20, 120))
    return tuple(lines)


def checkup_items_for(person: SyntheticPerson) -> tuple[CheckupItem, ...]:
    """Up to five yearly 特定健診 results with JLAC10 item codes and plausible values."""
    if person.checkup_years <= 0:
        return ()
    rng = random.Random(f"checkup:{person.history_key}")  # noqa: S311 (synthetic data, not secrets)
    today = person.as_of
    male = person.sex is Sex.MALE
    height = rng.gauss(170 if male else 157, 6)
    weight = height * height / 10_000 * rng.gauss(23.5, 3)
    hba1c = rng.gauss(5.6, 0.5)
    sbp = rng.gauss(128, 14)
    ldl = rng.gauss(125, 25)
    items: list[CheckupItem] = []
    for years_ago in range(min(person.checkup_years, CHECKUP_YEARS) - 1, -1, -1):
        checkup_day = today - timedelta(days=365 * years_ago + rng.randrange(10, 120))
        if checkup_day < person.birthdate:
            continue
        weight += rng.gauss(0.3, 1.2)
        hba1c += rng.gauss(0.05, 0.15)
        sbp += rng.gauss(0.8, 5)
        ldl += rng.gauss(0, 8)
        bmi = weight / (height / 100) ** 2
        creatinine = max(0.4, rng.gauss(0.95 if male else 0.7, 0.15))
        age = age_on(person.birthdate, checkup_day)
        egfr = 194 * creatinine**-1.094 * max(age, 20) ** -0.287 * (1 if male else 0.739)
        values = {
            "height": f"{height:.1f}",
            "weight": f"{weight:.1f}",
            "bmi": f"{bmi:.1f}",
            "waist": f"{bmi * 3.4 + rng.gauss(6, 3):.1f}",
            "sbp": f"{sbp:.0f}",
            "dbp": f"{sbp * 0.62 + rng.gauss(0, 5):.0f}",
            "hba1c": f"{max(4.3, hba1c):.1f}",
            "glucose": f"{max(70.0, 18 * max(4.3, hba1c) - 5 + rng.gauss(0, 8)):.0f}",
            "tg": f"{max(30.0, rng.lognormvariate(4.7, 0.45)):.0f}",
            "hdl": f"{max(25.0, rng.gauss(60 if not male else 52, 12)):.0f}",
            "ldl": f"{max(50.0, ldl):.0f}",
            "ast": f"{max(10.0, rng.gauss(23, 7)):.0f}",
            "alt": f"{max(6.0, rng.gauss(22, 11)):.0f}",
            "ggt": f"{max(8.0, rng.lognormvariate(3.3, 0.6)):.0f}",
            "creatinine": f"{creatinine:.2f}",
            "egfr": f"{egfr:.1f}",
        }
        for code, name, data_type, unit, key in _CHECKUP_ITEMS:
            if key in ("urine_sugar", "urine_protein"):
                weights = (
                    (85, 8, 5, 2) if key == "urine_protein" or hba1c < 6.5 else (50, 15, 20, 15)
                )
                value, value_name = rng.choices(_URINE_CODES, weights=weights)[0]
                items.append(
                    CheckupItem(
                        checkup_day, code, name, data_type, value, unit, _CHECKUP_OID, value_name
                    )
                )
            else:
                items.append(
                    CheckupItem(checkup_day, code, name, data_type, values[key], unit, None, None)
                )
    return tuple(items)
