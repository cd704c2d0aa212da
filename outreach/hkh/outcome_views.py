"""What an HKH project ends in: the report and the action plan.

- The report: four sections written in the app, each saved on its own with its version; an
  export freezes them into the next numbered version, which is printed (the browser prints
  or saves it as PDF) or downloaded as Markdown.
- The action plan: the summary, the measures with owner, partner, deadline, status and the
  findings they answer, and the follow-up reviews after 6 and 12 months.

Everyone reads a project's report and plan ("hkh.view"); the working group's colleagues and
the leaders write ("hkh.edit"). A project is loaded through `get_or_404` with the rule, so a
refusal answers 404 and is logged.
"""

import re
import unicodedata

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from outreach.auth.models import User
from outreach.auth.policy import allow, can, get_or_404
from outreach.core.database import is_row_id
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.hkh import fieldwork, outcome, rules
from outreach.hkh.models import (
    MEASURE_STATUS_LABELS,
    REPORT_SECTIONS,
    FollowUpReview,
    HkhProject,
    Measure,
    ReportSection,
    ReportVersion,
)
from outreach.hkh.outcome_forms import (
    ExportForm,
    MeasureForm,
    ReviewForm,
    SectionForm,
    measure_versions,
    review_progress,
)
from outreach.hkh.views import bp

REPORT_PAGE = "hkh/report.html"
ACTIONS_PAGE = "hkh/actions.html"


def _project(project_id: int, rule: str = "hkh.view") -> HkhProject:
    return get_or_404(HkhProject, project_id, rule)


