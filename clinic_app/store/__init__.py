"""The desk's records: SQLite by default, PostgreSQL by URL for several desks.

Open a database (migrates to the newest schema; on SQLite a copy of the file is
taken before any migration)::

    from clinic_app.store import Database, EligibilitySource

    db = Database.open(paths.default_database_url())      # or "postgresql+psycopg://..."
    with db.session() as uow:                              # one unit of work = one transaction
        patient = uow.patients.add(name="山田 太郎", kana="ﾔﾏﾀﾞ ﾀﾛｳ",
                                   birthdate=date(1980, 1, 2), sex=Sex.MALE)
        visit = uow.visits.check_in(patient.id, source=EligibilitySource.CARD, check_id=...)
        uow.audit.append(AuditEvent.CHECK_IN, staff_id=..., patient_id=patient.id,
                         detail={"visit_id": visit.id, "source": "card"})
    visit = db.run(lambda uow: uow.visits.check_in(...))   # retried while another desk
                                                            # holds the write lock
    with db.session(write=False) as uow: ...               # read-only snapshot, never waits

Rules: a ``Database`` may be shared between threads; a unit of work may not (open
one per call, in the worker thread). Repositories return frozen dataclasses
(``clinic_app.store.records``), never ORM objects. Datetimes are naive local desk
time (aware values are converted). Every error is a ``StoreError`` (``KnownError``).

Repositories on a unit of work (``uow.<name>``):

- ``patients``: add, get, find, by_number, search(kana_prefix=, birthdate=, birthdate_to=,
  patient_number=, sex=, limit=) — kana in half-width/full-width katakana or hiragana,
  spaces ignored —, matching(kana=, birthdate=, sex=), update, record_received (the
  service's spelling, ● kept), count.
- ``insurance``: add(patient_id, InsuranceNumbers, source=, ...), add_from_result(patient_id,
  QualificationRecord, source=), current(patient_id), for_patient, get.
- ``eligibility``: record(source=, result=EligibilityResult | None, patient_id=, numbers=,
  error_code=, raw_reply=), get, attach_patient, for_patient, raw_reply,
  last_known(patient_id) -> LastKnownEligibility(check, age).
- ``visits``: check_in(patient_id, source=, reason=, needs_recheck=, check_id=, numbers=,
  staff_id=, appointment_id=), get, set_status, for_day, queue(day) -> [QueueEntry],
  for_patient, recheck_queue() -> [QueueEntry], mark_rechecked(visit_id, check_id=).
- ``consents``: record(patient_id, Consent, check_id=), record_all, current(patient_id)
  -> {ConsentItem: ConsentRecord}, history.
- ``histories``: replace_medication(patient_id, [MedicationLine], fetched_at=),
  replace_checkups(patient_id, [CheckupItem], fetched_at=), medication, checkups,
  medication_fetched_at, checkups_fetched_at. Doctor-only data: callers check roles and
  audit each view (AuditEvent.HISTORY_VIEW).
- ``staff``: add(username, password, StaffRole, actor_id=), get, by_username, list_all,
  lock, unlock, set_password, authenticate(username, password) -> StaffUser | None
  (counts failures, locks out per LockoutPolicy, audits), logout. ``login(db, user, pw)``
  raises the generic ``AuthenticationFailed`` after the attempt is committed.
- ``appointments``: add, get, for_day, set_precheck, cancel.
- ``audit``: append(AuditEvent | str, staff_id=, patient_id=, detail={key: id/code}),
  entries, latest, verify() -> AuditVerification (first bad row named).

Maintenance (also on the command line, ``python -m clinic_app user|audit|backup|restore|
purge|migrate``): ``clinic_app.store.retention.purge(db, RetentionPolicy())``,
``clinic_app.store.backup.create_backup(db, directory, secret_store, keep=)`` and
``restore_backup(db, file, secret_store)``.
"""

from clinic_app.store.database import Database
from clinic_app.store.errors import (
    AuditChainBroken,
    AuthenticationFailed,
    BackupError,
    Conflict,
    InvalidAuditDetail,
    MigrationFailed,
    NotFound,
    StoreError,
    StoreUnavailable,
    WeakPassword,
)
from clinic_app.store.login import login
from clinic_app.store.records import (
    ONLINE_SOURCES,
    AppointmentPrecheck,
    AppointmentRecord,
    AuditEntry,
    AuditEvent,
    AuditVerification,
    ConsentRecord,
    EligibilityCheckRecord,
    EligibilitySource,
    InsuranceRecord,
    LastKnownEligibility,
    PatientRecord,
    PurgeReport,
    QueueEntry,
    RetentionPolicy,
    StaffRole,
    StaffUser,
    StoredCheckupItem,
    StoredMedicationLine,
    VisitRecord,
    VisitStatus,
)
from clinic_app.store.repositories.staff import LockoutPolicy
from clinic_app.store.unit_of_work import UnitOfWork

__all__ = [
    "ONLINE_SOURCES",
    "AppointmentPrecheck",
    "AppointmentRecord",
    "AuditChainBroken",
    "AuditEntry",
    "AuditEvent",
    "AuditVerification",
    "AuthenticationFailed",
    "BackupError",
    "Conflict",
    "ConsentRecord",
    "Database",
    "EligibilityCheckRecord",
    "EligibilitySource",
    "InsuranceRecord",
    "InvalidAuditDetail",
    "LastKnownEligibility",
    "LockoutPolicy",
    "MigrationFailed",
    "NotFound",
    "PatientRecord",
    "PurgeReport",
    "QueueEntry",
    "RetentionPolicy",
    "StaffRole",
    "StaffUser",
    "StoreError",
    "StoreUnavailable",
    "StoredCheckupItem",
    "StoredMedicationLine",
    "UnitOfWork",
    "VisitRecord",
    "VisitStatus",
    "WeakPassword",
    "login",
]
