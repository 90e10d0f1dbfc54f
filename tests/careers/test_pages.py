"""Role pages, family pages and compare."""

import re

from bs4 import BeautifulSoup


def test_role_page_shows_what_how_and_pay(client, catalogue):
    html = client.get("/careers/physiotherapist").text
    assert "<h1>Physiotherapist</h1>" in html
    assert "A day in the job" in html and "How to get in" in html
    assert "ST0519" in html and "level 6" in html
    assert "Bands 5 to 6" in html and "£31,049" in html and "£46,580" in html and "2025/26" in html
    assert "HCPC" in html
    assert 'href="/careers/occupational-therapist"' in html
    assert "Find your route into work" in html


def test_role_not_on_agenda_for_change_shows_its_pay_note(client, catalogue):
    soup = BeautifulSoup(client.get("/careers/care-worker").text, "html.parser")
    pay = next(row for row in soup.select(".nhsuk-summary-list__row") if row.dt.get_text(strip=True) == "Pay")
    text = pay.dd.get_text(" ", strip=True)
    assert "Band" not in text and "a year" not in text  # no Agenda for Change band or salary range
    assert re.search(r"set by each employer.*National Living Wage", text)


def test_unknown_role_and_family_are_404(client, catalogue):
    assert client.get("/careers/astronaut").status_code == 404
    assert client.get("/careers/families/space").status_code == 404


def test_family_page_lists_its_roles(client, catalogue):
    html = client.get("/careers/families/allied-health-professions").text
    assert "<h1>Allied health professions</h1>" in html
    assert 'href="/careers/physiotherapist"' in html and 'href="/careers/adult-nurse"' not in html


def test_compare_one_two_and_three_roles_side_by_side(client, catalogue):
    for roles in (
        ["physiotherapist"],
        ["physiotherapist", "paramedic"],
        ["physiotherapist", "paramedic", "adult-nurse"],
    ):
        query = "&".join(f"role={slug}" for slug in roles)
        page = client.get(f"/careers/compare?{query}")
        assert page.status_code == 200
        assert page.text.count('scope="col"') == len(roles)
        assert "There is a problem" not in page.text
    html = client.get("/careers/compare?role=physiotherapist&role=paramedic&role=adult-nurse").text
    assert "Add to comparison" not in html
    assert "Apprenticeship level" in html and "ST0567" in html


def test_compare_keeps_the_order_and_ignores_repeats(client, catalogue):
    html = client.get("/careers/compare?role=paramedic&role=physiotherapist&role=paramedic").text
    heads = re.findall(r'scope="col">\s*<a class="nhsuk-link" href="/careers/([a-z-]+)"', html)
    assert heads == ["paramedic", "physiotherapist"]


def test_compare_explains_an_unknown_role(client, catalogue):
    html = client.get("/careers/compare?role=physiotherapist&role=astronaut").text
    assert "There is a problem" in html and "could not find 1 of the roles" in html
    assert html.count('scope="col"') == 1


def test_compare_more_than_three_shows_the_first_three_and_says_so(client, catalogue):
    roles = ["physiotherapist", "paramedic", "adult-nurse", "midwife"]
    html = client.get("/careers/compare?" + "&".join(f"role={slug}" for slug in roles)).text
    assert (
        "up to 3 roles" in html and html.count('scope="col"') == 3 and "/careers/midwife" not in html.split("<tbody")[0]
    )


def test_compare_with_nothing_chosen_offers_a_list(client, catalogue):
    html = client.get("/careers/compare").text
    assert "You have not chosen any roles yet" in html and '<option value="physiotherapist"' in html


def test_role_page_offers_compare_with_its_role_in_the_link(client, catalogue):
    assert 'href="/careers/compare?role=physiotherapist"' in client.get("/careers/physiotherapist").text


def test_careers_is_in_the_navigation(client, catalogue):
    assert 'href="/careers/"' in client.get("/").text
