"""HKH field work: the plan of methods against sources (the triangulation matrix), the field
log, and the findings with the log entries that support them.

The field log and its raw notes are the working group's only (rule "hkh.fieldwork"): anyone
else gets 404 on the log's pages, and the findings pages show them the supporting entries by
date, method and source, never the place or the notes.
"""

from flask import current_app, flash, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from outreach.auth.policy import allow, can, get_child_or_404
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.identifiers import IdentifiersFound
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.hkh import fieldwork, rules
from outreach.hkh.forms import FindingForm, LinkForm, LogForm, PlanForm, cell_name, plan_from_text, plan_text
from outreach.hkh.models import METHOD_LABELS, SOURCE_LABELS, Finding, HkhProject, LogEntry
from outreach.hkh.project_views import load_project
from outreach.hkh.views import bp

LOG_PAGE = "hkh/fieldwork_log.html"
ENTRY = "hkh/fieldwork_entry.html"
EXCERPT = 90  # characters of a note beside a finding's checkbox


def _entry(project: HkhProject, log_id: int) -> LogEntry:
    return get_child_or_404(LogEntry, log_id, "hkh.fieldwork", lambda entry: entry.project_id == project.id)


def _finding(project: HkhProject, finding_id: int) -> Finding:
    return get_child_or_404(Finding, finding_id, "hkh.fieldwork", lambda finding: finding.project_id == project.id)


def _apply_field_error(form, error: FieldError) -> None:
    if error.field in form:
        add_field_error(form, error)
    else:
        form.form_errors.append(error.message)


# --- the plan: the triangulation matrix --------------------------------------------------------------


def _plan_form(project: HkhProject, *, saved: bool) -> PlanForm:
    if not saved:
        return PlanForm()
    form = PlanForm(formdata=None)
    counts = fieldwork.planned_counts(project)
    for (method, source), planned in counts.items():
        if method in rules.METHODS and source in rules.SOURCES:
            form[cell_name(method, source)].data = planned or None
    form.seen.data = plan_text(counts)
    return form


def _merge_conflict(project: HkhProject, form: PlanForm, seen: dict | None, theirs: dict) -> None:
    """After a PlanConflict: the form shows what is saved now, except the writer's own changes;
    a cell both changed keeps the writer's number with the saved one beside it. Saving again
    (`seen` is now the saved plan) keeps the writer's numbers."""
    saved = fieldwork.planned_counts(project)
    mine = {(m, s): form[cell_name(m, s)].data for m in rules.METHODS for s in rules.SOURCES}
    shown = rules.plan_after_conflict(mine, seen=saved if seen is None else seen, saved=saved)
    for (method, source), planned in shown.items():
        field = form[cell_name(method, source)]
        field.data, field.raw_data = planned or None, None  # raw_data: what renders, the typed text
        if (method, source) in theirs:
            field.errors = [_("Saved as %(n)d by someone else meanwhile. Save again to keep yours.",
                              n=theirs[(method, source)])]
    form.seen.data = plan_text(saved)
    form.form_errors.append(_("Someone else saved the plan while you were editing it: their numbers are now in "
                              "the form, and yours where you changed a cell."))


@bp.route("/<int:project_id>/plan", methods=["GET", "POST"])
@allow("hkh.view")
def plan(project_id: int):
    """Methods against sources, planned and done (done counts the log). The working group and
    leaders ("hkh.edit") change the planned counts in one form; a save changes only the cells
    its writer changed, and a cell a colleague changed too in between is a 409 to look at."""
    posted = request.method == "POST"
    project = load_project(project_id, "hkh.edit" if posted else "hkh.view")
    edit = can(current_user, "hkh.edit", project)
    form = _plan_form(project, saved=not posted) if edit else None
    saved, status = False, 200
    if posted and form.validate_on_submit():
        counts = {(m, s): form[cell_name(m, s)].data for m in rules.METHODS for s in rules.SOURCES}
        seen = plan_from_text(form.seen.data)
        try:
            fieldwork.set_plan(project, counts, actor=current_user, seen=seen)
        except FieldError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        except ConflictError as conflict:  # a PlanConflict, or a lost race to add the same cell
            db.session.rollback()
            _merge_conflict(project, form, seen, getattr(conflict, "theirs", {}))
            status = 409
        else:
            if not wants_fragment():
                flash(_("The plan is saved."), "success")
                return redirect_to(url_for("hkh.plan", project_id=project.id))
            saved, form = True, _plan_form(project, saved=True)
    if posted and form.errors and status == 200:
        status = 422
    return render("hkh/fieldwork_plan.html", block="plan", status=status, project=project, edit=edit, form=form,
                  matrix=fieldwork.triangulation(project), methods=METHOD_LABELS, sources=SOURCE_LABELS,
                  cell_name=cell_name, saved=saved)


