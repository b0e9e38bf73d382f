"""Turn adapter errors into check-in outcomes (one place for the mapping)."""

from __future__ import annotations

from clinic_app.card import errors as card_errors
from clinic_app.core.errors import KnownError
from clinic_app.eligibility import transport
from clinic_app.eligibility.client import ServiceReportedFailure, StillInProgress
from clinic_app.services.checkin_types import Outcome

#: HTTP statuses by which the service says "this card proof is not acceptable".
CARD_REFUSED_STATUSES = frozenset({400, 401, 403, 422})


def classify_card_error(error: KnownError) -> Outcome:
    """A card or reader error → what the desk does next."""
    if isinstance(error, card_errors.CardRemoved | card_errors.NoCard):
        return Outcome.CARD_REMOVED
    if isinstance(error, card_errors.ReaderUnavailable):
        return Outcome.READER_UNAVAILABLE
    if isinstance(error, card_errors.PinBlocked):
        return Outcome.CARD_LOCKED
    if isinstance(error, card_errors.SecurityStatusNotSatisfied):
        # the card forgot the verified PIN (it was reset or re-tapped): start again
        return Outcome.CARD_REMOVED
    return Outcome.CARD_UNREADABLE


def service_message_of(error: KnownError) -> str | None:
    """The service's own failure text (shown as is), when the error carries one."""
    if isinstance(error, ServiceReportedFailure):
        return error.service_message or None
    return None


def classify_query_error(error: KnownError) -> Outcome:
    """An eligibility client error → outcome; unknown KnownErrors count as bad replies."""
    if isinstance(error, StillInProgress):
        return Outcome.SERVICE_BUSY
    if isinstance(error, ServiceReportedFailure):
        return Outcome.SERVICE_ERROR
    if isinstance(error, transport.ServiceTimeout):
        return Outcome.SERVICE_TIMEOUT
    if isinstance(error, transport.MalformedReply | transport.ReplyTooLarge):
        return Outcome.SERVICE_REPLY_INVALID
    if isinstance(error, transport.HttpStatusError) and error.status in CARD_REFUSED_STATUSES:
        return Outcome.CARD_REJECTED
    if isinstance(error, transport.TransportError):
        return Outcome.SERVICE_DOWN
    return Outcome.SERVICE_REPLY_INVALID
