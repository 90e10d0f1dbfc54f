"""Write synthetic people.csv and events.csv files in the import contract's format, for measuring
imports and the widening-participation report at size. Deterministic for a seed; no real people.

    .venv/bin/python bench/history_files.py --people 100000 --events 1000000 --out /tmp/history
"""

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

STAGES = [
    "engaged",
    "advised",
    "experience",
    "applied",
    "in_training",
    "offered",
    "employed",
    "sustained_13w",
    "sustained_26w",
]
ETHNIC = list("ABCDEFGHJKLMNPRSZ") + ["99"]
YES_NO = ["yes", "no", "no", "no", "prefer_not_to_say", ""]
FIRST = ["Alex", "Sam", "Jo", "Ali", "Maya", "Olek", "Nadia", "Tom", "Priya", "Kwame", "Zara", "Lee"]
LAST = ["Ashdown", "Birchley", "Carrow", "Dunmore", "Elmstead", "Farleigh", "Glenholt", "Hartwell"]
ORGS = [f"Example Trust {n}" for n in range(1, 9)] + [""] * 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10000, help="about this many events in all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    per_person = args.events / max(args.people, 1)
    written = 0
    with (
        open(args.out / "people.csv", "w", newline="", encoding="utf-8") as people_file,
        open(args.out / "events.csv", "w", newline="", encoding="utf-8") as events_file,
    ):
        people = csv.writer(people_file)
        events = csv.writer(events_file)
        people.writerow(
            [
                "person_ref",
                "first_name",
                "last_name",
                "date_of_birth",
                "route",
                "consent_date",
                "sex",
                "ethnic_category",
                "disability",
                "care_experienced",
                "free_school_meals",
                "young_carer",
                "first_in_family_he",
                "refugee_background",
                "imd_quintile",
            ]
        )
        events.writerow(["person_ref", "stage", "date", "organisation", "note"])
        for i in range(args.people):
            ref = f"SYN-{args.seed}-{i:07d}"
            dob = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 16000))
            people.writerow(
                [
                    ref,
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    dob.isoformat(),
                    rng.choice(["in_education", "in_education", "career_changer", "seldom_heard"]),
                    "2024-01-01",
                    rng.choice(["female", "male", "female", "other", "prefer_not_to_say", ""]),
                    rng.choice(ETHNIC),
                    *(rng.choice(YES_NO) for _ in range(6)),
                    rng.choice(["1", "2", "3", "4", "5", ""]),
                ]
            )
            # Plausible paths: each next stage reached with falling odds; the person's other events
            # are repeats along the way (several advice sessions, two placements), and some exit.
            day = date(2023, 4, 1) + timedelta(days=rng.randrange(0, 600))
            budget = max(1, round(rng.gauss(per_person, per_person / 3)))
            furthest = 1
            while furthest < len(STAGES) and rng.random() < 0.7:
                furthest += 1
            path = STAGES[:furthest]
            stages = sorted(path + [rng.choice(path) for _ in range(max(0, budget - furthest))], key=STAGES.index)
            for stage in stages[:budget]:
                events.writerow([ref, stage, day.isoformat(), rng.choice(ORGS), ""])
                written += 1
                day += timedelta(days=rng.randrange(1, 12))
            if furthest < len(STAGES) and rng.random() < 0.25:
                events.writerow([ref, rng.choice(["withdrawn", "unsuccessful"]), day.isoformat(), "", ""])
                written += 1
    print(f"wrote {args.people} people and {written} events to {args.out}")


if __name__ == "__main__":
    main()
