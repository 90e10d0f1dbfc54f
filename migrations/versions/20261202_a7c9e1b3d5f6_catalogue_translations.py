"""catalogue translations: career family names, role titles and summaries in the readers' languages

Revision ID: a7c9e1b3d5f6
Revises: 064b812289ae
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a7c9e1b3d5f6"
down_revision = "064b812289ae"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalogue_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_translations")),
        sa.UniqueConstraint("kind", "code", "language", name="uq_catalogue_translations_key"),
    )
    with op.batch_alter_table("catalogue_translations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_translations_language"), ["language"], unique=False)


def downgrade():
    with op.batch_alter_table("catalogue_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_translations_language"))
    op.drop_table("catalogue_translations")
