"""Sessions: kept on the server, ended at logout, after idle time, on password change
and deactivation; and the forced password change."""

import hashlib
import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import update

from outreach.core.htmx import redirect_to
from outreach.core.timeutil import utcnow
from outreach.extensions import db, login_manager

# Reachable while a new password is still owed.
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout", "static", "core.healthz"}
# How stale last_seen_at may get before a request writes it again: saves a write per request.
TOUCH_INTERVAL_SECONDS = 60


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(_require_new_password)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def load_user(user_id: str):
    """The user of this request, if the session it carries is still open on the server."""
    from outreach.auth.models import User, UserSession

    token = session.get("sid")
    if not user_id.isdecimal() or not token:
        return None
    row = db.session.scalar(db.select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.ended_at is not None or row.user_id != int(user_id):
        return None
    now = utcnow()
    idle = current_app.config["IDLE_TIMEOUT"]
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if now - row.last_seen_at > idle or now - row.created_at > lifetime:
        row.ended_at = now
        db.session.commit()
        g.session_expired = True
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if (now - row.last_seen_at).total_seconds() > TOUCH_INTERVAL_SECONDS:
        row.last_seen_at = now
        db.session.commit()
    return user


@login_manager.unauthorized_handler
def _send_to_login():
    """To the sign-in page, and back here afterwards; htmx is told to load it as a page."""
    if g.get("session_expired"):
        session.clear()
        flash(_l("You were signed out after a period of inactivity."), "info")
    else:
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect_to(url_for("auth.login", next=_return_path()))


def _return_path() -> str | None:
    """Where to come back after signing in: the page itself, or for htmx the page it was on."""
    if request.headers.get("HX-Request"):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        return (current.path + (f"?{current.query}" if current.query else "")) or None
    return request.full_path if request.method == "GET" else None


def start_session(user) -> None:
    """Sign in with a new session: nothing from before the sign-in survives."""
    from outreach.auth.models import UserSession

    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(
        token_hash=_hash(token), user_id=user.id, ip=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:200],
    ))
    db.session.commit()
    session.clear()
    session.permanent = True
    session["sid"] = token
    login_user(user, remember=False)


def end_session() -> None:
    """Sign out: the session ends on the server too, so a copied cookie is worthless."""
    from outreach.auth.models import UserSession

    token = session.get("sid")
    if token:
        db.session.execute(
            update(UserSession).where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(user) -> None:
    """End every open session of `user` (the caller commits)."""
    from outreach.auth.models import UserSession

    db.session.execute(
        update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def _require_new_password():
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS
    ):
        return redirect_to(url_for("auth.change_password"))
    return None
