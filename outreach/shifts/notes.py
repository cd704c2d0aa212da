"""Shift notes: the pair's plan before an outreach shift and the short report after it.

No client names or identifiers belong here: every save runs the identifier guard, and a
writer who keeps something that looks like one must confirm it is not a client's. The
"needs debrief" flag reaches the supervisors of the people on the shift as a count and a
list of shifts, never as the report's content.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.core.forms import ConflictError
from outreach.core.identifiers import findings_summary, guard_fields
from outreach.core.timeutil import utcnow
from outreach.extensions import db
from outreach.people.models import Area, StaffProfile
from outreach.shifts.models import Shift, ShiftAssignment, ShiftNote
from outreach.shifts.rules import ShiftKind
from outreach.shifts.services import assignment_overlaps

PLAN = "plan"
REPORT = "report"
NOTE_KINDS = (PLAN, REPORT)
# The kinds of shift that have a plan and a report.
NOTE_SHIFT_KINDS = {ShiftKind.OUTREACH.value}
OPEN_REPORT_DAYS = 14
DEBRIEF_DAYS = 30


class ReportTooEarly(Exception):
    """A report is written once the shift has begun."""


def has_notes(shift: Shift) -> bool:
    return shift.kind in NOTE_SHIFT_KINDS


def report_open(shift: Shift, now: datetime | None = None) -> bool:
    return shift.starts_at <= (now or utcnow())


def note_for(shift: Shift, kind: str) -> ShiftNote | None:
    return db.session.scalar(db.select(ShiftNote).where(ShiftNote.shift_id == shift.id, ShiftNote.kind == kind))


@dataclass
class NoteInput:
    body: str = ""
    areas: list[Area] | None = None
    contacts: int | None = None
    themes: str = ""
    incidents: str = ""
    needs_debrief: bool = False


def save_note(shift: Shift, kind: str, data: NoteInput, *, author: StaffProfile, version,
              confirmed: str | None = None, actor=None) -> ShiftNote:
    """Write the shift's plan or report.

    `version` is the note's version the writer started from ("" for a new note): another
    writer's save in between is a ConflictError. `confirmed` is the digest of the findings
    the writer confirmed are not client identifiers; anything else found raises
    IdentifiersFound and nothing is saved.
    """
    if kind not in NOTE_KINDS or not has_notes(shift):
        raise ValueError(f"no {kind} for a {shift.kind} shift")
    if kind == REPORT and not report_open(shift):
        raise ReportTooEarly()
    note = note_for(shift, kind)
    if str(note.version if note is not None else "") != str(version or ""):
        raise ConflictError()
    fields = {"body": data.body, "themes": data.themes, "incidents": data.incidents}
    if kind == PLAN:
        fields["themes"] = fields["incidents"] = ""
    findings = guard_fields(fields, confirmed)

    created = note is None
    try:
        with db.session.no_autoflush:  # one flush, below, where a conflict is caught
            if created:
                note = ShiftNote(shift_id=shift.id, kind=kind)
                db.session.add(note)
            note.body = (fields["body"] or "").strip()
            note.themes = (fields["themes"] or "").strip()
            note.incidents = (fields["incidents"] or "").strip()
            note.contacts = data.contacts if kind == REPORT else None
            note.needs_debrief = bool(data.needs_debrief) if kind == REPORT else False
            note.areas = list(data.areas or [])
            note.author_id = author.id
            # Always a change to the row itself, so that its version moves even when only the
            # areas (another table) changed: a second writer's stale save is then caught.
            note.updated_at = utcnow()
        db.session.flush()
    except (IntegrityError, StaleDataError) as error:
        # Another writer created or changed the note since it was read.
        db.session.rollback()
        raise ConflictError() from error
    summary = f"{kind} for shift {shift.id} {shift.starts_at:%Y-%m-%d %H:%M}Z"
    if note.needs_debrief:
        summary += ", needs debrief"
    record("shift_note.create" if created else "shift_note.update", obj=note, actor=actor, summary=summary)
    if findings:
        record("shift_note.identifiers_confirmed", obj=note, actor=actor,
               summary=f"Confirmed as not client identifiers: {findings_summary(findings)}")
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        raise ConflictError() from error
    return note


# --- what Min side asks ------------------------------------------------------------------


def open_reports(profile: StaffProfile, now: datetime | None = None, days: int = OPEN_REPORT_DAYS) -> list[Shift]:
    """Published outreach shifts `profile` was on that ended in the last `days` days and
    have no report yet, the latest first."""
    now = now or utcnow()
    has_report = exists().where(ShiftNote.shift_id == Shift.id, ShiftNote.kind == REPORT)
    return list(db.session.scalars(
        db.select(Shift).join(ShiftAssignment)
        .where(ShiftAssignment.staff_id == profile.id, *assignment_overlaps(now - timedelta(days=days), now),
               Shift.status == "published", Shift.kind.in_(NOTE_SHIFT_KINDS), Shift.ends_at <= now,
               Shift.ends_at > now - timedelta(days=days), ~has_report)
        .order_by(Shift.starts_at.desc())
    ))


def _debrief_query(supervisor_id: int, since: datetime):
    # Bounded on the assignment's copy of the shift's start too: PostgreSQL turns the EXISTS
    # into a join, which otherwise reads every year of the supervisees' assignments.
    supervisee_on_shift = (
        select(ShiftAssignment.id).join(StaffProfile, StaffProfile.id == ShiftAssignment.staff_id)
        .where(ShiftAssignment.shift_id == ShiftNote.shift_id, StaffProfile.supervisor_id == supervisor_id,
               ShiftAssignment.shift_starts_at >= since)
        .exists()
    )
    return (
        db.select(ShiftNote).join(Shift, Shift.id == ShiftNote.shift_id)
        .where(ShiftNote.kind == REPORT, ShiftNote.needs_debrief, Shift.starts_at >= since,
               supervisee_on_shift)
    )


def debrief_count(supervisor, now: datetime | None = None, days: int = DEBRIEF_DAYS) -> int:
    """How many reports of the last `days` days, from shifts the supervisor's supervisees
    were on, ask for a debrief."""
    since = (now or utcnow()) - timedelta(days=days)
    query = _debrief_query(supervisor.id, since).with_only_columns(func.count(ShiftNote.id)).order_by(None)
    return db.session.scalar(query) or 0


@dataclass
class DebriefRow:
    """A report that asks for a debrief, as the supervisor sees it: when, which shift, who."""

    shift: Shift
    people: list[StaffProfile]


def debrief_rows(supervisor, now: datetime | None = None, days: int = DEBRIEF_DAYS) -> list[DebriefRow]:
    since = (now or utcnow()) - timedelta(days=days)
    # The shifts with their teams in the same query: not one more query per report.
    notes = db.session.scalars(_debrief_query(supervisor.id, since)
                               .options(contains_eager(ShiftNote.shift).joinedload(Shift.team))
                               .order_by(Shift.starts_at.desc())).all()
    return [
        DebriefRow(note.shift, sorted((a.staff for a in note.shift.assignments
                                       if a.staff.supervisor_id == supervisor.id), key=lambda p: p.name))
        for note in notes
    ]
