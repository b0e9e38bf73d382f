from datetime import datetime, timedelta

import pytest

from clinic_app.core.codes import Coded
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import QualificationValidity
from clinic_app.core.errors import InvalidInput
from clinic_app.core.insurance import (
    InsuranceNumbers,
    copay_percent,
    insurer_check_digit,
    pad_insurer_number,
    validate_insurer_number,
    with_check_digit,
)
from clinic_app.core.names import has_replacement_mark, normalise_kana, rare_kanji_in


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        # 0613 → from the right: 3*2=6, 1*1=1, 6*2=12→3, 0*1=0 → 10 → (10-0)%10 = 0
        ("0613", 0),
        ("123456", 6),  # 6*2=12→3, 5, 4*2=8, 3, 2*2=4, 1 → 24 → 6
    ],
)
def test_check_digit_examples(body: str, digit: int) -> None:
    total = 0
    for i, ch in enumerate(reversed(body)):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    assert (10 - total % 10) % 10 == digit
    assert insurer_check_digit(body) == digit


def test_known_real_world_insurer_number() -> None:
    # 06132013: a published 協会けんぽ-style number whose last digit checks.
    assert validate_insurer_number("06132013") == "06132013"


def test_bad_check_digit_and_length_are_refused() -> None:
    with pytest.raises(InvalidInput) as bad:
        validate_insurer_number("06132014")
    assert bad.value.code == "insurer_check_digit"
    with pytest.raises(InvalidInput) as short:
        validate_insurer_number("12345")
    assert short.value.code == "insurer_length"
    with pytest.raises(InvalidInput):
        validate_insurer_number("0613201a")


def test_six_digit_kokuho_is_padded_and_full_width_accepted() -> None:
    number = with_check_digit("13860")
    assert pad_insurer_number(number) == "  " + number
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert validate_insurer_number(f" {full_width} ") == number


def test_insurance_numbers_parse_branch() -> None:
    numbers = InsuranceNumbers.parse("06132013", "記号１", "１２３", "1")
    assert numbers == InsuranceNumbers("06132013", "記号1", "123", "01")
    with pytest.raises(InvalidInput):
        InsuranceNumbers.parse("06132013", "a", "1", "123")


def test_copay() -> None:
    assert copay_percent("030") == 30
    assert copay_percent(None) is None
    with pytest.raises(InvalidInput):
        copay_percent("3割")


def test_consent_window() -> None:
    at = datetime(2026, 11, 29, 9, 0)
    consent = Consent.given(ConsentItem.MEDICATION, True, at)
    assert consent.allows_fetch(at + timedelta(hours=23, minutes=59))
    assert not consent.allows_fetch(at + timedelta(hours=24))
    assert not Consent.given(ConsentItem.CHECKUP, False, at).allows_fetch(at)


def test_unknown_codes_are_kept_raw() -> None:
    known = Coded.of(QualificationValidity, "1")
    assert known.known is QualificationValidity.VALID
    unknown = Coded.of(QualificationValidity, "7")
    assert unknown.known is None and str(unknown) == "7"


def test_kana_normalisation() -> None:
    assert normalise_kana("ﾔﾏﾀﾞ ﾀﾛｳ") == normalise_kana("やまだ　たろう") == "やまだたろう"
    assert normalise_kana("ヤマダ タロウ") == "やまだたろう"
    assert has_replacement_mark("山●太郎")
    assert rare_kanji_in("髙橋德子") == {"髙", "德"}
