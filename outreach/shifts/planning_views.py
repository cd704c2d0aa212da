"""Planning the period with the solver, suggesting a partner for an EC or peer, and locking
assignments so that the planner keeps them. Registered on the roster's blueprint."""

from datetime import date, timedelta

from flask import abort, current_app, flash, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField
from wtforms.validators import AnyOf, DataRequired

from outreach.auth.policy import allow, get_or_404
from outreach.core.database import optional_id
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status, id_arg
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import OSLO, in_calendar, parse_day, utcnow
from outreach.people.models import StaffProfile, Team
from outreach.shifts import planning
from outreach.shifts.models import Shift
from outreach.shifts.views import bp

PAIR_CHOICES = [
    ("keep", _l("Keep the same pairs where possible")),
    ("rotate", _l("Rotate the pairs")),
    ("off", _l("No preference")),
]


class PlanForm(FlaskForm):
    first = DateField(_l("From"), validators=[DataRequired(message=_l("Give a date."))])
    last = DateField(_l("To"), validators=[DataRequired(message=_l("Give a date."))])
    pairs = SelectField(_l("ECs and peers with professionals"), choices=PAIR_CHOICES, default="keep")


class LockForm(FlaskForm):
    staff_id = HiddenField(validators=[DataRequired()])
    locked = HiddenField(validators=[AnyOf(["0", "1"])])


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _default_period() -> tuple[date, date]:
    """The grid's period (?start=&weeks=), or this week and the next three."""
    start = _monday(parse_day(request.args.get("start")) or utcnow().astimezone(OSLO).date())
    weeks = 1 if request.args.get("weeks") == "1" else 4
    return start, start + timedelta(days=7 * weeks - 1)


def _time_limit() -> float:
    return float(current_app.config.get("PLANNER_TIME_LIMIT", planning.DEFAULT_TIME_LIMIT))


def _grid_url(team: Team, first: date, last: date) -> str:
    weeks = 1 if (last - first).days < 7 and _monday(first) == _monday(last) else 4
    return url_for("shifts.roster", team_id=team.id, start=_monday(first).isoformat(), weeks=weeks)


def _flash_outcome(outcome: planning.PlanOutcome) -> None:
    result = outcome.result
    if result is None:
        flash(_("There are no draft shifts in the period: nothing to plan."), "info")
        return
    if not outcome.applied:
        locale = str(get_locale() or "nb")
        flash(_("No roster was made. %(why)s", why=outcome.explanation(locale)), "error")
        return
    objective = "–" if result.objective is None else f"{result.objective:g}"
    flash(_("The planner made %(added)d assignments and took away %(removed)d; %(locked)d locked ones were "
            "kept. Score %(objective)s (lower is better).", added=outcome.added, removed=outcome.removed,
            locked=outcome.kept_locked, objective=objective), "success")
    if outcome.blocking:
        flash(_("%(n)d problems that block publishing remain: see the rule check below the grid.",
                n=outcome.blocking), "error")
    elif outcome.warnings:
        flash(_("%(n)d warnings remain: see the rule check below the grid.", n=outcome.warnings), "info")
    else:
        flash(_("The roster breaks no rules."), "info")


@bp.route("/teams/<int:team_id>/roster/plan", methods=["GET", "POST"])
@allow("roster.plan")
def plan_period(team_id: int):
    """Fill the period's draft shifts with the planner: the form, what it will do, and running it."""
    team = get_or_404(Team, team_id, "roster.plan")
    first, last = _default_period()
    form = PlanForm(first=first, last=last)
    if form.validate_on_submit():
        try:
            planning.validate_period(form.first.data, form.last.data)
            outcome = planning.plan_period(team, form.first.data, form.last.data, actor=current_user,
                                           time_limit=_time_limit(), pairs=form.pairs.data)
        except FieldError as error:
            add_field_error(form, error)
        except ConflictError:
            flash(_("Someone else changed the roster while the planner worked. Nothing was saved; "
                    "plan again."), "error")
            return redirect_to(_grid_url(team, form.first.data, form.last.data))
        else:
            _flash_outcome(outcome)
            return redirect_to(_grid_url(team, form.first.data, form.last.data))
    # What planning will do: for the dates in the form (or the grid's period).
    shown_first, shown_last = first, last
    if request.method == "GET":
        shown_first = parse_day(request.args.get("first")) or first
        shown_last = parse_day(request.args.get("last")) or last
        form.first.data, form.last.data = shown_first, shown_last
    elif form.first.data and form.last.data and in_calendar(form.first.data) and in_calendar(form.last.data):
        shown_first, shown_last = form.first.data, form.last.data  # else the grid's period: a day refused
    preview = planning.preview(team, shown_first, shown_last) if shown_last >= shown_first else None
    return render("shifts/planning/plan.html", block="summary" if request.method == "GET" else None,
                  team=team, form=form, preview=preview, time_limit=_time_limit(),
                  too_long=(shown_last - shown_first).days + 1 > planning.MAX_PERIOD_DAYS,
                  status=form_status(form))


@bp.get("/shifts/<int:shift_id>/partners")
@allow("roster.plan")
def partners(shift_id: int):
    """The professionals who could join an EC or peer on the shift, best first, with why."""
    shift = get_or_404(Shift, shift_id, "roster.plan_shift")
    staff_id = id_arg("staff")
    if staff_id is None:
        abort(404)
    staff = get_or_404(StaffProfile, staff_id, "people.view")
    if staff.role_type not in ("ec", "peer"):
        abort(404)
    found = planning.partner_suggestions(shift, staff)
    day = shift.starts_at.astimezone(OSLO).date()
    return render("shifts/planning/partners.html", block="partners", shift=shift, team=shift.team, staff=staff,
                  found=found, day=day, start=_monday(day), locale=str(get_locale() or "nb"))


@bp.post("/shifts/<int:shift_id>/lock")
@allow("roster.plan")
def lock_assignment(shift_id: int):
    """Lock an assignment, so that the planner keeps it, or unlock it."""
    shift = get_or_404(Shift, shift_id, "roster.plan_shift")
    form = LockForm()
    staff_id = optional_id(form.staff_id.data)
    if not form.validate_on_submit() or staff_id is None:
        abort(400)
    staff = get_or_404(StaffProfile, staff_id, "people.view")
    day = shift.starts_at.astimezone(OSLO).date()
    back = url_for("shifts.day_view", team_id=shift.team_id, day=day.isoformat())
    try:
        assignment = planning.set_locked(shift, staff, form.locked.data == "1", actor=current_user)
    except LookupError:
        abort(404)
    except FieldError as error:
        if wants_fragment():
            return render("shifts/planning/_lock.html", status=409, shift=shift, assignment=None, error=error.message)
        flash(error.message, "error")
        return redirect_to(back)
    if wants_fragment():
        return render("shifts/planning/_lock.html", shift=shift, assignment=assignment)
    if assignment.locked:
        flash(_("%(name)s is locked on the shift: the planner keeps it.", name=staff.name), "success")
    else:
        flash(_("%(name)s is no longer locked on the shift: the planner may change it.", name=staff.name), "success")
    return redirect_to(back)
