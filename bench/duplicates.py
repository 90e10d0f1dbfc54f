"""Measure the duplicate matcher: synthetic people with planted duplicates and hard negatives
(siblings sharing an email and address, twins, namesakes), a ground truth, precision, recall, time.

    .venv/bin/python bench/duplicates.py --sizes 1000 100000
    .venv/bin/python bench/duplicates.py --sizes 1000 --csv /tmp/people.csv   # also write the file

Duplicates are made by mistakes people really make, drawn at random: spellings met in the wild (some
that the matcher's rules do not list), random typos anywhere in a name, swapped names, a day and
month swapped, a digit changed, a new email, missing fields. Nothing here is tuned to the rules.
"""

import argparse
import csv
import itertools
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Each name with spellings it is really written in; the first is the one drawn for a new person.
FIRST_NAMES = [
    ("Mohammad", "Muhammad", "Mohammed", "Mohamad", "Muhammed", "Mohamed", "Mouhamad", "Mohd"),
    ("Ahmad", "Ahmed", "Ahmet"),
    ("Hussain", "Husain", "Hossein", "Hussein", "Husayn"),
    ("Hassan", "Hasan", "Hassane"),
    ("Yusuf", "Yousef", "Youssef", "Yosef", "Yousif"),
    ("Fatima", "Fatemeh", "Fatma", "Fatimah"),
    ("Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdol Rahman", "Abdelrahman"),
    ("Ali", "Aly"),
    ("Omar", "Umar", "Omer"),
    ("Khalid", "Khaled", "Halid"),
    ("Zahra", "Zahraa", "Zehra"),
    ("Maryam", "Mariam", "Maryem"),
    ("Aisha", "Aysha", "Ayesha", "Aicha"),
    ("Nasrin", "Nasreen"),
    ("Sahar",),
    ("Farhad", "Farhaad"),
    ("Rahim", "Raheem"),
    ("Karim", "Kareem"),
    ("Bilal", "Belal"),
    ("Samira", "Sameera"),
    ("Zainab", "Zaynab", "Zeynab"),
    ("Jamila", "Djamila", "Jameela"),
    ("Qasim", "Kasim", "Qassem"),
    ("Oleksandr", "Olexandr", "Aleksandr", "Alexander", "Oleksander"),
    ("Serhiy", "Sergiy", "Sergey", "Serhii", "Sergei"),
    ("Yuliia", "Yulia", "Iuliia", "Julia", "Yuliya"),
    ("Mykola", "Nikolai", "Mikola", "Nikolay"),
    ("Olena", "Elena", "Olena"),
    ("Dmytro", "Dmitri", "Dmitry"),
    ("Andriy", "Andrii", "Andrei", "Andrey"),
    ("Iryna", "Irina", "Iryna"),
    ("Oksana", "Oxana"),
    ("Viktoriia", "Viktoria", "Victoria"),
    ("Tetiana", "Tatiana", "Tetyana"),
    ("Volodymyr", "Vladimir", "Wolodymyr"),
    ("Kateryna", "Katerina", "Ekaterina"),
    ("Anastasiia", "Anastasia", "Anastasiya"),
    ("Yevhen", "Evgeny", "Yevgen", "Eugene"),
    ("Natalia", "Nataliia", "Natalya"),
    ("Oleh", "Oleg"),
    ("Ihor", "Igor"),
    ("Halyna", "Galina", "Halina"),
    ("Sophie", "Sophia", "Sofia"),
    ("Olivia",),
    ("Amelia",),
    ("Jack",),
    ("Oliver",),
    ("Harry",),
    ("George",),
    ("Emily", "Emilie"),
    ("Jessica",),
    ("Thomas",),
    ("James",),
    ("Daniel",),
    ("Chloe", "Chloé"),
    ("Grace",),
    ("Joshua",),
    ("Lucy",),
    ("Ethan",),
    ("Priya",),
    ("Kwame",),
    ("Ngozi",),
    ("Catherine", "Katherine", "Kathryn"),
    ("Stephen", "Steven"),
    ("Rebecca", "Rebekah"),
    ("Zoë", "Zoe"),
    ("Siobhan",),
    ("Aoife",),
    ("Tomasz",),
    ("Agnieszka",),
]
LAST_NAMES = [
    ("Haidari", "Haydari", "Heydari", "Al-Haidari"),
    ("Ahmadi", "Ahmady"),
    ("Hosseini", "Husseini", "Hosseiny"),
    ("Rahimi", "Raheemi"),
    ("Mohammadi", "Muhammadi", "Mohammady"),
    ("Karimi", "Kareemi"),
    ("Rezaei", "Rezai", "Rezayi"),
    ("Popal", "Popalzai"),
    ("Stanikzai", "Stanekzai"),
    ("Safi", "Safee"),
    ("Khan",),
    ("Yousufzai", "Yousafzai", "Yusufzai"),
    ("Al-Sayed", "El-Sayed", "Alsayed"),
    ("Abdullah", "Abdulla"),
    ("Hassan", "Hasan"),
    ("Ibrahim", "Ebrahim"),
    ("Mansour", "Mansur"),
    ("Shevchenko", "Shevchenco"),
    ("Kovalenko", "Kovalenco"),
    ("Bondarenko",),
    ("Tkachenko", "Tkatchenko"),
    ("Kravchenko",),
    ("Melnyk", "Melnik"),
    ("Kovalchuk", "Kowalczuk"),
    ("Oliinyk", "Oliynyk", "Oleinik"),
    ("Shevchuk",),
    ("Polishchuk", "Polischuk"),
    ("Lysenko", "Lissenko"),
    ("Marchenko",),
    ("Savchenko",),
    ("Rudenko",),
    ("Moroz",),
    ("Kovalskyi", "Kovalsky", "Kovalskiy"),
    ("Hrytsenko", "Gritsenko"),
    ("Zhuk", "Juk"),
    ("Boyko", "Boiko"),
    ("Smith",),
    ("Jones",),
    ("Williams",),
    ("Taylor",),
    ("Brown",),
    ("Davies", "Davis"),
    ("Evans",),
    ("Wilson",),
    ("Thomas",),
    ("Johnson",),
    ("Roberts",),
    ("Patel",),
    ("O'Brien", "OBrien", "O Brien"),
    ("Nowak",),
    ("Okafor",),
    ("Mensah",),
]
# Everyday surnames made of two parts (Ashdown, Birchley...), so that a large population has the
# spread of surnames a real one has rather than a few hundred.
STARTS = [
    "Ash",
    "Birch",
    "Car",
    "Dun",
    "Elm",
    "Far",
    "Glen",
    "Hart",
    "Holt",
    "Kings",
    "Lang",
    "Mar",
    "North",
    "Oak",
    "Pen",
    "Red",
    "Ross",
    "Sand",
    "Stan",
    "West",
    "Whit",
    "Wood",
    "Brad",
    "Cran",
    "Hal",
]
ENDS = [
    "down",
    "ley",
    "row",
    "more",
    "stead",
    "field",
    "well",
    "wood",
    "ton",
    "by",
    "ham",
    "worth",
    "ford",
    "hurst",
    "combe",
    "wick",
    "cott",
    "bridge",
    "lock",
    "man",
]
DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.co.uk", "icloud.com", "btinternet.com"]
AREAS = ["SO", "PO", "BH", "SP", "GU", "RG", "OX", "BN"]


