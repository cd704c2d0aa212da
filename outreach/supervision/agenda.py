"""A session's agenda: the titles (never the text) of reflection entries the supervisee
marked "bring to supervision". A waiting entry is on the supervisee's *next* individual
session (the earliest one planned); once a session is held, the entries it took stay on it.
Group, case and practice sessions carry no one's reflection titles."""

from sqlalchemy import select

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


def next_individual_session_id(user_id: int) -> int | None:
    return db.session.scalar(
        select(SupervisionSession.id).join(SessionParticipant)
        .where(SessionParticipant.user_id == user_id, SupervisionSession.kind == SessionKind.INDIVIDUAL,
               SupervisionSession.status == SessionStatus.PLANNED)
        .order_by(SupervisionSession.starts_at, SupervisionSession.id).limit(1)
    )


def agenda_for(session: SupervisionSession) -> list[ReflectionEntry]:
    """Entries brought to this session: the waiting ones if it is the supervisee's next planned
    individual session, the ones it took once held."""
    if session.status == SessionStatus.PLANNED:
        supervisee = session.supervisee
        if supervisee is None or next_individual_session_id(supervisee.id) != session.id:
            return []
        query = _waiting(supervisee.id)
    else:
        query = select(ReflectionEntry).where(ReflectionEntry.brought_to_session_id == session.id)
    return list(db.session.scalars(query.order_by(ReflectionEntry.written_on, ReflectionEntry.id)))


def take_agenda(session: SupervisionSession) -> None:
    """When an individual session is marked held: the supervisee's waiting entries were brought
    to it (caller commits)."""
    if session.supervisee is None:
        return
    for entry in db.session.scalars(_waiting(session.supervisee.id)):
        entry.brought_to_session_id = session.id
