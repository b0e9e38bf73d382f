"""Shared sandbox pieces for tests: one population, the shared test PKI, cards, clients."""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import TypeVar

from clinic_app.card.jpki import JpkiCard
from clinic_app.card.simulator import SoftwareCard
from clinic_app.card.testpki import SandboxPki
from clinic_app.core.codes import Coded
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.sandbox.cards import software_card_for
from clinic_app.sandbox.population import SANDBOX_INSTITUTION_CODE, Population, SyntheticPerson
from tests.helpers.card_pki import shared_test_pki

SEED = 4242
SIZE = 300
INSTITUTION = SANDBOX_INSTITUTION_CODE


@cache
def population() -> Population:
    return Population.generate(SEED, SIZE)


def pki() -> SandboxPki:
    return shared_test_pki()


@cache
def card(person_key: str) -> SoftwareCard:
    """The person's software card (cached: key generation is slow). Do not mutate."""
    person = population().by_key(person_key)
    assert person is not None
    return software_card_for(pki(), person)


def fresh_card(person: SyntheticPerson) -> SoftwareCard:
    """A card with its own PIN counter (the credentials are cached on disk)."""
    return software_card_for(pki(), person)


def jpki(person: SyntheticPerson) -> JpkiCard:
    return JpkiCard(fresh_card(person).transmit)


def numbers_of(person: SyntheticPerson) -> InsuranceNumbers:
    return InsuranceNumbers(person.insurer_number, person.symbol, person.number, person.branch)


E = TypeVar("E", bound=Enum)


def known(value: Coded[E] | None) -> E | None:
    """The enum member of a coded reply field that must be present."""
    assert value is not None
    return value.known
