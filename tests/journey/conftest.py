import pytest

from tests.conftest import csrf_token_from


@pytest.fixture
def answer(client):
    """Answer one question page as a browser would; returns the response."""

    def _answer(slug, value, **query):
        url = f"/journey-to-work/questions/{slug}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        token = csrf_token_from(client.get(url).text)
        data = {"csrf_token": token}
        if value is not None:
            data["answer"] = value
        return client.post(url, data=data)

    return _answer


@pytest.fixture
def answer_all(answer):
    def _answer_all(**answers):
        defaults = {
            "situation": "working",
            "age": "30",
            "right-to-work": "yes",
            "english": "fluent",
            "qualifications": "school",
            "interests": ["not_sure"],
            "availability": "full_time",
        }
        defaults.update(answers)
        for slug in (
            "situation",
            "age",
            "right-to-work",
            "english",
            "qualifications",
            "enic",
            "interests",
            "availability",
        ):
            if slug in defaults:
                response = answer(slug, defaults[slug])
                assert response.status_code == 302, (slug, response.text[:300])

    return _answer_all
