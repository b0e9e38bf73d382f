"""The audit chain's pure parts: detail validation and the verifier."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pytest

from clinic_app.store import InvalidAuditDetail
from clinic_app.store.audit_chain import GENESIS_HASH, canonical_detail, row_hash, verify_rows


@dataclass(frozen=True)
class Row:
    seq: int
    occurred_at: datetime
    event: str
    staff_id: int | None
    patient_id: int | None
    detail: str
    prev_hash: str
    row_hash: str


def chain(count: int) -> list[Row]:
    rows: list[Row] = []
    prev = GENESIS_HASH
    start = datetime(2026, 1, 1, 9, 0)
    for seq in range(1, count + 1):
        fields = {
            "seq": seq,
            "occurred_at": start + timedelta(minutes=seq),
            "event": "check_in",
            "staff_id": 1,
            "patient_id": seq * 10,
            "detail": canonical_detail({"visit_id": seq}),
        }
        digest = row_hash(prev_hash=prev, **fields)  # type: ignore[arg-type]
        rows.append(Row(prev_hash=prev, row_hash=digest, **fields))  # type: ignore[arg-type]
        prev = digest
    return rows


def test_intact_chain_verifies_and_reports_head() -> None:
    rows = chain(5)
    verdict = verify_rows(rows)
    assert verdict.ok and verdict.rows_checked == 5
    assert verdict.head_hash == rows[-1].row_hash


def test_empty_chain_is_valid() -> None:
    assert verify_rows([]).ok


def test_edited_content_names_that_row() -> None:
    rows = chain(5)
    rows[2] = replace(rows[2], patient_id=999)
    verdict = verify_rows(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.problem) == (False, 3, "row content changed")


def test_deleted_row_names_the_next_row() -> None:
    rows = chain(5)
    del rows[1]
    verdict = verify_rows(rows)
    assert not verdict.ok and verdict.first_bad_seq == 3


def test_hash_covers_the_timestamp_to_the_microsecond() -> None:
    rows = chain(2)
    rows[0] = replace(rows[0], occurred_at=rows[0].occurred_at + timedelta(microseconds=1))
    assert verify_rows(rows).first_bad_seq == 1


def test_detail_keeps_ids_and_codes_in_canonical_order() -> None:
    assert canonical_detail({"b": 2, "a": "x-1", "c": None, "d": True}) == (
        '{"a":"x-1","b":2,"c":null,"d":true}'
    )


@pytest.mark.parametrize(
    "detail",
    [
        {"name": "山田 太郎"},
        {"kana": "ﾔﾏﾀﾞ"},
        {"note": "free text with spaces"},
        {"Bad Key": 1},
        {"value": 1.5},
        {"list": [1]},
    ],
)
def test_detail_refuses_names_and_free_text(detail: dict[str, object]) -> None:
    with pytest.raises(InvalidAuditDetail):
        canonical_detail(detail)  # type: ignore[arg-type]
