"""Supervision groups and the themes list."""

from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.models import Role
from outreach.auth.policy import allow, get_or_404
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render
from outreach.core.identifiers import IdentifiersFound
from outreach.extensions import db
from outreach.supervision import groups, themes
from outreach.supervision.admin_forms import GroupForm, ThemeForm
from outreach.supervision.models import SupervisionGroup, SupervisionTheme
from outreach.supervision.views import bp

GROUP_STATES = ("active", "inactive", "all")


# --- groups ------------------------------------------------------------------------------------


@bp.get("/groups")
@allow("supervision.groups")
def group_list():
    q = request.args.get("q", "").strip()  # NUL already gone (NulFreeRequest)
    state = request.args.get("state", "active")
    if state not in GROUP_STATES:
        state = "active"
    page = db.paginate(groups.group_query(q, state), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("supervision/group_list.html", block="results", page=page, q=q, state=state)


def _group_choices(form: GroupForm, group: SupervisionGroup | None) -> None:
    """Active supervisors and colleagues are offered; the group's own supervisor and members
    stay in the lists (marked) when their account is closed or the role is gone, or saving
    would silently drop them."""
    supervisors = groups.supervisors()
    choices = [(u.id, u.full_name) for u in supervisors]
    if group is not None and group.supervisor not in supervisors:
        mark = _("inactive") if not group.supervisor.active else _("no longer a supervisor")
        choices.insert(0, (group.supervisor.id, f"{group.supervisor.full_name} ({mark})"))
    form.supervisor_id.choices = [(None, _("Choose a supervisor"))] + choices
    candidates = groups.member_candidates()
    members = [(u.id, f"{u.full_name} ({u.profile.role_type_label})") for u in candidates]
    offered = {u.id for u in candidates}
    for user in (group.members if group is not None else []):
        if user.id not in offered:
            members.append((user.id, f"{user.full_name} ({_('inactive')})"))
    form.members.choices = members


def _group_form(group: SupervisionGroup | None, *, saved: bool) -> GroupForm:
    """The form with what is saved (`saved`), or with what was just posted."""
    form = GroupForm(formdata=None, obj=group) if saved else GroupForm()
    _group_choices(form, group)
    if saved and group is not None:
        form.members.data = sorted(group.member_ids)
        form.version.data = str(group.version)
    elif saved and current_user.has_role(Role.SUPERVISOR):
        form.supervisor_id.data = current_user.id
    return form


def _input(form: GroupForm) -> groups.GroupInput:
    return groups.GroupInput(name=form.name.data, description=form.description.data,
                             supervisor_id=form.supervisor_id.data, member_ids=form.members.data or [],
                             active=form.active.data)


@bp.route("/groups/new", methods=["GET", "POST"])
@allow("supervision.manage_group")
def group_new():
    form = _group_form(None, saved=request.method == "GET")
    identifiers = False
    if form.validate_on_submit():
        try:
            groups.create_group(_input(form), confirmed=form.confirmed_identifiers(), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except IdentifiersFound as found:
            db.session.rollback()
            identifiers = True
            form.show_identifiers(found)
        else:
            flash(_("The group is created."), "success")
            return redirect_to(url_for("supervision.group_list"))
    return render("supervision/group_form.html", block="form", form=form, group=None, conflict=False,
                  identifiers=identifiers, status=form_status(form))


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@allow("supervision.manage_group")
def group_edit(group_id: int):
    group = get_or_404(SupervisionGroup, group_id, "supervision.manage_group")
    form = _group_form(group, saved=request.method == "GET")
    conflict = identifiers = False
    if form.validate_on_submit():
        try:
            groups.update_group(group, _input(form), version=form.version.data,
                                confirmed=form.confirmed_identifiers(), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except IdentifiersFound as found:
            db.session.rollback()
            identifiers = True
            form.show_identifiers(found)
        except ConflictError:
            # Someone else saved first: show what is saved now, with its version.
            db.session.rollback()
            group = db.session.get(SupervisionGroup, group_id)
            db.session.refresh(group)
            conflict = True
            form = _group_form(group, saved=True)
        else:
            flash(_("The group is saved."), "success")
            return redirect_to(url_for("supervision.group_list"))
    status = 409 if conflict else form_status(form)
    return render("supervision/group_form.html", block="form", form=form, group=group, conflict=conflict,
                  identifiers=identifiers, status=status)


# --- themes ------------------------------------------------------------------------------------


def _themes_page(form: ThemeForm, status: int = 200):
    return render("supervision/theme_list.html", block="add" if request.method == "POST" else None,
                  form=form, themes=themes.all_themes(), status=status)


@bp.route("/themes", methods=["GET", "POST"])
@allow("supervision.themes")
def theme_list():
    """The list of themes, and adding one."""
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            themes.add_theme(form.name.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The theme is added."), "success")
            return redirect_to(url_for("supervision.theme_list"))
    return _themes_page(form, status=form_status(form))


@bp.route("/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@allow("supervision.themes")
def theme_edit(theme_id: int):
    theme = get_or_404(SupervisionTheme, theme_id, "supervision.themes")
    form = ThemeForm(obj=theme if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            themes.rename_theme(theme, form.name.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The theme is saved."), "success")
            return redirect_to(url_for("supervision.theme_list"))
    return render("supervision/theme_edit.html", block="form", form=form, theme=theme, status=form_status(form))


@bp.post("/themes/<int:theme_id>/active")
@allow("supervision.themes")
def theme_active(theme_id: int):
    """Deactivate or activate a theme (nothing is lost: old sessions keep it)."""
    theme = get_or_404(SupervisionTheme, theme_id, "supervision.themes")
    if ConfirmForm().validate_on_submit():
        active = request.form.get("active") == "1"
        themes.set_theme_active(theme, active, actor=current_user)
        flash(_("The theme is offered for new sessions again.") if active
              else _("The theme is no longer offered for new sessions. Sessions that have it keep it."), "success")
    return redirect_to(url_for("supervision.theme_list"))
