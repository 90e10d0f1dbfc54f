"""erasure may redact pipeline event notes

Revision ID: 4c1e9a7d2b60
Revises: e8bd70e252c8
Create Date: 2026-12-02 06:10:00

The ledger stays append-only except for one change: setting ``note`` (free text about the
person) to NULL on the events of a person already marked erased, every other column unchanged.
Erasure does that (portal/pipeline/rights.py); docs/privacy.md says why.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "4c1e9a7d2b60"
down_revision = "a1c3e5f7b9d2"
branch_labels = None
depends_on = None

# Copied from portal.pipeline.models.APPEND_ONLY_SQL so that this revision never changes.
SQLITE_UPDATE = (
    "CREATE TRIGGER pipeline_events_no_update BEFORE UPDATE ON pipeline_events WHEN NOT (NEW.note IS NULL AND NEW.id IS OLD.id AND NEW.person_id IS OLD.person_id AND NEW.stage IS OLD.stage AND NEW.occurred_on IS OLD.occurred_on AND NEW.recorded_at IS OLD.recorded_at AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.source_type IS OLD.source_type AND NEW.source_id IS OLD.source_id AND NEW.organisation_id IS OLD.organisation_id AND (SELECT erased_at FROM people WHERE people.id = OLD.person_id) IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'pipeline events are append-only'); END"
)
POSTGRESQL_FUNCTION = (
    "CREATE OR REPLACE FUNCTION pipeline_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' THEN IF NEW.note IS NULL AND (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note') AND EXISTS (SELECT 1 FROM people WHERE people.id = OLD.person_id AND people.erased_at IS NOT NULL) THEN RETURN NEW; END IF; END IF; RAISE EXCEPTION 'pipeline events are append-only'; END $$"
)
SQLITE_UPDATE_BEFORE = (
    "CREATE TRIGGER pipeline_events_no_update BEFORE UPDATE ON pipeline_events "
    "BEGIN SELECT RAISE(ABORT, 'pipeline events are append-only'); END"
)
POSTGRESQL_FUNCTION_BEFORE = (
    "CREATE OR REPLACE FUNCTION pipeline_events_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'pipeline events are append-only'; END $$"
)


def _replace(sqlite_update, postgresql_function):
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS pipeline_events_no_update")
        op.execute(sqlite_update)
    elif dialect == "postgresql":
        # The trigger calls the function by name: replacing the function is enough.
        op.execute(postgresql_function)


def upgrade():
    _replace(SQLITE_UPDATE, POSTGRESQL_FUNCTION)


def downgrade():
    _replace(SQLITE_UPDATE_BEFORE, POSTGRESQL_FUNCTION_BEFORE)
