"""What an HKH project ends in: the report (sections written in the app, exported as numbered
versions, printable and as Markdown) and the action plan (measures answering findings, with
owners, partners, deadlines and statuses, followed up at set reviews)."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from outreach.audit.services import record
from outreach.auth.models import Role, User
from outreach.core.database import check_version, commit_or_conflict, flush_or_conflict
from outreach.core.forms import ConflictError, FieldError
from outreach.core.timeutil import today_in_oslo, utcnow
from outreach.extensions import db
from outreach.hkh import rules
from outreach.hkh.models import (
    REPORT_SECTIONS,
    Finding,
    FollowUpReview,
    HkhProject,
    Measure,
    ReportSection,
    ReportVersion,
)

TEXT_MAX = 50000

# The exported report is a document in Norwegian, whatever language the writer uses: its
# section titles are the document's own.
REPORT_TITLES = {"background": "Bakgrunn", "method": "Metode", "findings": "Funn", "recommendations": "Anbefalinger"}


# --- the report ---------------------------------------------------------------------------------


def report_sections(project: HkhProject) -> list[tuple[str, ReportSection | None]]:
    saved = {s.key: s for s in db.session.scalars(select(ReportSection).where(ReportSection.project_id == project.id))}
    return [(key, saved.get(key)) for key in REPORT_SECTIONS]


def save_section(project: HkhProject, key: str, text: str, *, version, actor) -> ReportSection:
    if key not in REPORT_SECTIONS:
        raise FieldError("text", _("The report has no such section."))
    section = db.session.scalar(select(ReportSection).where(ReportSection.project_id == project.id,
                                                            ReportSection.key == key))
    check_version(section, version)
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise FieldError("text", _("At most %(n)d characters.", n=TEXT_MAX))
    if section is None:
        section = ReportSection(project_id=project.id, key=key)
        db.session.add(section)
    section.text, section.updated_at, section.updated_by_id = text, utcnow(), actor.id
    record("hkh.report_edit", obj=project, actor=actor, summary=f"HKH project {project.id}: report section {key}")
    commit_or_conflict()
    return section


def versions_of(project: HkhProject) -> list[ReportVersion]:
    return list(db.session.scalars(select(ReportVersion).where(ReportVersion.project_id == project.id)
                                   .options(selectinload(ReportVersion.created_by))
                                   .order_by(ReportVersion.number.desc())))


def markdown(project: HkhProject, sections: list[dict], number: int, day: date) -> str:
    """The report as Markdown: a title block, the sections, and under the findings section the
    findings as they stood at the export (the section's "findings" snapshot)."""
    lines = [f"# {project.title}", "", f"*Hurtig kartlegging og handling · versjon {number} · {day:%d.%m.%Y}*", ""]
    if project.commissioner:
        lines += [f"**Oppdragsgiver:** {project.commissioner}  ", ""]
    for section in sections:
        lines += [f"## {section['title']}", "", section["text"] or "_Ikke skrevet._", ""]
        if section.get("findings"):
            lines += [f"- **{f['title']}**" + (f": {f['description']}" if f["description"] else "")
                      for f in section["findings"]] + [""]
    return "\n".join(lines).rstrip() + "\n"


def export_report(project: HkhProject, *, actor) -> ReportVersion:
    """Freeze the report as it stands into the next numbered version: the sections' texts and,
    with the findings section, the findings as they are now, so that the printed version and
    its Markdown stay what was exported whatever is changed afterwards."""
    written = {key: section for key, section in report_sections(project)}
    if not any(s is not None and s.text for s in written.values()):
        raise FieldError("export", _("Write at least one section before exporting the report."))
    from outreach.hkh.fieldwork import findings_of

    found = [{"title": f.title, "description": f.description} for f in findings_of(project)]
    sections = [{"key": key, "title": REPORT_TITLES[key], "text": s.text if s else ""}
                | ({"findings": found} if key == "findings" else {}) for key, s in written.items()]
    number = (db.session.scalar(select(ReportVersion.number).where(ReportVersion.project_id == project.id)
                                .order_by(ReportVersion.number.desc()).limit(1)) or 0) + 1
    version = ReportVersion(project_id=project.id, number=number, sections=sections, created_by_id=actor.id,
                            markdown=markdown(project, sections, number, today_in_oslo()))
    db.session.add(version)
    flush_or_conflict()
    record("hkh.report_export", obj=project, actor=actor, summary=f"HKH project {project.id}: report version {number}")
    commit_or_conflict()
    return version


# --- the action plan ----------------------------------------------------------------------------


def measures_of(project: HkhProject) -> list[Measure]:
    return list(db.session.scalars(select(Measure).where(Measure.project_id == project.id)
                                   .order_by(Measure.deadline.is_(None), Measure.deadline, Measure.id)))


def plan_summary(project: HkhProject, today: date | None = None) -> rules.PlanSummary:
    rows = db.session.execute(select(Measure.status, Measure.deadline).where(Measure.project_id == project.id))
    return rules.summary([(s, d) for s, d in rows], today or today_in_oslo())


def owner_choices() -> list[User]:
    from outreach.people.services import working_staff

    return list(db.session.scalars(working_staff()))


def colleague_names() -> list[tuple[int, str]]:
    """`owner_choices` as (id, name) rows, for a select of the whole service: hundreds of users
    as ORM objects would bring their roles and teams along, most of a page's time."""
    from outreach.people.services import working_staff

    return [(row.id, row.full_name) for row in
            db.session.execute(working_staff().with_only_columns(User.id, User.full_name))]


@dataclass
class MeasureInput:
    title: str
    description: str = ""
    owner_id: int | None = None
    partner: str = ""
    deadline: date | None = None
    status: str = "planned"
    finding_ids: list[int] = field(default_factory=list)
    became_project_id: int | None = None  # the measure became a project of its own


def _measure_input(project: HkhProject, data: MeasureInput,
                   measure: Measure | None = None) -> tuple[User | None, list[Finding]]:
    data.title = (data.title or "").strip()
    if not data.title:
        raise FieldError("title", _("Give the measure a title."))
    if len(data.title) > 300:
        raise FieldError("title", _("At most %(n)d characters.", n=300))
    if len(data.description or "") > 10000:
        raise FieldError("description", _("At most %(n)d characters.", n=10000))
    if len(data.partner or "") > 200:
        raise FieldError("partner", _("At most %(n)d characters.", n=200))
    if data.deadline is not None and not (date(2000, 1, 1) <= data.deadline <= date(2100, 12, 31)):
        raise FieldError("deadline", _("Not a valid date."))
    if data.status not in rules.MEASURE_STATUSES:
        raise FieldError("status", _("Choose the status."))
    owner = db.session.get(User, data.owner_id) if data.owner_id else None
    # A measure keeps an owner who has left until someone is chosen instead: its other fields
    # can still be changed.
    kept = measure is not None and owner is not None and owner.id == measure.owner_id
    if data.owner_id and (owner is None or not (owner.active or kept)):
        raise FieldError("owner_id", _("Choose an active colleague."))
    if data.became_project_id is not None:
        became = db.session.get(HkhProject, data.became_project_id)
        if became is None or became.id == project.id:
            raise FieldError("became_project_id", _("Choose one of the other projects."))
    from outreach.hkh.fieldwork import findings_of

    findings = {f.id: f for f in findings_of(project)}
    if any(i not in findings for i in data.finding_ids):
        raise FieldError("finding_ids", _("Choose among the project's findings."))
    return owner, [findings[i] for i in sorted(set(data.finding_ids))]


def add_measure(project: HkhProject, data: MeasureInput, *, actor) -> Measure:
    owner, findings = _measure_input(project, data)
    measure = Measure(project_id=project.id, title=data.title, description=(data.description or "").strip(),
                      owner_id=owner.id if owner else None, partner=(data.partner or "").strip(),
                      deadline=data.deadline, status=data.status, findings=findings,
                      became_project_id=data.became_project_id)
    db.session.add(measure)
    flush_or_conflict()
    record("hkh.measure", obj=project, actor=actor, summary=f"HKH project {project.id}: measure {measure.id} added")
    commit_or_conflict()
    return measure


def update_measure(measure: Measure, project: HkhProject, data: MeasureInput, *, version, actor) -> None:
    check_version(measure, version)
    owner, findings = _measure_input(project, data, measure)
    before = measure.status
    measure.title, measure.description = data.title, (data.description or "").strip()
    measure.owner_id, measure.partner = (owner.id if owner else None), (data.partner or "").strip()
    measure.deadline, measure.status, measure.findings = data.deadline, data.status, findings
    measure.became_project_id = data.became_project_id
    measure.updated_at = utcnow()
    record("hkh.measure", obj=project, actor=actor,
           summary=f"HKH project {project.id}: measure {measure.id} changed"
                   + (f", {before} -> {data.status}" if before != data.status else ""))
    commit_or_conflict()


def overdue_measures(user, *, today: date | None = None, limit: int = 20) -> list[Measure]:
    """Overdue measures `user` should see on their start page: their own, and for leaders
    those of every project that is not archived."""
    today = today or today_in_oslo()
    query = (select(Measure).join(HkhProject, HkhProject.id == Measure.project_id)
             .options(joinedload(Measure.owner).lazyload("*"), lazyload(Measure.findings))
             .where(HkhProject.archived.is_(False), Measure.status.in_(["planned", "under_way"]),
                    Measure.deadline < today))
    if not user.has_role(Role.LEADER):
        query = query.where(Measure.owner_id == user.id)
    return list(db.session.scalars(query.order_by(Measure.deadline, Measure.id).limit(limit)))


# --- follow-up reviews --------------------------------------------------------------------------


def reviews_of(project: HkhProject) -> list[FollowUpReview]:
    return list(db.session.scalars(select(FollowUpReview).where(FollowUpReview.project_id == project.id)
                                   .order_by(FollowUpReview.months)))


def record_review(review: FollowUpReview, project: HkhProject, *, held_on: date | None, summary: str,
                  progress: dict[int, tuple[str, str]], actor, version=None,
                  seen: dict[int, str] | None = None) -> None:
    """Record a follow-up review: each measure's status then, with a note; the measures take
    the new status. `version` is the review's and `seen` each measure's version as the form
    showed them: a change by someone else in between is a ConflictError, never overwritten."""
    if version is not None:
        check_version(review, version)
    if held_on is None:
        raise FieldError("held_on", _("Give the date of the review."))
    if held_on > today_in_oslo():
        raise FieldError("held_on", _("A review is recorded once it has been held."))
    if len(summary or "") > 10000:
        raise FieldError("summary", _("At most %(n)d characters.", n=10000))
    measures = {m.id: m for m in measures_of(project)}
    if any(str(measures[i].version) != str(v) for i, v in (seen or {}).items() if i in measures):
        raise ConflictError()
    rows = []
    for measure_id, (status, note) in progress.items():
        if measure_id not in measures or status not in rules.MEASURE_STATUSES:
            raise FieldError("summary", _("The review lists a measure or a status that does not exist."))
        rows.append({"measure_id": measure_id, "status": status, "note": (note or "").strip()[:2000]})
        if measures[measure_id].status != status:
            measures[measure_id].status, measures[measure_id].updated_at = status, utcnow()
    review.held_on, review.summary, review.progress = held_on, (summary or "").strip(), rows
    review.recorded_by_id = actor.id
    record("hkh.review", obj=project, actor=actor,
           summary=f"HKH project {project.id}: {review.months}-month review held {held_on.isoformat()}")
    commit_or_conflict()
