"""The schools reach report: sessions, pupils and schools reached by phase, year group, key stage,
activity, Gatsby benchmark, career family and ambassador hours, from the schools area's models."""

from datetime import date
from decimal import Decimal

from sqlalchemy import distinct, func, select

from portal.careers.models import Career, CareerFamily
from portal.extensions import db
from portal.schools.choices import YEAR_GROUPS
from portal.schools.models import (
    Ambassador,
    School,
    SchoolSession,
    SessionAmbassador,
    SessionBenchmark,
    SessionChange,
    SessionYearGroup,
    academic_year_start,
    session_careers,
)
from portal.ui.exports import to_csv


def _breakdown(statement) -> list[dict]:
    rows = [
        {"key": "unknown" if key is None else key, "sessions": sessions, "pupils": int(pupils or 0)}
        for key, sessions, pupils in db.session.execute(statement).all()
    ]
    # Databases sort NULL differently; "not recorded" always comes last.
    return sorted(rows, key=lambda row: row["key"] == "unknown")


# Every change to what the reach report reads is audited under one of these object types (a
# sessions import as a whole under "sessions").
REPORT_AUDIT_TYPES = ("school", "school_session", "ambassador", "school_session_request", "sessions")


def report_stamp() -> tuple:
    """A value that changes whenever the data behind the reach report changes: the newest audit
    entry of the schools area (every create, edit and import is audited), and the newest school,
    session, session change and ambassador (which also catch rows written without the web, such
    as by `flask seed`). One cheap statement, so a kept report can be checked on every request."""
    from portal.audit.models import AuditEvent

    return tuple(
        db.session.execute(
            select(
                select(func.max(AuditEvent.id)).where(AuditEvent.object_type.in_(REPORT_AUDIT_TYPES)).scalar_subquery(),
                select(func.max(School.id)).scalar_subquery(),
                select(func.max(SchoolSession.id)).scalar_subquery(),
                select(func.max(SessionChange.id)).scalar_subquery(),
                select(func.max(Ambassador.id)).scalar_subquery(),
            )
        ).one()
    )


def reach_report(start: date, end: date, top: int = 10, not_reached_limit: int = 50) -> dict:
    """Sessions, pupils reached and schools for a period, every figure one SQL aggregation.

    A session counts once in each group it belongs to (a session for Years 9 and 10 counts under
    both key stages), so a breakdown's rows can add up to more than the total. Pupil counts are
    of pupils in the room, not of individuals, so no small-number suppression applies."""
    in_period = (
        select(SchoolSession.id, SchoolSession.school_id, SchoolSession.pupils_reached, SchoolSession.activity,
               SchoolSession.format)
        .where(SchoolSession.held_on.between(start, end))
        .subquery()
    )  # fmt: skip
    s = in_period.c
    totals = db.session.execute(
        select(
            func.count(s.id),
            func.coalesce(func.sum(s.pupils_reached), 0),
            func.count(distinct(s.school_id)),
            func.count(distinct(School.id)).filter(School.pilot.is_(True)),
        ).join(School, School.id == s.school_id)
    ).one()
    pupils = func.sum(s.pupils_reached)

    def by(column, *joins):
        statement = select(column, func.count(distinct(s.id)), pupils).select_from(in_period)
        for target, on in joins:
            statement = statement.join(target, on)
        return _breakdown(statement.group_by(column).order_by(column))

    # Distinct (session, key stage) and (session, family) pairs first, so that a session with two
    # year groups in one key stage, or two careers in one family, adds its pupils once.
    key_stages = select(SessionYearGroup.session_id, SessionYearGroup.key_stage).distinct().subquery()
    families = (
        select(session_careers.c.session_id, CareerFamily.slug.label("family"))
        .join(Career, Career.id == session_careers.c.career_id)
        .join(CareerFamily, CareerFamily.id == Career.family_id)
        .distinct()
        .subquery()
    )
    breakdowns = {
        "phase": by(School.phase, (School, School.id == s.school_id)),
        "key_stage": by(key_stages.c.key_stage, (key_stages, key_stages.c.session_id == s.id)),
        "year_group": by(SessionYearGroup.year_group, (SessionYearGroup, SessionYearGroup.session_id == s.id)),
        "activity": by(s.activity),
        "format": by(s.format),
        "gatsby": by(SessionBenchmark.benchmark, (SessionBenchmark, SessionBenchmark.session_id == s.id)),
        "career_family": by(families.c.family, (families, families.c.session_id == s.id)),
    }
    breakdowns["year_group"].sort(key=lambda row: YEAR_GROUPS.index(row["key"]))
    top_schools = db.session.execute(
        select(School.id, School.name, School.urn, func.count(s.id), pupils)
        .join(in_period, s.school_id == School.id)
        .group_by(School.id, School.name, School.urn)
        .order_by(pupils.desc(), School.name)
        .limit(top)
    ).all()
    year_start = academic_year_start(end)
    reached_this_year = select(SchoolSession.school_id).where(SchoolSession.held_on.between(year_start, end))
    not_reached = select(School).where(School.id.not_in(reached_this_year))
    not_reached_count = db.session.scalar(select(func.count()).select_from(not_reached.subquery()))
    not_reached_rows = db.session.scalars(not_reached.order_by(School.name).limit(not_reached_limit)).all()
    hours = db.session.execute(
        select(Ambassador.id, Ambassador.name, func.count(s.id), func.sum(SessionAmbassador.hours))
        .join(SessionAmbassador, SessionAmbassador.ambassador_id == Ambassador.id)
        .join(in_period, s.id == SessionAmbassador.session_id)
        .group_by(Ambassador.id, Ambassador.name)
        .order_by(func.sum(SessionAmbassador.hours).desc(), Ambassador.name)
    ).all()
    return {
        "start": start,
        "end": end,
        "sessions": totals[0],
        "pupils": int(totals[1]),
        "schools": totals[2],
        "pilot_schools": totals[3],
        "breakdowns": breakdowns,
        "top_schools": [
            {"id": i, "name": n, "urn": u, "sessions": c, "pupils": int(p or 0)} for i, n, u, c, p in top_schools
        ],
        "year_start": year_start,
        "not_reached_count": not_reached_count,
        "not_reached": not_reached_rows,
        "ambassador_hours": [{"id": i, "name": n, "sessions": c, "hours": Decimal(h or 0)} for i, n, c, h in hours],
        "total_hours": sum((Decimal(h or 0) for *_rest, h in hours), Decimal(0)),
    }


def report_csv(report: dict, labels: dict | None = None) -> str:
    """``labels``: breakdown -> code -> words, written in the ``name`` column beside each code."""
    labels = labels or {}
    rows = [("total", "all", "", report["sessions"], report["pupils"], report["schools"], report["total_hours"]),
            ("pilot_schools", "all", "", "", "", report["pilot_schools"], ""),
            ("schools_not_reached_this_year", "all", "", "", "", report["not_reached_count"], "")]  # fmt: skip
    for name, breakdown in report["breakdowns"].items():
        words = labels.get(name, {})
        rows += [
            (name, row["key"], words.get(row["key"], ""), row["sessions"], row["pupils"], "", "") for row in breakdown
        ]
    rows += [("top_school", row["urn"], row["name"], row["sessions"], row["pupils"], "", "")
             for row in report["top_schools"]]  # fmt: skip
    rows += [("ambassador", row["id"], row["name"], row["sessions"], "", "", row["hours"])
             for row in report["ambassador_hours"]]  # fmt: skip
    return to_csv(["section", "group", "name", "sessions", "pupils_reached", "schools", "ambassador_hours"], rows)