# --- the field log ----------------------------------------------------------------------------------------


def _team_choices(project: HkhProject, entry: LogEntry | None = None) -> list:
    """The working group's colleagues, and whoever an entry already names (someone who has
    left the group since stays on the entries they took part in)."""
    people = {u.id: u for u in fieldwork.team_choices(project)}
    for user in entry.team if entry is not None else []:
        people.setdefault(user.id, user)
    return sorted(people.values(), key=lambda u: u.full_name)


def _team_label(user) -> str:
    if getattr(user.profile, "role_type", "") == "ec":
        return _("%(name)s (experience consultant)", name=user.full_name)
    return user.full_name


def _log_form(project: HkhProject, entry: LogEntry | None = None, *, saved: bool) -> LogForm:
    if saved:
        form = LogForm(formdata=None, obj=entry)
        if entry is not None:
            form.team_ids.data = [u.id for u in entry.team]
            form.version.data = str(entry.version)
        else:
            form.held_on.data = today_in_oslo()
            form.team_ids.data = [current_user.id] if current_user.id in project.member_user_ids else []
    else:
        form = LogForm()
    form.team_ids.choices = [(u.id, _team_label(u)) for u in _team_choices(project, entry)]
    return form


def _log_input(form: LogForm) -> fieldwork.LogInput:
    return fieldwork.LogInput(method=form.method.data, source=form.source.data, held_on=form.held_on.data,
                              place=form.place.data or "", age_group=form.age_group.data or "",
                              informants=form.informants.data, notes=form.notes.data or "",
                              team_ids=list(form.team_ids.data or []))


def _log_query(project: HkhProject, method: str, source: str):
    query = select(LogEntry).where(LogEntry.project_id == project.id)
    if method in rules.METHODS:
        query = query.where(LogEntry.method == method)
    if source in rules.SOURCES:
        query = query.where(LogEntry.source == source)
    return query.order_by(LogEntry.held_on.desc(), LogEntry.id.desc())


def _links(project: HkhProject) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """The project's findings, and for each log entry the findings it supports."""
    findings = fieldwork.findings_of(project)
    supports: dict[int, list[Finding]] = {}
    for finding in findings:
        for entry in finding.evidence:
            supports.setdefault(entry.id, []).append(finding)
    return findings, supports


def _entry_context(project: HkhProject, findings, supports) -> dict:
    return {"project": project, "findings": findings, "supports": supports, "link_errors": {}, "linked": {}}


