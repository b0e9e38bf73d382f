"""Code values from the eligibility service, kept raw when unknown.

The service may add codes we have not seen; a reply with one is shown with the
raw value, never a crash. ``Coded[E]`` carries both the raw text and the enum
member when it is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True, slots=True)
class Coded(Generic[E]):
    raw: str
    known: E | None

    @classmethod
    def of(cls, enum_type: type[E], raw: str) -> Coded[E]:
        text = raw.strip()
        for member in enum_type:
            if member.value == text:
                return cls(text, member)
        return cls(text, None)

    def __str__(self) -> str:
        return self.raw
