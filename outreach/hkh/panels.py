"""What HKH contributes to Min side: the action-plan measures that are overdue (the owner's
own; for leaders those of every running project), and for the working groups the follow-up
reviews due within two weeks or overdue. A fixed number of queries per panel however much
they show."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from outreach.core.startpage import Panel, panel_provider
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.hkh import outcome
from outreach.hkh.models import FollowUpReview, HkhProject, ProjectMember

FIRST = 8  # shown on Min side; the action plans have the rest
REVIEWS_AHEAD = 14  # days


def _titles(project_ids) -> dict[int, str]:
    ids = set(project_ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(HkhProject.id, HkhProject.title).where(HkhProject.id.in_(ids))).all())


@panel_provider("hkh-overdue", _l("HKH measures overdue"), order=56)
def overdue_measures(user) -> Panel | None:
    """Two queries: the measures (with their owners), the projects' titles."""
    today = today_in_oslo()
    measures = outcome.overdue_measures(user, today=today, limit=FIRST + 1)
    if not measures:
        return None
    shown = measures[:FIRST]
    return Panel("hkh/panels/overdue.html",
                 {"measures": shown, "more": len(measures) > FIRST, "titles": _titles(m.project_id for m in shown),
                  "today": today, "own_only": all(m.owner_id == user.id for m in shown), "user_id": user.id})


def reviews_due(user, *, today=None, limit: int = FIRST + 1) -> list[tuple[FollowUpReview, str]]:
    """Follow-up reviews not held yet, due within two weeks or overdue, of the running projects
    whose working group `user` is in: (review, project title), the earliest first. One query."""
    today = today or today_in_oslo()
    query = (select(FollowUpReview, HkhProject.title)
             .join(HkhProject, HkhProject.id == FollowUpReview.project_id)
             .join(ProjectMember, ProjectMember.project_id == HkhProject.id)
             .where(ProjectMember.user_id == user.id, HkhProject.archived.is_(False),
                    FollowUpReview.held_on.is_(None),
                    FollowUpReview.due_on <= today + timedelta(days=REVIEWS_AHEAD))
             .order_by(FollowUpReview.due_on, FollowUpReview.id).limit(limit))
    return [(review, title) for review, title in db.session.execute(query)]


@panel_provider("hkh-reviews", _l("HKH follow-up reviews"), order=57)
def follow_up_reviews(user) -> Panel | None:
    today = today_in_oslo()
    rows = reviews_due(user, today=today)
    if not rows:
        return None
    return Panel("hkh/panels/reviews.html",
                 {"rows": rows[:FIRST], "more": len(rows) > FIRST, "today": today})
