"""`flask seed reference` and `flask seed demo`. Both are idempotent: a second run adds nothing.

The demo academy is invented: the people are generated from lists of common first names and
surnames, the organisations are fictional, and nothing comes from a real person.
"""

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import create_user
from portal.extensions import db
from portal.pipeline import services as pipeline
from portal.pipeline.choices import ETHNIC_CATEGORIES, STAGES, YES_NO_CHARACTERISTICS
from portal.pipeline.models import Organisation, Person


def _reference_loaders() -> list[Callable[[], str]]:
    """Each area with reference data has a loader that returns a line saying what it did."""
    from portal.careers.reference import load_careers

    return [load_careers]


def seed_reference() -> Iterator[str]:
    for loader in _reference_loaders():
        yield loader()
    db.session.commit()


DEMO_TOTP_SECRET = "DEMOACADEMYPORTALDEMOACADEMYPORT"  # noqa: S105 - demo only, like the password
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the demo; seed demo is refused in production
DEMO_USERS = (
    ("admin@demo.example", "Alex Admin", "admin"),
    ("manager@demo.example", "Morgan Manager", "manager"),
    ("staff@demo.example", "Sam Schools", "academy_staff"),
    ("adviser@demo.example", "Ola Outreach", "outreach_adviser"),
)

DEMO_ORGANISATIONS = (
    ("Northvale Teaching Hospitals NHS Foundation Trust", "nhs_trust"),
    ("Northvale and Eastmoor Community Health NHS Trust", "nhs_trust"),
    ("Eastmoor County Council", "local_authority"),
    ("Westbrook Primary Care Network", "gp_practice"),
    ("Larchfield Care Homes", "care_provider"),
    ("Northvale Refugee Welcome", "vcse"),
    ("Jobcentre Plus Northvale", "referral_partner"),
    ("Northvale College", "education"),
)

FIRST_NAMES = (
    "Amira",
    "Olena",
    "Mohammad",
    "Zahra",
    "Oliver",
    "Chloe",
    "Ahmad",
    "Sofia",
    "Daniel",
    "Fatima",
    "Bohdan",
    "Leah",
    "Yusuf",
    "Grace",
    "Karim",
    "Iryna",
    "Jack",
    "Maryam",
    "Ethan",
    "Nadia",
    "Farid",
    "Emily",
    "Hassan",
    "Anna",
    "Lewis",
    "Rahima",
    "Taras",
    "Mia",
    "Sami",
    "Ella",
)
LAST_NAMES = (
    "Ahmadi",
    "Kovalenko",
    "Smith",
    "Haddad",
    "Jones",
    "Rahimi",
    "Shevchenko",
    "Taylor",
    "Khan",
    "Brown",
    "Nazari",
    "Melnyk",
    "Wilson",
    "Hussaini",
    "Evans",
    "Al-Masri",
    "Bondarenko",
    "Patel",
    "Hughes",
    "Stanekzai",
    "Roberts",
    "Karimi",
    "Begum",
    "Walker",
    "Popova",
    "Okafor",
)
POSTCODES = ("SO16 6YD", "SO15 2JU", "PO1 2EF", "SO14 7LP", "SO17 1BJ", "PO4 8LD", "SO19 9RR", "SO40 3WX")
LANGUAGES = {"in_education": ("en",), "career_changer": ("en", "en", "uk"), "seldom_heard": ("ar", "prs", "ps", "uk")}
# Chance of going on from each stage to the next; the rest stop there (some with an exit event).
CARRY_ON = (0.7, 0.6, 0.65, 0.6, 0.5, 0.85, 0.85, 0.8)


def seed_demo(people: int = 240, seed: int = 2026, today: date | None = None) -> Iterator[str]:
    today = today or date.today()
    rng = random.Random(seed)
    yield from _demo_users()
    organisations = _demo_organisations()
    yield f"Organisations: {len(organisations)} in the demo academy."
    created = 0
    for number in range(1, people + 1):
        profile = _demo_person(rng, number, today)  # drawn even when skipped, so refs stay stable
        if db.session.execute(select(Person.id).filter_by(person_ref=profile["person_ref"])).first():
            continue
        person = pipeline.create_person(commit=False, **profile.pop("person"), equality=profile.pop("equality"))
        for stage, when, organisation in _demo_path(rng, profile["first_contact"], today, organisations):
            pipeline.record_event(
                person, stage, when, organisation=organisation, source_type="demo", today=today, commit=False
            )
        created += 1
    db.session.commit()
    yield f"People: {created} added ({people - created} already there)."
    yield from _demo_opportunities(rng, today, organisations)
    yield _demo_schools(today, organisations)


