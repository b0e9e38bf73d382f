"""Appointments, for the bulk eligibility pre-check the evening before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from clinic_app.store.errors import NotFound
from clinic_app.store.records import AppointmentPrecheck, AppointmentRecord
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import appointments
from clinic_app.store.timeutil import local_naive


def _row_to_appointment(row: Any) -> AppointmentRecord:
    return AppointmentRecord(
        id=row.id,
        patient_id=row.patient_id,
        scheduled_at=row.scheduled_at,
        precheck=AppointmentPrecheck(row.precheck),
        precheck_check_id=row.precheck_check_id,
        cancelled=bool(row.cancelled),
    )


class AppointmentRepository(Repository):
    def add(self, patient_id: int, scheduled_at: datetime) -> AppointmentRecord:
        new_id = self._conn.execute(
            appointments.insert()
            .values(
                patient_id=patient_id,
                scheduled_at=local_naive(scheduled_at),
                precheck=AppointmentPrecheck.PENDING.value,
                cancelled=False,
            )
            .returning(appointments.c.id)
        ).scalar_one()
        return self.get(new_id)

    def get(self, appointment_id: int) -> AppointmentRecord:
        row = self._conn.execute(
            appointments.select().where(appointments.c.id == appointment_id)
        ).first()
        if row is None:
            raise NotFound(f"no appointment with id {appointment_id}")
        return _row_to_appointment(row)

    def for_day(self, day: date, *, include_cancelled: bool = False) -> list[AppointmentRecord]:
        start = datetime.combine(day, time.min)
        query = appointments.select().where(
            appointments.c.scheduled_at >= start,
            appointments.c.scheduled_at < start + timedelta(days=1),
        )
        if not include_cancelled:
            query = query.where(appointments.c.cancelled.is_(False))
        rows = self._conn.execute(query.order_by(appointments.c.scheduled_at, appointments.c.id))
        return [_row_to_appointment(row) for row in rows]

    def set_precheck(
        self, appointment_id: int, state: AppointmentPrecheck, *, check_id: int | None = None
    ) -> AppointmentRecord:
        self._update(appointment_id, {"precheck": state.value, "precheck_check_id": check_id})
        return self.get(appointment_id)

    def cancel(self, appointment_id: int) -> AppointmentRecord:
        self._update(appointment_id, {"cancelled": True})
        return self.get(appointment_id)

    def _update(self, appointment_id: int, values: dict[str, object]) -> None:
        result = self._conn.execute(
            appointments.update().where(appointments.c.id == appointment_id).values(values)
        )
        if result.rowcount == 0:
            raise NotFound(f"no appointment with id {appointment_id}")
