"""The widening-participation report as pure functions over data frames (data-formats.md).

``count_groups`` takes one row per person counted in the period — their furthest stage rank
(1 = engaged ... 9 = sustained_26w), the date of their first event in the period, and their
characteristics — and counts people per (characteristic, group, furthest stage); the database
makes the same counts for the real report. ``reached_from_counts`` turns those counts into exact
``reached`` figures for every (characteristic, group, stage).
``present`` applies the small-number rule and works out conversion from the counts it shows.
Nothing here touches the database, so every definition is tested on small hand-made frames.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from portal.pipeline.choices import ETHNIC_CATEGORIES, ROUTES, SEX, STAGES, YES_NO, YES_NO_CHARACTERISTICS
from portal.reports.suppression import SUPPRESSED, suppress

UNKNOWN = "unknown"
# Each age band with its youngest and oldest whole age (None: open-ended).
AGE_BAND_BOUNDS = (
    ("under_16", None, 15),
    ("16_17", 16, 17),
    ("18_24", 18, 24),
    ("25_34", 25, 34),
    ("35_49", 35, 49),
    ("50_plus", 50, None),
)
AGE_BANDS = tuple(band for band, _youngest, _oldest in AGE_BAND_BOUNDS)
ETHNIC_GROUPS = ("white", "mixed", "asian", "black", "other", "not_stated")
ETHNIC_GROUP_OF = {code: group for code, (group, _label) in ETHNIC_CATEGORIES.items()}

# Each characteristic with its groups in the order a report lists them; `unknown` always last.
CHARACTERISTICS: dict[str, tuple[str, ...]] = {
    "all": ("all",),
    "route": (*ROUTES, UNKNOWN),
    "age_band": (*AGE_BANDS, UNKNOWN),
    "sex": (*SEX, UNKNOWN),
    "ethnic_group": (*ETHNIC_GROUPS, UNKNOWN),
    "disability": (*YES_NO, UNKNOWN),
    "imd_quintile": ("1", "2", "3", "4", "5", UNKNOWN),
    **{name: (*YES_NO, UNKNOWN) for name in YES_NO_CHARACTERISTICS if name != "disability"},
}
CSV_COLUMNS = ["characteristic", "group", "stage", "reached", "conversion_pct"]

# The columns compute_reached needs in its input frame.
PERSON_COLUMNS = [
    "furthest_rank",
    "first_on",
    "date_of_birth",
    "route",
    "sex",
    "ethnic_category",
    "imd_quintile",
    *YES_NO_CHARACTERISTICS,
]


def age_bands(date_of_birth: pd.Series, on: pd.Series) -> pd.Series:
    """Age in whole years on the given day (a birthday counts from the day itself), banded."""
    born = pd.to_datetime(date_of_birth)
    day = pd.to_datetime(on)
    had_birthday = (day.dt.month > born.dt.month) | ((day.dt.month == born.dt.month) & (day.dt.day >= born.dt.day))
    age = day.dt.year - born.dt.year - (~had_birthday).astype(int)
    bands = pd.cut(
        age, bins=[-np.inf, *(oldest for _b, _y, oldest in AGE_BAND_BOUNDS[:-1]), np.inf], labels=AGE_BANDS, right=True
    )
    return bands.astype(object).where(born.notna(), UNKNOWN)


def person_groups(people: pd.DataFrame) -> pd.DataFrame:
    """One column per characteristic holding each person's group."""

    def answered(series: pd.Series) -> pd.Series:
        values = series.to_numpy(dtype=object, copy=True)
        values[pd.isna(values) | (values == "")] = UNKNOWN
        return pd.Series(values, index=series.index)

    groups = pd.DataFrame(index=people.index)
    groups["all"] = "all"
    groups["route"] = answered(people["route"])
    groups["age_band"] = age_bands(people["date_of_birth"], people["first_on"])
    groups["sex"] = answered(people["sex"])
    groups["ethnic_group"] = answered(people["ethnic_category"].map(ETHNIC_GROUP_OF))
    quintile = pd.to_numeric(people["imd_quintile"], errors="coerce")
    groups["imd_quintile"] = quintile.astype("Int64").astype(str).where(quintile.notna(), UNKNOWN)
    for name in YES_NO_CHARACTERISTICS:
        groups[name] = answered(people[name])
    return groups[list(CHARACTERISTICS)]


def count_groups(people: pd.DataFrame) -> pd.DataFrame:
    """People per (characteristic, group, furthest rank) from one row per person.

    Columns: characteristic, group, rank, people. The database does the same count in SQL for the
    report itself (``services.group_counts``); this is the definition it is tested against.
    """
    counted = people[people["furthest_rank"].notna()]
    ranks = counted["furthest_rank"].astype(int).to_numpy()
    groups = person_groups(counted)
    frames = []
    for characteristic in CHARACTERISTICS:
        codes, uniques = pd.factorize(groups[characteristic])
        # People per (group, furthest rank), counted in one pass.
        counts = np.bincount(codes * 10 + ranks, minlength=len(uniques) * 10).reshape(-1, 10)[:, 1:]
        frame = pd.DataFrame(counts, index=pd.Index(list(uniques), name="group"), columns=range(1, len(STAGES) + 1))
        long = frame.stack().rename("people").reset_index()
        long.columns = ["group", "rank", "people"]
        long.insert(0, "characteristic", characteristic)
        frames.append(long)
    if counted.empty:
        return pd.DataFrame(columns=["characteristic", "group", "rank", "people"])
    return pd.concat(frames, ignore_index=True)