# (title, kind, host index, careers, days until closing, places, minimum age, right to work, online)
DEMO_OPPORTUNITIES = (
    (
        "Ward work experience week",
        "work_experience",
        0,
        ["adult-nurse", "healthcare-assistant"],
        30,
        12,
        16,
        False,
        False,
    ),
    (
        "Virtual work experience: a day in the NHS",
        "virtual_work_experience",
        0,
        ["paramedic", "physiotherapist"],
        9,
        200,
        14,
        False,
        True,
    ),
    ("Healthcare support worker apprenticeship", "apprenticeship", 0, ["healthcare-assistant"], 21, 8, 16, True, False),
    (
        "Pharmacy services assistant apprenticeship",
        "apprenticeship",
        1,
        ["pharmacy-technician"],
        45,
        3,
        16,
        True,
        False,
    ),
    ("Hospital volunteer: patient experience", "volunteering", 0, [], 60, 25, 16, False, False),
    ("Care home volunteering", "volunteering", 4, ["care-worker"], 12, 10, 18, False, False),
    ("Observership for overseas-trained nurses", "observership", 0, ["adult-nurse"], 40, 6, 18, False, False),
    (
        "Getting into care work: two-week pre-employment course",
        "pre_employment",
        4,
        ["care-worker", "senior-care-worker"],
        18,
        15,
        18,
        True,
        False,
    ),
    (
        "Information session: careers in the ambulance service",
        "information_session",
        1,
        ["paramedic"],
        7,
        40,
        14,
        False,
        True,
    ),
    ("Information session for refugees: working in the NHS", "information_session", 5, [], 25, 30, 18, False, False),
    ("GP practice reception work experience", "work_experience", 3, [], 35, 4, 16, False, False),
    (
        "Therapies work experience: physio and OT",
        "work_experience",
        1,
        ["physiotherapist", "occupational-therapist"],
        5,
        6,
        16,
        False,
        False,
    ),
)


def _demo_opportunities(rng, today, organisations) -> Iterator[str]:
    from portal.careers.models import Career
    from portal.opportunities import services as opportunities
    from portal.opportunities.models import Opportunity

    if db.session.execute(select(Opportunity.id).limit(1)).first():
        yield "Opportunities: already there."
        return
    staff = db.session.execute(select(User).filter_by(email="staff@demo.example")).scalar_one()
    created = []
    for title, kind, host, career_slugs, closes_in, places, min_age, right_to_work, online in DEMO_OPPORTUNITIES:
        careers = list(db.session.scalars(select(Career).where(Career.slug.in_(career_slugs))))
        opportunity = opportunities.save_opportunity(
            None,
            {
                "title": title,
                "kind": kind,
                "organisation_id": organisations[host].id,
                "summary": f"{title}, hosted by {organisations[host].name}.",
                "description": "Meet the team, see the work up close and ask questions. We will confirm times once you are offered a place.",
                "online": online,
                "location": "" if online else "Northvale",
                "starts_on": today + timedelta(days=closes_in + 14),
                "ends_on": today + timedelta(days=closes_in + 18),
                "closes_on": today + timedelta(days=closes_in),
                "places": places,
                "min_age": min_age,
                "right_to_work_required": right_to_work,
                "dbs_check": "enhanced" if kind in ("apprenticeship", "observership") else "none",
                "routes": "|in_education|career_changer|seldom_heard|",
            },
            careers,
            staff,
        )
        opportunities.set_opportunity_status(opportunity, "published", staff)
        created.append(opportunity)
    # A draft, which the public never sees.
    opportunities.save_opportunity(
        None,
        {
            "title": "Summer school for Year 12 (draft)",
            "kind": "work_experience",
            "organisation_id": organisations[7].id,
            "summary": "Being planned.",
            "closes_on": today + timedelta(days=90),
            "places": 20,
        },
        [],
        staff,
    )
    applied = _demo_applications(rng, today, created, staff)
    yield f"Opportunities: {len(created) + 1} added, {applied} demo applications."
    yield f"Referrals: {_demo_referrals(rng, today)} people waiting for an adviser."


