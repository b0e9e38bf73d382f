"""Encrypted, timestamped backup generations and restore into an empty profile.

A backup is a logical dump of every table (so a SQLite backup restores into
PostgreSQL and back), compressed, then sealed with AES-256-GCM. The key lives
only in the OS keyring (``secrets.BACKUP_KEY``), created on the first backup.
File layout: ``MAGIC`` (also the GCM associated data) | 12-byte nonce | ciphertext+tag.
A wrong key or any flipped byte fails authentication: restore stops with a
``BackupError`` before touching the database, and the database is written in one
transaction that is rolled back on any problem.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import secrets as pysecrets
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clinic_app import secrets
from clinic_app.store import migrate
from clinic_app.store.database import Database
from clinic_app.store.errors import BackupError
from clinic_app.store.records import AuditEvent
from clinic_app.store.repositories.audit import AuditRepository
from clinic_app.store.schema import TABLES_IN_ORDER, audit_log, patients, staff_users
from clinic_app.store.timeutil import local_naive

log = logging.getLogger(__name__)

MAGIC = b"MADOGUCHI-BACKUP-v1\n"
SUFFIX = ".mdbackup"
FORMAT = 1
_NONCE_BYTES = 12
_INSERT_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created_at: datetime
    rows: int
    size_bytes: int


@dataclass(frozen=True, slots=True)
class RestoreInfo:
    source: Path
    backup_created_at: datetime
    rows: int


# ----------------------------------------------------------------------------- key


def _load_key(store: secrets.SecretStore, *, create: bool) -> bytes:
    encoded = store.get(secrets.BACKUP_KEY)
    if encoded is None:
        if not create:
            raise BackupError(
                "no backup key in this computer's keyring: restore on the computer that "
                "made the backup, or import its key first",
                code="backup_key_missing",
            )
        key = AESGCM.generate_key(bit_length=256)
        store.set(secrets.BACKUP_KEY, base64.b64encode(key).decode("ascii"))
        log.info("created a new backup key in the keyring")
        return key
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BackupError(
            "the backup key in the keyring is damaged", code="backup_key_bad"
        ) from exc
    if len(key) != 32:
        raise BackupError("the backup key in the keyring is damaged", code="backup_key_bad")
    return key


# --------------------------------------------------------------------- encode rows


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(column: sa.Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, sa.LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    if isinstance(kind, sa.Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def _dump(connection: sa.Connection) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table in TABLES_IN_ORDER:
        names = [c.name for c in table.c]
        order = list(table.primary_key.columns)
        rows = connection.execute(sa.select(*table.c).order_by(*order))
        tables[table.name] = {
            "columns": names,
            "rows": [[_plain(v) for v in row] for row in rows],
        }
    return tables


# -------------------------------------------------------------------------- backup


@contextmanager
def _snapshot_connection(db: Database) -> Iterator[sa.Connection]:
    """One consistent snapshot of every table (REPEATABLE READ on PostgreSQL)."""
    with db.engine.connect() as connection:
        if db.dialect == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def create_backup(
    db: Database,
    directory: Path,
    store: secrets.SecretStore,
    *,
    keep: int = 10,
    now: datetime | None = None,
    staff_id: int | None = None,
) -> BackupInfo:
    """Write a new encrypted generation into ``directory``, keep the newest ``keep``; audited."""
    if keep < 1:
        raise BackupError("keep at least one backup generation", code="backup_keep")
    key = _load_key(store, create=True)
    moment = local_naive(now if now is not None else db.clock())
    with _snapshot_connection(db) as connection:
        revision = migrate.current_revision_on(connection)
        tables = _dump(connection)
    audit_rows = tables["audit_log"]["rows"]
    head = audit_rows[-1][tables["audit_log"]["columns"].index("row_hash")] if audit_rows else None
    payload = {
        "format": FORMAT,
        "created_at": moment.isoformat(),
        "revision": revision,
        "tables": tables,
    }
    plain = zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 6)
    nonce = pysecrets.token_bytes(_NONCE_BYTES)
    sealed = MAGIC + nonce + AESGCM(key).encrypt(nonce, plain, MAGIC)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"madoguchi-{moment.strftime('%Y%m%d-%H%M%S-%f')}{SUFFIX}"
    temporary = path.with_suffix(".partial")
    fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(sealed)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    rows = sum(len(t["rows"]) for t in tables.values())
    _prune(directory, keep)
    db.run(
        lambda uow: uow.audit.append(
            AuditEvent.BACKUP,
            staff_id=staff_id,
            detail={"file": path.name, "rows": rows, "revision": revision, "audit_head": head},
            at=moment,
        )
    )
    return BackupInfo(path=path, created_at=moment, rows=rows, size_bytes=len(sealed))


def list_backups(directory: Path) -> list[Path]:
    """Generations in ``directory``, oldest first (the names sort by time)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"madoguchi-*{SUFFIX}") if p.is_file())


