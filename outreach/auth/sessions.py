"""Sessions: loading the user, idle expiry, ending sessions, forced password change."""

from flask import Flask, current_app, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from outreach.core.timeutil import utcnow
from outreach.extensions import db, login_manager

# Reachable while a new password is still owed.
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout", "static", "core.healthz"}


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(_expire_idle_session)
    app.before_request(_require_new_password)


@login_manager.user_loader
def load_user(session_user_id: str):
    """Sessions carry `id:generation`; an old generation is an ended session."""
    from outreach.auth.models import User

    user_id, _, generation = session_user_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def start_session(user) -> None:
    """Log in with a fresh session: nothing from before the login survives."""
    session.clear()
    session.permanent = True
    login_user(user, remember=False)
    session["seen"] = utcnow().timestamp()


def end_session() -> None:
    logout_user()
    session.clear()


def end_all_sessions(user) -> None:
    """Invalidate every session of `user` (the caller commits)."""
    user.session_generation += 1


def _expire_idle_session():
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    now = utcnow().timestamp()
    seen = session.get("seen", 0)
    if now - seen > current_app.config["IDLE_TIMEOUT"].total_seconds():
        end_session()
        from flask import flash

        flash(_l("You were signed out after a period of inactivity."), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    session["seen"] = now
    return None


def _require_new_password():
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS
    ):
        return redirect(url_for("auth.change_password"))
    return None
