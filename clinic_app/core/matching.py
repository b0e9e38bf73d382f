"""Match an eligibility result to registered patients (DESIGN.md §6).

The key is normalised kana + birth date + sex. The service's spelling is kept as
received (● included) beside the clinic's; every field that differs is listed,
and a received name with ● or a rare kanji is flagged so that nothing is copied
into a claim field without a person looking at it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from clinic_app.core.eligibility import QualificationRecord
from clinic_app.core.names import REPLACEMENT_MARK, normalise_kana, rare_kanji_in
from clinic_app.core.patient import PatientIdentity, Sex


class MatchField(Enum):
    NAME = "name"
    KANA = "kana"
    BIRTHDATE = "birthdate"
    SEX = "sex"


class NameFlag(Enum):
    """Why a received name must not be copied without review."""

    REPLACEMENT_MARK = "replacement_mark"  # ● : the service could not represent a character
    RARE_KANJI = "rare_kanji"  # a variant kanji a claim system may not take


class MatchStatus(Enum):
    MATCHED = "matched"  # exactly one patient on kana + birth date + sex
    SEVERAL = "several"  # more than one: staff choose
    REFERENCE_ONLY = "reference_only"  # only the service's ReferenceNumber points at a patient
    NONE = "none"  # not registered: register from the result


@dataclass(frozen=True, slots=True)
class ReceivedIdentity:
    """The identifying fields of a result, spelled exactly as received."""

    name: str
    kana: str | None
    birthdate: date | None
    sex: Sex | None


@dataclass(frozen=True, slots=True)
class RegisteredPatient:
    patient_id: str
    identity: PatientIdentity


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field whose registered and received values differ (display strings)."""

    field: MatchField
    registered: str
    received: str


@dataclass(frozen=True, slots=True)
class NameWarning:
    flag: NameFlag
    characters: str  # the offending characters, for highlighting


@dataclass(frozen=True, slots=True)
class Candidate:
    patient_id: str
    differences: tuple[FieldDifference, ...]
    key_match: bool  # kana + birth date + sex all equal
    by_reference_number: bool = False


@dataclass(frozen=True, slots=True)
class MatchReport:
    status: MatchStatus
    received: ReceivedIdentity
    candidates: tuple[Candidate, ...]
    name_warnings: tuple[NameWarning, ...]

    @property
    def patient_id(self) -> str | None:
        """The one patient this result belongs to, when that is unambiguous."""
        if self.status is MatchStatus.MATCHED:
            return next(c.patient_id for c in self.candidates if c.key_match)
        return None

    def candidate(self, patient_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.patient_id == patient_id), None)


def sex_from_code(code: str | None) -> Sex | None:
    """``Sex1`` "1"/"2"/"3" → ``Sex``; unknown or missing → None."""
    if code is None:
        return None
    text = code.strip()
    return next((s for s in Sex if s.value == text), None)


def received_identity(record: QualificationRecord) -> ReceivedIdentity:
    return ReceivedIdentity(
        name=record.name,
        kana=record.name_kana,
        birthdate=record.birthdate,
        sex=sex_from_code(record.sex1),
    )


def name_warnings(name: str) -> tuple[NameWarning, ...]:
    """Flags for a received name: ● and rare kanji, each with the characters found."""
    warnings: list[NameWarning] = []
    if REPLACEMENT_MARK in name:
        warnings.append(NameWarning(NameFlag.REPLACEMENT_MARK, REPLACEMENT_MARK))
    rare = rare_kanji_in(name)
    if rare:
        ordered = "".join(ch for ch in dict.fromkeys(name) if ch in rare)
        warnings.append(NameWarning(NameFlag.RARE_KANJI, ordered))
    return tuple(warnings)


def _fold_name(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace())


def _sex_text(sex: Sex | None) -> str:
    return "" if sex is None else sex.value


def _date_text(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def differences(
    registered: PatientIdentity, received: ReceivedIdentity
) -> tuple[FieldDifference, ...]:
    """Field-by-field differences; width and spaces are not differences, ● is."""
    diffs: list[FieldDifference] = []
    if _fold_name(registered.name) != _fold_name(received.name):
        diffs.append(FieldDifference(MatchField.NAME, registered.name, received.name))
    received_kana = received.kana or ""
    if normalise_kana(registered.kana) != normalise_kana(received_kana):
        diffs.append(FieldDifference(MatchField.KANA, registered.kana, received_kana))
    if registered.birthdate != received.birthdate:
        diffs.append(
            FieldDifference(
                MatchField.BIRTHDATE,
                _date_text(registered.birthdate),
                _date_text(received.birthdate),
            )
        )
    if registered.sex is not received.sex:
        diffs.append(
            FieldDifference(MatchField.SEX, _sex_text(registered.sex), _sex_text(received.sex))
        )
    return tuple(diffs)


def is_key_match(registered: PatientIdentity, received: ReceivedIdentity) -> bool:
    """Normalised kana + birth date + sex all equal (the matching key of §6)."""
    if received.kana is None or received.birthdate is None or received.sex is None:
        return False
    return (
        normalise_kana(registered.kana) == normalise_kana(received.kana)
        and registered.birthdate == received.birthdate
        and registered.sex is received.sex
    )


def match_patients(
    record: QualificationRecord, registered: Iterable[RegisteredPatient]
) -> MatchReport:
    """Compare one result record with the registered patients given.

    ``registered`` is whatever the caller looked up (by kana + birth date and by
    the result's ReferenceNumber); patients matching neither way are dropped.
    """
    received = received_identity(record)
    reference = (record.reference_number or "").strip() or None
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for patient in registered:
        if patient.patient_id in seen:
            continue
        key = is_key_match(patient.identity, received)
        by_reference = reference is not None and patient.patient_id == reference
        if not key and not by_reference:
            continue
        seen.add(patient.patient_id)
        candidates.append(
            Candidate(
                patient.patient_id,
                differences(patient.identity, received),
                key_match=key,
                by_reference_number=by_reference,
            )
        )
    key_matches = [c for c in candidates if c.key_match]
    if len(key_matches) == 1:
        status = MatchStatus.MATCHED
    elif len(key_matches) > 1:
        status = MatchStatus.SEVERAL
    elif candidates:
        status = MatchStatus.REFERENCE_ONLY
    else:
        status = MatchStatus.NONE
    candidates.sort(key=lambda c: (not c.key_match, not c.by_reference_number, c.patient_id))
    return MatchReport(status, received, tuple(candidates), name_warnings(received.name))
