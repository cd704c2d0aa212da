"""HKH projects: the mandate, the working group, the phases and their gaps, origins.

Each operation validates, writes, audits and commits. Who may call which is decided in
`outreach/auth/policy.py` ("hkh.*"): everyone reads a project's mandate, findings, report
and action plan; the working group and leaders change it; raw field notes are for the
working group only.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload

from outreach.audit.services import record
from outreach.auth.models import User
from outreach.core.database import check_version, commit_or_conflict, duplicate_refused, flush_or_conflict
from outreach.core.forms import FieldError
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.hkh import rules
from outreach.hkh.models import (
    Finding,
    FollowUpReview,
    HkhProject,
    LogEntry,
    Measure,
    MethodPlan,
    ProjectMember,
    ReportVersion,
    finding_evidence,
)

GAP_TEXTS = {
    "mandate": _l("The mandate is not complete: the commissioner, the problem and the target group."),
    "period": _l("The period is not set."),
    "kickoff": _l("The kick-off consultation with the commissioner has not been held."),
    "lead": _l("The working group has no project lead."),
    "method_plan": _l("No methods are planned against the sources."),
    "field_log": _l("Nothing is logged from the field work yet."),
    "findings": _l("No finding is linked to what was logged."),
    "report": _l("The report has not been exported as a version yet."),
    "action_plan": _l("There is no action plan yet."),
    "measure_owners": _l("Some measures have no owner or no deadline."),
}

WARNING_TEXTS = {
    "no_ec": _l("No experience consultant is in the working group: they bridge between those mapped and the "
                "commissioner, and support the interviews with the target group."),
    "no_lead": _l("The working group has no project lead."),
    "group_size": _l("A working group usually has five to seven people."),
}

TITLE_MAX, TEXT_MAX = 200, 10000


@dataclass
class ProjectFilter:
    text: str = ""
    phase: str = ""
    archived: bool = False


def project_list(filters: ProjectFilter | None = None):
    filters = filters or ProjectFilter()
    # The list shows no working group: members (with their accounts) only if asked for.
    query = select(HkhProject).where(HkhProject.archived.is_(filters.archived)).options(lazyload(HkhProject.members))
    if filters.phase in rules.PHASES:
        query = query.where(HkhProject.phase == filters.phase)
    if filters.text.strip():
        needle = filters.text.strip().lower()
        query = query.where(or_(func.lower(HkhProject.title).contains(needle, autoescape=True),
                                func.lower(HkhProject.commissioner).contains(needle, autoescape=True)))
    return query.order_by(HkhProject.starts_on.desc().nulls_last(), HkhProject.id.desc())


# --- the mandate --------------------------------------------------------------------------------


@dataclass
class MandateInput:
    title: str
    commissioner: str = ""
    problem: str = ""
    target_group: str = ""
    area: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    kickoff_on: date | None = None
    origin_project_id: int | None = None


def _title_taken(title: str, exclude_id: int | None = None) -> bool:
    query = select(HkhProject.id).where(func.lower(HkhProject.title) == title.lower())
    if exclude_id is not None:
        query = query.where(HkhProject.id != exclude_id)
    return db.session.scalar(query) is not None


def _clean(data: MandateInput, project: HkhProject | None) -> MandateInput:
    data.title = (data.title or "").strip()
    if not data.title:
        raise FieldError("title", _("Give the project a title."))
    if len(data.title) > TITLE_MAX:
        raise FieldError("title", _("At most %(n)d characters.", n=TITLE_MAX))
    if _title_taken(data.title, project.id if project else None):
        raise FieldError("title", _("There is already a project with that title."))
    for name in ("commissioner", "area"):
        value = (getattr(data, name) or "").strip()
        if len(value) > 200:
            raise FieldError(name, _("At most %(n)d characters.", n=200))
        setattr(data, name, value)
    for name in ("problem", "target_group"):
        value = (getattr(data, name) or "").strip()
        if len(value) > TEXT_MAX:
            raise FieldError(name, _("At most %(n)d characters.", n=TEXT_MAX))
        setattr(data, name, value)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise FieldError("ends_on", _("The period cannot end before it starts."))
    if data.origin_project_id is not None:
        origin = db.session.get(HkhProject, data.origin_project_id)
        if origin is None or (project is not None and origin.id == project.id):
            raise FieldError("origin_project_id", _("Choose one of the other projects."))
    return data


def create_project(data: MandateInput, *, actor, lead: User | None = None) -> HkhProject:
    data = _clean(data, None)
    project = HkhProject(title=data.title, commissioner=data.commissioner, problem=data.problem,
                         target_group=data.target_group, area=data.area, starts_on=data.starts_on,
                         ends_on=data.ends_on, kickoff_on=data.kickoff_on, origin_project_id=data.origin_project_id,
                         created_by_id=actor.id)
    if lead is not None:
        project.members.append(ProjectMember(user_id=lead.id, role="lead"))
    with duplicate_refused(FieldError("title", _("There is already a project with that title.")),
                           lambda: _title_taken(data.title)):
        db.session.add(project)
        db.session.flush()
        record("hkh.project_create", obj=project, actor=actor, summary=f"HKH project {project.id}")
        db.session.commit()
    return project


def update_mandate(project: HkhProject, data: MandateInput, *, version, actor) -> None:
    check_version(project, version)
    data = _clean(data, project)
    for name in ("title", "commissioner", "problem", "target_group", "area", "starts_on", "ends_on", "kickoff_on",
                 "origin_project_id"):
        setattr(project, name, getattr(data, name))
    record("hkh.project_update", obj=project, actor=actor, summary=f"HKH project {project.id}: mandate")
    commit_or_conflict()


# --- the working group --------------------------------------------------------------------------


def add_member(project: HkhProject, *, user_id: int | None, name: str, organisation: str, role: str,
               actor) -> ProjectMember:
    if role not in ("lead", "member", "ec", "external"):
        raise FieldError("role", _("Choose the role in the working group."))
    user = db.session.get(User, user_id) if user_id else None
    name, organisation = (name or "").strip()[:200], (organisation or "").strip()[:200]
    if user is None and not name:
        raise FieldError("user_id", _("Choose a colleague, or write an external member's name."))
    if user is not None and user.id == actor.id:
        raise FieldError("user_id", _("Nobody adds themselves to a working group: ask the project lead or a leader."))
    if user is not None and user.id in project.member_user_ids:
        raise FieldError("user_id", _("%(name)s is already in the working group.", name=user.full_name))
    if user is not None and not user.active:
        raise FieldError("user_id", _("Choose an active colleague."))
    member = ProjectMember(user_id=user.id if user else None, name="" if user else name,
                           organisation=organisation, role=role)
    project.members.append(member)
    flush_or_conflict()
    record("hkh.member", obj=project, actor=actor,
           summary=f"HKH project {project.id}: member {member.id} added as {role}")
    commit_or_conflict()
    return member


def remove_member(project: HkhProject, member: ProjectMember, *, actor) -> None:
    project.members.remove(member)
    record("hkh.member", obj=project, actor=actor, summary=f"HKH project {project.id}: member {member.id} removed")
    commit_or_conflict()


def group_warnings(project: HkhProject) -> list[str]:
    ecs = sum(1 for m in project.members
              if m.role == "ec" or (m.user is not None and getattr(m.user.profile, "role_type", "") == "ec"))
    return rules.group_warnings([m.role for m in project.members], ecs)


# --- phases -------------------------------------------------------------------------------------


def facts(project: HkhProject) -> rules.ProjectFacts:
    def count(query) -> int:
        return db.session.scalar(query) or 0

    with_evidence = count(select(func.count(func.distinct(finding_evidence.c.finding_id)))
                          .join(Finding, Finding.id == finding_evidence.c.finding_id)
                          .where(Finding.project_id == project.id))
    measures = db.session.execute(select(Measure.owner_id, Measure.deadline).where(
        Measure.project_id == project.id, Measure.status != "dropped")).all()
    planned = select(func.coalesce(func.sum(MethodPlan.planned), 0)).where(MethodPlan.project_id == project.id)
    return rules.ProjectFacts(
        commissioner=project.commissioner, problem=project.problem, target_group=project.target_group,
        starts_on=project.starts_on, ends_on=project.ends_on, kickoff_on=project.kickoff_on,
        leads=sum(1 for m in project.members if m.role == "lead"),
        planned=count(planned),
        log_entries=count(select(func.count()).select_from(LogEntry).where(LogEntry.project_id == project.id)),
        findings_with_evidence=with_evidence,
        report_versions=count(select(func.count()).select_from(ReportVersion).where(
            ReportVersion.project_id == project.id)),
        measures=len(measures),
        measures_without_owner_or_deadline=sum(1 for owner, deadline in measures if owner is None or deadline is None),
    )


def current_gaps(project: HkhProject) -> list[str]:
    return rules.gaps(project.phase, facts(project))


def move_phase(project: HkhProject, target: str, *, version, accept_gaps: bool, actor) -> list[str]:
    """Move to the next phase (or back one). Moving on with gaps needs `accept_gaps`: the
    page shows them first. Returns the gaps moved past (kept in the audit row)."""
    check_version(project, version)
    if project.archived:
        raise FieldError("phase", _("The project is archived."))
    if target not in (rules.next_phase(project.phase), rules.previous_phase(project.phase)):
        raise FieldError("phase", _("A project moves one phase at a time."))
    missing = current_gaps(project) if target == rules.next_phase(project.phase) else []
    if missing and not accept_gaps:
        raise GapsFound(missing)
    before = project.phase
    project.phase = target
    if target == "follow_up" and project.plan_adopted_on is None:
        project.plan_adopted_on = today_in_oslo()
        for months, due in rules.review_dates(project.plan_adopted_on).items():
            db.session.add(FollowUpReview(project_id=project.id, months=months, due_on=due))
    record("hkh.phase", obj=project, actor=actor,
           summary=f"HKH project {project.id}: {before} -> {target}"
                   + (f", moved on although: {', '.join(missing)}" if missing else ""))
    commit_or_conflict()
    return missing


class GapsFound(Exception):
    def __init__(self, gaps: list[str]):
        super().__init__(gaps)
        self.gaps = gaps


def set_archived(project: HkhProject, archived: bool, *, actor) -> None:
    """An earlier project is kept for its plan and findings, out of the running list."""
    if project.archived == archived:
        return
    project.archived = archived
    record("hkh.project_update", obj=project, actor=actor,
           summary=f"HKH project {project.id}: {'archived' if archived else 'taken out of the archive'}")
    commit_or_conflict()


def grown_from(project: HkhProject) -> list[HkhProject]:
    """The projects that grew out of this one's action plan."""
    return list(db.session.scalars(select(HkhProject).where(HkhProject.origin_project_id == project.id)
                                   .order_by(HkhProject.starts_on, HkhProject.id)))