def _names(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


# --- the report -----------------------------------------------------------------------------------


def _section_form(key: str, section: ReportSection | None, formdata=None) -> SectionForm:
    form = SectionForm(formdata=formdata, prefix=f"section-{key}")
    form.text.label.text = _("Text of the section “%(title)s”", title=REPORT_SECTIONS[key])
    if formdata is None:
        form.text.data = section.text if section is not None else ""
        form.version.data = str(section.version) if section is not None else ""
    return form


def _report_items(project: HkhProject, edit: bool, states: dict | None = None) -> list[dict]:
    """Each section with what its part of the page shows: the saved text, and for a writer the
    form (the one just posted, for the section being saved)."""
    states = states or {}
    items = []
    for key, section in outcome.report_sections(project):
        state = states.get(key, {})
        form = state.get("form") or (_section_form(key, section) if edit else None)
        items.append({"key": key, "label": REPORT_SECTIONS[key], "section": section, "form": form,
                      "conflict": state.get("conflict", False), "mine": state.get("mine"),
                      "saved": state.get("saved", False)})
    return items


def _report_context(project: HkhProject, states: dict | None = None, **extra) -> dict:
    edit = can(current_user, "hkh.edit", project)
    items = _report_items(project, edit, states)
    versions = outcome.versions_of(project)
    findings = fieldwork.findings_of(project)
    ctx = {"project": project, "edit": edit, "items": items, "versions": versions, "findings": findings,
           "support": {f.id: fieldwork.support_of(f) for f in findings},
           "names": _names(i["section"].updated_by_id for i in items if i["section"] is not None),
           "export_form": ExportForm(formdata=None), "export_error": None, "exported": None}
    ctx.update(extra)
    return ctx


@bp.get("/<int:project_id>/report")
@allow("hkh.view")
def report(project_id: int):
    return render(REPORT_PAGE, **_report_context(_project(project_id)))


@bp.post("/<int:project_id>/report/sections/<key>")
@allow("hkh.edit")
def report_section(project_id: int, key: str):
    """Save one section. A second writer who loaded an older version gets 409: the saved text
    in the form, and their own text kept beside it to copy from."""
    project = _project(project_id, "hkh.edit")
    if key not in REPORT_SECTIONS:
        abort(404)
    form = _section_form(key, None, formdata=request.form)
    state = {"form": form}
    status = 200
    if form.validate_on_submit():
        try:
            outcome.save_section(project, key, form.text.data or "", version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            saved = dict(outcome.report_sections(project))[key]
            state = {"form": _section_form(key, saved), "conflict": True, "mine": form.text.data or ""}
            status = 409
        else:
            if not wants_fragment():
                flash(_("The section “%(title)s” is saved.", title=REPORT_SECTIONS[key]), "success")
                return redirect_to(url_for("hkh.report", project_id=project.id, _anchor=f"section-{key}"))
            state = {"saved": True}
    if state.get("form") is form and form.errors:
        status = 422
    ctx = _report_context(project, {key: state})
    item = next(i for i in ctx["items"] if i["key"] == key)
    return render(REPORT_PAGE, block="section", status=status, item=item, **ctx)


@bp.post("/<int:project_id>/report/export")
@allow("hkh.edit")
def report_export(project_id: int):
    """Freeze the sections (and the findings) into the next numbered version."""
    project = _project(project_id, "hkh.edit")
    if not ExportForm().validate_on_submit():
        return render(REPORT_PAGE, block="versions", status=422, **_report_context(
            project, export_error=_("The form had expired. Try again.")))
    try:
        version = outcome.export_report(project, actor=current_user)
    except FieldError as error:
        db.session.rollback()
        return render(REPORT_PAGE, block="versions", status=422, **_report_context(project, export_error=error.message))
    except ConflictError:
        db.session.rollback()
        return render(REPORT_PAGE, block="versions", status=409, **_report_context(
            project, export_error=_("Someone else exported a version at the same moment. Here are the versions now; "
                                    "export again if yours is still needed.")))
    if wants_fragment():
        return render(REPORT_PAGE, block="versions", **_report_context(project, exported=version.number))
    flash(_("Version %(number)d of the report is exported.", number=version.number), "success")
    return redirect_to(url_for("hkh.report", project_id=project.id, _anchor="versions"))


def _version(project: HkhProject, number: int) -> ReportVersion:
    found = None
    if is_row_id(number):
        found = db.session.scalar(select(ReportVersion).where(ReportVersion.project_id == project.id,
                                                              ReportVersion.number == number))
    if found is None:
        abort(404)
    return found


@bp.get("/<int:project_id>/report/versions/<int:number>")
@allow("hkh.view")
def report_version(project_id: int, number: int):
    """An exported version as a document: the browser prints it or saves it as PDF."""
    project = _project(project_id)
    version = _version(project, number)
    return render("hkh/report_version.html", project=project, version=version)


def _slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "rapport"


@bp.get("/<int:project_id>/report/versions/<int:number>.md")
@allow("hkh.view")
def report_markdown(project_id: int, number: int):
    project = _project(project_id)
    version = _version(project, number)
    filename = f"hkh-{_slug(project.title)}-versjon-{version.number}.md"
    return Response(version.markdown, mimetype="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- the action plan ------------------------------------------------------------------------------


def _review_state(review: FollowUpReview, today) -> str:
    if review.held_on is not None:
        return "held"
    return "overdue" if review.due_on < today else "due"


def _actions_context(project: HkhProject) -> dict:
    today = today_in_oslo()
    measures = outcome.measures_of(project)
    reviews = outcome.reviews_of(project)
    return {
        "project": project, "edit": can(current_user, "hkh.edit", project), "today": today,
        "summary": outcome.plan_summary(project, today), "measures": measures,
        "overdue": {m.id for m in measures if rules.is_overdue(m.status, m.deadline, today)},
        "reviews": reviews, "review_states": {r.id: _review_state(r, today) for r in reviews},
        "titles": {m.id: m.title for m in measures}, "status_labels": MEASURE_STATUS_LABELS,
        "names": _names(r.recorded_by_id for r in reviews),
    }


@bp.get("/<int:project_id>/actions")
@allow("hkh.view")
def actions(project_id: int):
    return render(ACTIONS_PAGE, **_actions_context(_project(project_id)))


def _measure_form(project: HkhProject, measure: Measure | None, saved: bool) -> MeasureForm:
    form = MeasureForm(formdata=None, obj=measure) if saved else MeasureForm()
    owners = outcome.owner_choices()
    if measure is not None and measure.owner is not None and measure.owner not in owners:
        owners.append(measure.owner)  # one who has left stays shown until someone else is chosen
    form.owner_id.choices = [(None, _("No owner yet"))] + [(u.id, u.full_name) for u in owners]
    form.finding_ids.choices = [(f.id, f.title) for f in fieldwork.findings_of(project)]
    others = db.session.execute(select(HkhProject.id, HkhProject.title).where(HkhProject.id != project.id)
                                .order_by(HkhProject.title)).all()
    form.became_project_id.choices = [(None, _("No"))] + [(i, title) for i, title in others]
    if saved:
        if measure is not None:
            form.finding_ids.data = [f.id for f in measure.findings]
            form.version.data = str(measure.version)
        else:
            form.status.data = "planned"
    return form


def _measure_input(form: MeasureForm) -> outcome.MeasureInput:
    return outcome.MeasureInput(
        title=form.title.data or "", description=form.description.data or "", owner_id=form.owner_id.data,
        partner=form.partner.data or "", deadline=form.deadline.data, status=form.status.data,
        finding_ids=list(form.finding_ids.data or []), became_project_id=form.became_project_id.data)


def _plan_url(project: HkhProject, anchor: str | None = None) -> str:
    return url_for("hkh.actions", project_id=project.id, _anchor=anchor)


@bp.route("/<int:project_id>/actions/new", methods=["GET", "POST"])
@allow("hkh.edit")
def measure_new(project_id: int):
    project = _project(project_id, "hkh.edit")
    form = _measure_form(project, None, saved=request.method == "GET")
    if form.validate_on_submit():
        try:
            measure = outcome.add_measure(project, _measure_input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The measure is added to the action plan."), "success")
            return redirect_to(_plan_url(project, f"measure-{measure.id}"))
    return render("hkh/actions_measure.html", block="form", status=form_status(form), form=form, project=project,
                  measure=None, conflict=False, mine=None)


def _measure(measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id) if is_row_id(measure_id) else None
    if measure is None:
        abort(404)
    return measure


@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@allow("hkh.edit")
def measure_edit(measure_id: int):
    measure = _measure(measure_id)
    project = _project(measure.project_id, "hkh.edit")
    form = _measure_form(project, measure, saved=request.method == "GET")
    conflict, mine = False, None
    if form.validate_on_submit():
        try:
            outcome.update_measure(measure, project, _measure_input(form), version=form.version.data,
                                   actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            conflict = True
            mine = {"title": form.title.data or "", "description": form.description.data or ""}
            measure = db.session.get(Measure, measure_id)
            form = _measure_form(project, measure, saved=True)
        else:
            flash(_("The measure is saved."), "success")
            return redirect_to(_plan_url(project, f"measure-{measure.id}"))
    status = 409 if conflict else form_status(form)
    return render("hkh/actions_measure.html", block="form", status=status, form=form, project=project,
                  measure=measure, conflict=conflict, mine=mine)


# --- follow-up reviews ----------------------------------------------------------------------------


def _review(review_id: int) -> FollowUpReview:
    review = db.session.get(FollowUpReview, review_id) if is_row_id(review_id) else None
    if review is None:
        abort(404)
    return review


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
@allow("hkh.edit")
def review_record(review_id: int):
    """Record a follow-up review: the date, a summary, and each measure's status then with a
    note. The measures take the new status. A review held already can be corrected."""
    review = _review(review_id)
    project = _project(review.project_id, "hkh.edit")
    measures = outcome.measures_of(project)
    if request.method == "GET":
        form = ReviewForm(formdata=None, obj=review)
        form.version.data = str(review.version)
        if review.held_on is None:
            form.held_on.data = today_in_oslo()
        recorded = {row["measure_id"]: row for row in review.progress or []}
        rows = {m.id: (recorded.get(m.id, {}).get("status", m.status), recorded.get(m.id, {}).get("note", ""))
                for m in measures}
    else:
        form = ReviewForm()
        rows = review_progress(request.form, measures)
        if form.validate_on_submit():
            try:
                outcome.record_review(review, project, held_on=form.held_on.data, summary=form.summary.data or "",
                                      progress=rows, version=form.version.data,
                                      seen=measure_versions(request.form), actor=current_user)
            except FieldError as error:
                db.session.rollback()
                add_field_error(form, error)
            except ConflictError:
                # Someone recorded the review or changed a measure meanwhile: show them as they
                # are now (the form's versions too), with what this writer typed kept.
                db.session.rollback()
                form.summary.errors = [*form.summary.errors, _(
                    "The review or a measure was changed by someone else in the meantime. Check the statuses and "
                    "save again.")]
                review = db.session.get(type(review), review_id)
                form.version.data = str(review.version)
                measures = outcome.measures_of(project)
            else:
                flash(_("The %(months)d-month review is recorded, and the measures have their new status.",
                        months=review.months), "success")
                return redirect_to(_plan_url(project, "reviews"))
    today = today_in_oslo()
    return render("hkh/review_form.html", block="form", status=form_status(form), form=form, project=project,
                  review=review, measures=measures, rows=rows, status_labels=MEASURE_STATUS_LABELS,
                  state=_review_state(review, today),
                  overdue={m.id for m in measures if rules.is_overdue(m.status, m.deadline, today)})
