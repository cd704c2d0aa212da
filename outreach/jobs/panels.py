"""What job descriptions contribute to Min side: my own description when it needs me (a
review due, a proposal answered, my signature), and for leaders and HR the reviews due and
the proposals waiting for them. A fixed number of queries per panel."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from outreach.core.startpage import Panel, panel_provider
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.models import Proposal
from outreach.jobs.reviews import is_due

FIRST = 5


@panel_provider("my-job-description", _l("My job description"), order=50, action="panel.staff")
def my_description(user) -> Panel | None:
    profile = user.profile
    description = services.description_of(profile)
    if description is None:
        return None
    today = today_in_oslo()
    draft = description.draft
    open_count = db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.description_id == description.id, Proposal.status == "open")) or 0
    context = {
        "description": description, "profile": profile, "today": today,
        "review_due": is_due(description.next_review_on, today),
        "overdue": description.next_review_on is not None and description.next_review_on < today,
        "open_proposals": open_count,
        "sign": draft is not None and draft.employee_signed_at is None and open_count == 0,
        "leader_signed": draft is not None and draft.leader_signed_at is not None,
    }
    if not (context["review_due"] or context["sign"] or open_count):
        return None
    return Panel("jobs/panels/mine.html", context)


@panel_provider("job-descriptions", _l("Job descriptions"), order=52, action="panel.leader_or_hr")
def descriptions_to_follow(user) -> Panel | None:
    due = services.reviews_due(user, limit=FIRST + 1)
    proposals = services.waiting_proposals(user, limit=FIRST + 1)
    due = [d for d in due if d.description.staff.user_id != user.id]
    if not due and not proposals:
        return None
    return Panel("jobs/panels/follow.html",
                 {"due": due[:FIRST], "more_due": len(due) > FIRST, "proposals": proposals[:FIRST],
                  "more_proposals": len(proposals) > FIRST})
