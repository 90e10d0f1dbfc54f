"""Opportunities near me: a postcode and a distance on the public list, in-person ones nearest
first (distance worked out in SQL), online ones after them, an unknown postcode told plainly."""

import math
import re

import pytest

from portal.extensions import db
from portal.opportunities import nearby
from portal.pipeline.models import PostcodeLookup
from tests.factories import OpportunityFactory

CENTROIDS = {
    "SO16 6YD": (50.9330, -1.4340),  # Southampton General Hospital
    "SO40 3WX": (50.9190, -1.4910),  # Totton, about 2.6 miles west
    "PO6 3LY": (50.8505, -1.0705),  # Cosham, about 17 miles east
    "SO14 7LP": (50.9050, -1.3930),  # city centre, about 2.5 miles
}


@pytest.fixture
def places(app):
    for number, (postcode, (latitude, longitude)) in enumerate(CENTROIDS.items()):
        db.session.add(
            PostcodeLookup(
                postcode=postcode, lsoa_code=f"E0101719{number}", imd_decile=5, latitude=latitude, longitude=longitude
            )
        )
    db.session.add(PostcodeLookup(postcode="SO17 1BJ", lsoa_code="E01017200", imd_decile=7))  # no centroid
    OpportunityFactory(title="Totton care home", postcode="SO40 3WX")
    OpportunityFactory(title="Cosham hospital", postcode="PO6 3LY")
    OpportunityFactory(title="City centre clinic", postcode="SO14 7LP")
    OpportunityFactory(title="Virtual ward tour", online=True, location="", postcode=None)
    OpportunityFactory(title="Somewhere unmapped", postcode=None)
    db.session.commit()


def listed(client, query) -> list[str]:
    html = client.get(f"/opportunities/?{query}").text
    return re.findall(r'href="/opportunities/\d+" lang="en">([^<]+)</a>', html)


def great_circle_miles(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * nearby.EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


@pytest.mark.db
def test_in_person_nearest_first_within_the_distance_then_online(client, places):
    assert listed(client, "postcode=so16+6yd&distance=5") == [
        "City centre clinic",
        "Totton care home",
        "Virtual ward tour",
    ]
    assert listed(client, "postcode=SO16 6YD&distance=25") == [
        "City centre clinic",
        "Totton care home",
        "Cosham hospital",
        "Virtual ward tour",
    ]


@pytest.mark.db
def test_each_in_person_opportunity_shows_its_distance(client, places):
    html = client.get("/opportunities/?postcode=SO16+6YD&distance=25").text
    assert "within 25 miles of SO16 6YD" in html
    shown = [float(miles) for miles in re.findall(r'class="app-distance">([\d.]+) miles away', html)]
    expected = sorted(
        great_circle_miles(CENTROIDS["SO16 6YD"], CENTROIDS[p]) for p in ("SO14 7LP", "SO40 3WX", "PO6 3LY")
    )
    assert len(shown) == 3 and all(abs(a - b) < 0.1 for a, b in zip(shown, expected, strict=True))


@pytest.mark.db
def test_the_sql_distance_is_close_to_the_great_circle(app, places):
    origin = nearby.Origin("SO16 6YD", *CENTROIDS["SO16 6YD"], miles=50)
    from portal.opportunities.models import Opportunity

    opportunities = db.session.query(Opportunity).filter(Opportunity.online.is_(False)).all()
    found = nearby.distances(opportunities, origin)
    for opportunity in opportunities:
        if opportunity.postcode in CENTROIDS:
            truth = great_circle_miles(CENTROIDS["SO16 6YD"], CENTROIDS[opportunity.postcode])
            assert abs(found[opportunity.id] - truth) / truth < 0.005


def test_an_unknown_postcode_gets_a_message_next_to_the_field(client, places):
    html = client.get("/opportunities/?postcode=ZZ1+1ZZ").text
    assert "There is a problem" in html
    assert html.count("We could not find that postcode") == 2  # the summary and the field
    assert 'value="ZZ1 1ZZ"' in html
    assert len(listed(client, "postcode=ZZ1+1ZZ")) == 5  # the list is still shown, unfiltered


def test_a_postcode_without_a_centroid_is_unknown_too(client, places):
    assert "We could not find that postcode" in client.get("/opportunities/?postcode=SO17+1BJ").text


def test_a_postcode_that_cannot_be_one_says_so(client, places):
    html = client.get("/opportunities/?postcode=hello").text
    assert "Enter a real UK postcode, like SO16 6YD" in html


def test_bad_distances_fall_back_not_fail(client, places):
    for query in ("distance=9999", "distance=-1", "distance=abc", "postcode=" + "A" * 300):
        assert client.get(f"/opportunities/?postcode=SO16+6YD&{query}").status_code == 200


def test_near_me_combines_with_the_other_filters(client, places):
    assert listed(client, "postcode=SO16+6YD&distance=25&mode=online") == ["Virtual ward tour"]
    assert "Virtual ward tour" not in listed(client, "postcode=SO16+6YD&distance=25&mode=in_person")


def test_the_list_runs_a_fixed_number_of_queries_near_me(app, client, places):
    from sqlalchemy import event

    for _ in range(25):
        OpportunityFactory(postcode="SO14 7LP")
    db.session.commit()
    statements = []

    def count_statement(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count_statement)
    try:
        client.get("/opportunities/?postcode=SO16+6YD&distance=5")
        first = len(statements)
        statements.clear()
        client.get("/opportunities/?postcode=SO16+6YD&distance=5&page=2")
        assert len(statements) <= first
    finally:
        event.remove(db.engine, "before_cursor_execute", count_statement)
