"""The port every eligibility transport implements, and the errors it may raise.

A transport moves request and reply bytes (XmlMsg documents) to and from the
eligibility service; it knows nothing of their content beyond what it needs to
route them. Two adapters exist: :mod:`clinic_app.eligibility.http` (HTTPS, used
with the sandbox or a certified gateway) and :mod:`clinic_app.eligibility.folder`
(the qualification-confirmation terminal's shared ``req``/``res`` folders).

Every failure the desk can meet is a :class:`TransportError` whose message says
what happened and what staff can do next; it never contains message content.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from clinic_app.core.errors import KnownError

if TYPE_CHECKING:
    from clinic_app.eligibility.messages import RequestKind

#: Raw XML traffic is logged only at this level, below DEBUG (STYLE.md item 8).
LOG_LEVEL_TRAFFIC = 5

log = logging.getLogger(__name__)


class TransportError(KnownError):
    """The eligibility service could not be asked or its reply not be read."""

    code = "eligibility_transport"


class ServiceTimeout(TransportError):
    """No (complete) reply in time."""

    code = "eligibility_timeout"


class ServiceRefused(TransportError):
    """The connection was refused or dropped before a reply arrived."""

    code = "eligibility_refused"


class TlsFailure(TransportError):
    """The service's certificate did not verify, or our client certificate was refused."""

    code = "eligibility_tls"


class HttpStatusError(TransportError):
    """The service answered with an HTTP error status."""

    code = "eligibility_http_status"

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class MalformedReply(TransportError):
    """A reply arrived but is not an XML message we can read."""

    code = "eligibility_malformed_reply"


class ReplyTooLarge(TransportError):
    """A reply exceeded the configured size cap; it was not read further."""

    code = "eligibility_reply_too_large"


class ServiceUnavailable(TransportError):
    """The service (or the terminal) is not there or not configured."""

    code = "eligibility_unavailable"


class EligibilityTransport(Protocol):
    """Moves one request to the service and brings back its reply."""

    def exchange(
        self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
    ) -> bytes:
        """Send ``body`` (a request XmlMsg of ``kind``) and return the reply's bytes.

        ``file_identifier`` is the request's ``ArbitraryFileIdentifier``; the
        folder transport matches replies by it. ``idempotent`` says whether the
        request may be sent again after a failure that may have reached the
        service (queries may, registrations may not).
        """
        ...

    def challenge(self) -> bytes:
        """A fresh, single-use challenge for the card to sign (card path only)."""
        ...

    def close(self) -> None:
        """Release connections, watchers and files."""
        ...


def log_traffic(direction: str, kind_prefix: str, data: bytes) -> None:
    """Log raw message bytes at the traffic level only (never at DEBUG or above)."""
    if log.isEnabledFor(LOG_LEVEL_TRAFFIC):
        log.log(LOG_LEVEL_TRAFFIC, "%s %s %d bytes: %r", direction, kind_prefix, len(data), data)
