"""What supervision contributes to Min side: my next session, my open actions and "ask for a
talk"; for supervisors, who is overdue and how many requests wait; for leaders, how many on
their teams are overdue. Each panel runs a fixed number of queries."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from outreach.audit.models import AuditKind
from outreach.audit.services import commit_after_response, record
from outreach.core.startpage import Panel, panel_provider
from outreach.core.timeutil import today_in_oslo, utcnow
from outreach.extensions import db
from outreach.supervision import overview, sessions, talks
from outreach.supervision.admin_forms import TalkForm
from outreach.supervision.models import SessionAction, SessionParticipant, SessionStatus, SupervisionSession

OPEN_ACTIONS = 10  # shown on Min side; the session pages have the rest
OVERDUE_NAMES = 5


def talk_context(user, form: TalkForm | None = None, **extra) -> dict:
    """What the "ask for a talk" box shows: the form and the asker's open requests."""
    profile = getattr(user, "profile", None)
    requests = talks.own_open_requests(user)
    return {"talk_form": form or TalkForm(formdata=None), "open_requests": requests,
            # Asked before the supervisor changed: nobody sees these now.
            "unseen_ids": {talk.id for talk in requests if not talks.reaches_supervisor(talk)},
            "supervisor": profile.supervisor if profile is not None else None, "identifiers": False,
            "sent": None, **extra}


def next_session(user) -> SupervisionSession | None:
    """The next planned session `user` takes part in."""
    return db.session.scalar(
        db.select(SupervisionSession).join(SessionParticipant)
        .where(SessionParticipant.user_id == user.id, SupervisionSession.status == SessionStatus.PLANNED.value,
               SupervisionSession.starts_at >= utcnow())
        .order_by(SupervisionSession.starts_at, SupervisionSession.id).limit(1)
    )


def open_actions(user, limit: int = OPEN_ACTIONS) -> list[SessionAction]:
    """Actions `user` owns that are not done: the earliest due first, those without a date last."""
    return list(db.session.scalars(
        db.select(SessionAction).options(joinedload(SessionAction.session))
        .where(SessionAction.owner_id == user.id, SessionAction.done_at.is_(None))
        .order_by(SessionAction.due_date.is_(None), SessionAction.due_date, SessionAction.id).limit(limit)
    ))


def _log_action_reads(actions, reader) -> None:
    """An action's text is supervision content: its reading is logged for the session's other
    participants (none in the usual case, the supervisee reading their own), committed once
    the page is rendered."""
    logged = False
    for action in actions:
        for subject in sessions.read_subjects(action.session, reader):
            record("supervision.content_read", kind=AuditKind.READ, obj=action.session, subject_user_id=subject,
                   actor=reader, summary=f"{sessions.describe(action.session)}: action (Min side)")
            logged = True
    if logged:
        commit_after_response()


@panel_provider("my-supervision", _l("My supervision"), order=40, action="panel.staff")
def my_supervision(user) -> Panel | None:
    profile = user.profile
    upcoming = next_session(user)
    actions = open_actions(user)
    if profile.supervisor_id is None and upcoming is None and not actions:
        return None
    _log_action_reads(actions, user)
    today = today_in_oslo()
    context = {"session": upcoming, "actions": actions, "today": today,
               "can_ask": profile.supervisor_id is not None}
    if context["can_ask"]:
        context.update(talk_context(user))
    return Panel("supervision/panels/my_supervision.html", context)


def _overdue(rows) -> tuple[int, list[dict]]:
    overdue = [row for row in rows if row.overdue]
    first = [{"name": row.name, "due": min(d.due for d in (row.individual, row.group) if d.overdue),
              "days": row.overdue_days} for row in overdue[:OVERDUE_NAMES]]
    return len(overdue), first


def _debriefs(rows) -> dict:
    """Who of the supervisees has shift reports asking for a debrief (overview.debrief_flags):
    how many people, the latest day, and per person a count and a day. Never the reports. Per
    person, not summed: two supervisees on one shift share its report."""
    flagged = sorted((row for row in rows if row.debriefs), key=lambda row: (row.latest_debrief, row.name),
                     reverse=True)
    return {"people": len(flagged), "latest": flagged[0].latest_debrief if flagged else None,
            "first": [{"name": row.name, "count": row.debriefs, "latest": row.latest_debrief}
                      for row in flagged[:OVERDUE_NAMES]]}


@panel_provider("supervision-follow-up", _l("Supervision follow-up"), order=42, action="panel.supervisor")
def supervision_follow_up(user) -> Panel | None:
    rows = overview.rhythm_rows(overview.supervisees(user), with_debriefs=True)
    count, first = _overdue(rows)
    return Panel("supervision/panels/follow_up.html",
                 {"people": len(rows), "overdue": count, "first": first, "debriefs": _debriefs(rows),
                  "requests": talks.open_count_for(user)})


@panel_provider("team-supervision", _l("Supervision on my teams"), order=44, action="panel.leader")
def team_supervision(user) -> Panel | None:
    rows = overview.rhythm_rows(overview.team_people(user))
    if not rows:
        return None
    count, first = _overdue(rows)
    return Panel("supervision/panels/team_rhythm.html",
                 {"people": len(rows), "overdue": count, "first": first})
