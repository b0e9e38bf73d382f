import json
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_app.card.testpki import card_serial
from clinic_app.core.eligibility import InsuredCardClassification, QualificationValidity
from clinic_app.core.history import MedicationSource
from clinic_app.core.insurance import InsuranceNumbers, validate_insurer_number
from clinic_app.core.names import REPLACEMENT_MARK
from clinic_app.sandbox.population import CARD_GRACE, Population, fold_number, person_as_json

AS_OF = date(2026, 6, 15)


@pytest.fixture(scope="module")
def population() -> Population:
    return Population.generate(11, 400, as_of=AS_OF)


def test_same_seed_same_people_and_histories(population: Population) -> None:
    again = Population.generate(11, 400, as_of=AS_OF)
    assert population.export() == again.export()


def test_different_seed_different_random_people(population: Population) -> None:
    other = Population.generate(12, 400, as_of=AS_OF)
    assert [p.case for p in other.catalogue()] == [p.case for p in population.catalogue()]
    assert [p.name for p in other.people[50:80]] != [p.name for p in population.people[50:80]]


def test_generation_ignores_global_random_state(population: Population) -> None:
    import random

    random.seed(999)
    first = Population.generate(11, 400, as_of=AS_OF).people[200]
    random.seed(1)
    second = Population.generate(11, 400, as_of=AS_OF).people[200]
    assert first == second == population.people[200]


def test_tiny_population_still_holds_the_whole_catalogue() -> None:
    tiny = Population.generate(1, 1, as_of=AS_OF)
    assert len(tiny) == len(tiny.catalogue()) >= 40


def test_large_population_is_lazy_and_indexable() -> None:
    big = Population.generate(5, 100_000, as_of=AS_OF)
    assert len(big) == 100_000
    last = big.people[-1]
    assert last.person_key == "p099999"
    assert big.people[99_999] is last  # generated once, then kept
    found = big.find_by_numbers(
        last.insurer_number, last.symbol, last.number, last.branch, last.birthdate
    )
    assert found == [last]


def test_every_validity_code_is_in_the_catalogue(population: Population) -> None:
    codes = {p.expected_validity for p in population.catalogue()}
    assert codes == set(QualificationValidity)


@pytest.mark.parametrize(
    "case",
    ["name_replacement", "rare_kanji_toku", "rare_kanji_taka", "kana_voiced", "foreign_name"],
)
def test_name_cases(population: Population, case: str) -> None:
    person = population.by_case(case)
    expected = {
        "name_replacement": REPLACEMENT_MARK,
        "rare_kanji_toku": "德",
        "rare_kanji_taka": "髙",
    }.get(case)
    if expected:
        assert expected in person.name


def test_kana_is_half_width_katakana_for_everyone(population: Population) -> None:
    for person in population:
        for char in person.kana:
            assert char == " " or "HALFWIDTH KATAKANA" in unicodedata.name(char), person.case
    assert any("ﾞ" in p.kana for p in population.catalogue())
    assert any("ﾟ" in p.kana for p in population.catalogue())


def test_insurer_numbers_have_valid_check_digits_and_both_lengths(population: Population) -> None:
    lengths = set()
    for person in population:
        assert validate_insurer_number(person.insurer_number) == person.insurer_number
        lengths.add(len(person.insurer_number))
    assert lengths == {6, 8}


def test_copay_cases(population: Population) -> None:
    elderly = {
        p.copay_percent
        for p in population.catalogue()
        if p.card_classification is InsuredCardClassification.ELDERLY
    }
    assert elderly == {10, 20, 30}
    assert all(
        p.insurer_number.startswith("39")
        for p in population.catalogue()
        if p.card_classification is InsuredCardClassification.ELDERLY
    )
    seventy = population.by_case("age_70_74_20")
    age = (AS_OF - seventy.birthdate).days // 365
    assert 70 <= age <= 74 and seventy.copay_percent == 20
    assert seventy.elderly is not None and seventy.elderly.copay_percent == 20
    preschool = population.by_case("preschool_20")
    assert preschool.preschool and preschool.copay_percent == 20
    assert (AS_OF - preschool.birthdate).days < 6 * 365


