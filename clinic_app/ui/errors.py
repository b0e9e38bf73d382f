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
from clinic_app.ui.qt import QMessageBox, QWidget, translate

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


# (what happened, what to do next), keyed by exception class name or error code.
# Class names cover every adapter's hierarchy without importing it here.
def _known_texts() -> dict[str, tuple[str, str]]:
    return {
        # card and reader
        "WrongPin": (
            translate("Errors", "The PIN was not correct."),
            translate(
                "Errors",
                "Ask the patient to try again slowly. The tries left are shown on their screen.",
            ),
        ),
        "PinBlocked": (
            translate("Errors", "The card is locked because the PIN was wrong too many times."),
            translate(
                "Errors",
                "Check the patient in by the numbers on their eligibility certificate, or "
                "confirm the photo on the card (visual check). The patient can unlock the "
                "card at the city office.",
            ),
        ),
        "LastTryNeedsOverride": (
            translate("Errors", "Only one PIN try is left."),
            translate(
                "Errors", "Confirm with the patient before the last try, or use the visual check."
            ),
        ),
        "CardRemoved": (
            translate("Errors", "The card was taken off the reader."),
            translate(
                "Errors", "Ask the patient to put the card back on the reader and start again."
            ),
        ),
        "NoCard": (
            translate("Errors", "No card was found on the reader."),
            translate("Errors", "Ask the patient to place the card flat on the reader."),
        ),
        "ReaderUnavailable": (
            translate("Errors", "The card reader is not available."),
            translate(
                "Errors",
                "Check that the reader is plugged in, then try again. You can check the "
                "patient in by numbers meanwhile.",
            ),
        ),
        "NotJpkiCard": (
            translate("Errors", "This card is not a My Number card."),
            translate(
                "Errors",
                "Ask for the My Number card, or check in by the numbers on their "
                "eligibility certificate.",
            ),
        ),
        "InvalidPinFormat": (
            translate("Errors", "The PIN must be 4 digits."),
            translate("Errors", "Ask the patient to enter the 4-digit PIN again."),
        ),
        "CardError": (
            translate("Errors", "The card could not be read."),
            translate(
                "Errors",
                "Ask the patient to place the card again. If it keeps failing, check in by "
                "numbers.",
            ),
        ),
        # eligibility service
        "ServiceTimeout": (
            translate("Errors", "The eligibility service did not answer in time."),
            translate(
                "Errors", "Try again, or register the visit now; it will be checked again later."
            ),
        ),
        "ServiceUnavailable": (
            translate("Errors", "The eligibility service cannot be reached."),
            translate(
                "Errors",
                "Register the visit now; it is marked for a re-check, which runs by itself "
                "when the service is back.",
            ),
        ),
        "ServiceRefused": (
            translate("Errors", "The eligibility service refused the connection."),
            translate(
                "Errors",
                "Register the visit now; it will be checked again later. Tell IT if this "
                "continues.",
            ),
        ),
        "TlsFailure": (
            translate("Errors", "The secure connection to the eligibility service failed."),
            translate(
                "Errors",
                "Tell IT (certificate or clock problem). Register the visit meanwhile; it "
                "will be checked again later.",
            ),
        ),
        "TransportError": (
            translate("Errors", "The eligibility service could not be asked."),
            translate("Errors", "Register the visit now; it will be checked again later."),
        ),
        "MessageError": (
            translate("Errors", "The eligibility service sent an answer that cannot be read."),
            translate("Errors", "Try again. If it happens again, tell IT."),
        ),
        # desk input
        "insurer_not_digits": (
            translate("Errors", "The insurer number must be digits."),
            translate("Errors", "Check the insurer number on the certificate and type it again."),
        ),
        "insurer_length": (
            translate("Errors", "The insurer number must have 6 or 8 digits."),
            translate("Errors", "Check the insurer number on the certificate and type it again."),
        ),
        "insurer_check_digit": (
            translate("Errors", "The insurer number is not valid (check digit)."),
            translate("Errors", "One digit is probably mistyped. Compare it with the certificate."),
        ),
        "insured_number_missing": (
            translate("Errors", "The insured person's number is missing."),
            translate("Errors", "Type the number (番号) from the certificate."),
        ),
        "branch_format": (
            translate("Errors", "The branch number must be 1 or 2 digits."),
            translate("Errors", "Type the branch number (枝番) or leave it empty."),
        ),
        "invalid_input": (
            translate("Errors", "Some input is not valid."),
            translate("Errors", "Check the highlighted field and try again."),
        ),
        # login
        "login_failed": (
            translate("Errors", "The user name or password is not correct."),
            translate(
                "Errors", "Try again. After several failures the account is locked for a while."
            ),
        ),
        "account_locked": (
            translate("Errors", "This account is locked for a while after too many failed logins."),
            translate("Errors", "Wait and try again, or ask an administrator."),
        ),
        "login.failed": (
            translate("Errors", "The user name or password is not correct."),
            translate(
                "Errors", "Try again. After several failures the account is locked for a while."
            ),
        ),
        "login.not_permitted": (
            translate("Errors", "Your role may not do this."),
            translate("Errors", "Ask a colleague with the right role."),
        ),
        "checkin.name_needs_review": (
            translate("Errors", "The received name has ● or a rare kanji."),
            translate(
                "Errors",
                "Compare it with the registered spelling, tick the box, then register again.",
            ),
        ),
        "birthdate_format": (
            translate("Errors", "The birth date is not a date."),
            translate("Errors", "Type it as 1950-04-01, 1950/4/1 or 昭和25年4月1日 (S25.4.1)."),
        ),
        "StoreError": (
            translate("Errors", "The clinic's database could not be used."),
            translate("Errors", "Try again. If it happens again, tell IT."),
        ),
        "settings_invalid": (
            translate("Errors", "The settings are not complete or not valid:"),
            translate(
                "Errors",
                "Ask IT to correct the settings file, then start again. To try the app "
                "without settings, start it with --demo.",
            ),
        ),
        "keyring_unavailable": (
            translate("Errors", "The system keyring (where passwords are kept) is not available."),
            translate("Errors", "Ask IT to set up the keyring for this user, then start again."),
        ),
        "store_unavailable": (
            translate("Errors", "The clinic's database cannot be reached."),
            translate(
                "Errors",
                "Check the network to the database server, then try again. Tell IT if it "
                "continues.",
            ),
        ),
        "permission_denied": (
            translate("Errors", "Your role may not do this."),
            translate("Errors", "Ask a colleague with the right role."),
        ),
    }


def describe(error: BaseException) -> UserMessage:
    """Turn any exception into what staff read (pure apart from translation)."""
    if isinstance(error, KnownError):
        texts = _known_texts()
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
