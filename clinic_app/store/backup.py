"""Encrypted, timestamped backup generations and restore into an empty profile.

A backup is a logical dump of every table (so a SQLite backup restores into
PostgreSQL and back): JSON lines (a header, then per table a column line and one
line per row, then an end line), streamed through zlib so a large clinic never
holds its rows in memory, then sealed with AES-256-GCM. The key lives
only in the OS keyring (``secrets.BACKUP_KEY``), created on the first backup.
File layout: ``MAGIC`` (also the GCM associated data) | 12-byte nonce | ciphertext+tag.
A wrong key or any flipped byte fails authentication: restore stops with a
``BackupError`` before touching the database, and the database is written in one
transaction that is rolled back on any problem.

For a replacement PC the key travels in a key file (``export_key`` /
``import_key``): owner-only, never overwritten, audited by event code only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import re
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
from clinic_app.store import audit_chain, migrate
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

KEY_FILE_PREFIX = "madoguchi-backup-key-v1:"
_KEY_FILE_MAX_BYTES = 4096
_KEY_FILE_TEXT = (
    "# Madoguchi backup key. With this file, anyone holding a backup can read every\n"
    "# patient record in it. Keep it offline (in the safe, or printed), not on the clinic\n"
    "# network. Import on a replacement PC: madoguchi backup key import --from <this file>\n"
    "# Fingerprint: {fingerprint}\n"
    "{prefix}{key}\n"
)


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
                "made the backup, or import its key first "
                "(madoguchi backup key import --from <key file>)",
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


def key_fingerprint(key: bytes) -> str:
    """A short, non-secret name of a key, to compare two PCs' keys by eye."""
    digest = hashlib.sha256(b"madoguchi backup key fingerprint\n" + key).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, slots=True)
class KeyImport:
    """What ``import_key`` did: ``outcome`` is new_key, same_key or replaced."""

    fingerprint: str
    outcome: str
    previous_fingerprint: str | None