def test_high_cost_limit_and_specific_disease(population: Population) -> None:
    assert population.by_case("high_cost_limit").high_cost_limit is not None
    assert population.by_case("specific_disease").specific_diseases


def test_card_statuses(population: Population) -> None:
    statuses = {p.card_status for p in population.catalogue()}
    assert statuses == {"ok", "locked", "expired_in_grace", "expired_out_of_grace", "none"}
    now_day = AS_OF
    in_grace = population.by_case("card_expired_in_grace")
    out_grace = population.by_case("card_expired_out_of_grace")
    assert in_grace.card_not_after is not None and out_grace.card_not_after is not None
    assert in_grace.card_not_after.date() < now_day < (in_grace.card_not_after + CARD_GRACE).date()
    assert (out_grace.card_not_after + CARD_GRACE).date() < now_day
    assert population.by_case("card_locked").pin_tries_left == 0
    assert population.by_case("no_card").card_certificate_serial is None


def test_several_match_pair_shares_numbers(population: Population) -> None:
    a = population.by_case("several_match_a")
    found = population.find_by_numbers(a.insurer_number, None, a.number, None, a.birthdate)
    assert {p.case for p in found} == {"several_match_a", "several_match_b"}


def test_not_found_person_is_not_in_the_service(population: Population) -> None:
    nobody = population.by_case("not_found")
    assert (
        population.find_by_numbers(
            nobody.insurer_number, nobody.symbol, nobody.number, nobody.branch, nobody.birthdate
        )
        == []
    )


def test_find_by_numbers_checks_birthdate_symbol_and_branch(population: Population) -> None:
    person = population.people[123]
    assert (
        population.find_by_numbers(
            person.insurer_number,
            person.symbol,
            person.number,
            person.branch,
            person.birthdate + timedelta(days=1),
        )
        == []
    )
    if person.symbol:
        assert (
            population.find_by_numbers(
                person.insurer_number, person.symbol + "9", person.number, None, person.birthdate
            )
            == []
        )


def test_card_serial_maps_back_to_the_person(population: Population) -> None:
    holder = next(p for p in population.people[100:] if p.has_card)
    assert holder.card_certificate_serial == card_serial(holder.person_key)
    assert population.by_card_serial(card_serial(holder.person_key)) == holder
    no_card = next(p for p in population.people[100:] if not p.has_card)
    assert population.by_card_serial(card_serial(no_card.person_key)) is None
    assert population.by_card_serial(12345) is None


def test_medication_history_covers_three_sources_within_three_years(population: Population) -> None:
    person = population.by_case("heavy_medication")
    lines = person.medication_lines()
    assert {line.source for line in lines} == set(MedicationSource)
    days = [line.dispensed_on or line.prescribed_on for line in lines]
    oldest = min(day for day in days if day is not None)
    assert oldest >= AS_OF - timedelta(days=3 * 366)
    assert all(line.drug_name and line.drug_code and len(line.drug_code) == 12 for line in lines)
    assert person.medication_lines() == lines  # lazy but deterministic
    assert population.by_case("no_history").medication_lines() == ()


def test_checkups_up_to_five_years_with_jlac10_codes(population: Population) -> None:
    items = population.by_case("checkups_5y").checkup_items()
    dates = {item.checkup_date for item in items}
    assert len(dates) == 5
    assert min(dates) >= AS_OF - timedelta(days=5 * 366)
    codes = {item.item_code for item in items}
    assert "3D046000001920402" in codes  # HbA1c
    assert all(len(code) == 17 for code in codes)
    for item in items:
        if item.item_code == "3D046000001920402":
            assert 4.0 <= float(item.value) <= 12.0
        if item.item_code == "9N011000000000001":  # BMI
            assert 12.0 <= float(item.value) <= 45.0
        if item.data_type == "CD":
            assert item.value_name


def test_labels_for_the_demo(population: Population) -> None:
    assert all(p.label for p in population.people[:80])
    assert len({p.label for p in population.catalogue()}) == len(population.catalogue())


