"""The sandbox's card checks: challenges, the certificate chain and grace, the signature.

The card path is verified for real: the challenge must be one we issued, unused
and fresh; the certificate must be issued by the sandbox's test CA and valid (or
expired less than three months ago); the signature over the challenge must verify
with the certificate's key. Only then is the certificate's serial mapped back to
a synthetic person. The visual-check path runs the certificate check alone.

A failed check is a :class:`CardCheckFailure` (the sandbox error code and the
Japanese message the service puts in its failure reply), never an exception.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from clinic_app.card.testpki import SandboxPki
from clinic_app.eligibility.messages import CardProof
from clinic_app.sandbox.population import CARD_GRACE, Population, SyntheticPerson

CHALLENGE_BYTES = 32
CHALLENGE_LIFETIME = 60.0  # seconds
_MAX_OPEN_CHALLENGES = 10_000

# Error codes of the sandbox's card-path failures (SegmentOfResult 9).
ERROR_CHALLENGE = "SBXAUTH01"  # unknown, reused or expired challenge
ERROR_CERTIFICATE = "SBXAUTH02"  # not issued by the test CA, unreadable
ERROR_EXPIRED = "SBXAUTH03"  # expired more than three months ago, or not yet valid
ERROR_SIGNATURE = "SBXAUTH04"  # signature does not verify


@dataclass(frozen=True, slots=True)
class CardCheckFailure:
    """Why a card check failed: the sandbox error code and the message for the reply."""

    code: str
    message: str


class Challenges:
    """Issued challenges: single use, expire after ``CHALLENGE_LIFETIME`` seconds."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._open: OrderedDict[bytes, float] = OrderedDict()
        self._lock = threading.Lock()

    def issue(self) -> bytes:
        challenge = secrets.token_bytes(CHALLENGE_BYTES)
        with self._lock:
            self._open[challenge] = self._clock()
            while len(self._open) > _MAX_OPEN_CHALLENGES:
                self._open.popitem(last=False)
        return challenge

    def redeem(self, challenge: bytes) -> bool:
        """True once for a challenge we issued less than its lifetime ago."""
        with self._lock:
            issued = self._open.pop(challenge, None)
        return issued is not None and self._clock() - issued <= CHALLENGE_LIFETIME


def check_card_proof(
    challenges: Challenges, pki: SandboxPki, proof: CardProof, now: datetime
) -> x509.Certificate | CardCheckFailure:
    """The card's certificate if the challenge, the certificate and the signature all pass."""
    if not challenges.redeem(proof.challenge):
        return CardCheckFailure(
            ERROR_CHALLENGE,
            "認証用チャレンジが無効です（期限切れまたは使用済み）。"
            "もう一度カードを読み取ってください。",
        )
    checked = check_certificate(pki, proof.certificate_der, now)
    if isinstance(checked, CardCheckFailure):
        return checked
    from clinic_app.card.jpki import verify_signature

    if not verify_signature(checked, proof.challenge, proof.signature):
        return CardCheckFailure(ERROR_SIGNATURE, "電子署名を検証できません。")
    return checked


def check_certificate(
    pki: SandboxPki, certificate_der: bytes, now: datetime
) -> x509.Certificate | CardCheckFailure:
    """The card's auth certificate if issued by the test CA and within its validity
    (or less than three months past it)."""
    try:
        certificate = x509.load_der_x509_certificate(certificate_der)
    except ValueError:
        return CardCheckFailure(ERROR_CERTIFICATE, "利用者証明用電子証明書を読み取れません。")
    if not pki.issued(certificate) or _is_ca(certificate):
        return CardCheckFailure(
            ERROR_CERTIFICATE, "利用者証明用電子証明書の発行者を確認できません。"
        )
    if now < certificate.not_valid_before_utc:
        return CardCheckFailure(ERROR_EXPIRED, "利用者証明用電子証明書の有効期間前です。")
    if now > certificate.not_valid_after_utc + CARD_GRACE:
        return CardCheckFailure(
            ERROR_EXPIRED,
            "利用者証明用電子証明書の有効期限切れから3か月を過ぎています。"
            "市区町村窓口で更新してください。",
        )
    return certificate


def card_holder(population: Population, certificate: x509.Certificate) -> SyntheticPerson | None:
    """The in-service person whose card carries ``certificate``, or None."""
    person = population.by_card_serial(certificate.serial_number)
    if person is None or not person.in_service:
        return None
    return person


def _is_ca(certificate: x509.Certificate) -> bool:
    """A CA certificate (the test CA itself, say) is never a card's certificate."""
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    return constraints.value.ca
