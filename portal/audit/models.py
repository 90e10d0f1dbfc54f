"""The audit trail: who saw or changed which personal record, when, and from where.

Append-only, like the pipeline ledger: the ORM refuses to flush a change or deletion of an audit
event, and database triggers (created by the migration, and by create_all in tests) refuse UPDATE
and DELETE from raw SQL as well.
"""

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, String, event, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import append_only
from portal.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(20), index=True)  # view, create, update, export, sign_in ...
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(200))
    remote_addr: Mapped[str | None] = mapped_column(String(45))
    # The person the record is about, where known (a case, an action, a job...), so one search
    # by person reference finds every entry about them. No foreign key: the log outlives records.
    person_id: Mapped[int | None] = mapped_column(index=True)

    user = relationship("User")


class AuditAppendOnlyError(RuntimeError):
    """Something tried to change or remove an audit event."""


append_only(AuditEvent, AuditAppendOnlyError, "The audit log is append-only.")


# The same statements are in the migration that adds them.
AUDIT_APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
        "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ],
}

for _dialect, _statements in AUDIT_APPEND_ONLY_SQL.items():
    for _statement in _statements:
        event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
