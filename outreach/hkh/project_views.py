"""HKH projects: the list, a new project, the project page (mandate, phases, working group,
origins) and the mandate's edit form.

Routes carry their rule ("hkh.view", "hkh.create", "hkh.edit"); a project is loaded through
`get_or_404` with the rule that decides about it. The raw field notes are not on these
pages: the project page shows the working group the latest entries of its log, everyone
else only the counts (rule "hkh.fieldwork").
"""

from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from outreach.auth.policy import allow, can, get_child_or_404, get_or_404
from outreach.core.database import is_row_id
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.extensions import db
from outreach.hkh import fieldwork, projects, rules
from outreach.hkh.forms import MandateForm, MemberForm, PhaseForm, ProjectForm
from outreach.hkh.models import PHASE_LABELS, Finding, HkhProject, LogEntry, Phase, ProjectMember
from outreach.hkh.outcome import colleague_names, owner_choices
from outreach.hkh.views import bp

PROJECT_PAGE = "hkh/project_detail.html"
LATEST_ENTRIES = 3  # the working group's glimpse of its log on the project page
MANDATE_FIELDS = ("title", "commissioner", "problem", "target_group", "area", "starts_on", "ends_on", "kickoff_on",
                  "origin_project_id")


def load_project(project_id: int, rule: str = "hkh.view") -> HkhProject:
    return get_or_404(HkhProject, project_id, rule)


def project_url(project: HkhProject, anchor: str | None = None) -> str:
    return url_for("hkh.project_detail", project_id=project.id, _anchor=anchor)


def phase_labels() -> list[tuple[str, str]]:
    return [(phase, str(PHASE_LABELS[Phase(phase)])) for phase in rules.PHASES]


# --- the list -------------------------------------------------------------------------------------