def _demo_referrals(rng, today) -> int:
    from portal.outreach import services as outreach
    from portal.people import intake

    adviser = db.session.scalars(select(User).filter_by(role="outreach_adviser").order_by(User.id)).first()
    people = db.session.scalars(select(Person).filter_by(route="seldom_heard").order_by(Person.id).limit(6)).all()
    for number, person in enumerate(people):
        referral = outreach.refer_self(
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "preferred_language": person.preferred_language,
                "route": "seldom_heard",
                "needs": rng.sample(["english", "qualifications", "right_to_work", "applications", "volunteering"], 2),
            },
            consent_version="2026-11",
            today=today,
        )
        # They are on record already, so each request waits for an adviser to say who asked:
        # the demo adviser has done so for all but the newest, which stays in the queue to be checked.
        if referral.person is None and number < len(people) - 1 and adviser is not None:
            intake.link(referral.intake, person, adviser)
            db.session.commit()
    return len(people)


def _demo_applications(rng, today, created, staff) -> int:
    from portal.opportunities import services as opportunities
    from portal.people import intake

    people = list(db.session.scalars(select(Person).order_by(Person.id).limit(40)))
    count = 0
    for number, person in enumerate(people):
        opportunity = rng.choice(created)
        details = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "date_of_birth": person.date_of_birth,
            "route": person.route,
            "right_to_work": "yes",
        }
        try:
            application = opportunities.apply(opportunity.id, details, consent_version="2026-11", today=today)
        except opportunities.ApplyRefused:
            continue
        count += 1
        # Applicants already on record wait for staff to say who applied; the demo staff member
        # has checked all but the first two, which stay in the queue.
        if application.person is None:
            if number < 2:
                continue
            intake.link(application.intake, person, staff)
            db.session.commit()
        path = rng.choice([[], ["reviewing"], ["reviewing", "shortlisted"], ["reviewing", "unsuccessful"],
                           ["reviewing", "shortlisted", "offered", "accepted"]])  # fmt: skip
        for status in path:
            opportunities.change_status(application, status, staff, today=today)
    # A few people in jobs, so that the checks-due list has something to do.
    for days_ago, person in zip((95, 100, 190, 30), people[-4:], strict=True):
        opportunities.record_employment(
            person,
            user=staff,
            today=today,
            organisation_id=created[0].organisation_id,
            job_title=rng.choice(("Healthcare support worker", "Care worker", "Ward clerk")),
            contract_type=rng.choice(("permanent", "fixed_term", "bank")),
            hours_per_week=rng.choice((22, 30, 37)),
            started_on=today - timedelta(days=days_ago),
        )
    return count


def _demo_users() -> Iterator[str]:
    for email, name, role in DEMO_USERS:
        if not db.session.execute(select(User.id).filter_by(email=email)).first():
            user = create_user(email=email, name=name, role=role, password=DEMO_PASSWORD)
            # Demo accounts share one published authenticator key, so anyone trying the demo can
            # add it to an app once. Real accounts each set up their own at first sign-in.
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_enrolled_at = datetime.now(UTC).replace(tzinfo=None)
            db.session.commit()
    yield "Demo staff sign-ins (password for all: " + DEMO_PASSWORD + "):"
    yield "  authenticator app key for all: " + DEMO_TOTP_SECRET
    for email, _name, role in DEMO_USERS:
        yield f"  {email:24} {role}"


def _demo_organisations() -> list[Organisation]:
    organisations = []
    for name, kind in DEMO_ORGANISATIONS:
        organisation = db.session.execute(select(Organisation).filter_by(name=name)).scalar_one_or_none()
        if organisation is None:
            organisation = Organisation(name=name, kind=kind)
            db.session.add(organisation)
        organisations.append(organisation)
    db.session.flush()
    return organisations


