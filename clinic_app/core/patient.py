"""Patients as the clinic registers them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class Sex(Enum):
    """``Sex1``/``Sex2`` code: 1 male, 2 female, 3 other/unspecified."""

    MALE = "1"
    FEMALE = "2"
    OTHER = "3"


@dataclass(frozen=True, slots=True)
class PatientIdentity:
    """The fields used to match a service result to a registered patient."""

    name: str
    kana: str
    birthdate: date
    sex: Sex
