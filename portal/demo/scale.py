"""`flask seed scale`: a made-up region's worth of data for measuring the portal at size.

People with believable ages and characteristics, pipeline events that follow plausible paths with
drop-off at each stage, opportunities and applications, referrals, cases and interventions, and
(when the schools area is present) schools and sessions. Written with Core bulk inserts, in
chunks; deterministic for a seed and anchor date; every name is invented.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from portal.extensions import db
from portal.pipeline.choices import ETHNIC_CATEGORIES, STAGES
from portal.pipeline.models import EqualityProfile, Organisation, Person, PipelineEvent

CHUNK = 10_000
FIRST = [
    "Alex",
    "Sam",
    "Jo",
    "Ali",
    "Maya",
    "Olek",
    "Nadia",
    "Tom",
    "Priya",
    "Kwame",
    "Zara",
    "Lee",
    "Hana",
    "Yusuf",
    "Ola",
    "Iryna",
    "Farid",
    "Mina",
    "Ravi",
    "Ellie",
    "Kofi",
    "Sana",
    "Dan",
    "Amal",
]
LAST = [
    "Ashdown",
    "Birchley",
    "Carrow",
    "Dunmore",
    "Elmstead",
    "Farleigh",
    "Glenholt",
    "Hartwell",
    "Ivybridge",
    "Juniper",
    "Kestrel",
    "Larchfield",
    "Marlow",
    "Norbury",
    "Oakhurst",
    "Pennard",
]
PLACES = ["Northvale", "Southmere", "Eastbrook", "Westerleigh", "Harbourside", "Kingsmoor", "Riverton", "Ashcombe"]
ORG_KINDS = [
    ("Hospitals NHS Trust", "nhs_trust"),
    ("Community Care", "care_provider"),
    ("Primary Care Network", "gp_practice"),
    ("Council", "local_authority"),
    ("Refugee Welcome", "vcse"),
    ("College", "education"),
]
YES_NO = ["yes", "no", "no", "no", "no", "prefer_not_to_say", None]
# Chance of going on from each stage to the next: most people stop early, as in life.
GO_ON = [0.75, 0.7, 0.7, 0.65, 0.6, 0.8, 0.85, 0.8]


def _chunks(rows: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(table, rows: list) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(table), chunk)


def seed_scale(people: int, *, seed: int = 1, events_per_person: float = 10.0, anchor: date | None = None):
    """Yield progress lines; commit at the end (all or nothing)."""
    rng = random.Random(seed)
    anchor = anchor or date.today()
    prefix = f"SCALE{seed}-"
    if db.session.scalar(select(func.count()).select_from(Person).where(Person.person_ref.like(prefix + "%"))):
        yield f"people with references {prefix}… are already here: nothing added"
        return

    organisation_ids = _organisations(rng)
    yield f"{len(organisation_ids)} organisations"

    first_id = (db.session.scalar(select(func.max(Person.id))) or 0) + 1
    furthest_of, route_of, first_day_of = {}, {}, {}
    codes = list(ETHNIC_CATEGORIES)
    weights = [80 if c == "A" else 4 for c in codes]
    total_events = 0
    # People are made and written a batch at a time, so a million of them fit in memory.
    for batch_start in range(0, people, 50_000):
        person_rows, equality_rows, event_rows = [], [], []
        for i in range(batch_start, min(people, batch_start + 50_000)):
            person_id = first_id + i
            route = rng.choices(["in_education", "career_changer", "seldom_heard"], weights=[55, 30, 15])[0]
            age = rng.randint(12, 19) if route == "in_education" else rng.randint(19, 64)
            born = anchor - timedelta(days=age * 365 + rng.randrange(365))
            person_rows.append(
                {
                    "id": person_id,
                    "person_ref": f"{prefix}{i:07d}",
                    "first_name": rng.choice(FIRST),
                    "last_name": rng.choice(LAST),
                    "email": None,
                    "date_of_birth": born if rng.random() < 0.9 else None,
                    "route": route,
                    "source": rng.choice(["school_session", "website", "referral", "event", "other"]),
                    "consent_date": anchor - timedelta(days=rng.randrange(30, 1000)),
                    "consent_version": "2026-11",
                    "imd_quintile": rng.choices([1, 2, 3, 4, 5, None], weights=[25, 22, 18, 15, 12, 8])[0],
                }
            )
            equality_rows.append(
                {
                    "person_id": person_id,
                    "sex": rng.choice(["female", "female", "male", "male", "other", "prefer_not_to_say", None]),
                    "ethnic_category": rng.choices(codes, weights=weights)[0] if rng.random() < 0.85 else None,
                    "disability": rng.choice(YES_NO),
                    "care_experienced": rng.choice(YES_NO),
                    "free_school_meals": rng.choice(YES_NO) if route == "in_education" else None,
                    "young_carer": rng.choice(YES_NO),
                    "first_in_family_he": rng.choice(YES_NO),
                    "refugee_background": "yes"
                    if route == "seldom_heard" and rng.random() < 0.6
                    else rng.choice(YES_NO),
                }
            )
            furthest = 1
            while furthest < len(STAGES) and rng.random() < GO_ON[furthest - 1]:
                furthest += 1
            budget = max(furthest, round(rng.gauss(events_per_person, events_per_person / 4)))
            path = list(STAGES[:furthest]) + [rng.choice(STAGES[:furthest]) for _ in range(budget - furthest)]
            path.sort(key=STAGES.index)
            day = anchor - timedelta(days=rng.randrange(40, 1100))
            first_day_of[person_id] = day
            for stage in path:
                event_rows.append(
                    {
                        "person_id": person_id,
                        "stage": stage,
                        "occurred_on": min(day, anchor),
                        "source_type": "scale",
                        "organisation_id": rng.choice(organisation_ids) if rng.random() < 0.7 else None,
                    }
                )
                day += timedelta(days=rng.randrange(1, 9))
            if furthest < len(STAGES) and rng.random() < 0.3:
                event_rows.append(
                    {
                        "person_id": person_id,
                        "stage": rng.choice(["withdrawn", "unsuccessful"]),
                        "occurred_on": min(day, anchor),
                        "source_type": "scale",
                        "organisation_id": None,
                    }
                )
            furthest_of[person_id], route_of[person_id] = furthest, route
        _insert(Person.__table__, person_rows)
        _insert(EqualityProfile.__table__, equality_rows)
        _insert(PipelineEvent.__table__, event_rows)
        total_events += len(event_rows)
        yield f"{min(people, batch_start + 50_000)} people, {total_events} pipeline events"

    yield from _opportunities_and_applications(rng, organisation_ids, furthest_of, first_day_of, anchor, prefix)
    yield from _cases(rng, furthest_of, route_of, first_day_of, anchor)
    yield from _schools(rng, people, anchor)
    _advance_sequences()
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # Fresh statistics for the planner after a bulk load, rather than waiting for autovacuum.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    yield "done"


def _advance_sequences() -> None:
    """Rows were written with explicit ids; PostgreSQL's sequences must move past them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for name in ("people", "opportunities", "referrals", "cases", "schools", "school_sessions"):
        table = db.metadata.tables[name]
        highest = select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery()
        db.session.execute(select(func.setval(func.pg_get_serial_sequence(name, "id"), highest)))


