"""Patient search (kana any width, 和暦/西暦 birth date, patient ID) and registration.

A result's name is never copied into the clinic's record unchecked: a draft made
from a result carries the ● / rare-kanji warnings, and registering a name with
● is refused while a rare kanji needs ``names_reviewed``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from clinic_app.core.eligibility import QualificationRecord
from clinic_app.core.errors import InvalidInput, KnownError
from clinic_app.core.matching import NameWarning, name_warnings, sex_from_code
from clinic_app.core.names import has_replacement_mark, normalise_kana, rare_kanji_in
from clinic_app.core.patient import Sex
from clinic_app.core.wareki import DateRange, parse_date_range
from clinic_app.services.ports import (
    AuditSink,
    NewPatient,
    PatientRecord,
    PatientRepository,
    PatientSearch,
)

_PATIENT_ID = re.compile(r"^[0-9A-Za-z\-]{1,20}$")
# hiragana, katakana (full/half width), prolonged sound mark, spaces
_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\uff66-\uff9f\s・]+$")


class NameNeedsReview(KnownError):
    """A name has ● or a rare kanji and staff have not looked at it."""

    code = "patient.name_needs_review"


@dataclass(frozen=True, slots=True)
class PatientDraft:
    """Fields proposed from a result for staff to review before registering."""

    name: str  # as received (● kept: staff must replace it)
    kana: str  # full-width katakana made from the received half-width kana
    birthdate: date | None
    sex: Sex | None
    warnings: tuple[NameWarning, ...]

    @property
    def complete(self) -> bool:
        return bool(self.name and self.kana and self.birthdate and self.sex)


def check_new_name(patient: NewPatient, *, names_reviewed: bool) -> None:
    """Refuse ● always, a rare kanji unless reviewed, and an empty name or kana."""
    if not patient.name.strip() or not patient.kana.strip():
        raise InvalidInput("name and kana are required", code="patient.name_missing")
    if has_replacement_mark(patient.name) or has_replacement_mark(patient.kana):
        raise NameNeedsReview("the name contains ●; type the registered spelling")
    if rare_kanji_in(patient.name) and not names_reviewed:
        raise NameNeedsReview("the name has a rare kanji; confirm the spelling")


def full_width_katakana(kana: str) -> str:
    """Half-width katakana as the service sends it → full-width, spaces kept single."""
    folded = unicodedata.normalize("NFKC", kana)
    return " ".join(folded.split())


class PatientService:
    """Finds and registers patients for the desk."""

    def __init__(self, patients: PatientRepository, audit: AuditSink, *, staff_id: str) -> None:
        self._patients = patients
        self._audit = audit
        self._staff_id = staff_id

    def get(self, patient_id: str) -> PatientRecord | None:
        return self._patients.get(patient_id)

    def search(
        self,
        *,
        kana: str | None = None,
        birthdate: str | None = None,
        patient_id: str | None = None,
        limit: int = 50,
    ) -> list[PatientRecord]:
        """All given criteria must match; raises ``InvalidInput`` for an unreadable date."""
        key = normalise_kana(kana) if kana and kana.strip() else None
        span: DateRange | None = None
        if birthdate and birthdate.strip():
            span = parse_date_range(birthdate)
        number = unicodedata.normalize("NFKC", patient_id).strip() if patient_id else None
        if key is None and span is None and not number:
            return []
        return self._patients.search(
            PatientSearch(
                kana_prefix=key,
                birthdate_from=span.first if span else None,
                birthdate_to=span.last if span else None,
                patient_id=number or None,
                limit=limit,
            )
        )

    def search_text(self, text: str, *, limit: int = 50) -> list[PatientRecord]:
        """One search box: a date (和暦/西暦), a patient ID, or kana; several words narrow.

        ``"ﾔﾏﾀﾞ S55"`` is kana + birth year. An all-digit word that also reads as
        a date (``19800401``) is tried both ways.
        """
        words = unicodedata.normalize("NFKC", text).split()
        kana_words: list[str] = []
        span: DateRange | None = None
        number: str | None = None
        for word in words:
            as_date = _try_date(word)
            if _KANA.match(word):
                kana_words.append(word)
            elif word.isdigit() and as_date is not None and span is None:
                by_id = self._patients.get(word)
                if by_id is not None:
                    number = word
                else:
                    span = as_date
            elif as_date is not None and span is None:
                span = as_date
            elif _PATIENT_ID.match(word) and number is None:
                number = word
            else:
                raise InvalidInput(
                    "search by kana, birth date or patient ID", code="patient.search_text"
                )
        key = normalise_kana("".join(kana_words)) if kana_words else None
        if key is None and span is None and number is None:
            return []
        return self._patients.search(
            PatientSearch(
                kana_prefix=key,
                birthdate_from=span.first if span else None,
                birthdate_to=span.last if span else None,
                patient_id=number,
                limit=limit,
            )
        )

    def draft_from_record(self, record: QualificationRecord) -> PatientDraft:
        """Proposed fields for a new patient, with the name warnings to show."""
        sex = sex_from_code(record.sex1)
        return PatientDraft(
            name=record.name,
            kana=full_width_katakana(record.name_kana or ""),
            birthdate=record.birthdate,
            sex=sex,
            warnings=name_warnings(record.name),
        )

    def register(self, patient: NewPatient, *, names_reviewed: bool = False) -> PatientRecord:
        """Register a new patient (staff-reviewed fields)."""
        check_new_name(patient, names_reviewed=names_reviewed)
        created = self._patients.add(patient)
        self._audit.append(
            "patient_registered",
            staff_id=self._staff_id,
            patient_id=created.patient_id,
            detail={"source": "desk"},
        )
        return created


def _try_date(word: str) -> DateRange | None:
    try:
        return parse_date_range(word)
    except InvalidInput:
        return None
