"""Drawing synthetic people: made-up names and kana, towns, insurers with valid
check digits, copay rules, certificate windows, and the base person every case
and every random person starts from.

Every draw goes through a ``random.Random`` seeded from (seed, index), never the
global generator, so a person can be recomputed by anyone holding the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from clinic_app.core.eligibility import (
    ElderlyRecipient,
    InsuredCardClassification,
    PersonalFamily,
    QualificationValidity,
)
from clinic_app.core.insurance import with_check_digit
from clinic_app.core.patient import Sex
from clinic_app.sandbox.person import SyntheticPerson

# ---------------------------------------------------------------------------
# Name material (made up, common surnames and given names)

_SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "ｻﾄｳ"),
    ("鈴木", "ｽｽﾞｷ"),
    ("高橋", "ﾀｶﾊｼ"),
    ("田中", "ﾀﾅｶ"),
    ("伊藤", "ｲﾄｳ"),
    ("渡辺", "ﾜﾀﾅﾍﾞ"),
    ("山本", "ﾔﾏﾓﾄ"),
    ("中村", "ﾅｶﾑﾗ"),
    ("小林", "ｺﾊﾞﾔｼ"),
    ("加藤", "ｶﾄｳ"),
    ("吉田", "ﾖｼﾀﾞ"),
    ("山田", "ﾔﾏﾀﾞ"),
    ("佐々木", "ｻｻｷ"),
    ("松本", "ﾏﾂﾓﾄ"),
    ("井上", "ｲﾉｳｴ"),
    ("木村", "ｷﾑﾗ"),
    ("林", "ﾊﾔｼ"),
    ("斎藤", "ｻｲﾄｳ"),
    ("清水", "ｼﾐｽﾞ"),
    ("山口", "ﾔﾏｸﾞﾁ"),
    ("森", "ﾓﾘ"),
    ("池田", "ｲｹﾀﾞ"),
    ("橋本", "ﾊｼﾓﾄ"),
    ("阿部", "ｱﾍﾞ"),
    ("石川", "ｲｼｶﾜ"),
    ("前田", "ﾏｴﾀﾞ"),
    ("藤田", "ﾌｼﾞﾀ"),
    ("後藤", "ｺﾞﾄｳ"),
    ("岡田", "ｵｶﾀﾞ"),
    ("長谷川", "ﾊｾｶﾞﾜ"),
)
_MALE_NAMES: tuple[tuple[str, str], ...] = (
    ("太郎", "ﾀﾛｳ"),
    ("一郎", "ｲﾁﾛｳ"),
    ("健", "ｹﾝ"),
    ("翔太", "ｼｮｳﾀ"),
    ("大輔", "ﾀﾞｲｽｹ"),
    ("誠", "ﾏｺﾄ"),
    ("浩二", "ｺｳｼﾞ"),
    ("蓮", "ﾚﾝ"),
    ("悠真", "ﾕｳﾏ"),
    ("博", "ﾋﾛｼ"),
    ("茂", "ｼｹﾞﾙ"),
    ("隆", "ﾀｶｼ"),
    ("湊", "ﾐﾅﾄ"),
    ("陽翔", "ﾊﾙﾄ"),
    ("勇気", "ﾕｳｷ"),
)
_FEMALE_NAMES: tuple[tuple[str, str], ...] = (
    ("花子", "ﾊﾅｺ"),
    ("恵子", "ｹｲｺ"),
    ("美咲", "ﾐｻｷ"),
    ("陽菜", "ﾋﾅ"),
    ("由美", "ﾕﾐ"),
    ("幸子", "ｻﾁｺ"),
    ("結衣", "ﾕｲ"),
    ("さくら", "ｻｸﾗ"),
    ("直美", "ﾅｵﾐ"),
    ("和子", "ｶｽﾞｺ"),
    ("凛", "ﾘﾝ"),
    ("葵", "ｱｵｲ"),
    ("真由美", "ﾏﾕﾐ"),
    ("千尋", "ﾁﾋﾛ"),
    ("芽依", "ﾒｲ"),
)
_TOWNS: tuple[tuple[str, str], ...] = (
    ("東京都千代田区千代田", "1000001"),
    ("東京都世田谷区太子堂", "1540004"),
    ("神奈川県横浜市中区山下町", "2310023"),
    ("大阪府大阪市北区梅田", "5300001"),
    ("愛知県名古屋市中区栄", "4600008"),
    ("北海道札幌市中央区北一条西", "0600001"),
    ("福岡県福岡市博多区博多駅前", "8120011"),
    ("宮城県仙台市青葉区一番町", "9800811"),
)

# ---------------------------------------------------------------------------
# Insurers: bodies without the check digit; the digit is computed (DESIGN.md §6).


@dataclass(frozen=True, slots=True)
class Insurer:
    number: str
    name: str
    kind: Literal["employee", "national", "elderly", "seamen"]


def _insurer(
    body: str, name: str, kind: Literal["employee", "national", "elderly", "seamen"]
) -> Insurer:
    return Insurer(with_check_digit(body), name, kind)


INSURERS: tuple[Insurer, ...] = (
    _insurer("0113001", "全国健康保険協会 東京支部（テスト）", "employee"),
    _insurer("0127001", "全国健康保険協会 大阪支部（テスト）", "employee"),
    _insurer("0613950", "テスト商事健康保険組合", "employee"),
    _insurer("0627123", "サンドボックス工業健康保険組合", "employee"),
    _insurer("3113001", "テスト共済組合", "employee"),
    _insurer("13801", "千代田区国民健康保険（テスト）", "national"),  # 6 digits
    _insurer("13112", "世田谷区国民健康保険（テスト）", "national"),  # 6 digits
    _insurer("27100", "大阪市国民健康保険（テスト）", "national"),  # 6 digits
    _insurer("3913001", "東京都後期高齢者医療広域連合（テスト）", "elderly"),
    _insurer("3927001", "大阪府後期高齢者医療広域連合（テスト）", "elderly"),
    _insurer("0201001", "全国健康保険協会 船員保険部（テスト）", "seamen"),
)
INSURERS_BY_KIND: dict[str, tuple[Insurer, ...]] = {
    kind: tuple(i for i in INSURERS if i.kind == kind)
    for kind in ("employee", "national", "elderly", "seamen")
}


# ---------------------------------------------------------------------------
# Building people


def freeze_person(values: dict[str, Any]) -> SyntheticPerson:
    """The finished person from a draft's field values."""
    return SyntheticPerson(**values)