_CUMULATIVE = {}


def zipf_choice(rng, items, skew=1.1):
    key = (id(items), skew)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = list(itertools.accumulate(1 / (rank + 1) ** skew for rank in range(len(items))))
    return rng.choices(items, cum_weights=_CUMULATIVE[key])[0]


class Population:
    def __init__(self, rng):
        self.rng = rng
        compounds = [(s + e,) for s in STARTS for e in ENDS]
        rng.shuffle(compounds)
        self.last_names = LAST_NAMES + compounds
        self.postcodes = [self._postcode() for _ in range(4000)]
        self.rows, self.person_of = [], {}

    def _postcode(self):
        rng = self.rng
        return f"{rng.choice(AREAS)}{rng.randint(1, 40)} {rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"

    def _dob(self):
        return date(1950, 1, 1) + timedelta(days=self.rng.randint(0, 62 * 365))

    def _contact(self, first, last):
        rng = self.rng
        email = (
            f"{first}.{last}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}".lower().replace(" ", "").replace("'", "")
            if rng.random() < 0.8
            else None
        )
        phone = f"07{rng.randint(100000000, 999999999)}" if rng.random() < 0.7 else None
        return email, phone

    def add(self, person, first_name, last_name, date_of_birth, email, phone, postcode):
        ref = f"HCA-{len(self.rows) + 1:07d}"
        self.rows.append(
            {
                "person_ref": ref,
                "first_name": first_name,
                "last_name": last_name,
                "date_of_birth": date_of_birth,
                "email": email,
                "phone": phone,
                "postcode": postcode,
            }
        )
        self.person_of[ref] = person
        return self.rows[-1]

    def new_person(self, person, last=None, dob=None, household=None, not_named=()):
        rng = self.rng
        first = zipf_choice(rng, FIRST_NAMES, 0.6)[0]
        while first in not_named:  # parents do not give two children one name
            first = zipf_choice(rng, FIRST_NAMES, 0.6)[0]
        last = last or zipf_choice(rng, self.last_names, 0.8)[0]
        dob = dob or self._dob()
        if household:
            email, phone, postcode = household
        else:
            email, phone = self._contact(first, last)
            postcode = rng.choice(self.postcodes) if rng.random() < 0.85 else None
        return self.add(person, first, last, dob, email, phone, postcode)


