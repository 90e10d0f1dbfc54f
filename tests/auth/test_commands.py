"""`flask users create`."""

from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db


def test_users_create_prompts_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "New.Person@Academy.example", "--role", "manager", "--name", "New Person"],
        input="a sufficiently long password\na sufficiently long password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User)).one()
    assert user.email == "new.person@academy.example" and user.role == "manager"
    assert user.check_password("a sufficiently long password")
    assert "a sufficiently long password" not in result.output


def test_users_create_does_not_take_the_password_as_an_argument(runner):
    result = runner.invoke(args=["users", "create", "--email", "a@b.example", "--role", "admin", "--password", "x"])
    assert result.exit_code != 0
    assert db.session.scalars(select(User)).all() == []


def test_users_create_refuses_short_passwords_and_unknown_roles(runner):
    short = runner.invoke(args=["users", "create", "--email", "a@b.example", "--role", "admin"], input="short\nshort\n")
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    role = runner.invoke(args=["users", "create", "--email", "a@b.example", "--role", "superuser"], input="x\nx\n")
    assert role.exit_code != 0
    assert db.session.scalars(select(User)).all() == []


def test_users_create_refuses_a_duplicate_email(runner, make_user):
    make_user(email="taken@academy.example")
    result = runner.invoke(
        args=["users", "create", "--email", "TAKEN@academy.example", "--role", "admin"],
        input="another long password\nanother long password\n",
    )
    assert result.exit_code != 0 and "already exists" in result.output
