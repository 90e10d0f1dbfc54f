"""The widening-participation report's definitions, on small hand-computed frames."""

from datetime import date

import pandas as pd
import pytest

from portal.pipeline.choices import STAGES
from portal.reports import widening
from portal.reports.suppression import suppress


def person(rank, first_on=date(2025, 6, 1), dob=None, route="in_education", **answers):
    row = dict.fromkeys(widening.PERSON_COLUMNS)
    row.update(furthest_rank=rank, first_on=first_on, date_of_birth=dob, route=route, **answers)
    return row


def frame(*people):
    return pd.DataFrame(list(people), columns=widening.PERSON_COLUMNS)


def reached(table, characteristic, group):
    part = table[(table.characteristic == characteristic) & (table.group == group)]
    return dict(zip(part.stage, part.reached, strict=True))


def test_reached_counts_everyone_at_or_beyond_each_stage():
    # Furthest stages: engaged (1), applied (4), employed (7), and a skipped-stage path straight to employed.
    table = widening.compute_reached(frame(person(1), person(4), person(7), person(7)))
    counts = reached(table, "all", "all")
    assert counts == {
        "engaged": 4,
        "advised": 3,
        "experience": 3,
        "applied": 3,
        "in_training": 2,
        "offered": 2,
        "employed": 2,
        "sustained_13w": 0,
        "sustained_26w": 0,
    }


def test_people_without_a_stage_are_not_counted():
    # furthest_rank is None when a person's only events in the period were exits.
    table = widening.compute_reached(frame(person(None), person(2)))
    assert reached(table, "all", "all")["engaged"] == 1


def test_every_group_with_someone_gets_all_nine_stages_and_empty_groups_none():
    table = widening.compute_reached(frame(person(1, route="seldom_heard")))
    route = table[table.characteristic == "route"]
    assert set(route.group) == {"seldom_heard"}
    assert list(route.stage) == list(STAGES)
    assert list(table.characteristic.unique()) == list(widening.CHARACTERISTICS)


@pytest.mark.parametrize(
    ("dob", "first_on", "band"),
    [
        (date(2009, 6, 2), date(2025, 6, 1), "under_16"),  # 16 tomorrow
        (date(2009, 6, 1), date(2025, 6, 1), "16_17"),  # 16 today
        (date(2007, 6, 2), date(2025, 6, 1), "16_17"),
        (date(2007, 6, 1), date(2025, 6, 1), "18_24"),
        (date(2000, 6, 1), date(2025, 6, 1), "25_34"),
        (date(1990, 6, 2), date(2025, 6, 1), "25_34"),
        (date(1990, 6, 1), date(2025, 6, 1), "35_49"),
        (date(1975, 6, 2), date(2025, 6, 1), "35_49"),
        (date(1975, 6, 1), date(2025, 6, 1), "50_plus"),
        (date(2008, 2, 29), date(2025, 2, 28), "16_17"),  # leap-day birthday not yet reached
        (date(2008, 2, 29), date(2024, 2, 28), "under_16"),
        (None, date(2025, 6, 1), "unknown"),
    ],
)
def test_age_band_is_taken_at_the_first_event_across_birthdays(dob, first_on, band):
    table = widening.compute_reached(frame(person(1, first_on=first_on, dob=dob)))
    assert set(table[table.characteristic == "age_band"].group) == {band}


def test_every_characteristic_groups_answers_unknown_and_not_stated():
    people = frame(
        person(
            1,
            sex="female",
            ethnic_category="A",
            disability="yes",
            imd_quintile=1,
            care_experienced="no",
            free_school_meals="yes",
            young_carer="prefer_not_to_say",
            first_in_family_he="yes",
            refugee_background="yes",
        ),
        person(1, route="career_changer", ethnic_category="Z"),
        person(1, route="seldom_heard", ethnic_category="99", sex="prefer_not_to_say", imd_quintile=5),
        person(1, ethnic_category="N"),
        person(1, ethnic_category="R"),
        person(1, ethnic_category="F"),
        person(1, ethnic_category="K"),
    )
    table = widening.compute_reached(people)

    def groups(characteristic):
        part = table[(table.characteristic == characteristic) & (table.stage == "engaged")]
        return dict(zip(part.group, part.reached, strict=True))

    assert groups("route") == {"in_education": 5, "career_changer": 1, "seldom_heard": 1}
    assert groups("sex") == {"female": 1, "prefer_not_to_say": 1, "unknown": 5}
    assert groups("ethnic_group") == {"white": 1, "mixed": 1, "asian": 1, "black": 1, "other": 1, "not_stated": 2}
    assert groups("imd_quintile") == {"1": 1, "5": 1, "unknown": 5}
    assert groups("disability") == {"yes": 1, "unknown": 6}
    assert groups("young_carer") == {"prefer_not_to_say": 1, "unknown": 6}
    for name in ("care_experienced", "free_school_meals", "first_in_family_he", "refugee_background"):
        assert sum(groups(name).values()) == 7
    # Group order is the report's order, `unknown` last.
    assert list(groups("ethnic_group")) == ["white", "mixed", "asian", "black", "other", "not_stated"]


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "*"), (7, "*"), (8, 10), (12, 10), (13, 15), (1002, 1000)])
def test_suppression_rule(count, shown):
    assert suppress(count) == shown


