"""Staff, lived experience, teams and areas."""

from flask import Blueprint, abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from outreach.audit.services import record_read
from outreach.auth.models import Role, User, UserRole
from outreach.auth.policy import allow, get_or_404, require
from outreach.core.forms import (
    ConfirmForm,
    ConflictError,
    FieldError,
    add_field_error,
    form_status,
    id_arg,
    page_number,
)
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.extensions import db
from outreach.people import services
from outreach.people.forms import INLINE_FORMS, AreaForm, ExperienceForm, StaffForm, TeamForm
from outreach.people.models import ROLE_TYPE_LABELS, Area, StaffProfile, Team, team_memberships

bp = Blueprint("people", __name__)

NEW_AREA = "new-area"  # the field prefix of the add-area form on the team page


# --- staff -----------------------------------------------------------------------------


@bp.get("/people/")
@allow("people.list")
def staff_list():
    q = request.args.get("q", "").strip()
    team_id = id_arg("team")
    role_type = request.args.get("role_type", "")
    state = request.args.get("state", "active")
    query = (db.select(StaffProfile).join(StaffProfile.user).order_by(func.lower(User.full_name))
             .options(selectinload(StaffProfile.teams)))
    if q:
        # autoescape: a % or _ typed in the search box is a character, not a wildcard.
        needle = q.lower()
        query = query.where(or_(
            func.lower(User.full_name).contains(needle, autoescape=True),
            func.lower(User.username).contains(needle, autoescape=True),
            func.lower(StaffProfile.title).contains(needle, autoescape=True),
        ))
    if team_id:
        query = query.where(StaffProfile.id.in_(
            db.select(team_memberships.c.staff_id).where(team_memberships.c.team_id == team_id)
        ))
    if role_type in {kind.value for kind in ROLE_TYPE_LABELS}:
        query = query.where(StaffProfile.role_type == role_type)
    if state == "active":
        query = query.where(User.active.is_(True))
    elif state == "inactive":
        query = query.where(User.active.is_(False))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    teams = db.session.scalars(db.select(Team).order_by(Team.name)).all()
    return render(
        "people/staff_list.html", block="results", page=page, teams=teams, q=q,
        team_id=team_id, role_type=role_type, state=state, role_types=ROLE_TYPE_LABELS,
    )


@bp.get("/people/<int:staff_id>")
@allow("people.view")
def staff_detail(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "people.view")
    return render("people/staff_detail.html", profile=profile)


def _staff_form_choices(form: StaffForm, profile: StaffProfile) -> None:
    """Active colleagues and current supervisors are offered. The profile's own buddy and
    supervisor stay in the list even when their account is closed or the supervisor role
    is gone (marked so), or saving the form would silently clear them."""
    others = db.session.scalars(
        db.select(StaffProfile).join(StaffProfile.user)
        .where(User.active.is_(True), StaffProfile.id != profile.id)
        .order_by(func.lower(User.full_name))
    ).all()
    buddies = [(p.id, p.name) for p in others]
    buddy = profile.buddy
    if buddy is not None and buddy.id not in {p.id for p in others}:
        buddies.insert(0, (buddy.id, f"{buddy.name} ({_('inactive')})"))
    form.buddy_id.choices = [(None, _("(none)"))] + buddies
    supervisors = db.session.scalars(
        db.select(User).join(UserRole).where(UserRole.role == Role.SUPERVISOR.value, User.active.is_(True))
        .order_by(func.lower(User.full_name))
    ).all()
    supervisor_choices = [(u.id, u.full_name) for u in supervisors]
    current = profile.supervisor
    if current is not None and current not in supervisors:
        mark = _("inactive") if not current.active else _("no longer a supervisor")
        supervisor_choices.insert(0, (current.id, f"{current.full_name} ({mark})"))
    form.supervisor_id.choices = [(None, _("(none)"))] + supervisor_choices
    form.teams.choices = [(t.id, t.name) for t in db.session.scalars(db.select(Team).order_by(Team.name))]


