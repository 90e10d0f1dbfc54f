"""Finding a person and telling their story: lookup, search, and the timeline that areas add to.

An area joins a person's timeline by registering a function (``register_timeline``) that returns
its entries for one person; this package never imports an area.
"""

from collections.abc import Callable

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.pipeline.identity import same_person_ids
from portal.pipeline.models import Person, PipelineEvent

# kind -> where an entry of that kind sorts among others on the same day (events last).
_TIMELINE: list[Callable] = []
ORDER = {"event": 1}


def register_timeline(contribute: Callable, kinds: tuple[str, ...]) -> None:
    """``contribute(person, user)`` returns ``[{"on": date, "kind": kind, "item": row}, ...]``:
    what the area holds about the person that ``user`` may see."""
    _TIMELINE.append(contribute)
    for kind in kinds:
        ORDER.setdefault(kind, 0)


# Areas that restrict part of a record (a restricted outreach case) say for whom: which people's
# records are restricted for a user, and which ledger entries (source_type, source_id) are hidden.
_RESTRICTIONS: list[tuple[Callable, Callable]] = []


def register_restriction(restricted_people: Callable, hidden_sources: Callable) -> None:
    """``restricted_people(user, person_ids) -> set of ids``; ``hidden_sources(person, user) ->
    {(source_type, source_id), ...}``: the pipeline events the user must not see."""
    _RESTRICTIONS.append((restricted_people, hidden_sources))


def restricted_people(user, person_ids) -> set[int]:
    """Of ``person_ids``, the people whose record is partly restricted for ``user``."""
    ids = set(person_ids)
    found: set[int] = set()
    for restricted, _hidden in _RESTRICTIONS:
        found |= restricted(user, ids)
    return found


def is_restricted(person: Person, user) -> bool:
    return person.id in restricted_people(user, {person.id})


def person_timeline(person: Person, user=None) -> list[dict]:
    """Everything about a person in date order: their pipeline events (with those of the records
    merged into theirs, which stay on the append-only ledger as they were) and what each area adds
    (re-pointed to them by the merge), less what a restriction hides from ``user``."""
    hidden = set()
    for _restricted, hidden_sources in _RESTRICTIONS:
        hidden |= hidden_sources(person, user)
    entries = [
        {"on": event.occurred_on, "kind": "event", "item": event}
        for event in db.session.scalars(
            select(PipelineEvent)
            .where(PipelineEvent.person_id.in_(same_person_ids(person.id)))
            .options(selectinload(PipelineEvent.organisation))
        )
        if (event.source_type, event.source_id) not in hidden
    ]
    for contribute in _TIMELINE:
        entries += contribute(person, user)
    return sorted(entries, key=lambda entry: (entry["on"], ORDER.get(entry["kind"], 0)))


# Finer rules that areas own about what a member of staff may do for a person (an adviser records
# jobs only for people they support): registered by name; a rule nobody registered refuses.
_RULES: dict[str, Callable] = {}


def register_rule(name: str, rule: Callable) -> None:
    """``rule(user, person_id) -> bool``."""
    _RULES[name] = rule


def allowed(name: str, user, person_id: int) -> bool:
    rule = _RULES.get(name)
    return bool(rule and rule(user, person_id))


def find_person(person_ref: str) -> Person | None:
    """The person with this reference; for a record merged into another, the person it was merged
    into (whose page the old reference leads to)."""
    person = db.session.scalars(
        select(Person).where(Person.person_ref == person_ref).options(selectinload(Person.equality))
    ).one_or_none()
    if person is not None and person.merged_into_id is not None:
        return db.session.scalars(
            select(Person).where(Person.id == person.merged_into_id).options(selectinload(Person.equality))
        ).one_or_none()
    return person


def people(search: str = "") -> Select:
    # A merged record is listed once, as the person it was merged into; its old reference finds them.
    statement = (
        select(Person).where(Person.merged_into_id.is_(None)).order_by(Person.last_name, Person.first_name, Person.id)
    )
    if search:
        term = search.strip().lower()
        merged = select(Person.merged_into_id).where(func.lower(Person.person_ref) == term).scalar_subquery()
        statement = statement.where(
            or_(
                func.lower(Person.person_ref) == term,
                Person.id == merged,
                func.lower(Person.email) == term,
                func.lower(Person.first_name + " " + Person.last_name).like(f"%{term}%"),
            )
        )
    return statement
