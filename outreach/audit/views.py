"""The audit log search (administrator) and "who has looked at my data" (everyone)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, request
from flask_babel import format_number
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload

from outreach.audit.models import AuditEvent, AuditKind
from outreach.auth.models import User
from outreach.auth.policy import allow
from outreach.core.forms import page_number
from outreach.core.htmx import render
from outreach.core.timeutil import OSLO, parse_day
from outreach.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")


# The text search's trigram indexes (PostgreSQL) find three characters and more; a shorter
# search looks for an object id only.
TEXT_MIN = 3


@bp.get("/")
@allow("audit.search")
def search():
    args = request.args
    q = args.get("q", "").strip()
    actor = args.get("actor", "").strip().lower()
    kind = args.get("kind", "")
    object_type = args.get("object_type", "").strip()
    date_from, date_to = parse_day(args.get("from")), parse_day(args.get("to"))
    errors = {}
    if args.get("from") and date_from is None:
        errors["from"] = True
    if args.get("to") and date_to is None:
        errors["to"] = True
    query = db.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    short = 0 < len(q) < TEXT_MIN
    if short:  # no index finds one or two letters inside the text: they would read the whole log
        query = query.where(AuditEvent.object_id == q)
    elif q:
        needle = q.lower()
        query = query.where(or_(func.lower(AuditEvent.summary).contains(needle, autoescape=True),
                                func.lower(AuditEvent.action).contains(needle, autoescape=True),
                                AuditEvent.object_id == q))
    if actor:
        # Labels are lower case like usernames: compared as stored, on an index.
        query = query.where(AuditEvent.actor_label == actor)
    if kind in {k.value for k in AuditKind}:
        query = query.where(AuditEvent.kind == kind)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if date_from:
        query = query.where(AuditEvent.at >= datetime.combine(date_from, time.min, OSLO))
    if date_to:
        query = query.where(AuditEvent.at < datetime.combine(date_to + timedelta(days=1), time.min, OSLO))
    # The page shows the usernames as they were at the time, not the accounts: not joined.
    query = query.options(lazyload(AuditEvent.actor))
    page = BoundedPage.of(query, page_number(), current_app.config["PAGE_SIZE"] * 2, text_search=bool(q) and not short)
    return render("audit/search.html", block="results", page=page, args=args, errors=errors, kinds=list(AuditKind),
                  count_cap=format_number(COUNT_CAP), short=short, text_min=TEXT_MIN)


# The log grows by the million: counting every row that matches for "N in all" took most of a
# second unfiltered. Counted up to this many, and "more than" beyond.
COUNT_CAP = 10_000


@dataclass
class BoundedPage:
    """A page of results with a bounded count: `total` is None when more than COUNT_CAP match
    (then `pages` is None too, and the next page is there while a row follows this page)."""

    items: list
    page: int
    per_page: int
    total: int | None
    has_next: bool

    @classmethod
    def of(cls, query, page: int, per_page: int, *, text_search: bool = False) -> "BoundedPage":
        """`query`: audit events, newest first. Two queries: the bounded count, then the page.

        `text_search`: the query looks for text inside the summary or action, which only the
        trigram indexes find, and they know no order. With few such matches (up to the cap)
        the page is sorted from the matches themselves: with the ORDER BY and LIMIT on the log,
        PostgreSQL walks it backwards in time expecting a match soon (it cannot tell how rare
        a word is), which for a rare word or number read all of it (1.4 s at 4 million rows).
        With many matches, and without text (the person, kind and subject indexes end in the
        time), the page is read in order."""
        matching = query.with_only_columns(AuditEvent.id, AuditEvent.at).order_by(None)
        count = db.session.scalar(select(func.count()).select_from(matching.limit(COUNT_CAP + 1).subquery()))
        if count > COUNT_CAP or not text_search:
            rows = db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)).all()
        else:
            found = matching.cte("matching")
            if db.session.get_bind().dialect.name == "postgresql":
                found = found.prefix_with("MATERIALIZED")  # found by the filters, never by the walk
            top = (select(found.c.id, found.c.at).order_by(found.c.at.desc(), found.c.id.desc())
                   .limit(per_page + 1).offset((page - 1) * per_page).subquery())
            rows = db.session.scalars(
                select(AuditEvent).join(top, top.c.id == AuditEvent.id).order_by(top.c.at.desc(), top.c.id.desc())
                .options(lazyload(AuditEvent.actor))).all()
        return cls(items=rows[:per_page], page=page, per_page=per_page,
                   total=count if count <= COUNT_CAP else None, has_next=len(rows) > per_page)

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


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
        .options(lazyload(AuditEvent.actor))
    )
    page = BoundedPage.of(query, page_number(), current_app.config["PAGE_SIZE"])
    # The actors' names in one query, not each account with its roles and teams.
    actor_ids = {event.actor_id for event in page.items if event.actor_id is not None}
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(sorted(actor_ids)))).all())
    return render("audit/mine.html", block="results", page=page, names=names, count_cap=format_number(COUNT_CAP))
