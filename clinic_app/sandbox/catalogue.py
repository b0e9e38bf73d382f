"""The fixed case catalogue: one synthetic person for every situation the desk meets.

Each ``QualificationValidity``; ● and rare-kanji names; half-width kana with
voiced marks; 6- and 8-digit insurers; 後期高齢 1-3割, 70-74 2-3割, preschool;
限度額 and specific diseases; card certificates expired inside and outside the
3-month grace; a locked card and one with a last PIN try; several matches; no
card; histories long and empty. Randomness only fills in unimportant details.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from clinic_app.core.eligibility import (
    HighCostLimit,
    InsuredCardClassification,
    PersonalFamily,
    QualificationValidity,
    SpecificDisease,
)
from clinic_app.core.patient import Sex
from clinic_app.sandbox.people import (
    INSURERS_BY_KIND,
    base_person,
    elderly_for,
    expired_certificate,
    freeze_person,
)
from clinic_app.sandbox.person import CurrentNumbers, SyntheticPerson


def build_catalogue(seed: int, today: date) -> list[SyntheticPerson]:
    """The fixed case catalogue. Randomness only fills in unimportant details."""
    rng = random.Random(f"catalogue:{seed}")  # noqa: S311 (synthetic data, not secrets)
    drafts: list[dict[str, Any]] = []

    def add(case: str, label: str, age: int, **changes: Any) -> dict[str, Any]:
        values = base_person(
            rng,
            seed,
            len(drafts),
            today,
            case=case,
            label=label,
            age=age,
            sex=changes.pop("sex", None),
            insurer_kind=changes.pop("insurer_kind", "employee"),
        )
        values.update(changes)
        drafts.append(values)
        return values

    add(
        "valid_employee",
        "会社員 3割 (カード)",
        42,
        personal_family=PersonalFamily.SELF,
        card_classification=InsuredCardClassification.HEALTH_INSURANCE,
        medication_months=36,
        checkup_years=5,
    )
    add(
        "valid_dependant",
        "被扶養者 3割",
        35,
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
    )
    add("national_6digit", "国保 6桁保険者", 55, insurer_kind="national")
    add("elderly_10", "後期高齢 1割", 80, insurer_kind="elderly", copay_percent=10)
    add("elderly_20", "後期高齢 2割", 78, insurer_kind="elderly", copay_percent=20)
    add("elderly_30", "後期高齢 3割 (現役並み)", 76, insurer_kind="elderly", copay_percent=30)
    p = add("age_70_74_20", "70-74歳 2割 (高齢受給者)", 72, copay_percent=20)
    p["elderly"] = elderly_for(p, 20, today)
    p = add("age_70_74_30", "70-74歳 3割 (現役並み)", 73, copay_percent=30)
    p["elderly"] = elderly_for(p, 30, today)
    add(
        "preschool_20",
        "未就学児 2割",
        4,
        copay_percent=20,
        preschool=True,
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
        checkup_years=0,
    )
    add(
        "newborn",
        "乳児 0歳 2割",
        0,
        copay_percent=20,
        preschool=True,
        card_status="none",
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
        medication_months=3,
        checkup_years=0,
    )
    add(
        "high_cost_limit",
        "限度額適用 (区分エ)",
        48,
        high_cost_limit=HighCostLimit(
            "01",
            "A04",
            today - timedelta(days=40),
            today - timedelta(days=40),
            date(today.year + (today.month >= 8), 7, 31),
        ),
    )
    add(
        "high_cost_limit_elderly",
        "限度額 低所得Ⅱ 後期高齢",
        83,
        insurer_kind="elderly",
        copay_percent=10,
        high_cost_limit=HighCostLimit(
            "02",
            "B05",
            today - timedelta(days=100),
            today - timedelta(days=100),
            date(today.year + (today.month >= 8), 7, 31),
        ),
    )
    add(
        "specific_disease",
        "特定疾病 (人工透析)",
        61,
        specific_diseases=(
            SpecificDisease(
                "02", "20000", today - timedelta(days=700), today - timedelta(days=700), None
            ),
        ),
    )
    add(
        "specific_disease_hemophilia",
        "特定疾病 (血友病)",
        27,
        specific_diseases=(
            SpecificDisease(
                "01", "10000", today - timedelta(days=300), today - timedelta(days=300), None
            ),
        ),
    )
    add(
        "name_replacement",
        "氏名に ● (外字)",
        66,
        name="●田　一郎",
        kana="ﾂﾁﾀﾞ ｲﾁﾛｳ",
        insured_name="●田　一郎",
        sex=Sex.MALE,
    )
    add(
        "rare_kanji_toku",
        "旧字体 德",
        58,
        name="德川　和子",
        kana="ﾄｸｶﾞﾜ ｶｽﾞｺ",
        insured_name="德川　和子",
        sex=Sex.FEMALE,
    )
    add(
        "rare_kanji_taka",
        "旧字体 髙",
        45,
        name="髙橋　誠",
        kana="ﾀｶﾊｼ ﾏｺﾄ",
        insured_name="髙橋　誠",
        sex=Sex.MALE,
    )
    add(
        "kana_voiced",
        "半角カナ 濁点・半濁点",
        39,
        name="長谷川　ぱるこ",
        kana="ﾊｾｶﾞﾜ ﾊﾟﾙｺ",
        insured_name="長谷川　ぱるこ",
        sex=Sex.FEMALE,
    )
    add(
        "foreign_name",
        "外国籍 通称名あり",
        34,
        name="SMITH JOHN",
        kana="ｽﾐｽ ｼﾞｮﾝ",
        name_of_other="須見　ジョン",
        name_of_other_kana="ｽﾐ ｼﾞｮﾝ",
        insured_name="SMITH JOHN",
        sex=Sex.MALE,
    )
    add("employee_8digit_no_symbol_branch", "保険者 8桁 枝番なし", 29, branch=None)
    add(
        "invalid_lost",
        "資格喪失 (無効)",
        50,
        expected_validity=QualificationValidity.INVALID,
        disqualification_date=today - timedelta(days=45),
        reason_of_loss="1",
    )
    p = add(
        "invalid_newer_exists",
        "転職 新しい資格あり",
        38,
        expected_validity=QualificationValidity.INVALID_NEWER_EXISTS,
        disqualification_date=today - timedelta(days=20),
        reason_of_loss="1",
    )
    newer = rng.choice(INSURERS_BY_KIND["employee"][2:])
    p["current"] = CurrentNumbers(
        newer.number, newer.name, "88", f"{9_000_000 + p['index']:07d}", "00"
    )
    add(
        "not_found",
        "該当なし (番号誤り)",
        44,
        expected_validity=QualificationValidity.NOT_FOUND,
        in_service=False,
        card_status="none",
        medication_months=0,
        checkup_years=0,
    )
    first = add(
        "several_match_a", "複数該当 A", 31, expected_validity=QualificationValidity.SEVERAL_MATCH
    )
    add(
        "several_match_b",
        "複数該当 B (同番号)",
        31,
        expected_validity=QualificationValidity.SEVERAL_MATCH,
        insurer_number=first["insurer_number"],
        insurer_name=first["insurer_name"],
        symbol=first["symbol"],
        number=first["number"],
        branch=first["branch"],
        birthdate=first["birthdate"],
        card_status="none",
    )
    nb, na = expired_certificate(today, 30)
    add(
        "card_expired_in_grace",
        "電子証明書 期限切れ (猶予内)",
        67,
        card_status="expired_in_grace",
        card_not_before=nb,
        card_not_after=na,
    )
    nb, na = expired_certificate(today, 150)
    add(
        "card_expired_out_of_grace",
        "電子証明書 期限切れ (猶予超過)",
        69,
        card_status="expired_out_of_grace",
        card_not_before=nb,
        card_not_after=na,
    )
    add("card_locked", "暗証番号ロック", 74, card_status="locked", pin_tries_left=0)
    add("card_last_try", "暗証番号 残り1回", 57, pin_tries_left=1)
    add(
        "no_card",
        "カードなし (資格確認書)",
        47,
        card_status="none",
        card_classification=InsuredCardClassification.ELIGIBILITY_CERTIFICATE,
    )
    add("no_card_old_insurance_card", "カードなし (旧保険証)", 36, card_status="none")
    add("seamen", "船員保険", 46, insurer_kind="seamen")
    add(
        "short_term",
        "短期被保険者証 (国保)",
        41,
        insurer_kind="national",
        card_classification=InsuredCardClassification.SHORT_TERM,
        card_valid_until=today + timedelta(days=90),
    )
    add(
        "qualification_certificate",
        "資格証明書 (国保)",
        52,
        insurer_kind="national",
        card_classification=InsuredCardClassification.QUALIFICATION_CERT,
    )
    add("reference_registered", "診察券番号 登録済み", 60, reference_number="00012345")
    add(
        "heavy_medication",
        "薬歴 3年 (多剤)",
        77,
        insurer_kind="elderly",
        copay_percent=10,
        medication_months=36,
        checkup_years=5,
    )
    add("checkups_5y", "健診 5年分", 52, medication_months=12, checkup_years=5)
    add("no_history", "履歴なし", 25, medication_months=0, checkup_years=0)
    add(
        "new_qualification",
        "資格取得 今月",
        23,
        qualification_date=today - timedelta(days=3),
        card_valid_from=today - timedelta(days=3),
        medication_months=0,
    )
    add(
        "student_dependant",
        "学生 被扶養者",
        19,
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
    )

    people = []
    for values in drafts:
        if values["card_status"] == "none":
            values["card_not_before"] = values["card_not_after"] = None
        if values["qualification_date"] < values["birthdate"]:
            values["qualification_date"] = values["card_valid_from"] = values["birthdate"]
        people.append(freeze_person(values))
    return people