def typo(rng, text):
    if len(text) < 3:
        return text
    i = rng.randrange(0, len(text))
    kind = rng.choice(["insert", "delete", "replace", "transpose"])
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "insert":
        return text[:i] + letter + text[i:]
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "replace":
        return text[:i] + letter + text[i + 1 :]
    i = max(i, 1)
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :] if text[i] != text[i - 1] else text


def spelling(rng, name, table):
    for group in table:
        if name in group and len(group) > 1:
            return rng.choice([variant for variant in group if variant != name])
    return typo(rng, name)


def one_digit(rng, dob):
    text = dob.strftime("%Y%m%d")
    for _ in range(20):
        i = rng.randrange(2, 8)
        candidate = text[:i] + str(rng.randint(0, 9)) + text[i + 1 :]
        try:
            changed = date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:]))
        except ValueError:
            continue
        if changed != dob:
            return changed
    return dob + timedelta(days=1)


def duplicate_of(rng, pop, original):
    """Another record of the same person, with one to three of the mistakes people make."""
    row = dict(original)
    mistakes = rng.sample(
        [
            "first_spelling",
            "last_spelling",
            "first_typo",
            "last_typo",
            "swap_names",
            "dob_swap",
            "dob_digit",
            "dob_missing",
            "new_email",
            "no_email",
            "phone_format",
            "no_phone",
            "postcode_format",
            "moved",
            "case",
        ],
        rng.choice([1, 2, 2, 3]),
    )
    for mistake in mistakes:
        if mistake == "first_spelling":
            row["first_name"] = spelling(rng, row["first_name"], FIRST_NAMES)
        elif mistake == "last_spelling":
            row["last_name"] = spelling(rng, row["last_name"], LAST_NAMES)
        elif mistake == "first_typo":
            row["first_name"] = typo(rng, row["first_name"])
        elif mistake == "last_typo":
            row["last_name"] = typo(rng, row["last_name"])
        elif mistake == "swap_names":
            row["first_name"], row["last_name"] = row["last_name"], row["first_name"]
        elif mistake == "dob_swap" and row["date_of_birth"] and row["date_of_birth"].day <= 12:
            dob = row["date_of_birth"]
            row["date_of_birth"] = dob.replace(month=dob.day, day=dob.month)
        elif mistake == "dob_digit" and row["date_of_birth"]:
            row["date_of_birth"] = one_digit(rng, row["date_of_birth"])
        elif mistake == "dob_missing":
            row["date_of_birth"] = None
        elif mistake == "new_email":
            row["email"] = f"{row['first_name'][:1]}{rng.randint(1000, 99999)}@{rng.choice(DOMAINS)}".lower()
        elif mistake == "no_email":
            row["email"] = None
        elif mistake == "phone_format" and row["phone"]:
            row["phone"] = "+44 " + row["phone"][1:5] + " " + row["phone"][5:]
        elif mistake == "no_phone":
            row["phone"] = None
        elif mistake == "postcode_format" and row["postcode"]:
            row["postcode"] = row["postcode"].replace(" ", "").lower()
        elif mistake == "moved":
            row["postcode"] = rng.choice(pop.postcodes)
        elif mistake == "case":
            row["first_name"], row["last_name"] = row["first_name"].upper(), row["last_name"].upper()
    return pop.add(pop.person_of[original["person_ref"]], **{k: v for k, v in row.items() if k != "person_ref"})