def _demo_person(rng: random.Random, number: int, today: date) -> dict:
    route = rng.choices(("in_education", "career_changer", "seldom_heard"), weights=(5, 3, 2))[0]
    age = {
        "in_education": rng.randint(13, 21),
        "career_changer": rng.randint(22, 58),
        "seldom_heard": rng.randint(18, 55),
    }[route]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    first_contact = today - timedelta(days=rng.randint(20, 700))
    answer = lambda: rng.choices(("yes", "no", "prefer_not_to_say", None), weights=(2, 10, 1, 2))[0]  # noqa: E731
    equality = {name: answer() for name in YES_NO_CHARACTERISTICS}
    if route == "seldom_heard":
        equality["refugee_background"] = rng.choices(("yes", "prefer_not_to_say"), weights=(9, 1))[0]
    equality["sex"] = rng.choices(("female", "male", "other", "prefer_not_to_say", None), weights=(12, 8, 1, 1, 1))[0]
    equality["ethnic_category"] = rng.choice(list(ETHNIC_CATEGORIES) + ["A", "A", "A", None])
    return {
        "person_ref": f"DEMO-{number:05d}",
        "first_contact": first_contact,
        "person": {
            "person_ref": f"DEMO-{number:05d}",
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}.{number}@example.com".lower().replace("'", ""),
            "date_of_birth": today.replace(year=today.year - age) - timedelta(days=rng.randint(1, 360)),
            "postcode": rng.choice(POSTCODES),
            "preferred_language": rng.choice(LANGUAGES[route]),
            "route": route,
            "source": rng.choice(("school_session", "website", "referral", "event")),
            "consent_date": first_contact,
            "consent_version": "2026-11",
            "imd_quintile": rng.randint(1, 5),
        },
        "equality": equality,
    }


def _demo_path(rng, first_contact, today, organisations):
    when = first_contact
    yield "engaged", when, rng.choice(organisations)
    for index, chance in enumerate(CARRY_ON, start=1):
        gap = 91 if STAGES[index].startswith("sustained") else rng.randint(7, 60)
        when = when + timedelta(days=gap)
        if when > today:
            return
        if rng.random() > chance:
            if STAGES[index] in ("applied", "in_training", "offered") and rng.random() < 0.5:
                yield rng.choice(("withdrawn", "unsuccessful")), when, rng.choice(organisations)
            return
        yield STAGES[index], when, rng.choice(organisations)


# Fictional schools (URNs in an unused 9xxxxx range), ambassadors and sessions for the schools programme.
DEMO_SCHOOLS = (
    ("900101", "Northvale Academy", "secondary", "Northvale", True),
    ("900102", "Eastmoor High School", "secondary", "Eastmoor", False),
    ("900103", "Larchfield Primary School", "primary", "Eastmoor", True),
    ("900104", "Westbrook Middle School", "middle", "Northvale", False),
    ("900105", "Northvale College", "college", "Northvale", False),
    ("900106", "Brookside Special School", "special", "Eastmoor", True),
    ("900107", "Harbour All-Through School", "all_through", "Northvale", False),
    ("900108", "Millbrook Primary School", "primary", "Northvale", False),
)
# (name, career slug, employer index, DBS checked this many days ago, formats, active)
DEMO_AMBASSADORS = (
    ("Priya Shah", "physiotherapist", 0, 200, "|in_person|virtual|", True),
    ("Tom Reid", "paramedic", 1, 400, "|in_person|", True),
    ("Grace Mensah", "adult-nurse", 0, 90, "|in_person|virtual|", True),
    ("Dan Novak", "biomedical-scientist", 0, 1200, "|virtual|", True),
    ("Aisha Rahman", "dental-nurse", 3, 500, "|in_person|", False),
)
# (school index, days ago, activity, format, year groups, pupils, careers, benchmarks, ambassador indexes)
DEMO_SESSIONS = (
    (0, 12, "meet_a_professional", "in_person", ("9", "10"), 58, ("paramedic", "adult-nurse"), (5,), (1, 2)),
    (
        0,
        40,
        "careers_fair",
        "in_person",
        ("10", "11"),
        180,
        ("physiotherapist", "paramedic", "biomedical-scientist"),
        (5, 7),
        (0, 1),
    ),
    (1, 20, "workshop", "in_person", ("8",), 30, ("biomedical-scientist",), (4,), (0,)),
    (2, 30, "assembly", "in_person", ("R", "1", "2"), 110, ("adult-nurse",), (2,), (2,)),
    (3, 55, "careers_talk", "virtual", ("7", "8"), 64, ("physiotherapist",), (2, 5), (0,)),
    (4, 8, "mock_interviews", "in_person", ("12", "13"), 22, ("adult-nurse", "paramedic"), (5, 8), (1, 2)),
    (4, 70, "virtual_work_experience", "virtual", ("12",), 35, ("biomedical-scientist",), (6,), (3,)),
    (5, 16, "meet_a_professional", "hybrid", ("9", "10", "11"), 18, ("physiotherapist",), (3, 5), (0,)),
    (6, 25, "teacher_cpd", "in_person", ("7", "8", "9"), 0, (), (1, 4), (2,)),
    (0, 300, "careers_talk", "in_person", ("9",), 90, ("paramedic",), (5,), (1,)),
    (1, 330, "careers_fair", "in_person", ("9", "10", "11"), 220, ("adult-nurse", "dental-nurse"), (5,), (2, 4)),
    (7, 380, "assembly", "in_person", ("5", "6"), 60, (), (2,), ()),
)


