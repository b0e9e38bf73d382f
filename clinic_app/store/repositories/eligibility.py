"""Eligibility checks: when, which path, the result codes, the parsed result as JSON."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from clinic_app.core.eligibility import EligibilityResult
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.store import codec
from clinic_app.store.errors import NotFound
from clinic_app.store.records import EligibilityCheckRecord, EligibilitySource, LastKnownEligibility
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import eligibility_checks

_COLUMNS = [c for c in eligibility_checks.c if c.name != "raw_reply"]
_SELECT = sa.select(*_COLUMNS, eligibility_checks.c.raw_reply.is_not(None).label("has_raw_reply"))
_LAST_KNOWN = (
    _SELECT.where(
        eligibility_checks.c.patient_id == sa.bindparam("patient_id"),
        eligibility_checks.c.result_json.is_not(None),
        eligibility_checks.c.segment_of_result == "1",
    )
    .order_by(eligibility_checks.c.checked_at.desc(), eligibility_checks.c.id.desc())
    .limit(1)
)


def numbers_to_json(numbers: InsuranceNumbers | None) -> str | None:
    return codec.dumps(numbers) if numbers is not None else None


def numbers_from_json(text: str | None) -> InsuranceNumbers | None:
    return codec.loads(InsuranceNumbers, text) if text else None


def _row_to_check(row: Any) -> EligibilityCheckRecord:
    return EligibilityCheckRecord(
        id=row.id,
        patient_id=row.patient_id,
        checked_at=row.checked_at,
        source=EligibilitySource(row.source),
        validity=row.validity,
        processing_code=row.processing_code,
        segment_of_result=row.segment_of_result,
        error_code=row.error_code,
        result=codec.loads(EligibilityResult, row.result_json) if row.result_json else None,
        numbers=numbers_from_json(row.numbers_json),
        has_raw_reply=bool(row.has_raw_reply),
    )


class EligibilityRepository(Repository):
    """Every check is stored as it happened, answered or not (offline semantics)."""

    def _select(self) -> sa.Select[Any]:
        return _SELECT

    def record(
        self,
        *,
        source: EligibilitySource,
        result: EligibilityResult | None,
        patient_id: int | None = None,
        numbers: InsuranceNumbers | None = None,
        error_code: str | None = None,
        raw_reply: bytes | None = None,
        at: datetime | None = None,
    ) -> EligibilityCheckRecord:
        """Store a check. ``raw_reply`` only when the clinic's setting keeps it (compressed)."""
        values: dict[str, object] = {
            "patient_id": patient_id,
            "checked_at": self._now(at),
            "source": source.value,
            "error_code": error_code,
            "numbers_json": numbers_to_json(numbers),
            "raw_reply": zlib.compress(raw_reply, 6) if raw_reply is not None else None,
        }
        if result is not None:
            values.update(
                validity=result.validity.raw if result.validity else None,
                processing_code=result.processing_code,
                segment_of_result=result.header.segment_of_result.raw,
                result_json=codec.dumps(result),
            )
        new_id = self._conn.execute(
            eligibility_checks.insert().values(values).returning(eligibility_checks.c.id)
        ).scalar_one()
        return self.get(new_id)

    def get(self, check_id: int) -> EligibilityCheckRecord:
        row = self._conn.execute(self._select().where(eligibility_checks.c.id == check_id)).first()
        if row is None:
            raise NotFound(f"no eligibility check with id {check_id}")
        return _row_to_check(row)

    def attach_patient(self, check_id: int, patient_id: int) -> None:
        """Link a check made before the patient was matched (e.g. a new patient)."""
        result = self._conn.execute(
            eligibility_checks.update()
            .where(eligibility_checks.c.id == check_id)
            .values(patient_id=patient_id)
        )
        if result.rowcount == 0:
            raise NotFound(f"no eligibility check with id {check_id}")

    def raw_reply(self, check_id: int) -> bytes | None:
        data = self._conn.execute(
            sa.select(eligibility_checks.c.raw_reply).where(eligibility_checks.c.id == check_id)
        ).scalar_one_or_none()
        return zlib.decompress(data) if data is not None else None

    def for_patient(self, patient_id: int, *, limit: int = 50) -> list[EligibilityCheckRecord]:
        rows = self._conn.execute(
            self._select()
            .where(eligibility_checks.c.patient_id == patient_id)
            .order_by(eligibility_checks.c.checked_at.desc(), eligibility_checks.c.id.desc())
            .limit(limit)
        )
        return [_row_to_check(row) for row in rows]

    def last_known(
        self, patient_id: int, *, now: datetime | None = None
    ) -> LastKnownEligibility | None:
        """The newest check that got a completed answer, and its age (for an offline desk)."""
        row = self._conn.execute(_LAST_KNOWN, {"patient_id": patient_id}).first()
        if row is None:
            return None
        check = _row_to_check(row)
        return LastKnownEligibility(check=check, age=self._now(now) - check.checked_at)
