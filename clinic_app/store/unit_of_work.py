"""One unit of work: a transaction and the repositories over it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from clinic_app.store.repositories.appointments import AppointmentRepository
from clinic_app.store.repositories.audit import AuditRepository
from clinic_app.store.repositories.consents import ConsentRepository
from clinic_app.store.repositories.eligibility import EligibilityRepository
from clinic_app.store.repositories.histories import HistoryRepository
from clinic_app.store.repositories.insurance import InsuranceRepository
from clinic_app.store.repositories.patients import PatientRepository
from clinic_app.store.repositories.staff import StaffRepository
from clinic_app.store.repositories.visits import VisitRepository


class UnitOfWork:
    """Repositories sharing one transaction; created by ``Database.session()``.

    Use it only in the thread that opened it and only inside the ``with`` block.
    """

    def __init__(self, connection: sa.Connection, *, clock: Callable[[], datetime]) -> None:
        self.connection = connection
        self.audit = AuditRepository(connection, clock)
        self.patients = PatientRepository(connection, clock)
        self.insurance = InsuranceRepository(connection, clock)
        self.eligibility = EligibilityRepository(connection, clock)
        self.visits = VisitRepository(connection, clock)
        self.consents = ConsentRepository(connection, clock)
        self.histories = HistoryRepository(connection, clock)
        self.staff = StaffRepository(connection, clock, self.audit)
        self.appointments = AppointmentRepository(connection, clock)
