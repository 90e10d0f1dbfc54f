"""The duplicate matcher: each name rule, each hard case (siblings, twins, namesakes), blocking,
an intake's matches, and precision and recall on a generated population."""

import importlib.util
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.people import matching
from portal.people.matching import (
    DUPLICATE,
    POSSIBLE_MATCH,
    REASONS,
    candidate_pairs,
    matches_for,
    normalise_email,
    normalise_phone,
    score,
)
from portal.people.names import fold, name_forms
from tests.conftest import ROOT

DOB = date(1990, 3, 4)


def person(first, last, dob=DOB, email=None, phone=None, postcode=None):
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "email": email,
        "phone": phone,
        "postcode": postcode,
    }


class Row(dict):
    """A row as load_rows gives them: attributes, not keys."""

    __getattr__ = dict.__getitem__


def row(number, *args, **kwargs):
    return Row(id=number, person_ref=f"HCA-{number:04d}", **person(*args, **kwargs))


def test_folding_removes_case_accents_spacing_hyphens_and_apostrophes():
    assert fold("  ZOË  O’Brien-Smith ") == "zoe obrien smith"
    assert fold("Łukasz") == "lukasz"
    assert fold("Сергій Шевченко") == "serhiy shevchenko"


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammad", "Muhammad", "Mohammed", "Mohamad", "Muhammed"),
        ("Ahmad", "Ahmed"),
        ("Hussain", "Husain", "Hossein", "Hussein"),
        ("Haidari", "Haydari", "Heydari", "Al-Haidari"),
        ("Abdul Rahman", "Abdol Rahman", "Abd al-Rahman", "Abdulrahman", "Abdelrahman"),
        ("Yusuf", "Yousef", "Youssef"),
        ("Fatima", "Fatemeh"),
        ("Oleksandr", "Olexandr", "Aleksandr", "Alexander"),
        ("Serhiy", "Sergiy", "Sergey", "Serhii", "Сергій"),
        ("Yuliia", "Yulia", "Iuliia", "Юлія"),
        ("Mykola", "Nikolai"),
        ("Kovalskyi", "Kovalskiy", "Kovalsky"),
        ("Khalid", "Halid"),
        ("Djamila", "Jamila"),
        ("Wolodymyr", "Volodymyr"),
        ("Qasim", "Kasim"),
        ("Nasreen", "Nasrin"),
    ],
)
def test_transliterations_of_one_name_agree(spellings):
    first = name_forms(spellings[0])
    for other in spellings[1:]:
        assert matching.name_agreement(first, name_forms(other)) in (matching.SAME, matching.TRANSLITERATED), other


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hassan", "Hussein"), ("Ali", "Ola"), ("Mohammed", "Mahmoud"), ("Fatima", "Farida"), ("Omar", "Amir")],
)
def test_different_names_that_look_alike_do_not_agree(a, b):
    assert matching.name_agreement(name_forms(a), name_forms(b)) == matching.DIFFERENT


def test_a_one_letter_typo_agrees_as_a_typo():
    assert matching.name_agreement(name_forms("Kateryna"), name_forms("Katernya")) == matching.TYPO
    assert matching.name_agreement(name_forms("Olena"), name_forms("Olenka")) == matching.TYPO


def test_male_and_female_forms_are_not_a_typo():
    assert matching.name_agreement(name_forms("Maria"), name_forms("Mario")) == matching.GENDERED
    assert matching.name_agreement(name_forms("Oleksandr"), name_forms("Oleksandra")) == matching.GENDERED


def test_email_and_phone_normalised():
    assert normalise_email("  Sam.Jones+jobs@Example.COM ") == "sam.jones@example.com"
    assert normalise_email("not an email") is None
    assert normalise_phone("+44 (0)7700 900123") == normalise_phone("07700-900-123") == "07700900123"
    assert normalise_phone("0044 7700 900123") == "07700900123"
    assert normalise_phone("123") is None


def test_transliterated_names_with_the_same_birthday_match():
    points, reasons = score(person("Mohammad", "Haidari"), person("Muhammad", "Haydari"))
    assert points >= DUPLICATE
    assert {"first_name_transliterated", "last_name_transliterated", "dob_same"} <= set(reasons)
    assert REASONS["first_name_transliterated"] == "first names match after transliteration"


def test_swapped_first_and_last_names_match():
    points, reasons = score(person("Oleksandr", "Shevchenko"), person("Shevchenko", "Oleksandr"))
    assert points >= DUPLICATE
    assert "names_swapped" in reasons


