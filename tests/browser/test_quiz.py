"""The interests quiz in a real browser: walked in Dari on a phone to its results, by visible
labels, axe-clean on every page; and opportunities near a postcode."""

import re

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from portal.careers import quiz
from tests.browser.conftest import VIEWPORTS, assert_accessible
from tests.conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"
DARI = Translations.load(str(ROOT / "translations"), ["fa_AF"])


def msgid(lazy) -> str:
    """The English text of a lazily translated string (its msgid)."""
    return lazy._args[0]


def shot(page, name, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"quiz-{name}-{width}.png"), full_page=True)


def no_horizontal_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_quiz_in_dari_walked_to_its_results(page, live_server, viewport):
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    say = DARI.gettext
    page.goto(f"{live_server}/careers/quiz?lang=prs")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    page.get_by_role("button", name=say("Start the quiz")).click()

    # Someone who likes science, hands-on work and caring for patients.
    keen = {"helping", "caring", "science", "hands", "active", "blood", "emergencies", "shifts"}
    for number, (heading, keys) in enumerate(quiz.STEPS, start=1):
        expect(page.locator("h1")).to_have_text(say(msgid(heading)))
        if number == 1:
            # Sending a step with a question left out says so beside it, and keeps what was chosen.
            page.get_by_role("button", name=say("Continue")).click()
            expect(page.locator(".nhsuk-error-summary")).to_contain_text(say("Choose yes, not sure or no"))
            assert_accessible(page)
            shot(page, "step-error", size["width"])
        for key in keys:
            group = page.get_by_role("group", name=say(msgid(quiz.BY_KEY[key].text)))
            group.get_by_label(say("Yes") if key in keen else say("Not sure"), exact=True).check()
        if number == len(quiz.STEPS):
            page.get_by_role("group", name=say("Would you like to go to university?")).get_by_label(
                say("Not sure yet"), exact=True
            ).check()
        assert_accessible(page)
        no_horizontal_overflow(page)
        if number == 2:
            shot(page, "step", size["width"])
        page.get_by_role("button", name=say("See my results") if number == len(quiz.STEPS) else say("Continue")).click()

    expect(page.locator("h1")).to_have_text(say("Jobs that might suit you"))
    results = page.locator(".app-quiz-results .app-result h3 a")
    expect(results.first).to_be_visible()
    titles = results.all_inner_texts()
    # In Dari, with the English title beside it (employers advertise in English).
    assert any(
        f"({name})" in title for title in titles[8:16] for name in ("Paramedic", "Physiotherapist", "Adult nurse")
    ), titles
    assert all(title.split(" (")[0] != title for title in titles), titles
    expect(page.locator("main")).to_contain_text(say("Why it might suit you:"))
    expect(page.get_by_label(say("Address of your results"))).to_have_value(re.compile(r"/careers/quiz/results\?"))
    assert_accessible(page)
    no_horizontal_overflow(page)
    shot(page, "results", size["width"])
    page.emulate_media(media="print")
    shot(page, "results-print", size["width"])


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_opportunities_near_a_postcode(page, live_server, viewport):
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    page.goto(f"{live_server}/opportunities/?lang=en")
    page.get_by_label("Your postcode").fill("so16 6yd")
    page.get_by_label("Distance").select_option("25")
    page.get_by_role("button", name="Show opportunities").click()
    expect(page.locator("main")).to_contain_text("within 25 miles of SO16 6YD")
    expect(page.locator(".app-distance").first).to_be_visible()
    assert_accessible(page)
    no_horizontal_overflow(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"nearby-{size['width']}.png"), full_page=True)

    page.get_by_label("Your postcode").fill("ZZ1 1ZZ")
    page.get_by_role("button", name="Show opportunities").click()
    expect(page.locator(".nhsuk-error-message")).to_contain_text("We could not find that postcode")
    assert_accessible(page)
