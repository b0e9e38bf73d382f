"""Re-check queue on visits, appointments for the bulk pre-check, optional raw replies.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, nullable=False),
        sa.Column("scheduled_at", sa.DateTime, nullable=False),
        sa.Column("precheck", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("precheck_check_id", sa.Integer, nullable=True),
        sa.Column("cancelled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name="pk_appointments"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_appointments_patient_id_patients",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["precheck_check_id"],
            ["eligibility_checks.id"],
            name="fk_appointments_precheck_check_id_eligibility_checks",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_appointments_patient_id", "appointments", ["patient_id"])
    op.create_index("ix_appointments_scheduled_at", "appointments", ["scheduled_at"])
    with op.batch_alter_table("visits") as batch:
        batch.add_column(
            sa.Column("needs_recheck", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("rechecked_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("recheck_check_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("appointment_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_visits_recheck_check_id_eligibility_checks",
            "eligibility_checks",
            ["recheck_check_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_visits_appointment_id_appointments",
            "appointments",
            ["appointment_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_visits_needs_recheck", ["needs_recheck"])
    # Visits admitted before this revision without an online answer join the re-check queue.
    op.execute(
        "UPDATE visits SET needs_recheck = "
        + ("true" if op.get_bind().dialect.name == "postgresql" else "1")
        + " WHERE source IN ('certificate_notice', 'self_declaration', 'cached')"
    )
    with op.batch_alter_table("eligibility_checks") as batch:
        batch.add_column(sa.Column("raw_reply", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("eligibility_checks") as batch:
        batch.drop_column("raw_reply")
    with op.batch_alter_table("visits") as batch:
        batch.drop_index("ix_visits_needs_recheck")
        batch.drop_constraint("fk_visits_appointment_id_appointments", type_="foreignkey")
        batch.drop_constraint("fk_visits_recheck_check_id_eligibility_checks", type_="foreignkey")
        batch.drop_column("appointment_id")
        batch.drop_column("recheck_check_id")
        batch.drop_column("rechecked_at")
        batch.drop_column("needs_recheck")
    op.drop_table("appointments")