def export_key(
    db: Database, store: secrets.SecretStore, target: Path, *, staff_id: int | None = None
) -> str:
    """Write this PC's backup key to a new owner-only file; audited; returns its fingerprint.

    An existing file is never overwritten. If the audit row cannot be written the
    file is removed again, so no key leaves the keyring unrecorded.
    """
    encoded = store.get(secrets.BACKUP_KEY)
    if encoded is None:
        raise BackupError(
            "this computer has no backup key yet: it is made by the first backup",
            code="backup_key_missing",
        )
    key = _load_key(store, create=False)
    fingerprint = key_fingerprint(key)
    text = _KEY_FILE_TEXT.format(
        fingerprint=fingerprint, prefix=KEY_FILE_PREFIX, key=base64.b64encode(key).decode("ascii")
    )
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError as exc:
        raise BackupError(
            f"{target} already exists; a key file is never overwritten, choose a new name",
            code="backup_key_file_exists",
        ) from exc
    except OSError as exc:
        raise BackupError(
            f"cannot create the key file {target}: {exc.strerror}", code="backup_key_file_write"
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        db.run(lambda uow: uow.audit.append(AuditEvent.BACKUP_KEY_EXPORTED, staff_id=staff_id))
    except BaseException as exc:
        target.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BackupError(
                f"cannot write the key file {target}: {exc.strerror}", code="backup_key_file_write"
            ) from exc
        raise
    log.info("backup key exported (fingerprint %s)", fingerprint)
    return fingerprint


def read_key_file(source: Path) -> bytes:
    """The key in a file written by ``export_key`` (or a bare base64 key line)."""
    try:
        with source.open("rb") as handle:
            raw = handle.read(_KEY_FILE_MAX_BYTES + 1)
    except OSError as exc:
        raise BackupError(
            f"cannot read the key file {source}: {exc.strerror}", code="backup_key_file_read"
        ) from exc
    not_a_key = BackupError(
        f"{source} does not hold a Madoguchi backup key", code="backup_key_file_bad"
    )
    if len(raw) > _KEY_FILE_MAX_BYTES:
        raise not_a_key
    try:
        lines = raw.decode("ascii").splitlines()
    except UnicodeDecodeError as exc:
        raise not_a_key from exc
    values = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if len(values) != 1:
        raise not_a_key
    value = values[0].removeprefix(KEY_FILE_PREFIX)
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise not_a_key from exc
    if len(key) != 32:
        raise not_a_key
    return key


def import_key(
    db: Database,
    store: secrets.SecretStore,
    source: Path,
    *,
    force: bool = False,
    staff_id: int | None = None,
) -> KeyImport:
    """Put the key from ``source`` into this PC's keyring; audited.

    A different key already in the keyring is only replaced with ``force`` (backups
    made with it could no longer be restored here). The keyring is written last,
    inside the audit transaction: if it refuses, no audit row remains.
    """
    key = read_key_file(source)
    existing = store.get(secrets.BACKUP_KEY)
    previous: bytes | None = None
    if existing is not None:
        try:
            previous = _load_key(store, create=False)
        except BackupError:
            previous = b""  # damaged: anything is better, but only on purpose
    if previous is None:
        outcome = "new_key"
    elif previous == key:
        outcome = "same_key"
    elif not force:
        raise BackupError(
            "this computer already has a different backup key; backups made with it could "
            "no longer be restored here. Export it first, then import with --force",
            code="backup_key_differs",
        )
    else:
        outcome = "replaced"

    def record(uow: Any) -> None:
        uow.audit.append(
            AuditEvent.BACKUP_KEY_IMPORTED, staff_id=staff_id, detail={"outcome": outcome}
        )
        if outcome != "same_key":
            store.set(secrets.BACKUP_KEY, base64.b64encode(key).decode("ascii"))

    db.run(record)
    fingerprint = key_fingerprint(key)
    log.info("backup key imported (%s, fingerprint %s)", outcome, fingerprint)
    return KeyImport(
        fingerprint=fingerprint,
        outcome=outcome,
        previous_fingerprint=key_fingerprint(previous) if previous else None,
    )


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


def _json_line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _dump(connection: sa.Connection, header: dict[str, Any]) -> tuple[bytes, int, str | None]:
    """The compressed JSON-lines dump, its row count and the audit chain's head hash."""
    compressor = zlib.compressobj(6)
    chunks = [compressor.compress(_json_line(header))]
    total = 0
    head: str | None = None
    for table in TABLES_IN_ORDER:
        names = [c.name for c in table.c]
        chunks.append(compressor.compress(_json_line({"table": table.name, "columns": names})))
        query = sa.select(*table.c).order_by(*table.primary_key.columns)
        result = connection.execute(query.execution_options(yield_per=_INSERT_CHUNK))
        for partition in result.partitions():
            lines = [_json_line([_plain(v) for v in row]) for row in partition]
            chunks.append(compressor.compress(b"".join(lines)))
            total += len(partition)
            if table is audit_log:
                head = partition[-1].row_hash
    chunks.append(compressor.compress(_json_line({"end": True, "rows": total})))
    chunks.append(compressor.flush())
    return b"".join(chunks), total, head


def _lines(compressed: bytes) -> Iterator[Any]:
    """Decompress and parse the JSON lines a piece at a time."""
    decompressor = zlib.decompressobj()
    pending = b""
    step = 1 << 20
    try:
        for start in range(0, len(compressed), step):
            pending += decompressor.decompress(compressed[start : start + step])
            *complete, pending = pending.split(b"\n")
            for line in complete:
                yield json.loads(line)
        pending += decompressor.flush()
        for line in pending.split(b"\n"):
            if line:
                yield json.loads(line)
    except (zlib.error, ValueError) as exc:
        raise BackupError("the backup content is damaged", code="backup_corrupt") from exc


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
        header = {"format": FORMAT, "created_at": moment.isoformat(), "revision": revision}
        plain, rows, head = _dump(connection, header)
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
    _prune(directory, keep)
    db.run(
        lambda uow: uow.audit.append(
            AuditEvent.BACKUP,
            staff_id=staff_id,
            detail={
                "file": _token(path.name),
                "rows": rows,
                "revision": revision,
                "audit_head": head,
            },
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


@dataclass(frozen=True, slots=True)
class OpenedBackup:
    """A decrypted backup: its header, and its JSON lines read lazily."""

    created_at: datetime
    revision: str | None
    compressed: bytes

    def lines(self) -> Iterator[Any]:
        return _lines(self.compressed)


def read_backup(path: Path, store: secrets.SecretStore) -> OpenedBackup:
    """Decrypt a backup and read its header; ``BackupError`` if not ours, corrupt or wrong-key."""
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
    header = next(_lines(plain), None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("unsupported backup format", code="backup_format")
    try:
        created_at = datetime.fromisoformat(header["created_at"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError("the backup header is damaged", code="backup_corrupt") from exc
    return OpenedBackup(created_at=created_at, revision=header.get("revision"), compressed=plain)


def restore_backup(
    db: Database, path: Path, store: secrets.SecretStore, *, staff_id: int | None = None
) -> RestoreInfo:
    """Restore ``path`` into an empty database (same schema revision); audited as ``restore``.

    Everything happens in one transaction: a bad file, a non-empty target or a
    broken audit chain in the backup leave the database exactly as it was.
    A profile whose only rows record the backup key's import (a replacement PC)
    counts as empty: those rows are re-appended after the restored chain.
    """
    opened = read_backup(path, store)

    def work(uow: Any) -> int:
        conn: sa.Connection = uow.connection
        current = migrate.current_revision_on(conn)
        if opened.revision != current:
            raise BackupError(
                f"the backup is from schema {opened.revision}, this database is at "
                f"{current}; open it with the matching version first",
                code="backup_revision",
            )
        carried = _setup_rows(conn)
        if carried:
            audit_chain.drop_guards(conn, "audit_log")
            try:
                conn.execute(audit_log.delete())
            finally:
                audit_chain.create_guards(conn, "audit_log")
        total = _load_rows(conn, opened.lines())
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
        for row in carried:
            audit.append(
                row.event, staff_id=row.staff_id, detail=json.loads(row.detail), at=row.occurred_at
            )
        audit.append(
            AuditEvent.RESTORE,
            staff_id=staff_id,
            detail={"file": _token(path.name), "rows": total},
        )
        return total

    rows = db.run(work)
    return RestoreInfo(source=path, backup_created_at=opened.created_at, rows=rows)


def _setup_rows(conn: sa.Connection) -> list[Any]:
    """The audit rows of an otherwise empty target: key imports only, else not empty."""
    not_empty = BackupError(
        "restore needs an empty profile: this database already has data",
        code="backup_target_not_empty",
    )
    for table in (staff_users, patients):
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            raise not_empty
    rows = conn.execute(audit_log.select().order_by(audit_log.c.seq).limit(101)).all()
    if len(rows) > 100 or any(row.event != AuditEvent.BACKUP_KEY_IMPORTED.value for row in rows):
        raise not_empty
    return list(rows)


def _load_rows(conn: sa.Connection, lines: Iterator[Any]) -> int:
    """Insert the dump's rows table by table, in chunks; returns how many."""
    by_name = {table.name: table for table in TABLES_IN_ORDER}
    seen: set[str] = set()
    table: sa.Table | None = None
    columns: list[sa.Column[Any]] = []
    decoders: list[Any] = []
    batch: list[dict[str, Any]] = []
    total = 0
    ended = False

    def flush() -> None:
        if table is not None and batch:
            conn.execute(table.insert(), batch)
            batch.clear()

    next(lines)  # the header, already checked
    for line in lines:
        if isinstance(line, list):
            if table is None:
                raise BackupError("the backup content is damaged", code="backup_corrupt")
            batch.append({c.name: d(v) for c, d, v in zip(columns, decoders, line, strict=True)})
            total += 1
            if len(batch) >= _INSERT_CHUNK:
                flush()
        elif isinstance(line, dict) and "table" in line:
            flush()
            table = by_name.get(line["table"])
            if table is None:
                raise BackupError(
                    f"the backup holds an unknown table {line['table']!r}", code="backup_corrupt"
                )
            seen.add(table.name)
            columns = [table.c[name] for name in line["columns"]]
            decoders = [_decoder(column) for column in columns]
        elif isinstance(line, dict) and line.get("end"):
            flush()
            ended = line.get("rows") == total
            break
    missing = set(by_name) - seen
    if not ended or missing:
        raise BackupError("the backup is incomplete", code="backup_corrupt")
    return total


def _token(text: str) -> str:
    """A file name reduced to the characters an audit detail accepts."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", text)[:96]


def _reset_sequences(conn: sa.Connection) -> None:
    for table in TABLES_IN_ORDER:
        (key,) = table.primary_key.columns
        statement = (
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "  # noqa: S608
            f"COALESCE((SELECT MAX({key.name}) FROM {table.name}), 0) + 1, false)"
        )
        conn.exec_driver_sql(statement)