def _birthdate_for_age(rng: random.Random, age: int, today: date) -> date:
    """A birthdate making the person exactly ``age`` today."""
    latest = _shift_years(today, -age)
    return latest - timedelta(days=rng.randrange(0, 365))


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _first_of_next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _copay_for(age: int, kind: str, rng: random.Random) -> tuple[int, bool]:
    """(copay percent, preschool) by age and insurer kind."""
    if kind == "elderly":
        return rng.choice((10, 10, 10, 20, 30)), False
    if age < 6:
        return 20, True
    if 70 <= age <= 74:
        return rng.choice((20, 20, 20, 30)), False
    return 30, False


def base_person(
    rng: random.Random,
    seed: int,
    index: int,
    today: date,
    *,
    case: str,
    label: str,
    age: int,
    sex: Sex | None = None,
    insurer_kind: str = "employee",
) -> dict[str, Any]:
    """A valid, card-holding person of ``age``; cases then change what they need."""
    sex = sex or rng.choice((Sex.MALE, Sex.FEMALE))
    surname, surname_kana = rng.choice(_SURNAMES)
    given, given_kana = rng.choice(_MALE_NAMES if sex is Sex.MALE else _FEMALE_NAMES)
    town, post = rng.choice(_TOWNS)
    birthdate = _birthdate_for_age(rng, age, today)
    if insurer_kind == "employee" and age >= 75:
        insurer_kind = "elderly"
    insurer = rng.choice(INSURERS_BY_KIND[insurer_kind])
    copay, preschool = _copay_for(age, insurer.kind, rng)
    family = (
        PersonalFamily.FAMILY
        if (age < 18 or rng.random() < 0.25) and insurer.kind == "employee"
        else PersonalFamily.SELF
    )
    if insurer.kind == "elderly":
        classification = InsuredCardClassification.ELDERLY
    elif insurer.kind == "seamen":
        classification = InsuredCardClassification.SEAMEN
    elif family is PersonalFamily.FAMILY:
        classification = InsuredCardClassification.DEPENDANT
    else:
        classification = InsuredCardClassification.HEALTH_INSURANCE
    symbol = (
        ""
        if insurer.kind == "elderly"
        else (
            f"{rng.randrange(1, 999):d}"
            if insurer.kind == "employee"
            else f"ﾃｽﾄ{rng.randrange(1, 99):02d}"
        )
    )
    # The number encodes the index, so a lookup by numbers needs no index of everyone.
    number = f"{index + 1:08d}" if insurer.kind == "elderly" else f"{index + 1:07d}"
    branch = None if insurer.kind == "elderly" else f"{rng.randrange(0, 4):02d}"
    qualification_date = max(birthdate, today - timedelta(days=rng.randrange(60, 20 * 365)))
    not_before = datetime.combine(today - timedelta(days=rng.randrange(30, 4 * 365)), time(9), UTC)
    not_after = _cert_expiry(not_before, today)
    elderly = None
    if 70 <= age <= 74 and insurer.kind != "elderly":
        start = _first_of_next_month(_shift_years(birthdate, 70))
        elderly = ElderlyRecipient(
            start, start, date(today.year + (today.month >= 8), 7, 31), copay
        )
    return {
        "index": index,
        "person_key": f"p{index:06d}",
        "case": case,
        "label": label,
        "name": f"{surname}　{given}",
        "kana": f"{surname_kana} {given_kana}",
        "name_of_other": None,
        "name_of_other_kana": None,
        "birthdate": birthdate,
        "sex": sex,
        "address": f"{town}{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}",
        "post_number": post,
        "insurer_number": insurer.number,
        "insurer_name": insurer.name,
        "symbol": symbol,
        "number": number,
        "branch": branch,
        "card_classification": classification,
        "personal_family": family,
        "insured_name": f"{surname}　{given}"
        if family is PersonalFamily.SELF
        else f"{surname}　{rng.choice(_MALE_NAMES)[0]}",
        "copay_percent": copay,
        "preschool": preschool,
        "qualification_date": qualification_date,
        "disqualification_date": None,
        "reason_of_loss": None,
        "card_valid_from": qualification_date,
        "card_valid_until": None,
        "expected_validity": QualificationValidity.VALID,
        "in_service": True,
        "card_status": "ok",
        "card_not_before": not_before,
        "card_not_after": not_after,
        "pin": f"{rng.randrange(0, 10_000):04d}",
        "pin_tries_left": 3,
        "elderly": elderly,
        "high_cost_limit": None,
        "specific_diseases": (),
        "reference_number": None,
        "current": None,
        "history_key": f"{seed}:{index}",
        "as_of": today,
        "medication_months": rng.choice((0, 3, 12, 24, 36)),
        "checkup_years": rng.choice((0, 1, 3, 5)) if age >= 40 else 0,
    }