@bp.get("/")
@allow("hkh.view")
def index():
    """Running projects, or the earlier (archived) ones with ?show=earlier; search and phase."""
    args = request.args
    filters = projects.ProjectFilter(text=args.get("q", "")[:100], phase=args.get("phase", ""),
                                     archived=args.get("show") == "earlier")
    page = db.paginate(projects.project_list(filters), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("hkh/index.html", block="results", page=page, filters=filters, phases=phase_labels())


# --- a new project and the mandate ------------------------------------------------------------------


def _origin_choices(form, project: HkhProject | None) -> None:
    others = db.session.scalars(select(HkhProject).order_by(HkhProject.title))
    form.origin_project_id.choices = [(None, _("None"))] + [
        (p.id, p.title + (f" ({p.starts_on.year})" if p.starts_on else "")) for p in others
        if project is None or p.id != project.id]


def _mandate_input(form) -> projects.MandateInput:
    return projects.MandateInput(**{name: form[name].data for name in MANDATE_FIELDS})


@bp.route("/new", methods=["GET", "POST"])
@allow("hkh.create")
def project_new():
    """A new project: the mandate and the project lead (?origin= for one that grew out of another)."""
    form = ProjectForm()
    del form.version
    _origin_choices(form, None)
    colleagues = owner_choices()
    form.lead_id.choices = [(None, _("Choose the project lead"))] + [(u.id, u.full_name) for u in colleagues]
    if request.method == "GET":
        form.lead_id.data = current_user.id
        origin = request.args.get("origin", type=int)
        form.origin_project_id.data = origin if is_row_id(origin) else None
    if form.validate_on_submit():
        lead = next(u for u in colleagues if u.id == form.lead_id.data)  # one of them: the form checked
        try:
            project = projects.create_project(_mandate_input(form), actor=current_user, lead=lead)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The project is created."), "success")
            return redirect_to(project_url(project))
    return render("hkh/project_form.html", block="form", form=form, project=None, status=form_status(form))


def _edit_form(project: HkhProject, *, saved: bool) -> MandateForm:
    form = MandateForm(formdata=None, obj=project) if saved else MandateForm()
    if saved:
        form.version.data = str(project.version)
    _origin_choices(form, project)
    return form


@bp.route("/<int:project_id>/archive", methods=["GET", "POST"])
@allow("hkh.create")
def project_archive(project_id: int):
    """Put a finished project among the earlier ones (or take it back out), after asking."""
    project = load_project(project_id, "hkh.create")
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            projects.set_archived(project, not project.archived, actor=current_user)
        except ConflictError:
            db.session.rollback()
            flash(_("Someone else changed the project in the meantime. Here is how it stands now."), "error")
        else:
            flash(_("The project is among the earlier projects now.") if project.archived
                  else _("The project is running again."), "success")
        return redirect_to(project_url(project))
    return render("hkh/project_archive.html", project=project, form=form)


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@allow("hkh.edit")
def project_edit(project_id: int):
    """Change the mandate. Someone else's save in between: 409, the saved mandate in the form
    and what this writer typed beside it."""
    project = load_project(project_id, "hkh.edit")
    form = _edit_form(project, saved=request.method == "GET")
    conflict, mine = False, []
    if form.validate_on_submit():
        try:
            projects.update_mandate(project, _mandate_input(form), version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            typed = form
            project = db.session.get(HkhProject, project_id)
            form = _edit_form(project, saved=True)
            conflict = True
            mine = [(form[name].label.text, _shown(typed[name])) for name in MANDATE_FIELDS
                    if typed[name].data != form[name].data]
        else:
            flash(_("The mandate is saved."), "success")
            return redirect_to(project_url(project))
    return render("hkh/project_form.html", block="form", form=form, project=project, conflict=conflict, mine=mine,
                  status=409 if conflict else form_status(form))


def _shown(field) -> str:
    """A typed value as the writer would recognise it (a chosen project by its title)."""
    if field.data in (None, ""):
        return "–"
    if field.name == "origin_project_id":
        return dict(field.choices).get(field.data, "–")
    return str(field.data)


# --- the project page -------------------------------------------------------------------------------


def _member_form(project: HkhProject, formdata=None) -> MemberForm:
    form = MemberForm(formdata=formdata, prefix="member")  # formdata None: the empty form
    present = project.member_user_ids | {current_user.id}  # nobody adds themselves
    form.user_id.choices = [(None, _("An external member (write the name)"))] + [
        (user_id, name) for user_id, name in colleague_names() if user_id not in present]
    return form


def _phase_form(project: HkhProject, target: str | None) -> PhaseForm:
    form = PhaseForm(formdata=None)
    form.target.data, form.version.data = target or "", str(project.version)
    return form


def _group_context(project: HkhProject) -> dict:
    """What the working group's section shows. The form's select lists every colleague
    (hundreds): it is made only when "Add to the working group" is opened (member_add, GET) or
    a member was just posted."""
    return {"project": project, "manage_group": can(current_user, "hkh.manage_group", project),
            "warnings": [projects.WARNING_TEXTS[code] for code in projects.group_warnings(project)],
            "member_form": None, "member_open": False, "member_saved": False}


def _context(project: HkhProject, **extra) -> dict:
    edit = can(current_user, "hkh.edit", project)
    field = can(current_user, "hkh.fieldwork", project)
    matrix = fieldwork.triangulation(project)
    following = rules.next_phase(project.phase)
    ctx = {
        "project": project, "edit": edit, "fieldwork": field, "phases": phase_labels(),
        "phase_names": dict(phase_labels()),
        "phase_index": rules.PHASES.index(project.phase),
        "next_phase": following, "previous_phase": rules.previous_phase(project.phase),
        "gaps": [projects.GAP_TEXTS[code] for code in projects.current_gaps(project)] if following else [],
        "grown": projects.grown_from(project),
        "planned_total": matrix.total[0], "done_total": matrix.total[1],
        "findings_count": db.session.scalar(select(func.count()).select_from(Finding)
                                            .where(Finding.project_id == project.id)),
        "latest": _latest_entries(project) if field else [],
        "confirm_gaps": [], "phase_error": None, "phase_conflict": False, "moved": None,
        **_group_context(project),
    }
    ctx.update(extra)
    return ctx


def _latest_entries(project: HkhProject) -> list[LogEntry]:
    return list(db.session.scalars(select(LogEntry).where(LogEntry.project_id == project.id)
                                   .order_by(LogEntry.held_on.desc(), LogEntry.id.desc()).limit(LATEST_ENTRIES)))


def render_project(project: HkhProject, block: str | None = None, status: int = 200, **extra):
    """The project page, or one block of it for htmx; the working group's section alone needs
    none of the rest (triangulation, findings, the latest field log)."""
    if block == "group" and wants_fragment():
        return render(PROJECT_PAGE, block=block, status=status, **(_group_context(project) | extra))
    return render(PROJECT_PAGE, block=block, status=status, **_context(project, **extra))


@bp.get("/<int:project_id>")
@allow("hkh.view")
def project_detail(project_id: int):
    return render_project(load_project(project_id))


@bp.post("/<int:project_id>/phase")
@allow("hkh.edit")
def project_phase(project_id: int):
    """Move to the next phase, or back one. When the current phase still lacks something, the
    first submit answers 422 with what it lacks and asks again with "move on anyway"."""
    project = load_project(project_id, "hkh.edit")
    form = PhaseForm()
    if not form.validate_on_submit():
        return render_project(project, "phase", 422, phase_error=_("Choose the phase to move to."))
    target = form.target.data
    try:
        passed = projects.move_phase(project, target, version=form.version.data,
                                     accept_gaps=bool(form.accept_gaps.data), actor=current_user)
    except projects.GapsFound as found:
        db.session.rollback()
        return render_project(project, "phase", 422, confirm_gaps=[projects.GAP_TEXTS[c] for c in found.gaps],
                              confirm_form=_phase_form(project, target))
    except FieldError as error:
        db.session.rollback()
        return render_project(project, "phase", 422, phase_error=error.message)
    except ConflictError:
        db.session.rollback()
        project = db.session.get(HkhProject, project_id)
        return render_project(project, "phase", 409, phase_conflict=True)
    label = str(PHASE_LABELS[Phase(project.phase)])
    message = (_("Moved on to %(phase)s, although something was missing.", phase=label) if passed
               else _("Moved to %(phase)s.", phase=label))
    if not wants_fragment():
        flash(message, "success")
        return redirect_to(project_url(project, "phase"))
    return render_project(project, "phase", moved=message)


# --- the working group ------------------------------------------------------------------------------


# One rule for both methods (see recruitment's vacancy_panel: two rules on one path answer 405
# where 404 is right).
@bp.route("/<int:project_id>/members", methods=["GET", "POST"])
@allow("hkh.manage_group")
def member_add(project_id: int):
    """GET: the working group with the form to add someone open, the section for htmx when "Add
    to the working group" is opened, the project page without JavaScript. POST: add a colleague,
    or an external member by name and organisation."""
    project = load_project(project_id, "hkh.manage_group")
    if request.method == "GET":
        return render_project(project, "group", member_form=_member_form(project), member_open=True)
    form = _member_form(project, formdata=request.form)
    if form.validate_on_submit():
        try:
            projects.add_member(project, user_id=form.user_id.data, name=form.name.data or "",
                                organisation=form.organisation.data or "", role=form.role.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            add_field_error(form, FieldError("user_id", _("Someone else changed the working group in the meantime. "
                                                          "Here is how it stands now.")))
            project = db.session.get(HkhProject, project_id)
        else:
            if not wants_fragment():
                flash(_("Added to the working group."), "success")
                return redirect_to(project_url(project, "group"))
            return render_project(project, "group", member_saved=True, member_form=_member_form(project))
    return render_project(project, "group", 422, member_form=form)


def _member(project: HkhProject, member_id: int) -> ProjectMember:
    return get_child_or_404(ProjectMember, member_id, "hkh.manage_group",
                            lambda member: member.project_id == project.id)


@bp.route("/<int:project_id>/members/<int:member_id>/remove", methods=["GET", "POST"])
@allow("hkh.manage_group")
def member_remove(project_id: int, member_id: int):
    """Take someone out of the working group, after asking."""
    project = load_project(project_id, "hkh.manage_group")
    member = _member(project, member_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = member.display_name
        projects.remove_member(project, member, actor=current_user)
        flash(_("%(name)s is no longer in the working group.", name=name), "success")
        return redirect_to(project_url(project, "group"))
    return render("hkh/project_member_remove.html", project=project, member=member, form=form,
                  status=form_status(form) if request.method == "POST" else 200)

