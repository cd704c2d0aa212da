"""Own passwords: the forced change at first sign-in, validation, and ending other sessions."""

import html
import re

import pytest

from outreach.auth.passwords import verify_password

PASSWORD = "correct horse battery"  # make_user's password
NEW = "a brand new secret"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def redirect_target(response) -> str | None:
    return response.headers["Location"] if response.status_code in (302, 303) else None


def field_error(response, field: str) -> str | None:
    """The message shown next to a form field (the macro puts it right under the input)."""
    match = re.search(
        rf'<small id="{field}-error" class="field-error">([^<]*)</small>', response.get_data(as_text=True)
    )
    return html.unescape(match.group(1)) if match else None


def login_owing_a_password(client, username: str):
    """Sign in as someone who must change their password.

    The client's token helper reads /account/settings, which such a user cannot open yet,
    so take the token from the password page, as that user's browser would.
    """
    response = client.login(username)
    page = client.get("/account/password").get_data(as_text=True)
    client._csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return response


def change(client, current=PASSWORD, new=NEW, confirm=None, **kwargs):
    data = {"current_password": current, "new_password": new, "confirm": new if confirm is None else confirm}
    return client.form("/account/password", data, **kwargs)


# --- the first sign-in ------------------------------------------------------------------------


def test_first_sign_in_forces_a_new_password_everywhere(client, make_user, fetch_user, nb):
    make_user("kari", must_change=True)
    assert login_owing_a_password(client, "kari").status_code == 303
    for url in ("/", "/people/", "/teams/", "/account/settings", "/audit/me", "/admin/users"):
        assert redirect_target(client.get(url)) == "/account/password", url
    # Forms elsewhere do nothing until the password is set.
    assert redirect_target(client.form("/account/settings", {"locale": "en"})) == "/account/password"
    assert fetch_user("kari").locale == "nb"

    page = client.get("/account/password")
    assert page.status_code == 200
    assert nb("Choose your own password before you go on.") in text(page)

    response = change(client)
    assert redirect_target(response) == "/"
    assert client.get("/").status_code == 200
    assert client.get("/people/").status_code == 200
    kari = fetch_user("kari")
    assert not kari.must_change_password
    assert verify_password(kari.password_hash, NEW)
    assert not verify_password(kari.password_hash, PASSWORD)


def test_signing_out_stays_possible_before_the_change(client, make_user):
    make_user("kari", must_change=True)
    login_owing_a_password(client, "kari")
    assert redirect_target(client.form("/logout")) == "/login"
    assert redirect_target(client.get("/")).startswith("/login")


def test_the_new_password_works_at_the_next_sign_in(app, client, make_user, audit_rows):
    kari = make_user("kari", must_change=True)
    login_owing_a_password(client, "kari")
    change(client)
    [row] = audit_rows("user.password_changed")
    assert (row.kind, row.actor_id, row.subject_user_id) == ("auth", kari.id, kari.id)

    later = app.test_client()
    assert later.login("kari", PASSWORD).status_code == 422
    assert later.login("kari", NEW).status_code == 303
    assert later.get("/").status_code == 200  # no second forced change


@pytest.mark.parametrize(
    ("data", "field", "msgid", "variables"),
    [
        ({"new": "short1"}, "new_password", "Use at least %(n)d characters.", {"n": 10}),
        ({"confirm": "a brand new secreT"}, "confirm", "The two passwords differ.", {}),
        ({"current": "not my password"}, "current_password", "The current password is wrong.", {}),
        ({"new": PASSWORD}, "new_password", "Choose a password you have not used here before.", {}),
    ],
    ids=["too-short", "mismatch", "wrong-current", "same-as-before"],
)
def test_invalid_new_password_is_refused_next_to_the_field(
    client, make_user, fetch_user, audit_rows, nb, data, field, msgid, variables
):
    kari = make_user("kari", must_change=True)
    before = kari.password_hash
    login_owing_a_password(client, "kari")
    response = change(client, **data)
    assert response.status_code == 422
    assert field_error(response, field) == nb(msgid, **variables)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    # Nothing saved: same hash, still owed, nothing audited, still held at the password page.
    kari = fetch_user("kari")
    assert kari.password_hash == before
    assert kari.must_change_password
    assert audit_rows("user.password_changed") == []
    assert redirect_target(client.get("/")) == "/account/password"


def test_htmx_validation_error_returns_only_the_form(client, make_user, nb):
    make_user("kari")
    client.login("kari")
    response = client.htmx("POST", "/account/password",
                           {"current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="password-form"' in body
    assert field_error(response, "new_password") == nb("Use at least %(n)d characters.", n=10)


# --- other sessions -------------------------------------------------------------------------------


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, client, make_user, nb):
    make_user("kari")
    phone = app.test_client()
    client.login("kari")
    phone.login("kari")
    assert phone.get("/").status_code == 200

    response = change(client)
    assert redirect_target(response) == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert nb("Your password is changed. Other sessions were signed out.") in text(page)

    # The phone is signed out at its next request.
    assert redirect_target(phone.get("/people/")).startswith("/login")
    assert phone.get("/").status_code != 200
    # This browser keeps working, and the phone can sign in again with the new password.
    assert client.get("/people/").status_code == 200
    again = app.test_client()
    assert again.login("kari", NEW).status_code == 303
    assert again.get("/").status_code == 200


def test_another_users_sessions_are_untouched(app, client, make_user):
    make_user("kari")
    make_user("ola")
    ola = app.test_client()
    ola.login("ola")
    client.login("kari")
    change(client)
    assert ola.get("/").status_code == 200
