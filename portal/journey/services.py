"""Turning a person's answers into a recommended route, careers to look at and opportunities they
can apply for now, each with the reason. Pure rules over the answers; the database is only read
for careers and opportunities."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, or_, select
from sqlalchemy.orm import selectinload

from portal.careers.models import Career, CareerFamily
from portal.extensions import db
from portal.opportunities.models import Opportunity, opportunity_careers

ABROAD = ("abroad_health", "abroad_other")
NO_DEGREE = ("none", "school", "college")
# Kinds that are paid work or lead straight to it: never offered to someone without the right to work.
WORK_KINDS = ("apprenticeship", "pre_employment")


@dataclass
class Answers:
    situation: str | None = None
    age: int | None = None
    right_to_work: str | None = None
    english: str | None = None
    qualifications: str | None = None
    enic: str | None = None
    interests: list[str] = field(default_factory=list)
    availability: str | None = None

    @classmethod
    def from_session(cls, data: dict) -> "Answers":
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__ if name in data})

    @property
    def can_work(self) -> bool:
        return self.right_to_work == "yes"


@dataclass
class Recommendation:
    route: str
    reasons: list[str]
    steps: list[str]
    careers: list[Career]
    opportunities: list[Opportunity]
    adviser_first: bool
    under_16: bool


def choose_route(answers: Answers) -> tuple[str, list[str]]:
    """The route that fits, and why, in words the person will read."""
    reasons = []
    needs_support = (
        answers.situation == "new_to_uk"
        or answers.right_to_work in ("no", "not_sure")
        or answers.english in ("some", "learning")
        or answers.qualifications in ABROAD
    )
    if answers.situation in ("at_school", "at_college") and not needs_support:
        reasons.append(
            _(
                "You are still in education, so the best start is careers information, work experience and the right courses or apprenticeships."
            )
        )
        return "in_education", reasons
    if needs_support:
        if answers.situation == "new_to_uk":
            reasons.append(_("You are new to the UK. An adviser can help you with the things that are different here."))
        if answers.right_to_work in ("no", "not_sure"):
            reasons.append(_("You may not have the right to work yet. You can still volunteer, learn and get advice."))
        if answers.english in ("some", "learning"):
            reasons.append(_("Better English will open more doors. Free English classes (ESOL) can help."))
        if answers.qualifications in ABROAD:
            reasons.append(
                _("Your qualification is from outside the UK. It can be checked so employers understand it.")
            )
        return "seldom_heard", reasons
    if answers.situation == "working":
        reasons.append(_("You already have work experience. Many health and care jobs value the skills you have."))
    else:
        reasons.append(_("Many health and care jobs need no degree and train you on the job."))
    return "career_changer", reasons


def next_steps(answers: Answers, route: str) -> list[str]:
    steps = []
    if answers.age is not None and answers.age < 16:
        steps += [
            _("Talk to the careers adviser at your school about the subjects different jobs need."),
            _("Try a virtual work experience day: you can do it from home or school."),
            _("Ask your school about the academy's careers talks and 'meet a professional' sessions."),
            _("From 16 you can apply for work experience, volunteering and apprenticeships."),
        ]
        return steps
    if route == "in_education":
        steps += [
            _("Apply for work experience to see a job up close."),
            _("Look at apprenticeships: you earn a wage and get a qualification."),
            _("Check the entry requirements of the careers you like."),
        ]
    elif route == "career_changer":
        steps += [
            _("Look at roles that need no degree: many start with training on the job."),
            _("Volunteering is a good way to try health and care work."),
            _("An adviser can help with applications and interviews."),
        ]
    else:
        steps.append(
            _("Ask for an adviser: they will talk to you, in your language if you need it, and make a plan with you.")
        )
        if answers.english in ("some", "learning"):
            steps.append(_("Join a free English class (ESOL). Your adviser can find one near you."))
        if answers.qualifications in ABROAD and answers.enic != "yes":
            steps.append(
                _(
                    "Get a UK ENIC statement of comparability, so employers understand your qualification. Your adviser can help you apply."
                )
            )
        if not answers.can_work:
            steps.append(
                _("You can volunteer while you wait for the right to work. It builds experience and references.")
            )
        if answers.qualifications == "abroad_health":
            steps.append(_("An observership lets you watch how a UK team works in your profession."))
    return steps


def suggested_careers(answers: Answers, limit: int = 6) -> list[Career]:
    statement = select(Career).options(selectinload(Career.family)).join(Career.family)
    families = [slug for slug in answers.interests if slug != "not_sure"]
    if families:
        statement = statement.where(CareerFamily.slug.in_(families))
    no_degree_first = answers.qualifications in NO_DEGREE or answers.qualifications is None
    order = [case((Career.degree_needed.is_(False), 0), else_=1)] if no_degree_first else []
    if not families:
        statement = statement.where(
            or_(Career.degree_needed.is_(False), Career.entry_routes.like("%|apprenticeship|%"))
        )
    return list(db.session.scalars(statement.order_by(*order, Career.title).limit(limit)))


def suitable_opportunities(answers: Answers, today: date, limit: int = 5) -> list[Opportunity]:
    """Open opportunities whose eligibility the person meets, related ones first."""
    statement = (
        select(Opportunity)
        .options(selectinload(Opportunity.organisation))
        .where(Opportunity.status == "published", Opportunity.closes_on >= today)
        .where(Opportunity.places_taken < Opportunity.places)
    )
    if answers.age is not None:
        statement = statement.where(or_(Opportunity.min_age.is_(None), Opportunity.min_age <= answers.age))
    if not answers.can_work:
        statement = statement.where(Opportunity.right_to_work_required.is_(False), Opportunity.kind.not_in(WORK_KINDS))
    families = [slug for slug in answers.interests if slug != "not_sure"]
    related = case(
        (
            Opportunity.id.in_(
                select(opportunity_careers.c.opportunity_id)
                .join(Career, Career.id == opportunity_careers.c.career_id)
                .join(CareerFamily)
                .where(CareerFamily.slug.in_(families))
            ),
            0,
        ),
        else_=1,
    )
    return list(db.session.scalars(statement.order_by(related, Opportunity.closes_on, Opportunity.id).limit(limit)))


def recommend(answers: Answers, today: date | None = None) -> Recommendation:
    today = today or date.today()
    route, reasons = choose_route(answers)
    return Recommendation(
        route=route,
        reasons=reasons,
        steps=next_steps(answers, route),
        careers=suggested_careers(answers),
        opportunities=suitable_opportunities(answers, today),
        adviser_first=route == "seldom_heard",
        under_16=answers.age is not None and answers.age < 16,
    )
