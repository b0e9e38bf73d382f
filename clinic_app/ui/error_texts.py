"""What staff read for each known error: (what happened, what to do next).

The table behind :func:`clinic_app.ui.errors.describe`, kept apart so the
presenter stays small and the texts can be reviewed (and translated) in one
place. Keys are error codes or exception class names.
"""

from __future__ import annotations

from clinic_app.ui.qt import translate


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


def _more_texts() -> dict[str, tuple[str, str]]:
    """Texts for the codes of the store, services, messages and tools (same keys as above)."""
    texts: dict[str, tuple[str, str]] = {}
    entries: list[tuple[tuple[str, ...], str, str]] = [
        (
            ("SecurityStatusNotSatisfied", "card_security_status"),
            translate(
                "Errors", "The card no longer holds the PIN check (it was moved or tapped again)."
            ),
            translate(
                "Errors", "Start the check-in again and ask the patient for the PIN once more."
            ),
        ),
        (
            (
                "card_file_not_found",
                "card_wrong_length",
                "card_unexpected_status",
                "card_malformed_response",
            ),
            translate("Errors", "The card answered in a way the app does not expect."),
            translate(
                "Errors",
                "Ask the patient to place the card again. If it keeps failing, check in by the "
                "numbers on their eligibility certificate.",
            ),
        ),
        (
            ("CorruptCertificate", "card_corrupt_certificate"),
            translate(
                "Errors", "The certificate on the card cannot be read; the card may be damaged."
            ),
            translate(
                "Errors",
                "Check the patient in by numbers or by the visual check. The patient can have the "
                "card checked at the city office.",
            ),
        ),
        (
            ("ForbiddenApplet", "card_forbidden_applet"),
            translate("Errors", "The app refused to read a part of the card it must never read."),
            translate(
                "Errors",
                "This is a program problem: tell IT. Check the patient in by numbers meanwhile.",
            ),
        ),
        (
            ("copay_ratio",),
            translate("Errors", "The copay ratio is not valid."),
            translate("Errors", "Type it as 10, 20 or 30 (percent)."),
        ),
        (
            ("date_format", "date_invalid", "date_incomplete", "date_missing"),
            translate("Errors", "The date is not complete or not a real date."),
            translate("Errors", "Type it as 1950-04-01, 1950/4/1 or 昭和25年4月1日 (S25.4.1)."),
        ),
        (
            ("wareki_before_meiji", "wareki_year_zero", "wareki_out_of_era"),
            translate(
                "Errors", "The Japanese-era date does not exist (the year is outside that era)."
            ),
            translate(
                "Errors",
                "Check the era and year on the certificate, or type the Western year (e.g. "
                "1950-04-01).",
            ),
        ),
        (
            ("eligibility_service_failure",),
            translate(
                "Errors",
                "The eligibility service could not answer this query (its message is shown as is).",
            ),
            translate(
                "Errors",
                "Read the service's message. Check the numbers and try again, or register the "
                "visit now; it will be checked again later.",
            ),
        ),
        (
            ("eligibility_in_progress",),
            translate("Errors", "The eligibility service is still working on the answer."),
            translate(
                "Errors",
                "Wait a moment and try again. You can register the visit now; it will be checked "
                "again later.",
            ),
        ),
        (
            ("HttpStatusError", "eligibility_http_status"),
            translate("Errors", "The eligibility service answered with an error."),
            translate(
                "Errors",
                "Try again. Register the visit meanwhile; it will be checked again later. Tell IT "
                "if this continues.",
            ),
        ),
        (
            (
                "MalformedReply",
                "eligibility_malformed_reply",
                "eligibility_reply_too_large",
                "HostileMessage",
                "message_hostile",
                "message_too_large",
                "message_doctype",
                "message_too_deep",
                "WrongMessageKind",
                "message_wrong_kind",
                "message_encoding",
            ),
            translate(
                "Errors", "The eligibility service sent an answer that cannot be read safely."
            ),
            translate(
                "Errors",
                "Nothing was changed. Try again; if it happens again, tell IT. Register the visit "
                "meanwhile; it will be checked again later.",
            ),
        ),
        (
            ("UnreadableFaceResult", "face.unreadable"),
            translate("Errors", "A result from the face-recognition reader could not be read."),
            translate(
                "Errors",
                "Ask the patient to use the face-recognition reader again, or check them in by "
                "card or numbers here.",
            ),
        ),
        (
            ("history_access_denied",),
            translate(
                "Errors",
                "Only doctors can open medication and checkup histories. The attempt was recorded.",
            ),
            translate("Errors", "Ask a doctor to open them."),
        ),
        (
            ("history_consent_expired",),
            translate(
                "Errors",
                "The patient's consent for a new fetch has expired (it is valid for 24 hours).",
            ),
            translate(
                "Errors",
                "The stored copy can still be read. For a new fetch, the patient taps the card "
                "and agrees again at the desk.",
            ),
        ),
        (
            ("history_no_insurance",),
            translate(
                "Errors",
                "No insurance numbers are on file for this patient, so the histories cannot be "
                "fetched.",
            ),
            translate(
                "Errors", "Check the patient in with their card or numbers first, then fetch again."
            ),
        ),
        (
            ("history_patient_not_found", "PatientNotFound"),
            translate("Errors", "No patient with this patient number was found."),
            translate("Errors", "Check the patient number, or pick the patient from today's list."),
        ),
        (
            ("service_unconfigured",),
            translate("Errors", "No eligibility service is set up on this computer."),
            translate(
                "Errors",
                "Ask an administrator to set the service in the settings. Stored histories can "
                "still be read.",
            ),
        ),
        (
            ("NameNeedsReview", "patient.name_needs_review"),
            translate("Errors", "The received name has ● or a rare kanji."),
            translate(
                "Errors",
                "Compare it with the registered spelling, tick the box, then register again.",
            ),
        ),
        (
            ("patient.name_missing",),
            translate("Errors", "The patient's name is missing."),
            translate(
                "Errors", "Type the name (and kana) from the certificate, then register again."
            ),
        ),
        (
            ("patient.search_text",),
            translate("Errors", "The search text is not kana, a birth date or a patient number."),
            translate("Errors", "Type kana, a birth date or a patient number."),
        ),
        (
            ("InvalidStatusChange", "queue.invalid_status_change"),
            translate("Errors", "This visit cannot move to that status."),
            translate(
                "Errors", "Refresh the queue and choose a status that follows the current one."
            ),
        ),
        (
            (
                "UnknownVisit",
                "queue.unknown_visit",
                "UnknownPatient",
                "patient_unknown",
                "NotFound",
                "store_not_found",
            ),
            translate(
                "Errors", "The record was not found (it may have been changed at another desk)."
            ),
            translate("Errors", "Refresh the list and try again."),
        ),
        (
            ("Conflict", "store_conflict"),
            translate("Errors", "Someone changed the same record at the same time."),
            translate("Errors", "Refresh the list and try again."),
        ),
        (
            ("patient_number_taken",),
            translate("Errors", "This patient number is already used by another patient."),
            translate(
                "Errors", "Check the number; choose another one, or open the existing patient."
            ),
        ),
        (
            ("username_invalid",),
            translate("Errors", "The user name is not valid."),
            translate("Errors", "Use 1 to 64 letters, digits, '.', '_' or '-'."),
        ),
        (
            ("username_taken",),
            translate("Errors", "This user name is already used."),
            translate("Errors", "Choose another user name."),
        ),
        (
            ("user_not_found",),
            translate("Errors", "There is no staff account with this user name."),
            translate("Errors", "Check the spelling, or list the accounts first."),
        ),
        (
            ("WeakPassword", "password_too_short"),
            translate("Errors", "The password is too short."),
            translate(
                "Errors",
                "Choose a password of at least 8 characters (a phrase of several words is easiest "
                "to remember).",
            ),
        ),
        (
            ("password_mismatch",),
            translate("Errors", "The two passwords differ."),
            translate("Errors", "Type the same password twice."),
        ),
        (
            ("MigrationFailed", "store_migration_failed", "store_migrations_missing"),
            translate(
                "Errors", "The clinic's database could not be updated to this version of the app."
            ),
            translate(
                "Errors",
                "Nothing was lost: a backup was made before the update. Tell IT; do not use the "
                "database until they check it.",
            ),
        ),
        (
            ("InvalidAuditDetail", "audit_detail_invalid"),
            translate("Errors", "A record for the audit log was refused."),
            translate("Errors", "This is a program problem: tell IT. Nothing was written."),
        ),
        (
            ("AuditChainBroken", "audit_chain_broken", "backup_audit_broken"),
            translate(
                "Errors",
                "The audit log's chain of records is broken: it may have been tampered with.",
            ),
            translate("Errors", "Tell the administrator and IT at once. Nothing was changed."),
        ),
        (
            ("BackupError", "backup_error"),
            translate("Errors", "The backup could not be made or read."),
            translate("Errors", "Check the backup folder and try again. Tell IT if it continues."),
        ),
        (
            ("backup_keep",),
            translate("Errors", "At least one backup generation must be kept."),
            translate("Errors", "Set the number of generations to 1 or more."),
        ),
        (
            ("purge_days",),
            translate("Errors", "Retention periods are whole days, 1 or more."),
            translate("Errors", "Set each retention period to 1 day or more."),
        ),
        (
            ("backup_key_missing",),
            translate("Errors", "This computer has no backup key."),
            translate(
                "Errors",
                "Import the key exported on the computer that made the backup (madoguchi backup "
                "key import --from <file>), or make a first backup here.",
            ),
        ),
        (
            ("backup_key_bad",),
            translate("Errors", "The backup key in this computer's keyring is damaged."),
            translate(
                "Errors",
                "Import the key again from its exported key file. Tell IT if you have none.",
            ),
        ),
        (
            ("backup_key_file_exists",),
            translate(
                "Errors", "A file with this name already exists; a key file is never overwritten."
            ),
            translate("Errors", "Choose a new file name."),
        ),
        (
            ("backup_key_file_write", "backup_key_file_read", "backup_unreadable"),
            translate("Errors", "The file could not be written or read."),
            translate(
                "Errors", "Check the folder (space, permissions, the USB stick) and try again."
            ),
        ),
        (
            ("backup_key_file_bad",),
            translate("Errors", "This file does not hold a Madoguchi backup key."),
            translate(
                "Errors", "Choose the key file that was exported with madoguchi backup key export."
            ),
        ),
        (
            ("backup_key_differs",),
            translate("Errors", "This computer already has a different backup key."),
            translate(
                "Errors",
                "Export the current key first (backups made with it need it), then import with "
                "--force.",
            ),
        ),
        (
            ("backup_not_ours", "backup_format"),
            translate(
                "Errors", "This is not a Madoguchi backup file (or its format is not supported)."
            ),
            translate("Errors", "Choose a .mdbackup file made by Madoguchi."),
        ),
        (
            ("backup_corrupt", "backup_corrupt_or_wrong_key"),
            translate(
                "Errors", "The backup is damaged or was made with another key. Nothing was changed."
            ),
            translate(
                "Errors",
                "Try an older backup generation, or import the key of the computer that made it.",
            ),
        ),
        (
            ("backup_revision",),
            translate("Errors", "The backup was made by another version of the app."),
            translate("Errors", "Restore it with the matching version of Madoguchi, then update."),
        ),
        (
            ("backup_target_not_empty",),
            translate(
                "Errors", "A restore needs an empty profile, but this database already has data."
            ),
            translate(
                "Errors", "Restore into a fresh profile (a new computer or an empty database)."
            ),
        ),
        (
            ("AdminOnly", "settings_admin_only"),
            translate("Errors", "Only administrators can change these settings."),
            translate("Errors", "Ask an administrator."),
        ),
    ]
    for keys, what, next_step in entries:
        for key in keys:
            texts[key] = (what, next_step)
    return texts


def known_texts() -> dict[str, tuple[str, str]]:
    """Every (what happened, what to do next), keyed by error code or class name."""
    return {**_more_texts(), **_known_texts()}