@bp.route("/people/<int:staff_id>/edit", methods=["GET", "POST"])
@allow("people.edit_any")
def staff_edit(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "people.edit")
    form = StaffForm(obj=profile if request.method == "GET" else None)
    _staff_form_choices(form, profile)
    if request.method == "GET":
        form.teams.data = sorted(profile.team_ids)
        form.discipline.data = profile.discipline or ""
    conflict = False
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
        data["discipline"] = data["discipline"] or None
        data["title"] = (data["title"] or "").strip()
        data["phone"] = (data["phone"] or "").strip()
        data["team_ids"] = form.teams.data
        try:
            services.update_profile(profile, data, version=form.version.data or "", actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            conflict = True
        else:
            flash(_("The profile is saved."), "success")
            return redirect_to(url_for("people.staff_detail", staff_id=profile.id))
    if conflict:
        # Show what is saved now, with its version, so that saving again is possible.
        db.session.refresh(profile)
        form = StaffForm(obj=profile, formdata=None)
        _staff_form_choices(form, profile)
        form.teams.data = sorted(profile.team_ids)
        form.discipline.data = profile.discipline or ""
    status = 409 if conflict else form_status(form)
    return render("people/staff_edit.html", block="form", form=form, profile=profile,
                  conflict=conflict, status=status)


@bp.route("/people/<int:staff_id>/field/<field>", methods=["GET", "POST"])
@allow("people.edit_any")
def staff_field(staff_id: int, field: str):
    """Edit one field in place: HTMX swaps the editor in and the saved value back."""
    profile = get_or_404(StaffProfile, staff_id, "people.edit")
    form_class = INLINE_FORMS.get(field)
    if form_class is None:
        abort(404)
    if request.method == "GET" and request.args.get("cancel"):
        return render("people/staff_detail.html", block=f"field_{field}", profile=profile)
    form = form_class(obj=profile if request.method == "GET" else None)
    conflict = False
    if form.validate_on_submit():
        value = getattr(form, field).data
        value = value.strip() if isinstance(value, str) else value
        try:
            services.update_profile(profile, {field: value}, version=form.version.data or "", actor=current_user)
        except ConflictError:
            db.session.rollback()
            db.session.refresh(profile)
            conflict = True
            form = form_class(obj=profile, formdata=None)  # what is saved, and its version
        else:
            return redirect_or_fragment(profile, field)
    status = 409 if conflict else form_status(form)
    return render("people/staff_field.html", block="editor", form=form, field=field, profile=profile,
                  conflict=conflict, status=status)


def redirect_or_fragment(profile: StaffProfile, field: str):
    if wants_fragment():
        return render("people/staff_detail.html", block=f"field_{field}", profile=profile, saved=True)
    flash(_("Saved."), "success")
    return redirect_to(url_for("people.staff_detail", staff_id=profile.id))


@bp.get("/people/<int:staff_id>/experience")
@allow("people.list")
def experience(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "people.view_experience")
    record_read("staff.experience_read", profile, profile.user_id)
    return render("people/experience.html", profile=profile)


@bp.route("/people/<int:staff_id>/experience/edit", methods=["GET", "POST"])
@allow("people.list")
def experience_edit(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "people.edit_experience")
    form = ExperienceForm()
    # Archived areas are offered no more, but one the person already knows stays (and is kept).
    known_ids = [area.id for area in profile.known_areas]
    areas = db.session.scalars(
        db.select(Area).join(Area.team).where(or_(Area.active.is_(True), Area.id.in_(known_ids)))
        .order_by(Team.name, Area.name)
    ).all()
    form.known_areas.choices = [(a.id, f"{a.team.name}: {a.name}") for a in areas]
    if request.method == "GET":
        record_read("staff.experience_read", profile, profile.user_id)
        form.areas.data = [row.code for row in profile.experience_rows]
        form.known_areas.data = [a.id for a in profile.known_areas]
    if form.validate_on_submit():
        services.set_experience(profile, form.areas.data, form.known_areas.data, actor=current_user)
        flash(_("Saved."), "success")
        return redirect_to(url_for("people.experience", staff_id=profile.id))
    return render("people/experience_edit.html", block="form", form=form, profile=profile,
                  status=form_status(form))


# --- teams and areas ---------------------------------------------------------------------


@bp.get("/teams/")
@allow("teams.view")
def team_list():
    teams = db.session.scalars(db.select(Team).options(selectinload(Team.areas))
                               .order_by(Team.active.desc(), Team.name)).all()
    # Counted as the team page lists them: active accounts only.
    counts = dict(db.session.execute(
        db.select(team_memberships.c.team_id, func.count())
        .join(StaffProfile, StaffProfile.id == team_memberships.c.staff_id)
        .join(User, User.id == StaffProfile.user_id)
        .where(User.active.is_(True))
        .group_by(team_memberships.c.team_id)
    ).all())
    return render("teams/list.html", teams=teams, counts=counts)


@bp.route("/teams/new", methods=["GET", "POST"])
@allow("teams.create")
def team_new():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = services.create_team(name=form.name.data, description=form.description.data, actor=current_user)
        except FieldError as error:
            add_field_error(form, error)
        else:
            flash(_("The team is created."), "success")
            return redirect_to(url_for("people.team_detail", team_id=team.id))
    return render("teams/form.html", block="form", form=form, team=None, status=form_status(form))


@bp.get("/teams/<int:team_id>")
@allow("teams.view")
def team_detail(team_id: int):
    team = get_or_404(Team, team_id, "teams.view")
    return render("teams/detail.html", team=team, members=_team_members(team), area_form=_new_area_form())


def _new_area_form(**kwargs) -> AreaForm:
    # Its own prefix: an area's inline editor (also an AreaForm) can be open on the same page.
    return AreaForm(prefix=NEW_AREA, **kwargs)


def _team_members(team: Team) -> list[StaffProfile]:
    return db.session.scalars(
        db.select(StaffProfile).join(StaffProfile.user).join(team_memberships)
        .where(team_memberships.c.team_id == team.id, User.active.is_(True))
        .order_by(func.lower(User.full_name))
    ).all()


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@allow("teams.edit_any")
def team_edit(team_id: int):
    team = get_or_404(Team, team_id, "teams.edit")
    form = TeamForm(obj=team if request.method == "GET" else None)
    conflict = False
    if form.validate_on_submit():
        try:
            services.update_team(team, name=form.name.data, description=form.description.data,
                                 version=form.version.data or "", actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            db.session.refresh(team)
            conflict = True
            form = TeamForm(obj=team, formdata=None)  # what is saved, and its version
        else:
            flash(_("The team is saved."), "success")
            return redirect_to(url_for("people.team_detail", team_id=team.id))
    status = 409 if conflict else form_status(form)
    return render("teams/form.html", block="form", form=form, team=team, conflict=conflict, status=status)


@bp.post("/teams/<int:team_id>/areas")
@allow("teams.edit_any")
def area_add(team_id: int):
    team = get_or_404(Team, team_id, "teams.edit")
    form = _new_area_form()
    if form.validate_on_submit():
        try:
            services.add_area(team, name=form.name.data, description=form.description.data, actor=current_user)
        except FieldError as error:
            add_field_error(form, error)
        else:
            if not wants_fragment():
                flash(_("The area is added."), "success")
                return redirect_to(url_for("people.team_detail", team_id=team.id))
            # The swapped-in section shows the new area; a flash would linger to the next page.
            form = _new_area_form(formdata=None)
    # A whole page (no HTMX) needs the staff list too, or it would claim the team has none.
    members = [] if wants_fragment() else _team_members(team)
    return render("teams/detail.html", block="areas", team=team, members=members, area_form=form,
                  status=form_status(form))


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@allow("teams.edit_any")
def area_edit(area_id: int):
    area = get_or_404(Area, area_id, "teams.view")
    require("teams.edit", area.team)
    if request.method == "GET" and request.args.get("cancel"):
        return render("teams/area_row.html", block="row", area=area, team=area.team)
    form = AreaForm(obj=area if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_area(area, name=form.name.data, description=form.description.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            if wants_fragment():
                return render("teams/area_row.html", block="row", area=area, team=area.team)
            flash(_("Saved."), "success")
            return redirect_to(url_for("people.team_detail", team_id=area.team_id))
    return render("teams/area_edit.html", block="editor", form=form, area=area, status=form_status(form))


@bp.route("/areas/<int:area_id>/active", methods=["GET", "POST"])
@allow("teams.edit_any")
def area_set_active(area_id: int):
    """GET asks before archiving; POST with active=0/1 acts."""
    area = get_or_404(Area, area_id, "teams.view")
    require("teams.edit", area.team)
    form = ConfirmForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        services.set_area_active(area, active, actor=current_user)
        flash(_("The area is restored.") if active else _("The area is archived."), "success")
        return redirect_to(url_for("people.team_detail", team_id=area.team_id))
    return render("teams/area_confirm.html", area=area, form=form)
