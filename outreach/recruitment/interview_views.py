"""Interviews: planning one for a candidate, the interview page with a panel member's own
ratings, the consolidated view of the panel's ratings, and the sheet to print.

Independence is the point: a panel member who has not submitted sees nobody else's ratings
or notes, on no page and in no fragment. The page decides with the policy, once per request:
"recruitment.rate" gives the member's own form (and only their own answers are read), and
"recruitment.see_ratings" gives the consolidated view (only then are the others' read).
Routes carry a None-tolerant rule; the one about the interview is asked when it is loaded
(`get_or_404`, which logs a refusal and answers 404).
"""

from datetime import time, timedelta

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.audit.services import record_denied
from outreach.auth.policy import allow, can, get_or_404
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import OSLO, today_in_oslo
from outreach.extensions import db
from outreach.people.positions import POSITIONS
from outreach.recruitment import candidates, guides, interviews
from outreach.recruitment.interview_forms import InterviewForm, RatingForm, read_answers, saved_answers
from outreach.recruitment.models import RECOMMENDATION_LABELS, Candidate, Interview
from outreach.recruitment.views import bp

INTERVIEW_PAGE = "recruitment/interview_detail.html"
GUIDE_KINDS = ("ec", "peer", "professional")


def _interview(interview_id: int, rule: str = "recruitment.view_interview") -> Interview:
    return get_or_404(Interview, interview_id, rule)


def _refuse(action: str, obj):
    record_denied(action, obj)
    abort(404)


def _detail_url(interview: Interview, anchor: str | None = None) -> str:
    return url_for("recruitment.interview_detail", interview_id=interview.id, _anchor=anchor)


def _candidate_url(candidate: Candidate) -> str:
    return url_for("recruitment.candidate_detail", candidate_id=candidate.id)


def _position_kind(vacancy) -> str | None:
    """Which guides suit the vacancy: those for its position's kind (ec, peer, professional)."""
    position = POSITIONS.get(vacancy.position_key)
    return position.role_type if position is not None and position.role_type in GUIDE_KINDS else None


def _ec_warning() -> str:
    return _("Warning: the panel has no experience consultant. For an EC position the panel should include one.")


# --- planning -------------------------------------------------------------------------------


def _fill_choices(form: InterviewForm, candidate: Candidate, interview: Interview | None) -> None:
    versions = guides.published_versions(_position_kind(candidate.vacancy))
    if interview is not None and interview.guide_version not in versions:
        versions.insert(0, interview.guide_version)  # an older version it was planned with
    form.guide_version_id.choices = [
        (v.id, _("%(name)s (version %(n)d)", name=v.guide.name, n=v.number)) for v in versions]
    choices = []
    for user, inside in interviews.panel_choices(candidate.vacancy):
        label = user.full_name
        if getattr(user.profile, "role_type", "") == "ec":
            label = _("%(name)s, experience consultant", name=label)
        if inside:
            label = _("%(label)s (in this hiring)", label=label)
        choices.append((user.id, label))
    form.panel_ids.choices = choices


def _input(form: InterviewForm) -> interviews.InterviewInput:
    return interviews.InterviewInput(
        guide_version_id=form.guide_version_id.data, day=form.day.data, start=form.start.data,
        duration_minutes=form.duration_minutes.data, place=form.place.data or "",
        panel_ids=list(form.panel_ids.data or []),
    )


def _planned(interview: Interview, message: str):
    flash(message, "success")
    if interviews.panel_lacks_ec(interview, interview.candidate.vacancy.is_ec):
        flash(_ec_warning(), "error")
    return redirect_to(_detail_url(interview))


