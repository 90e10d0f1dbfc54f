"""intakes: public submissions kept as typed; applications and referrals may wait for their person

Revision ID: a1c3e5f7b9d2
Revises: e8bd70e252c8
Create Date: 2026-12-02 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1c3e5f7b9d2'
down_revision = 'e8bd70e252c8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("preferred_language", sa.String(length=16), nullable=True),
        sa.Column("route", sa.String(length=20), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("equality", sa.JSON(), nullable=True),
        sa.Column("consent_version", sa.String(length=20), nullable=True),
        sa.Column("consent_how", sa.String(length=20), nullable=False),
        sa.Column("candidate_ids", sa.JSON(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("fields_taken", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('application', 'adviser_request', 'school_sign_up')", name=op.f("ck_intakes_kind")
        ),
        sa.CheckConstraint(
            "status IN ('created', 'held', 'linked', 'separate')", name=op.f("ck_intakes_status")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_intakes_person_id_people")),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name=op.f("fk_intakes_resolved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intakes")),
        sa.UniqueConstraint("reference", name=op.f("uq_intakes_reference")),
    )
    op.create_index("ix_intakes_status_received", "intakes", ["status", "received_at"], unique=False)
    op.create_index(op.f("ix_intakes_person_id"), "intakes", ["person_id"], unique=False)
    for table in ("applications", "referrals"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
            batch.add_column(sa.Column("intake_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(op.f(f"fk_{table}_intake_id_intakes"), "intakes", ["intake_id"], ["id"])
            batch.create_index(op.f(f"ix_{table}_intake_id"), ["intake_id"], unique=False)


def downgrade():
    for table in ("referrals", "applications"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_intake_id"))
            batch.drop_constraint(op.f(f"fk_{table}_intake_id_intakes"), type_="foreignkey")
            batch.drop_column("intake_id")
            batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index(op.f("ix_intakes_person_id"), table_name="intakes")
    op.drop_index("ix_intakes_status_received", table_name="intakes")
    op.drop_table("intakes")
