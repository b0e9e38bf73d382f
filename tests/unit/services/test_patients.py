"""Patient search (kana any width, 和暦/西暦, ID) and registration from results."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic_app.core.errors import InvalidInput
from clinic_app.core.matching import NameFlag
from clinic_app.core.patient import Sex
from clinic_app.services.patients import NameNeedsReview, PatientService, full_width_katakana
from clinic_app.services.ports import NewPatient
from tests.helpers.services_fakes import MemoryStore, record


@pytest.fixture
def desk():
    store = MemoryStore()
    store.add_patient("000001", kana="ヤマダ タロウ", birthdate=dt.date(1980, 4, 1))
    store.add_patient(
        "000002",
        name="山田 花子",
        kana="ヤマダ ハナコ",
        birthdate=dt.date(1955, 1, 8),
        sex=Sex.FEMALE,
    )
    store.add_patient(
        "000003", name="田中 一郎", kana="タナカ イチロウ", birthdate=dt.date(1989, 1, 8)
    )
    return store, PatientService(store, store, staff_id="1")


def ids(found):
    return sorted(p.patient_id for p in found)


@pytest.mark.parametrize("kana", ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "ﾔﾏ ﾀﾞ"])
def test_kana_in_any_width(desk, kana):
    _, service = desk
    assert ids(service.search(kana=kana)) == ["000001", "000002"]


@pytest.mark.parametrize(
    ("birthdate", "expected"),
    [
        ("S55.4.1", ["000001"]),
        ("昭和55年4月1日", ["000001"]),
        ("1980/04/01", ["000001"]),
        ("H1", ["000003"]),
        ("平成元年1月8日", ["000003"]),
        ("S30", ["000002"]),
    ],
)
def test_birthdate_in_wareki_or_seireki(desk, birthdate, expected):
    _, service = desk
    assert ids(service.search(birthdate=birthdate)) == expected


def test_criteria_combine_and_empty_search_finds_nothing(desk):
    _, service = desk
    assert ids(service.search(kana="やまだ", birthdate="S30")) == ["000002"]
    assert ids(service.search(patient_id="０００００３")) == ["000003"]
    assert service.search() == []
    with pytest.raises(InvalidInput):
        service.search(birthdate="R1.4.1")


def test_one_search_box(desk):
    _, service = desk
    assert ids(service.search_text("ﾔﾏﾀﾞ S55")) == ["000001"]
    assert ids(service.search_text("000003")) == ["000003"]
    assert ids(service.search_text("19800401")) == ["000001"]
    assert ids(service.search_text("H1.1.8")) == ["000003"]
    assert service.search_text("   ") == []
    with pytest.raises(InvalidInput):
        service.search_text("山田")  # kanji: search by kana, birth date or ID


def test_draft_from_a_result_keeps_the_spelling_and_flags_it(desk):
    _, service = desk
    draft = service.draft_from_record(record(name="髙橋 ●子", kana="ﾀｶﾊｼ ﾉﾘｺ", sex="2"))
    assert draft.name == "髙橋 ●子" and draft.kana == "タカハシ ノリコ"
    assert draft.sex is Sex.FEMALE and draft.complete
    assert {w.flag for w in draft.warnings} == {NameFlag.REPLACEMENT_MARK, NameFlag.RARE_KANJI}
    assert full_width_katakana("ﾔﾏﾀﾞ   ﾀﾛｳ") == "ヤマダ タロウ"


def test_register_refuses_marks_and_unreviewed_rare_kanji(desk):
    store, service = desk
    birth = dt.date(1990, 1, 1)
    with pytest.raises(NameNeedsReview):
        service.register(NewPatient("●子", "ノリコ", birth, Sex.FEMALE), names_reviewed=True)
    with pytest.raises(NameNeedsReview):
        service.register(NewPatient("髙橋 紀子", "タカハシ ノリコ", birth, Sex.FEMALE))
    with pytest.raises(InvalidInput):
        service.register(NewPatient(" ", "タカハシ", birth, Sex.FEMALE))
    created = service.register(
        NewPatient("髙橋 紀子", "タカハシ ノリコ", birth, Sex.FEMALE), names_reviewed=True
    )
    assert store.patients[created.patient_id].name == "髙橋 紀子"
    assert store.audit[-1].event == "patient_registered"
    assert store.audit[-1].detail == {"source": "desk"}
