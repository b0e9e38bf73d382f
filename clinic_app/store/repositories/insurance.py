"""Insurance records: the numbers, validity, copay and benefit details as learned."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from clinic_app.core.eligibility import (
    ElderlyRecipient,
    HighCostLimit,
    QualificationRecord,
    SpecificDisease,
)
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.store import codec
from clinic_app.store.errors import NotFound
from clinic_app.store.records import EligibilitySource, InsuranceRecord
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import insurance_records

_CURRENT = (
    insurance_records.select()
    .where(insurance_records.c.patient_id == sa.bindparam("patient_id"))
    .order_by(insurance_records.c.recorded_at.desc(), insurance_records.c.id.desc())
    .limit(1)
)


def _row_to_insurance(row: Any) -> InsuranceRecord:
    return InsuranceRecord(
        id=row.id,
        patient_id=row.patient_id,
        numbers=InsuranceNumbers(row.insurer_number, row.symbol, row.number, row.branch),
        card_classification=row.card_classification,
        insurer_name=row.insurer_name,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        copay_percent=row.copay_percent,
        elderly=codec.loads(ElderlyRecipient, row.elderly_json) if row.elderly_json else None,
        high_cost_limit=(
            codec.loads(HighCostLimit, row.high_cost_limit_json)
            if row.high_cost_limit_json
            else None
        ),
        specific_diseases=(
            codec.loads(tuple[SpecificDisease, ...], row.specific_diseases_json)
            if row.specific_diseases_json
            else ()
        ),
        source=EligibilitySource(row.source),
        recorded_at=row.recorded_at,
    )


class InsuranceRepository(Repository):
    """Insurance qualifications per patient; the newest recorded is the current one."""

    def add(
        self,
        patient_id: int,
        numbers: InsuranceNumbers,
        *,
        source: EligibilitySource,
        card_classification: str | None = None,
        insurer_name: str | None = None,
        valid_from: date | None = None,
        valid_until: date | None = None,
        copay_percent: int | None = None,
        elderly: ElderlyRecipient | None = None,
        high_cost_limit: HighCostLimit | None = None,
        specific_diseases: tuple[SpecificDisease, ...] = (),
        at: datetime | None = None,
    ) -> InsuranceRecord:
        new_id = self._conn.execute(
            insurance_records.insert()
            .values(
                patient_id=patient_id,
                insurer_number=numbers.insurer_number.strip(),
                symbol=numbers.symbol,
                number=numbers.number,
                branch=numbers.branch,
                card_classification=card_classification,
                insurer_name=insurer_name,
                valid_from=valid_from,
                valid_until=valid_until,
                copay_percent=copay_percent,
                elderly_json=codec.dumps(elderly) if elderly else None,
                high_cost_limit_json=codec.dumps(high_cost_limit) if high_cost_limit else None,
                specific_diseases_json=(
                    codec.dumps(specific_diseases) if specific_diseases else None
                ),
                source=source.value,
                recorded_at=self._now(at),
            )
            .returning(insurance_records.c.id)
        ).scalar_one()
        return self.get(new_id)

    def add_from_result(
        self,
        patient_id: int,
        record: QualificationRecord,
        *,
        source: EligibilitySource,
        at: datetime | None = None,
    ) -> InsuranceRecord:
        """Store one ``ResultOfQualificationConfirmation`` as the patient's current insurance."""
        numbers = InsuranceNumbers(
            record.insurer_number.strip(),
            record.insured_card_symbol or "",
            record.insured_identification_number,
            record.insured_branch_number,
        )
        classification = record.insured_card_classification
        return self.add(
            patient_id,
            numbers,
            source=source,
            card_classification=classification.raw if classification else None,
            insurer_name=record.insurer_name,
            valid_from=record.card_valid_from,
            valid_until=record.card_valid_until,
            copay_percent=record.copay_percent,
            elderly=record.elderly,
            high_cost_limit=record.high_cost_limit,
            specific_diseases=record.specific_diseases,
            at=at,
        )

    def get(self, record_id: int) -> InsuranceRecord:
        row = self._conn.execute(
            insurance_records.select().where(insurance_records.c.id == record_id)
        ).first()
        if row is None:
            raise NotFound(f"no insurance record with id {record_id}")
        return _row_to_insurance(row)

    def current(self, patient_id: int) -> InsuranceRecord | None:
        row = self._conn.execute(_CURRENT, {"patient_id": patient_id}).first()
        return _row_to_insurance(row) if row else None

    def for_patient(self, patient_id: int) -> list[InsuranceRecord]:
        rows = self._conn.execute(
            insurance_records.select()
            .where(insurance_records.c.patient_id == patient_id)
            .order_by(insurance_records.c.recorded_at.desc(), insurance_records.c.id.desc())
        )
        return [_row_to_insurance(row) for row in rows]
