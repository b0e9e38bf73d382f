"""Patients: registration, the service's spelling beside the clinic's, kana search."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from clinic_app.core.names import normalise_kana
from clinic_app.core.patient import Sex
from clinic_app.store.errors import Conflict, NotFound
from clinic_app.store.records import PatientRecord
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import patients

#: Sorts after every real character: the upper bound of a prefix range.
_PREFIX_END = "\U0010ffff"

# Hot-path statements are built once; SQLAlchemy then reuses their compiled form.
_BY_ID = patients.select().where(patients.c.id == sa.bindparam("patient_id"))


_SEXES = {sex.value: sex for sex in Sex}


def row_to_patient(row: Any) -> PatientRecord:
    """From a row (or any sequence) in ``patients`` column order; positional for speed."""
    (
        patient_id,
        patient_number,
        name,
        kana,
        kana_key,
        received_name,
        received_kana,
        birthdate,
        sex,
        created_at,
        updated_at,
    ) = row
    return PatientRecord(
        id=patient_id,
        patient_number=patient_number,
        name=name,
        kana=kana,
        birthdate=birthdate,
        sex=_SEXES[sex],
        received_name=received_name,
        received_kana=received_kana,
        kana_key=kana_key,
        created_at=created_at,
        updated_at=updated_at,
    )


class PatientRepository(Repository):
    """Registered patients. Search uses ``normalise_kana`` on both sides."""

    def add(
        self,
        *,
        name: str,
        kana: str,
        birthdate: date,
        sex: Sex,
        patient_number: str | None = None,
        received_name: str | None = None,
        received_kana: str | None = None,
        at: datetime | None = None,
    ) -> PatientRecord:
        """Register a patient; without ``patient_number`` the next free number is given."""
        now = self._now(at)
        values = {
            "patient_number": patient_number or f"tmp-{uuid.uuid4().hex[:24]}",
            "name": name,
            "kana": kana,
            "kana_key": normalise_kana(kana),
            "received_name": received_name,
            "received_kana": received_kana,
            "birthdate": birthdate,
            "sex": sex.value,
            "created_at": now,
            "updated_at": now,
        }
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    patients.insert().values(values).returning(patients.c.id)
                ).scalar_one()
                if patient_number is None:
                    self._conn.execute(
                        patients.update()
                        .where(patients.c.id == new_id)
                        .values(patient_number=f"{new_id:06d}")
                    )
        except sa.exc.IntegrityError as exc:
            raise Conflict(
                "that patient number is already in use", code="patient_number_taken"
            ) from exc
        return self.get(new_id)

    def get(self, patient_id: int) -> PatientRecord:
        found = self.find(patient_id)
        if found is None:
            raise NotFound(f"no patient with id {patient_id}")
        return found

    def find(self, patient_id: int) -> PatientRecord | None:
        row = self._conn.execute(_BY_ID, {"patient_id": patient_id}).first()
        return row_to_patient(row) if row else None

    def by_number(self, patient_number: str) -> PatientRecord | None:
        row = self._conn.execute(
            patients.select().where(patients.c.patient_number == patient_number.strip())
        ).first()
        return row_to_patient(row) if row else None

    def search(
        self,
        *,
        kana_prefix: str | None = None,
        birthdate: date | None = None,
        birthdate_to: date | None = None,
        patient_number: str | None = None,
        sex: Sex | None = None,
        limit: int = 50,
    ) -> list[PatientRecord]:
        """Patients matching every criterion given, by kana then birth date.

        ``kana_prefix`` may be half-width, full-width katakana or hiragana, with
        spaces anywhere. ``birthdate`` alone is an exact date; with ``birthdate_to``
        it is a range.
        """
        query = patients.select()
        if kana_prefix is not None:
            key = normalise_kana(kana_prefix)
            if key:
                query = query.where(
                    patients.c.kana_key >= key, patients.c.kana_key < key + _PREFIX_END
                )
        if birthdate is not None and birthdate_to is not None:
            query = query.where(patients.c.birthdate.between(birthdate, birthdate_to))
        elif birthdate is not None:
            query = query.where(patients.c.birthdate == birthdate)
        if patient_number is not None:
            query = query.where(patients.c.patient_number == patient_number.strip())
        if sex is not None:
            query = query.where(patients.c.sex == sex.value)
        query = query.order_by(patients.c.kana_key, patients.c.birthdate, patients.c.id).limit(
            limit
        )
        return [row_to_patient(row) for row in self._conn.execute(query)]

    def matching(self, *, kana: str, birthdate: date, sex: Sex) -> list[PatientRecord]:
        """Patients whose normalised kana, birth date and sex all equal the given ones."""
        query = patients.select().where(
            patients.c.kana_key == normalise_kana(kana),
            patients.c.birthdate == birthdate,
            patients.c.sex == sex.value,
        )
        return [row_to_patient(row) for row in self._conn.execute(query.order_by(patients.c.id))]

    def update(
        self,
        patient_id: int,
        *,
        name: str | None = None,
        kana: str | None = None,
        birthdate: date | None = None,
        sex: Sex | None = None,
        at: datetime | None = None,
    ) -> PatientRecord:
        """Change the clinic's registered fields (after staff reviewed a diff)."""
        values: dict[str, object] = {"updated_at": self._now(at)}
        if name is not None:
            values["name"] = name
        if kana is not None:
            values["kana"] = kana
            values["kana_key"] = normalise_kana(kana)
        if birthdate is not None:
            values["birthdate"] = birthdate
        if sex is not None:
            values["sex"] = sex.value
        self._update(patient_id, values)
        return self.get(patient_id)

    def record_received(
        self, patient_id: int, *, name: str | None, kana: str | None, at: datetime | None = None
    ) -> PatientRecord:
        """Keep the service's spelling as received (● and rare kanji untouched)."""
        self._update(
            patient_id,
            {"received_name": name, "received_kana": kana, "updated_at": self._now(at)},
        )
        return self.get(patient_id)

    def count(self) -> int:
        return int(
            self._conn.execute(sa.select(sa.func.count()).select_from(patients)).scalar_one()
        )

    def _update(self, patient_id: int, values: dict[str, object]) -> None:
        result = self._conn.execute(
            patients.update().where(patients.c.id == patient_id).values(values)
        )
        if result.rowcount == 0:
            raise NotFound(f"no patient with id {patient_id}")
