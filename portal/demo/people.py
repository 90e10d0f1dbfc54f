"""The demo academy's invented people and the paths they take through the pipeline."""

import random
from datetime import date, timedelta

from portal.pipeline.choices import ETHNIC_CATEGORIES, STAGES, YES_NO_CHARACTERISTICS

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


def demo_person(rng: random.Random, number: int, today: date) -> dict:
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


def demo_path(rng, first_contact, today, organisations):
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