def generate(size, seed):
    """About ``size`` records: people on their own, families of siblings (one email, phone and
    address), twins, namesakes, and about 8% of records that are another record of someone."""
    rng = random.Random(seed)
    pop = Population(rng)
    person = 0
    while len(pop.rows) < size * 0.92:
        person += 1
        roll = rng.random()
        if roll < 0.12:  # a family: children of one household, one family email and phone
            first = pop.new_person(person)
            household = (first["email"], first["phone"], first["postcode"] or rng.choice(pop.postcodes))
            names = {first["first_name"]}
            for _ in range(rng.randint(1, 3)):
                person += 1
                dob = first["date_of_birth"] + timedelta(days=rng.randint(300, 4000) * rng.choice([-1, 1]))
                child = pop.new_person(person, last=first["last_name"], dob=dob, household=household, not_named=names)
                names.add(child["first_name"])
        elif roll < 0.14:  # twins: one birthday, one address, one family email
            first = pop.new_person(person)
            household = (first["email"], first["phone"], first["postcode"] or rng.choice(pop.postcodes))
            person += 1
            pop.new_person(
                person,
                last=first["last_name"],
                dob=first["date_of_birth"],
                household=household,
                not_named={first["first_name"]},
            )
        elif roll < 0.18 and pop.rows:  # a namesake: someone else's whole name, their own birthday and contact
            other = rng.choice(pop.rows)
            email, phone = pop._contact(other["first_name"], other["last_name"])
            pop.add(
                person, other["first_name"], other["last_name"], pop._dob(), email, phone, rng.choice(pop.postcodes)
            )
        else:
            pop.new_person(person)
    originals = list(pop.rows)
    while len(pop.rows) < size:
        duplicate_of(rng, pop, rng.choice(originals))
    rng.shuffle(pop.rows)
    return pop.rows, truth_pairs(pop)


def truth_pairs(pop):
    by_person = {}
    for ref, person in pop.person_of.items():
        by_person.setdefault(person, []).append(ref)
    return {tuple(sorted(pair)) for refs in by_person.values() for pair in _pairs(sorted(refs))}


def _pairs(refs):
    return [(a, b) for i, a in enumerate(refs) for b in refs[i + 1 :]]


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], "route", "consent_date"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "route": "seldom_heard", "consent_date": "2026-01-05"})


def load_database(rows, folder):
    from sqlalchemy import insert

    from portal import create_app
    from portal.extensions import db
    from portal.pipeline.models import Person

    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/people.db"})
    with app.app_context():
        db.create_all()
        db.session.execute(
            insert(Person), [{**row, "route": "seldom_heard", "consent_date": date(2026, 1, 5)} for row in rows]
        )
        db.session.commit()
    return app


