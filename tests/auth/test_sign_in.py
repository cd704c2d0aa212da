"""Signing in and out: credentials, where the user lands, audit rows, rate limit, idle expiry,
and how passwords are stored."""

import html
import re
from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text as sql

from outreach.auth import services
from outreach.extensions import db

PASSWORD = "correct horse battery"  # make_user's password
WRONG = "not the password"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def signed_in(client) -> bool:
    """Whether the client's session opens the start page (not a redirect to sign in)."""
    response = client.get("/")
    return response.status_code == 200


def redirect_target(response) -> str | None:
    """Where a redirect (302 or 303) sends the browser; None if the answer is no redirect."""
    return response.headers["Location"] if response.status_code in (302, 303) else None


def login_page_without_noise(response) -> str:
    """The login page with what legitimately differs between two answers removed."""
    page = response.get_data(as_text=True)
    page = re.sub(r'(name="csrf[-_]token"[^>]*value|content)="[^"]*"', r'\1=""', page)
    return re.sub(r'(<input[^>]*id="username"[^>]*value)="[^"]*"', r'\1=""', page)


# --- credentials --------------------------------------------------------------------------


def test_right_credentials_open_the_start_page(client, make_user, fetch_user):
    make_user("kari", full_name="Kari Nordmann")
    assert not signed_in(client)
    response = client.login("kari")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Kari Nordmann" in text(page)
    assert fetch_user("kari").last_login_at is not None


def test_username_is_not_case_sensitive(client, make_user):
    make_user("kari")
    assert client.login(" Kari ").status_code == 303
    assert signed_in(client)


def test_wrong_password_and_unknown_user_get_the_same_answer(app, client, make_user, nb):
    make_user("kari")
    wrong = client.form("/login", {"username": "kari", "password": WRONG})
    unknown = app.test_client().form("/login", {"username": "nobody", "password": WRONG})
    message = nb("Wrong username or password.")
    assert wrong.status_code == unknown.status_code == 422
    assert message in text(wrong) and message in text(unknown)
    # Apart from the CSRF token and the username typed back, the two pages are identical.
    assert login_page_without_noise(wrong) == login_page_without_noise(unknown)
    assert 'value="kari"' in wrong.get_data(as_text=True)
    assert not signed_in(client)


def test_deactivated_user_cannot_sign_in(client, make_user, nb):
    user = make_user("kari")
    services.set_active(user, False, actor=None)
    response = client.login("kari")
    assert response.status_code == 422
    assert nb("Wrong username or password.") in text(response)
    assert not signed_in(client)


def test_empty_form_is_refused_without_signing_in(client, make_user):
    make_user("kari")
    response = client.form("/login", {"username": "kari", "password": ""})
    assert response.status_code == 422
    assert not signed_in(client)


def test_both_outcomes_are_audited(client, make_user, audit_rows):
    kari = make_user("kari")
    client.form("/login", {"username": "kari", "password": WRONG})
    client.form("/login", {"username": "ghost", "password": WRONG})
    client.login("kari")

    failed = audit_rows("auth.login_failed")
    assert [(row.kind, row.object_id, row.actor_id) for row in failed] == [
        ("auth", str(kari.id), None),
        ("auth", None, None),
    ]
    assert failed[0].summary == "username=kari"
    # What was typed for an unknown account is not kept: it may be a mistyped password.
    assert "ghost" not in failed[1].summary
    assert all(row.ip == "127.0.0.1" for row in failed)

    [success] = audit_rows("auth.login")
    assert (success.kind, success.actor_id, success.actor_label) == ("auth", kari.id, "kari")
    assert success.subject_user_id == kari.id


def test_sign_in_starts_a_fresh_session(client, make_user):
    """Nothing planted in the session before sign-in survives it (session fixation)."""
    make_user("kari")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        token_before = session.get("csrf_token")
    client.login("kari")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != token_before


# --- where the user lands -------------------------------------------------------------------


