"""Card errors the desk can explain (each a ``KnownError`` with a stable ``code``)."""

from __future__ import annotations

from clinic_app.core.errors import KnownError


class CardError(KnownError):
    """Anything that went wrong talking to a card or a reader."""

    code = "card"


class WrongPin(CardError):
    """The card refused the PIN; ``tries_left`` attempts remain before it locks."""

    code = "card_wrong_pin"

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"wrong PIN: {tries_left} tries left before the card locks")
        self.tries_left = tries_left


class PinBlocked(CardError):
    """The PIN is locked; only the municipality can reset it."""

    code = "card_pin_blocked"

    def __init__(self, message: str = "the card's PIN is locked") -> None:
        super().__init__(message)


class LastTryNeedsOverride(CardError):
    """Only one try is left; staff must confirm before the patient tries again."""

    code = "card_last_try"

    def __init__(self) -> None:
        super().__init__("only one PIN try is left: staff confirmation is required")
        self.tries_left = 1


class InvalidPinFormat(CardError):
    """The PIN is not 4 digits; nothing was sent to the card."""

    code = "card_invalid_pin_format"

    def __init__(self) -> None:
        super().__init__("the PIN must be exactly 4 digits")


class SecurityStatusNotSatisfied(CardError):
    """The card wants a verified PIN first (status 69 82)."""

    code = "card_security_status"

    def __init__(self, message: str = "the card requires PIN verification first") -> None:
        super().__init__(message)


class CardFileNotFound(CardError):
    """The applet or file does not exist on this card (status 6A 82)."""

    code = "card_file_not_found"


class WrongLength(CardError):
    """The card rejected a length (67 00 or 6C xx); ``expected`` is the card's hint if any."""

    code = "card_wrong_length"

    def __init__(self, message: str, expected: int | None = None) -> None:
        super().__init__(message)
        self.expected = expected


class UnexpectedStatus(CardError):
    """A status word this application does not expect."""

    code = "card_unexpected_status"

    def __init__(self, sw: int, context: str = "") -> None:
        where = f" during {context}" if context else ""
        super().__init__(f"unexpected card status {sw:04X}{where}")
        self.sw = sw


class MalformedResponse(CardError):
    """The response is too short or its content cannot be parsed."""

    code = "card_malformed_response"


class CorruptCertificate(MalformedResponse):
    """The certificate file does not hold a readable X.509 certificate."""

    code = "card_corrupt_certificate"


class CardRemoved(CardError):
    """The card left the reader during a command."""

    code = "card_removed"

    def __init__(self, message: str = "the card was removed from the reader") -> None:
        super().__init__(message)


class NotJpkiCard(CardError):
    """The card has no JPKI applet: it is not a My Number card."""

    code = "card_not_jpki"

    def __init__(self, message: str = "this card is not a My Number card") -> None:
        super().__init__(message)


class ForbiddenApplet(CardError):
    """Code asked to select an applet outside the allow-list (a bug, refused before sending)."""

    code = "card_forbidden_applet"

    def __init__(self) -> None:
        # The AID itself is not echoed: the forbidden ones hold personal data.
        super().__init__("selecting this card application is not allowed")


class ReaderUnavailable(CardError):
    """No reader, the reader service is down, or the reader was unplugged."""

    code = "card_reader_unavailable"


class NoCard(CardError):
    """No card on the reader within the time allowed."""

    code = "card_absent"

    def __init__(self, message: str = "no card on the reader") -> None:
        super().__init__(message)
