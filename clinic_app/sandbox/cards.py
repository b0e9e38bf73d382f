"""Software My Number cards for synthetic people, and the card side of the card path.

A card made here for a person authenticates as that person at the sandbox:
its certificate's serial is ``card_serial(person_key)`` and it is issued by the
same test PKI the sandbox trusts. PIN, tries left and certificate validity
come from the population (expired, locked, last-try cases).
"""

from __future__ import annotations

from datetime import UTC

from cryptography.hazmat.primitives import serialization

from clinic_app.card.jpki import JpkiCard
from clinic_app.card.simulator import SoftwareCard
from clinic_app.card.testpki import SandboxPki
from clinic_app.eligibility.messages import CardProof
from clinic_app.sandbox.population import SyntheticPerson


def software_card_for(pki: SandboxPki, person: SyntheticPerson) -> SoftwareCard:
    """The person's card (ValueError for someone without a card)."""
    if not person.has_card or person.card_not_before is None or person.card_not_after is None:
        raise ValueError("this synthetic person has no My Number card")
    return SoftwareCard.for_person(
        pki,
        person.person_key,
        pin=person.pin,
        tries_left=person.pin_tries_left,
        not_before=person.card_not_before.astimezone(UTC),
        not_after=person.card_not_after.astimezone(UTC),
    )


def prove_with_card(card: JpkiCard, pin: str, *, allow_last_try: bool = False) -> CardProofMaker:
    """A ``prove(challenge) -> CardProof`` for ``EligibilityClient.query_by_card``.

    The PIN is verified right before signing and not kept by the returned callable
    beyond that one use.
    """
    return CardProofMaker(card, pin, allow_last_try=allow_last_try)


class CardProofMaker:
    """Verifies the PIN once, then signs one challenge with the card's auth key."""

    def __init__(self, card: JpkiCard, pin: str, *, allow_last_try: bool = False) -> None:
        self._card = card
        self._pin: str | None = pin
        self._allow_last_try = allow_last_try

    def __call__(self, challenge: bytes) -> CardProof:
        pin, self._pin = self._pin, None
        if pin is None:
            raise RuntimeError("a card proof is made once per PIN entry")
        self._card.select()
        certificate = self._card.read_auth_certificate()
        self._card.verify_pin(pin, allow_last_try=self._allow_last_try)
        signature = self._card.sign(challenge)
        return CardProof(certificate.public_bytes(serialization.Encoding.DER), signature, challenge)
