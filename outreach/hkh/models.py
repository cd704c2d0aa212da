"""HKH (hurtig kartlegging og handling): rapid assessment projects, from the mandate to an
action plan that is followed up (004:187-206, 1005-1035; research/anchors.md A4).

A project has its mandate, a working group, a plan of methods against sources, a field log
(no names: the identifier guard runs on it; raw notes are for the working group only),
findings linked to the log entries that support them, a report written in sections and
exported as numbered versions, and an action plan of measures with follow-up reviews.
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.auth.models import User
from outreach.core.db_types import UTCDateTime
from outreach.core.timeutil import utcnow
from outreach.extensions import db


class Phase(StrEnum):
    PREPARATION = "preparation"
    DATA_COLLECTION = "data_collection"
    ANALYSIS = "analysis"
    REPORT = "report"
    ACTION = "action"
    FOLLOW_UP = "follow_up"


PHASE_LABELS = {
    Phase.PREPARATION: _l("Preparation: mandate and kick-off"),
    Phase.DATA_COLLECTION: _l("Data collection"),
    Phase.ANALYSIS: _l("Analysis"),
    Phase.REPORT: _l("Report"),
    Phase.ACTION: _l("Action plan"),
    Phase.FOLLOW_UP: _l("Follow-up"),
}

METHOD_LABELS = {
    "interview": _l("Interviews"),
    "focus_group": _l("Focus groups"),
    "observation": _l("Observation"),
    "survey": _l("Surveys"),
    "documents": _l("Documents and statistics"),
}

SOURCE_LABELS = {
    "target_group": _l("The target group"),
    "professionals": _l("Professionals"),
    "partners": _l("Partners"),
    "others": _l("Others"),
}

MEMBER_ROLE_LABELS = {
    "lead": _l("Project lead"),
    "member": _l("Member"),
    "ec": _l("Experience consultant"),
    "external": _l("External partner"),
}

AGE_GROUP_LABELS = {
    "": _l("Not given"),
    "under_18": _l("Under 18"),
    "18_25": _l("18–25"),
    "26_40": _l("26–40"),
    "over_40": _l("Over 40"),
    "mixed": _l("Mixed ages"),
}

MEASURE_STATUS_LABELS = {
    "planned": _l("Planned"),
    "under_way": _l("Under way"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}

REPORT_SECTIONS = {
    "background": _l("Background"),
    "method": _l("Method"),
    "findings": _l("Findings"),
    "recommendations": _l("Recommendations"),
}


class HkhProject(db.Model):
    __tablename__ = "hkh_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    commissioner: Mapped[str] = mapped_column(String(200), default="")  # oppdragsgiver
    problem: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    phase: Mapped[str] = mapped_column(String(20), default=Phase.PREPARATION)
    kickoff_on: Mapped[date | None]  # the kick-off consultation with the commissioner
    plan_adopted_on: Mapped[date | None]  # the action plan was adopted: follow-up reviews count from here
    archived: Mapped[bool] = mapped_column(default=False)  # an earlier project, kept for its plan
    # Grew out of another project's action plan (a new project or a measure that became one).
    origin_project_id: Mapped[int | None] = mapped_column(ForeignKey("hkh_projects.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    origin: Mapped["HkhProject | None"] = relationship(remote_side=[id], foreign_keys=[origin_project_id])
    members: Mapped[list["ProjectMember"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", lazy="selectin", order_by="ProjectMember.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def phase_label(self) -> str:
        return str(PHASE_LABELS[Phase(self.phase)])

    @property
    def member_user_ids(self) -> set[int]:
        return {m.user_id for m in self.members if m.user_id is not None}


class ProjectMember(db.Model):
    """Someone in the working group: a colleague (user) or an external partner (by name)."""

    __tablename__ = "hkh_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")  # an external member's name
    organisation: Mapped[str] = mapped_column(String(200), default="")  # e.g. KORUS Oslo
    role: Mapped[str] = mapped_column(String(20), default="member")

    project: Mapped[HkhProject] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("project_id", "user_id", name="uq_hkh_members_project_user"),)

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user is not None else self.name

    @property
    def role_label(self) -> str:
        return str(MEMBER_ROLE_LABELS.get(self.role, self.role))


class MethodPlan(db.Model):
    """How many activities of a method the project plans with a source."""

    __tablename__ = "hkh_method_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    planned: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("project_id", "method", "source", name="uq_hkh_method_plans_cell"),)


log_participants = Table(
    "hkh_log_participants",
    db.metadata,
    Column("entry_id", ForeignKey("hkh_log_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)

finding_evidence = Table(
    "hkh_finding_evidence",
    db.metadata,
    Column("finding_id", ForeignKey("hkh_findings.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("hkh_log_entries.id", ondelete="CASCADE"), primary_key=True),
)

measure_findings = Table(
    "hkh_measure_findings",
    db.metadata,
    Column("measure_id", ForeignKey("hkh_measures.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", ForeignKey("hkh_findings.id", ondelete="CASCADE"), primary_key=True),
)


class LogEntry(db.Model):
    """One activity of the field work. No names or identifiers: the notes run the guard."""

    __tablename__ = "hkh_log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))  # the informant category
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    age_group: Mapped[str] = mapped_column(String(20), default="")
    informants: Mapped[int | None]  # how many took part (a count, never who)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    team: Mapped[list[User]] = relationship(secondary=log_participants, order_by=User.full_name, lazy="selectin")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_hkh_log_entries_project", "project_id", "held_on"),)

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))

    @property
    def age_group_label(self) -> str:
        return str(AGE_GROUP_LABELS.get(self.age_group, self.age_group))

    @property
    def ec_present(self) -> bool:
        return any(getattr(u.profile, "role_type", "") == "ec" for u in self.team)


class Finding(db.Model):
    """A theme the analysis found, with the log entries that support it."""

    __tablename__ = "hkh_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    evidence: Mapped[list[LogEntry]] = relationship(secondary=finding_evidence, order_by=LogEntry.held_on,
                                                    lazy="selectin")

    __mapper_args__ = {"version_id_col": version}


class ReportSection(db.Model):
    __tablename__ = "hkh_report_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("project_id", "key", name="uq_hkh_report_sections_key"),)


class ReportVersion(db.Model):
    """An export of the report: a numbered snapshot, printed or downloaded as Markdown."""

    __tablename__ = "hkh_report_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    markdown: Mapped[str] = mapped_column(Text)
    sections: Mapped[list] = mapped_column(JSON, default=list)  # [{"key", "title", "text"}] as exported
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("project_id", "number", name="uq_hkh_report_versions_number"),)


class Measure(db.Model):
    """A measure (tiltak) of the action plan."""

    __tablename__ = "hkh_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    partner: Mapped[str] = mapped_column(String(200), default="")
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    # A measure that became a project of its own (Perspektiv from Innenfor utenfor).
    became_project_id: Mapped[int | None] = mapped_column(ForeignKey("hkh_projects.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User | None] = relationship(lazy="joined")
    findings: Mapped[list[Finding]] = relationship(secondary=measure_findings, lazy="selectin")
    became_project: Mapped[HkhProject | None] = relationship(foreign_keys=[became_project_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return str(MEASURE_STATUS_LABELS.get(self.status, self.status))


class FollowUpReview(db.Model):
    """A follow-up review of the action plan, due a set interval after the plan was made."""

    __tablename__ = "hkh_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("hkh_projects.id", ondelete="CASCADE"), index=True)
    months: Mapped[int]  # after the action plan: 6, 12
    due_on: Mapped[date]
    held_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[list] = mapped_column(JSON, default=list)  # [{"measure_id", "status", "note"}]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("project_id", "months", name="uq_hkh_reviews_months"),)
