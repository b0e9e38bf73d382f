"""The card side of one check-in: reading the card, PIN tries and entry, the staff
visual check, and the signature over the service's challenge (DESIGN.md §3).

``CardSteps`` holds what the flow knows about the card in the field — the session,
the card application, the certificate read at tap time, and the staff decisions
(last PIN try allowed, photo confirmed) — never the PIN itself. Each event method
returns the flow's next ``Step``, built by the flow's own ``make`` so that every
step has the same shape; ``CheckInFlow`` checks the transition and emits it.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

from clinic_app.core.errors import KnownError
from clinic_app.services.checkin_rules import certificate_status
from clinic_app.services.checkin_types import CheckInState, CheckInUsageError, Outcome, Step
from clinic_app.services.errors import classify_card_error
from clinic_app.services.ports import (
    CardFactory,
    CardReaderPort,
    CardSession,
    Clock,
    EstablishedBy,
    JpkiCardPort,
)

log = logging.getLogger(__name__)

PIN_LENGTH = 4
#: Longest single wait on the reader, so a cancel is seen within this time.
WAIT_SLICE = 0.2


def wait_in_slices(
    reader: CardReaderPort, timeout: float, cancel: threading.Event
) -> CardSession | None:
    """Wait for a card in short slices so a cancel is seen promptly whatever the reader does."""
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        remaining = deadline - time.monotonic()
        session = reader.wait_for_card(max(min(remaining, WAIT_SLICE), 0.0), cancel)
        if session is not None or cancel.is_set() or remaining <= WAIT_SLICE:
            return session


class MakeStep(Protocol):
    """The flow's step builder: ``make(state, outcome, **fields) -> Step``."""

    def __call__(self, state: CheckInState, outcome: Outcome, **fields: object) -> Step: ...


class Audit(Protocol):
    """The flow's audit writer (ids and codes only)."""

    def __call__(
        self,
        event: str,
        detail: dict[str, str],
        *,
        staff_id: str | None = None,
        patient_id: str | None = None,
    ) -> None: ...


