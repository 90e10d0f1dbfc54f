"""consent as history (consents), and the Journey to Work answers carried into a case (case_answers)

Every person's consent so far becomes the first row of their history: the consent given with each
intake that became or joined them, and, for anyone else with a consent date, that date (how it
was given read from where they came from).

Revision ID: 7f3b9d1c5e20
Revises: f6b8d0a2c4e5
Create Date: 2026-12-02 17:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = "7f3b9d1c5e20"
down_revision = "f6b8d0a2c4e5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=True),
        sa.Column("how", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_how", sa.String(length=30), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "how IN ('web_form', 'school_sign_up', 'partner_referral', 'import')", name=op.f("ck_consents_how")
        ),
        sa.CheckConstraint(
            "withdrawn_how IS NULL OR withdrawn_how IN ('staff_on_their_word', 'way_back_in')",
            name=op.f("ck_consents_withdrawn_how"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_consents_person_id_people")),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"], name=op.f("fk_consents_intake_id_intakes")),
        sa.ForeignKeyConstraint(["withdrawn_by_id"], ["users.id"], name=op.f("fk_consents_withdrawn_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index("ix_consents_person_withdrawn", "consents", ["person_id", "withdrawn_on"], unique=False)
    op.create_index(op.f("ix_consents_intake_id"), "consents", ["intake_id"], unique=False)

    op.create_table(
        "case_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=30), nullable=False),
        sa.Column("answer", sa.String(length=300), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_answers_case_id_cases")),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name=op.f("fk_case_answers_checked_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_answers")),
        sa.UniqueConstraint("case_id", "question", name=op.f("uq_case_answers_case_id")),
    )
    op.create_index(op.f("ix_case_answers_case_id"), "case_answers", ["case_id"], unique=False)

    # The history so far. Intakes first: each says how its consent was given.
    op.execute(
        "INSERT INTO consents (person_id, intake_id, given_on, version, how, note) "
        "SELECT person_id, id, received_on, consent_version, consent_how, '' FROM intakes "
        "WHERE person_id IS NOT NULL AND consent_version IS NOT NULL AND status <> 'held' "
        "AND consent_how IN ('web_form', 'school_sign_up', 'partner_referral', 'import')"
    )
    # Then everyone else with a consent date: the one consent their record kept.
    op.execute(
        "INSERT INTO consents (person_id, given_on, version, how, note) "
        "SELECT id, consent_date, consent_version, "
        "CASE source WHEN 'website' THEN 'web_form' WHEN 'school_session' THEN 'school_sign_up' "
        "WHEN 'referral' THEN 'partner_referral' ELSE 'import' END, '' "
        "FROM people WHERE consent_date IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM consents WHERE consents.person_id = people.id)"
    )


def downgrade():
    op.drop_index(op.f("ix_case_answers_case_id"), table_name="case_answers")
    op.drop_table("case_answers")
    op.drop_index(op.f("ix_consents_intake_id"), table_name="consents")
    op.drop_index("ix_consents_person_withdrawn", table_name="consents")
    op.drop_table("consents")
