"""Writing audit rows. Services call `record` inside their own transaction; reads,
logins and denials, which change nothing else, use `record_now`."""

from flask import after_this_request, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from outreach.audit.models import AuditEvent, AuditKind
from outreach.core.timeutil import utcnow
from outreach.extensions import db


def record(
    action: str,
    *,
    kind: AuditKind = AuditKind.CHANGE,
    obj=None,
    object_type: str | None = None,
    object_id=None,
    subject_user_id: int | None = None,
    summary: str = "",
    actor=None,
) -> AuditEvent:
    """Add an audit row to the current transaction (the caller commits)."""
    event = AuditEvent(**_row(action, kind, obj, object_type, object_id, subject_user_id, summary, _actor(actor),
                              _ip()))
    db.session.add(event)
    return event


def _actor(actor):
    if actor is None and has_request_context() and current_user.is_authenticated:
        return current_user
    return actor


def _ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def _row(action, kind, obj, object_type, object_id, subject_user_id, summary, actor, ip) -> dict:
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = obj.id if object_id is None else object_id
    return {
        "kind": str(kind),
        "action": action,
        "actor_id": getattr(actor, "id", None),
        "actor_label": getattr(actor, "username", "") or "",
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "subject_user_id": subject_user_id,
        "summary": summary[:2000],
        "ip": ip,
    }


def record_now(action: str, **kwargs) -> AuditEvent:
    """Write an audit row on its own, committed at once."""
    event = record(action, **kwargs)
    db.session.commit()
    return event


def record_read(action: str, obj, subject_user_id: int, summary: str = "") -> None:
    """Log a read of sensitive data about `subject_user_id`."""
    record_now(action, kind=AuditKind.READ, obj=obj, subject_user_id=subject_user_id, summary=summary)


def record_denied(action: str, obj=None, summary: str = "") -> None:
    """Log a refused access: which rule refused what, on which object or route."""
    db.session.rollback()
    in_request = has_request_context()
    if not summary:
        summary = f"{action}: {request.method} {request.path}" if in_request else action
    record_now(
        "access.denied",
        kind=AuditKind.DENIED,
        obj=obj,
        object_type=None if obj is not None else "route",
        object_id=None if obj is not None else (request.endpoint if in_request else None),
        subject_user_id=getattr(obj, "user_id", None),
        summary=summary,
    )


def record_reads(action: str, reads, actor=None) -> None:
    """READ rows for several records at once, `reads` being (obj, subject_user_id, summary)
    triples, written in one INSERT and committed once the page is rendered: a page showing
    many records costs the same statements however many it shows."""
    # Plain rows in one executemany INSERT: an ORM object per row cost about 1 ms each on a
    # board of a hundred candidates.
    actor, ip, at = _actor(actor), _ip(), utcnow()
    rows = [_row(action, AuditKind.READ, obj, None, None, subject, summary, actor, ip) | {"at": at}
            for obj, subject, summary in reads]
    if rows:
        db.session.execute(insert(AuditEvent), rows)
        commit_after_response()


def commit_after_response() -> None:
    """Commit what was just recorded once the response is made (at once outside a request):
    a commit now would expire every object the page is about to show, and showing them would
    then cost a query each."""
    if has_request_context():
        after_this_request(_commit)
    else:
        db.session.commit()


def _commit(response):
    db.session.commit()
    return response
