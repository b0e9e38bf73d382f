"""Initial schema: staff, patients, insurance, checks, visits, consents, histories, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KANA_KEY = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")

SQLITE_GUARDS = (
    "CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END",
    "CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} "
    "BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END",
)
PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION madoguchi_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP "
    "USING ERRCODE = 'insufficient_privilege'; END $$"
)
PG_GUARDS = (
    "CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} "
    "FOR EACH ROW EXECUTE FUNCTION madoguchi_append_only()",
    "CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
    "FOR EACH STATEMENT EXECUTE FUNCTION madoguchi_append_only()",
)


def _guard(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_GUARDS:
            op.execute(statement.format(t=table))
    else:
        for statement in SQLITE_GUARDS:
            op.execute(statement.format(t=table))


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime, nullable=True),
        sa.Column("last_login_at", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_users"),
        sa.UniqueConstraint("username", name="uq_staff_users_username"),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_number", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kana", sa.String(200), nullable=False),
        sa.Column("kana_key", KANA_KEY, nullable=False),
        sa.Column("received_name", sa.String(200), nullable=True),
        sa.Column("received_kana", sa.String(200), nullable=True),
        sa.Column("birthdate", sa.Date, nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_patients"),
        sa.UniqueConstraint("patient_number", name="uq_patients_patient_number"),
    )
    op.create_index("ix_patients_kana_key", "patients", ["kana_key"])
    op.create_index("ix_patients_birthdate", "patients", ["birthdate"])
    op.create_table(
        "insurance_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_insurance_records"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_insurance_records_patient_id_patients",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_insurance_records_patient_id", "insurance_records", ["patient_id"])
    op.create_table(
        "eligibility_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=True),
        sa.Column("checked_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("validity", sa.String(4), nullable=True),
        sa.Column("processing_code", sa.String(16), nullable=True),
        sa.Column("segment_of_result", sa.String(4), nullable=True),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("result_json", sa.Text, nullable=True),
        sa.Column("numbers_json", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_eligibility_checks"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_eligibility_checks_patient_id_patients",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_eligibility_checks_checked_at", "eligibility_checks", ["checked_at"])
    op.create_index(
        "ix_eligibility_checks_patient_id_checked_at",
        "eligibility_checks",
        ["patient_id", "checked_at"],
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=False),
        sa.Column("visit_date", sa.Date, nullable=False),
        sa.Column("queue_number", sa.Integer, nullable=False),
        sa.Column("checked_in_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("check_id", sa.Integer, nullable=True),
        sa.Column("numbers_json", sa.Text, nullable=True),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_visits"),
        sa.UniqueConstraint("visit_date", "queue_number", name="uq_visits_visit_date_queue_number"),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_visits_patient_id_patients", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["eligibility_checks.id"],
            name="fk_visits_check_id_eligibility_checks",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_users.id"],
            name="fk_visits_staff_id_staff_users",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_visits_patient_id_visit_date", "visits", ["patient_id", "visit_date"])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=False),
        sa.Column("item", sa.String(40), nullable=False),
        sa.Column("agreed", sa.Boolean, nullable=False),
        sa.Column("consent_time", sa.DateTime, nullable=True),
        sa.Column("available_until", sa.DateTime, nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("check_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_consents_patient_id_patients",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["eligibility_checks.id"],
            name="fk_consents_check_id_eligibility_checks",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_consents_patient_id", "consents", ["patient_id"])
    op.create_table(
        "medication_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=False),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_medication_lines"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_medication_lines_patient_id_patients",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_medication_lines_patient_id", "medication_lines", ["patient_id"])
    op.create_index("ix_medication_lines_fetched_at", "medication_lines", ["fetched_at"])
    op.create_table(
        "checkup_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=False),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.Column("checkup_date", sa.Date, nullable=False),
        sa.Column("item_code", sa.String(32), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("data_type", sa.String(8), nullable=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(32), nullable=True),
        sa.Column("oid", sa.String(64), nullable=True),
        sa.Column("value_name", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_checkup_items"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_checkup_items_patient_id_patients",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_checkup_items_patient_id", "checkup_items", ["patient_id"])
    op.create_index("ix_checkup_items_fetched_at", "checkup_items", ["fetched_at"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("patient_id", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_audit_log_occurred_at", "audit_log", ["occurred_at"])
    op.create_table(
        "audit_anchors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("through_seq", sa.Integer, nullable=False),
        sa.Column("through_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_anchors"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
    _guard("audit_log")
    _guard("audit_anchors")


def downgrade() -> None:
    for table in (
        "audit_anchors",
        "audit_log",
        "checkup_items",
        "medication_lines",
        "consents",
        "visits",
        "eligibility_checks",
        "insurance_records",
        "patients",
        "staff_users",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS madoguchi_append_only()")
