"""The interests quiz: every role has attributes, personas get sensible roles, the steps check
their answers and carry them in the URL."""

import re
import tomllib
from urllib.parse import urlencode

import pytest

from portal.careers import quiz
from portal.careers.reference import DATA


def all_answers(yes=(), no=(), degree="unsure") -> dict:
    answers = {q.key: "yes" if q.key in yes else "no" if q.key in no else "unsure" for q in quiz.QUESTIONS}
    answers[quiz.DEGREE_KEY] = degree
    return answers


def top(answers, n=10) -> list[str]:
    return [match.career.slug for match in quiz.ranked_matches(answers)[:n]]


def test_every_role_in_the_catalogue_has_attributes():
    roles = {role["slug"] for role in tomllib.loads((DATA / "roles.toml").read_text())["role"]}
    assert set(quiz.attributes()) == roles


def test_there_are_15_to_25_questions_and_every_dimension_is_asked():
    assert 15 <= len(quiz.QUESTIONS) + 1 <= 25
    assert {q.dimension for q in quiz.QUESTIONS} == set(quiz.DIMENSIONS)
    asked = [key for _heading, keys in quiz.STEPS for key in keys]
    assert sorted(asked) == sorted(quiz.BY_KEY)


def test_every_reason_has_plain_words_for_both_ends():
    assert set(quiz.REASONS) == {(d, high) for d in quiz.DIMENSIONS for high in (True, False)}


