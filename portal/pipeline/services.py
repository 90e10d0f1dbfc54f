"""The only code that writes pipeline events, and the queries reports build on.

Every area records a stage through ``record_event``; nothing else inserts into the ledger.
"""

import secrets
from datetime import date

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from portal.audit import services as audit
from portal.common.postcodes import normalise_postcode
from portal.extensions import db
from portal.pipeline.choices import EXITS, ROUTES, SOURCES, STAGE_RANK, STAGES
from portal.pipeline.identity import counted_people, same_person_ids
from portal.pipeline.models import (
    EqualityProfile,
    Organisation,
    Person,
    PipelineCorrection,
    PipelineEvent,
    PostcodeLookup,
)


class PipelineError(ValueError):
    """An event that cannot be recorded, with a reason fit to show."""


def record_event(
    person: Person,
    stage: str,
    occurred_on: date,
    *,
    recorded_by=None,
    source_type: str | None = None,
    source_id: int | None = None,
    organisation: Organisation | None = None,
    note: str | None = None,
    today: date | None = None,
) -> PipelineEvent:
    if stage not in STAGE_RANK and stage not in EXITS:
        raise PipelineError(f"unknown stage {stage!r}")
    if not isinstance(occurred_on, date):
        raise PipelineError("an event needs the date it happened")
    if occurred_on > (today or date.today()):
        raise PipelineError("an event cannot be dated in the future")
    event = PipelineEvent(
        person=person,
        stage=stage,
        occurred_on=occurred_on,
        recorded_by_id=getattr(recorded_by, "id", None),
        source_type=source_type,
        source_id=source_id,
        organisation=organisation,
        note=note,
    )
    db.session.add(event)
    db.session.flush()
    audit.record("create", "pipeline_event", event.id, detail=stage, user=recorded_by, person=person)
    db.session.flush()
    return event


def counted():
    """SQL condition: the event has not been corrected (reports count only these). Corrections
    are few: the database reads them once into a lookup rather than searching per event."""
    return PipelineEvent.id.not_in(select(PipelineCorrection.event_id))


def correct_event(event: PipelineEvent, replacement_stage: str | None, reason: str, *, recorded_by=None):
    """Correct an event the append-only way: the event stays, a correction says it no longer
    counts, and the stage that should have been written (if any) is a new event beside it."""
    replacement = None
    if replacement_stage is not None:
        replacement = record_event(
            event.person,
            replacement_stage,
            event.occurred_on,
            recorded_by=recorded_by,
            source_type=event.source_type,
            source_id=event.source_id,
            organisation=event.organisation,
            note=reason,
            today=max(event.occurred_on, date.today()),
        )
    correction = PipelineCorrection(
        event_id=event.id,
        replacement_id=replacement.id if replacement else None,
        reason=reason,
        recorded_by_id=getattr(recorded_by, "id", None),
    )
    db.session.add(correction)
    db.session.flush()
    audit.record("update", "pipeline_event", event.id, detail=f"corrected: {reason}", user=recorded_by)
    return correction


def stage_rank():
    """SQL expression for an event's place in the stage order; NULL for exits."""
    return case(STAGE_RANK, value=PipelineEvent.stage, else_=None)


def furthest_ranks(start: date, end: date) -> Select:
    """One row per person with an event in [start, end]: (person_id, furthest stage rank).

    People whose only events in the period are exits still appear, with a NULL rank. A merged
    record's events count as the person it was merged into (``counted_person``).
    """
    people, person = counted_people()
    return (
        select(person.label("person_id"), func.max(stage_rank()).label("furthest_rank"))
        .join(people, people.id == PipelineEvent.person_id)
        .where(PipelineEvent.occurred_on.between(start, end), counted())
        .group_by(person)
    )


def furthest_stage(person_id: int, start: date, end: date) -> str | None:
    """The furthest stage (exits excluded) the person reached with events dated in [start, end]."""
    rank = db.session.execute(
        select(func.max(stage_rank()))
        .where(PipelineEvent.person_id.in_(same_person_ids(person_id)), counted())
        .where(PipelineEvent.occurred_on.between(start, end))
    ).scalar()
    return STAGES[rank - 1] if rank else None


def stage_counts(start: date, end: date) -> dict[str, int]:
    """How many people reached each stage or later in the period (``reached(S)``)."""
    furthest = furthest_ranks(start, end).subquery()
    rows = db.session.execute(
        select(furthest.c.furthest_rank, func.count())
        .where(furthest.c.furthest_rank.is_not(None))
        .group_by(furthest.c.furthest_rank)
    ).all()
    at_rank = dict(rows)
    counts, running = {}, 0
    for rank in range(len(STAGES), 0, -1):
        running += at_rank.get(rank, 0)
        counts[STAGES[rank - 1]] = running
    return {stage: counts[stage] for stage in STAGES}


def new_person_ref() -> str:
    # Unambiguous characters only: people read these out over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "HCA-" + "".join(secrets.choice(alphabet) for _ in range(8))


def find_existing_person(
    email: str | None, first_name: str, last_name: str, date_of_birth: date | None
) -> Person | None:
    """The same person applying again: same email, or same name and date of birth."""
    if email:
        person = db.session.execute(
            select(Person).where(Person.email == email.strip().lower(), Person.merged_into_id.is_(None)).limit(1)
        ).scalar_one_or_none()
        if person:
            return person
    if date_of_birth:
        return db.session.execute(
            select(Person)
            .where(func.lower(Person.first_name) == first_name.strip().lower())
            .where(func.lower(Person.last_name) == last_name.strip().lower())
            .where(Person.date_of_birth == date_of_birth, Person.merged_into_id.is_(None))
            .limit(1)
        ).scalar_one_or_none()
    return None


