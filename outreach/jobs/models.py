"""Job descriptions: one template per role, and each person's description in versions.

A person's description is a sequence of versions. Each version holds its sections (title,
text, and whether the section is the common frame, which only HR and the leader change, or
the individual part). The newest unsigned version is the working draft; the employee
proposes changes to its individual sections, the leader accepts or comments, and both sign.
A version signed by both is frozen; changing the description starts a new draft from it.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.auth.models import User
from outreach.core.db_types import UTCDateTime
from outreach.core.timeutil import utcnow
from outreach.extensions import db
from outreach.people.models import StaffProfile
from outreach.people.positions import position_label

INDIVIDUAL_KEY = "individual"  # the section each person's description adds to the template's frame

PROPOSAL_STATUS_LABELS = {
    "open": _l("Waiting for the leader"),
    "accepted": _l("Accepted"),
    "commented": _l("Commented: not taken in"),
    "withdrawn": _l("Withdrawn"),
}


class RoleTemplate(db.Model):
    """The common frame of one role's descriptions: its sections' titles and texts, in order.
    `sections` is a list of {"key", "title", "hint", "text"}."""

    __tablename__ = "job_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(30), unique=True)  # people.positions.POSITIONS key
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    # One line that matters elsewhere (the roster, supervision): "never on follow-up" for peers.
    frame_note: Mapped[str] = mapped_column(String(300), default="")
    sections: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def position_label(self) -> str:
        return position_label(self.key)


class JobDescription(db.Model):
    """A person's job description: its versions, proposals and review date."""

    __tablename__ = "job_descriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), unique=True)
    template_key: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set from the review rule whenever a version is signed (jobs/reviews.py).
    next_review_on: Mapped[date | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)

    staff: Mapped[StaffProfile] = relationship(lazy="joined")
    versions: Mapped[list["DescriptionVersion"]] = relationship(
        back_populates="description", order_by="DescriptionVersion.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def position_label(self) -> str:
        return position_label(self.template_key)

    @property
    def current(self) -> "DescriptionVersion | None":
        """The newest version signed by both: what holds now."""
        signed = [v for v in self.versions if v.is_signed]
        return signed[-1] if signed else None

    @property
    def draft(self) -> "DescriptionVersion | None":
        """The working version, if there is one: never more than one."""
        return next((v for v in self.versions if not v.is_signed), None)


class DescriptionVersion(db.Model):
    """One version of a description. `sections` is a list of {"key", "title", "text", "frame"}."""

    __tablename__ = "job_description_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    description_id: Mapped[int] = mapped_column(ForeignKey("job_descriptions.id", ondelete="CASCADE"))
    number: Mapped[int]
    template_key: Mapped[str] = mapped_column(String(30))
    sections: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(String(300), default="")  # why this version was started
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    employee_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    leader_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    leader_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    description: Mapped[JobDescription] = relationship(back_populates="versions")
    leader_signed_by: Mapped[User | None] = relationship(foreign_keys=[leader_signed_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("description_id", "number", name="uq_job_description_versions_number"),)

    @property
    def is_signed(self) -> bool:
        return self.employee_signed_at is not None and self.leader_signed_at is not None

    @property
    def signed_on(self) -> datetime | None:
        """When the second signature came: the moment the version was frozen."""
        return max(self.employee_signed_at, self.leader_signed_at) if self.is_signed else None

    def section(self, key: str) -> dict | None:
        return next((s for s in self.sections if s["key"] == key), None)


class Proposal(db.Model):
    """The employee's proposed text for an individual section of the draft, and the leader's answer."""

    __tablename__ = "job_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    description_id: Mapped[int] = mapped_column(ForeignKey("job_descriptions.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("job_description_versions.id", ondelete="CASCADE"))
    section_key: Mapped[str] = mapped_column(String(40))
    base_text: Mapped[str] = mapped_column(Text, default="")  # the section's text the proposal was made from
    text: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # the employee's why
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")
    comment: Mapped[str] = mapped_column(Text, default="")  # the leader's answer
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    draft: Mapped[DescriptionVersion] = relationship()

    # The status is the row's version: an answer is written only to a proposal still as it
    # was read, so of two answers at the same moment the second is refused.
    __mapper_args__ = {"version_id_col": status, "version_id_generator": False}
    __table_args__ = (Index("ix_job_proposals_status", "status", "description_id"),)

    @property
    def status_label(self) -> str:
        return str(PROPOSAL_STATUS_LABELS.get(self.status, self.status))


class RoleChange(db.Model):
    """A change of role, kept as history: an EC who qualifies and becomes a miljøterapeut."""

    __tablename__ = "job_role_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), index=True)
    from_key: Mapped[str] = mapped_column(String(30))
    to_key: Mapped[str] = mapped_column(String(30))
    changed_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship()

    @property
    def from_label(self) -> str:
        return position_label(self.from_key)

    @property
    def to_label(self) -> str:
        return position_label(self.to_key)
