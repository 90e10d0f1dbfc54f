"""Two records that are one person: the stored queue of possible duplicates, merging (staff choose
each field) and undoing a merge.

The ledger is append-only, so a merged person's pipeline events stay theirs; the merged person
points at the kept one (``merged_into_id``) and every count of people reads
``portal.pipeline.identity.counted_person``. Every other row that points at the merged person
(applications, referrals, cases, intakes, messages, placements, jobs, way-back-in links, and any
table added later) is re-pointed to the kept person, found from the foreign keys so that this
module imports no area, and the ids are kept in the ``PersonMerge`` so that unmerging can put
them back.
"""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, UniqueConstraint, delete, select, tuple_, update
from sqlalchemy.orm import aliased, joinedload

from portal.audit import services as audit
from portal.extensions import db
from portal.people import matching
from portal.people.intake import EQUALITY_FIELDS
from portal.people.models import PERSON_FIELDS, DuplicateCandidate, PersonMerge
from portal.pipeline.models import EqualityProfile, Person

# The person fields staff choose between, in the order the page shows them. How the person asked
# to hear from us (``contact_by``) is theirs to set: the kept record's stays.
MERGE_FIELDS = PERSON_FIELDS
# Tables whose rows about the merged person are never re-pointed: the append-only ledger, the
# equality answers (chosen field by field instead), and the records of duplicates and merges.
NOT_REPOINTED = {"pipeline_events", "equality_profiles", "people", "person_merges", "duplicate_candidates"}


class MergeError(ValueError):
    """A merge or unmerge that cannot be made (said to staff in plain words)."""


# ---------------------------------------------------------------- the stored queue


def refresh_candidates(min_score: int = matching.DUPLICATE, now: datetime | None = None) -> dict[str, int]:
    """Compare everyone on record again and store the pairs for the queue. Open pairs are replaced;
    a pair staff dismissed stays dismissed (and is not listed again); merged pairs are history."""
    now = now or datetime.now()
    pairs = matching.candidate_pairs(matching.load_rows(db.session), min_score=min_score)
    decided = set(
        db.session.execute(
            select(DuplicateCandidate.person_a_id, DuplicateCandidate.person_b_id).where(
                DuplicateCandidate.status != "open"
            )
        ).all()
    )
    db.session.execute(delete(DuplicateCandidate).where(DuplicateCandidate.status == "open"))
    rows = [
        {
            "person_a_id": pair.id_a,
            "person_b_id": pair.id_b,
            "score": pair.score,
            "reasons": list(pair.reasons),
            "status": "open",
            "computed_at": now,
        }
        for pair in pairs
        if (pair.id_a, pair.id_b) not in decided and (pair.id_b, pair.id_a) not in decided
    ]
    if rows:
        db.session.execute(DuplicateCandidate.__table__.insert(), rows)
    audit.record("create", "duplicate_candidates", detail=f"refreshed: {len(rows)} open pairs")
    return {"open": len(rows), "kept_decided": len(pairs) - len(rows)}


def open_pairs() -> Select:
    """The queue, best first: open pairs of two people who are neither erased nor merged. Both
    people are loaded in the same query, so a page is a fixed number of queries."""
    a, b = aliased(Person), aliased(Person)
    return (
        select(DuplicateCandidate)
        .join(a, DuplicateCandidate.person_a)
        .join(b, DuplicateCandidate.person_b)
        .where(DuplicateCandidate.status == "open")
        .where(a.erased_at.is_(None), b.erased_at.is_(None), a.merged_into_id.is_(None), b.merged_into_id.is_(None))
        .options(joinedload(DuplicateCandidate.person_a), joinedload(DuplicateCandidate.person_b))
        .order_by(DuplicateCandidate.score.desc(), DuplicateCandidate.id)
    )


def last_refreshed() -> datetime | None:
    return db.session.scalar(select(DuplicateCandidate.computed_at).order_by(DuplicateCandidate.computed_at.desc()))


def pair_statement(pair_id: int) -> Select:
    """The pair of possible duplicates with its page's relations loaded, for ``db.one_or_404``."""
    return (
        select(DuplicateCandidate)
        .where(DuplicateCandidate.id == pair_id)
        .options(
            joinedload(DuplicateCandidate.person_a).selectinload(Person.equality),
            joinedload(DuplicateCandidate.person_b).selectinload(Person.equality),
        )
    )


