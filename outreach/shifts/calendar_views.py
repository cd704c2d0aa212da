"""Shifts in one's own calendar: a secret feed address per person (and per team, for its
leaders), renewing it, and a one-off .ics download."""

from flask import abort, current_app, make_response, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.models import User
from outreach.auth.policy import PUBLIC, SIGNED_IN, allow, get_or_404, leads_team
from outreach.core.forms import ConfirmForm
from outreach.core.htmx import render
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.people.models import Team
from outreach.shifts import feeds, ical
from outreach.shifts.models import Shift
from outreach.shifts.views import bp

TEAM_SCOPE = "team"


def _uid_domain() -> str:
    """The domain in event UIDs. Set CALENDAR_UID_DOMAIN so that it stays the same whatever
    host name a calendar or a browser used."""
    return current_app.config.get("CALENDAR_UID_DOMAIN") or request.host.split(":")[0] or "outreach"


def _event(shift: Shift, *, people: list[str], starts_at=None, ends_at=None) -> ical.ShiftEvent:
    day = shift.starts_at.astimezone(OSLO).date().isoformat()
    return ical.ShiftEvent(
        shift_id=shift.id, version=shift.version,
        starts_at=starts_at or shift.starts_at, ends_at=ends_at or shift.ends_at,
        kind_label=shift.kind_label, title=shift.title, people=tuple(people),
        areas=tuple(a.name for a in shift.areas), team=shift.team.name,
        url=url_for("shifts.day_view", team_id=shift.team_id, day=day, _external=True),
    )


def _person_calendar(user: User):
    profile = user.profile
    start, end = feeds.feed_window()
    rows = feeds.person_shifts(profile, start, end) if profile is not None else []
    events = [
        _event(shift, people=sorted(a.staff.name for a in shift.assignments if a.staff_id != profile.id),
               starts_at=assignment.starts_at, ends_at=assignment.ends_at)
        for shift, assignment in rows
    ]
    return ical.build_calendar(events, name=_("Shifts: %(name)s", name=user.full_name), domain=_uid_domain())


def _team_calendar(team: Team):
    start, end = feeds.feed_window()
    events = [
        _event(shift, people=sorted(a.staff.name for a in shift.assignments))
        for shift in feeds.team_shifts(team, start, end)
    ]
    return ical.build_calendar(events, name=_("Roster: %(team)s", team=team.name), domain=_uid_domain(),
                               scope=TEAM_SCOPE)


def _ics_response(calendar, filename: str, *, attachment: bool):
    response = make_response(calendar.to_ical())
    response.mimetype = "text/calendar"
    response.charset = "utf-8"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # The address is a secret and the content personal: no shared cache keeps it.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/calendar/<token>.ics")
@allow(PUBLIC)
def calendar_feed(token: str):
    """The feed a calendar subscribes to. The token is the only key: no sign-in."""
    row = feeds.find_token(token)
    if row is None:
        abort(404)
    user = db.session.get(User, row.user_id)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        if row.team_id is None:
            calendar = _person_calendar(user)
        else:
            calendar = _team_calendar(db.session.get(Team, row.team_id))
    return _ics_response(calendar, "shifts.ics", attachment=False)


@bp.get("/calendar/download.ics")
@allow(SIGNED_IN)
def calendar_download():
    return _ics_response(_person_calendar(current_user), "shifts.ics", attachment=True)


def _feed_url(token: str) -> str:
    return url_for("shifts.calendar_feed", token=token, _external=True)


def _led_teams() -> list[Team]:
    profile = current_user.profile
    return [team for team in (profile.teams if profile else []) if leads_team(current_user, team)]


def _page(status: int = 200, **extra):
    teams = [(team, feeds.active_token(current_user, team)) for team in _led_teams()]
    context = {"personal": feeds.active_token(current_user), "teams": teams, "form": ConfirmForm(),
               "new_url": None, "new_team": None, **extra}
    if context["new_url"]:
        context["webcal_url"] = "webcal://" + context["new_url"].split("://", 1)[1]
    return render("shifts/calendar/index.html", status=status, **context)


@bp.get("/calendar")
@allow(SIGNED_IN)
def calendar():
    return _page()


@bp.route("/calendar/renew", methods=["GET", "POST"])
@allow(SIGNED_IN)
def calendar_renew():
    """Make my feed address. When one exists, ask first: the old one stops working."""
    form = ConfirmForm()
    if form.validate_on_submit():
        _, token = feeds.issue_token(current_user, actor=current_user)
        # Shown in this answer only: the token itself is not stored.
        return _page(new_url=_feed_url(token))
    existing = feeds.active_token(current_user)
    if existing is None:
        return redirect(url_for("shifts.calendar"))
    return render("shifts/calendar/renew.html", form=form, team=None, existing=existing,
                  action=url_for("shifts.calendar_renew"))


@bp.route("/calendar/teams/<int:team_id>/renew", methods=["GET", "POST"])
@allow("calendar.team_feed")
def calendar_team_renew(team_id: int):
    team = get_or_404(Team, team_id, "calendar.team_feed")
    form = ConfirmForm()
    if form.validate_on_submit():
        _, token = feeds.issue_token(current_user, team, actor=current_user)
        return _page(new_url=_feed_url(token), new_team=team)
    existing = feeds.active_token(current_user, team)
    if existing is None:
        return redirect(url_for("shifts.calendar"))
    return render("shifts/calendar/renew.html", form=form, team=team, existing=existing,
                  action=url_for("shifts.calendar_team_renew", team_id=team.id))
