"""The roster: week and four-week grids, the day view, shifts, assigning and publishing."""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape

from outreach.auth.policy import SIGNED_IN, allow, can, get_or_404
from outreach.core.database import optional_id
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import OSLO, parse_day, utcnow
from outreach.extensions import db
from outreach.people.models import Area, StaffProfile, Team, role_type_label
from outreach.shifts import limits, services
from outreach.shifts.forms import AssignForm, OverrideForm, ShiftForm, UnassignForm
from outreach.shifts.models import RULE_LABELS, Shift, kind_label, kind_short

bp = Blueprint("shifts", __name__)
bp.add_app_template_global(timedelta, "timedelta")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _period_args() -> tuple[date, int]:
    """The grid's first day (a Monday) and number of weeks (1 or 4), from the query string."""
    start = parse_day(request.values.get("start")) or utcnow().astimezone(OSLO).date()
    weeks = 4 if request.values.get("weeks") == "4" else 1
    return _monday(start), weeks


@lru_cache(maxsize=16)
def _holidays_of(year: int) -> dict[date, str]:
    """Norway's public holidays in a year, by name: worked out once per year (each grid asked
    the holidays library anew, a third of a millisecond)."""
    return dict(holidays.country_holidays("NO", years=year, language="no"))


def _holidays(first: date, last: date) -> dict[date, str]:
    return {day: name for year in range(first.year, last.year + 1) for day, name in _holidays_of(year).items()
            if first <= day <= last}


def _html(value) -> str:
    """A text escaped for HTML, as a plain string: see _grid_rows."""
    return str(escape(value))


