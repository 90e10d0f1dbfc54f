"""A person, their equality monitoring answers (kept apart), partner organisations, and the
append-only pipeline ledger."""

from datetime import date, datetime

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    event,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import append_only, sql_in
from portal.extensions import db
from portal.pipeline.choices import ETHNIC_CATEGORIES, EXITS, ORGANISATION_KINDS, ROUTES, SOURCES, STAGES


class Person(db.Model):
    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint(sql_in("route", ROUTES), name="route"),
        CheckConstraint(f"source IS NULL OR {sql_in('source', SOURCES)}", name="source"),
        CheckConstraint("imd_quintile IS NULL OR imd_quintile BETWEEN 1 AND 5", name="imd_quintile"),
        # Duplicate checks look people up by name and date of birth.
        Index("ix_people_name_dob", "last_name", "first_name", "date_of_birth"),
        # The staff list: people not merged away, by name (portal/people/services.py), read in
        # index order instead of sorting every person for each page; with the other columns a
        # search compares, so that a search reads from the table only the people it finds.
        Index("ix_people_listed_name", "merged_into_id", "last_name", "first_name", "id", "person_ref", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable reference that is safe to show and to put in exports; never the database id.
    person_ref: Mapped[str] = mapped_column(String(40), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    preferred_language: Mapped[str | None] = mapped_column(String(16))
    # "sms" when the person asked to hear by text message (GOV.UK Notify); else email.
    contact_by: Mapped[str | None] = mapped_column(String(10))
    route: Mapped[str] = mapped_column(String(20), index=True)
    source: Mapped[str | None] = mapped_column(String(20))
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    imd_quintile: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
    # Set when the personal fields were removed (a request, or retention); see people/rights.py.
    erased_at: Mapped[datetime | None]
    # Set when staff found this record to be another person's and merged it into theirs
    # (portal/people/merging.py). Its events stay as they are: the ledger is append-only, so
    # reports count ``counted_person`` (portal/pipeline/identity.py), not ``person_id``.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)

    equality: Mapped["EqualityProfile | None"] = relationship(back_populates="person", uselist=False)
    events: Mapped[list["PipelineEvent"]] = relationship(
        back_populates="person", order_by="PipelineEvent.occurred_on, PipelineEvent.id"
    )

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def __repr__(self) -> str:
        return f"<Person {self.person_ref}>"


class EqualityProfile(db.Model):
    """Special-category answers. Every column may be empty (not asked or not answered) or
    ``prefer_not_to_say``; kept in its own table so that only the roles that need it read it."""

    __tablename__ = "equality_profiles"
    __table_args__ = (
        CheckConstraint(
            f"ethnic_category IS NULL OR {sql_in('ethnic_category', ETHNIC_CATEGORIES)}",
            name="ethnic_category",
        ),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    sex: Mapped[str | None] = mapped_column(String(20))
    ethnic_category: Mapped[str | None] = mapped_column(String(2))
    disability: Mapped[str | None] = mapped_column(String(20))
    care_experienced: Mapped[str | None] = mapped_column(String(20))
    free_school_meals: Mapped[str | None] = mapped_column(String(20))
    young_carer: Mapped[str | None] = mapped_column(String(20))
    first_in_family_he: Mapped[str | None] = mapped_column(String(20))
    refugee_background: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    person: Mapped[Person] = relationship(back_populates="equality")


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(sql_in("kind", ORGANISATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")


class PipelineEvent(db.Model):
    """One fact on a person's way into work. Never updated or deleted: a correction is a new event.

    ``source_type``/``source_id`` name the record the fact came from (an application, a session,
    a case, an import) so that reports can be traced back.
    """

    __tablename__ = "pipeline_events"
    __table_args__ = (
        CheckConstraint(sql_in("stage", STAGES + EXITS), name="stage"),
        Index("ix_pipeline_events_person_occurred", "person_id", "occurred_on"),
        Index("ix_pipeline_events_occurred_person", "occurred_on", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    stage: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source_type: Mapped[str | None] = mapped_column(String(30))
    source_id: Mapped[int | None]
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="events")
    organisation: Mapped[Organisation | None] = relationship()

    def __repr__(self) -> str:
        return f"<PipelineEvent {self.person_id} {self.stage} {self.occurred_on}>"


class AppendOnlyError(RuntimeError):
    """Something tried to change or remove a pipeline event."""


append_only(PipelineEvent, AppendOnlyError, "Pipeline events are append-only: record a new event instead.")


# The database refuses too, so a raw SQL statement cannot rewrite history either. One change is
# let through: erasure setting ``note`` (free text about the person) to NULL on the events of a
# person already marked erased, every other column unchanged (docs/privacy.md). The same
# statements are in the migrations that create the table and that allowed the redaction.
APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER pipeline_events_no_update BEFORE UPDATE ON pipeline_events "
        # Every column but note, old to new (a column added later must be added here).
        "WHEN NOT (NEW.note IS NULL AND NEW.id IS OLD.id AND NEW.person_id IS OLD.person_id "
        "AND NEW.stage IS OLD.stage AND NEW.occurred_on IS OLD.occurred_on AND NEW.recorded_at IS OLD.recorded_at "
        "AND NEW.recorded_by_id IS OLD.recorded_by_id AND NEW.source_type IS OLD.source_type "
        "AND NEW.source_id IS OLD.source_id AND NEW.organisation_id IS OLD.organisation_id "
        "AND (SELECT erased_at FROM people WHERE people.id = OLD.person_id) IS NOT NULL) "
        "BEGIN SELECT RAISE(ABORT, 'pipeline events are append-only'); END",
        "CREATE TRIGGER pipeline_events_no_delete BEFORE DELETE ON pipeline_events "
        "BEGIN SELECT RAISE(ABORT, 'pipeline events are append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION pipeline_events_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'UPDATE' THEN "
        "IF NEW.note IS NULL AND (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note') "
        "AND EXISTS (SELECT 1 FROM people WHERE people.id = OLD.person_id AND people.erased_at IS NOT NULL) "
        "THEN RETURN NEW; END IF; END IF; "
        "RAISE EXCEPTION 'pipeline events are append-only'; END $$",
        "CREATE TRIGGER pipeline_events_no_change BEFORE UPDATE OR DELETE ON pipeline_events "
        "FOR EACH ROW EXECUTE FUNCTION pipeline_events_append_only()",
    ],
}

for _dialect, _statements in APPEND_ONLY_SQL.items():
    for _statement in _statements:
        event.listen(PipelineEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))


class PipelineCorrection(db.Model):
    """A correction of one event, itself append-only: the event it names no longer counts, and
    ``replacement`` (an ordinary event recorded at the same time, or none) says what should have
    been written instead. The wrong event stays in the ledger, so the history shows both."""

    __tablename__ = "pipeline_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("pipeline_events.id"), unique=True)
    replacement_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_events.id"))
    reason: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


CORRECTIONS_APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER pipeline_corrections_no_update BEFORE UPDATE ON pipeline_corrections "
        "BEGIN SELECT RAISE(ABORT, 'pipeline corrections are append-only'); END",
        "CREATE TRIGGER pipeline_corrections_no_delete BEFORE DELETE ON pipeline_corrections "
        "BEGIN SELECT RAISE(ABORT, 'pipeline corrections are append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION pipeline_corrections_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'pipeline corrections are append-only'; END $$",
        "CREATE TRIGGER pipeline_corrections_no_change BEFORE UPDATE OR DELETE ON pipeline_corrections "
        "FOR EACH ROW EXECUTE FUNCTION pipeline_corrections_append_only()",
    ],
}

for _dialect, _statements in CORRECTIONS_APPEND_ONLY_SQL.items():
    for _statement in _statements:
        event.listen(PipelineCorrection.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))


append_only(PipelineCorrection, AppendOnlyError, "Pipeline corrections are append-only: record a new one instead.")


class PostcodeLookup(db.Model):
    """Postcode -> LSOA -> Index of Multiple Deprivation decile, loaded from an ONS-style file, so
    that a person's deprivation quintile can be derived from their postcode."""

    __tablename__ = "postcode_lookups"
    __table_args__ = (CheckConstraint("imd_decile BETWEEN 1 AND 10", name="imd_decile"),)

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    lsoa_code: Mapped[str] = mapped_column(String(9))
    imd_decile: Mapped[int] = mapped_column(SmallInteger)
    # The postcode's centroid (ONS Postcode Directory ``lat``/``long``), for "opportunities near me".
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
