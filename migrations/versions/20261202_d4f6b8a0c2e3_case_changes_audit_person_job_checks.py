"""case changes say what changed, audit entries name their person, jobs take decimal hours and
checks keep a date of contact and notes

Revision ID: d4f6b8a0c2e3
Revises: b7d9f1a3c5e8
Create Date: 2026-12-02 17:00:00

``audit_events.person_id`` is added with a plain ALTER TABLE (no table rebuild), so the
append-only triggers stay in place; on SQLite the downgrade rebuilds the table and puts them back.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4f6b8a0c2e3"
down_revision = "b7d9f1a3c5e8"
branch_labels = None
depends_on = None

# Copied from portal.audit.models.AUDIT_APPEND_ONLY_SQL so that this revision never changes.
SQLITE_AUDIT_TRIGGERS = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]


def upgrade():
    op.add_column("case_changes", sa.Column("changes", sa.Text(), nullable=True))
    op.add_column("audit_events", sa.Column("person_id", sa.Integer(), nullable=True))
    op.create_index("ix_audit_events_person_id", "audit_events", ["person_id"], unique=False)
    with op.batch_alter_table("employment_outcomes", schema=None) as batch_op:
        batch_op.alter_column("hours_per_week", existing_type=sa.Integer(), type_=sa.Float(), existing_nullable=True)
        batch_op.add_column(sa.Column("check_13w_contacted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("check_13w_notes", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("check_26w_contacted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("check_26w_notes", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("employment_outcomes", schema=None) as batch_op:
        batch_op.drop_column("check_26w_notes")
        batch_op.drop_column("check_26w_contacted_on")
        batch_op.drop_column("check_13w_notes")
        batch_op.drop_column("check_13w_contacted_on")
        batch_op.alter_column(
            "hours_per_week", existing_type=sa.Float(), type_=sa.Integer(), existing_nullable=True,
            postgresql_using="round(hours_per_week)::integer",
        )
    op.drop_index("ix_audit_events_person_id", table_name="audit_events")
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("person_id")
    if sqlite:
        for statement in SQLITE_AUDIT_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
            op.execute(statement)
    with op.batch_alter_table("case_changes", schema=None) as batch_op:
        batch_op.drop_column("changes")
