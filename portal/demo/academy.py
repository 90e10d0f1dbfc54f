"""`flask seed demo`: staff accounts, organisations, people, opportunities, applications and referrals
of an invented academy."""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import create_user
from portal.demo.people import demo_path, demo_person
from portal.demo.postcodes import OPPORTUNITY_POSTCODES, seed_postcodes
from portal.demo.schools import demo_schools
from portal.extensions import db
from portal.pipeline import services as pipeline
from portal.pipeline.models import Organisation, Person

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


def seed_demo(people: int = 240, seed: int = 2026, today: date | None = None) -> Iterator[str]:
    today = today or date.today()
    rng = random.Random(seed)
    yield from _demo_users()
    organisations = _demo_organisations()
    yield f"Organisations: {len(organisations)} in the demo academy."
    created = 0
    for number in range(1, people + 1):
        profile = demo_person(rng, number, today)  # drawn even when skipped, so refs stay stable
        if db.session.execute(select(Person.id).filter_by(person_ref=profile["person_ref"])).first():
            continue
        person = pipeline.create_person(**profile.pop("person"), equality=profile.pop("equality"))
        for stage, when, organisation in demo_path(rng, profile["first_contact"], today, organisations):
            pipeline.record_event(person, stage, when, organisation=organisation, source_type="demo", today=today)
        created += 1
    db.session.commit()
    yield f"People: {created} added ({people - created} already there)."
    yield seed_postcodes()
    yield from _demo_opportunities(rng, today, organisations)
    yield demo_schools(today, organisations)


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
    for number, (title, kind, host, career_slugs, closes_in, places, min_age, right_to_work, online) in enumerate(
        DEMO_OPPORTUNITIES
    ):
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
                "postcode": None if online else OPPORTUNITY_POSTCODES[number % len(OPPORTUNITY_POSTCODES)],
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
