"""The careers search that forgives: titles, synonyms (roles.toml), lay words and abbreviations
(data/synonyms.csv), family names and summaries, ranked in Python with rapidfuzz.

The catalogue is small (about 160 roles), so one query reads what the filters allow and the
ranking happens here, the same on SQLite and PostgreSQL. A misspelt word is matched to the words
it is close to *as well as* to itself, so a correction only ever adds results ("nurce" finds every
role "nurse" finds). The view paginates the ranked ids as an ordinary ``select()``.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy import Select, case, select
from sqlalchemy.orm import selectinload

from portal.careers.models import Career, CareerFamily
from portal.careers.services import CareerQuery, filters, normalise
from portal.extensions import db

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.csv"
# Words that say nothing about which role is meant ("jobs working with children").
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "become",
        "career",
        "careers",
        "do",
        "for",
        "how",
        "i",
        "in",
        "into",
        "is",
        "job",
        "jobs",
        "like",
        "me",
        "my",
        "of",
        "on",
        "or",
        "role",
        "roles",
        "the",
        "to",
        "want",
        "with",
        "work",
        "working",
    ]
)
FUZZY_CUTOFF = 80  # rapidfuzz ratio: "nurce"/"nurse" is 80, "midwfe"/"midwife" 92
FUZZY_MIN_LENGTH = 5  # shorter words must be spelt right ("care" is not "core")
PHRASE_CUTOFF = 88  # a whole title or synonym: "speach therapist" is "speech therapist", not "play therapist"
FIELD_WEIGHTS = {"title": 60, "synonyms": 45, "family": 25, "summary": 20}
EXACT = 90


@lru_cache(maxsize=1)
def lay_terms() -> dict[str, tuple[str, ...]]:
    """data/synonyms.csv: each lay term or abbreviation and the role slugs it means, best first."""
    with SYNONYMS_FILE.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {normalise(row["term"]): tuple(s.strip() for s in row["roles"].split(";") if s.strip()) for row in rows}


def words(text: str) -> list[str]:
    return [word for word in re.findall(r"[a-z0-9&]+", text.lower()) if len(word) > 1 or word.isdigit()]


@dataclass
class Entry:
    id: int
    title: str
    family_id: int
    phrases: dict[str, int]  # whole titles and synonyms, with the score an exact match gets
    fields: dict[str, set[str]]  # the words of each field


def _entries(query: CareerQuery) -> list[Entry]:
    lay_by_slug: dict[str, list[tuple[str, int]]] = {}
    for term, slugs in lay_terms().items():
        for position, slug in enumerate(slugs):
            lay_by_slug.setdefault(slug, []).append((term, 94 - min(position, 4)))
    rows = db.session.execute(
        select(
            Career.id, Career.slug, Career.title, Career.synonyms, Career.summary, Career.family_id, CareerFamily.name
        )
        .join(Career.family)
        .where(*filters(query))
    )
    entries = []
    for career_id, slug, title, synonyms, summary, family_id, family_name in rows:
        synonym_list = [normalise(word) for word in synonyms.split("|") if word]
        phrases = {normalise(title): 100}
        for word in synonym_list:
            phrases.setdefault(word, 95)
        for term, score in lay_by_slug.get(slug, []):
            phrases[term] = max(phrases.get(term, 0), score)
        entries.append(
            Entry(
                id=career_id,
                title=title,
                family_id=family_id,
                phrases=phrases,
                fields={
                    "title": set(words(title)),
                    "synonyms": {
                        w
                        for phrase in [*synonym_list, *(t for t, _s in lay_by_slug.get(slug, []))]
                        for w in words(phrase)
                    },
                    "family": set(words(family_name)),
                    "summary": set(words(summary)),
                },
            )
        )
    return entries


def _word_match(token: str, word: str) -> float:
    """1 for the word itself (or a word it starts, when it is 4 letters or more), 0.8 for a close
    misspelling, else 0."""
    if token == word or (len(token) >= 4 and word.startswith(token)):
        return 1.0
    if len(token) >= FUZZY_MIN_LENGTH and len(word) >= 4 and fuzz.ratio(token, word) >= FUZZY_CUTOFF:
        return 0.8
    return 0.0


def _phrase_score(text: str, entry: Entry) -> float:
    best = entry.phrases.get(text, 0)
    if not best and entry.phrases and any(p.startswith(text + " ") for p in entry.phrases):
        best = 85 if len(text) >= 3 else 0
    if len(text) >= FUZZY_MIN_LENGTH:
        for phrase, score in entry.phrases.items():
            ratio = fuzz.ratio(text, phrase)
            if ratio >= PHRASE_CUTOFF:
                # A close misspelling of a whole title or synonym: just below the exact matches.
                best = max(best, score - 30 + (ratio - PHRASE_CUTOFF) / 2)
    return best


def _token_score(tokens: list[str], entry: Entry, cache: dict) -> float:
    """Every word must match somewhere; the score is the mean of each word's best field."""
    total = 0.0
    for token in tokens:
        best = 0.0
        for name, field_words in entry.fields.items():
            for word in field_words:
                key = (token, word)
                if key not in cache:
                    cache[key] = _word_match(token, word)
                if cache[key]:
                    best = max(best, FIELD_WEIGHTS[name] * cache[key])
        if not best:
            return 0.0
        total += best
    return total / len(tokens)