def measure(size, seed, csv_path=None, intakes=300):
    from portal.extensions import db
    from portal.people.matching import DUPLICATE, POSSIBLE_MATCH, candidate_pairs, load_rows, matches_for

    rows, truth = generate(size, seed)
    if csv_path:
        write_csv(rows, csv_path)
    with tempfile.TemporaryDirectory() as folder:
        app = load_database(rows, folder)
        with app.app_context():
            started = time.perf_counter()
            loaded = load_rows(db.session)
            loaded_at, cpu_at = time.perf_counter(), time.process_time()
            candidate_pairs(loaded, min_score=DUPLICATE)
            finished, cpu = time.perf_counter(), time.process_time() - cpu_at
            # Precision and recall are measured on the command's file: that is the contract.
            output = Path(folder) / "pairs.csv"
            command_started = time.perf_counter()
            ran = app.test_cli_runner().invoke(args=["people", "duplicates", "--output", str(output)])
            command_s = time.perf_counter() - command_started
            if ran.exit_code != 0:
                raise SystemExit(ran.output)
            with output.open(encoding="utf-8") as handle:
                found = {(row["person_ref_a"], row["person_ref_b"]) for row in csv.DictReader(handle)}
            hits = len(found & truth)
            result = {
                "size": len(rows),
                "true_pairs": len(truth),
                "found": len(found),
                "precision": hits / len(found) if found else 1.0,
                "recall": hits / len(truth) if truth else 1.0,
                "load_s": loaded_at - started,
                "match_s": finished - loaded_at,
                "match_cpu_s": cpu,
                "command_s": command_s,
            }
            # An intake that is another record of someone on record should be held beside them.
            ref_to = {row.person_ref: row for row in loaded}
            sample = random.Random(seed).sample(sorted(truth), min(intakes, len(truth)))
            held, started = 0, time.perf_counter()
            for ref_a, ref_b in sample:
                typed = ref_to[ref_b]._asdict()
                found_ids = {m.person_id for m in matches_for(typed, db.session, limit=6, min_score=POSSIBLE_MATCH)}
                held += ref_to[ref_a].id in found_ids
            result["intake_recall"] = held / len(sample) if sample else 1.0
            result["intake_ms"] = (time.perf_counter() - started) * 1000 / max(len(sample), 1)
            # Someone new (nobody else on record is them) is held needlessly when anyone else scores
            # as a possible match: a sibling, a twin, a namesake.
            in_pairs = {ref for pair in truth for ref in pair}
            newcomers = [row for row in loaded if row.person_ref not in in_pairs]
            newcomers = random.Random(seed + 1).sample(newcomers, min(intakes, len(newcomers)))
            needless = sum(
                any(m.person_id != row.id for m in matches_for(row._asdict(), db.session, limit=6)) for row in newcomers
            )
            result["newcomers_held"] = needless / len(newcomers) if newcomers else 0.0
            db.engine.dispose()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--csv", type=Path, help="Also write the smallest size's people.csv here.")
    args = parser.parse_args()
    print(
        "| people | true pairs | pairs found | precision | recall | load s | match s (CPU s) | command s "
        "| intake recall | newcomers held | intake ms |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for index, size in enumerate(args.sizes):
        r = measure(size, args.seed, args.csv if index == 0 else None)
        print(
            f"| {r['size']:,} | {r['true_pairs']:,} | {r['found']:,} | {r['precision']:.3f} | {r['recall']:.3f} "
            f"| {r['load_s']:.2f} | {r['match_s']:.2f} ({r['match_cpu_s']:.2f}) | {r['command_s']:.2f} "
            f"| {r['intake_recall']:.3f} "
            f"| {r['newcomers_held']:.3f} | {r['intake_ms']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
