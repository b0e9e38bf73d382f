"""The sandbox's synthetic population (DESIGN.md §5), deterministic from seed and size.

The first people are a fixed *case catalogue*: one person for every situation
the desk meets (each ``QualificationValidity``, ● and rare-kanji names, 6- and
8-digit insurers, 後期高齢 1-3割, 70-74 2割, preschool, 限度額, specific
disease, expired card certificates in and out of the 3-month grace, a locked
card, several matches, no card...). The rest are random people drawn from
``random.Random(seed)`` — never the global generator. Histories are generated
lazily per person from ``(seed, index)``, so a 100,000-person population is
cheap to create and every answer can be recomputed by anyone holding the seed.

Nothing here is real: names, numbers and histories are made up.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, overload

from clinic_app.sandbox.catalogue import build_catalogue
from clinic_app.sandbox.generated_histories import CHECKUP_YEARS, MEDICATION_YEARS
from clinic_app.sandbox.people import INSURERS, Insurer, random_person
from clinic_app.sandbox.person import (
    CARD_GRACE,
    SANDBOX_INSTITUTION_CODE,
    CardStatus,
    CurrentNumbers,
    SyntheticPerson,
)

__all__ = [
    "CARD_GRACE",
    "CHECKUP_YEARS",
    "INSURERS",
    "MEDICATION_YEARS",
    "SANDBOX_INSTITUTION_CODE",
    "CardStatus",
    "CurrentNumbers",
    "Insurer",
    "Population",
    "SyntheticPerson",
    "fold_number",
    "person_as_json",
]


def fold_number(value: str) -> str:
    """A number or symbol as compared: NFKC (full-width → ASCII, half-width kana →
    full-width kana) with every space removed (ASCII and ideographic)."""
    return "".join(unicodedata.normalize("NFKC", value).split())


class _People(Sequence[SyntheticPerson]):
    """The people of a population; random people are generated on first access."""

    def __init__(self, seed: int, size: int, as_of: date, catalogue: list[SyntheticPerson]) -> None:
        self._seed = seed
        self._size = max(size, len(catalogue))
        self._as_of = as_of
        self._made: dict[int, SyntheticPerson] = {p.index: p for p in catalogue}

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> SyntheticPerson: ...

    @overload
    def __getitem__(self, index: slice) -> list[SyntheticPerson]: ...

    def __getitem__(self, index: int | slice) -> SyntheticPerson | list[SyntheticPerson]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        person = self._made.get(index)
        if person is None:
            person = random_person(self._seed, index, self._as_of)
            self._made[index] = person
        return person


class Population:
    """A deterministic set of synthetic people the sandbox answers from.

    Creating one is cheap whatever its size: only the case catalogue is built
    up front; other people and every history are generated when first asked for.
    """

    def __init__(self, seed: int, size: int, as_of: date, catalogue: list[SyntheticPerson]) -> None:
        self.seed = seed
        self.as_of = as_of
        self.people: Sequence[SyntheticPerson] = _People(seed, size, as_of, catalogue)
        self._catalogue = catalogue
        self._catalogue_by_numbers: dict[tuple[str, str, str], list[SyntheticPerson]] = {}
        for person in catalogue:
            if person.in_service:
                key = (
                    fold_number(person.insurer_number),
                    fold_number(person.number),
                    person.birthdate.strftime("%Y%m%d"),
                )
                self._catalogue_by_numbers.setdefault(key, []).append(person)
        self._by_serial: dict[int, int] | None = None
        self._serial_lock = threading.Lock()

    @classmethod
    def generate(cls, seed: int, size: int, *, as_of: date | None = None) -> Population:
        """``size`` people (never fewer than the whole case catalogue) from ``seed``.

        ``as_of`` is the day the answers are computed for (card expiry, ages,
        history windows); it defaults to today so the grace cases stay true.
        """
        if size < 1:
            raise ValueError("population size must be at least 1")
        today = as_of or date.today()
        return cls(seed, size, today, build_catalogue(seed, today))

    @property
    def size(self) -> int:
        return len(self.people)

    def __iter__(self) -> Iterator[SyntheticPerson]:
        return iter(self.people)

    def __len__(self) -> int:
        return len(self.people)

    def by_key(self, person_key: str) -> SyntheticPerson | None:
        if not person_key.startswith("p") or not person_key[1:].isdigit():
            return None
        index = int(person_key[1:])
        return self.people[index] if index < len(self.people) else None

    def by_case(self, case: str) -> SyntheticPerson:
        """The catalogue person for ``case`` (KeyError if the catalogue has no such case)."""
        for person in self._catalogue:
            if person.case == case:
                return person
        raise KeyError(case)

    def catalogue(self) -> list[SyntheticPerson]:
        """The fixed case catalogue (the first people of every population)."""
        return list(self._catalogue)

    def find_by_numbers(
        self,
        insurer_number: str,
        symbol: str | None,
        number: str,
        branch: str | None,
        birthdate: date,
    ) -> list[SyntheticPerson]:
        """People whose registered numbers match (symbol and branch only when given).

        Numbers and symbols are compared folded (``fold_number``: NFKC, no spaces),
        so full-width desk input matches a card printed in half-width kana, and a
        6-digit insurer padded with spaces matches its unpadded form.
        """
        insurer, num = fold_number(insurer_number), fold_number(number)
        wanted_symbol = fold_number(symbol or "")
        wanted_branch = fold_number(branch or "")
        born = birthdate.strftime("%Y%m%d")
        candidates = list(self._catalogue_by_numbers.get((insurer, num, born), []))
        if num.isdigit() and len(self._catalogue) < int(num) <= len(self.people):
            person = self.people[int(num) - 1]
            if (
                fold_number(person.insurer_number) == insurer
                and fold_number(person.number) == num
                and person.birthdate == birthdate
            ):
                candidates.append(person)
        found = []
        for person in candidates:
            if wanted_symbol and fold_number(person.symbol) != wanted_symbol:
                continue
            if wanted_branch and fold_number(person.branch or "") != wanted_branch.zfill(2):
                continue
            found.append(person)
        return found

    def by_card_serial(self, serial: int) -> SyntheticPerson | None:
        """The person whose card certificate has ``serial`` (index built on first use)."""
        from clinic_app.card.testpki import card_serial

        with self._serial_lock:
            if self._by_serial is None:
                self._by_serial = {card_serial(f"p{i:06d}"): i for i in range(len(self.people))}
        index = self._by_serial.get(serial)
        if index is None:
            return None
        person = self.people[index]
        return person if person.has_card else None

    def export(self, *, with_histories: bool = True) -> list[dict[str, Any]]:
        """Everything an independent client needs to check the sandbox's answers."""
        return [person_as_json(p, with_histories=with_histories) for p in self.people]


