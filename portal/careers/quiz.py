"""The interests quiz: short questions on what a person enjoys, is good at and how they like to work,
scored against what every role is like (data/attributes.csv), giving a ranked list with reasons.

The answers live only in the URL (``?people=yes&science=no…``), so results can be shared or
bookmarked and nothing about the person is stored.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.careers.models import Career
from portal.extensions import db

ATTRIBUTES_FILE = Path(__file__).resolve().parent / "data" / "attributes.csv"
DIMENSIONS = (
    "people",
    "patients",
    "hands_on",
    "science",
    "technology",
    "creative",
    "shifts",
    "outdoors",
    "children",
    "talking",
    "organising",
    "pressure",
)
ANSWERS = {"yes": 1, "unsure": 0, "no": -1}
ANSWER_LABELS = {"yes": _l("Yes"), "unsure": _l("Not sure"), "no": _l("No")}
DEGREE_ANSWERS = {"yes": _l("Yes"), "unsure": _l("Not sure yet"), "no": _l("No")}


@dataclass(frozen=True)
class Question:
    key: str  # the URL parameter
    dimension: str
    direction: int  # +1: "yes" means more of the dimension; -1: less of it
    text: str


QUESTIONS = (
    Question("helping", "people", 1, _l("I enjoy helping people and chatting with them.")),
    Question("things", "people", -1, _l("I would rather work with equipment, samples or data than with people.")),
    Question("caring", "patients", 1, _l("I would like to look after patients or clients myself.")),
    Question("behind", "patients", -1, _l("I would like to work behind the scenes, keeping things running.")),
    Question("children", "children", 1, _l("I enjoy spending time with children and young people.")),
    Question("science", "science", 1, _l("I like science, such as biology, chemistry or physics.")),
    Question("technology", "technology", 1, _l("I am good with computers, machines and technology.")),
    Question("creative", "creative", 1, _l("I like art, music, drama or making things.")),
    Question("listening", "talking", 1, _l("People say I am a good listener.")),
    Question("organising", "organising", 1, _l("I am good at organising things and people.")),
    Question("hands", "hands_on", 1, _l("I am good with my hands.")),
    Question("active", "hands_on", 1, _l("I want to be up and about at work, not sitting down all day.")),
    Question("desk", "hands_on", -1, _l("I would be happy working at a desk or computer most of the day.")),
    Question("outdoors", "outdoors", 1, _l("I would like to be out and about, travelling or outside.")),
    Question("emergencies", "pressure", 1, _l("I stay calm in an emergency and like a fast pace.")),
    Question("steady", "pressure", -1, _l("I prefer a calm, steady day.")),
    Question("feelings", "talking", 1, _l("I would like to support people with their feelings and worries.")),
    Question("blood", "patients", 1, _l("I would be fine seeing blood, wounds or people who are very ill.")),
    Question("shifts", "shifts", 1, _l("I could work shifts, including nights and weekends.")),
    Question("daytime", "shifts", -1, _l("I need regular daytime hours.")),
)
BY_KEY = {question.key: question for question in QUESTIONS}
DEGREE_KEY = "degree"

# Steps of the quiz: (heading, question keys). The last step also asks about university.
STEPS = (
    (_l("What you enjoy"), ("helping", "things", "caring", "behind", "children")),
    (_l("What you are good at"), ("science", "technology", "creative", "listening", "organising", "hands")),
    (_l("How you like to work"), ("active", "desk", "outdoors", "emergencies", "steady", "feelings")),
    (_l("Hours and study"), ("blood", "shifts", "daytime")),
)

# A reason in plain words, shown when the person's answers agree with what the role is like:
# (dimension, True) when the role has a lot of it, (dimension, False) when it has little.
REASONS = {
    ("people", True): _l("You work with people all day."),
    ("people", False): _l("You work mostly with equipment, samples or data rather than people."),
    ("patients", True): _l("You care for patients or clients yourself."),
    ("patients", False): _l("You work behind the scenes, so others can care for patients."),
    ("hands_on", True): _l("It is practical, hands-on work: you are on your feet."),
    ("hands_on", False): _l("Much of the work is at a desk or computer."),
    ("science", True): _l("It uses science every day."),
    ("science", False): _l("You do not need to love science to do it."),
    ("technology", True): _l("You work with computers, machines or technology."),
    ("technology", False): _l("It is about people and practical work more than technology."),
    ("creative", True): _l("There is room to be creative."),
    ("creative", False): _l("It is more about following careful steps than being creative."),
    ("shifts", True): _l("It is often shift work, including nights and weekends."),
    ("shifts", False): _l("It usually has regular daytime hours."),
    ("outdoors", True): _l("You are out and about, not in one building all day."),
    ("outdoors", False): _l("You mostly work in one place."),
    ("children", True): _l("You often work with children and young people."),
    ("children", False): _l("You work mostly with adults."),
    ("talking", True): _l("Listening and talking things through are a big part of it."),
    ("talking", False): _l("It is more about doing than talking things through."),
    ("organising", True): _l("You plan, organise or lead."),
    ("organising", False): _l("You can focus on your own work without running things."),
    ("pressure", True): _l("It can be fast-paced, with emergencies to handle calmly."),
    ("pressure", False): _l("The days are usually calm and steady."),
}


class AttributesError(ValueError):
    pass


@lru_cache(maxsize=1)
def attributes() -> dict[str, dict[str, int]]:
    """Every role's attributes from data/attributes.csv, by role slug."""
    with ATTRIBUTES_FILE.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        if tuple(rows.fieldnames or ()) != ("slug", *DIMENSIONS):
            raise AttributesError(f"attributes.csv columns must be slug, {', '.join(DIMENSIONS)}")
        found = {}
        for row in rows:
            values = {dimension: int(row[dimension]) for dimension in DIMENSIONS}
            if any(value not in (0, 1, 2) for value in values.values()):
                raise AttributesError(f"{row['slug']}: every value must be 0, 1 or 2")
            found[row["slug"]] = values
    return found


