"""An HKH project's data collection and analysis: the plan of methods against sources, the
field log, and the findings with the log entries that support them.

The field log never holds names or identifiers: its notes and place run the identifier
guard (outreach/core/identifiers.py), and keeping something that looks like one needs the
writer's confirmation, which is audited (without the matched text).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from outreach.audit.services import record
from outreach.auth.models import User
from outreach.core.database import check_version, commit_or_conflict, flush_or_conflict
from outreach.core.forms import ConflictError, FieldError
from outreach.core.identifiers import findings_summary, guard_fields
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.hkh import rules
from outreach.hkh.models import AGE_GROUP_LABELS, Finding, HkhProject, LogEntry, MethodPlan

NOTES_MAX = 20000
FIRST_DAY = date(2000, 1, 1)  # earlier than any HKH (the method came in 2011): a typing error
PLANNED_MAX = 999


# --- the plan of methods against sources ----------------------------------------------------------


def planned_counts(project: HkhProject) -> dict[tuple[str, str], int]:
    return {(p.method, p.source): p.planned for p in db.session.scalars(
        select(MethodPlan).where(MethodPlan.project_id == project.id))}


def triangulation(project: HkhProject) -> rules.Matrix:
    done = db.session.execute(select(LogEntry.method, LogEntry.source).where(LogEntry.project_id == project.id))
    return rules.matrix(planned_counts(project), [(m, s) for m, s in done])


class PlanConflict(ConflictError):
    """Someone saved the plan since this form was loaded, and changed a cell this writer
    changed too, to another number. `theirs`: those cells as saved now."""

    def __init__(self, theirs: dict[tuple[str, str], int]):
        super().__init__()
        self.theirs = theirs


def set_plan(project: HkhProject, counts: dict[tuple[str, str], int | None], *, actor,
             seen: dict[tuple[str, str], int] | None = None) -> None:
    """Planned counts per (method, source); an empty or zero cell plans nothing.

    `seen` is the plan as the form showed it. Only the cells the writer changed from it are
    saved, so a colleague's change to another cell in between stays; a cell both changed, to
    different numbers, is a PlanConflict and nothing is saved. Without `seen`, every cell given
    is saved as given."""
    for (method, source), value in counts.items():
        if method not in rules.METHODS or source not in rules.SOURCES:
            raise FieldError("plan", _("The plan has a method or source that does not exist."))
        if value is not None and not (0 <= value <= PLANNED_MAX):
            raise FieldError(f"plan-{method}-{source}", _("From 0 to %(n)d.", n=PLANNED_MAX))
    # One plan save at a time per project (PostgreSQL; SQLite writes one at a time anyway), so
    # that what was read as saved is still saved when the changes go in.
    db.session.execute(select(HkhProject.id).where(HkhProject.id == project.id).with_for_update())
    rows = {(p.method, p.source): p for p in db.session.scalars(
        select(MethodPlan).where(MethodPlan.project_id == project.id).execution_options(populate_existing=True))}
    saved = {cell: row.planned for cell, row in rows.items()}
    changed = rules.plan_changes(counts, seen=saved if seen is None else seen, saved=saved)
    if changed.conflicts:
        raise PlanConflict(changed.conflicts)
    for (method, source), value in changed.cells.items():
        row = rows.get((method, source))
        if row is None:
            if value:
                db.session.add(MethodPlan(project_id=project.id, method=method, source=source, planned=value))
        else:
            row.planned = value
    total = sum(v for v in {**saved, **changed.cells}.values())
    record("hkh.plan", obj=project, actor=actor, summary=f"HKH project {project.id}: plan of {total} activities")
    commit_or_conflict()


# --- the field log ----------------------------------------------------------------------------------


@dataclass
class LogInput:
    method: str
    source: str
    held_on: date | None
    place: str = ""
    age_group: str = ""
    informants: int | None = None
    notes: str = ""
    team_ids: list[int] = field(default_factory=list)


def log_entries(project: HkhProject) -> list[LogEntry]:
    return list(db.session.scalars(select(LogEntry).where(LogEntry.project_id == project.id)
                                   .order_by(LogEntry.held_on.desc(), LogEntry.id.desc())))


def team_choices(project: HkhProject) -> list[User]:
    """Who can have taken part: the working group's colleagues."""
    return sorted((m.user for m in project.members if m.user is not None and m.user.active),
                  key=lambda u: u.full_name)


def _clean(project: HkhProject, data: LogInput, confirmed: str | None, keep: tuple[User, ...] = ()):
    if data.method not in rules.METHODS:
        raise FieldError("method", _("Choose the method."))
    if data.source not in rules.SOURCES:
        raise FieldError("source", _("Choose the informant category."))
    if data.held_on is None:
        raise FieldError("held_on", _("Give the date."))
    if data.held_on < FIRST_DAY:
        raise FieldError("held_on", _("Not a valid date."))
    if data.held_on > today_in_oslo():
        raise FieldError("held_on", _("Log what has been done: the date cannot be in the future."))
    if data.age_group not in AGE_GROUP_LABELS:
        raise FieldError("age_group", _("Choose among the age groups."))
    if data.informants is not None and not (1 <= data.informants <= 10000):
        raise FieldError("informants", _("A number from 1, or leave it empty."))
    if len(data.place or "") > 200:
        raise FieldError("place", _("At most %(n)d characters.", n=200))
    if len(data.notes or "") > NOTES_MAX:
        raise FieldError("notes", _("At most %(n)d characters.", n=NOTES_MAX))
    # Whoever an entry already names stays choosable: someone who left the working group
    # since took part all the same.
    allowed = {u.id: u for u in [*team_choices(project), *keep]}
    if any(user_id not in allowed for user_id in data.team_ids):
        raise FieldError("team_ids", _("Choose among the working group."))
    found = guard_fields({"notes": data.notes or "", "place": data.place or ""}, confirmed)
    return [allowed[i] for i in sorted(set(data.team_ids))], found


