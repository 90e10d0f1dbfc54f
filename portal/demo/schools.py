"""The demo academy's schools programme: fictional schools, ambassadors and sessions."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db

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


def demo_schools(today: date, organisations) -> str:
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
        schools.log_session(details, None)
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
