"""JSON round trip of the core's result types as stored in eligibility checks."""

from __future__ import annotations

import json
from datetime import date

import pytest

from clinic_app.core.eligibility import ElderlyRecipient, EligibilityResult, SpecificDisease
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.store import codec
from tests.helpers.store_samples import NUMBERS, eligibility_result


def test_eligibility_result_round_trips_exactly() -> None:
    result = eligibility_result()
    assert codec.loads(EligibilityResult, codec.dumps(result)) == result


def test_unknown_code_values_survive_as_raw_text() -> None:
    result = eligibility_result(validity="7")
    back = codec.loads(EligibilityResult, codec.dumps(result))
    assert back.validity is not None
    assert back.validity.raw == "7"
    assert back.validity.known is None


def test_name_with_replacement_mark_and_rare_kanji_kept() -> None:
    text = codec.dumps(eligibility_result())
    assert "德永 ●子" in text
    back = codec.loads(EligibilityResult, text)
    assert back.records[0].name == "德永 ●子"


def test_unknown_keys_are_ignored_and_missing_defaults_apply() -> None:
    data = json.loads(codec.dumps(NUMBERS))
    data["added_later"] = "x"
    del data["branch"]
    back = codec.from_plain(InsuranceNumbers, data)
    assert back == InsuranceNumbers(NUMBERS.insurer_number, NUMBERS.symbol, NUMBERS.number, None)


def test_tuple_of_dataclasses_and_optional_nested() -> None:
    diseases = (SpecificDisease("01", None, date(2020, 1, 1), None, None),)
    kind = tuple[SpecificDisease, ...]
    assert codec.from_plain(kind, codec.to_plain(diseases)) == diseases
    elderly = ElderlyRecipient(None, None, None, None)
    assert codec.loads(ElderlyRecipient, codec.dumps(elderly)) == elderly


def test_unsupported_value_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        codec.dumps({1, 2})