def _grid_rows(team: Team, view, shifts: list, days: list[date], *, planner: bool, start: date,
               weeks: int, badges: dict, absent: dict, offered: dict, holiday_names: dict) -> list[tuple]:
    """Each person's row of the grid: (person, role label, cells), a cell per day as a flat tuple
    (class, absence, offered times, shifts, badge, "+" link, its label) that the template
    only writes out. Everything a cell says is made here, once: 20-40 people × 28 days of
    cells made the template's per-cell lookups, URLs, translations and formatting the bulk
    of the page's time. `shifts` and `view.staff` are plain rows (load_roster, objects=False).

    The cells' texts are HTML, escaped here (`_html`), each once (a shift's description once,
    not on each of its people's cells; a name once per row): the template writes the cells
    out as they are, inside `{% autoescape false %}`, where escaping each of the four-week
    grid's 4 500 values made a `Markup` of each and took a third of its template's time.
    Whatever is added to a cell must be escaped here; digits, times and the fixed class names
    need not be. `tests/shifts/test_roster_pages.py` puts markup in every text a cell shows."""
    locale = str(get_locale())
    draft_word = _("draft")
    # Translated once per kind, not per shift (each translation looks up the request's locale).
    kinds = {kind: (kind_label(kind), kind_short(kind)) for kind in {s.kind for s in shifts}}
    # (kind, draft, described, letter, times, version) per shift, formatted and escaped once.
    info = {}
    for s in shifts:
        draft = s.status != "published"
        info[s.id] = (_html(s.kind), draft,
                      _html(kinds[s.kind][0] + (f": {s.title}" if s.title else "")
                            + (f" ({draft_word})" if draft else "")),
                      _html(kinds[s.kind][1]),
                      f"{s.starts_at.astimezone(OSLO):%H:%M}–{s.ends_at.astimezone(OSLO):%H:%M}", s.version)
    people_on: dict[int, list[int]] = {}
    for a in view.roster.assignments:  # the period's and those around it, which are not shown
        if a.shift_id in info:
            people_on.setdefault(a.shift_id, []).append(a.person_id)
    by_cell: dict[tuple[int, date], list[int]] = {}  # shift ids in time order
    for shift in shifts:
        day = shift.starts_at.astimezone(OSLO).date()
        for person_id in people_on.get(shift.id, ()):
            by_cell.setdefault((person_id, day), []).append(shift.id)
    badge_labels = {n: _html(ngettext("%(num)d rule problem", "%(num)d rule problems", n))
                    for n in {len(found) for found in badges.values()}}
    badge_of = {
        key: ("badge-block" if any(v.blocks for v in found) else "badge-warn",
              _html("".join(f"{v.text(locale)} " for v in found)), badge_labels[len(found)])
        for key, found in badges.items()
    }
    absence_labels = {label: _html(label) for label in set(absent.values())}
    # As the shifts' times (info): Babel's format_time asks the request for its locale and zone
    # each time, 20 µs a time, and a peer's offered times are on many cells.
    offered_times = {key: [f"{a.astimezone(OSLO):%H:%M}–{b.astimezone(OSLO):%H:%M}" for a, b in spans]
                     for key, spans in offered.items()}
    period_query = _html(f"&start={start.isoformat()}&weeks={weeks}")
    # (day, the "+" link's end, the day as the labels write it, class) per column.
    columns = [(day, f"{day.isoformat()}{period_query}", f"{day.day}.{day.month}.",
                "holiday" if day in holiday_names else "") for day in days]
    # The days on which a person's cell holds anything: most cells hold only the "+".
    marked: dict[int, set[date]] = {}
    for person_id, day in {*absent, *badge_of, *by_cell, *offered_times}:
        marked.setdefault(person_id, set()).add(day)
    cell_url = url_for("shifts.cell_form", team_id=team.id)
    # The row's texts, translated once and split around the name and the day or shift each cell
    # puts in (the name goes in after the split: it may hold anything).
    put = [[_html(piece) for piece in part.split("{name}")] for part in
           _("Put %(name)s on a shift %(day)s", name="{name}", day="{day}").partition("{day}")[::2]]
    off = [[_html(piece) for piece in part.split("{name}")] for part in
           _("Take %(name)s off the shift %(shift)s", name="{name}", shift="{shift}").partition("{shift}")[::2]]
    role_labels = {kind: role_type_label(kind) for kind in {p.role_type for p in view.staff}}
    rows = []
    for person in view.staff:
        pid = person.id
        if planner:
            name = _html(person.name)
            put_before, put_after = (name.join(part) for part in put)
            off_before, off_after = (name.join(part) for part in off)
            add_prefix = _html(f"{cell_url}?staff={pid}&day=")
        cells = []
        busy = marked.get(pid, ())
        for day, link_end, short, css in columns:
            if day not in busy:
                cells.append((css, "", (), (), None, f"{add_prefix}{link_end}", f"{put_before}{short}{put_after}")
                             if planner else (css, "", (), (), None, None, None))
                continue
            key = (pid, day)
            away = absent.get(key)
            badge = badge_of.get(key)
            if badge:
                css += " has-problem"
            if away:
                css += " absent"
                away = absence_labels[away]
            on = by_cell.get(key, ())
            if planner:  # with what its "×" (take the person off) sends, and its label
                entries = [(*info[i][:5], f"{i}:{pid}:{info[i][5]}", f"{off_before}{short} {info[i][4]}{off_after}")
                           for i in on]
                cells.append((css, away, offered_times.get(key, ()), entries, badge,
                              f"{add_prefix}{link_end}", f"{put_before}{short}{put_after}"))
            else:
                cells.append((css, away, (), [(*info[i][:5], None, None) for i in on], badge, None, None))
        rows.append((person, role_labels[person.role_type], cells))
    return rows


def _day_headers(team: Team, days: list[date], holiday_names: dict, today: date) -> list[tuple]:
    """The grid's column heads: (label, day view URL, class, holiday name) per day. Each weekday's
    name is formatted once and the URL made once, not per day: 28 of each were a millisecond."""
    weekday = {day.weekday(): format_date(day, "EEE") for day in days[:7]}
    sample = days[0].isoformat()
    url = url_for("shifts.day_view", team_id=team.id, day=sample)
    return [(f"{weekday[day.weekday()]} {day.day}.{day.month}.", url.replace(sample, day.isoformat()),
             ("holiday" if day in holiday_names else "") + (" today" if day == today else ""),
             holiday_names.get(day))
            for day in days]


def _violation_list(view) -> list[tuple]:
    """The rule check's list under the grid: (blocks, the rule's name, the text, the key, the
    set-aside if any) per violation. Each rule's name is translated once, not per violation."""
    locale = str(get_locale())
    labels = {rule: str(RULE_LABELS[rule]) for rule in {v.rule for v in view.violations} & RULE_LABELS.keys()}
    return [(v.blocks, labels.get(v.rule, v.rule), v.text(locale), v.key, view.overridden.get(v.key))
            for v in view.violations]


