"""The organisation: teams, their areas (miljøer), staff profiles and lived experience."""

from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.auth.models import User
from outreach.extensions import db


class RoleType(StrEnum):
    """What a person is on a shift: this decides the pairing rules."""

    PROFESSIONAL = "professional"
    EC = "ec"
    PEER = "peer"
    ADMINISTRATIVE = "administrative"  # HR and office staff who do not go on outreach


ROLE_TYPE_LABELS = {
    RoleType.PROFESSIONAL: _l("Professional (fagansatt)"),
    RoleType.EC: _l("Experience consultant"),
    RoleType.PEER: _l("Peer (likeperson)"),
    RoleType.ADMINISTRATIVE: _l("Administrative"),
}


def role_type_label(role_type: str) -> str:
    """A role type's name, translated (for a person read as a plain row too)."""
    return str(ROLE_TYPE_LABELS[RoleType(role_type)])


class Contract(StrEnum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    HOURLY = "hourly"


CONTRACT_LABELS = {
    Contract.PERMANENT: _l("Permanent"),
    Contract.TEMPORARY: _l("Temporary"),
    Contract.HOURLY: _l("Hourly / on call"),
}

DISCIPLINE_LABELS = {
    "miljoterapeut": _l("Outreach social worker (miljøterapeut)"),
    "sosionom": _l("Social worker (sosionom)"),
    "psykolog": _l("Psychologist"),
    "barnevernspedagog": _l("Child welfare officer (barnevernspedagog)"),
    "sykepleier": _l("Nurse"),
    "vernepleier": _l("Social educator (vernepleier)"),
    "pedagog": _l("Educator"),
    "konsulent": _l("Adviser (konsulent)"),
    "other": _l("Other"),
}

# Areas of lived experience: special-category data (GDPR art. 9).
EXPERIENCE_LABELS = {
    "drugs": _l("Drug use"),
    "mental_health": _l("Mental health"),
    "child_welfare": _l("Child welfare"),
    "prison": _l("Prison"),
    "crime": _l("Crime"),
    "treatment": _l("Drug treatment"),
    "homelessness": _l("Homelessness"),
    "next_of_kin": _l("Next of kin"),
}

team_memberships = Table(
    "team_memberships",
    db.metadata,
    Column("staff_id", ForeignKey("staff_profiles.id"), primary_key=True),
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
)

known_environments = Table(
    "known_environments",
    db.metadata,
    Column("staff_id", ForeignKey("staff_profiles.id"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    areas: Mapped[list["Area"]] = relationship(
        back_populates="team", order_by="Area.name", cascade="all, delete-orphan"
    )
    members: Mapped[list["StaffProfile"]] = relationship(
        secondary=team_memberships, back_populates="teams", order_by="StaffProfile.id"
    )

    __mapper_args__ = {"version_id_col": version}


class Area(db.Model):
    """An area of the city or an environment (miljø) a team works in."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    team: Mapped[Team] = relationship(back_populates="areas")

    __table_args__ = (UniqueConstraint("team_id", "name", name="uq_areas_team_name"),)


class StaffProfile(db.Model):
    __tablename__ = "staff_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    discipline: Mapped[str | None] = mapped_column(String(40))
    role_type: Mapped[str] = mapped_column(String(20), default=RoleType.PROFESSIONAL)
    phone: Mapped[str] = mapped_column(String(30), default="")
    position_percentage: Mapped[int] = mapped_column(default=100)
    contract: Mapped[str] = mapped_column(String(20), default=Contract.PERMANENT)
    start_date: Mapped[date | None]
    buddy_id: Mapped[int | None] = mapped_column(ForeignKey("staff_profiles.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    user: Mapped[User] = relationship(
        foreign_keys=[user_id], backref=db.backref("profile", uselist=False, lazy="joined"),
        lazy="joined",
    )
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    buddy: Mapped["StaffProfile | None"] = relationship(remote_side=[id])
    # Loaded when asked for, as User.role_rows: lists that need many people's teams use
    # selectinload(StaffProfile.teams).
    teams: Mapped[list[Team]] = relationship(secondary=team_memberships, back_populates="members", order_by="Team.name")
    experience_rows: Mapped[list["LivedExperience"]] = relationship(
        cascade="all, delete-orphan", order_by="LivedExperience.code"
    )
    known_areas: Mapped[list[Area]] = relationship(secondary=known_environments, order_by=Area.name)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "position_percentage >= 0 AND position_percentage <= 100", name="position_percentage"
        ),
    )

    @property
    def name(self) -> str:
        return self.user.full_name

    @property
    def team_ids(self) -> set[int]:
        return {team.id for team in self.teams}

    @property
    def role_type_label(self) -> str:
        return role_type_label(self.role_type)

    @property
    def contract_label(self) -> str:
        return str(CONTRACT_LABELS[Contract(self.contract)])

    @property
    def discipline_label(self) -> str:
        return str(DISCIPLINE_LABELS.get(self.discipline or "", ""))


class LivedExperience(db.Model):
    """One area of an EC's or peer's lived experience."""

    __tablename__ = "lived_experience"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(30), primary_key=True)

    @property
    def label(self) -> str:
        return str(EXPERIENCE_LABELS.get(self.code, self.code))
