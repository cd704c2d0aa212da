"""Recruitment: from a mapped need to a vacancy, its candidates, interviews with the service's
interview guides, references, hiring and the new colleague's onboarding plan.

Candidates' data (contact details, documents, comments, interview notes, references) is
personal data kept only as long as needed: `retention.py` deletes it for candidates who were
not hired, a setting's length after the vacancy closed, and keeps anonymous counts on the
vacancy. Who may read what is decided in `outreach/auth/policy.py` ("recruitment.*").
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
from outreach.people.models import Area, StaffProfile, Team
from outreach.people.positions import is_ec_position, position_label


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    FILLED = "filled"
    CANCELLED = "cancelled"


VACANCY_STATUS_LABELS = {
    VacancyStatus.DRAFT: _l("Draft"),
    VacancyStatus.OPEN: _l("Open for applications"),
    VacancyStatus.INTERVIEWING: _l("Interviewing"),
    VacancyStatus.OFFER: _l("Offer made"),
    VacancyStatus.FILLED: _l("Filled"),
    VacancyStatus.CANCELLED: _l("Cancelled"),
}

CONTRACT_CHOICES = {
    "permanent": _l("Permanent"),
    "temporary": _l("Temporary"),
    "hourly": _l("Hourly / on call"),
}

GENDER_LABELS = {
    "": _l("Not given"),
    "female": _l("Woman"),
    "male": _l("Man"),
    "other": _l("Other"),
}

RECOMMENDATION_LABELS = {
    "strong_no": _l("Strong no"),
    "no": _l("No"),
    "yes": _l("Yes"),
    "strong_yes": _l("Strong yes"),
}

DOCUMENT_KIND_LABELS = {
    "application": _l("Application"),
    "cv": _l("CV"),
    "certificate": _l("Certificates and diplomas"),
    "other": _l("Other"),
}

STAGE_LABELS = {
    "received": _l("Received"),
    "screened": _l("Screened"),
    "first_interview": _l("First interview"),
    "second_interview": _l("Second interview"),
    "references": _l("References"),
    "offer": _l("Offer"),
    "hired": _l("Hired"),
    "rejected": _l("Rejected"),
}

REJECTION_LABELS = {
    "not_qualified": _l("Does not meet the requirements"),
    "other_better": _l("Other candidates were better suited"),
    "withdrew": _l("Withdrew the application"),
    "declined_offer": _l("Declined the offer"),
    "not_reachable": _l("Could not be reached"),
    "other": _l("Other reason"),
}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


ONBOARDING_OWNER_LABELS = {
    "leader": _l("The leader"),
    "newcomer": _l("The new colleague"),
    "buddy": _l("The buddy"),
    "hr": _l("HR"),
}


vacancy_panel = Table(
    "recruitment_vacancy_panel",
    db.metadata,
    Column("vacancy_id", ForeignKey("recruitment_vacancies.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True, index=True),
)


class HiringNeed(db.Model):
    """The mapping before an ad: what the team needs and why (004:1158-1170)."""

    __tablename__ = "recruitment_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    position_key: Mapped[str] = mapped_column(String(30))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    environment: Mapped[str] = mapped_column(Text, default="")
    # The lived experience the team needs (people.models.EXPERIENCE_LABELS codes): about the
    # team's need, not about a person.
    experience_codes: Mapped[list] = mapped_column(JSON, default=list)
    responsibilities: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    position_percentage: Mapped[int] = mapped_column(default=100)
    contract: Mapped[str] = mapped_column(String(20), default="permanent")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    team: Mapped[Team] = relationship()
    area: Mapped[Area | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Vacancy(db.Model):
    __tablename__ = "recruitment_vacancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("recruitment_needs.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    position_key: Mapped[str] = mapped_column(String(30))
    # The leader responsible for this hiring: with HR and the panel, the only ones who see candidates.
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=VacancyStatus.DRAFT)
    deadline: Mapped[date | None]
    ad_text: Mapped[str] = mapped_column(Text, default="")
    position_percentage: Mapped[int] = mapped_column(default=100)
    contract: Mapped[str] = mapped_column(String(20), default="permanent")
    positions: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Filled or cancelled: the retention clock for candidates who were not hired starts here.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the retention purge: the candidates are gone, these anonymous counts remain.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purged_counts: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)

    need: Mapped[HiringNeed | None] = relationship()
    team: Mapped[Team] = relationship(lazy="joined")
    leader: Mapped[User] = relationship(foreign_keys=[leader_id], lazy="joined")
    panel: Mapped[list[User]] = relationship(secondary=vacancy_panel, order_by=User.full_name, lazy="selectin")
    checklist: Mapped[list["VacancyCheckItem"]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan", order_by="VacancyCheckItem.position"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_recruitment_vacancies_status", "status", "deadline"),)

    @property
    def status_label(self) -> str:
        return str(VACANCY_STATUS_LABELS[VacancyStatus(self.status)])

    @property
    def position_label(self) -> str:
        return position_label(self.position_key)

    @property
    def contract_label(self) -> str:
        return str(CONTRACT_CHOICES.get(self.contract, self.contract))

    @property
    def is_ec(self) -> bool:
        return is_ec_position(self.position_key)

    @property
    def is_closed(self) -> bool:
        return self.status in (VacancyStatus.FILLED, VacancyStatus.CANCELLED)

    @property
    def panel_ids(self) -> set[int]:
        return {user.id for user in self.panel}


class ChecklistTemplateItem(db.Model):
    """An item of the hiring checklist for EC positions, as the administrator keeps it. A new
    EC vacancy copies the active items; later changes do not touch existing vacancies."""

    __tablename__ = "recruitment_checklist_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class VacancyCheckItem(db.Model):
    __tablename__ = "recruitment_vacancy_checklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("recruitment_vacancies.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    vacancy: Mapped[Vacancy] = relationship(back_populates="checklist")
    done_by: Mapped[User | None] = relationship()


class Candidate(db.Model):
    """An applicant to one vacancy. Personal data: see the module docstring."""

    __tablename__ = "recruitment_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("recruitment_vacancies.id"))  # indexed with stage
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    # For the public applicant list (offentleglova § 25): age, occupation, municipality.
    birth_year: Mapped[int | None]
    occupation: Mapped[str] = mapped_column(String(200), default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str] = mapped_column(String(10), default="")
    # Granted exemption from the public list: listed by gender only.
    public_exempt: Mapped[bool] = mapped_column(default=False)
    # The lived experience the application tells of: special-category data (GDPR art. 9).
    experience_codes: Mapped[list] = mapped_column(JSON, default=list)
    received_on: Mapped[date]
    stage: Mapped[str] = mapped_column(String(20), default="received")
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rejected_reason: Mapped[str | None] = mapped_column(String(30))
    rejected_from: Mapped[str | None] = mapped_column(String(20))
    hired_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    vacancy: Mapped[Vacancy] = relationship(lazy="joined")
    hired_user: Mapped[User | None] = relationship(foreign_keys=[hired_user_id])
    documents: Mapped[list["CandidateDocument"]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="CandidateDocument.uploaded_at"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_recruitment_candidates_stage", "vacancy_id", "stage"),)

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)


class CandidateDocument(db.Model):
    """An uploaded PDF or DOCX, stored outside the static folder under a random name."""

    __tablename__ = "recruitment_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("recruitment_candidates.id", ondelete="CASCADE"),
                                              index=True)
    kind: Mapped[str] = mapped_column(String(20), default="application")
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="documents")

    @property
    def kind_label(self) -> str:
        return str(DOCUMENT_KIND_LABELS.get(self.kind, self.kind))


class CandidateComment(db.Model):
    """A comment on a candidate at a stage of the pipeline."""

    __tablename__ = "recruitment_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("recruitment_candidates.id", ondelete="CASCADE"),
                                              index=True)
    stage: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


class ReferenceCheck(db.Model):
    __tablename__ = "recruitment_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("recruitment_candidates.id", ondelete="CASCADE"),
                                              index=True)
    referee_name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    checked_on: Mapped[date | None]
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    checked_by: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


# --- interview guides ------------------------------------------------------------------------


class InterviewGuide(db.Model):
    """A guide in the library. Its text lives in versions: editing makes a new draft version,
    publishing freezes it; an interview keeps the version it used."""

    __tablename__ = "recruitment_guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(40), unique=True)  # the seeded guides
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position_kind: Mapped[str] = mapped_column(String(20), default="")  # "ec", "peer", "professional" or ""
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["GuideVersion"]] = relationship(
        back_populates="guide", order_by="GuideVersion.number", cascade="all, delete-orphan"
    )

    @property
    def published(self) -> "GuideVersion | None":
        """The newest published version: the one new interviews use."""
        done = [v for v in self.versions if v.published_at is not None]
        return done[-1] if done else None

    @property
    def draft(self) -> "GuideVersion | None":
        return next((v for v in self.versions if v.published_at is None), None)


class GuideVersion(db.Model):
    __tablename__ = "recruitment_guide_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("recruitment_guides.id", ondelete="CASCADE"))
    number: Mapped[int]
    intro: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    guide: Mapped[InterviewGuide] = relationship(back_populates="versions")
    sections: Mapped[list["GuideSection"]] = relationship(
        back_populates="guide_version", order_by="GuideSection.position", cascade="all, delete-orphan",
        lazy="selectin",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("guide_id", "number", name="uq_recruitment_guide_versions_number"),)

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def questions(self) -> list["GuideQuestion"]:
        return [q for section in self.sections for q in section.questions]


class GuideSection(db.Model):
    __tablename__ = "recruitment_guide_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("recruitment_guide_versions.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    guidance: Mapped[str] = mapped_column(Text, default="")

    guide_version: Mapped[GuideVersion] = relationship(back_populates="sections")
    questions: Mapped[list["GuideQuestion"]] = relationship(
        back_populates="section", order_by="GuideQuestion.position", cascade="all, delete-orphan",
        lazy="selectin",
    )


class GuideQuestion(db.Model):
    __tablename__ = "recruitment_guide_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("recruitment_guide_sections.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    # The answer concerns the candidate's own lived experience or health: special-category data.
    lived_experience: Mapped[bool] = mapped_column(default=False)
    checklist: Mapped[list] = mapped_column(JSON, default=list)

    section: Mapped[GuideSection] = relationship(back_populates="questions")


# --- interviews --------------------------------------------------------------------------------


class Interview(db.Model):
    __tablename__ = "recruitment_interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("recruitment_candidates.id", ondelete="CASCADE"),
                                              index=True)
    guide_version_id: Mapped[int] = mapped_column(ForeignKey("recruitment_guide_versions.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    place: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    candidate: Mapped[Candidate] = relationship(lazy="joined")
    guide_version: Mapped[GuideVersion] = relationship(lazy="joined")
    panelists: Mapped[list["Panelist"]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def panel_ids(self) -> set[int]:
        return {p.user_id for p in self.panelists}

    def panelist(self, user) -> "Panelist | None":
        return next((p for p in self.panelists if p.user_id == getattr(user, "id", None)), None)


class Panelist(db.Model):
    """A panel member of one interview: their overall recommendation, and when they submitted.
    Until they submit they see nobody else's ratings; after, theirs are frozen."""

    __tablename__ = "recruitment_panelists"

    interview_id: Mapped[int] = mapped_column(ForeignKey("recruitment_interviews.id", ondelete="CASCADE"),
                                              primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    recommendation: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    interview: Mapped[Interview] = relationship(back_populates="panelists")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def recommendation_label(self) -> str:
        return str(RECOMMENDATION_LABELS.get(self.recommendation or "", ""))


class InterviewAnswer(db.Model):
    """One panel member's notes and rating (1-5) for one question."""

    __tablename__ = "recruitment_answers"

    interview_id: Mapped[int] = mapped_column(ForeignKey("recruitment_interviews.id", ondelete="CASCADE"),
                                              primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("recruitment_guide_questions.id"), primary_key=True)
    rating: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    checked: Mapped[list] = mapped_column(JSON, default=list)


# --- hiring and onboarding ---------------------------------------------------------------------


class OnboardingTemplateItem(db.Model):
    """An item every new plan gets (for the role types listed, or everyone when none is)."""

    __tablename__ = "recruitment_onboarding_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    # Due whole months after the start, then days (negative days: before the start).
    offset_months: Mapped[int] = mapped_column(default=0)
    offset_days: Mapped[int] = mapped_column(default=0)
    owner: Mapped[str] = mapped_column(String(20), default="leader")
    role_types: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def owner_label(self) -> str:
        return str(ONBOARDING_OWNER_LABELS.get(self.owner, self.owner))


class OnboardingPlan(db.Model):
    __tablename__ = "recruitment_onboarding_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), unique=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("recruitment_vacancies.id", ondelete="SET NULL"))
    start_date: Mapped[date]
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    buddy_id: Mapped[int | None] = mapped_column(ForeignKey("staff_profiles.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[StaffProfile] = relationship(foreign_keys=[staff_id], lazy="joined")
    leader: Mapped[User] = relationship(foreign_keys=[leader_id])
    buddy: Mapped[StaffProfile | None] = relationship(foreign_keys=[buddy_id])
    items: Mapped[list["OnboardingItem"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="(OnboardingItem.due_date, OnboardingItem.id)"
    )


class OnboardingItem(db.Model):
    __tablename__ = "recruitment_onboarding_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("recruitment_onboarding_plans.id", ondelete="CASCADE"),
                                         index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date] = mapped_column(index=True)
    owner: Mapped[str] = mapped_column(String(20), default="leader")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[OnboardingPlan] = relationship(back_populates="items")

    @property
    def owner_label(self) -> str:
        return str(ONBOARDING_OWNER_LABELS.get(self.owner, self.owner))
