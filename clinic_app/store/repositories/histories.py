"""Medication lines and checkup items with when they were fetched.

A fetch returns the whole window the service keeps (medication up to 3 years,
checkups up to 5), so saving a fetch replaces the patient's previous rows of
that kind in the same transaction; retention purges by ``fetched_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from clinic_app.core.history import CheckupItem, MedicationLine, MedicationSource
from clinic_app.store.records import StoredCheckupItem, StoredMedicationLine
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import checkup_items, medication_lines

# Hot-path statements are built once; SQLAlchemy then reuses their compiled form.
_MEDICATION = (
    medication_lines.select()
    .where(medication_lines.c.patient_id == sa.bindparam("patient_id"))
    .order_by(medication_lines.c.dispensed_on.desc().nulls_last(), medication_lines.c.id)
)
_CHECKUPS = (
    checkup_items.select()
    .where(checkup_items.c.patient_id == sa.bindparam("patient_id"))
    .order_by(checkup_items.c.checkup_date.desc(), checkup_items.c.item_code)
)


def medication_row(patient_id: int, fetched_at: datetime, line: MedicationLine) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "fetched_at": fetched_at,
        "source": line.source.value,
        "dispensed_on": line.dispensed_on,
        "prescribed_on": line.prescribed_on,
        "institution_code": line.institution_code,
        "institution_name": line.institution_name,
        "drug_code": line.drug_code,
        "drug_name": line.drug_name,
        "ingredient": line.ingredient,
        "quantity": line.quantity,
        "unit": line.unit,
        "usage": line.usage,
        "days": line.days,
    }


def checkup_row(patient_id: int, fetched_at: datetime, item: CheckupItem) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "fetched_at": fetched_at,
        "checkup_date": item.checkup_date,
        "item_code": item.item_code,
        "item_name": item.item_name,
        "data_type": item.data_type,
        "value": item.value,
        "unit": item.unit,
        "oid": item.oid,
        "value_name": item.value_name,
    }


_SOURCES = {source.value: source for source in MedicationSource}


def _row_to_line(row: Any) -> StoredMedicationLine:
    # Positional unpacking (table column order): histories can be thousands of rows.
    (
        line_id,
        patient_id,
        fetched_at,
        source,
        dispensed_on,
        prescribed_on,
        institution_code,
        institution_name,
        drug_code,
        drug_name,
        ingredient,
        quantity,
        unit,
        usage,
        days,
    ) = row
    return StoredMedicationLine(
        line_id,
        patient_id,
        fetched_at,
        MedicationLine(
            source=_SOURCES[source],
            dispensed_on=dispensed_on,
            prescribed_on=prescribed_on,
            institution_code=institution_code,
            institution_name=institution_name,
            drug_code=drug_code,
            drug_name=drug_name,
            ingredient=ingredient,
            quantity=quantity,
            unit=unit,
            usage=usage,
            days=days,
        ),
    )


def _row_to_item(row: Any) -> StoredCheckupItem:
    (
        item_id,
        patient_id,
        fetched_at,
        checkup_date,
        item_code,
        item_name,
        data_type,
        value,
        unit,
        oid,
        value_name,
    ) = row
    return StoredCheckupItem(
        item_id,
        patient_id,
        fetched_at,
        CheckupItem(
            checkup_date=checkup_date,
            item_code=item_code,
            item_name=item_name,
            data_type=data_type,
            value=value,
            unit=unit,
            oid=oid,
            value_name=value_name,
        ),
    )


class HistoryRepository(Repository):
    """Histories are doctor-only data: callers check the role and audit each view."""

    def replace_medication(
        self,
        patient_id: int,
        lines: Sequence[MedicationLine],
        *,
        fetched_at: datetime | None = None,
    ) -> int:
        """Replace the patient's medication lines with a new fetch; returns how many stored."""
        when = self._now(fetched_at)
        self._conn.execute(
            medication_lines.delete().where(medication_lines.c.patient_id == patient_id)
        )
        if lines:
            self._conn.execute(
                medication_lines.insert(), [medication_row(patient_id, when, ln) for ln in lines]
            )
        return len(lines)

    def replace_checkups(
        self, patient_id: int, items: Sequence[CheckupItem], *, fetched_at: datetime | None = None
    ) -> int:
        """Replace the patient's checkup items with a new fetch; returns how many stored."""
        when = self._now(fetched_at)
        self._conn.execute(checkup_items.delete().where(checkup_items.c.patient_id == patient_id))
        if items:
            self._conn.execute(
                checkup_items.insert(), [checkup_row(patient_id, when, it) for it in items]
            )
        return len(items)

    def medication(self, patient_id: int) -> list[StoredMedicationLine]:
        """Newest dispensing first (undated lines last)."""
        rows = self._conn.execute(_MEDICATION, {"patient_id": patient_id}).all()
        return [_row_to_line(row) for row in rows]

    def checkups(self, patient_id: int) -> list[StoredCheckupItem]:
        """Newest checkup first, items in code order within a checkup."""
        rows = self._conn.execute(_CHECKUPS, {"patient_id": patient_id}).all()
        return [_row_to_item(row) for row in rows]

    def medication_fetched_at(self, patient_id: int) -> datetime | None:
        latest: datetime | None = self._conn.execute(
            sa.select(sa.func.max(medication_lines.c.fetched_at)).where(
                medication_lines.c.patient_id == patient_id
            )
        ).scalar_one()
        return latest

    def checkups_fetched_at(self, patient_id: int) -> datetime | None:
        latest: datetime | None = self._conn.execute(
            sa.select(sa.func.max(checkup_items.c.fetched_at)).where(
                checkup_items.c.patient_id == patient_id
            )
        ).scalar_one()
        return latest
