"""The one error presenter (STYLE.md item 12).

A :class:`~clinic_app.core.errors.KnownError` becomes a Japanese (or English)
message that says what happened and what to do next. Anything else is a bug:
staff see a calm "this is a bug" dialog with a short reference, never a
traceback; the traceback goes to the log without the exception's message
(which might carry personal data).
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from clinic_app.core.errors import KnownError
from clinic_app.ui.error_texts import known_texts
from clinic_app.ui.qt import QMessageBox, QWidget, translate

# known_texts is re-exported: tests and callers import it from here.
__all__ = ["ErrorPresenter", "UserMessage", "describe", "known_texts", "log_error"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class UserMessage:
    """What a receptionist reads: a title, what happened, and the next step."""

    title: str
    what: str
    next_step: str
    is_bug: bool
    code: str

    @property
    def text(self) -> str:
        return f"{self.what}\n\n{self.next_step}"


def describe(error: BaseException) -> UserMessage:
    """Turn any exception into what staff read (pure apart from translation)."""
    if isinstance(error, KnownError):
        texts = known_texts()
        entry = texts.get(error.code)
        if entry is None:
            for klass in type(error).__mro__:
                entry = texts.get(klass.__name__)
                if entry is not None:
                    break
        if entry is None:
            entry = (
                translate("Errors", "The operation could not be completed."),
                translate("Errors", "Try again. If it happens again, tell IT (code shown below)."),
            )
        what, next_step = entry
        problems = getattr(error, "problems", None)
        if isinstance(problems, dict) and problems:
            # Setting keys and reasons only: they never hold patient data.
            what = what + "\n" + "\n".join(f"・{k}: {v}" for k, v in sorted(problems.items()))
        tries = getattr(error, "tries_left", None)
        if isinstance(tries, int):
            what = f"{what} " + translate("Errors", "Tries left: %n", None, tries)
        return UserMessage(
            translate("Errors", "Cannot continue"), what, next_step, False, error.code
        )
    reference = uuid.uuid4().hex[:8]
    return UserMessage(
        translate("Errors", "Unexpected problem (a bug)"),
        translate(
            "Errors",
            "Madoguchi met a problem it does not expect. This is a bug in the program, "
            "not your mistake.",
        ),
        translate(
            "Errors",
            "Nothing you entered was lost. Please try again; if it happens again, tell IT "
            "the reference %1.",
        ).replace("%1", reference),
        True,
        f"bug-{reference}",
    )


def log_error(error: BaseException, message: UserMessage) -> None:
    """Log codes and frame locations only: messages and source lines may carry personal data."""
    if message.is_bug:
        frames = "\n".join(
            f"  {frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(error.__traceback__)
        )
        log.error("bug %s: %s\n%s", message.code, type(error).__name__, frames)
    else:
        log.info("known error shown: %s (%s)", message.code, type(error).__name__)


class ErrorPresenter:
    """Shows errors to staff in a non-blocking message box.

    ``show`` can be replaced (tests record messages instead of opening boxes).
    """

    def __init__(
        self,
        parent: Callable[[], QWidget | None] = lambda: None,
        show: Callable[[UserMessage], None] | None = None,
    ) -> None:
        self._parent = parent
        self._show = show or self._show_box
        self.shown: list[UserMessage] = []
        self._boxes: list[QMessageBox] = []

    def present(self, error: BaseException) -> UserMessage:
        message = describe(error)
        log_error(error, message)
        self.shown.append(message)
        self._show(message)
        return message

    __call__ = present

    def _show_box(self, message: UserMessage) -> None:
        box = QMessageBox(self._parent())
        box.setIcon(QMessageBox.Icon.Critical if message.is_bug else QMessageBox.Icon.Warning)
        box.setWindowTitle(message.title)
        box.setText(message.what)
        box.setInformativeText(message.next_step)
        box.setAccessibleName(message.title)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _r, b=box: self._boxes.remove(b) if b in self._boxes else None)
        self._boxes.append(box)
        box.open()
