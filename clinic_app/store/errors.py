"""Errors the store raises; each is a ``KnownError`` with a stable ``code``."""

from __future__ import annotations

from clinic_app.core.errors import KnownError


class StoreError(KnownError):
    """Base of every store problem a user or IT staff can meet."""

    code = "store_error"


class StoreUnavailable(StoreError):
    """The database cannot be reached or stayed busy past the retry budget."""

    code = "store_unavailable"


class MigrationFailed(StoreError):
    """A schema migration failed; the pre-migration copy (SQLite) is left in place."""

    code = "store_migration_failed"


class NotFound(StoreError):
    """The record asked for does not exist."""

    code = "store_not_found"


class Conflict(StoreError):
    """The write would break a uniqueness rule (e.g. a username already taken)."""

    code = "store_conflict"


class InvalidAuditDetail(StoreError):
    """Audit detail must hold ids and codes only (short ASCII tokens), never names."""

    code = "audit_detail_invalid"


class AuthenticationFailed(StoreError):
    """Login failed. The message is deliberately generic (no hint which part was wrong)."""

    code = "login_failed"

    def __init__(self) -> None:
        super().__init__("The user name or password is wrong, or the account is locked.")


class WeakPassword(StoreError):
    """A new password is too short."""

    code = "password_too_short"


class BackupError(StoreError):
    """A backup could not be written or read (corrupt file, wrong key, target not empty)."""

    code = "backup_error"


class AuditChainBroken(StoreError):
    """Raised where a valid chain is required (after restore); names the first bad row."""

    code = "audit_chain_broken"
