"""Who an event counts as. A merged person's events stay theirs (the ledger is append-only), so
every count of people reads ``counted_person(PipelineEvent.person_id)``: the person a record was
merged into, else the person themselves. One level is enough: a merge into someone re-points the
records already merged into the merged person (portal/people/merging.py)."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from portal.pipeline.models import Person, PipelineEvent


def counted_person(column=None):
    """SQL: ``coalesce(people.merged_into_id, column)`` for the person ``column`` names (by default
    an event's ``person_id``), as a correlated lookup by primary key, so it drops into any select,
    ``group by`` or ``in_`` without a join, on SQLite and PostgreSQL."""
    column = PipelineEvent.person_id if column is None else column
    merged = aliased(Person)
    kept = select(merged.merged_into_id).where(merged.id == column).scalar_subquery()
    return func.coalesce(kept, column)


def same_person_ids(person_id: int):
    """SQL: the ids that are this person: theirs and those of the records merged into them."""
    return select(Person.id).where((Person.id == person_id) | (Person.merged_into_id == person_id))


def counted_people():
    """``(people, person)`` for a query over the ledger that can join: ``people`` an alias of the
    people table to join on ``PipelineEvent.person_id``, ``person`` the counted person's id. A join
    by primary key is cheaper than ``counted_person``'s lookup per row when every event is read."""
    people = aliased(Person, name="counted_people")
    return people, func.coalesce(people.merged_into_id, people.id)
