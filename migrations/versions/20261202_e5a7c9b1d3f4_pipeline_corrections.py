"""pipeline corrections: offers that were not jobs, brokering that was advice

Revision ID: e5a7c9b1d3f4
Revises: d4f6b8a0c2e3
Create Date: 2026-12-02 17:10:00

Adds the append-only ``pipeline_corrections`` table and corrects the events written before the
stage table (portal/pipeline/stages.py) the append-only way: nothing in ``pipeline_events`` is
changed or removed. An ``offered`` event from an application for anything but a job or an
apprenticeship gets a correction with no replacement (an offer of a place is no stage); an
``experience`` event from brokering work experience or volunteering gets a new ``advised`` event,
same person, date, source and organisation, and a correction naming it. Reports skip corrected
events, so past periods count as if the table had always been used.

Downgrading drops the corrections; the replacement ``advised`` events stay in the ledger (it
refuses deletions), beside the ``experience`` events they replaced, which outrank them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e5a7c9b1d3f4"
down_revision = "d4f6b8a0c2e3"
branch_labels = None
depends_on = None

# Frozen copies, so that this revision never changes with the code.
JOB_KINDS = ("apprenticeship",)
BROKERAGE_TYPES = ("work_experience_brokerage", "volunteering_brokerage")
OFFER_REASON = "an offer of a place that is not a job is not the offered stage"
BROKERAGE_REASON = "brokering a place is advice until the person starts it"

SQLITE_TRIGGERS = [
    "CREATE TRIGGER pipeline_corrections_no_update BEFORE UPDATE ON pipeline_corrections "
    "BEGIN SELECT RAISE(ABORT, 'pipeline corrections are append-only'); END",
    "CREATE TRIGGER pipeline_corrections_no_delete BEFORE DELETE ON pipeline_corrections "
    "BEGIN SELECT RAISE(ABORT, 'pipeline corrections are append-only'); END",
]
POSTGRESQL_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION pipeline_corrections_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'pipeline corrections are append-only'; END $$",
    "CREATE TRIGGER pipeline_corrections_no_change BEFORE UPDATE OR DELETE ON pipeline_corrections "
    "FOR EACH ROW EXECUTE FUNCTION pipeline_corrections_append_only()",
]

events = sa.table(
    "pipeline_events",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("stage", sa.String),
    sa.column("occurred_on", sa.Date),
    sa.column("source_type", sa.String),
    sa.column("source_id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("note", sa.Text),
)
corrections = sa.table(
    "pipeline_corrections",
    sa.column("event_id", sa.Integer),
    sa.column("replacement_id", sa.Integer),
    sa.column("reason", sa.String),
)
applications = sa.table("applications", sa.column("id", sa.Integer), sa.column("opportunity_id", sa.Integer))
opportunities = sa.table("opportunities", sa.column("id", sa.Integer), sa.column("kind", sa.String))
interventions = sa.table("interventions", sa.column("id", sa.Integer), sa.column("type", sa.String))


def upgrade():
    op.create_table(
        "pipeline_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("replacement_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["pipeline_events.id"], name=op.f("fk_pipeline_corrections_event_id_pipeline_events")),
        sa.ForeignKeyConstraint(["replacement_id"], ["pipeline_events.id"], name=op.f("fk_pipeline_corrections_replacement_id_pipeline_events")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_pipeline_corrections_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_corrections")),
        sa.UniqueConstraint("event_id", name=op.f("uq_pipeline_corrections_event_id")),
    )
    bind = op.get_bind()
    for statement in SQLITE_TRIGGERS if bind.dialect.name == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)
    correct_past_events(bind)


def correct_past_events(bind):
    not_jobs = bind.execute(
        sa.select(events.c.id)
        .join(applications, sa.and_(events.c.source_type == "application", events.c.source_id == applications.c.id))
        .join(opportunities, opportunities.c.id == applications.c.opportunity_id)
        .where(events.c.stage == "offered", opportunities.c.kind.not_in(JOB_KINDS))
        .order_by(events.c.id)
    ).scalars().all()
    for event_id in not_jobs:
        bind.execute(sa.insert(corrections).values(event_id=event_id, replacement_id=None, reason=OFFER_REASON))
    brokered = bind.execute(
        sa.select(events)
        .join(interventions, sa.and_(events.c.source_type == "intervention", events.c.source_id == interventions.c.id))
        .where(events.c.stage == "experience", interventions.c.type.in_(BROKERAGE_TYPES))
        .order_by(events.c.id)
    ).mappings().all()
    for row in brokered:
        replacement_id = bind.execute(
            sa.insert(events)
            .values(
                person_id=row["person_id"], stage="advised", occurred_on=row["occurred_on"],
                source_type=row["source_type"], source_id=row["source_id"],
                organisation_id=row["organisation_id"], note=BROKERAGE_REASON,
            )
            .returning(events.c.id)
        ).scalar_one()
        bind.execute(
            sa.insert(corrections).values(event_id=row["id"], replacement_id=replacement_id, reason=BROKERAGE_REASON)
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS pipeline_corrections_no_change ON pipeline_corrections")
        op.execute("DROP FUNCTION IF EXISTS pipeline_corrections_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS pipeline_corrections_no_update")
        op.execute("DROP TRIGGER IF EXISTS pipeline_corrections_no_delete")
    op.drop_table("pipeline_corrections")