def _render_log(project: HkhProject, form: LogForm, *, status: int = 200, **extra):
    args = request.args
    method, source = args.get("method", ""), args.get("source", "")
    page = db.paginate(_log_query(project, method, source), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    findings, supports = _links(project)
    ctx = _entry_context(project, findings, supports)
    ctx.update(extra)
    # htmx: a new entry answers with the form and the log, the filter with the log alone.
    block = "fieldlog" if request.method == "POST" else "entries"
    return render(LOG_PAGE, block=block, status=status, form=form, page=page, method=method, source=source,
                  methods=METHOD_LABELS, sources=SOURCE_LABELS, **ctx)


@bp.route("/<int:project_id>/log", methods=["GET", "POST"])
@allow("hkh.fieldwork")
def log(project_id: int):
    """The field log, newest first, with the form for a new entry. The identifier guard runs
    on the notes and the place: nothing is saved until what it found is removed or confirmed."""
    project = load_project(project_id, "hkh.fieldwork")
    posted = request.method == "POST"
    form = _log_form(project, saved=not posted)
    status, identifiers = 200, False
    if posted:
        if form.validate_on_submit():
            try:
                entry = fieldwork.add_entry(project, _log_input(form), confirmed=form.confirmed_identifiers(),
                                            actor=current_user)
            except FieldError as error:
                db.session.rollback()
                _apply_field_error(form, error)
            except IdentifiersFound as found:
                db.session.rollback()
                identifiers = True
                form.show_identifiers(found)
            else:
                if not wants_fragment():
                    flash(_("The entry is saved."), "success")
                    return redirect_to(url_for("hkh.log", project_id=project.id, _anchor=f"entry-{entry.id}"))
                return _render_log(project, _log_form(project, saved=True), saved=entry.id)
        status = 422
    return _render_log(project, form, status=status, identifiers=identifiers)


def _typed(field) -> str:
    """A field's value as the writer typed or chose it, for showing (a choice by its label)."""
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(field.data, field.data or ""))
    return field.raw_data[0] if field.raw_data else str(field.data or "")


@bp.route("/<int:project_id>/log/<int:log_id>/edit", methods=["GET", "POST"])
@allow("hkh.fieldwork")
def log_edit(project_id: int, log_id: int):
    project = load_project(project_id, "hkh.fieldwork")
    entry = _entry(project, log_id)
    posted = request.method == "POST"
    form = _log_form(project, entry, saved=not posted)
    status, identifiers, conflict, mine = 200, False, False, None
    if posted:
        status = 422
        if form.validate_on_submit():
            try:
                fieldwork.update_entry(entry, project, _log_input(form), version=form.version.data,
                                       confirmed=form.confirmed_identifiers(), actor=current_user)
            except FieldError as error:
                db.session.rollback()
                _apply_field_error(form, error)
            except IdentifiersFound as found:
                db.session.rollback()
                identifiers = True
                form.show_identifiers(found)
            except ConflictError:
                # Someone saved the entry meanwhile: the form shows what is saved now, and all
                # the writer typed stays beside it to copy from.
                db.session.rollback()
                status, conflict = 409, True
                mine = [(form[name].label.text, _typed(form[name])) for name in
                        ("method", "source", "held_on", "place", "age_group", "informants", "notes")]
                project = db.session.get(HkhProject, project_id)
                entry = db.session.get(LogEntry, log_id)
                form = _log_form(project, entry, saved=True)
            else:
                flash(_("The entry is saved."), "success")
                return redirect_to(url_for("hkh.log", project_id=project.id, _anchor=f"entry-{entry.id}"))
    return render("hkh/fieldwork_entry_form.html", block="form", status=status, project=project, entry=entry,
                  form=form, identifiers=identifiers, conflict=conflict, mine=mine)


@bp.post("/<int:project_id>/log/<int:log_id>/link")
@allow("hkh.fieldwork")
def log_link(project_id: int, log_id: int):
    """Link the entry to a finding of the project (linked=0 takes the link away)."""
    project = load_project(project_id, "hkh.fieldwork")
    entry = _entry(project, log_id)
    findings = fieldwork.findings_of(project)
    form = LinkForm()
    form.finding_id.choices = [(f.id, f.title) for f in findings]
    if form.validate_on_submit():
        finding = next(f for f in findings if f.id == form.finding_id.data)
        linked = form.linked.data != "0"
        fieldwork.link_evidence(finding, entry, linked=linked, actor=current_user)
        message = (_("Linked to “%(title)s”.", title=finding.title) if linked
                   else _("No longer linked to “%(title)s”.", title=finding.title))
        if not wants_fragment():
            flash(message, "success")
            return redirect_to(url_for("hkh.log", project_id=project.id, _anchor=f"entry-{entry.id}"))
        findings, supports = _links(project)
        return render(ENTRY, entry=entry, **(_entry_context(project, findings, supports) | {"linked": {
            entry.id: message}}))
    error = " ".join(str(e) for e in form.finding_id.errors) or _("Choose a finding.")
    if wants_fragment():
        findings, supports = _links(project)
        return render(ENTRY, status=422, entry=entry,
                      **(_entry_context(project, findings, supports) | {"link_errors": {entry.id: error}}))
    return _render_log(project, _log_form(project, saved=True), status=422, link_errors={entry.id: error})