def usable(person: Person) -> bool:
    return person.erased_at is None and person.merged_into_id is None


def dismiss(pair: DuplicateCandidate, user) -> None:
    """Staff: these are two people. The pair is never listed again."""
    if pair.status != "open":
        raise MergeError(_("Someone has already decided about these two records."))
    pair.status, pair.decided_at, pair.decided_by_id = "dismissed", datetime.now(), user.id
    audit.record(
        "update", "duplicate_candidate", pair.id,
        detail=f"not the same person: {pair.person_a.person_ref} {pair.person_b.person_ref}", user=user,
    )  # fmt: skip


# ---------------------------------------------------------------- merging


def differing_fields(a: Person, b: Person) -> list[str]:
    """The person fields where the two records say different things (one of them something)."""
    return [name for name in MERGE_FIELDS if (getattr(a, name) or None) != (getattr(b, name) or None)]


def differing_equality(a: Person, b: Person) -> list[str]:
    def answer(person, name):
        return getattr(person.equality, name) if person.equality is not None else None

    return [name for name in EQUALITY_FIELDS if answer(a, name) != answer(b, name)]


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _unplain(name: str, value):
    return date.fromisoformat(value) if name == "date_of_birth" and value else value


def _person_foreign_keys():
    """(table, its primary key column, the column pointing at people.id, unique constraints on it)."""
    for table in db.metadata.sorted_tables:
        if table.name in NOT_REPOINTED:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "people" and fk.column.name == "id":
                column = fk.parent
                uniques = [
                    [c for c in constraint.columns if c is not column]
                    for constraint in table.constraints
                    if isinstance(constraint, UniqueConstraint) and column.name in constraint.columns
                ]
                # A unique column of its own (one row per person) counts as a constraint too.
                if column.unique:
                    uniques.append([])
                yield table, list(table.primary_key.columns)[0], column, uniques


def _repoint(from_id: int, to_id: int) -> tuple[dict, dict]:
    """Point every row about ``from_id`` at ``to_id``; returns (re-pointed ids, ids left behind
    because the kept person already has the same one, e.g. two applications for one opportunity)."""
    moved: dict[str, dict[str, list]] = {}
    left: dict[str, list] = {}
    for table, key, column, uniques in _person_foreign_keys():
        ids = list(db.session.scalars(select(key).where(column == from_id).order_by(key)))
        if not ids:
            continue
        for others in uniques:
            if not others:
                clash = bool(db.session.scalar(select(key).where(column == to_id).limit(1)))
                blocked = set(ids) if clash else set()
            else:
                taken = set(db.session.execute(select(*others).where(column == to_id)).all())
                rows = db.session.execute(select(key, *others).where(key.in_(ids))).all()
                blocked = {row[0] for row in rows if tuple(row[1:]) in taken}
            if blocked:
                left.setdefault(table.name, []).extend(sorted(blocked))
                ids = [row_id for row_id in ids if row_id not in blocked]
        if ids:
            db.session.execute(update(table).where(key.in_(ids)).values({column.name: to_id}))
            moved.setdefault(table.name, {})[column.name] = ids
    return moved, left


def merge(kept: Person, merged: Person, user, *, take=(), take_equality=(), pair=None) -> PersonMerge:
    """Staff: ``merged`` is ``kept``. The fields in ``take`` (and equality answers in
    ``take_equality``) are copied from the merged record; everything else of the kept record stays.
    Flushes; the caller commits."""
    if kept.id == merged.id:
        raise MergeError(_("Choose two different records."))
    if not (usable(kept) and usable(merged)):
        raise MergeError(_("One of these records has been erased or merged already."))
    take = [name for name in take if name in differing_fields(kept, merged)]
    take_equality = [name for name in take_equality if name in differing_equality(kept, merged)]
    old_values = {name: _plain(getattr(kept, name)) for name in take}
    for name in take:
        setattr(kept, name, getattr(merged, name))
    if take_equality:
        if kept.equality is None:
            kept.equality = EqualityProfile()
            old_values["equality"] = "created"
        for name in take_equality:
            old_values[f"equality.{name}"] = getattr(kept.equality, name)
            setattr(kept.equality, name, getattr(merged.equality, name) if merged.equality else None)
    db.session.flush()
    moved, left = _repoint(merged.id, kept.id)
    # Records merged into the merged person earlier now count as the kept person too.
    earlier = list(db.session.scalars(select(Person.id).where(Person.merged_into_id == merged.id)))
    if earlier:
        db.session.execute(update(Person).where(Person.id.in_(earlier)).values(merged_into_id=kept.id))
        moved["people"] = {"merged_into_id": earlier}
    merged.merged_into_id = kept.id
    record = PersonMerge(
        kept_person_id=kept.id, merged_person_id=merged.id, fields_chosen=take + [f"equality.{n}" for n in take_equality],
        old_values=old_values, repointed={**moved, "left": left}, merged_by_id=user.id, merged_at=datetime.now(),
    )  # fmt: skip
    db.session.add(record)
    pair = pair or _pair_of(kept.id, merged.id)
    if pair is not None:
        pair.status, pair.decided_at, pair.decided_by_id = "merged", datetime.now(), user.id
    db.session.flush()
    chosen = ",".join(record.fields_chosen) or "nothing"
    audit.record(
        "merge", "person", kept.person_ref, detail=f"kept; merged {merged.person_ref}; took {chosen}", user=user
    )
    audit.record("merge", "person", merged.person_ref, detail=f"merged into {kept.person_ref}", user=user)
    return record


