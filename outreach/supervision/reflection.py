"""The reflection log: a person's own notes, for their eyes only (rule "supervision.reflect").

An entry may answer the self-disclosure prompt from the handbook (004:1079-1108), and may be
marked "bring to supervision": then its title (never its text) goes on the agenda of the
author's next session (outreach/supervision/agenda.py). No client names or identifiers: every
text field runs the identifier guard. Audit rows name the entry and its date, never its words.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.core.forms import ConflictError, FieldError
from outreach.core.identifiers import findings_summary, guard_fields
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision.models import ReflectionEntry, SupervisionSession
from outreach.supervision.retention import cutoff_date

TITLE_MAX = 200
# Every field the writer types: all of them run the identifier guard.
TEXT_FIELDS = ("title", "body", "asked_before_sharing", "why_shared", "stopped_in_time", "about_whom")
PROMPT_FIELDS = ("asked_before_sharing", "why_shared", "stopped_in_time", "about_whom")


@dataclass
class EntryInput:
    written_on: date
    title: str
    body: str = ""
    asked_before_sharing: str = ""
    why_shared: str = ""
    stopped_in_time: str = ""
    about_whom: str = ""
    bring_to_supervision: bool = False

    def texts(self) -> dict[str, str]:
        return {name: (getattr(self, name) or "").strip() for name in TEXT_FIELDS}


def today() -> date:
    return utcnow().astimezone(OSLO).date()


def entries_query(author, q: str = ""):
    """The author's entries, newest first; `q` searches the titles."""
    query = db.select(ReflectionEntry).where(ReflectionEntry.author_id == author.id)
    if q:
        # autoescape: a % or _ typed in the search box is a character, not a wildcard.
        query = query.where(func.lower(ReflectionEntry.title).contains(q.lower(), autoescape=True))
    return query.order_by(ReflectionEntry.written_on.desc(), ReflectionEntry.id.desc())


def brought_dates(entries) -> dict[int, date]:
    """{entry id: the date of the held session it was brought to}, in one query."""
    session_ids = {e.brought_to_session_id for e in entries if e.brought_to_session_id is not None}
    if not session_ids:
        return {}
    starts = dict(db.session.execute(
        db.select(SupervisionSession.id, SupervisionSession.starts_at).where(SupervisionSession.id.in_(session_ids))
    ).all())
    return {e.id: starts[e.brought_to_session_id].astimezone(OSLO).date()
            for e in entries if e.brought_to_session_id in starts}


def _check(data: EntryInput, texts: dict[str, str]) -> None:
    if not texts["title"]:
        raise FieldError("title", _("Give the entry a title."))
    if len(texts["title"]) > TITLE_MAX:
        raise FieldError("title", ngettext("The title can be at most %(num)d character.",
                                           "The title can be at most %(num)d characters.", TITLE_MAX))
    if data.written_on is None:
        raise FieldError("written_on", _("Give a date."))
    if data.written_on > today():
        raise FieldError("written_on", _("The date cannot be in the future."))
    years = current_app.config["SUPERVISION_RETENTION_YEARS"]
    if data.written_on < cutoff_date(today(), years):
        # It would be deleted by the next retention purge.
        raise FieldError("written_on", ngettext("Entries older than %(num)d year are deleted. Choose a later date.",
                                                "Entries older than %(num)d years are deleted. Choose a later date.",
                                                years))


def _apply(entry: ReflectionEntry, data: EntryInput, texts: dict[str, str]) -> list[str]:
    """Write the input onto the entry; the names of the fields that changed."""
    changed = []
    values = {**texts, "written_on": data.written_on, "bring_to_supervision": bool(data.bring_to_supervision)}
    for name, value in values.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed.append(name)
    # Unticking "bring" on an entry already brought to a session leaves brought_to_session_id:
    # that it was brought to that session stays true.
    entry.updated_at = utcnow()
    return changed


def _audit_identifiers(entry: ReflectionEntry, findings, actor) -> None:
    if findings:
        record("supervision.identifiers_confirmed", obj=entry, actor=actor, subject_user_id=entry.author_id,
               summary=f"reflection entry {entry.id}: confirmed as not client identifiers: "
                       f"{findings_summary(findings)}")


def create_entry(author, data: EntryInput, *, confirmed: str | None = None, actor=None) -> ReflectionEntry:
    """A new entry in `author`'s log. Raises FieldError, or IdentifiersFound unless the writer
    confirmed exactly what the guard finds (`confirmed` is the digest they were shown)."""
    texts = data.texts()
    _check(data, texts)
    findings = guard_fields(texts, confirmed)
    entry = ReflectionEntry(author_id=author.id)
    _apply(entry, data, texts)
    db.session.add(entry)
    db.session.flush()
    record("reflection.create", obj=entry, actor=actor, subject_user_id=author.id,
           summary=f"reflection entry {entry.id} of {entry.written_on:%Y-%m-%d}")
    _audit_identifiers(entry, findings, actor)
    db.session.commit()
    return entry


def update_entry(entry: ReflectionEntry, data: EntryInput, *, version, confirmed: str | None = None,
                 actor=None) -> ReflectionEntry:
    """Save a change. `version` is the entry's version the writer started from: a save from
    another tab or device in between is a ConflictError, and nothing is overwritten."""
    if str(entry.version) != str(version or ""):
        raise ConflictError()
    texts = data.texts()
    _check(data, texts)
    findings = guard_fields(texts, confirmed)
    try:
        changed = _apply(entry, data, texts)
        record("reflection.update", obj=entry, actor=actor, subject_user_id=entry.author_id,
               summary=f"reflection entry {entry.id} of {entry.written_on:%Y-%m-%d}; changed: "
                       + (", ".join(changed) or "nothing"))
        _audit_identifiers(entry, findings, actor)
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        # Changed or deleted since it was read.
        db.session.rollback()
        raise ConflictError() from error
    return entry


def delete_entry(entry: ReflectionEntry, *, actor=None) -> None:
    record("reflection.delete", obj=entry, actor=actor, subject_user_id=entry.author_id,
           summary=f"reflection entry {entry.id} of {entry.written_on:%Y-%m-%d}")
    db.session.delete(entry)
    try:
        db.session.commit()
    except StaleDataError:
        # Deleted or changed in another tab meanwhile: delete what is there now.
        db.session.rollback()
        fresh = db.session.get(ReflectionEntry, entry.id)
        if fresh is not None:
            delete_entry(fresh, actor=actor)