def test_export_has_the_documented_fields_and_is_json(population: Population) -> None:
    rows = population.export()
    assert len(rows) == len(population)
    for row in rows[:60]:
        for key in (
            "insurer_number",
            "insured_card_symbol",
            "insured_identification_number",
            "insured_branch_number",
            "birthdate",
            "expected_validity",
            "card_certificate_serial",
            "medication",
            "checkups",
            "label",
        ):
            assert key in row
        assert len(row["birthdate"]) == 8 and row["birthdate"].isdigit()
    json.dumps(rows, ensure_ascii=False)
    heavy = person_as_json(population.by_case("heavy_medication"))
    assert heavy["medication"] and heavy["checkups"]
    assert person_as_json(population.by_case("no_card"))["card_certificate_serial"] is None


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Population.generate(1, 0)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32), index=st.integers(min_value=0, max_value=4999)
)
def test_any_person_is_found_by_their_own_numbers(seed: int, index: int) -> None:
    population = Population.generate(seed, 5000, as_of=AS_OF)
    person = population.people[index]
    assert validate_insurer_number(person.insurer_number) == person.insurer_number
    found = population.find_by_numbers(
        person.insurer_number, person.symbol, person.number, person.branch, person.birthdate
    )
    if not person.in_service:
        assert found == []
    elif person.expected_validity is QualificationValidity.SEVERAL_MATCH:
        assert person in found and len(found) == 2
    else:
        assert found == [person]
    assert person.birthdate <= AS_OF
    assert person.qualification_date >= person.birthdate
    assert person.copay_percent in (10, 20, 30)


def _full_width(text: str) -> str:
    """ASCII digits/letters to their full-width forms (how an IME types them)."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def test_find_by_numbers_folds_full_width_desk_input(population: Population) -> None:
    """Desk input arrives NFKC'd by InsuranceNumbers.parse: a half-width-kana symbol
    printed on the card becomes full-width katakana, and must still match."""
    person = population.by_case("national_6digit")
    assert person.symbol.startswith("ﾃｽﾄ")  # printed in half-width kana
    typed = InsuranceNumbers.parse(
        _full_width(person.insurer_number),
        "　" + unicodedata.normalize("NFKC", person.symbol) + " ",
        _full_width(person.number),
        _full_width(person.branch or ""),
    )
    assert typed.symbol != person.symbol  # really a different spelling
    found = population.find_by_numbers(
        typed.insurer_number, typed.symbol, typed.number, typed.branch, person.birthdate
    )
    assert found == [person]


def test_find_by_numbers_folds_raw_full_width_and_spaces(population: Population) -> None:
    """Unparsed full-width digits, ideographic spaces and a padded 6-digit insurer."""
    person = population.by_case("national_6digit")
    assert len(person.insurer_number) == 6
    symbol = unicodedata.normalize("NFKC", person.symbol)  # テスト + ASCII digits
    found = population.find_by_numbers(
        "  " + person.insurer_number,
        f"{symbol[:2]}　{_full_width(symbol[2:])}",
        "　".join(_full_width(person.number)),
        _full_width(person.branch or ""),
        person.birthdate,
    )
    assert found == [person]


def test_find_by_numbers_half_width_input_still_matches(population: Population) -> None:
    random_national = next(
        p for p in population.people[60:] if p.symbol.startswith("ﾃｽﾄ") and p.branch
    )
    found = population.find_by_numbers(
        random_national.insurer_number,
        random_national.symbol,
        random_national.number,
        random_national.branch,
        random_national.birthdate,
    )
    assert found == [random_national]
    # a folded comparison is still an exact one: another symbol does not match
    assert (
        population.find_by_numbers(
            random_national.insurer_number,
            random_national.symbol + "1",
            random_national.number,
            None,
            random_national.birthdate,
        )
        == []
    )


def test_fold_number() -> None:
    assert fold_number("ﾃｽﾄ０１") == "テスト01"
    assert fold_number(" 12 34　５６ ") == "123456"
    assert fold_number("") == ""
