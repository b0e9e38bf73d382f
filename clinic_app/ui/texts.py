"""Desk wording for service codes: outcomes, statuses, how eligibility was established.

Every string goes through Qt translation (context ``DeskTexts``); the services
give codes, this module gives the words staff read and what to do next.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import QualificationValidity
from clinic_app.services.checkin_types import FallbackKind, Outcome
from clinic_app.services.ports import EstablishedBy, Role, VisitStatus
from clinic_app.ui.qt import translate


def outcome_text(outcome: Outcome) -> tuple[str, str]:
    """(what happened, what to do next) for a check-in outcome."""
    table: dict[Outcome, tuple[str, str]] = {
        Outcome.WAITING_FOR_CARD: (
            translate("DeskTexts", "Waiting for the card."),
            translate("DeskTexts", "Ask the patient to place the card on the reader."),
        ),
        Outcome.NO_CARD_YET: (
            translate("DeskTexts", "No card yet."),
            translate("DeskTexts", "Keep waiting, or check in by numbers."),
        ),
        Outcome.READER_UNAVAILABLE: (
            translate("DeskTexts", "The card reader is not available."),
            translate("DeskTexts", "Check the reader cable, or check in by numbers."),
        ),
        Outcome.CARD_UNREADABLE: (
            translate("DeskTexts", "The card could not be read."),
            translate("DeskTexts", "Ask the patient to place the card again."),
        ),
        Outcome.CARD_REMOVED: (
            translate("DeskTexts", "The card was taken off the reader."),
            translate("DeskTexts", "Ask the patient to place the card again."),
        ),
        Outcome.CARD_READ: (
            translate("DeskTexts", "The card was read."),
            translate("DeskTexts", "Choose: PIN on the patient screen, or visual check."),
        ),
        Outcome.CERTIFICATE_EXPIRED_IN_GRACE: (
            translate(
                "DeskTexts",
                "The card's certificate has expired, but it can still be used for up to 3 months.",
            ),
            translate(
                "DeskTexts", "Continue. Tell the patient to renew the card at the city office."
            ),
        ),
        Outcome.CERTIFICATE_EXPIRED: (
            translate("DeskTexts", "The card's certificate expired more than 3 months ago."),
            translate(
                "DeskTexts",
                "Check in by the numbers on the eligibility certificate. "
                "The patient needs to renew the card.",
            ),
        ),
        Outcome.CARD_LOCKED: (
            translate("DeskTexts", "The card's PIN is locked."),
            translate(
                "DeskTexts",
                "Use the visual check, or check in by numbers. The lock is "
                "reset at the city office.",
            ),
        ),
        Outcome.LAST_TRY_NEEDS_CONFIRMATION: (
            translate("DeskTexts", "Only one PIN try is left."),
            translate(
                "DeskTexts", "Allow the last try after asking the patient, or use the visual check."
            ),
        ),
        Outcome.PIN_REQUESTED: (
            translate("DeskTexts", "The patient is entering the PIN."),
            translate("DeskTexts", "Wait for the patient."),
        ),
        Outcome.PIN_FORMAT_INVALID: (
            translate("DeskTexts", "The PIN must be 4 digits. No try was used."),
            translate("DeskTexts", "Ask the patient to enter it again."),
        ),
        Outcome.WRONG_PIN: (
            translate("DeskTexts", "The PIN was wrong."),
            translate("DeskTexts", "The patient can try again on their screen."),
        ),
        Outcome.PIN_VERIFIED: (
            translate("DeskTexts", "The PIN was correct."),
            translate("DeskTexts", "The patient is answering the consent questions."),
        ),
        Outcome.VISUAL_CHECK_RECORDED: (
            translate("DeskTexts", "Visual check recorded."),
            translate("DeskTexts", "The patient is answering the consent questions."),
        ),
        Outcome.RESULT_VALID: (
            translate("DeskTexts", "Insurance is valid."),
            translate("DeskTexts", "Check the details and register the visit."),
        ),
        Outcome.RESULT_INVALID: (
            translate("DeskTexts", "This insurance is not valid."),
            translate(
                "DeskTexts",
                "Ask for the patient's current insurance; register on a fallback if needed.",
            ),
        ),
        Outcome.RESULT_NEWER_EXISTS: (
            translate("DeskTexts", "This insurance is no longer valid; a newer one exists."),
            translate("DeskTexts", "Ask the patient for the newer insurance."),
        ),
        Outcome.RESULT_NOT_FOUND: (
            translate("DeskTexts", "No such insurance was found."),
            translate("DeskTexts", "Check the numbers, or register on a fallback."),
        ),
        Outcome.RESULT_SEVERAL_MATCH: (
            translate("DeskTexts", "Several people match."),
            translate("DeskTexts", "Ask by the numbers including the branch number."),
        ),
        Outcome.SERVICE_ERROR: (
            translate("DeskTexts", "The eligibility service answered with an error."),
            translate("DeskTexts", "Read the service message below; retry or use a fallback."),
        ),
        Outcome.SERVICE_DOWN: (
            translate("DeskTexts", "The eligibility service cannot be reached."),
            translate(
                "DeskTexts",
                "Retry, or register on a fallback; it will be re-checked automatically.",
            ),
        ),
        Outcome.SERVICE_TIMEOUT: (
            translate("DeskTexts", "The eligibility service is too slow."),
            translate("DeskTexts", "Retry, or register on a fallback."),
        ),
        Outcome.SERVICE_BUSY: (
            translate("DeskTexts", "The eligibility service is still working on it."),
            translate("DeskTexts", "Retry in a moment, or register on a fallback."),
        ),
        Outcome.SERVICE_REPLY_INVALID: (
            translate("DeskTexts", "The service's answer could not be read."),
            translate("DeskTexts", "Register on a fallback and tell IT."),
        ),
        Outcome.CARD_REJECTED: (
            translate("DeskTexts", "The service did not accept the card."),
            translate("DeskTexts", "Check in by the numbers on the eligibility certificate."),
        ),
        Outcome.PATIENT_SELECTION_REQUIRED: (
            translate("DeskTexts", "Choose which registered patient this is."),
            translate("DeskTexts", "Pick the patient, or register a new patient."),
        ),
        Outcome.DUPLICATE_CHECK_IN: (
            translate("DeskTexts", "This patient is already checked in today."),
            translate("DeskTexts", "Register again only if this is a second visit."),
        ),
        Outcome.NO_LAST_KNOWN: (
            translate("DeskTexts", "Nothing is stored for this patient."),
            translate("DeskTexts", "Use another fallback."),
        ),
        Outcome.VISIT_REGISTERED: (
            translate("DeskTexts", "The visit is registered."),
            translate("DeskTexts", "Done. Start the next check-in."),
        ),
        Outcome.VISIT_REGISTERED_FOR_RECHECK: (
            translate("DeskTexts", "The visit is registered and marked for a re-check."),
            translate("DeskTexts", "Done. It is re-checked automatically later."),
        ),
        Outcome.CANCELLED: (
            translate("DeskTexts", "The check-in was cancelled."),
            translate("DeskTexts", "Start again when ready."),
        ),
    }
    return table.get(outcome, (outcome.value, ""))


def established_by_text(value: EstablishedBy | None) -> str:
    if value is None:
        return ""
    return {
        EstablishedBy.CARD_PIN: translate("DeskTexts", "Card + PIN"),
        EstablishedBy.CARD_VISUAL: translate("DeskTexts", "Card + visual check"),
        EstablishedBy.FACE_READER: translate("DeskTexts", "Face reader"),
        EstablishedBy.NUMBERS: translate("DeskTexts", "Certificate numbers"),
        EstablishedBy.QUALIFICATION_NOTICE: translate("DeskTexts", "Qualification notice"),
        EstablishedBy.SELF_DECLARATION: translate("DeskTexts", "Self-declaration"),
        EstablishedBy.LAST_KNOWN: translate("DeskTexts", "Last known (offline)"),
    }[value]


def status_text(value: VisitStatus) -> str:
    return {
        VisitStatus.WAITING: translate("DeskTexts", "Waiting"),
        VisitStatus.IN_CONSULTATION: translate("DeskTexts", "In consultation"),
        VisitStatus.BILLING: translate("DeskTexts", "Billing"),
        VisitStatus.DONE: translate("DeskTexts", "Done"),
        VisitStatus.CANCELLED: translate("DeskTexts", "Cancelled"),
    }[value]


def role_text(role: Role) -> str:
    return {
        Role.RECEPTION: translate("DeskTexts", "Reception"),
        Role.DOCTOR: translate("DeskTexts", "Doctor"),
        Role.ADMIN: translate("DeskTexts", "Administrator"),
    }[role]


def fallback_text(kind: FallbackKind) -> str:
    return {
        FallbackKind.ELIGIBILITY_CERTIFICATE: translate("DeskTexts", "Eligibility certificate"),
        FallbackKind.OLD_CARD: translate("DeskTexts", "Old insurance card"),
        FallbackKind.QUALIFICATION_NOTICE: translate("DeskTexts", "Qualification notice"),
        FallbackKind.SELF_DECLARATION: translate("DeskTexts", "Self-declaration form"),
        FallbackKind.LAST_KNOWN: translate("DeskTexts", "Last known eligibility"),
    }[kind]


def validity_text(value: QualificationValidity | None, raw: str = "") -> str:
    if value is None:
        return translate("DeskTexts", "Unknown validity code %1").replace("%1", raw)
    return {
        QualificationValidity.VALID: translate("DeskTexts", "Valid"),
        QualificationValidity.INVALID: translate("DeskTexts", "Not valid"),
        QualificationValidity.INVALID_NEWER_EXISTS: translate(
            "DeskTexts", "Not valid (newer insurance exists)"
        ),
        QualificationValidity.NOT_FOUND: translate("DeskTexts", "No such insurance"),
        QualificationValidity.SEVERAL_MATCH: translate("DeskTexts", "Several match"),
    }[value]


def consent_item_text(item: ConsentItem) -> str:
    return {
        ConsentItem.MEDICATION: translate("DeskTexts", "Medication"),
        ConsentItem.CHECKUP: translate("DeskTexts", "Health checkups"),
        ConsentItem.TREATMENT: translate("DeskTexts", "Treatment"),
        ConsentItem.SURGERY: translate("DeskTexts", "Surgery"),
    }[item]


def yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return translate("DeskTexts", "Yes") if value else translate("DeskTexts", "No")


def format_date(value: date | None) -> str:
    """Japanese desks read 西暦 with the era in brackets: 2024-05-01 (令和6年)."""
    if value is None:
        return "—"
    text = value.strftime("%Y-%m-%d")
    era = wareki_label(value)
    return f"{text} ({era})" if era else text


def format_time(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%H:%M")


def format_datetime(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M")


def wareki_label(value: date) -> str:
    """和暦 of a date, via ``clinic_app.core.wareki`` when it is available."""
    try:
        wareki = importlib.import_module("clinic_app.core.wareki")
    except ImportError:
        return ""
    formatter = getattr(wareki, "format_wareki", None) or getattr(wareki, "to_wareki", None)
    if formatter is None:
        return ""
    try:
        return str(formatter(value))
    except Exception:  # a date before Meiji or a formatter change: no era shown
        return ""
