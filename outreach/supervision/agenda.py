"""A session's agenda: the titles (never the text) of reflection entries the supervisee
marked "bring to supervision". A waiting entry is on the supervisee's *next* individual
session with their supervisor: the earliest planned one, from today on, whose supervisor is
the supervisee's current supervisor (StaffProfile.supervisor_id). Another supervisor's
session, or one dated in the past, never shows the titles nor takes them. Once a session is
held, the entries it took stay on it. Group, case and practice sessions carry no one's
reflection titles."""

from datetime import UTC, datetime, time

from sqlalchemy import select

from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision.models import (
    ReflectionEntry,
    SessionKind,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
)


def _waiting(author_id: int):
    return select(ReflectionEntry).where(
        ReflectionEntry.author_id == author_id, ReflectionEntry.bring_to_supervision.is_(True),
        ReflectionEntry.brought_to_session_id.is_(None),
    )


def _start_of_today() -> datetime:
    """Midnight today in Oslo, as a UTC instant: a session today still counts as coming."""
    return datetime.combine(utcnow().astimezone(OSLO).date(), time.min, OSLO).astimezone(UTC)


def _current_supervisor_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.supervisor_id if profile is not None else None


def brings_agenda(session: SupervisionSession) -> bool:
    """Whether the supervisee's titles may go to this session at all: an individual session
    with the supervisee's current supervisor, today or later."""
    supervisee = session.supervisee
    return (supervisee is not None and session.supervisor_id == _current_supervisor_id(supervisee)
            and session.starts_at >= _start_of_today())


def next_individual_session_id(user) -> int | None:
    """The session `user`'s waiting titles go to: the earliest planned individual session with
    their current supervisor from today on (None without a supervisor or such a session)."""
    supervisor_id = _current_supervisor_id(user)
    if supervisor_id is None:
        return None
    return db.session.scalar(
        select(SupervisionSession.id).join(SessionParticipant)
        .where(SessionParticipant.user_id == user.id, SupervisionSession.kind == SessionKind.INDIVIDUAL,
               SupervisionSession.status == SessionStatus.PLANNED,
               SupervisionSession.supervisor_id == supervisor_id,
               SupervisionSession.starts_at >= _start_of_today())
        .order_by(SupervisionSession.starts_at, SupervisionSession.id).limit(1)
    )


def agenda_for(session: SupervisionSession) -> list[ReflectionEntry]:
    """Entries brought to this session: the waiting ones if it is the supervisee's next planned
    individual session with their supervisor, the ones it took once held."""
    if session.status == SessionStatus.PLANNED:
        if not brings_agenda(session) or next_individual_session_id(session.supervisee) != session.id:
            return []
        query = _waiting(session.supervisee.id)
    else:
        query = select(ReflectionEntry).where(ReflectionEntry.brought_to_session_id == session.id)
    return list(db.session.scalars(query.order_by(ReflectionEntry.written_on, ReflectionEntry.id)))


def take_agenda(session: SupervisionSession) -> None:
    """When an individual session is marked held: the supervisee's waiting entries were brought
    to it, if it is one they go to (caller commits)."""
    if not brings_agenda(session):
        return
    for entry in db.session.scalars(_waiting(session.supervisee.id)):
        entry.brought_to_session_id = session.id
