"""applications inbox index

Revision ID: e8bd70e252c8
Revises: 6288347f121f
Create Date: 2026-11-24 11:34:59.316693

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8bd70e252c8'
down_revision = '6288347f121f'
branch_labels = None
depends_on = None


def upgrade():
    # The applications inbox lists newest first: read in index order rather than sorting them all.
    op.create_index("ix_applications_submitted", "applications", ["submitted_at", "id"], unique=False)


def downgrade():
    op.drop_index("ix_applications_submitted", table_name="applications")