def _grid_context(team: Team, start: date, weeks: int, **extra) -> dict:
    last = start + timedelta(days=7 * weeks - 1)
    planner = can(current_user, "roster.plan", team)
    # Only planners are shown what the rules say: for anyone else the check is not run. Plain
    # rows, not objects: the grid only writes out what they hold.
    view = services.load_roster(team, start, last, check=planner, objects=False)
    shifts = view.shifts if planner else [s for s in view.shifts if s.status == "published"]
    badges: dict[tuple[int, date], list] = {}
    shift_day = {s.id: s.starts_at.astimezone(OSLO).date() for s in view.shifts}
    if planner:
        # Period-wide problems (hours against the position) belong in the list, not on every cell.
        for violation in view.violations:
            if violation.rule in services.PERIOD_RULES:
                continue
            for person_id in violation.person_ids:
                for shift_id in violation.shift_ids:
                    if shift_id in shift_day:
                        badges.setdefault((person_id, shift_day[shift_id]), []).append(violation)
    # Absence and peers' offered times per (person, day): from what load_roster read, no query.
    viewer = current_user.profile.id if current_user.profile else None
    days = [start + timedelta(days=i) for i in range(7 * weeks)]
    absent, offered = limits.grid_marks(view, days, planner=planner, viewer_id=viewer)
    holiday_names = _holidays(start, last)
    today = utcnow().astimezone(OSLO).date()
    return {
        "team": team, "view": view, "days": days, "start": start, "weeks": weeks, "last": last,
        "planner": planner,
        "rows": _grid_rows(team, view, shifts, days, planner=planner, start=start, weeks=weeks, badges=badges,
                           absent=absent, offered=offered, holiday_names=holiday_names),
        "day_headers": _day_headers(team, days, holiday_names, today),
        "violation_list": _violation_list(view),
        **extra,
    }


@bp.get("/roster/")
@allow(SIGNED_IN)
def my_roster():
    """To the roster of my first team, or the team list if I have none."""
    profile = current_user.profile
    if profile is None or not profile.teams:
        return redirect(url_for("people.team_list"))
    return redirect(url_for("shifts.roster", team_id=profile.teams[0].id))


@bp.get("/teams/<int:team_id>/roster")
@allow(SIGNED_IN)
def roster(team_id: int):
    team = get_or_404(Team, team_id, "roster.view")
    start, weeks = _period_args()
    return render("shifts/roster.html", block="grid", **_grid_context(team, start, weeks))


@bp.get("/teams/<int:team_id>/roster/cell")
@allow("roster.plan")
def cell_form(team_id: int):
    """The form to put a person on one of the day's shifts (swapped into the grid cell)."""
    team = get_or_404(Team, team_id, "roster.plan")
    staff = get_or_404(StaffProfile, request.args.get("staff", type=int), "people.view")
    day = parse_day(request.args.get("day"))
    if day is None:
        abort(404)
    start, weeks = _period_args()
    first, last = services.day_bounds(day, day)
    shifts = db.session.scalars(
        db.select(Shift).where(Shift.team_id == team.id, Shift.starts_at >= first, Shift.starts_at < last)
        .order_by(Shift.starts_at)
    ).all()
    form = AssignForm(staff_id=staff.id)
    form.shift.choices = [
        (f"{s.id}:{s.version}", f"{s.starts_at.astimezone(OSLO):%H:%M}–{s.ends_at.astimezone(OSLO):%H:%M} "
                                f"{s.kind_label} {s.title}".strip())
        for s in shifts if all(a.staff_id != staff.id for a in s.assignments)
    ]
    return render("shifts/cell_form.html", block="cell_form", team=team, staff=staff, day=day, form=form,
                  start=start, weeks=weeks)


def _grid_response(team: Team, start: date, weeks: int, status: int = 200, **extra):
    return render("shifts/roster.html", block="grid", status=status, **_grid_context(team, start, weeks, **extra))


def _changed(team: Team, start: date, weeks: int, message: str | None = None):
    """After a change in the grid: htmx gets the grid again, a plain form a redirect to it."""
    if wants_fragment():
        return _grid_response(team, start, weeks)
    if message:
        flash(message, "success")
    return redirect_to(url_for("shifts.roster", team_id=team.id, start=start.isoformat(), weeks=weeks))


def _parse_shift_choice(value: str) -> tuple[int, str]:
    shift_id, _, version = (value or "").partition(":")
    number = optional_id(shift_id)
    if number is None or not version.isdecimal():
        abort(400)
    return number, version


def _team_shift(team: Team, shift_id: int) -> Shift:
    """A shift the form names, of the team in the URL (a leader of two teams may plan both)."""
    return get_or_404(Shift, shift_id, "roster.plan_shift", under=lambda shift: shift.team_id == team.id)


