"""Could two person records be one person? A score from 0 to 100 with its reasons, candidate pairs
among everyone on record found by blocking (never every pair), and the people an intake could be.

The score is driven by the first name and the date of birth. Last name and shared contact details
support it but never decide it: siblings share a family email, address and last name; twins share a
date of birth too; namesakes share a whole name.
"""

import gc
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from sqlalchemy import or_, select

from portal.common.postcodes import normalise_postcode
from portal.people.names import Name, name_forms
from portal.pipeline.models import Person

# Pairs scoring this or more are listed as duplicates for staff to review and merge.
DUPLICATE = 65
# An intake scoring this or more against someone on record is held for staff rather than creating
# a new person: lower than DUPLICATE because a missed match makes a duplicate that someone must
# find later, while a needless hold costs one look.
POSSIBLE_MATCH = 45

# Reason codes, with the English the staff page translates and the duplicates file prints.
REASONS = {
    "first_name_same": "same first name",
    "first_name_transliterated": "first names match after transliteration",
    "first_name_typo": "first names differ by one letter",
    "first_name_part": "one first name is part of the other",
    "first_name_gendered": "first names look like male and female forms",
    "first_name_short_typo": "short first names differ by one letter",
    "first_name_different": "different first names",
    "last_name_same": "same last name",
    "last_name_transliterated": "last names match after transliteration",
    "last_name_typo": "last names differ by one letter",
    "last_name_part": "one last name is part of the other",
    "last_name_gendered": "last names are male and female forms",
    "last_name_short_typo": "short last names differ by one letter",
    "last_name_different": "different last names",
    "names_swapped": "first and last names swapped",
    "names_split_differently": "same names, split differently between first and last",
    "dob_same": "same date of birth",
    "dob_day_month_swapped": "day and month of birth swapped",
    "dob_typo": "dates of birth differ by one digit",
    "dob_missing": "date of birth missing on one",
    "dob_different": "different date of birth",
    "email_same": "same email",
    "phone_same": "same phone",
    "postcode_same": "same postcode",
    "email_different": "different emails",
    "phone_different": "different phones",
}

# How two names agree, best first.
SAME, TRANSLITERATED, TYPO, PART, GENDERED, SHORT_TYPO, DIFFERENT, MISSING = (
    "same",
    "transliterated",
    "typo",
    "part",
    "gendered",
    "short_typo",
    "different",
    "missing",
)
FIRST_POINTS = {SAME: 35, TRANSLITERATED: 32, TYPO: 26, PART: 24, GENDERED: 0, SHORT_TYPO: 15, DIFFERENT: -30}
LAST_POINTS = {SAME: 25, TRANSLITERATED: 23, TYPO: 18, PART: 18, GENDERED: 15, SHORT_TYPO: 8, DIFFERENT: -10}
# First names that do not agree cap the score whatever else is shared: Maria and Mario with one
# birthday and one address are twins far more often than a typing slip.
FIRST_NAME_CAP = {GENDERED: DUPLICATE - 5, DIFFERENT: POSSIBLE_MATCH - 5}
SPLIT_POINTS = 50
# One digit apart is common between strangers born in the same year (about one pair in 45), so it
# makes a duplicate only beside a shared contact detail.
DOB_POINTS = {"dob_same": 30, "dob_day_month_swapped": 22, "dob_typo": 8, "dob_missing": 0, "dob_different": -30}
CONTACT_POINTS = {"email_same": 10, "phone_same": 10, "postcode_same": 10}
CONTACT_CAP = 20
# Two different emails (or phones) count a little against: people change them, but a namesake
# whose date of birth is one digit away has their own.
CONFLICT_POINTS = {"email_different": -5, "phone_different": -5}

# A blocking key shared by more rows than this (a shared office email, a very common name in one
# year) is skipped for that key only: the other keys still find the pairs that matter in it.
MAX_BLOCK = 300


class Prepared(NamedTuple):
    first: Name
    last: Name
    dob: date | None
    email: str | None
    phone: str | None
    postcode: str | None


class Pair(NamedTuple):
    id_a: int
    id_b: int
    ref_a: str
    ref_b: str
    score: int
    reasons: tuple[str, ...]


class Match(NamedTuple):
    person_id: int
    person_ref: str
    score: int
    reasons: tuple[str, ...]


ROW_COLUMNS = ("id", "person_ref", "first_name", "last_name", "date_of_birth", "email", "phone", "postcode")