def read_answers(args) -> dict[str, str]:
    """The answers in a query string; anything that is not an answer is left out."""
    answers = {key: args.get(key) for key in BY_KEY if args.get(key) in ANSWERS}
    if args.get(DEGREE_KEY) in DEGREE_ANSWERS:
        answers[DEGREE_KEY] = args.get(DEGREE_KEY)
    return answers


def step_keys(step: int) -> tuple[str, ...]:
    keys = STEPS[step - 1][1]
    return (*keys, DEGREE_KEY) if step == len(STEPS) else keys


def first_unanswered_step(answers: dict[str, str]) -> int | None:
    for number in range(1, len(STEPS) + 1):
        if any(key not in answers for key in step_keys(number)):
            return number
    return None


@dataclass
class Match:
    career: Career
    score: float
    reasons: list[str]


def score_role(role: dict[str, int], answers: dict[str, str]) -> tuple[float, list[tuple[int, str]]]:
    """How well one role fits the answers, and the reasons that count for it (weight, reason)."""
    score, reasons = 0.0, {}
    for key, answer in answers.items():
        question = BY_KEY.get(key)
        if question is None:
            continue
        # -1 (little of it), 0 (some), +1 (a lot): an answer agrees or disagrees with it.
        level = role[question.dimension] - 1
        fit = ANSWERS[answer] * question.direction * level
        score += fit
        if fit > 0:
            reason = (question.dimension, level > 0)
            reasons[reason] = reasons.get(reason, 0) + fit
    ranked = sorted(reasons.items(), key=lambda item: (-item[1], DIMENSIONS.index(item[0][0])))
    return score, [(weight, str(REASONS[reason])) for reason, weight in ranked]


def ranked_matches(answers: dict[str, str]) -> list[Match]:
    """Every role with attributes, best fit first (ties by title), with up to three reasons."""
    table = attributes()
    careers = db.session.scalars(
        select(Career).where(Career.slug.in_(list(table))).options(selectinload(Career.family))
    ).all()
    matches = []
    for career in careers:
        score, reasons = score_role(table[career.slug], answers)
        matches.append(Match(career, score, [text for _weight, text in reasons[:3]]))
    matches.sort(key=lambda match: (-match.score, match.career.title))
    return matches


def results(answers: dict[str, str], per_list: int = 8) -> dict[str, list[Match]]:
    """The best roles needing no degree and the best needing one, each ranked."""
    matches = ranked_matches(answers)
    return {
        "no_degree": [m for m in matches if not m.career.degree_needed][:per_list],
        "degree": [m for m in matches if m.career.degree_needed][:per_list],
        "all": matches,
    }