@bp.post("/teams/<int:team_id>/roster/assign")
@allow("roster.plan")
def assign(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    start, weeks = _period_args()
    form = AssignForm()
    form.shift.choices = [(request.form.get("shift", ""), "")]
    if not form.validate_on_submit():
        return _grid_response(team, start, weeks, 422, error=_("Choose a shift."))
    shift_id, version = _parse_shift_choice(form.shift.data)
    shift = _team_shift(team, shift_id)
    staff_id = optional_id(form.staff_id.data)
    if staff_id is None:
        abort(400)
    staff = get_or_404(StaffProfile, staff_id, "people.view")
    try:
        services.assign(shift, staff, version=version, actor=current_user, reason=form.reason.data or "")
    except services.RuleBlocked as blocked:
        return _grid_response(team, start, weeks, 422, error=_("Not saved: this breaks a rule."),
                              refused=blocked.violations)
    except services.NeedsReason as warned:
        day = shift.starts_at.astimezone(OSLO).date()
        response = render("shifts/cell_form.html", block="reason_form", status=422, team=team, staff=staff,
                          day=day, shift=shift, version=version, warnings=warned.violations, start=start,
                          weeks=weeks, form=form)
        # The question goes where the leader is working: into the grid cell, not over the grid.
        response.headers["HX-Retarget"] = f"#cellform-{staff.id}-{day.isoformat()}"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    except ConflictError:
        return _grid_response(team, start, weeks, 409, conflict=True)
    return _changed(team, start, weeks, _("%(name)s is on the shift.", name=staff.name))


@bp.post("/teams/<int:team_id>/roster/unassign")
@allow("roster.plan")
def unassign(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    start, weeks = _period_args()
    form = UnassignForm()
    if not form.validate_on_submit():
        abort(400)
    shift_id, staff_id, version = form.parts()
    shift = _team_shift(team, shift_id)
    staff = get_or_404(StaffProfile, staff_id, "people.view")
    try:
        services.unassign(shift, staff, version=version, actor=current_user)
    except ConflictError:
        return _grid_response(team, start, weeks, 409, conflict=True)
    return _changed(team, start, weeks, _("%(name)s is off the shift.", name=staff.name))


@bp.post("/teams/<int:team_id>/roster/override")
@allow("roster.plan")
def override(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    start, weeks = _period_args()
    form = OverrideForm()
    context_violations = services.load_roster(team, start, start + timedelta(days=7 * weeks - 1),
                                                objects=False).violations
    violation = next((v for v in context_violations if v.key == form.key.data), None)
    if violation is None:
        return _grid_response(team, start, weeks, 409, conflict=True)
    if not form.validate_on_submit():
        return _grid_response(team, start, weeks, 422, error=_("Say why the warning can be set aside."))
    try:
        services.override(team, violation, form.reason.data, actor=current_user)
    except FieldError as error:
        return _grid_response(team, start, weeks, 422, error=error.message)
    return _changed(team, start, weeks)


# --- the day view and single shifts -------------------------------------------------------------------


@bp.get("/teams/<int:team_id>/roster/day/<day>")
@allow(SIGNED_IN)
def day_view(team_id: int, day: str):
    team = get_or_404(Team, team_id, "roster.view")
    the_day = parse_day(day)
    if the_day is None:
        abort(404)
    planner = can(current_user, "roster.plan", team)
    # The week from this day, as its grid checks it: a shift's problems are those the grid shows.
    view = services.load_roster(team, the_day, the_day + timedelta(days=6), check=planner)
    day_shifts = [s for s in view.shifts if s.starts_at.astimezone(OSLO).date() == the_day
                  and (planner or s.is_published)]
    return render("shifts/day.html", team=team, view=view, planner=planner, day=the_day, day_shifts=day_shifts,
                  day_holiday=_holidays(the_day, the_day).get(the_day))


def _area_choices(team: Team) -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in team.areas if a.active]


@bp.route("/teams/<int:team_id>/shifts/new", methods=["GET", "POST"])
@allow("roster.plan")
def shift_new(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    form = ShiftForm()
    form.areas.choices = _area_choices(team)
    if request.method == "GET" and (day := parse_day(request.args.get("day"))):
        form.day.data = day
    if form.validate_on_submit():
        try:
            shift = services.create_shift(
                team, kind=form.kind.data, day=form.day.data, start=form.start.data, end=form.end.data,
                areas=db.session.scalars(db.select(Area).where(Area.id.in_(form.areas.data))).all(),
                title=form.title.data, professionals_needed=form.professionals_needed.data,
                lived_experience_needed=form.lived_experience_needed.data, actor=current_user,
            )
        except FieldError as error:
            add_field_error(form, error)
        else:
            flash(_("The shift is added as a draft."), "success")
            return redirect_to(url_for("shifts.day_view", team_id=team.id, day=shift.starts_at.astimezone(OSLO).date()))
    return render("shifts/shift_form.html", block="form", form=form, team=team, shift=None, status=form_status(form))


@bp.route("/shifts/<int:shift_id>/edit", methods=["GET", "POST"])
@allow("roster.plan")
def shift_edit(shift_id: int):
    shift = get_or_404(Shift, shift_id, "roster.plan_shift")
    team = shift.team
    form = ShiftForm(obj=shift if request.method == "GET" else None)
    form.areas.choices = _area_choices(team) + [(a.id, a.name) for a in shift.areas if not a.active]
    if request.method == "GET":
        local_start, local_end = shift.starts_at.astimezone(OSLO), shift.ends_at.astimezone(OSLO)
        form.day.data, form.start.data, form.end.data = local_start.date(), local_start.time(), local_end.time()
        form.areas.data = [a.id for a in shift.areas]
    conflict = False
    if form.validate_on_submit():
        try:
            services.update_shift(
                shift, kind=form.kind.data, day=form.day.data, start=form.start.data, end=form.end.data,
                areas=db.session.scalars(db.select(Area).where(Area.id.in_(form.areas.data))).all(),
                title=form.title.data, professionals_needed=form.professionals_needed.data,
                lived_experience_needed=form.lived_experience_needed.data, version=form.version.data or "",
                actor=current_user,
            )
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            shift = db.session.get(Shift, shift_id)
            conflict = True
            form = ShiftForm(formdata=None, obj=shift)
            form.areas.choices = _area_choices(team)
            local_start, local_end = shift.starts_at.astimezone(OSLO), shift.ends_at.astimezone(OSLO)
            form.day.data, form.start.data, form.end.data = local_start.date(), local_start.time(), local_end.time()
            form.areas.data = [a.id for a in shift.areas]
        else:
            flash(_("The shift is saved."), "success")
            return redirect_to(url_for("shifts.day_view", team_id=team.id, day=shift.starts_at.astimezone(OSLO).date()))
    status = 409 if conflict else form_status(form)
    return render("shifts/shift_form.html", block="form", form=form, team=team, shift=shift, conflict=conflict,
                  status=status)


@bp.route("/shifts/<int:shift_id>/delete", methods=["GET", "POST"])
@allow("roster.plan")
def shift_delete(shift_id: int):
    shift = get_or_404(Shift, shift_id, "roster.plan_shift")
    team, day = shift.team, shift.starts_at.astimezone(OSLO).date()
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete_shift(shift, version=request.form.get("version", ""), actor=current_user)
        except ConflictError:
            flash(_("Someone else changed the shift in the meantime. Look at it again before you delete it."),
                  "error")
        else:
            flash(_("The shift is deleted."), "success")
        return redirect_to(url_for("shifts.day_view", team_id=team.id, day=day))
    return render("shifts/shift_delete.html", shift=shift, team=team, form=form)


@bp.route("/teams/<int:team_id>/roster/publish", methods=["GET", "POST"])
@allow("roster.plan")
def publish(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    start, weeks = _period_args()
    last = start + timedelta(days=7 * weeks - 1)
    view = services.load_roster(team, start, last)
    drafts = [s for s in view.shifts if s.status == "draft"]
    blocking = [v for v in view.violations if v.blocks]
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            count = services.publish(team, start, last, actor=current_user)
        except services.RuleBlocked:
            flash(_("The roster breaks rules that block publishing. Fix them first."), "error")
        except ConflictError:
            flash(_("Someone else changed the roster in the meantime. Look at it again."), "error")
        else:
            flash(ngettext("%(num)d shift is published.", "%(num)d shifts are published.", count), "success")
        return redirect_to(url_for("shifts.roster", team_id=team.id, start=start.isoformat(), weeks=weeks))
    return render("shifts/publish.html", team=team, start=start, last=last, weeks=weeks, drafts=drafts,
                  blocking=blocking, form=form)


# The other parts of the roster feature register their routes on this blueprint.
from outreach.shifts import (  # noqa: E402, F401
    calendar_views,
    limits_views,
    notes_views,
    planning_views,
    settings_views,
)