# --- findings --------------------------------------------------------------------------------------------


@bp.get("/<int:project_id>/findings")
@allow("hkh.view")
def findings(project_id: int):
    """Each finding with how many log entries, methods and sources support it; resting on one
    method only is marked. The entries by date, method and source; place and notes only for
    the working group."""
    project = load_project(project_id)
    rows = [(f, fieldwork.support_of(f)) for f in fieldwork.findings_of(project)]
    return render("hkh/fieldwork_findings.html", block="findings", project=project, rows=rows,
                  edit=can(current_user, "hkh.edit", project), fieldwork=can(current_user, "hkh.fieldwork", project))


def _entry_label(entry: LogEntry, raw: bool) -> str:
    label = f"{format_date(entry.held_on, 'short')} · {entry.method_label} · {entry.source_label}"
    if raw:
        details = [part for part in (entry.place, entry.notes) if part]
        if details:
            text = " – ".join(details)
            label += f" · {text[:EXCERPT]}{'…' if len(text) > EXCERPT else ''}"
    return label


def _finding_form(project: HkhProject, finding: Finding | None, *, saved: bool) -> FindingForm:
    form = FindingForm(formdata=None, obj=finding) if saved else FindingForm()
    if saved:
        form.entry_ids.data = [e.id for e in finding.evidence] if finding is not None else []
        form.version.data = str(finding.version) if finding is not None else ""
    raw = can(current_user, "hkh.fieldwork", project)
    form.entry_ids.choices = [(e.id, _entry_label(e, raw)) for e in fieldwork.log_entries(project)]
    return form


def _finding_input(form: FindingForm) -> fieldwork.FindingInput:
    return fieldwork.FindingInput(title=form.title.data or "", description=form.description.data or "",
                                  entry_ids=list(form.entry_ids.data or []))


@bp.route("/<int:project_id>/findings/new", methods=["GET", "POST"])
@allow("hkh.edit")
def finding_new(project_id: int):
    project = load_project(project_id, "hkh.edit")
    form = _finding_form(project, None, saved=request.method == "GET")
    if form.validate_on_submit():
        try:
            fieldwork.add_finding(project, _finding_input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            flash(_("The finding is saved."), "success")
            return redirect_to(url_for("hkh.findings", project_id=project.id))
    return render("hkh/fieldwork_finding_form.html", block="form", status=form_status(form), project=project,
                  finding=None, form=form, conflict=False, mine=None)


@bp.route("/<int:project_id>/findings/<int:finding_id>/edit", methods=["GET", "POST"])
@allow("hkh.edit")
def finding_edit(project_id: int, finding_id: int):
    project = load_project(project_id, "hkh.edit")
    finding = _finding(project, finding_id)
    form = _finding_form(project, finding, saved=request.method == "GET")
    conflict, mine = False, None
    if form.validate_on_submit():
        try:
            fieldwork.update_finding(finding, project, _finding_input(form), version=form.version.data,
                                     actor=current_user)
        except FieldError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            conflict, mine = True, {"title": form.title.data, "description": form.description.data}
            project = db.session.get(HkhProject, project_id)
            finding = db.session.get(Finding, finding_id)
            form = _finding_form(project, finding, saved=True)
        else:
            flash(_("The finding is saved."), "success")
            return redirect_to(url_for("hkh.findings", project_id=project.id, _anchor=f"finding-{finding.id}"))
    return render("hkh/fieldwork_finding_form.html", block="form", status=409 if conflict else form_status(form),
                  project=project, finding=finding, form=form, conflict=conflict, mine=mine)
