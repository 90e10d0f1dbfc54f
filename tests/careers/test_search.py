"""Search ranking, synonyms, typos, filters and pagination on /careers."""

import re

import pytest
from sqlalchemy import select

from portal.careers.models import Career, CareerFamily
from portal.extensions import db


def titles(client, query: str) -> list[str]:
    html = client.get(f"/careers/?{query}").text
    return [
        re.sub(r"&#39;", "'", title)
        for title in re.findall(r'<h3[^>]*>\s*<a class="nhsuk-link" href="/careers/[a-z0-9-]+">([^<]+)</a>', html)
    ]


def count(client, query: str) -> int:
    html = client.get(f"/careers/?{query}").text
    return int(re.search(r'id="results"[^>]*>(\d+) role', html).group(1))


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("physio", "Physiotherapist"),
        ("HCA", "Healthcare assistant (healthcare support worker)"),
        ("hca", "Healthcare assistant (healthcare support worker)"),
        ("GP", "General practitioner (GP)"),
        ("paramedic science", "Paramedic"),
        ("Mental health nurse", "Mental health nurse"),
        ("ODP", "Operating department practitioner"),
    ],
)
def test_search_puts_the_role_people_mean_first(client, catalogue, query, first):
    assert titles(client, f"q={query}")[0] == first


def test_nurse_lists_nursing_roles_before_others(client, catalogue):
    nursing = set(db.session.scalars(select(Career.title).join(Career.family).where(CareerFamily.slug == "nursing")))
    results = []
    for page in (1, 2):
        results += titles(client, f"q=nurse&page={page}")
    flags = [title in nursing for title in results]
    assert flags[0] and any(not flag for flag in flags)
    assert flags == sorted(flags, reverse=True), "a non-nursing role came before a nursing role"


def test_short_queries_match_whole_words_not_parts_of_words(client, catalogue):
    assert "Healthcare science assistant" not in titles(client, "q=hca")


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("phisio", "Physiotherapist"), ("physiotherapyst", "Physiotherapist"), ("paramedik", "Paramedic")],
)
def test_common_misspellings_still_find_the_role(client, catalogue, typo, meant):
    assert meant in titles(client, f"q={typo}")


def test_a_corrected_search_says_what_it_searched_for(client, catalogue):
    html = client.get("/careers/?q=paramedik").text
    assert "No roles matched “paramedik”" in html


def test_no_results_suggests_what_to_try(client, catalogue):
    html = client.get("/careers/?q=astronaut").text
    assert "0 roles" in html and "check the spelling" in html and 'href="/careers/"' in html


def test_filter_by_family(client, catalogue):
    results = titles(client, "family=midwifery")
    assert "Midwife" in results and all("nurse" not in title.lower() for title in results)


def test_filter_no_degree_needed(client, catalogue):
    results = titles(client, "route=no_degree")
    assert "Healthcare assistant (healthcare support worker)" in results or count(client, "route=no_degree") > 20
    assert "Physiotherapist" not in titles(client, "route=no_degree&q=physio")


def test_filter_apprenticeship_available(client, catalogue):
    with_apprenticeship = count(client, "route=apprenticeship")
    assert 0 < with_apprenticeship < count(client, "")
    assert "Clinical coder" in titles(client, "route=apprenticeship&q=coder")


def test_filter_by_band_keeps_roles_whose_range_includes_it(client, catalogue):
    assert "Physiotherapist" in titles(client, "q=physio&band=6")
    assert "Physiotherapist" not in titles(client, "q=physio&band=3")


def test_filters_combine(client, catalogue):
    combined = count(client, "family=nursing&route=apprenticeship&band=5")
    assert 0 < combined < count(client, "family=nursing")
    assert count(client, "family=nursing&route=return_to_practice") < count(client, "family=nursing")
    assert "Midwife" not in titles(client, "family=nursing&route=return_to_practice")


def test_filters_keep_their_state_in_the_page(client, catalogue):
    html = client.get("/careers/?q=nurse&family=nursing&route=apprenticeship&band=5").text
    assert 'value="nurse"' in html
    assert re.search(r'<option value="nursing" selected', html)
    assert re.search(r'value="apprenticeship" checked', html)
    assert re.search(r'<option value="5" selected', html)


def test_pagination_keeps_the_query(client, catalogue):
    html = client.get("/careers/?route=apprenticeship").text
    assert "route=apprenticeship&amp;page=2" in html
    second = titles(client, "route=apprenticeship&page=2")
    assert second and not set(second) & set(titles(client, "route=apprenticeship"))


def test_all_roles_are_browsable(client, catalogue):
    total = count(client, "")
    assert total == db.session.query(Career).count() >= 120


def test_bad_filter_values_are_ignored_not_errors(client, catalogue):
    assert client.get("/careers/?family=nonsense&band=99&route=teleport&page=-3").status_code == 200
    assert client.get("/careers/?q=" + "x" * 500).status_code == 200
    assert client.get("/careers/?q=%25_%5C").status_code == 200  # SQL wildcards are literal


def test_list_page_runs_a_fixed_number_of_queries(app, client, catalogue):
    from sqlalchemy import event

    statements = []

    def count_statement(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count_statement)
    try:
        client.get("/careers/?page=1")
        first = len(statements)
        statements.clear()
        client.get("/careers/?route=apprenticeship&page=2")
        assert len(statements) <= first + 1
        statements.clear()
        client.get("/careers/?q=nurse")
        assert len(statements) <= first + 1
    finally:
        event.remove(db.engine, "before_cursor_execute", count_statement)
