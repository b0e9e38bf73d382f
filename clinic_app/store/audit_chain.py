"""The audit log's hash chain and its database guards.

Each row's hash covers the previous row's hash and the row's own content
(sequence number included), so editing, deleting, inserting or reordering rows
breaks the chain at the first affected row, even if someone drops the triggers
and edits the file. Cutting rows off the end is only caught by comparing the
head hash with one written down earlier (``audit verify`` prints it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from clinic_app.store.errors import InvalidAuditDetail
from clinic_app.store.records import AuditVerification

GENESIS_HASH = "0" * 64

DetailValue = str | int | bool | None

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
#: Ids, codes, counts, file names: short ASCII tokens only, so no name can slip in.
_TOKEN = re.compile(r"^[A-Za-z0-9_.:/+\-]{0,96}$")


def canonical_detail(detail: Mapping[str, DetailValue] | None) -> str:
    """Validate ``detail`` (ids and codes only) and return its canonical JSON text."""
    clean: dict[str, DetailValue] = {}
    for key, value in (detail or {}).items():
        if not _KEY.match(key):
            raise InvalidAuditDetail(f"audit detail key {key!r} is not a short code")
        if isinstance(value, str) and not _TOKEN.match(value):
            raise InvalidAuditDetail(f"audit detail {key!r} must be an id or code, not text")
        if value is not None and not isinstance(value, str | int | bool):
            raise InvalidAuditDetail(f"audit detail {key!r} has an unsupported type")
        clean[key] = value
    return json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def row_hash(
    *,
    prev_hash: str,
    seq: int,
    occurred_at: datetime,
    event: str,
    staff_id: int | None,
    patient_id: int | None,
    detail: str,
) -> str:
    content = json.dumps(
        [seq, occurred_at.isoformat(timespec="microseconds"), event, staff_id, patient_id, detail],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(f"{prev_hash}\n{content}".encode("ascii")).hexdigest()


def verify_rows(
    rows: Iterable[Any], *, anchor_seq: int = 0, anchor_hash: str = GENESIS_HASH
) -> AuditVerification:
    """Walk rows in ``seq`` order from the anchor (or the start) and report the first bad one."""
    expected_seq = anchor_seq + 1
    running = anchor_hash
    count = 0
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            problem = (
                "rows missing before this row"
                if row.seq > expected_seq
                else "row out of order or duplicated"
            )
            return AuditVerification(False, count, row.seq, problem, None)
        if row.prev_hash != running:
            return AuditVerification(
                False, count, row.seq, "chain link broken (row deleted, inserted or moved)", None
            )
        computed = row_hash(
            prev_hash=row.prev_hash,
            seq=row.seq,
            occurred_at=row.occurred_at,
            event=row.event,
            staff_id=row.staff_id,
            patient_id=row.patient_id,
            detail=row.detail,
        )
        if computed != row.row_hash:
            return AuditVerification(False, count, row.seq, "row content changed", None)
        running = row.row_hash
        expected_seq += 1
    return AuditVerification(True, count, None, None, running)


# ------------------------------------------------------------------- guards (DDL)

GUARDED_TABLES = ("audit_log", "audit_anchors")


def drop_guards(connection: sa.Connection, table: str) -> None:
    """Only the purge does this, inside its transaction, and re-creates them before commit."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    else:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")


def create_guards(connection: sa.Connection, table: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION madoguchi_append_only()"
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION madoguchi_append_only()"
        )
    else:
        connection.exec_driver_sql(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )
