"""The append-only audit log: append, read, verify."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa

from clinic_app.store.audit_chain import (
    GENESIS_HASH,
    DetailValue,
    canonical_detail,
    row_hash,
    verify_rows,
)
from clinic_app.store.errors import InvalidAuditDetail
from clinic_app.store.records import AuditEntry, AuditEvent, AuditVerification
from clinic_app.store.repositories.base import LOCK_AUDIT, Repository
from clinic_app.store.schema import audit_anchors, audit_log

_EVENT_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_HEAD = sa.select(audit_log.c.seq, audit_log.c.row_hash).order_by(audit_log.c.seq.desc()).limit(1)
_INSERT = audit_log.insert()


def row_to_entry(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        occurred_at=row.occurred_at,
        event=row.event,
        staff_id=row.staff_id,
        patient_id=row.patient_id,
        detail=MappingProxyType(json.loads(row.detail)),
        prev_hash=row.prev_hash,
        row_hash=row.row_hash,
    )


class AuditRepository(Repository):
    """Rows hold ids and event codes, never names; the database refuses UPDATE/DELETE."""

    def append(
        self,
        event: AuditEvent | str,
        *,
        staff_id: int | None = None,
        patient_id: int | None = None,
        detail: Mapping[str, DetailValue] | None = None,
        at: datetime | None = None,
    ) -> AuditEntry:
        """Append one row chained to the current head (serialised across desks)."""
        code = event.value if isinstance(event, AuditEvent) else event
        if not _EVENT_CODE.match(code):
            raise InvalidAuditDetail(f"audit event {code!r} is not a short code")
        detail_text = canonical_detail(detail)
        occurred_at = self._now(at)
        self._advisory_lock(LOCK_AUDIT)
        head = self._conn.execute(
            sa.select(audit_log.c.seq, audit_log.c.row_hash)
            .order_by(audit_log.c.seq.desc())
            .limit(1)
        ).first()
        if head is not None:
            prev_seq, prev_hash = int(head.seq), str(head.row_hash)
        else:
            prev_seq, prev_hash = self._anchor()
        seq = prev_seq + 1
        values = {
            "seq": seq,
            "occurred_at": occurred_at,
            "event": code,
            "staff_id": staff_id,
            "patient_id": patient_id,
            "detail": detail_text,
            "prev_hash": prev_hash,
        }
        values["row_hash"] = row_hash(
            prev_hash=prev_hash,
            seq=seq,
            occurred_at=occurred_at,
            event=code,
            staff_id=staff_id,
            patient_id=patient_id,
            detail=detail_text,
        )
        self._conn.execute(_INSERT, values)
        return row_to_entry(_Values(values))

    def entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        rows = self._conn.execute(
            audit_log.select()
            .where(audit_log.c.seq > after_seq)
            .order_by(audit_log.c.seq)
            .limit(limit)
        )
        return [row_to_entry(row) for row in rows]

    def latest(self, count: int = 50) -> list[AuditEntry]:
        rows = self._conn.execute(audit_log.select().order_by(audit_log.c.seq.desc()).limit(count))
        return [row_to_entry(row) for row in rows]

    def verify(self, *, expected_head: str | None = None) -> AuditVerification:
        """Check the whole chain from the newest purge anchor (or the first row).

        ``expected_head`` is a head hash noted earlier (printed by ``audit verify``,
        recorded in each backup row): if no row carries it any more, rows were cut off
        the end or the chain was rewritten.
        """
        verdict = self._verify_chain()
        if verdict.ok and expected_head is not None:
            found = self._conn.execute(
                sa.select(audit_log.c.seq).where(audit_log.c.row_hash == expected_head).limit(1)
            ).first()
            if found is None:
                return AuditVerification(
                    False,
                    verdict.rows_checked,
                    None,
                    "the noted head row is gone (rows cut off the end or chain rewritten)",
                    verdict.head_hash,
                )
        return verdict

    def _verify_chain(self) -> AuditVerification:
        anchor_seq, anchor_hash = self._anchor()
        rows = self._conn.execute(
            audit_log.select().order_by(audit_log.c.seq).execution_options(yield_per=2000)
        )
        try:
            return verify_rows(rows, anchor_seq=anchor_seq, anchor_hash=anchor_hash)
        finally:
            rows.close()  # the walk may stop early; release the server-side cursor

    def _anchor(self) -> tuple[int, str]:
        anchor = self._conn.execute(
            sa.select(audit_anchors.c.through_seq, audit_anchors.c.through_hash)
            .order_by(audit_anchors.c.id.desc())
            .limit(1)
        ).first()
        if anchor is None:
            return 0, GENESIS_HASH
        return int(anchor.through_seq), str(anchor.through_hash)


class _Values:
    """Attribute access over a dict, so a just-inserted row reads like a fetched one."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
