"""an index for the staff people list at scale

Revision ID: 5925f40cdbd2
Revises: e5a7c9b1d3f4
Create Date: 2026-12-03 14:40:00

The staff people list reads people not merged away in name order: an index on (merged_into_id,
last_name, first_name, id) lets a page be read in order instead of sorting every person. It holds
person_ref and email too, the other columns a search compares, so that a search reads the index in
order and only the people it finds from the table, not every person in name order.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "5925f40cdbd2"
down_revision = "e5a7c9b1d3f4"
branch_labels = None
depends_on = None


COLUMNS = ["merged_into_id", "last_name", "first_name", "id", "person_ref", "email"]


def upgrade():
    op.create_index("ix_people_listed_name", "people", COLUMNS)


def downgrade():
    op.drop_index("ix_people_listed_name", table_name="people")