class CardSteps:
    """The card in the field during one check-in, and what staff decided about it."""

    def __init__(
        self, card_factory: CardFactory, clock: Clock, *, audit: Audit, make: MakeStep
    ) -> None:
        self._card_factory = card_factory
        self._clock = clock
        self._audit = audit
        self._make = make
        self._session: CardSession | None = None
        self._card: JpkiCardPort | None = None
        self._certificate_der: bytes | None = None
        self._last_try_confirmed = False
        self._visual_staff: str | None = None

    # ----------------------------------------------------------------- state

    @property
    def present(self) -> bool:
        """Whether a card was read and is still held by this check-in."""
        return self._card is not None

    @property
    def visual_staff(self) -> str | None:
        """The staff member who confirmed the card photo (visual check), if any."""
        return self._visual_staff

    @property
    def certificate_der(self) -> bytes:
        """The card's authentication certificate as read at tap time (no PIN needed)."""
        self.require()
        assert self._certificate_der is not None
        return self._certificate_der

    def require(self) -> JpkiCardPort:
        if self._card is None:
            raise CheckInUsageError("no card has been read")
        return self._card

    def forget_visual_check(self) -> None:
        self._visual_staff = None

    def close(self) -> None:
        """Drop the card (PIN state included); closing a vanished card is not an error."""
        session, self._session, self._card = self._session, None, None
        if session is not None:
            try:
                session.close()
            except Exception:  # closing a vanished card must not hide the real outcome
                log.debug("card session close failed", exc_info=True)

    # ---------------------------------------------------------------- events

    def read(self, session: CardSession) -> Step:
        """A card was presented: read its certificate and PIN tries, show both."""
        self.close()
        self._session = session
        self._last_try_confirmed = False
        self._visual_staff = None
        card = self._card_factory(session)
        try:
            card.select()
            certificate = card.read_auth_certificate()
            tries = self._read_tries(card)
        except KnownError as error:
            self.close()
            outcome = classify_card_error(error)
            self._audit("card_read", {"outcome": outcome.value, "error": error.code})
            return self._make(CheckInState.WAITING_FOR_CARD, outcome, error_code=error.code)
        self._card = card
        from cryptography.hazmat.primitives.serialization import Encoding

        self._certificate_der = certificate.public_bytes(Encoding.DER)
        status = certificate_status(certificate.not_valid_after_utc, self._clock())
        self._audit(
            "card_read",
            {
                "outcome": "ok",
                "tries_left": str(tries),
                "certificate": "expired_in_grace"
                if status.in_grace
                else "expired"
                if status.expired
                else "valid",
            },
        )
        if not status.usable:
            self.close()
            return self._make(
                CheckInState.NEEDS_FALLBACK, Outcome.CERTIFICATE_EXPIRED, certificate=status
            )
        if tries <= 0:
            outcome = Outcome.CARD_LOCKED
        elif status.in_grace:
            outcome = Outcome.CERTIFICATE_EXPIRED_IN_GRACE
        else:
            outcome = Outcome.CARD_READ
        return self._make(
            CheckInState.CHOOSING_VERIFICATION,
            outcome,
            tries_left=tries,
            pin_allowed=tries > 0,
            certificate=status,
        )

    def choose_pin(self) -> Step:
        """Staff chose PIN entry: ask the card for its tries first (none is used)."""
        card = self.require()
        try:
            tries = self._read_tries(card)
        except KnownError as error:
            return self.failure(error)
        if tries <= 0:
            return self._make(
                CheckInState.CHOOSING_VERIFICATION,
                Outcome.CARD_LOCKED,
                tries_left=0,
                pin_allowed=False,
            )
        if tries == 1 and not self._last_try_confirmed:
            return self._make(
                CheckInState.CONFIRMING_LAST_TRY,
                Outcome.LAST_TRY_NEEDS_CONFIRMATION,
                tries_left=1,
            )
        return self._make(CheckInState.ENTERING_PIN, Outcome.PIN_REQUESTED, tries_left=tries)

    def confirm_last_try(self, staff_id: str) -> Step:
        self._last_try_confirmed = True
        self._audit("pin_last_try_confirmed", {}, staff_id=staff_id)
        return self._make(CheckInState.ENTERING_PIN, Outcome.PIN_REQUESTED, tries_left=1)

    def enter_pin(self, pin: str, tries_before: int | None) -> Step:
        """VERIFY the PIN once (never retried); the PIN is not kept anywhere."""
        card = self.require()
        if len(pin) != PIN_LENGTH or not all("0" <= ch <= "9" for ch in pin):
            return self._make(
                CheckInState.ENTERING_PIN, Outcome.PIN_FORMAT_INVALID, tries_left=tries_before
            )
        from clinic_app.card import errors as card_errors

        try:
            card.verify_pin(pin, allow_last_try=self._last_try_confirmed)
        except card_errors.WrongPin as wrong:
            tries = wrong.tries_left
            self._audit("pin_wrong", {"tries_left": str(tries)})
            if tries <= 0:
                return self._locked()
            self._last_try_confirmed = False
            if tries == 1:
                return self._make(
                    CheckInState.CONFIRMING_LAST_TRY,
                    Outcome.WRONG_PIN,
                    tries_left=1,
                    error_code=wrong.code,
                )
            return self._make(
                CheckInState.ENTERING_PIN,
                Outcome.WRONG_PIN,
                tries_left=tries,
                error_code=wrong.code,
            )
        except card_errors.PinBlocked:
            self._audit("pin_wrong", {"tries_left": "0"})
            return self._locked()
        except card_errors.LastTryNeedsOverride:
            return self._make(
                CheckInState.CONFIRMING_LAST_TRY,
                Outcome.LAST_TRY_NEEDS_CONFIRMATION,
                tries_left=1,
            )
        except card_errors.InvalidPinFormat as error:
            return self._make(
                CheckInState.ENTERING_PIN,
                Outcome.PIN_FORMAT_INVALID,
                tries_left=tries_before,
                error_code=error.code,
            )
        except KnownError as error:
            return self.failure(error)
        self._audit("pin_verified", {})
        return self._make(CheckInState.ASKING_CONSENT, Outcome.PIN_VERIFIED)

    def confirm_visual(self, staff_id: str) -> Step:
        """Staff compared the card photo with the patient (目視確認): no PIN is used."""
        self.require()
        from clinic_app.eligibility.errors import MessageError
        from clinic_app.eligibility.requests import check_staff_id

        try:
            check_staff_id(staff_id)
        except MessageError:
            raise CheckInUsageError("a visual check needs the staff member's id") from None
        self._visual_staff = staff_id
        self._audit("visual_check", {"method": EstablishedBy.CARD_VISUAL.value}, staff_id=staff_id)
        return self._make(CheckInState.ASKING_CONSENT, Outcome.VISUAL_CHECK_RECORDED)

    def prove(self, challenge: bytes) -> object:
        """Called by the client with the server challenge: the card signs it (PIN path)."""
        from clinic_app.eligibility.messages import CardProof

        card = self.require()
        return CardProof(self.certificate_der, card.sign(challenge), challenge)

    def failure(self, error: KnownError) -> Step:
        """A card error: the card is dropped and the desk waits for it again."""
        self.close()
        return self._make(
            CheckInState.WAITING_FOR_CARD, classify_card_error(error), error_code=error.code
        )

    # -------------------------------------------------------------- internals

    def _read_tries(self, card: JpkiCardPort) -> int:
        from clinic_app.card.errors import PinBlocked

        try:
            return card.pin_tries_left()
        except PinBlocked:
            return 0

    def _locked(self) -> Step:
        self._last_try_confirmed = False
        self._audit("card_locked", {})
        return self._make(
            CheckInState.CHOOSING_VERIFICATION,
            Outcome.CARD_LOCKED,
            tries_left=0,
            pin_allowed=False,
        )
