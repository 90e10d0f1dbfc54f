"""postcode centroids and opportunity postcodes (opportunities near me)

Revision ID: c3e5a7b9d1f2
Revises: 7f3b9d1c5e20
Create Date: 2026-12-02 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e5a7b9d1f2"
down_revision = "7f3b9d1c5e20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("postcode_lookups") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
    with op.batch_alter_table("opportunities") as batch:
        batch.add_column(sa.Column("postcode", sa.String(length=8), nullable=True))
        batch.create_index("ix_opportunities_postcode", ["postcode"])


def downgrade():
    with op.batch_alter_table("opportunities") as batch:
        batch.drop_index("ix_opportunities_postcode")
        batch.drop_column("postcode")
    with op.batch_alter_table("postcode_lookups") as batch:
        batch.drop_column("longitude")
        batch.drop_column("latitude")
