"""The tables at the newest schema revision (SQLAlchemy Core).

The migrations in ``clinic_app/store/migrations/versions`` build exactly this;
``tests/unit/store/test_migrations.py`` compares them. Person-identifying
columns exist only where the desk needs them; the audit log holds ids and codes.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

#: Kana keys compare byte-wise on PostgreSQL too, so a prefix range uses the index.
KanaKey = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")


def _patient_id(*, nullable: bool = False, index: bool = True) -> sa.Column[int]:
    """``patient_id``: the patient a row belongs to; the row goes when the patient does.

    ``index=False`` where a composite index starting with ``patient_id`` serves instead.
    """
    return sa.Column(
        "patient_id",
        sa.Integer,
        sa.ForeignKey("patients.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True if index else None,
    )


def _optional_link(name: str, table: str) -> sa.Column[int]:
    """A nullable reference to ``table.id`` that is cleared when that row is deleted."""
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{table}.id", ondelete="SET NULL"), nullable=True
    )


staff_users = sa.Table(
    "staff_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime, nullable=True),
    sa.Column("last_login_at", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

patients = sa.Table(
    "patients",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("patient_number", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kana", sa.String(200), nullable=False),
    sa.Column("kana_key", KanaKey, nullable=False, index=True),
    sa.Column("received_name", sa.String(200), nullable=True),
    sa.Column("received_kana", sa.String(200), nullable=True),
    sa.Column("birthdate", sa.Date, nullable=False, index=True),
    sa.Column("sex", sa.String(1), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

insurance_records = sa.Table(
    "insurance_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(),
    sa.Column("insurer_number", sa.String(8), nullable=False),
    sa.Column("symbol", sa.String(80), nullable=False),
    sa.Column("number", sa.String(80), nullable=False),
    sa.Column("branch", sa.String(2), nullable=True),
    sa.Column("card_classification", sa.String(4), nullable=True),
    sa.Column("insurer_name", sa.String(200), nullable=True),
    sa.Column("valid_from", sa.Date, nullable=True),
    sa.Column("valid_until", sa.Date, nullable=True),
    sa.Column("copay_percent", sa.Integer, nullable=True),
    sa.Column("elderly_json", sa.Text, nullable=True),
    sa.Column("high_cost_limit_json", sa.Text, nullable=True),
    sa.Column("specific_diseases_json", sa.Text, nullable=True),
    sa.Column("source", sa.String(24), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
)

eligibility_checks = sa.Table(
    "eligibility_checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(nullable=True, index=False),
    sa.Column("checked_at", sa.DateTime, nullable=False, index=True),
    sa.Column("source", sa.String(24), nullable=False),
    sa.Column("validity", sa.String(4), nullable=True),
    sa.Column("processing_code", sa.String(16), nullable=True),
    sa.Column("segment_of_result", sa.String(4), nullable=True),
    sa.Column("error_code", sa.String(64), nullable=True),
    sa.Column("result_json", sa.Text, nullable=True),
    sa.Column("numbers_json", sa.Text, nullable=True),
    sa.Column("raw_reply", sa.LargeBinary, nullable=True),  # zlib, only if a setting keeps it
    sa.Index("ix_eligibility_checks_patient_id_checked_at", "patient_id", "checked_at"),
)

appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(),
    sa.Column("scheduled_at", sa.DateTime, nullable=False, index=True),
    sa.Column("precheck", sa.String(16), nullable=False, server_default="pending"),
    _optional_link("precheck_check_id", "eligibility_checks"),
    sa.Column("cancelled", sa.Boolean, nullable=False, server_default=sa.false()),
)

visits = sa.Table(
    "visits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(index=False),
    sa.Column("visit_date", sa.Date, nullable=False),
    sa.Column("queue_number", sa.Integer, nullable=False),
    sa.Column("checked_in_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("source", sa.String(24), nullable=False),
    sa.Column("reason", sa.String(64), nullable=True),
    _optional_link("check_id", "eligibility_checks"),
    sa.Column("numbers_json", sa.Text, nullable=True),
    _optional_link("staff_id", "staff_users"),
    # revision 0002
    sa.Column("needs_recheck", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("rechecked_at", sa.DateTime, nullable=True),
    _optional_link("recheck_check_id", "eligibility_checks"),
    _optional_link("appointment_id", "appointments"),
    sa.UniqueConstraint("visit_date", "queue_number"),
    sa.Index("ix_visits_patient_id_visit_date", "patient_id", "visit_date"),
    sa.Index("ix_visits_needs_recheck", "needs_recheck"),
)

consents = sa.Table(
    "consents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(),
    sa.Column("item", sa.String(40), nullable=False),
    sa.Column("agreed", sa.Boolean, nullable=False),
    sa.Column("consent_time", sa.DateTime, nullable=True),
    sa.Column("available_until", sa.DateTime, nullable=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    _optional_link("check_id", "eligibility_checks"),
)

medication_lines = sa.Table(
    "medication_lines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(),
    sa.Column("fetched_at", sa.DateTime, nullable=False, index=True),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("dispensed_on", sa.Date, nullable=True),
    sa.Column("prescribed_on", sa.Date, nullable=True),
    sa.Column("institution_code", sa.String(16), nullable=True),
    sa.Column("institution_name", sa.String(200), nullable=True),
    sa.Column("drug_code", sa.String(16), nullable=True),
    sa.Column("drug_name", sa.String(400), nullable=False),
    sa.Column("ingredient", sa.String(400), nullable=True),
    sa.Column("quantity", sa.String(32), nullable=True),
    sa.Column("unit", sa.String(32), nullable=True),
    sa.Column("usage", sa.String(400), nullable=True),
    sa.Column("days", sa.Integer, nullable=True),
)

checkup_items = sa.Table(
    "checkup_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _patient_id(),
    sa.Column("fetched_at", sa.DateTime, nullable=False, index=True),
    sa.Column("checkup_date", sa.Date, nullable=False),
    sa.Column("item_code", sa.String(32), nullable=False),
    sa.Column("item_name", sa.String(200), nullable=False),
    sa.Column("data_type", sa.String(8), nullable=True),
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("unit", sa.String(32), nullable=True),
    sa.Column("oid", sa.String(64), nullable=True),
    sa.Column("value_name", sa.String(200), nullable=True),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("occurred_at", sa.DateTime, nullable=False, index=True),
    sa.Column("event", sa.String(32), nullable=False),
    sa.Column("staff_id", sa.Integer, nullable=True),  # no FK: the log outlives accounts
    sa.Column("patient_id", sa.Integer, nullable=True),  # no FK: ids only, never names
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("row_hash", sa.String(64), nullable=False),
    sqlite_autoincrement=True,
)

#: Where a purge cut the audit chain: the last purged row's seq and hash (append-only).
audit_anchors = sa.Table(
    "audit_anchors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("through_seq", sa.Integer, nullable=False),
    sa.Column("through_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

#: Tables in dependency order (parents first): backup and restore walk this.
TABLES_IN_ORDER: tuple[sa.Table, ...] = (
    staff_users,
    patients,
    insurance_records,
    eligibility_checks,
    appointments,
    visits,
    consents,
    medication_lines,
    checkup_items,
    audit_log,
    audit_anchors,
)
