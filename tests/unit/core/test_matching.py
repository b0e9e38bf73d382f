"""Matching a service result to registered patients; field differences; name flags."""

from __future__ import annotations

from datetime import date

from clinic_app.core.matching import (
    MatchField,
    MatchStatus,
    NameFlag,
    RegisteredPatient,
    differences,
    match_patients,
    name_warnings,
    received_identity,
    sex_from_code,
)
from clinic_app.core.patient import PatientIdentity, Sex
from tests.helpers.services_fakes import record

BIRTH = date(1980, 4, 1)


def registered(pid, *, name="山田 太郎", kana="ヤマダ タロウ", birthdate=BIRTH, sex=Sex.MALE):
    return RegisteredPatient(pid, PatientIdentity(name, kana, birthdate, sex))


def test_half_width_kana_matches_full_width_and_hiragana():
    for kana in ("ヤマダ タロウ", "やまだたろう", "ﾔﾏﾀﾞ　ﾀﾛｳ"):
        report = match_patients(record(kana="ﾔﾏﾀﾞ ﾀﾛｳ"), [registered("P1", kana=kana)])
        assert report.status is MatchStatus.MATCHED and report.patient_id == "P1"
        assert report.candidates[0].differences == ()


def test_birthdate_or_sex_mismatch_is_no_match():
    report = match_patients(
        record(), [registered("P1", birthdate=date(1980, 4, 2)), registered("P2", sex=Sex.FEMALE)]
    )
    assert report.status is MatchStatus.NONE and report.candidates == ()
    assert report.patient_id is None


def test_several_matches_are_not_guessed():
    report = match_patients(record(), [registered("P2"), registered("P1")])
    assert report.status is MatchStatus.SEVERAL and report.patient_id is None
    assert [c.patient_id for c in report.candidates] == ["P1", "P2"]


def test_reference_number_alone_needs_review_with_differences():
    report = match_patients(
        record(reference_number="P9"),
        [registered("P9", kana="ヤマダ ハナコ", sex=Sex.FEMALE)],
    )
    assert report.status is MatchStatus.REFERENCE_ONLY and report.patient_id is None
    candidate = report.candidate("P9")
    assert candidate is not None and candidate.by_reference_number and not candidate.key_match
    fields = {d.field for d in candidate.differences}
    assert fields == {MatchField.KANA, MatchField.SEX}


def test_name_differences_keep_both_spellings_and_flag_marks():
    report = match_patients(record(name="● 太郎"), [registered("P1", name="𠮷田 太郎")])
    assert report.status is MatchStatus.MATCHED
    diff = report.candidates[0].differences
    assert diff[0].field is MatchField.NAME
    assert (diff[0].registered, diff[0].received) == ("𠮷田 太郎", "● 太郎")
    assert report.name_warnings[0].flag is NameFlag.REPLACEMENT_MARK


def test_width_and_spaces_are_not_name_differences():
    ident = received_identity(record(name="山田　太郎"))
    assert differences(PatientIdentity("山田太郎", "ヤマダタロウ", BIRTH, Sex.MALE), ident) == ()


def test_rare_kanji_flagged_with_the_characters():
    warnings = name_warnings("髙橋 德子")
    assert [(w.flag, w.characters) for w in warnings] == [(NameFlag.RARE_KANJI, "髙德")]
    assert name_warnings("山田 太郎") == ()
    assert {w.flag for w in name_warnings("●髙")} == {
        NameFlag.REPLACEMENT_MARK,
        NameFlag.RARE_KANJI,
    }


def test_missing_fields_never_match():
    report = match_patients(record(kana=None), [registered("P1")])
    assert report.status is MatchStatus.NONE
    report = match_patients(record(birthdate=None), [registered("P1")])
    assert report.status is MatchStatus.NONE


def test_sex_codes():
    assert sex_from_code("1") is Sex.MALE and sex_from_code(" 2 ") is Sex.FEMALE
    assert sex_from_code("9") is None and sex_from_code(None) is None
