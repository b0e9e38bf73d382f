"""Consents: item, consent time, available-until, as given or received."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.store.records import ConsentRecord
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import consents
from clinic_app.store.timeutil import optional_local_naive


def _row_to_consent(row: Any) -> ConsentRecord:
    return ConsentRecord(
        id=row.id,
        patient_id=row.patient_id,
        item=ConsentItem(row.item),
        agreed=bool(row.agreed),
        consent_time=row.consent_time,
        available_until=row.available_until,
        recorded_at=row.recorded_at,
        check_id=row.check_id,
    )


class ConsentRepository(Repository):
    """Consent history per patient; the newest per item is the one in force."""

    def record(
        self,
        patient_id: int,
        consent: Consent,
        *,
        check_id: int | None = None,
        at: datetime | None = None,
    ) -> ConsentRecord:
        new_id = self._conn.execute(
            consents.insert()
            .values(
                patient_id=patient_id,
                item=consent.item.value,
                agreed=consent.agreed,
                consent_time=optional_local_naive(consent.consent_time),
                available_until=optional_local_naive(consent.available_until),
                recorded_at=self._now(at),
                check_id=check_id,
            )
            .returning(consents.c.id)
        ).scalar_one()
        row = self._conn.execute(consents.select().where(consents.c.id == new_id)).one()
        return _row_to_consent(row)

    def record_all(
        self,
        patient_id: int,
        given: Iterable[Consent],
        *,
        check_id: int | None = None,
        at: datetime | None = None,
    ) -> list[ConsentRecord]:
        return [self.record(patient_id, c, check_id=check_id, at=at) for c in given]

    def current(self, patient_id: int) -> dict[ConsentItem, ConsentRecord]:
        """The newest consent per item (whether still valid: ``as_consent().allows_fetch``)."""
        newest: dict[ConsentItem, ConsentRecord] = {}
        for record in self.history(patient_id):
            newest.setdefault(record.item, record)
        return newest

    def history(self, patient_id: int) -> list[ConsentRecord]:
        rows = self._conn.execute(
            consents.select()
            .where(consents.c.patient_id == patient_id)
            .order_by(consents.c.recorded_at.desc(), consents.c.id.desc())
        )
        return [_row_to_consent(row) for row in rows]