def create_person(*, created_by=None, equality: dict | None = None, **fields) -> Person:
    if fields.get("route") not in ROUTES:
        raise PipelineError("a person needs a Journey to Work route")
    if fields.get("source") is not None and fields["source"] not in SOURCES:
        raise PipelineError(f"unknown source {fields['source']!r}")
    if fields.get("email"):
        fields["email"] = fields["email"].strip().lower()
    fields["postcode"] = normalise_postcode(fields.get("postcode"))
    if fields.get("imd_quintile") is None and fields["postcode"]:
        decile = db.session.scalar(
            select(PostcodeLookup.imd_decile).where(PostcodeLookup.postcode == fields["postcode"])
        )
        fields["imd_quintile"] = (decile + 1) // 2 if decile else None
    fields.setdefault("person_ref", new_person_ref())
    person = Person(**fields)
    db.session.add(person)
    if equality:
        person.equality = EqualityProfile(**equality)
    db.session.flush()
    audit.record("create", "person", person.person_ref, user=created_by)
    db.session.flush()
    return person


def save_equality(person: Person, answers: dict) -> None:
    """Record the optional equality answers; an empty answer leaves what we had."""
    profile = person.equality or EqualityProfile(person=person)
    for name, value in answers.items():
        if value:
            setattr(profile, name, value)
    db.session.add(profile)
    audit.record("update", "equality_profile", person.person_ref)
    db.session.flush()


def create_or_link_person(
    details: dict,
    *,
    source: str,
    consent_date: date,
    consent_version: str | None,
    reason: str,
    update_route: bool = False,
    by=None,
) -> Person:
    """The same person coming back (same email, or same name and date of birth) is linked, never
    duplicated: their record keeps what it had, gains what was missing; the caller records the new consent.
    Does not commit: callers write the rest of their change in the same transaction."""
    person = find_existing_person(
        details.get("email"), details["first_name"], details["last_name"], details.get("date_of_birth")
    )
    if person is None:
        return create_person(
            created_by=by,
            first_name=details["first_name"].strip(),
            last_name=details["last_name"].strip(),
            email=details.get("email") or None,
            phone=details.get("phone") or None,
            date_of_birth=details.get("date_of_birth"),
            postcode=details.get("postcode"),
            preferred_language=details.get("preferred_language"),
            route=details["route"],
            source=source,
            consent_date=consent_date,
            consent_version=consent_version,
        )
    for name in ("email", "phone", "date_of_birth", "preferred_language"):
        if getattr(person, name) in (None, "") and details.get(name):
            setattr(person, name, details[name].strip().lower() if name == "email" else details[name])
    if person.postcode is None and details.get("postcode"):
        person.postcode = normalise_postcode(details["postcode"])
    if update_route:
        person.route = details["route"]
        if details.get("preferred_language"):
            person.preferred_language = details["preferred_language"]
    # The person's first consent stays; each consent given is a row of its own (portal/people/consent.py).
    if person.consent_date is None:
        person.consent_date, person.consent_version = consent_date, consent_version
    audit.record("update", "person", person.person_ref, detail=reason, user=by)
    return person


def append_events(rows: list[dict], *, source_type: str, source_id: int | None, recorded_by_id: int | None) -> int:
    """The ledger's bulk writer, for imports: appends each event ({person_id, stage, occurred_on,
    organisation_id, note}) unless the same (person, stage, date, organisation) is already there, so
    importing a file twice adds nothing. Rows must be validated (record_event's rules) by the caller.
    Returns how many were added. Does not commit."""
    staging = Table(
        "staging_pipeline_events",
        MetaData(),
        Column("person_id", Integer),
        Column("stage", String(20)),
        Column("occurred_on", Date),
        Column("organisation_id", Integer),
        Column("note", Text),
        prefixes=["TEMPORARY"],
    )
    connection = db.session.connection()
    staging.drop(connection, checkfirst=True)
    staging.create(connection)
    try:
        for start in range(0, len(rows), 5000):
            connection.execute(insert(staging), rows[start : start + 5000])
        events = PipelineEvent.__table__
        already = (
            select(events.c.id)
            .where(events.c.person_id == staging.c.person_id)
            .where(events.c.stage == staging.c.stage)
            .where(events.c.occurred_on == staging.c.occurred_on)
            .where(
                or_(
                    events.c.organisation_id == staging.c.organisation_id,
                    and_(events.c.organisation_id.is_(None), staging.c.organisation_id.is_(None)),
                )
            )
        )
        result = connection.execute(
            insert(events)
            .from_select(
                [
                    "person_id",
                    "stage",
                    "occurred_on",
                    "organisation_id",
                    "note",
                    "source_type",
                    "source_id",
                    "recorded_by_id",
                ],
                select(
                    staging.c.person_id,
                    staging.c.stage,
                    staging.c.occurred_on,
                    staging.c.organisation_id,
                    staging.c.note,
                    literal(source_type, String),
                    literal(source_id, Integer),
                    literal(recorded_by_id, Integer),
                ).where(~exists(already)),
            )
            .returning(events.c.id)
        )
        return len(result.all())
    finally:
        staging.drop(connection)


def derive_imd_quintiles() -> int:
    """Fill each person's missing deprivation quintile from the postcode lookup (decile 1-2 ->
    quintile 1 ... 9-10 -> 5). Answers given in a file or a form are never overwritten."""
    decile = select(PostcodeLookup.imd_decile).where(PostcodeLookup.postcode == Person.postcode).scalar_subquery()
    result = db.session.execute(
        update(Person)
        .where(Person.imd_quintile.is_(None), Person.postcode.is_not(None))
        .where(exists().where(PostcodeLookup.postcode == Person.postcode))
        .values(imd_quintile=(decile + 1) // 2)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
