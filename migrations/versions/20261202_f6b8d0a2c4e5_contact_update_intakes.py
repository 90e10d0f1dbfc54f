"""contact update intakes: a person's new contact details, from the way back in, held for staff

Revision ID: f6b8d0a2c4e5
Revises: a7c9e1b3d5f6
Create Date: 2026-12-02 17:15:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "f6b8d0a2c4e5"
down_revision = "a7c9e1b3d5f6"
branch_labels = None
depends_on = None

BEFORE = "kind IN ('application', 'adviser_request', 'school_sign_up')"
AFTER = "kind IN ('application', 'adviser_request', 'school_sign_up', 'contact_update')"


def _kinds(condition: str) -> None:
    # SQLite cannot alter a CHECK constraint: batch mode copies the table with the new one.
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_intakes_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_intakes_kind"), condition)


def upgrade():
    _kinds(AFTER)


def downgrade():
    op.execute("DELETE FROM intakes WHERE kind = 'contact_update'")
    _kinds(BEFORE)
