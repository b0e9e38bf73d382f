"""Errors raised by the message code.

Messages name the element at fault, never its value: a value may be personal
data (a name, a birth date, an insurance number).
"""

from __future__ import annotations

from clinic_app.core.errors import KnownError


class MessageError(KnownError):
    """A message could not be read or built: malformed XML, a bad date or code."""

    code = "message_malformed"


class HostileMessage(MessageError):
    """A message was refused before or while parsing: DTDs, entities, size or depth."""

    code = "message_hostile"


class WrongMessageKind(MessageError):
    """A well-formed message of another kind than the one asked for."""

    code = "message_wrong_kind"
