"""Hiring a candidate, and following the new colleague's onboarding plan.

The hire form shows what hiring will create (the account and its roles, the staff profile,
the plan and its number of items) and creates it all in one transaction
(`hiring.hire`); the first password is shown once, on the answer to that POST, and never
stored or put in a redirect. The plan pages are for those who follow the plan (the new
colleague, their buddy, the leader, HR: "recruitment.onboarding"); anyone else gets 404.
"""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from outreach.auth.models import Role, User
from outreach.auth.policy import allow, get_child_or_404, get_or_404
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.people.models import Team
from outreach.people.positions import POSITIONS
from outreach.recruitment import candidates, hiring, rules
from outreach.recruitment.models import Candidate, OnboardingItem, OnboardingPlan
from outreach.recruitment.onboarding_forms import HireForm, TickForm
from outreach.recruitment.vacancies import hired_count
from outreach.recruitment.views import bp

HIRE_PAGE = "recruitment/hire_form.html"
PLAN_PAGE = "recruitment/onboarding_detail.html"
PLANS_PER_PAGE = 25


# --- hiring ---------------------------------------------------------------------------------------


def _hire_choices(form: HireForm, candidate: Candidate) -> None:
    vacancy = candidate.vacancy
    teams = db.session.scalars(select(Team).where(Team.active.is_(True)).order_by(Team.name)).all()
    form.team_id.choices = [(None, _("Choose a team"))] + [(t.id, t.name) for t in teams]
    form.buddy_id.choices = [(None, _("Choose later"))] + [
        (p.id, f"{p.name} ({', '.join(t.name for t in p.teams)})" if p.teams else p.name)
        for p in hiring.buddy_choices(vacancy.team_id)]
    form.supervisor_id.choices = [(None, _("No supervisor") if not vacancy.is_ec else _("Choose a supervisor"))] + [
        (u.id, u.full_name) for u in hiring.supervisor_choices()]
    if vacancy.is_ec:
        form.supervisor_id.flags.required = True


def _input(form: HireForm) -> hiring.HireInput:
    return hiring.HireInput(username=form.username.data or "", email=form.email.data or "",
                            start_date=form.start_date.data, team_id=form.team_id.data,
                            buddy_id=form.buddy_id.data, supervisor_id=form.supervisor_id.data)


def _what_is_created(candidate: Candidate) -> dict:
    """What the form's confirmation states hiring will create."""
    vacancy = candidate.vacancy
    position = POSITIONS[vacancy.position_key]
    items = hiring.template_items(position.role_type)
    return {
        "position": position,
        "roles": [Role(role).label for role in position.roles],
        "item_count": len(items),
        "fills_last": hired_count(vacancy) + 1 >= vacancy.positions,
    }


@bp.route("/candidates/<int:candidate_id>/hire", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def hire(candidate_id: int):
    candidate = get_or_404(Candidate, candidate_id, "recruitment.manage_candidate")
    form = HireForm()
    _hire_choices(form, candidate)
    if request.method == "GET":
        form.email.data = candidate.email
        form.team_id.data = candidate.vacancy.team_id
    conflict = False
    if form.validate_on_submit():
        try:
            user, password, plan = hiring.hire(candidate, _input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()  # nothing of the hire is kept
            if error.field not in form:  # a refusal about the candidate: shown by the start date
                error = FieldError("start_date", error.message)
            add_field_error(form, error)
        except ConflictError:
            # Someone moved the candidate or hired meanwhile: nothing is kept, the page shows what is now.
            db.session.rollback()
            conflict = True
        else:
            # Shown once, here; never stored in plain text or put in the session cookie.
            response = render("recruitment/hire_done.html", block="page", user=user, password=password, plan=plan,
                              candidate=candidate)
            if wants_fragment():
                response.headers["HX-Retarget"] = "#hire-page"
                response.headers["HX-Reswap"] = "outerHTML show:top"
            return response
    candidate = db.session.get(Candidate, candidate_id)
    candidates.log_reads([candidate], current_user, "hire form")
    hireable = candidate.stage == rules.OFFER and not candidate.vacancy.is_closed
    return render(HIRE_PAGE, block="form", form=form, candidate=candidate, vacancy=candidate.vacancy,
                  hireable=hireable, created=_what_is_created(candidate), conflict=conflict,
                  status=409 if conflict else form_status(form))


# --- the plans ------------------------------------------------------------------------------------


def _progress(plan_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """{plan id: (done, items, overdue)} in one query."""
    if not plan_ids:
        return {}
    today = today_in_oslo()
    rows = db.session.execute(
        select(OnboardingItem.plan_id, func.count(OnboardingItem.done_at), func.count(),
               func.count().filter(OnboardingItem.done_at.is_(None), OnboardingItem.due_date < today))
        .where(OnboardingItem.plan_id.in_(plan_ids)).group_by(OnboardingItem.plan_id))
    return {plan_id: (done, total, overdue) for plan_id, done, total, overdue in rows}


@bp.get("/onboarding/")
@allow("recruitment.onboarding")
def onboarding_list():
    """The plans the user follows (all of them for HR), the latest start first."""
    page = db.paginate(hiring.plans_followed_query(current_user), page=page_number(), per_page=PLANS_PER_PAGE,
                       error_out=False)
    return render("recruitment/onboarding_list.html", page=page, progress=_progress([p.id for p in page.items]),
                  today=today_in_oslo())


def _plan_context(plan: OnboardingPlan, **extra) -> dict:
    done_by_ids = {item.done_by_id for item in plan.items if item.done_by_id}
    done_by = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(done_by_ids)))} \
        if done_by_ids else {}
    open_items = [item for item in plan.items if item.done_at is None]
    today = today_in_oslo()
    return {"plan": plan, "items": plan.items, "done_by": done_by, "today": today,
            "done": len(plan.items) - len(open_items),
            "overdue": sum(1 for item in open_items if item.due_date < today),
            "own": plan.staff.user_id == current_user.id, "tick_form": TickForm(formdata=None),
            "changed": None, **extra}


@bp.get("/onboarding/<int:plan_id>")
@allow("recruitment.onboarding")
def onboarding_detail(plan_id: int):
    plan = get_or_404(OnboardingPlan, plan_id, "recruitment.onboarding")
    return render(PLAN_PAGE, **_plan_context(plan))


@bp.post("/onboarding/<int:plan_id>/items/<int:item_id>")
@allow("recruitment.onboarding")
def onboarding_tick(plan_id: int, item_id: int):
    """Mark an item done or not done: the list again for htmx, the page for a plain form."""
    plan = get_or_404(OnboardingPlan, plan_id, "recruitment.onboarding")
    item = get_child_or_404(OnboardingItem, item_id, "recruitment.onboarding", lambda item: item.plan_id == plan.id)
    form = TickForm()
    if not form.validate_on_submit() or form.done.data not in ("0", "1"):
        abort(400)
    hiring.set_done(item, form.done.data == "1", actor=current_user)
    if wants_fragment():
        plan = db.session.get(OnboardingPlan, plan_id)
        return render(PLAN_PAGE, block="items", **_plan_context(plan, changed=item))
    flash(_("Marked done: %(item)s", item=item.title) if item.done_at else
          _("Marked not done: %(item)s", item=item.title), "success")
    return redirect_to(url_for("recruitment.onboarding_detail", plan_id=plan.id, _anchor=f"item-{item.id}"))