# ---------------------------------------------------------------------------
# JSON export


def _day(value: date | None) -> str | None:
    return value.strftime("%Y%m%d") if value else None


def person_as_json(person: SyntheticPerson, *, with_histories: bool = True) -> dict[str, Any]:
    """A person as plain JSON; field names follow the message elements where they exist."""
    data: dict[str, Any] = {
        "person_key": person.person_key,
        "as_of": _day(person.as_of),
        "case": person.case,
        "label": person.label,
        "name": person.name,
        "name_kana": person.kana,
        "name_of_other": person.name_of_other,
        "name_of_other_kana": person.name_of_other_kana,
        "sex": person.sex.value,
        "birthdate": _day(person.birthdate),
        "insurer_number": person.insurer_number,
        "insurer_name": person.insurer_name,
        "insured_card_symbol": person.symbol,
        "insured_identification_number": person.number,
        "insured_branch_number": person.branch,
        "insured_card_classification": person.card_classification.value,
        "personal_family_classification": person.personal_family.value,
        "copay_percent": person.copay_percent,
        "preschool": person.preschool,
        "qualification_date": _day(person.qualification_date),
        "disqualification_date": _day(person.disqualification_date),
        "expected_validity": person.expected_validity.value,
        "card_status": person.card_status,
        "card_certificate_serial": person.card_certificate_serial,
        "card_expected_validity": person.card_validity.value if person.card_validity else None,
        "card_visual_check_expected_validity": (
            person.visual_check_validity.value if person.visual_check_validity else None
        ),
        "card_not_after": person.card_not_after.isoformat() if person.card_not_after else None,
        "pin": person.pin if person.has_card else None,
        "pin_tries_left": person.pin_tries_left if person.has_card else None,
        "elderly_copay_percent": person.elderly.copay_percent if person.elderly else None,
        "high_cost_limit": (
            {
                "classification": person.high_cost_limit.classification,
                "classification_flag": person.high_cost_limit.classification_flag,
            }
            if person.high_cost_limit
            else None
        ),
        "specific_diseases": [d.disease_classification for d in person.specific_diseases],
        "reference_number": person.reference_number,
        "current_insurer_number": person.current.insurer_number if person.current else None,
    }
    if with_histories:
        data["medication"] = [
            {
                "source": line.source.value,
                "dispensed_on": _day(line.dispensed_on),
                "prescribed_on": _day(line.prescribed_on),
                "institution_code": line.institution_code,
                "drug_code": line.drug_code,
                "drug_name": line.drug_name,
                "quantity": line.quantity,
                "unit": line.unit,
                "days": line.days,
            }
            for line in person.medication_lines()
        ]
        data["checkups"] = [
            {
                "date": _day(item.checkup_date),
                "item_code": item.item_code,
                "item_name": item.item_name,
                "value": item.value,
                "unit": item.unit,
            }
            for item in person.checkup_items()
        ]
    return data
