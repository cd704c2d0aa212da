"""Retention: supervision content older than SUPERVISION_RETENTION_YEARS is deleted.

`flask --app wsgi purge-expired` (outreach/cli.py) runs `purge_expired`. For each session
that started before the cut-off it deletes what was said (notes and shared summaries or
minutes, agreed actions, items taken further, preparation notes, the theme links) and sets
`content_purged_at`; the session itself stays: date, kind, duration, supervisor,
participants and attendance. Reflection entries written before the cut-off are deleted, and
requests for a talk lose their topic. Sessions go in batches, one transaction each, so years
of data never make one giant transaction; a second run finds nothing more to do.

The cut-off is a day: today in Oslo, the setting's number of years back (29 February counts
from 28 February). Content from before that day goes; content from that day on stays.
"""

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time

from flask import current_app
from sqlalchemy import delete, func, select, update

from outreach.audit.services import record
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision.models import (
    FurtherItem,
    PreparationNote,
    ReflectionEntry,
    SessionAction,
    SessionNote,
    SupervisionSession,
    TalkRequest,
    session_themes,
)

BATCH_SIZE = 500


def cutoff_date(today: date, years: int) -> date:
    """The first day whose content is kept."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year without one
        return today.replace(year=today.year - years, day=28)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=OSLO).astimezone(UTC)


@dataclass
class PurgeResult:
    """What was deleted (or, in a dry run, would be): counts only."""

    years: int
    cutoff: date
    dry_run: bool = False
    sessions: int = 0
    notes: int = 0
    actions: int = 0
    further_items: int = 0
    preparations: int = 0
    theme_links: int = 0
    reflections: int = 0
    request_topics: int = 0

    COUNTS = ("sessions", "notes", "actions", "further_items", "preparations", "theme_links", "reflections",
              "request_topics")

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.COUNTS)

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in self.COUNTS}

    def summary(self) -> str:
        """For the audit log and the command's output: no content, no names."""
        return (f"content from before {self.cutoff:%Y-%m-%d} ({self.years} years): "
                + ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in self.counts().items()))


# The content rows of a session: the model and its session column.
_CONTENT = (
    ("notes", SessionNote, SessionNote.session_id),
    ("actions", SessionAction, SessionAction.session_id),
    ("further_items", FurtherItem, FurtherItem.session_id),
    ("preparations", PreparationNote, PreparationNote.session_id),
)


def _expired_sessions(before: datetime):
    return select(SupervisionSession.id).where(
        SupervisionSession.starts_at < before, SupervisionSession.content_purged_at.is_(None)
    )


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _years() -> int:
    years = current_app.config.get("SUPERVISION_RETENTION_YEARS", 5)
    if not isinstance(years, int) or years < 1:
        # 0 would delete everything written before today.
        raise ValueError(f"SUPERVISION_RETENTION_YEARS must be a whole number of years, at least 1 (is {years!r}).")
    return years


def purge_expired(*, today: date | None = None, dry_run: bool = False, batch_size: int = BATCH_SIZE) -> PurgeResult:
    """Delete the content older than the retention setting; with `dry_run`, only count it.
    One audit row ("supervision.purge", by the system) with the counts, if anything went."""
    years = _years()
    today = today or utcnow().astimezone(OSLO).date()
    result = PurgeResult(years=years, cutoff=cutoff_date(today, years), dry_run=dry_run)
    before = _start_of(result.cutoff)
    old_reflections = ReflectionEntry.written_on < result.cutoff
    old_topics = (TalkRequest.created_at < before, TalkRequest.topic != "")

    if dry_run:
        expired = _expired_sessions(before)
        result.sessions = _count(expired)
        for name, model, column in _CONTENT:
            setattr(result, name, _count(select(model.id).where(column.in_(expired))))
        result.theme_links = _count(select(session_themes.c.session_id)
                                    .where(session_themes.c.session_id.in_(expired)))
        result.reflections = _count(select(ReflectionEntry.id).where(old_reflections))
        result.request_topics = _count(select(TalkRequest.id).where(*old_topics))
        return result

    plain = {"synchronize_session": False}
    while True:
        ids = db.session.scalars(_expired_sessions(before).order_by(SupervisionSession.id).limit(batch_size)).all()
        if not ids:
            break
        for name, model, column in _CONTENT:
            deleted = db.session.execute(delete(model).where(column.in_(ids)), execution_options=plain).rowcount
            setattr(result, name, getattr(result, name) + deleted)
        result.theme_links += db.session.execute(
            session_themes.delete().where(session_themes.c.session_id.in_(ids))).rowcount
        # A new version: a form opened on the session before the purge gets a conflict.
        db.session.execute(
            update(SupervisionSession).where(SupervisionSession.id.in_(ids))
            .values(content_purged_at=utcnow(), version=SupervisionSession.version + 1),
            execution_options=plain,
        )
        result.sessions += len(ids)
        db.session.commit()

    result.reflections = db.session.execute(delete(ReflectionEntry).where(old_reflections),
                                            execution_options=plain).rowcount
    result.request_topics = db.session.execute(update(TalkRequest).where(*old_topics).values(topic=""),
                                               execution_options=plain).rowcount
    if result.total:
        record("supervision.purge", actor=None, object_type="supervision", summary=result.summary())
    db.session.commit()
    db.session.expire_all()
    return result
