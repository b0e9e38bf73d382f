"""Errors the desk can explain, kept apart from bugs.

A ``KnownError`` is an environment or input problem with a message for staff
(English here; the UI translates by ``code``). Anything else reaching the UI is a
bug and is shown as such, never as a traceback to a receptionist.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem with a clear cause and a next step; ``code`` keys the UI text."""

    code: str = "known"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class InvalidInput(KnownError):
    """Input typed or scanned at the desk is malformed (bad check digit, bad date...)."""

    code = "invalid_input"