def add_entry(project: HkhProject, data: LogInput, *, confirmed: str | None = None, actor) -> LogEntry:
    team, found = _clean(project, data, confirmed)
    entry = LogEntry(project_id=project.id, method=data.method, source=data.source, held_on=data.held_on,
                     place=(data.place or "").strip(), age_group=data.age_group, informants=data.informants,
                     notes=(data.notes or "").strip(), created_by_id=actor.id, team=team)
    db.session.add(entry)
    flush_or_conflict()
    record("hkh.log_create", obj=project, actor=actor,
           summary=f"HKH project {project.id}: log entry {entry.id} ({data.method}, {data.source})")
    _confirmed(project, entry, found, actor)
    commit_or_conflict()
    return entry


def update_entry(entry: LogEntry, project: HkhProject, data: LogInput, *, version, confirmed: str | None = None,
                 actor) -> None:
    check_version(entry, version)
    team, found = _clean(project, data, confirmed, keep=tuple(entry.team))
    for name in ("method", "source", "held_on", "age_group", "informants"):
        setattr(entry, name, getattr(data, name))
    entry.place, entry.notes, entry.team = (data.place or "").strip(), (data.notes or "").strip(), team
    record("hkh.log_update", obj=project, actor=actor, summary=f"HKH project {project.id}: log entry {entry.id}")
    _confirmed(project, entry, found, actor)
    commit_or_conflict()


def _confirmed(project, entry, found, actor) -> None:
    if found:
        record("hkh.identifiers_confirmed", obj=project, actor=actor,
               summary=f"HKH project {project.id}: log entry {entry.id}: confirmed as not client identifiers: "
                       f"{findings_summary(found)}")


# --- findings ---------------------------------------------------------------------------------------


def findings_of(project: HkhProject) -> list[Finding]:
    return list(db.session.scalars(select(Finding).where(Finding.project_id == project.id)
                                   .order_by(Finding.position, Finding.id)))


def support_of(finding: Finding) -> rules.Support:
    return rules.support([(e.method, e.source) for e in finding.evidence])


@dataclass
class FindingInput:
    title: str
    description: str = ""
    entry_ids: list[int] = field(default_factory=list)


def _finding_input(project: HkhProject, data: FindingInput) -> list[LogEntry]:
    data.title = (data.title or "").strip()
    if not data.title:
        raise FieldError("title", _("Give the finding a title."))
    if len(data.title) > 300:
        raise FieldError("title", _("At most %(n)d characters.", n=300))
    if len(data.description or "") > NOTES_MAX:
        raise FieldError("description", _("At most %(n)d characters.", n=NOTES_MAX))
    entries = {e.id: e for e in log_entries(project)}
    if any(i not in entries for i in data.entry_ids):
        raise FieldError("entry_ids", _("Choose among the project's log entries."))
    return [entries[i] for i in sorted(set(data.entry_ids))]


def add_finding(project: HkhProject, data: FindingInput, *, actor) -> Finding:
    evidence = _finding_input(project, data)
    position = len(findings_of(project))
    finding = Finding(project_id=project.id, title=data.title, description=(data.description or "").strip(),
                      evidence=evidence, position=position)
    db.session.add(finding)
    flush_or_conflict()
    record("hkh.finding", obj=project, actor=actor,
           summary=f"HKH project {project.id}: finding {finding.id} with {len(evidence)} log entries")
    commit_or_conflict()
    return finding


def update_finding(finding: Finding, project: HkhProject, data: FindingInput, *, version, actor) -> None:
    check_version(finding, version)
    evidence = _finding_input(project, data)
    finding.title, finding.description, finding.evidence = data.title, (data.description or "").strip(), evidence
    record("hkh.finding", obj=project, actor=actor,
           summary=f"HKH project {project.id}: finding {finding.id} changed, {len(evidence)} log entries")
    commit_or_conflict()


def link_evidence(finding: Finding, entry: LogEntry, *, linked: bool, actor) -> None:
    """Link (or unlink) one log entry to a finding: from the log, where the entry is read."""
    if entry.project_id != finding.project_id:
        raise FieldError("finding_id", _("Choose a finding of the same project."))
    if linked and entry not in finding.evidence:
        finding.evidence.append(entry)
    elif not linked and entry in finding.evidence:
        finding.evidence.remove(entry)
    how = "linked to" if linked else "unlinked from"
    record("hkh.finding", object_type="hkh_projects", object_id=finding.project_id, actor=actor,
           summary=f"HKH project {finding.project_id}: log entry {entry.id} {how} finding {finding.id}")
    commit_or_conflict()