def test_day_and_month_swapped_match_with_their_reason():
    points, reasons = score(
        person("Yuliia", "Kovalenko", date(1990, 3, 4)), person("Yulia", "Kovalenko", date(1990, 4, 3))
    )
    assert points >= DUPLICATE
    assert "dob_day_month_swapped" in reasons


def test_a_typo_in_the_first_name_matches():
    points, reasons = score(person("Kateryna", "Melnyk"), person("Katernya", "Melnyk"))
    assert points >= DUPLICATE
    assert "first_name_typo" in reasons


def test_contact_details_normalised_before_comparing():
    a = person("Sam", "Jones", email="Sam.Jones+x@Example.com", phone="+44 7700 900123", postcode="so166yd")
    b = person("Sam", "Jones", email="sam.jones@example.com", phone="07700900123", postcode="SO16 6YD")
    _, reasons = score(a, b)
    assert {"email_same", "phone_same", "postcode_same"} <= set(reasons)


def test_siblings_sharing_a_family_email_phone_and_address_are_different_people():
    family = {"email": "haidari.family@example.com", "phone": "07700900123", "postcode": "SO16 6YD"}
    points, reasons = score(
        person("Ahmad", "Haidari", date(2004, 6, 1), **family), person("Maryam", "Haidari", date(2007, 2, 9), **family)
    )
    assert points < POSSIBLE_MATCH
    assert {"first_name_different", "dob_different", "email_same"} <= set(reasons)


def test_twins_are_different_people():
    home = {"email": "haidari.family@example.com", "postcode": "SO16 6YD"}
    points, _ = score(person("Hassan", "Haidari", **home), person("Hussein", "Haidari", **home))
    assert points < POSSIBLE_MATCH
    points, _ = score(person("Maria", "Kovalenko", **home), person("Mario", "Kovalenko", **home))
    assert points < DUPLICATE


def test_namesakes_with_different_birthdays_and_contacts_are_different_people():
    points, reasons = score(
        person("Mohammad", "Ahmadi", date(1990, 3, 4), "m.ahmadi@example.com", "07700900123", "SO16 6YD"),
        person("Mohammad", "Ahmadi", date(1972, 11, 20), "ahmadi72@example.org", "07700900999", "PO1 2AB"),
    )
    assert points < POSSIBLE_MATCH
    assert "dob_different" in reasons


def test_shared_contact_alone_never_makes_a_duplicate():
    shared = {"email": "a@example.com", "phone": "07700900123", "postcode": "SO16 6YD"}
    points, _ = score(person("Anna", "Smith", None, **shared), person("Oksana", "Smith", None, **shared))
    assert points < POSSIBLE_MATCH


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (person("Oleksandr", "Shevchenko"), person("Shevchenko", "Aleksandr", date(1990, 4, 3))),
        (person("Mohammad", "Haidari", email="a@example.com"), person("Muhammed", "Al-Haydari", None, "b@example.com")),
        (person("Maria", "Kovalenko", postcode="SO16 6YD"), person("Mario", "Kovalenko", postcode="so166yd")),
        (person("Abdul", "Rahman Haidari"), person("Abdul Rahman", "Haidari")),
    ],
)
def test_the_score_is_the_same_whichever_record_comes_first(a, b):
    assert score(a, b) == score(b, a)


typed_names = st.text(alphabet=st.sampled_from("aeiouyhkxgqwjdlmnrs -'ÉöйїАх"), max_size=14)
typed_people = st.builds(
    person,
    typed_names,
    typed_names,
    st.none() | st.dates(date(1940, 1, 1), date(2015, 12, 31)),
    st.none() | st.sampled_from(["a@example.com", "A+x@example.com", "b@example.com"]),
    st.none() | st.sampled_from(["07700 900123", "+44 7700 900123", "07700 900999"]),
    st.none() | st.sampled_from(["SO16 6YD", "so166yd", "PO1 2AB", "not a postcode"]),
)


@settings(max_examples=300, deadline=None)
@given(typed_people, typed_people)
def test_any_two_people_score_between_0_and_100_either_way_round(a, b):
    points, reasons = score(a, b)
    assert 0 <= points <= 100
    assert set(reasons) <= set(REASONS)
    assert score(b, a) == (points, reasons)