PERSONAS = {
    "science, hands-on, patients": (
        all_answers(
            yes=("helping", "caring", "science", "hands", "active", "blood", "emergencies"),
            no=("things", "behind", "desk"),
        ),
        {"paramedic", "physiotherapist", "adult-nurse", "emergency-nurse"},
        3,
    ),
    "technology, behind the scenes": (
        all_answers(
            yes=("things", "behind", "technology", "desk", "daytime", "steady"), no=("caring", "blood", "shifts")
        ),
        {"clinical-scientist", "data-analyst", "software-developer", "clinical-coder", "cyber-security-analyst"},
        3,
    ),
    "creative, children, listening": (
        all_answers(yes=("creative", "children", "listening", "feelings", "helping", "steady"), no=("emergencies",)),
        {"art-therapist", "health-play-specialist", "child-and-adolescent-psychotherapist", "music-therapist"},
        2,
    ),
    "practical, outdoors, not patients": (
        all_answers(yes=("hands", "active", "outdoors", "things", "behind"), no=("caring", "desk", "listening")),
        {"grounds-maintenance-worker", "maintenance-craftsperson", "estates-manager"},
        1,
    ),
    "emergencies and shifts, no degree": (
        all_answers(
            yes=("emergencies", "shifts", "helping", "caring", "blood", "outdoors"),
            no=("daytime", "steady"),
            degree="no",
        ),
        {"emergency-care-assistant", "emergency-medical-technician", "ambulance-care-assistant"},
        2,
    ),
    "organiser at a desk": (
        all_answers(yes=("organising", "desk", "daytime", "helping"), no=("blood", "hands", "active", "caring")),
        {
            "practice-manager",
            "service-manager",
            "hospital-receptionist",
            "medical-secretary",
            "ward-clerk",
            "hr-adviser",
        },
        2,
    ),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_gets_sensible_roles_near_the_top(catalogue, persona):
    answers, expected, at_least = PERSONAS[persona]
    found = set(top(answers)) & expected
    assert len(found) >= at_least, f"{persona}: top 10 was {top(answers)}"


def test_technology_persona_does_not_get_bedside_roles(catalogue):
    answers = PERSONAS["technology, behind the scenes"][0]
    assert not set(top(answers)) & {"adult-nurse", "paramedic", "care-worker", "healthcare-support-worker"}


def test_results_split_degree_and_no_degree_routes(catalogue):
    found = quiz.results(all_answers(yes=("science",)))
    assert found["degree"] and all(m.career.degree_needed for m in found["degree"])
    assert found["no_degree"] and not any(m.career.degree_needed for m in found["no_degree"])


def test_reasons_are_plain_words_that_agree_with_the_answers(catalogue):
    answers = PERSONAS["science, hands-on, patients"][0]
    paramedic = next(m for m in quiz.ranked_matches(answers) if m.career.slug == "paramedic")
    assert 1 <= len(paramedic.reasons) <= 3
    assert "You care for patients or clients yourself." in paramedic.reasons


def test_the_quiz_is_linked_from_home_and_careers(client, catalogue):
    for page in ("/", "/careers/"):
        assert 'href="/careers/quiz"' in client.get(page).text


def test_walking_the_steps_carries_answers_in_the_url(client, catalogue):
    assert client.get("/careers/quiz").status_code == 200
    answers = {}
    for number, (_heading, keys) in enumerate(quiz.STEPS, start=1):
        step = dict.fromkeys(keys, "yes")
        if number == len(quiz.STEPS):
            step[quiz.DEGREE_KEY] = "no"
        response = client.get(f"/careers/quiz/{number}?" + urlencode({**answers, **step, "sent": number}))
        assert response.status_code == 302
        answers.update(step)
    assert "/careers/quiz/results?" in response.location
    results = client.get(response.location)
    assert results.status_code == 200
    html = results.text
    assert "Roles you can start without a degree" in html and "Roles that need a degree" in html
    assert html.index("Roles you can start without a degree") < html.index("Roles that need a degree")
    assert "Why it might suit you" in html and "Print my results" in html


def test_an_unanswered_question_gets_a_message_next_to_it_and_keeps_the_rest(client, catalogue):
    keys = quiz.STEPS[0][1]
    partial = dict.fromkeys(keys[1:], "no")
    html = client.get("/careers/quiz/1?" + urlencode({**partial, "sent": 1})).text
    assert "There is a problem" in html
    assert html.count("Choose yes, not sure or no") == 2  # in the summary and beside the field
    assert f'href="#{keys[0]}"' in html
    assert re.search(rf'name="{keys[1]}"[^>]*value="no"[^>]*checked|value="no"[^>]*name="{keys[1]}"', html) or (
        'value="no" checked' in html
    )


def test_results_with_missing_answers_go_back_to_the_first_unanswered_step(client, catalogue):
    answers = dict.fromkeys(quiz.STEPS[0][1], "yes")
    response = client.get("/careers/quiz/results?" + urlencode(answers))
    assert response.status_code == 302 and "/careers/quiz/2?" in response.location


def test_nonsense_answers_are_ignored_not_errors(client, catalogue):
    assert client.get("/careers/quiz/results?helping=%3Cscript%3E&science=maybe").status_code == 302
    assert client.get("/careers/quiz/9").status_code == 404
    assert client.get("/careers/quiz/1?sent=1&helping=yes&helping=no").status_code == 200


def test_the_shareable_address_holds_only_answers(client, catalogue):
    html = client.get("/careers/quiz/results?" + urlencode(all_answers(yes=("science",)))).text
    share = re.search(r'id="share-url" type="text" readonly value="([^"]+)"', html).group(1)
    params = set(re.findall(r"[?&]([a-z_]+)=", share.replace("&amp;", "&")))
    assert params <= set(quiz.BY_KEY) | {quiz.DEGREE_KEY}


def test_going_back_or_changing_answers_shows_them_chosen(client, catalogue):
    answers = all_answers(yes=("science",), no=("helping",))
    for step in (1, 2):
        response = client.get(f"/careers/quiz/{step}?" + urlencode(answers))
        assert response.status_code == 200
    html = client.get("/careers/quiz/1?" + urlencode(answers)).text
    assert re.search(r'id="helping-2"[^>]*value="no"[^>]*checked|value="no" checked', html)
    assert "There is a problem" not in html
