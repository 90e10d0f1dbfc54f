"""The password policy (issue 18, point 3): length, a shipped list of common passwords, and
nothing built from the email address or the service's name; the CLI uses it too."""

import pytest

from portal.auth.passwords import common_passwords, problem


def test_the_shipped_list_is_about_ten_thousand_long_passwords():
    found = common_passwords()
    assert 9000 <= len(found) <= 15000
    assert all(len(password) >= 12 for password in found)
    assert {"password2024!", "qwertyuiop123", "liverpool2019"} <= found


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short one", "at least 12 characters"),
        ("x" * 129, "128 characters or fewer"),
        ("Password2024!", "one many people use"),
        ("QWERTYUIOP123", "one many people use"),
        ("hospital hospital", None),
        ("jo.bloggs is my name", "email address"),
        ("bloggs forever and ever", "email address"),
        ("healthandcareacademy1", "name of this service"),
        ("the Academy of Me 2026", "name of this service"),
        ("seven tidy lanterns by the canal", None),
    ],
)
def test_new_passwords(app, password, why):
    with app.test_request_context():
        found = problem(password, "jo.bloggs@academy.example")
        assert (str(found) if found else None) == why or (why and why in str(found))


def test_flask_users_create_uses_the_same_check(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "a.person@academy.example", "--role", "manager"],
        input="password2024!\npassword2024!\n",
    )
    assert result.exit_code != 0 and "one many people use" in result.output
    good = "a long and unusual walk home"
    result = runner.invoke(
        args=["users", "create", "--email", "a.person@academy.example", "--role", "manager"], input=f"{good}\n{good}\n"
    )
    assert result.exit_code == 0, result.output