def _prune(directory: Path, keep: int) -> None:
    generations = list_backups(directory)
    for old in generations[: max(0, len(generations) - keep)]:
        old.unlink()
        log.info("removed old backup generation %s", old.name)


# ------------------------------------------------------------------------- restore


def read_backup(path: Path, store: secrets.SecretStore) -> dict[str, Any]:
    """Decrypt and parse a backup file; ``BackupError`` if it is not one, corrupt or wrong-key."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BackupError(f"cannot read the backup file: {exc}", code="backup_unreadable") from exc
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _NONCE_BYTES + 16:
        raise BackupError("this is not a Madoguchi backup file", code="backup_not_ours")
    key = _load_key(store, create=False)
    nonce = data[len(MAGIC) : len(MAGIC) + _NONCE_BYTES]
    try:
        plain = AESGCM(key).decrypt(nonce, data[len(MAGIC) + _NONCE_BYTES :], MAGIC)
    except InvalidTag as exc:
        raise BackupError(
            "the backup is damaged or was made with another key; nothing was changed",
            code="backup_corrupt_or_wrong_key",
        ) from exc
    try:
        payload = json.loads(zlib.decompress(plain))
    except (zlib.error, ValueError) as exc:
        raise BackupError("the backup content is damaged", code="backup_corrupt") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise BackupError("unsupported backup format", code="backup_format")
    return payload


def restore_backup(
    db: Database, path: Path, store: secrets.SecretStore, *, staff_id: int | None = None
) -> RestoreInfo:
    """Restore ``path`` into an empty database (same schema revision); audited as ``restore``.

    Everything happens in one transaction: a bad file, a non-empty target or a
    broken audit chain in the backup leave the database exactly as it was.
    """
    payload = read_backup(path, store)
    created_at = datetime.fromisoformat(payload["created_at"])

    def work(uow: Any) -> int:
        conn: sa.Connection = uow.connection
        current = migrate.current_revision_on(conn)
        if payload.get("revision") != current:
            raise BackupError(
                f"the backup is from schema {payload.get('revision')}, this database is at "
                f"{current}; open it with the matching version first",
                code="backup_revision",
            )
        for table in (staff_users, patients, audit_log):
            if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                raise BackupError(
                    "restore needs an empty profile: this database already has data",
                    code="backup_target_not_empty",
                )
        total = 0
        for table in TABLES_IN_ORDER:
            section = payload["tables"].get(table.name)
            if section is None:
                raise BackupError(f"the backup lacks table {table.name}", code="backup_corrupt")
            columns = [table.c[name] for name in section["columns"]]
            decoders = [_decoder(column) for column in columns]
            rows = [
                {
                    col.name: dec(value)
                    for col, dec, value in zip(columns, decoders, raw, strict=True)
                }
                for raw in section["rows"]
            ]
            for start in range(0, len(rows), _INSERT_CHUNK):
                conn.execute(table.insert(), rows[start : start + _INSERT_CHUNK])
            total += len(rows)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
        audit = AuditRepository(conn, db.clock)
        verdict = audit.verify()
        if not verdict.ok:
            raise BackupError(
                f"the audit chain in the backup is broken at row {verdict.first_bad_seq} "
                f"({verdict.problem}); nothing was restored",
                code="backup_audit_broken",
            )
        audit.append(
            AuditEvent.RESTORE,
            staff_id=staff_id,
            detail={"file": path.name, "rows": total},
        )
        return total

    rows = db.run(work)
    return RestoreInfo(source=path, backup_created_at=created_at, rows=rows)


def _reset_sequences(conn: sa.Connection) -> None:
    for table in TABLES_IN_ORDER:
        (key,) = table.primary_key.columns
        statement = (
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "  # noqa: S608
            f"COALESCE((SELECT MAX({key.name}) FROM {table.name}), 0) + 1, false)"
        )
        conn.exec_driver_sql(statement)