def _cert_expiry(not_before: datetime, today: date) -> datetime:
    """Card certificates last about five years; keep them valid well past today."""
    expiry = not_before + timedelta(days=5 * 365)
    floor = datetime.combine(today + timedelta(days=200), time(9), UTC)
    return max(expiry, floor)


def expired_certificate(today: date, days_ago: int) -> tuple[datetime, datetime]:
    after = datetime.combine(today - timedelta(days=days_ago), time(0), UTC)
    return after - timedelta(days=5 * 365), after


def elderly_for(values: dict[str, Any], copay: int, today: date) -> ElderlyRecipient:
    start = _first_of_next_month(_shift_years(values["birthdate"], 70))
    return ElderlyRecipient(start, start, date(today.year + (today.month >= 8), 7, 31), copay)


def random_person(seed: int, index: int, today: date) -> SyntheticPerson:
    rng = random.Random(f"person:{seed}:{index}")  # noqa: S311 (synthetic data, not secrets)
    age = min(int(rng.triangular(0, 100, 60)), 99)
    kind = rng.choices(("employee", "national"), weights=(7, 3))[0]
    values = base_person(
        rng, seed, index, today, case="random", label="", age=age, insurer_kind=kind
    )
    values["card_status"] = "ok" if rng.random() < 0.8 else "none"
    if values["card_status"] == "none":
        values["card_not_before"] = values["card_not_after"] = None
    if values["qualification_date"] < values["birthdate"]:
        values["qualification_date"] = values["card_valid_from"] = values["birthdate"]
    values["label"] = f"{values['name']} ({age}歳 {values['copay_percent'] // 10}割)"
    return freeze_person(values)