def reason_text(codes: Iterable[str]) -> list[str]:
    return [REASONS[code] for code in codes]


def normalise_email(raw: str | None) -> str | None:
    """Lower case, trimmed, without a ``+tag``; dots are kept because only some providers ignore them."""
    email = (raw or "").strip().lower()
    if "@" not in email:
        return None
    local, _, domain = email.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def normalise_phone(raw: str | None) -> str | None:
    """Digits only, UK numbers in their national form: ``+44 7700 900123`` -> ``07700900123``."""
    text = (raw or "").strip()
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and (text.startswith("+") or len(digits) in (12, 13)):
        digits = "0" + digits[2:]
    # "+44 (0)7700 900123": the national 0 written after the country code.
    if digits.startswith("00"):
        digits = digits[1:]
    elif len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits
    return digits if len(digits) >= 7 else None


@lru_cache(maxsize=100_000)
def _postcode(raw: str | None) -> str | None:
    try:
        return normalise_postcode(raw)
    except ValueError:
        return re.sub(r"\s+", "", raw).upper() or None


_PERSON_FIELDS = ROW_COLUMNS[2:]
_person_fields = operator.attrgetter(*_PERSON_FIELDS)


def prepare(record) -> Prepared:
    """A row (anything with the ``ROW_COLUMNS`` attributes) or a dict of what someone typed."""
    if isinstance(record, dict):
        first, last, dob, email, phone, postcode = (record.get(name) for name in _PERSON_FIELDS)
    else:
        first, last, dob, email, phone, postcode = _person_fields(record)
    if isinstance(dob, str):
        try:
            dob = date.fromisoformat(dob.strip())
        except ValueError:
            dob = None
    return Prepared(
        first=name_forms(first),
        last=name_forms(last),
        dob=dob or None,
        email=normalise_email(email),
        phone=normalise_phone(phone),
        postcode=_postcode(postcode),
    )


def _gendered(a: str, b: str) -> bool:
    # One name with a different (or no) final vowel: Maria / Mario, Oleksandr / Oleksandra.
    stem_a = a[:-1] if a[-1:] in "aeiou" else a
    stem_b = b[:-1] if b[-1:] in "aeiou" else b
    return stem_a == stem_b and len(stem_a) >= 3


@lru_cache(maxsize=500_000)
def name_agreement(a: Name, b: Name) -> str:
    if not a.joined or not b.joined:
        return MISSING
    if a.joined == b.joined:
        return SAME
    if a.spelled == b.spelled:
        return TRANSLITERATED
    if _gendered(a.spelled, b.spelled):
        return GENDERED
    # Equal keys alone would make Ali and Ola one name; the spellings must look alike too.
    if a.key == b.key and fuzz.ratio(a.spelled, b.spelled) >= 60:
        return TRANSLITERATED
    shorter = min(len(a.joined), len(b.joined))
    distance = min(OSA.distance(a.joined, b.joined), OSA.distance(a.spelled, b.spelled))
    if distance <= 1 or (distance <= 2 and shorter >= 9):
        return TYPO if shorter >= 5 else SHORT_TYPO
    if a.words & b.words and (a.words <= b.words or b.words <= a.words):
        return PART
    return DIFFERENT