def test_next_brings_the_user_back_to_the_page_they_asked_for(client, make_user):
    make_user("kari")
    location = redirect_target(client.get("/people/?q=ola"))
    assert location and location.startswith("/login?next=")
    next_value = location.split("next=", 1)[1]
    assert client.get(location).status_code == 200
    response = client.form(location, {"username": "kari", "password": PASSWORD, "next": unquote(next_value)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/people/?q=ola"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "/\\evil.example/steal",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http://localhost/people/",
        "people/",
    ],
)
def test_next_never_leads_off_the_site(client, make_user, target):
    make_user("kari")
    response = client.form(f"/login?next={quote(target)}", {"username": "kari", "password": PASSWORD, "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    # As a browser reads it: backslashes count as slashes, tabs and newlines are dropped.
    browser = re.sub(r"[\t\n\r]", "", location.replace("\\", "/"))
    parts = urlsplit(browser)
    assert not parts.scheme and not parts.netloc, location
    assert browser.startswith("/") and not browser.startswith("//"), location


def test_signed_in_user_visiting_login_goes_to_the_start_page(client, make_user):
    make_user("kari")
    client.login("kari")
    assert redirect_target(client.get("/login")) == "/"


# --- rate limit -------------------------------------------------------------------------------


def test_too_many_attempts_in_a_minute_get_a_norwegian_429_page(make_app, make_user, nb):
    make_user("kari")
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    for _ in range(3):
        assert client.form("/login", {"username": "kari", "password": WRONG}).status_code == 422
    # The fourth try is refused before the password is even checked, right or not.
    response = client.form("/login", {"username": "kari", "password": PASSWORD})
    assert response.status_code == 429
    message = "Too many attempts. Wait a minute and try again."
    assert nb(message) != message, "no Norwegian translation for the 429 message"
    assert nb(message) in text(response)
    assert 'lang="nb"' in response.get_data(as_text=True)
    assert not signed_in(client)
    # Reading the login page is not limited.
    assert client.get("/login").status_code == 200


def test_rate_limit_also_counts_per_username_across_addresses(make_app, make_user):
    make_user("kari")
    make_user("ola")
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    first = limited.test_client()
    for _ in range(3):
        first.form("/login", {"username": "kari", "password": WRONG})
    elsewhere = limited.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.9.8.7"
    assert elsewhere.form("/login", {"username": "kari", "password": PASSWORD}).status_code == 429
    # Another person signing in from that other address is not affected.
    assert elsewhere.form("/login", {"username": "ola", "password": PASSWORD}).status_code == 303


def test_without_rate_limiting_many_attempts_are_answered(client, make_user):
    """The counterpart of the tests above: the limit, not something else, gives the 429."""
    make_user("kari")
    for _ in range(12):
        assert client.form("/login", {"username": "kari", "password": WRONG}).status_code == 422
    assert client.login("kari").status_code == 303


# --- idle sessions ------------------------------------------------------------------------------


def _age_session(client, seconds: float) -> None:
    """Make the client's session look idle for `seconds` more, where the server keeps it."""
    from outreach.auth.models import UserSession
    from outreach.auth.sessions import _hash

    with client.session_transaction() as session:
        token_hash = _hash(session["sid"])
    row = db.session.scalar(db.select(UserSession).where(UserSession.token_hash == token_hash))
    row.last_seen_at -= timedelta(seconds=seconds)
    db.session.commit()


def test_idle_session_ends_and_the_user_must_sign_in_again(app, client, make_user, nb):
    make_user("kari")
    client.login("kari")
    timeout = app.config["IDLE_TIMEOUT"].total_seconds()
    _age_session(client, timeout + 5)
    location = redirect_target(client.get("/people/"))
    assert location and location.startswith("/login?next=") and "people" in location
    login = client.get(location)
    assert nb("You were signed out after a period of inactivity.") in text(login)
    assert not signed_in(client)
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_session_used_within_the_idle_time_stays_open(app, client, make_user):
    make_user("kari")
    client.login("kari")
    timeout = app.config["IDLE_TIMEOUT"].total_seconds()
    _age_session(client, timeout - 60)
    assert client.get("/people/").status_code == 200
    # Each request counts as activity: the clock starts again.
    _age_session(client, timeout - 60)
    assert client.get("/people/").status_code == 200


def test_idle_timeout_setting_is_honoured(make_app, make_user):
    make_user("kari")
    short = make_app(IDLE_TIMEOUT=timedelta(seconds=30))
    client = short.test_client()
    client.login("kari")
    assert signed_in(client)
    _age_session(client, 31)
    assert redirect_target(client.get("/")).startswith("/login")
    assert not signed_in(client)


def test_idle_htmx_request_is_sent_to_the_login_page_as_a_whole_page(app, client, make_user):
    make_user("kari")
    client.login("kari")
    _age_session(client, app.config["IDLE_TIMEOUT"].total_seconds() + 5)
    response = client.htmx("GET", "/people/?q=a")
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/login")
    assert not signed_in(client)


# --- signing out -------------------------------------------------------------------------------


def test_logout_is_post_only_and_ends_the_session(client, make_user, audit_rows, nb):
    kari = make_user("kari")
    client.login("kari")
    assert client.get("/logout").status_code == 405
    assert signed_in(client)
    # Without the CSRF token (a link or a forged form elsewhere) nothing happens either.
    assert client.post("/logout").status_code == 400
    assert signed_in(client)

    response = client.form("/logout")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert nb("You are signed out.") in text(client.get("/login"))
    assert not signed_in(client)
    [row] = audit_rows("auth.logout")
    assert (row.kind, row.actor_id) == ("auth", kari.id)


# --- stored passwords -----------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(app, make_user):
    make_user("kari")
    stored = db.session.execute(sql("SELECT password_hash FROM users WHERE username = 'kari'")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    # A real Argon2id hash of that password, checked by the library on its own.
    assert PasswordHasher().verify(stored, PASSWORD)


def test_old_hash_parameters_are_upgraded_at_sign_in(app, client, make_user, fetch_user):
    make_user("kari")
    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD)
    db.session.execute(sql("UPDATE users SET password_hash = :h WHERE username = 'kari'"), {"h": old})
    db.session.commit()
    assert client.login("kari").status_code == 303
    upgraded = fetch_user("kari").password_hash
    assert upgraded != old and upgraded.startswith("$argon2id$")
    cost = app.config["ARGON2_PARAMS"]
    assert f"$m={cost['memory_cost']},t={cost['time_cost']},p={cost['parallelism']}$" in upgraded
    assert PasswordHasher().verify(upgraded, PASSWORD)
