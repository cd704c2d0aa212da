""""Ask for a talk": a person asks their supervisor for a session, with an optional topic.

The topic is the asker's own words to their supervisor: it runs the identifier guard, the
audit log never holds it, and the supervisor's reading it is logged for the asker to see.
It was written to that supervisor only: when the asker's supervisor changes, the old one
no longer sees the request and the new one does not get it. The asker still sees it, and
may close it or ask again.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, func

from outreach.audit.models import AuditKind
from outreach.audit.services import commit_after_response, record
from outreach.core.forms import FieldError
from outreach.core.identifiers import findings_summary, guard_fields
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.models import StaffProfile
from outreach.supervision.models import SupervisionSession, TalkRequest

TOPIC_MAX = 500
OPEN, PLANNED, CLOSED = "open", "planned", "closed"


def _day(moment: datetime) -> str:
    return moment.astimezone(OSLO).date().isoformat()


def ask_for_talk(requester, topic: str = "", *, confirmed: str | None = None, actor=None) -> TalkRequest:
    """Send a request to the requester's supervisor. Raises FieldError("topic", ...) or
    IdentifiersFound (unless `confirmed` is the digest of exactly what was found)."""
    topic = (topic or "").strip()
    if len(topic) > TOPIC_MAX:
        raise FieldError("topic", _("At most %(n)d characters.", n=TOPIC_MAX))
    profile = getattr(requester, "profile", None)
    supervisor = profile.supervisor if profile is not None else None
    if supervisor is None:
        raise FieldError("topic", _("You have no supervisor to ask. Ask your leader who supervises you."))
    if not supervisor.active:
        raise FieldError("topic", _("Your supervisor's account is closed. Ask your leader who supervises you now."))
    findings = guard_fields({"topic": topic}, confirmed)
    talk = TalkRequest(requester_id=requester.id, supervisor_id=supervisor.id, topic=topic, status=OPEN)
    db.session.add(talk)
    db.session.flush()
    summary = f"request {talk.id} to supervisor {supervisor.id}" + (", with a topic" if topic else "")
    record("supervision.request_create", obj=talk, subject_user_id=requester.id, actor=actor, summary=summary)
    if findings:
        record("supervision.identifiers_confirmed", obj=talk, subject_user_id=requester.id, actor=actor,
               summary=f"Confirmed as not client identifiers: {findings_summary(findings)}")
    db.session.commit()
    return talk


def own_open_requests(user) -> list[TalkRequest]:
    return list(db.session.scalars(
        db.select(TalkRequest).where(TalkRequest.requester_id == user.id, TalkRequest.status == OPEN)
        .order_by(TalkRequest.created_at, TalkRequest.id)
    ))


def _still_their_supervisor():
    """The request's supervisor is still the requester's supervisor (policy
    "supervision.requests" says the same for one request)."""
    return exists().where(StaffProfile.user_id == TalkRequest.requester_id,
                          StaffProfile.supervisor_id == TalkRequest.supervisor_id)


def open_requests_query(supervisor):
    """The open requests to `supervisor` from people they still supervise, the oldest first
    (the requester is joined in)."""
    return (db.select(TalkRequest)
            .where(TalkRequest.supervisor_id == supervisor.id, TalkRequest.status == OPEN, _still_their_supervisor())
            .order_by(TalkRequest.created_at, TalkRequest.id))


def open_requests_for(supervisor) -> list[TalkRequest]:
    return list(db.session.scalars(open_requests_query(supervisor)))


def open_count_for(supervisor) -> int:
    return db.session.scalar(
        db.select(func.count(TalkRequest.id))
        .where(TalkRequest.supervisor_id == supervisor.id, TalkRequest.status == OPEN, _still_their_supervisor())
    ) or 0


def reaches_supervisor(talk: TalkRequest) -> bool:
    """Whether the request's supervisor is still the requester's, and so still sees it."""
    profile = getattr(talk.requester, "profile", None)
    return profile is not None and profile.supervisor_id == talk.supervisor_id


def log_topic_reads(requests, reader) -> None:
    """The supervisor is shown these requests' topics: one read row per topic, for its asker
    to see in "who has looked at my data". The row says which request, not what it says."""
    shown = [r for r in requests if r.topic and r.requester_id != reader.id]
    for talk in shown:
        record("supervision.content_read", kind=AuditKind.READ, obj=talk, subject_user_id=talk.requester_id,
               actor=reader, summary=f"request for a talk {_day(talk.created_at)}: topic")
    if shown:
        commit_after_response()


def mark_planned(talk: TalkRequest, session: SupervisionSession, actor=None, *, commit: bool = True) -> bool:
    """The supervisor planned `session` for this request. For the sessions part to call when a
    session planned from the request is saved; `commit=False` leaves the commit to the caller.
    Returns False (and changes nothing) if the request is no longer open."""
    if talk.status != OPEN:
        return False
    if session.id is None:
        db.session.flush()
    talk.status, talk.session_id, talk.handled_at = PLANNED, session.id, utcnow()
    record("supervision.request_update", obj=talk, subject_user_id=talk.requester_id, actor=actor,
           summary=f"request {talk.id} planned: session {session.id}")
    if commit:
        db.session.commit()
    return True


def close_request(talk: TalkRequest, actor=None) -> bool:
    """The supervisor closes a request without planning a session from it, or the requester
    takes it back."""
    if talk.status != OPEN:
        return False
    talk.status, talk.handled_at = CLOSED, utcnow()
    by = " by the requester" if getattr(actor, "id", None) == talk.requester_id else ""
    record("supervision.request_update", obj=talk, subject_user_id=talk.requester_id, actor=actor,
           summary=f"request {talk.id} closed{by}")
    db.session.commit()
    return True
