"""Helpers for the security walks: what the database holds, and who may do (nearly) everything."""

from sqlalchemy import func, literal, select, union_all

from outreach.audit.models import AuditEvent, AuditKind
from outreach.extensions import db

# Every role but the two whose pages are their own (an EC's or a peer's): the route rules let
# such an account through nearly everywhere, so a refusal is about something else.
BROAD_ROLES = ["admin", "hr", "leader", "supervisor", "professional"]

# Written by any request, refused or not: the log of refusals and sign-ins, and the sessions.
BOOKKEEPING = {"audit_events", "user_sessions"}


def row_counts() -> dict[str, int]:
    """The number of rows in every table but the bookkeeping ones, in one query."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in BOOKKEEPING]
    query = union_all(*(select(literal(t.name).label("name"), func.count().label("n")).select_from(t)
                        for t in tables))
    db.session.expire_all()
    counts = dict(db.session.execute(query).all())
    db.session.rollback()  # no transaction left open across the requests that follow
    return counts


def denials(user) -> int:
    """How many DENIED audit rows about an object (not a route) name `user` as the actor."""
    count = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.kind == str(AuditKind.DENIED), AuditEvent.actor_id == user.id,
            AuditEvent.object_type != "route",
        )
    )
    db.session.rollback()
    return count