@lru_cache(maxsize=50_000)
def _digits(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def dob_agreement(a: date | None, b: date | None) -> str:
    if a is None or b is None:
        return "dob_missing"
    if a == b:
        return "dob_same"
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return "dob_day_month_swapped"
    if OSA.distance(_digits(a), _digits(b)) == 1:
        return "dob_typo"
    return "dob_different"


FIRST_CODE = {level: f"first_name_{level}" for level in FIRST_POINTS}
LAST_CODE = {level: f"last_name_{level}" for level in LAST_POINTS}


def _name_reasons(first: str, last: str) -> list[str]:
    return [code for code in (FIRST_CODE.get(first), LAST_CODE.get(last)) if code]


def _names(a: Prepared, b: Prepared) -> tuple[int, str, list[str]]:
    """Points for the names, the first name's agreement, and the reasons."""
    first, last = name_agreement(a.first, b.first), name_agreement(a.last, b.last)
    straight = FIRST_POINTS.get(first, 0) + LAST_POINTS.get(last, 0)
    if first in (SAME, TRANSLITERATED) and last in (SAME, TRANSLITERATED):
        return straight, first, _name_reasons(first, last)
    crossed = name_agreement(a.first, b.last), name_agreement(a.last, b.first)
    if DIFFERENT not in crossed and MISSING not in crossed:
        # Which of the crossed pairs is the given name depends on which record is right; take the
        # weaker reading, so that the score is the same whichever record comes first.
        swapped, first_x, last_x = min((FIRST_POINTS[x] + LAST_POINTS[y], x, y) for x, y in (crossed, crossed[::-1]))
        if swapped > straight:
            return swapped, first_x, ["names_swapped", *_name_reasons(first_x, last_x)]
    if (first == DIFFERENT or last == DIFFERENT) and (
        a.first.spelled + a.last.spelled == b.first.spelled + b.last.spelled
        or a.first.words | a.last.words == b.first.words | b.last.words
    ):
        return SPLIT_POINTS, SAME, ["names_split_differently"]
    return straight, first, _name_reasons(first, last)


def score_prepared(a: Prepared, b: Prepared) -> tuple[int, tuple[str, ...]]:
    points, first, reasons = _names(a, b)
    dob = dob_agreement(a.dob, b.dob)
    points += DOB_POINTS[dob]
    reasons.append(dob)
    contact = 0
    for code, left, right in (
        ("email_same", a.email, b.email),
        ("phone_same", a.phone, b.phone),
        ("postcode_same", a.postcode, b.postcode),
    ):
        if left and left == right:
            contact += CONTACT_POINTS[code]
            reasons.append(code)
    for code, left, right in (("email_different", a.email, b.email), ("phone_different", a.phone, b.phone)):
        if left and right and left != right:
            points += CONFLICT_POINTS[code]
            reasons.append(code)
    points += min(contact, CONTACT_CAP)
    points = min(points, FIRST_NAME_CAP.get(first, 100))
    if dob == "dob_typo" and not contact:
        points = min(points, DUPLICATE - 1)
    return max(0, min(100, points)), tuple(reasons)


def score(a, b) -> tuple[int, list[str]]:
    """``(0..100, reason codes)`` for two rows or dicts; see ``REASONS`` for their English."""
    points, reasons = score_prepared(prepare(a), prepare(b))
    return points, list(reasons)


def blocking_keys(p: Prepared) -> list[tuple]:
    """Two records are compared when they share one of these. Each survives a different kind of
    error: either name with the date of birth (day and month in either order) survives swapped names
    and a mistake in the other name; the last name, first initial and birth year a mistyped day or
    month; both names with the day and month a mistyped year; the contact keys a name written quite
    differently. A record without a date of birth is also compared with everyone of its names
    (``names_key``)."""
    first, last = p.first.key, p.last.key
    names = [key for key in (first, last) if key]
    keys: list[tuple] = []
    if p.dob:
        day_month = tuple(sorted((p.dob.month, p.dob.day)))
        keys.extend(("name+dob", key, p.dob.year, *day_month) for key in names)
        if first and last:
            keys.append(("last+year", last, first[0], p.dob.year))
            keys.append(("names+day", *sorted(names), *day_month))
    if p.email:
        keys.append(("email", p.email))
    if p.phone:
        keys.append(("phone", p.phone))
    if p.postcode:
        keys.extend(("postcode+name", p.postcode, key) for key in names)
    # Once each: Hassan Hassan must not fall into one block twice and be paired with himself.
    return list(dict.fromkeys(keys))


def names_key(p: Prepared) -> tuple | None:
    return ("names", *sorted((p.first.key, p.last.key))) if p.first.key and p.last.key else None


def load_rows(session) -> list:
    """Everyone on record who has not been erased or merged, as plain rows (no ORM objects), in one query."""
    columns = [getattr(Person, column) for column in ROW_COLUMNS]
    return list(session.execute(select(*columns).where(Person.erased_at.is_(None), Person.merged_into_id.is_(None))))


def _candidates(prepared: list[Prepared]) -> set[int]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    by_names: dict[tuple, list[int]] = defaultdict(list)
    undated = []
    for index, p in enumerate(prepared):
        for key in blocking_keys(p):
            blocks[key].append(index)
        key = names_key(p)
        if key:
            by_names[key].append(index)
            if p.dob is None:
                undated.append((index, key))
    # A pair is one int (i * n + j, i < j): a set of millions of ints is smaller and quicker than
    # one of tuples, and the garbage collector does not walk it.
    n = len(prepared)
    seen: set[int] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            seen.update(i * n + j for i, j in itertools.combinations(members, 2))
    # Comparing everyone with the same names would pair every namesake; only a missing date needs it.
    for index, key in undated:
        members = by_names[key]
        if len(members) <= MAX_BLOCK * 10:
            seen.update(min(index, other) * n + max(index, other) for other in members if other != index)
    return seen


@contextmanager
def _collector_paused():
    # Preparing 100,000 people makes millions of small objects that all live to the end; the
    # collector's passes over them cost a third of the time and free nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def candidate_pairs(rows, min_score: int = DUPLICATE) -> list[Pair]:
    """Every pair of rows scoring ``min_score`` or more, best first, each once with ``ref_a < ref_b``."""
    with _collector_paused():
        return _candidate_pairs(list(rows), min_score)


def _candidate_pairs(rows: list, min_score: int) -> list[Pair]:
    prepared = [prepare(row) for row in rows]
    pairs = []
    for pair in _candidates(prepared):
        i, j = divmod(pair, len(prepared))
        points, reasons = score_prepared(prepared[i], prepared[j])
        if points >= min_score:
            a, b = (rows[i], rows[j]) if rows[i].person_ref < rows[j].person_ref else (rows[j], rows[i])
            pairs.append(Pair(a.id, b.id, a.person_ref, b.person_ref, points, reasons))
    pairs.sort(key=lambda pair: (-pair.score, pair.ref_a, pair.ref_b))
    return pairs


def _swapped_dob(dob: date) -> date | None:
    try:
        return dob.replace(month=dob.day, day=dob.month)
    except ValueError:
        return None


def _lookup(session, details: dict, p: Prepared, per_query: int = 200) -> list:
    """The rows that share a blocking key with ``details``, by SQL. Email and postcode use their
    indexes, last names the name index (as typed, in a few casings, either name for a swap). Date of
    birth and phone have no index of their own, so those two are one scan of the people table; the
    phone is matched on its last four digits there, because it is stored as typed."""
    columns = [getattr(Person, column) for column in ROW_COLUMNS]
    found: dict[int, object] = {}

    def add(condition):
        query = select(*columns).where(Person.erased_at.is_(None), Person.merged_into_id.is_(None), condition)
        found.update((row.id, row) for row in session.execute(query.limit(per_query)))

    typed_email = (details.get("email") or "").strip().lower()
    if p.email:
        add(Person.email.in_({p.email, typed_email}))
    if p.postcode:
        add(Person.postcode == p.postcode)
    names = {(details.get(field) or "").strip() for field in ("first_name", "last_name")} - {""}
    spellings = {variant for name in names for variant in (name, name.lower(), name.title(), name.upper())}
    if spellings:
        add(Person.last_name.in_(spellings))
    scanned = []
    if p.dob:
        scanned.append(Person.date_of_birth.in_({p.dob, _swapped_dob(p.dob) or p.dob}))
    if p.phone:
        scanned.append(Person.phone.like(f"%{p.phone[-4:]}"))
    if scanned:
        add(or_(*scanned))
    return list(found.values())


def matches_for(details: dict, rows_or_session, limit: int = 5, min_score: int = POSSIBLE_MATCH) -> list[Match]:
    """The people on record that an intake (``details`` as the visitor typed them: first_name,
    last_name, date_of_birth, email, phone, postcode) could be, best first, at most ``limit``.

    Given a session, candidates are found by a few SQL lookups (see ``_lookup``) and scored here;
    given rows, by the same blocking keys in Python."""
    incoming = prepare(details)
    if hasattr(rows_or_session, "execute"):
        candidates = _lookup(rows_or_session, details, incoming)
    else:
        wanted, names = set(blocking_keys(incoming)), names_key(incoming)

        def shares_a_key(row):
            p = prepare(row)
            undated = incoming.dob is None or p.dob is None
            return bool(wanted.intersection(blocking_keys(p))) or (undated and names and names == names_key(p))

        candidates = [row for row in rows_or_session if shares_a_key(row)]
    found = []
    for row in candidates:
        points, reasons = score_prepared(incoming, prepare(row))
        if points >= min_score:
            found.append(Match(row.id, row.person_ref, points, reasons))
    found.sort(key=lambda match: (-match.score, match.person_ref))
    return found[:limit]