@bp.route("/candidates/<int:candidate_id>/interviews/new", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def interview_new(candidate_id: int):
    """Plan an interview: a published guide version, the time and place, and the panel."""
    candidate = get_or_404(Candidate, candidate_id, "recruitment.manage_candidate")
    form = InterviewForm()
    _fill_choices(form, candidate, None)
    if request.method == "GET":
        form.day.data = today_in_oslo() + timedelta(days=7)
        form.start.data = time(10)
        form.guide_version_id.data = form.guide_version_id.choices[0][0] if form.guide_version_id.choices else None
        form.panel_ids.data = sorted(candidate.vacancy.panel_ids)
        candidates.log_reads([candidate], current_user, "interview form")
    if form.validate_on_submit():
        try:
            interview = interviews.plan_interview(candidate, _input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            return _planned(interview, _("The interview is planned."))
    return render("recruitment/interview_form.html", block="form", form=form, candidate=candidate, interview=None,
                  candidate_url=_candidate_url(candidate), lacks_ec=False, status=form_status(form))


def _edit_form(interview: Interview, *, saved: bool) -> InterviewForm:
    form = InterviewForm(formdata=None) if saved else InterviewForm()
    _fill_choices(form, interview.candidate, interview)
    if saved:
        local = interview.starts_at.astimezone(OSLO)
        form.day.data, form.start.data = local.date(), local.time().replace(tzinfo=None)
        form.guide_version_id.data = interview.guide_version_id
        form.duration_minutes.data = interview.duration_minutes
        form.place.data = interview.place
        form.panel_ids.data = sorted(interview.panel_ids)
        form.version.data = str(interview.version)
    return form


@bp.route("/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def interview_edit(interview_id: int):
    interview = _interview(interview_id)
    if not can(current_user, "recruitment.manage_candidate", interview.candidate):
        _refuse("recruitment.manage_candidate", interview.candidate)
    form = _edit_form(interview, saved=request.method == "GET")
    status, conflict = 200, False
    if form.validate_on_submit():
        try:
            interviews.update_interview(interview, _input(form), version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            # Someone saved the interview meanwhile: show what is saved now.
            db.session.rollback()
            status, conflict = 409, True
            interview = db.session.get(Interview, interview_id)
            form = _edit_form(interview, saved=True)
        else:
            return _planned(interview, _("The interview is saved."))
    return render("recruitment/interview_form.html", block="form", form=form, candidate=interview.candidate,
                  interview=interview, candidate_url=_candidate_url(interview.candidate), conflict=conflict,
                  lacks_ec=interviews.panel_lacks_ec(interview, interview.candidate.vacancy.is_ec),
                  status=status if conflict else form_status(form))


# --- the interview page ---------------------------------------------------------------------


def _shows_lived_experience(consolidated: interviews.Consolidated) -> bool:
    return any(spread.question.lived_experience and any(a is not None and a.notes for _p, a in spread.answers)
               for spread in consolidated.questions)


def _context(interview: Interview, *, rating_block: bool = False) -> dict:
    """What the interview page (or only its rating block) shows the current user."""
    user = current_user
    candidate = interview.candidate
    panelist = interview.panelist(user)
    ctx = {"interview": interview, "candidate": candidate, "version": interview.guide_version,
           "guide": interview.guide_version.guide, "panelist": panelist,
           "manage": can(user, "recruitment.manage_candidate", candidate),
           "rate": can(user, "recruitment.rate", interview), "see": False,
           "lacks_ec": interviews.panel_lacks_ec(interview, candidate.vacancy.is_ec),
           "candidate_url": _candidate_url(candidate), "labels": RECOMMENDATION_LABELS, "errors": {}}
    if ctx["rate"]:
        ctx["rating_form"] = RatingForm(formdata=None, data={
            "recommendation": panelist.recommendation, "notes": panelist.notes})
        ctx["answers"] = saved_answers(interviews.own_answers(interview, user))
    if not rating_block:
        ctx["see"] = can(user, "recruitment.see_ratings", interview)
        if ctx["see"]:
            ctx["consolidated"] = interviews.consolidated(interview)
    return ctx


def _shown(template: str, ctx: dict, *, block: str | None = None, status: int = 200, whole_page: bool = True):
    """Render, then log what was shown: the ratings, or else the candidate on the page. (After
    rendering, since logging commits and would expire what the template still reads.)"""
    response = render(template, block=block, status=status, **ctx)
    interview = ctx["interview"]
    if "consolidated" in ctx:
        interviews.log_ratings_read(interview, current_user,
                                    lived_experience=_shows_lived_experience(ctx["consolidated"]))
    elif whole_page:
        candidates.log_reads([interview.candidate], current_user, "interview page")
    return response


@bp.get("/interviews/<int:interview_id>")
@allow("recruitment.view_interview")
def interview_detail(interview_id: int):
    """The facts for everyone in the hiring; a panel member's own rating form until they
    submit; the panel's ratings side by side for those who may see them."""
    interview = _interview(interview_id)
    return _shown(INTERVIEW_PAGE, _context(interview))


def _render_rating(interview: Interview, *, status: int = 200, **extra):
    """The rating block (htmx) or the whole page (a plain form), with `extra` overriding: the
    form as typed and its errors, the confirmation step, a message."""
    fragment = wants_fragment()
    ctx = _context(interview, rating_block=fragment)
    ctx.update(extra)
    return _shown(INTERVIEW_PAGE, ctx, block="rating", status=status, whole_page=not fragment)


@bp.post("/interviews/<int:interview_id>/ratings")
@allow("recruitment.rate")
def interview_rate(interview_id: int):
    """Save the member's own ratings as a draft, ask before submitting, or submit (freeze)."""
    interview = _interview(interview_id)
    panelist = interview.panelist(current_user)
    if panelist is None:
        _refuse("recruitment.rate", interview)
    if panelist.submitted_at is not None:
        flash(_("You have submitted your ratings: they can no longer be changed."), "error")
        return redirect_to(_detail_url(interview))
    form = RatingForm()
    answers, shown, errors = read_answers(request.form)
    action = request.form.get("action", "save")
    typed = {"rating_form": form, "answers": shown}
    if not form.validate_on_submit() or errors:
        if 0 in errors:
            add_field_error(form, FieldError("recommendation", errors.pop(0)))
        return _render_rating(interview, status=422, errors=errors, **typed)
    if action == "submit":
        # Nothing is saved yet: the same form again, as typed, asks for a confirmation.
        return _render_rating(interview, confirming=True, **typed)
    submit = action == "confirm"
    try:
        interviews.save_ratings(interview, current_user, answers, recommendation=form.recommendation.data,
                                notes=form.notes.data or "", submit=submit, actor=current_user)
    except interviews.RatingErrors as found:
        db.session.rollback()
        return _render_rating(interview, status=422, errors=found.errors, **typed)
    except FieldError as error:
        db.session.rollback()
        add_field_error(form, error)
        return _render_rating(interview, status=422, errors={}, **typed)
    except ConflictError:
        # The same member saved from another window meanwhile: show what is saved now.
        db.session.rollback()
        interview = db.session.get(Interview, interview_id)
        return _render_rating(interview, status=409, conflict=True)
    if submit:
        flash(_("Your ratings are submitted. You now see the panel's ratings."), "success")
        return redirect_to(_detail_url(interview))
    if not wants_fragment():
        flash(_("Your draft is saved. Nobody else sees it until you submit."), "success")
        return redirect_to(_detail_url(interview, "rating"))
    return _render_rating(interview, saved=True)


@bp.get("/interviews/<int:interview_id>/consolidated")
@allow("recruitment.view_interview")
def interview_consolidated(interview_id: int):
    """The panel's submitted ratings side by side: 404 for a member who has not submitted."""
    interview = _interview(interview_id, "recruitment.see_ratings")
    return _shown("recruitment/interview_consolidated.html", {
        "interview": interview, "candidate": interview.candidate, "version": interview.guide_version,
        "guide": interview.guide_version.guide, "consolidated": interviews.consolidated(interview),
        "labels": RECOMMENDATION_LABELS})


@bp.get("/interviews/<int:interview_id>/sheet")
@allow("recruitment.view_interview")
def interview_sheet(interview_id: int):
    """The guide version with the candidate's name and the time, to print and write on by
    hand. Never anyone's ratings."""
    interview = _interview(interview_id)
    response = render("recruitment/interview_sheet.html", interview=interview, version=interview.guide_version,
                      guide=interview.guide_version.guide, recommendations=list(RECOMMENDATION_LABELS.values()))
    candidates.log_reads([interview.candidate], current_user, "interview sheet")
    return response
