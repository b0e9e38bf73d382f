"""Retention: remove data past its keeping period, per kind, and audit the purge.

Histories go 90 days after their fetch by default; visits (with their checks,
consents and appointments) and audit rows after 5 years. Purging audit rows
keeps the chain verifiable: the last purged row's seq and hash are written to
``audit_anchors`` first, and verification starts from there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from clinic_app.store import audit_chain
from clinic_app.store.database import Database
from clinic_app.store.records import AuditEvent, PurgeReport, RetentionPolicy
from clinic_app.store.schema import (
    appointments,
    audit_anchors,
    audit_log,
    checkup_items,
    consents,
    eligibility_checks,
    medication_lines,
    visits,
)
from clinic_app.store.timeutil import local_naive
from clinic_app.store.unit_of_work import UnitOfWork


def calendar_years(years: int, today: date) -> timedelta:
    """The span of ``years`` calendar years ending ``today`` (leap days included).

    Records must be kept for whole years, so a 29 February start maps to the
    28th, which keeps a day more rather than a day less.
    """
    if years < 0:
        raise ValueError("years must not be negative")
    try:
        start = today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        start = today.replace(year=today.year - years, day=28)
    return today - start


def policy_for(
    *, history_days: int, records_years: int, audit_years: int, today: date
) -> RetentionPolicy:
    """The policy the clinic's retention settings describe (years counted on the calendar)."""
    return RetentionPolicy(
        histories=timedelta(days=history_days),
        visits=calendar_years(records_years, today),
        audit=calendar_years(audit_years, today),
    )


def purge(
    db: Database,
    policy: RetentionPolicy | None = None,
    *,
    now: datetime | None = None,
    staff_id: int | None = None,
) -> PurgeReport:
    """Delete what the policy no longer keeps, in one transaction; writes a ``purge`` audit row."""
    rules = policy or RetentionPolicy()
    moment = local_naive(now if now is not None else db.clock())
    return db.run(lambda uow: _purge(uow, rules, moment, staff_id))


def _purge(
    uow: UnitOfWork, rules: RetentionPolicy, now: datetime, staff_id: int | None
) -> PurgeReport:
    conn = uow.connection
    cut_histories = now - rules.histories
    cut_visits = now - rules.visits
    cut_audit = now - rules.audit
    removed: dict[str, int] = {}

    def delete(name: str, statement: sa.Delete) -> None:
        removed[name] = int(conn.execute(statement).rowcount or 0)

    delete(
        "medication_lines",
        medication_lines.delete().where(medication_lines.c.fetched_at < cut_histories),
    )
    delete(
        "checkup_items", checkup_items.delete().where(checkup_items.c.fetched_at < cut_histories)
    )
    delete("visits", visits.delete().where(visits.c.checked_in_at < cut_visits))
    delete("consents", consents.delete().where(consents.c.recorded_at < cut_visits))
    delete("appointments", appointments.delete().where(appointments.c.scheduled_at < cut_visits))
    delete(
        "eligibility_checks",
        eligibility_checks.delete().where(eligibility_checks.c.checked_at < cut_visits),
    )
    removed["audit_log"] = _purge_audit(conn, cut_audit, now)
    report = PurgeReport(cut_histories, cut_visits, cut_audit, removed)
    uow.audit.append(
        AuditEvent.PURGE,
        staff_id=staff_id,
        detail={name: count for name, count in removed.items()},
        at=now,
    )
    return report


def _purge_audit(conn: sa.Connection, cutoff: datetime, now: datetime) -> int:
    """Remove the oldest audit rows (a prefix of the chain) written before ``cutoff``."""
    # Only a prefix may go: stop at the first row that must be kept.
    first_kept = conn.execute(
        sa.select(sa.func.min(audit_log.c.seq)).where(audit_log.c.occurred_at >= cutoff)
    ).scalar_one()
    query = sa.select(audit_log.c.seq, audit_log.c.row_hash).order_by(audit_log.c.seq.desc())
    if first_kept is not None:
        query = query.where(audit_log.c.seq < first_kept)
    last_purged = conn.execute(query.limit(1)).first()
    if last_purged is None:
        return 0
    conn.execute(
        audit_anchors.insert().values(
            through_seq=last_purged.seq, through_hash=last_purged.row_hash, created_at=now
        )
    )
    audit_chain.drop_guards(conn, "audit_log")
    try:
        count = conn.execute(audit_log.delete().where(audit_log.c.seq <= last_purged.seq)).rowcount
    finally:
        audit_chain.create_guards(conn, "audit_log")
    return int(count or 0)