def _demo_schools(today: date, organisations) -> str:
    from decimal import Decimal

    from portal.careers.models import Career
    from portal.schools import services as schools
    from portal.schools.models import Ambassador, School, SchoolSession, SessionRequest

    school_rows = []
    for urn, name, phase, local_authority, pilot in DEMO_SCHOOLS:
        school = schools.school_by_urn(urn)
        if school is None:
            school = School(urn=urn, name=name, phase=phase, local_authority=local_authority, pilot=pilot,
                            contact_name="Careers lead", contact_email=f"careers.{urn}@example.com")  # fmt: skip
            db.session.add(school)
        school_rows.append(school)
    careers = {c.slug: c for c in db.session.scalars(select(Career))}
    ambassadors = []
    for name, slug, employer, dbs_days, formats, active in DEMO_AMBASSADORS:
        email = name.lower().replace(" ", ".") + "@example.com"
        ambassador = db.session.scalars(select(Ambassador).filter_by(email=email)).first()
        if ambassador is None:
            ambassador = Ambassador(
                name=name, email=email, career=careers.get(slug), employer=organisations[employer],
                dbs_checked_on=today - timedelta(days=dbs_days), formats=formats, active=active,
                availability="Weekday afternoons in term time",
            )  # fmt: skip
            db.session.add(ambassador)
        ambassadors.append(ambassador)
    db.session.flush()
    added = 0
    for school_index, days, activity, format, years, pupils, slugs, benchmarks, present in DEMO_SESSIONS:
        school, held_on = school_rows[school_index], today - timedelta(days=days)
        if db.session.scalars(
            select(SchoolSession.id).filter_by(school_id=school.id, held_on=held_on, activity=activity)
        ).first():
            continue
        details = schools.SessionDetails(
            school_id=school.id, held_on=held_on, format=format, activity=activity, year_groups=list(years),
            pupils_reached=pupils, career_ids=[careers[s].id for s in slugs if s in careers], benchmarks=list(benchmarks),
            ambassador_hours={ambassadors[i].id: Decimal("2") for i in present}, curriculum_subject="Science",
        )  # fmt: skip
        schools.log_session(details, None, commit=False)
        added += 1
    if not db.session.scalars(select(SessionRequest.id).filter_by(contact_email="careers.900102@example.com")).first():
        db.session.add(
            SessionRequest(
                school_name="Eastmoor High School", urn="900102", school=school_rows[1], contact_name="Careers lead",
                contact_email="careers.900102@example.com", activity="meet_a_professional",
                family=careers["paramedic"].family if "paramedic" in careers else None,
                topic="A paramedic, please", year_groups="|9|10|", preferred_date=today + timedelta(days=21),
                format="in_person", pupils_expected=60,
            )
        )  # fmt: skip
    db.session.commit()
    return f"Schools: {len(school_rows)} schools, {len(ambassadors)} ambassadors, {added} sessions added."
