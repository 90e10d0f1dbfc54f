"""The NHS.UK components as pages use them: what one visitor typed never shows in another's form,
and the header is each signed-in user's own."""

import re


def test_a_typed_value_shows_only_in_the_field_it_was_typed_into(app):
    from portal.ui.forms import PeopleSearchForm

    with app.test_request_context():
        empty = str(PeopleSearchForm(formdata=None).q())
        typed = str(PeopleSearchForm(formdata=None, q="Amira Haddad").q())
        assert "Amira Haddad" in typed
        assert "Amira Haddad" not in str(PeopleSearchForm(formdata=None).q())
        assert str(PeopleSearchForm(formdata=None).q()) == empty


def test_the_header_shows_each_user_their_own_name_and_sign_out_token(app, client, sign_in):
    sign_in(role="manager", name="Manager One")
    first = client.get("/staff/").text
    assert "Manager One" in first
    token = re.search(r'nhsuk-header__account-form.*?name="csrf_token" value="([^"]+)"', first, re.S).group(1)
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302
    sign_in(role="manager", name="Manager Two")
    second = client.get("/staff/").text
    assert "Manager Two" in second and "Manager One" not in second
    assert 'name="csrf_token"' in second.split("nhsuk-header__account-form", 1)[1].split("</form>", 1)[0]
