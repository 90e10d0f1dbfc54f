"""duplicates and merges: candidate pairs for the staff queue, merges that can be undone

Revision ID: b7d9f1a3c5e8
Revises: c3e5a7b9d1f2
Create Date: 2026-12-02 17:00:00

A merged person keeps their row and their pipeline events (the ledger is append-only) and points
at the person they were found to be (``people.merged_into_id``).
"""
from alembic import op
import sqlalchemy as sa


revision = "b7d9f1a3c5e8"
down_revision = "c3e5a7b9d1f2"
branch_labels = None
depends_on = None

# SQLite rebuilds ``people`` to add a foreign key, and refuses to rename the rebuilt table while a
# trigger names it: the ledger's update guard (copied from portal.pipeline.models.APPEND_ONLY_SQL)
# is dropped for the rebuild and made again, unchanged.
SQLITE_UPDATE = (
    "CREATE TRIGGER pipeline_events_no_update BEFORE UPDATE ON pipeline_events WHEN NOT (NEW.note IS NULL AND NEW.id IS OLD.id AND NEW.person_id IS OLD.person_id AND NEW.stage IS OLD.stage AND NEW.occurred_on IS OLD.occurred_on AND NEW.recorded_at IS OLD.recorded_at AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.source_type IS OLD.source_type AND NEW.source_id IS OLD.source_id AND NEW.organisation_id IS OLD.organisation_id AND (SELECT erased_at FROM people WHERE people.id = OLD.person_id) IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'pipeline events are append-only'); END"
)


def _alter_people(change):
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS pipeline_events_no_update")
    with op.batch_alter_table("people") as batch:
        change(batch)
    if sqlite:
        op.execute(SQLITE_UPDATE)


def upgrade():
    def add(batch):
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_people_merged_into_id_people"), "people", ["merged_into_id"], ["id"])
        batch.create_index(op.f("ix_people_merged_into_id"), ["merged_into_id"], unique=False)

    _alter_people(add)
    op.create_table(
        "duplicate_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("computed_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'dismissed', 'merged')", name=op.f("ck_duplicate_candidates_status")),
        sa.ForeignKeyConstraint(["person_a_id"], ["people.id"], name=op.f("fk_duplicate_candidates_person_a_id_people")),
        sa.ForeignKeyConstraint(["person_b_id"], ["people.id"], name=op.f("fk_duplicate_candidates_person_b_id_people")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_duplicate_candidates_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_candidates")),
        sa.UniqueConstraint("person_a_id", "person_b_id", name="uq_duplicate_candidates_pair"),
    )
    op.create_index("ix_duplicate_candidates_status_score", "duplicate_candidates", ["status", "score"], unique=False)
    op.create_index(op.f("ix_duplicate_candidates_person_a_id"), "duplicate_candidates", ["person_a_id"], unique=False)
    op.create_index(op.f("ix_duplicate_candidates_person_b_id"), "duplicate_candidates", ["person_b_id"], unique=False)
    op.create_table(
        "person_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_person_id", sa.Integer(), nullable=False),
        sa.Column("merged_person_id", sa.Integer(), nullable=False),
        sa.Column("fields_chosen", sa.JSON(), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=False),
        sa.Column("repointed", sa.JSON(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("merged_by_id", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["kept_person_id"], ["people.id"], name=op.f("fk_person_merges_kept_person_id_people")),
        sa.ForeignKeyConstraint(
            ["merged_person_id"], ["people.id"], name=op.f("fk_person_merges_merged_person_id_people")
        ),
        sa.ForeignKeyConstraint(["merged_by_id"], ["users.id"], name=op.f("fk_person_merges_merged_by_id_users")),
        sa.ForeignKeyConstraint(["undone_by_id"], ["users.id"], name=op.f("fk_person_merges_undone_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merges")),
    )
    op.create_index(op.f("ix_person_merges_kept_person_id"), "person_merges", ["kept_person_id"], unique=False)
    op.create_index(op.f("ix_person_merges_merged_person_id"), "person_merges", ["merged_person_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_person_merges_merged_person_id"), table_name="person_merges")
    op.drop_index(op.f("ix_person_merges_kept_person_id"), table_name="person_merges")
    op.drop_table("person_merges")
    op.drop_index(op.f("ix_duplicate_candidates_person_b_id"), table_name="duplicate_candidates")
    op.drop_index(op.f("ix_duplicate_candidates_person_a_id"), table_name="duplicate_candidates")
    op.drop_index("ix_duplicate_candidates_status_score", table_name="duplicate_candidates")
    op.drop_table("duplicate_candidates")

    def drop(batch):
        batch.drop_index(op.f("ix_people_merged_into_id"))
        batch.drop_constraint(op.f("fk_people_merged_into_id_people"), type_="foreignkey")
        batch.drop_column("merged_into_id")

    _alter_people(drop)
