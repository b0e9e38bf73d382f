"""The backup-key transfer is audited with AuditEvent codes (same strings as before)."""

from __future__ import annotations

from pathlib import Path

from clinic_app import secrets
from clinic_app.store import Database
from clinic_app.store import backup as backups
from clinic_app.store.records import AuditEvent


def test_backup_key_events_keep_their_stored_strings() -> None:
    assert AuditEvent.BACKUP_KEY_EXPORTED.value == "backup_key_exported"
    assert AuditEvent.BACKUP_KEY_IMPORTED.value == "backup_key_imported"


def test_export_and_import_write_the_enum_codes(tmp_path: Path) -> None:
    store = secrets.KeyringSecretStore()
    with Database.open(f"sqlite:///{tmp_path / 'store.sqlite3'}") as db:
        backups.create_backup(db, tmp_path / "backups", store)
        backups.export_key(db, store, tmp_path / "key.txt", staff_id=None)
        outcome = backups.import_key(db, store, tmp_path / "key.txt")
        assert outcome.outcome == "same_key"
        with db.session(write=False) as uow:
            events = [entry.event for entry in uow.audit.entries()]
    assert events[-2:] == [
        AuditEvent.BACKUP_KEY_EXPORTED.value,
        AuditEvent.BACKUP_KEY_IMPORTED.value,
    ]