def test_conversion_is_worked_out_from_the_rounded_counts():
    # 13 engaged -> 15 shown; 12 advised -> 10 shown; conversion 10/15 = 66.7, not 12/13 = 92.3.
    people = frame(*[person(2)] * 12, person(1))
    table = widening.present(widening.compute_reached(people))
    rows = table[table.characteristic == "all"].set_index("stage")
    assert rows.at["engaged", "reached"] == 15 and rows.at["engaged", "conversion_pct"] == ""
    assert rows.at["advised", "reached"] == 10 and rows.at["advised", "conversion_pct"] == "66.7"
    assert rows.at["experience", "reached"] == 0 and rows.at["experience", "conversion_pct"] == "0.0"
    assert rows.at["applied", "conversion_pct"] == "", "nothing to divide by after a zero"


def test_conversion_is_starred_when_either_count_is_suppressed():
    table = widening.present(widening.compute_reached(frame(*[person(2)] * 3, *[person(1)] * 10)))
    rows = table[table.characteristic == "all"].set_index("stage")
    assert rows.at["engaged", "reached"] == 15
    assert rows.at["advised", "reached"] == "*" and rows.at["advised", "conversion_pct"] == "*"
    assert rows.at["experience", "conversion_pct"] == "*"


def test_unsuppressed_counts_are_exact():
    table = widening.present(widening.compute_reached(frame(*[person(2)] * 3, person(1))), suppressed=False)
    rows = table[table.characteristic == "all"].set_index("stage")
    assert (rows.at["engaged", "reached"], rows.at["advised", "reached"], rows.at["advised", "conversion_pct"]) == (
        4,
        3,
        "75.0",
    )


def test_representation_compares_share_reached_with_population():
    people = frame(*[person(1, ethnic_category="A")] * 30, *[person(1, ethnic_category="H")] * 10)
    table = widening.present(widening.compute_reached(people))
    baseline = pd.DataFrame(
        [("ethnic_group", "white", 50.0), ("ethnic_group", "asian", 25.0)],
        columns=["characteristic", "group", "population_pct"],
    )
    result = widening.representation(table, baseline).set_index(["characteristic", "group"])
    assert result.loc[("ethnic_group", "white"), "reached_pct"] == 75.0
    assert result.loc[("ethnic_group", "white"), "ratio"] == 1.5
    assert result.loc[("ethnic_group", "asian"), "ratio"] == 1.0
    assert pd.isna(result.loc[("route", "in_education"), "population_pct"])


def test_an_empty_period_gives_an_empty_report():
    table = widening.present(widening.compute_reached(frame()))
    assert table.empty and list(table.columns) == widening.CSV_COLUMNS


@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        ("fy2025", (date(2025, 4, 1), date(2026, 3, 31))),
        ("fy2025-q1", (date(2025, 4, 1), date(2025, 6, 30))),
        ("fy2025-q3", (date(2025, 10, 1), date(2025, 12, 31))),
        ("fy2025-q4", (date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_financial_years_and_quarters_start_in_april(period, bounds):
    assert widening.period_bounds(period) == bounds


@pytest.mark.parametrize("period", ["2025", "fy25x", "fy2025-q5", "fy1800"])
def test_unknown_periods_are_refused(period):
    with pytest.raises(ValueError):
        widening.period_bounds(period)


def test_financial_year_of_a_day():
    assert widening.financial_year(date(2026, 3, 31)) == 2025
    assert widening.financial_year(date(2026, 4, 1)) == 2026
