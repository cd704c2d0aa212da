"""Sessions as an attacker meets them: a planted cookie, a stolen one, an old one.

What tests/auth already proves is not repeated here:
- a new session id at every sign-in, and nothing planted in the session surviving it:
  tests/auth/test_server_sessions.py::test_each_sign_in_gets_a_new_session_id,
  tests/auth/test_sign_in.py::test_sign_in_starts_a_fresh_session;
- logout ends the session for a copied cookie in another browser:
  tests/auth/test_server_sessions.py::test_logout_ends_the_session_even_for_a_copied_cookie;
- idle expiry (default and a short IDLE_TIMEOUT, page and htmx): tests/auth/test_sign_in.py::test_idle_*;
- deactivation ends every session (two browsers):
  tests/auth/test_server_sessions.py::test_deactivation_ends_every_session_on_the_server;
- a password change or reset ends the other sessions: tests/auth/test_passwords.py,
  tests/auth/test_admin_accounts.py::test_reset_gives_a_one_time_password_and_forces_a_change.

Added here: the fixation attack itself (the attacker's pre-login cookie stays anonymous), the
absolute lifetime, that an ended session stays ended, that reactivation revives no old session,
that a stolen cookie and token write nothing after logout, and that the database holds no usable
session token.
"""

from datetime import timedelta

from sqlalchemy import text as sql

from outreach.auth.models import User, UserSession
from outreach.auth.sessions import _hash
from outreach.core.timeutil import utcnow
from outreach.extensions import db


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _sent_to_login(response) -> bool:
    return response.status_code in (302, 303) and "/login" in response.headers["Location"]


def _server_row(client) -> UserSession:
    with client.session_transaction() as session:
        token_hash = _hash(session["sid"])
    db.session.expire_all()
    return db.session.scalar(db.select(UserSession).where(UserSession.token_hash == token_hash))


def _copy(app, client):
    """Another browser holding an exact copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_a_cookie_planted_before_sign_in_is_worthless_after_it(app, make_user):
    """Session fixation: the attacker gets a cookie from the sign-in page, plants it in the
    victim's browser and waits for the victim to sign in with it. (With a cookie that named a
    server-side session, as Flask-Session's do, this fails unless sign-in issues a new one.)"""
    make_user("kari", full_name="Kari Nordmann")
    attacker = app.test_client()
    assert attacker.get("/login").status_code == 200
    planted = attacker.get_cookie("session").value
    victim = app.test_client()
    victim.set_cookie("session", planted)

    assert victim.login("kari").status_code == 303
    assert "Kari Nordmann" in victim.get("/").get_data(as_text=True)
    assert victim.get_cookie("session").value != planted
    # The attacker's copy is still a stranger's: the sign-in page, then nothing of Kari's.
    assert _sent_to_login(attacker.get("/"))
    assert _sent_to_login(attacker.get("/people/"))


def test_a_session_ends_after_its_lifetime_even_when_in_use(app, client, make_user):
    make_user("kari")
    client.login("kari")
    row = _server_row(client)
    row.created_at -= app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1)
    row.last_seen_at = utcnow()  # used a moment ago: not idle
    db.session.commit()
    assert _sent_to_login(client.get("/people/"))
    assert not _signed_in(client)
    db.session.expire_all()
    assert db.session.get(UserSession, row.id).ended_at is not None


def test_an_ended_session_stays_ended_when_it_looks_fresh_again(app, client, make_user):
    """Idle expiry ends the session on the server, not only in a comparison of clocks."""
    make_user("kari")
    client.login("kari")
    thief = _copy(app, client)
    row = _server_row(client)
    row.last_seen_at -= app.config["IDLE_TIMEOUT"] + timedelta(minutes=1)
    db.session.commit()
    assert _sent_to_login(thief.get("/"))  # the first request after the idle time ends it

    db.session.expire_all()
    row = db.session.get(UserSession, row.id)
    assert row.ended_at is not None
    row.last_seen_at = utcnow()
    db.session.commit()
    assert _sent_to_login(thief.get("/"))
    assert not _signed_in(client)


def test_reactivating_an_account_revives_none_of_its_old_sessions(app, client, make_user):
    make_user("admin", roles=["admin"])
    kari = make_user("kari")
    phone, laptop = app.test_client(), app.test_client()
    phone.login("kari")
    laptop.login("kari")
    client.login("admin")
    assert client.form(f"/admin/users/{kari.id}/active", {"active": "0"}).status_code == 303
    assert client.form(f"/admin/users/{kari.id}/active", {"active": "1"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, kari.id).active
    for device in (phone, laptop):
        assert _sent_to_login(device.get("/"))
    assert app.test_client().login("kari").status_code == 303  # a new sign-in works


def test_a_stolen_cookie_and_token_write_nothing_after_logout(app, client, make_user):
    kari = make_user("kari")
    client.login("kari")
    thief = _copy(app, client)
    token = client.csrf_token()
    client.form("/logout")

    response = thief.post("/account/settings", data={"locale": "en", "csrf_token": token})
    assert response.status_code == 400 or _sent_to_login(response)
    response = thief.post("/account/settings", data={"locale": "en"},
                          headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 400 or response.headers.get("HX-Redirect", "").startswith("/login")
    db.session.expire_all()
    assert db.session.get(User, kari.id).locale != "en"
    # And a fresh browser with the old cookie is sent to sign in.
    fresh = app.test_client()
    fresh.set_cookie("session", thief.get_cookie("session").value)
    assert _sent_to_login(fresh.get("/"))


def test_the_database_holds_no_usable_session_token(app, client, make_user):
    """A copy of the database (a backup, a leak) gives no working cookie: the server keeps a
    hash of each session's token, and the cookie is signed with the secret key."""
    make_user("kari")
    client.login("kari")
    with client.session_transaction() as session:
        token = session["sid"]
    rows = db.session.execute(sql("SELECT * FROM user_sessions")).all()
    assert len(rows) == 1
    assert not any(token in str(value) for value in rows[0])
    assert len(token) >= 40  # 32 random bytes

    # A cookie carrying the right user id and token, but signed with another key, is a stranger's.
    forger = app.test_client()
    forger.application.secret_key, real = "not-the-secret-key", forger.application.secret_key
    try:
        with forger.session_transaction() as session:
            session.update({"sid": token, "_user_id": str(rows[0].user_id), "_fresh": True})
    finally:
        forger.application.secret_key = real
    assert _sent_to_login(forger.get("/"))
    assert _signed_in(client)  # Kari's own browser is untouched
