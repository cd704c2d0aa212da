"""Signing in and out, own password and settings, and the administrator's accounts pages."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from outreach.audit.models import AuditKind
from outreach.audit.services import record_now
from outreach.auth import services
from outreach.auth.forms import ChangePasswordForm, LoginForm, NewUserForm, SettingsForm, UserForm
from outreach.auth.models import ROLE_LABELS, User, UserRole
from outreach.auth.passwords import verify_password
from outreach.auth.policy import PUBLIC, SIGNED_IN, allow, get_or_404
from outreach.auth.sessions import end_session, start_session
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render
from outreach.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_username() -> str:
    return "login:" + (request.form.get("username", "") or "").strip().lower()[:64]


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an absolute URL an attacker planted."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("core.index")


@bp.route("/login", methods=["GET", "POST"])
@allow(PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, key_func=_login_username, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(_safe_next(form.next.data), code=303)
        error = _("Wrong username or password.")
    status = 422 if request.method == "POST" else 200
    return render("auth/login.html", form=form, error=error, status=status)


@bp.post("/logout")
@allow(SIGNED_IN)
def logout():
    record_now("auth.logout", kind=AuditKind.AUTH, obj=current_user._get_current_object(),
               subject_user_id=current_user.id)
    end_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@allow(SIGNED_IN)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not verify_password(user.password_hash, form.current_password.data):
            add_field_error(form, FieldError("current_password", _("The current password is wrong.")))
        else:
            services.change_own_password(user, form.new_password.data)
            start_session(user)  # this browser stays signed in; all others are out
            flash(_("Your password is changed. Other sessions were signed out."), "success")
            return redirect(url_for("core.index"), code=303)
    return render("auth/password.html", block="form", form=form, status=form_status(form))


@bp.route("/account/settings", methods=["GET", "POST"])
@allow(SIGNED_IN)
def settings():
    form = SettingsForm(locale=current_user.locale)
    if form.validate_on_submit():
        services.set_locale(current_user._get_current_object(), form.locale.data)
        flash(_("Settings saved."), "success")
        return redirect(url_for("auth.settings"), code=303)
    return render("auth/settings.html", form=form, status=form_status(form))


# --- the administrator's account pages ---------------------------------------------------


def _team_choices():
    from outreach.people.models import Team

    return [(t.id, t.name) for t in db.session.scalars(db.select(Team).where(Team.active).order_by(Team.name))]


@bp.get("/admin/users")
@allow("accounts.manage")
def user_list():
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    state = request.args.get("state", "active")
    query = db.select(User).order_by(func.lower(User.full_name)).options(selectinload(User.role_rows))
    if q:
        needle = q.lower()
        query = query.where(or_(func.lower(User.full_name).contains(needle, autoescape=True),
                                func.lower(User.username).contains(needle, autoescape=True)))
    if role in {r.value for r in ROLE_LABELS}:
        query = query.where(User.id.in_(db.select(UserRole.user_id).where(UserRole.role == role)))
    if state == "active":
        query = query.where(User.active.is_(True))
    elif state == "inactive":
        query = query.where(User.active.is_(False))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render(
        "admin/users.html", block="results", page=page, q=q, role=role, state=state,
        role_labels=ROLE_LABELS,
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@allow("accounts.manage")
def user_new():
    form = NewUserForm()
    form.teams.choices = _team_choices()
    if form.validate_on_submit():
        try:
            user, password = services.create_user(
                username=form.username.data, full_name=form.full_name.data, email=form.email.data,
                roles=form.roles.data, role_type=form.role_type.data or None, team_ids=form.teams.data,
                actor=current_user,
            )
        except FieldError as error:
            add_field_error(form, error)
        else:
            # Shown once, here; never stored in plain text or put in the session cookie.
            return render("admin/user_password.html", user=user, password=password, created=True)
    return render("admin/user_new.html", block="form", form=form, status=form_status(form))


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@allow("accounts.manage")
def user_edit(user_id: int):
    user = get_or_404(User, user_id, "accounts.manage")
    form = UserForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.roles.data = sorted(r.role for r in user.role_rows)
        form.version.data = services.edit_token(user)
    conflict = False
    if form.validate_on_submit():
        try:
            services.update_user(
                user, full_name=form.full_name.data, email=form.email.data, roles=form.roles.data,
                version=form.version.data or "", actor=current_user,
            )
        except FieldError as error:
            add_field_error(form, error)
        except ConflictError:
            conflict = True
            form = UserForm(obj=user, formdata=None)
            form.roles.data = sorted(r.role for r in user.role_rows)
            form.version.data = services.edit_token(user)
        else:
            flash(_("The account is saved."), "success")
            return redirect_to(url_for("auth.user_edit", user_id=user.id))
    status = 409 if conflict else form_status(form)
    return render("admin/user_edit.html", block="form", form=form, user=user, conflict=conflict, status=status)


@bp.route("/admin/users/<int:user_id>/active", methods=["GET", "POST"])
@allow("accounts.manage")
def user_set_active(user_id: int):
    """GET asks for confirmation; POST with active=0/1 acts."""
    user = get_or_404(User, user_id, "accounts.manage")
    form = ConfirmForm()
    if request.method == "POST":
        if form.validate_on_submit():
            active = request.form.get("active") == "1"
            try:
                services.set_active(user, active, actor=current_user)
            except FieldError as error:
                flash(error.message, "error")
            else:
                done = _("The account is active again.") if active else _(
                    "The account is deactivated and its sessions ended."
                )
                flash(done, "success")
            return redirect_to(url_for("auth.user_edit", user_id=user.id))
    return render("admin/user_confirm_active.html", user=user, form=form)


@bp.route("/admin/users/<int:user_id>/reset-password", methods=["GET", "POST"])
@allow("accounts.manage")
def user_reset_password(user_id: int):
    user = get_or_404(User, user_id, "accounts.manage")
    form = ConfirmForm()
    if form.validate_on_submit():
        password = services.reset_password(user, actor=current_user)
        return render("admin/user_password.html", user=user, password=password, created=False)
    return render("admin/user_confirm_reset.html", user=user, form=form)