def _pair_of(id_a: int, id_b: int) -> DuplicateCandidate | None:
    return db.session.scalars(
        select(DuplicateCandidate).where(
            tuple_(DuplicateCandidate.person_a_id, DuplicateCandidate.person_b_id).in_([(id_a, id_b), (id_b, id_a)])
        )
    ).first()


# ---------------------------------------------------------------- undoing a merge


def merges_into(person: Person) -> list[PersonMerge]:
    """The merges into this person, newest first (undone ones too, for the record)."""
    return list(
        db.session.scalars(
            select(PersonMerge)
            .where(PersonMerge.kept_person_id == person.id)
            .options(
                joinedload(PersonMerge.merged), joinedload(PersonMerge.merged_by), joinedload(PersonMerge.undone_by)
            )
            .order_by(PersonMerge.id.desc())
        )
    )


def can_undo(record: PersonMerge) -> bool:
    """Only the newest merge still in force into a person who is not merged themselves: undoing an
    older one would put back field values that a later merge chose over."""
    if record.undone_at is not None or record.kept.merged_into_id is not None:
        return False
    if record.kept.erased_at is not None or record.merged.erased_at is not None:
        return False
    newer = db.session.scalar(
        select(PersonMerge.id).where(
            PersonMerge.kept_person_id == record.kept_person_id,
            PersonMerge.undone_at.is_(None),
            PersonMerge.id > record.id,
        )
    )
    return newer is None


def unmerge(record: PersonMerge, user) -> None:
    """Undo a merge: the kept record's fields as they were, every re-pointed row back with the
    merged person, and the merged person their own again. Flushes; the caller commits."""
    if not can_undo(record):
        raise MergeError(_("This merge cannot be undone now: undo the newest merge first."))
    kept, merged = record.kept, record.merged
    old = dict(record.old_values or {})
    for name in record.fields_chosen:
        if name.startswith("equality."):
            if kept.equality is not None:
                setattr(kept.equality, name.split(".", 1)[1], old.get(name))
        else:
            setattr(kept, name, _unplain(name, old.get(name)))
    profile = kept.equality
    if (
        old.get("equality") == "created"
        and profile is not None
        and all(getattr(profile, name) is None for name in EQUALITY_FIELDS)
    ):
        db.session.delete(profile)
    db.session.flush()
    tables = {table.name: table for table in db.metadata.sorted_tables}
    for name, columns in (record.repointed or {}).items():
        if name == "left":
            continue
        table = tables[name]
        key = list(table.primary_key.columns)[0]
        for column, ids in columns.items():
            db.session.execute(
                update(table).where(key.in_(ids), table.c[column] == kept.id).values({column: merged.id})
            )
    merged.merged_into_id = None
    record.undone_at, record.undone_by_id = datetime.now(), user.id
    pair = _pair_of(kept.id, merged.id)
    if pair is not None:
        # Undoing says they are two people: the pair is not listed again.
        pair.status, pair.decided_at, pair.decided_by_id = "dismissed", datetime.now(), user.id
    db.session.flush()
    audit.record("unmerge", "person", kept.person_ref, detail=f"{merged.person_ref} is a person again", user=user)
    audit.record("unmerge", "person", merged.person_ref, detail=f"no longer part of {kept.person_ref}", user=user)
