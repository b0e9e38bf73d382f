"""Patients: registration, kana search in every script, matching, spellings kept."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.core.patient import Sex
from clinic_app.store import Conflict, Database, NotFound


@pytest.fixture
def registered(db: Database) -> dict[str, int]:
    people = [
        ("山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", date(1980, 1, 2), Sex.MALE),
        ("山田 花子", "ヤマダ ハナコ", date(1982, 3, 4), Sex.FEMALE),
        ("山本 一", "やまもと はじめ", date(1990, 5, 6), Sex.MALE),
        ("德永 ●子", "ﾄｸﾅｶﾞ ﾖｳｺ", date(1951, 4, 3), Sex.FEMALE),
        ("髙橋 学", "タカハシ　マナブ", date(1975, 7, 8), Sex.MALE),
    ]
    ids: dict[str, int] = {}
    with db.session() as uow:
        for name, kana, born, sex in people:
            ids[name] = uow.patients.add(name=name, kana=kana, birthdate=born, sex=sex).id
    return ids


@pytest.mark.parametrize(
    "query",
    ["ﾔﾏﾀﾞ", "ヤマダ", "やまだ", "ﾔﾏ ﾀﾞ", "や ま だ", "ヤマダ　", " やまだ "],
)
def test_kana_prefix_search_in_any_script_and_spacing(
    db: Database, registered: dict[str, int], query: str
) -> None:
    with db.session(write=False) as uow:
        found = uow.patients.search(kana_prefix=query)
    assert {p.name for p in found} == {"山田 太郎", "山田 花子"}


def test_search_crosses_the_space_between_family_and_given_name(
    db: Database, registered: dict[str, int]
) -> None:
    with db.session(write=False) as uow:
        assert [p.name for p in uow.patients.search(kana_prefix="ﾀｶﾊｼﾏﾅ")] == ["髙橋 学"]
        assert [p.name for p in uow.patients.search(kana_prefix="やまだは")] == ["山田 花子"]
        assert [p.name for p in uow.patients.search(kana_prefix="やま")] == [
            "山田 太郎",
            "山田 花子",
            "山本 一",
        ]
        assert uow.patients.search(kana_prefix="ん") == []


def test_search_by_birthdate_number_and_sex(db: Database, registered: dict[str, int]) -> None:
    with db.session(write=False) as uow:
        assert [p.name for p in uow.patients.search(birthdate=date(1951, 4, 3))] == ["德永 ●子"]
        in_range = uow.patients.search(birthdate=date(1980, 1, 1), birthdate_to=date(1990, 12, 31))
        assert len(in_range) == 3
        number = uow.patients.get(registered["山本 一"]).patient_number
        assert [p.name for p in uow.patients.search(patient_number=number)] == ["山本 一"]
        assert [p.name for p in uow.patients.search(kana_prefix="やまだ", sex=Sex.FEMALE)] == [
            "山田 花子"
        ]
        assert len(uow.patients.search(kana_prefix="や", limit=1)) == 1


def test_matching_uses_normalised_kana_birthdate_and_sex(
    db: Database, registered: dict[str, int]
) -> None:
    with db.session(write=False) as uow:
        match = uow.patients.matching(kana="ﾔﾏﾀﾞ ﾀﾛｳ", birthdate=date(1980, 1, 2), sex=Sex.MALE)
        assert [p.id for p in match] == [registered["山田 太郎"]]
        assert (
            uow.patients.matching(kana="やまだたろう", birthdate=date(1980, 1, 3), sex=Sex.MALE)
            == []
        )
        assert (
            uow.patients.matching(kana="やまだたろう", birthdate=date(1980, 1, 2), sex=Sex.FEMALE)
            == []
        )


def test_patient_numbers_are_assigned_and_unique(db: Database) -> None:
    with db.session() as uow:
        first = uow.patients.add(name="A", kana="ｱ", birthdate=date(2000, 1, 1), sex=Sex.OTHER)
        chosen = uow.patients.add(
            name="B", kana="ｲ", birthdate=date(2000, 1, 1), sex=Sex.MALE, patient_number="K-77"
        )
    assert first.patient_number == f"{first.id:06d}"
    assert chosen.patient_number == "K-77"
    with pytest.raises(Conflict), db.session() as uow:
        uow.patients.add(
            name="C", kana="ｳ", birthdate=date(2000, 1, 1), sex=Sex.MALE, patient_number="K-77"
        )
    with db.session(write=False) as uow:
        assert uow.patients.count() == 2
        assert uow.patients.by_number("K-77") == chosen


def test_received_spelling_kept_beside_the_registered_one(
    db: Database, registered: dict[str, int]
) -> None:
    patient_id = registered["德永 ●子"]
    with db.session() as uow:
        updated = uow.patients.record_received(patient_id, name="德永 ●子", kana="ﾄｸﾅｶﾞ ﾖｳｺ")
        uow.patients.update(patient_id, name="徳永 洋子", kana="トクナガ ヨウコ")
    with db.session(write=False) as uow:
        stored = uow.patients.get(patient_id)
    assert updated.received_name == "德永 ●子"
    assert (stored.name, stored.received_name) == ("徳永 洋子", "德永 ●子")
    assert stored.kana_key == "とくながようこ"


def test_unknown_patient_is_a_clear_error(db: Database) -> None:
    with db.session(write=False) as uow:
        assert uow.patients.find(424242) is None
        with pytest.raises(NotFound):
            uow.patients.get(424242)
    with pytest.raises(NotFound), db.session() as uow:
        uow.patients.update(424242, name="x")


def test_failed_unit_of_work_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as uow:
        uow.patients.add(name="A", kana="ｱ", birthdate=date(2000, 1, 1), sex=Sex.MALE)
        raise RuntimeError("boom")
    with db.session(write=False) as uow:
        assert uow.patients.count() == 0