def reached_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Exact reached(S) for every characteristic, every group with at least one person, every stage,
    from people per (characteristic, group, furthest rank).

    Columns: characteristic, group, stage, reached. Rows in the order of CHARACTERISTICS, groups
    and STAGES, so that exports are stable.
    """
    columns = ["characteristic", "group", "stage", "reached"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    at_rank = (
        counts.astype({"rank": int, "people": int})
        .groupby(["characteristic", "group", "rank"])["people"]
        .sum()
        .unstack("rank", fill_value=0)
        .reindex(columns=range(1, len(STAGES) + 1), fill_value=0)
    )
    at_rank = at_rank[at_rank.sum(axis=1) > 0]
    order = [(characteristic, group) for characteristic, groups in CHARACTERISTICS.items() for group in groups]
    at_rank = at_rank.reindex([key for key in order if key in at_rank.index])
    if at_rank.empty:
        return pd.DataFrame(columns=columns)
    # reached(S) counts everyone whose furthest stage is S or later: a cumulative sum from the end.
    reached = at_rank.iloc[:, ::-1].cumsum(axis=1).iloc[:, ::-1]
    reached.columns = list(STAGES)
    result = reached.stack().rename("reached").reset_index()
    result.columns = columns
    result["reached"] = result["reached"].astype(int)
    return result


def compute_reached(people: pd.DataFrame) -> pd.DataFrame:
    """Exact reached(S) from one row per person (see ``reached_from_counts``)."""
    return reached_from_counts(count_groups(people))


def conversion(current, previous) -> str:
    """reached(S) / reached(previous) as a percentage to one decimal place (half up), from the
    counts as shown: ``*`` when either is suppressed, empty when there is nothing to divide by."""
    if current == SUPPRESSED or previous == SUPPRESSED:
        return SUPPRESSED
    if not previous:
        return ""
    value = (Decimal(int(current)) * 100 / Decimal(int(previous))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(value)


def present(reached: pd.DataFrame, *, suppressed: bool = True) -> pd.DataFrame:
    """The report as published: counts through the small-number rule (unless ``suppressed`` is
    False), conversion from the counts shown, empty for the first stage."""
    table = reached.copy()
    table["reached"] = table["reached"].map(suppress) if suppressed else table["reached"].astype(int)
    previous = table.groupby(["characteristic", "group"], sort=False)["reached"].shift(1)
    table["conversion_pct"] = [
        "" if stage == STAGES[0] else conversion(current, before)
        for stage, current, before in zip(table["stage"], table["reached"], previous, strict=True)
    ]
    return table[CSV_COLUMNS]


def representation(table: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """For each characteristic and group: share of people reached (engaged, i.e. everyone counted),
    the group's share of the local population, and the ratio between them (1.0 = in proportion).

    ``table`` is the output of ``present``; shares are computed from the counts it shows.
    ``baseline`` has columns characteristic, group, population_pct.
    """
    engaged = table[(table["stage"] == STAGES[0]) & (table["characteristic"] != "all")][
        ["characteristic", "group", "reached"]
    ].copy()
    numeric = pd.to_numeric(engaged["reached"], errors="coerce")
    totals = numeric.groupby(engaged["characteristic"]).transform("sum")
    engaged["reached_pct"] = (numeric * 100 / totals).round(1)
    merged = engaged.merge(baseline, on=["characteristic", "group"], how="left")
    merged["ratio"] = (merged["reached_pct"] / merged["population_pct"]).where(merged["population_pct"] > 0).round(2)
    merged["reached_pct"] = merged["reached_pct"].astype(object).where(numeric.notna().to_numpy(), SUPPRESSED)
    return merged[["characteristic", "group", "reached", "reached_pct", "population_pct", "ratio"]]


def financial_year(day: date) -> int:
    """The UK financial year a day falls in, named by the year it starts (1 April)."""
    return day.year if day.month >= 4 else day.year - 1


def period_bounds(period: str) -> tuple[date, date]:
    """``fy2025`` -> 1 Apr 2025 to 31 Mar 2026; ``fy2025-q1`` -> April to June 2025 ... ``q4`` ->
    January to March 2026. Raises ValueError for anything else."""
    if not period.startswith("fy"):
        raise ValueError(period)
    year_part, _, quarter_part = period[2:].partition("-q")
    year = int(year_part)
    if not 2000 <= year <= 2100:
        raise ValueError(period)
    if not quarter_part:
        return date(year, 4, 1), date(year + 1, 3, 31)
    quarter = int(quarter_part)
    if quarter not in (1, 2, 3, 4):
        raise ValueError(period)
    starts = {1: date(year, 4, 1), 2: date(year, 7, 1), 3: date(year, 10, 1), 4: date(year + 1, 1, 1)}
    ends = {1: date(year, 6, 30), 2: date(year, 9, 30), 3: date(year, 12, 31), 4: date(year + 1, 3, 31)}
    return starts[quarter], ends[quarter]
