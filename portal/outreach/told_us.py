"""What they told us: the Journey to Work answers that came with a request for an adviser, carried
into the case when an adviser opens one, and shown as "what they told us" until the adviser has
checked each with the person.

The journey registers its questions and their answers' words here (``register_question``), so
this package never imports it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.audit import services as audit
from portal.extensions import db
from portal.outreach.models import Case, CaseAnswer, CaseChange, Referral


@dataclass(frozen=True)
class Question:
    label: object  # a lazy string: the question as the person was asked it
    answers: Callable[[], dict]  # code -> the answer's words
    several: bool  # answered with a list of codes (the kinds of work)


_QUESTIONS: dict[str, Question] = {}


def register_question(key: str, label, answers: dict | Callable[[], dict], *, several: bool = False) -> None:
    words = answers if callable(answers) else (lambda answers=answers: answers)
    _QUESTIONS[key] = Question(label=label, answers=words, several=several)


def carried(answers: dict) -> dict:
    """The registered questions' answers from ``answers``, each kept only if it is one of its
    question's codes (a list of them for several): what is stored with the request."""
    kept = {}
    for key, question in _QUESTIONS.items():
        value = answers.get(key)
        known = question.answers()
        if question.several and isinstance(value, list):
            value = [code for code in value if isinstance(code, str) and code in known][:20]
            if value:
                kept[key] = value
        elif not question.several and isinstance(value, str) and value in known:
            kept[key] = value
    return kept


def readable(answers: dict) -> list[dict]:
    """[{key, question, answer}] in the order the journey asks them, in the reader's language."""
    rows = []
    for key, question in _QUESTIONS.items():
        if key not in answers:
            continue
        value = answers[key]
        codes = value if isinstance(value, list) else [value]
        words = question.answers()
        rows.append(
            {"key": key, "question": str(question.label), "answer": ", ".join(str(words.get(c, c)) for c in codes)}
        )
    return rows


def _encoded(value) -> str:
    return "|" + "|".join(value) + "|" if isinstance(value, list) else str(value)


def carry_into_case(case: Case, referral: Referral) -> int:
    """Fill in the case with what they told us when they asked (unchecked). Flushes."""
    answers = carried(referral.journey_answers)
    for key, value in answers.items():
        db.session.add(CaseAnswer(case_id=case.id, question=key, answer=_encoded(value), told_on=referral.referred_on))
    db.session.flush()
    return len(answers)


def case_rows(case: Case) -> list[dict]:
    """The case's answers for its page: each with its words and whether it has been checked."""
    by_key = {row.question: row for row in case.told_us}
    shown = readable({key: row.codes if row.answer.startswith("|") else row.answer for key, row in by_key.items()})
    return [{**entry, "row": by_key[entry["key"]]} for entry in shown]


def check(case: Case, user, answer_id: int | None = None) -> int:
    """The adviser has checked one answer (or, with no ``answer_id``, every one still unchecked)
    with the person. Audited and in the case history. Returns how many were checked."""
    statement = select(CaseAnswer).where(CaseAnswer.case_id == case.id, CaseAnswer.checked_at.is_(None))
    if answer_id is not None:
        statement = statement.where(CaseAnswer.id == answer_id)
    rows = db.session.scalars(statement).all()
    moment = datetime.now()
    for row in rows:
        row.checked_at, row.checked_by_id = moment, user.id
    if rows:
        detail = ",".join(row.question for row in rows)
        db.session.add(CaseChange(case_id=case.id, action="checked", detail=detail[:200], changed_by_id=user.id))
        audit.record("update", "case", case.id, detail=f"checked what they told us: {detail}", user=user)
    db.session.flush()
    return len(rows)