def _organisations(rng) -> list[int]:
    names = [f"{place} {kind}" for place in PLACES for kind, _ in ORG_KINDS]
    kinds = {f"{place} {kind}": code for place in PLACES for kind, code in ORG_KINDS}
    existing = dict(
        db.session.execute(select(Organisation.name, Organisation.id).where(Organisation.name.in_(names))).all()
    )
    missing = [{"name": name, "kind": kinds[name]} for name in names if name not in existing]
    if missing:
        db.session.execute(insert(Organisation.__table__), missing)
    return list(db.session.scalars(select(Organisation.id).where(Organisation.name.in_(names))))


def _opportunities_and_applications(rng, organisation_ids, furthest_of, first_day_of, anchor, prefix):
    from portal.opportunities.choices import KINDS
    from portal.opportunities.models import Application, Opportunity

    count = max(20, len(furthest_of) // 500)
    first_id = (db.session.scalar(select(func.max(Opportunity.id))) or 0) + 1
    rows = []
    for i in range(count):
        kind = rng.choice(list(KINDS))
        rows.append(
            {
                "id": first_id + i,
                "title": f"{kind.replace('_', ' ').capitalize()} {prefix}{i}",
                "kind": kind,
                "summary": "A made-up opportunity for measuring the portal at size.",
                "description": "",
                "organisation_id": rng.choice(organisation_ids),
                "online": rng.random() < 0.2,
                "location": rng.choice(PLACES),
                "closes_on": anchor + timedelta(days=rng.randrange(-200, 120)),
                "starts_on": None,
                "ends_on": None,
                "places": rng.randint(5, 40),
                "places_taken": 0,
                "min_age": None,
                "right_to_work_required": False,
                "dbs_check": "none",
                "routes": "",
                "status": "published",
            }
        )
    _insert(Opportunity.__table__, rows)
    yield f"{count} opportunities"
    applications = []
    statuses = {4: "submitted", 5: "offered", 6: "offered"}
    for n, (person_id, furthest) in enumerate(furthest_of.items()):
        if furthest < 4:
            continue
        applications.append(
            {
                "reference": f"S{prefix[5:-1]}-{n:08d}"[:20],
                "opportunity_id": first_id + rng.randrange(count),
                "person_id": person_id,
                "status": statuses.get(furthest, "accepted"),
                "statement": "",
                "submitted_at": first_day_of[person_id] + timedelta(days=rng.randrange(5, 40)),
            }
        )
    _insert(Application.__table__, applications)
    yield f"{len(applications)} applications"


def _cases(rng, furthest_of, route_of, first_day_of, anchor):
    from portal.auth.models import User
    from portal.outreach.choices import INTERVENTION_TYPES, MODES
    from portal.outreach.models import Case, Intervention, Referral

    advisers = list(db.session.scalars(select(User.id).where(User.role == "outreach_adviser")))
    if not advisers:
        yield "no outreach advisers: cases skipped (create an adviser account first)"
        return
    first_case = (db.session.scalar(select(func.max(Case.id))) or 0) + 1
    first_referral = (db.session.scalar(select(func.max(Referral.id))) or 0) + 1
    referrals, cases, interventions = [], [], []
    for person_id, route in route_of.items():
        if route == "in_education" or furthest_of[person_id] < 2 or rng.random() > 0.5:
            continue
        opened = first_day_of[person_id]
        referral_id, case_id = first_referral + len(referrals), first_case + len(cases)
        referrals.append(
            {
                "id": referral_id,
                "person_id": person_id,
                "referred_on": opened,
                "source": "website",
                "needs": "",
                "message": "",
                "status": "case_opened",
            }
        )
        closed = furthest_of[person_id] >= 7 and rng.random() < 0.5
        cases.append(
            {
                "id": case_id,
                "person_id": person_id,
                "referral_id": referral_id,
                "adviser_id": rng.choice(advisers),
                "status": "closed" if closed else "open",
                "restricted": False,
                "opened_on": opened,
                "closed_on": min(anchor, opened + timedelta(days=120)) if closed else None,
                "closure_reason": "employment" if closed else None,
                "barriers": "",
                "goals": "",
            }
        )
        for k in range(rng.randint(1, 5)):
            interventions.append(
                {
                    "case_id": case_id,
                    "type": rng.choice(list(INTERVENTION_TYPES)),
                    "occurred_on": min(anchor, opened + timedelta(days=7 * k)),
                    "minutes": rng.choice([30, 45, 60, 90]),
                    "mode": rng.choice(list(MODES)),
                    "notes": "",
                }
            )
    _insert(Referral.__table__, referrals)
    _insert(Case.__table__, cases)
    _insert(Intervention.__table__, interventions)
    yield f"{len(cases)} cases with {len(interventions)} interventions"


def _schools(rng, people: int, anchor: date):
    """A school for every 200 people and a session for every 20, over the last three years."""
    import secrets

    from portal.schools.choices import ACTIVITIES, FORMATS, PHASES, YEAR_GROUPS, YEAR_KEY_STAGE
    from portal.schools.models import School, SchoolSession, SessionBenchmark, SessionYearGroup

    count = max(5, people // 200)
    first_school = (db.session.scalar(select(func.max(School.id))) or 0) + 1
    taken = set(db.session.scalars(select(School.urn)))
    schools, urn = [], 700000
    for i in range(count):
        while str(urn) in taken:
            urn += 1
        taken.add(str(urn))
        place = rng.choice(PLACES)
        schools.append(
            {
                "id": first_school + i,
                "urn": str(urn),
                "name": f"{place} {rng.choice(LAST)} School {i}",
                "phase": rng.choice(list(PHASES)),
                "local_authority": f"{place} Council",
                "pilot": rng.random() < 0.1,
                "contact_name": "",
                "contact_email": "",
                "contact_phone": "",
            }
        )
    _insert(School.__table__, schools)
    first_session = (db.session.scalar(select(func.max(SchoolSession.id))) or 0) + 1
    sessions, years, benchmarks, seen = [], [], [], set()
    for _ in range(max(10, people // 20)):
        school_id = first_school + rng.randrange(count)
        held_on = anchor - timedelta(days=rng.randrange(1, 1100))
        activity = rng.choice(list(ACTIVITIES))
        if (school_id, held_on, activity) in seen:
            continue
        seen.add((school_id, held_on, activity))
        session_id = first_session + len(sessions)
        sessions.append(
            {
                "id": session_id,
                "school_id": school_id,
                "held_on": held_on,
                "format": rng.choice(list(FORMATS)),
                "activity": activity,
                "pupils_reached": rng.randint(5, 240),
                "ambassador_count": rng.randint(0, 4),
                "curriculum_subject": "",
                "notes": "",
                "signup_token": secrets.token_hex(16),
                "source": "logged",
            }
        )
        start = rng.randrange(1, len(YEAR_GROUPS) - 2)
        for position in range(start, start + rng.randint(1, 3)):
            year = YEAR_GROUPS[position]
            years.append(
                {"session_id": session_id, "year_group": year, "position": position, "key_stage": YEAR_KEY_STAGE[year]}
            )
        for benchmark in rng.sample(range(1, 9), rng.randint(0, 3)):
            benchmarks.append({"session_id": session_id, "benchmark": benchmark})
    _insert(SchoolSession.__table__, sessions)
    _insert(SessionYearGroup.__table__, years)
    _insert(SessionBenchmark.__table__, benchmarks)
    yield f"{len(schools)} schools with {len(sessions)} sessions"
