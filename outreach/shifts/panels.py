"""What the roster contributes to Min side: my next shifts, my open shift reports, the open
rule problems on the teams I lead, and (for supervisors) how many reports ask for a debrief."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from outreach.auth.policy import leads_team
from outreach.core.startpage import Panel, panel_provider
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.shifts import notes, services
from outreach.shifts.models import Shift, ShiftAssignment

NEXT_SHIFTS = 5
PROBLEM_WEEKS = 4


@panel_provider("next-shifts", _l("My next shifts"), order=20, action="panel.staff")
def my_next_shifts(user) -> Panel | None:
    profile = user.profile
    now = utcnow()
    # The bound on the assignment's copy of the start lets PostgreSQL read the person's shifts
    # from now on instead of every past one.
    shifts = db.session.scalars(
        db.select(Shift).join(ShiftAssignment)
        .where(ShiftAssignment.staff_id == profile.id, *services.assignment_overlaps(now), Shift.status == "published",
               Shift.ends_at > now)
        .order_by(Shift.starts_at, Shift.id).limit(NEXT_SHIFTS)
    ).all()
    if not shifts and not profile.teams:
        return None
    rows = [
        {"shift": s, "day": s.starts_at.astimezone(OSLO).date(), "has_notes": notes.has_notes(s),
         "partners": sorted(a.staff.name for a in s.assignments if a.staff_id != profile.id)}
        for s in shifts
    ]
    return Panel("shifts/panels/next_shifts.html", {"rows": rows})


@panel_provider("open-reports", _l("My open shift reports"), order=25, action="panel.staff")
def my_open_reports(user) -> Panel | None:
    shifts = notes.open_reports(user.profile)
    if not shifts:
        return None
    return Panel("shifts/panels/open_reports.html",
                 {"shifts": shifts, "days": notes.OPEN_REPORT_DAYS})


@panel_provider("rule-problems", _l("Open rule problems on my teams"), order=30, action="panel.leader")
def team_rule_problems(user) -> Panel | None:
    profile = user.profile
    if profile is None:
        return None
    teams = [team for team in profile.teams if team.active and leads_team(user, team)]
    if not teams:
        return None
    today = utcnow().astimezone(OSLO).date()
    monday = today - timedelta(days=today.weekday())
    rows = []
    for team in teams:
        # The four weeks the roster's four-week grid shows from this week: what the link opens.
        view = services.load_roster(team, monday, monday + timedelta(weeks=PROBLEM_WEEKS) - timedelta(days=1),
                                    objects=False)
        open_violations = view.open_violations
        rows.append({
            "team": team,
            "blocking": sum(1 for v in open_violations if v.blocks),
            "warnings": sum(1 for v in open_violations if not v.blocks),
        })
    return Panel("shifts/panels/rule_problems.html",
                 {"rows": rows, "start": monday, "weeks": PROBLEM_WEEKS})


@panel_provider("debriefs", _l("Needs debrief"), order=35, action="panel.supervisor")
def needs_debrief(user) -> Panel | None:
    return Panel("shifts/panels/debriefs.html",
                 {"count": notes.debrief_count(user), "days": notes.DEBRIEF_DAYS})