def correction(text: str, entries: list[Entry]) -> str | None:
    """The query with each word that is nowhere in the catalogue replaced by its closest word, if
    any word was replaced (to say what was searched for as well)."""
    vocabulary, title_words = set(), set()
    for entry in entries:
        title_words |= entry.fields["title"]
        for field_words in entry.fields.values():
            vocabulary |= field_words
    changed, out = False, []
    for token in words(text):
        if token in STOP_WORDS or token in vocabulary or any(w.startswith(token) for w in vocabulary):
            out.append(token)
            continue
        # Close words, those in role titles first (not a misspelling kept as a synonym).
        close = [(fuzz.ratio(token, w), w) for w in vocabulary if len(token) >= FUZZY_MIN_LENGTH]
        close = [(ratio + 10 * (w in title_words), w) for ratio, w in close if ratio >= FUZZY_CUTOFF]
        if close:
            out.append(max(close)[1])
            changed = True
        else:
            out.append(token)
    return " ".join(out) if changed else None


@dataclass
class Ranked:
    ids: list[int]
    corrected: str | None


def _scores(text: str, entries: list[Entry], cache: dict) -> dict[int, float]:
    tokens = [token for token in words(text) if token not in STOP_WORDS] or words(text)
    scores = {}
    for entry in entries:
        score = max(_phrase_score(text, entry), _token_score(tokens, entry, cache) if tokens else 0.0)
        if score > 0:
            scores[entry.id] = score
    return scores


def rank(query: CareerQuery) -> Ranked:
    """The ids of the roles matching the query's text and filters, best first. A query read as a
    correction also finds everything the corrected words find, so correcting only widens."""
    text = normalise(query.text)
    entries = _entries(query)
    cache: dict = {}
    scores = _scores(text, entries, cache)
    corrected = correction(text, entries) if text else None
    if corrected:
        for career_id, score in _scores(corrected, entries, cache).items():
            scores[career_id] = max(scores.get(career_id, 0), score * 0.95)
    stems = [token[:4] for token in words(corrected or text) if len(token) >= 4 and token not in STOP_WORDS]
    scored = []
    for entry in entries:
        score = scores.get(entry.id)
        if score is None:
            continue
        family = entry.fields["family"]
        bonus = 1 if stems and any(w.startswith(stem) for stem in stems for w in family) else 0
        scored.append((-(score >= EXACT), -bonus, -score, entry.title, entry.id))
    scored.sort()
    return Ranked([item[-1] for item in scored], corrected)


def ranked_select(ids: list[int]) -> Select:
    """The roles with these ids, in this order, with what the list shows loaded up front."""
    order = case({career_id: position for position, career_id in enumerate(ids)}, value=Career.id) if ids else Career.id
    return select(Career).where(Career.id.in_(ids)).options(selectinload(Career.family)).order_by(order)