def test_candidate_pairs_list_each_pair_once_best_first_without_the_family():
    rows = [
        row(1, "Mohammad", "Haidari", email="fam@example.com"),
        row(2, "Muhammad", "Haydari"),
        row(3, "Fatima", "Haidari", date(1993, 7, 1), email="fam@example.com"),
        row(4, "Haidari", "Mohammad", date(1990, 4, 3)),
        row(5, "Hassan", "Hassan"),
    ]
    pairs = candidate_pairs(rows)
    assert [(p.ref_a, p.ref_b) for p in pairs] == sorted(
        {(p.ref_a, p.ref_b) for p in pairs},
        key=lambda refs: -next(p.score for p in pairs if (p.ref_a, p.ref_b) == refs),
    )
    assert {(p.ref_a, p.ref_b) for p in pairs} == {
        ("HCA-0001", "HCA-0002"),
        ("HCA-0001", "HCA-0004"),
        ("HCA-0002", "HCA-0004"),
    }
    assert all(p.ref_a < p.ref_b for p in pairs)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


def _letters(number):
    return "".join("bdfgklmnprstvz"[int(digit)] + "aeiou"[int(digit) % 5] for digit in f"{number:04d}")


def test_candidate_pairs_compare_only_within_blocks():
    rows = [row(n, "Sam", _letters(n), date(1950 + n % 50, 1 + n % 12, 1 + n % 28)) for n in range(1, 1000)]
    candidates = matching._candidates([matching.prepare(r) for r in rows])
    assert len(candidates) < 1000  # of 498,501 pairs


def test_matches_for_finds_an_intake_in_rows_and_favours_recall():
    rows = [row(1, "Yusuf", "Rahimi", None, email="yusuf.r@example.com"), row(2, "Sara", "Jones", date(1970, 1, 1))]
    found = matches_for(person("Yousef", "Rahimi", DOB), rows)
    assert [m.person_ref for m in found] == ["HCA-0001"]
    assert POSSIBLE_MATCH <= found[0].score < DUPLICATE + 10
    assert matches_for(person("Nobody", "Known", date(2001, 1, 1)), rows) == []


@pytest.mark.db
def test_matches_for_looks_people_up_by_sql(app):
    from portal.extensions import db
    from tests.factories import PersonFactory

    PersonFactory(person_ref="HCA-1", first_name="Oleksandr", last_name="Shevchenko", date_of_birth=date(1990, 4, 3))
    PersonFactory(
        person_ref="HCA-2", first_name="Iryna", last_name="Bondarenko", date_of_birth=None, phone="07700 900123"
    )
    PersonFactory(person_ref="HCA-3", first_name="Yusuf", last_name="Rahimi", date_of_birth=None, postcode="SO16 6YD")
    PersonFactory(person_ref="HCA-4", first_name="Olena", last_name="Shevchenko", date_of_birth=date(1990, 4, 3))

    def refs(**typed):
        return [m.person_ref for m in matches_for(person(**typed), db.session)]

    # by date of birth (day and month swapped), names transliterated
    assert refs(first="Aleksandr", last="Shevchenko", dob=date(1990, 3, 4)) == ["HCA-1"]
    # by phone, typed differently
    assert refs(first="Iryna", last="Bondarenko", dob=DOB, phone="+44 7700 900123") == ["HCA-2"]
    # by postcode, typed differently
    assert refs(first="Yousef", last="Rahimi", dob=DOB, postcode="so16 6yd") == ["HCA-3"]
    # by last name as typed, with first and last swapped
    assert refs(first="Rahimi", last="Yusuf", dob=None) == ["HCA-3"]
    assert refs(first="Someone", last="Else", dob=DOB) == []


def test_an_intake_is_held_when_unsure_but_not_for_a_sibling_or_twin():
    family = {"email": "haidari.family@example.com", "postcode": "SO16 6YD"}
    rows = [row(1, "Ahmad", "Haidari", DOB, **family), row(2, "Mohammad", "Haidari", date(1960, 1, 1))]
    twin = matches_for(person("Maryam", "Haidari", DOB, **family), rows)
    sibling = matches_for(person("Zahra", "Haidari", date(1995, 6, 1), **family), rows)
    same_name_no_birthday = matches_for(person("Mohammad", "Haidari", None), rows)
    assert twin == sibling == []
    assert [m.person_ref for m in same_name_no_birthday] == ["HCA-0002"]
    assert same_name_no_birthday[0].score < DUPLICATE


def _generator():
    spec = importlib.util.spec_from_file_location("bench_duplicates", ROOT / "bench" / "duplicates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_precision_and_recall_on_a_generated_population():
    rows, truth = _generator().generate(2000, seed=7)
    rows = [Row(id=n, **r) for n, r in enumerate(rows, 1)]
    found = {(p.ref_a, p.ref_b) for p in candidate_pairs(rows)}
    hits = len(found & truth)
    assert len(truth) > 100
    assert hits / len(found) >= 0.95
    assert hits / len(truth) >= 0.95
