"""The staff accounts list."""


def test_admin_sees_every_account_with_its_role(client, sign_in, make_user):
    sign_in("admin", name="Ada Admin")
    make_user(name="Oscar Outreach", role="outreach_adviser")
    html = client.get("/staff/admin/users").text
    assert "Ada Admin" in html and "Oscar Outreach" in html
    assert "Outreach adviser" in html and "2 accounts" in html


def test_accounts_list_paginates(client, sign_in, make_user):
    sign_in("admin")
    for _ in range(55):
        make_user()
    first = client.get("/staff/admin/users").text
    assert "56 accounts" in first and "page=2" in first
    assert client.get("/staff/admin/users?page=2").status_code == 200


def test_accounts_list_shows_two_factor(client, sign_in, make_user):
    sign_in("admin")
    make_user(name="New Starter", totp_secret=None, totp_enrolled_at=None)
    html = client.get("/staff/admin/users").text
    assert "Not yet: set up at next sign-in" in html
