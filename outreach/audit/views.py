"""The audit log search (administrator) and "who has looked at my data" (everyone)."""

from datetime import date, datetime, time, timedelta

from flask import Blueprint, current_app, request
from flask_login import current_user
from sqlalchemy import func, or_

from outreach.audit.models import AuditEvent, AuditKind
from outreach.auth.policy import allow
from outreach.core.forms import page_number
from outreach.core.htmx import render
from outreach.core.timeutil import OSLO
from outreach.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")


# Days outside this range are refused as invalid: at the ends of the calendar the
# conversion from Oslo midnight to UTC would overflow.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _parse_day(value: str):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date() if value else None
    except ValueError:
        return None
    return day if day is None or FIRST_DAY <= day <= LAST_DAY else None


@bp.get("/")
@allow("audit.search")
def search():
    args = request.args
    q = args.get("q", "").strip()
    actor = args.get("actor", "").strip().lower()
    kind = args.get("kind", "")
    object_type = args.get("object_type", "").strip()
    date_from, date_to = _parse_day(args.get("from", "")), _parse_day(args.get("to", ""))
    errors = {}
    if args.get("from") and date_from is None:
        errors["from"] = True
    if args.get("to") and date_to is None:
        errors["to"] = True
    query = db.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if q:
        needle = q.lower()
        query = query.where(or_(func.lower(AuditEvent.summary).contains(needle, autoescape=True),
                                func.lower(AuditEvent.action).contains(needle, autoescape=True),
                                AuditEvent.object_id == q))
    if actor:
        query = query.where(func.lower(AuditEvent.actor_label) == actor)
    if kind in {k.value for k in AuditKind}:
        query = query.where(AuditEvent.kind == kind)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if date_from:
        query = query.where(AuditEvent.at >= datetime.combine(date_from, time.min, OSLO))
    if date_to:
        query = query.where(AuditEvent.at < datetime.combine(date_to + timedelta(days=1), time.min, OSLO))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    return render("audit/search.html", block="results", page=page, args=args, errors=errors, kinds=list(AuditKind))


@bp.get("/me")
@allow("audit.mine")
def mine():
    """Reads of my sensitive data, and changes others made to my data."""
    query = (
        db.select(AuditEvent)
        .where(AuditEvent.subject_user_id == current_user.id)
        .where(AuditEvent.kind.in_([AuditKind.READ.value, AuditKind.CHANGE.value]))
        .where(or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != current_user.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("audit/mine.html", block="results", page=page)
