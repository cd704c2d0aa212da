"""Sessions are kept on the server: ending one makes its cookie worthless."""

from outreach.auth.models import UserSession
from outreach.extensions import db


def _cookie_copy(client, app):
    """A second browser holding an exact copy of `client`'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, make_user):
    make_user("kari", full_name="Kari Nordmann")
    client.login("kari")
    thief = _cookie_copy(client, app)
    assert "Kari Nordmann" in thief.get("/").get_data(as_text=True)

    client.form("/logout")
    response = thief.get("/")
    assert response.status_code in (302, 303) and "/login" in response.location
    assert db.session.scalar(db.select(UserSession.ended_at)) is not None


def test_each_sign_in_gets_a_new_session_id(app, client, make_user):
    make_user("kari")
    client.login("kari")
    first = client.get_cookie("session").value
    client.form("/logout")
    client.login("kari")
    assert client.get_cookie("session").value != first
    rows = db.session.scalars(db.select(UserSession).order_by(UserSession.id)).all()
    assert len(rows) == 2 and rows[0].ended_at is not None and rows[1].ended_at is None
    assert rows[0].token_hash != rows[1].token_hash


def test_deactivation_ends_every_session_on_the_server(app, client, make_user):
    make_user("admin", roles=["admin"])
    kari = make_user("kari")
    phone, laptop = app.test_client(), app.test_client()
    phone.login("kari")
    laptop.login("kari")
    client.login("admin")
    client.form(f"/admin/users/{kari.id}/active", {"active": "0"})
    open_sessions = db.session.scalars(
        db.select(UserSession).where(UserSession.user_id == kari.id, UserSession.ended_at.is_(None))
    ).all()
    assert open_sessions == []
    for device in (phone, laptop):
        assert "/login" in device.get("/").location


def test_a_form_posted_without_its_version_is_a_conflict_not_an_overwrite(client, make_user):
    make_user("admin", roles=["admin"])
    kari = make_user("kari", full_name="Kari Nordmann")
    client.login("admin")
    response = client.form(f"/admin/users/{kari.id}", {"full_name": "Someone Else", "roles": ["ec"]})
    assert response.status_code == 409
    db.session.refresh(kari)
    assert kari.full_name == "Kari Nordmann"
