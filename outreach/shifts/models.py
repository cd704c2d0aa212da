"""Shifts, who is on them, absence, availability, accommodation and the rule settings."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core.db_types import UTCDateTime
from outreach.core.timeutil import utcnow
from outreach.extensions import db
from outreach.people.models import Area, StaffProfile, Team
from outreach.shifts.rules import ShiftKind

SHIFT_KIND_LABELS = {
    ShiftKind.OUTREACH: _l("Outreach"),
    ShiftKind.FOLLOW_UP: _l("Follow-up"),
    ShiftKind.GROUP: _l("Group, workshop or theme night"),
    ShiftKind.OFFICE: _l("Office or meeting"),
    ShiftKind.TRAINING: _l("Training"),
    ShiftKind.ON_CALL: _l("On call"),
}

# One or two letters for the grid, where a whole word does not fit.
SHIFT_KIND_SHORT = {
    ShiftKind.OUTREACH: _l("O"),
    ShiftKind.FOLLOW_UP: _l("F"),
    ShiftKind.GROUP: _l("G"),
    ShiftKind.OFFICE: _l("M"),
    ShiftKind.TRAINING: _l("T"),
    ShiftKind.ON_CALL: _l("C"),
}


def kind_label(kind: str) -> str:
    """A shift kind's name, translated (for a shift read as a plain row too)."""
    return str(SHIFT_KIND_LABELS.get(ShiftKind(kind), kind))


def kind_short(kind: str) -> str:
    """A shift kind's one-letter mark in the roster grid, translated."""
    return str(SHIFT_KIND_SHORT.get(ShiftKind(kind), "?"))

ABSENCE_LABELS = {
    "holiday": _l("Holiday"),
    "sick_leave": _l("Sick leave"),
    "course": _l("Course"),
    "leave": _l("Leave"),
}

RULE_LABELS = {
    "pairing": _l("ECs and peers never alone on outreach"),
    "peer_follow_up": _l("Peers never on follow-up"),
    "new_ec_buddy": _l("New ECs go with their buddy"),
    "accommodation": _l("Accommodation (tilrettelegging)"),
    "boundaries": _l("An EC's own boundaries"),
    "known_environment": _l("ECs in environments they know"),
    "daily_rest": _l("Rest between shifts"),
    "weekly_rest": _l("Weekly rest"),
    "daily_hours": _l("Hours a day"),
    "weekly_hours": _l("Hours a week"),
    "contract_hours": _l("Hours against the position"),
    "double_booking": _l("No double booking"),
    "absence": _l("No shift during absence"),
    "availability": _l("Peers when they offered to work"),
}

shift_areas = Table(
    "shift_areas",
    db.metadata,
    Column("shift_id", ForeignKey("shifts.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)

pattern_areas = Table(
    "shift_pattern_areas",
    db.metadata,
    Column("pattern_id", ForeignKey("shift_patterns.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)

accommodation_areas = Table(
    "accommodation_areas",
    db.metadata,
    Column("accommodation_id", ForeignKey("accommodations.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)

# An EC's own boundaries: environments they have chosen to stay away from. As sensitive as
# their lived experience, and shown under the same rules.
boundary_areas = Table(
    "boundary_areas",
    db.metadata,
    Column("staff_id", ForeignKey("staff_profiles.id"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)


class Shift(db.Model):
    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | published
    # Staffing need, used by the planner.
    professionals_needed: Mapped[int] = mapped_column(default=1)
    lived_experience_needed: Mapped[int] = mapped_column(default=0)
    pattern_id: Mapped[int | None] = mapped_column(ForeignKey("shift_patterns.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    team: Mapped[Team] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=shift_areas, order_by=Area.name, lazy="selectin")
    # In the order people were put on: the rules' messages name them in the same order from the
    # objects and from plain rows (services.load_roster).
    assignments: Mapped[list["ShiftAssignment"]] = relationship(
        back_populates="shift", cascade="all, delete-orphan", lazy="selectin", order_by="ShiftAssignment.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # A team's shifts by time with what the grid shows of them, from the index alone: PostgreSQL
        # took the time index for a team's period (shifts lie in the table in time order) and read
        # forty teams' shifts to keep one team's.
        Index("ix_shifts_team_starts", "team_id", "starts_at",
              postgresql_include=["id", "kind", "ends_at", "status", "version", "title"]),
        # Across teams, by time, read from the index alone: the supervisor's debriefs (the id)
        # and the shifts around a period that the rules check (services.load_roster).
        Index("ix_shifts_starts", "starts_at", postgresql_include=["id", "kind", "ends_at", "team_id"]),
        # A person's first published shift (supervision/overview.py) looks up each of their
        # assignments' shifts: from the index alone, not from the table.
        Index("ix_shifts_id_status_starts", "id", postgresql_include=["status", "starts_at"]),
        # What an assignment's copy of the start refers to (ShiftAssignment.shift_starts_at).
        Index("uq_shifts_id_starts", "id", "starts_at", unique=True),
    )

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def kind_short(self) -> str:
        return kind_short(self.kind)


class ShiftAssignment(db.Model):
    __tablename__ = "shift_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int]
    # The shift's start, which the database keeps equal to it: the foreign key is on both, and
    # a moved shift's new start cascades here. A person's shifts over some weeks are then read
    # from their assignments in that time (ix_shift_assignments_staff_starts), not from all of
    # their years of assignments joined with every team's shifts of those weeks.
    shift_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"))
    # Set when the person is on part of the shift only.
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept by the planner when it fills the rest of the roster.
    locked: Mapped[bool] = mapped_column(default=False)

    shift: Mapped[Shift] = relationship(back_populates="assignments")
    staff: Mapped[StaffProfile] = relationship(lazy="joined")

    __table_args__ = (
        ForeignKeyConstraint(["shift_id", "shift_starts_at"], ["shifts.id", "shifts.starts_at"],
                             ondelete="CASCADE", onupdate="CASCADE"),
        UniqueConstraint("shift_id", "staff_id", name="uq_shift_assignments_shift_staff"),
        # A person's assignments by time, with their shifts and times, read from the index alone
        # (the rule check's shifts around a period, a person's first shift).
        Index("ix_shift_assignments_staff_starts", "staff_id", "shift_starts_at",
              postgresql_include=["shift_id", "starts_at", "ends_at"]),
    )


@event.listens_for(ShiftAssignment, "before_insert")
def _copy_shift_start(mapper, connection, assignment: ShiftAssignment) -> None:
    """An assignment made with the shift's id alone, not the shift (its start is then not known
    here): the start is read from the shift in the INSERT itself."""
    if assignment.shift_starts_at is None:
        assignment.shift_starts_at = select(Shift.starts_at).where(Shift.id == assignment.shift_id).scalar_subquery()


class ShiftPattern(db.Model):
    """A weekly recurring shift, rolled out over a period into draft shifts."""

    __tablename__ = "shift_patterns"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20))
    weekday: Mapped[int]  # 0 = Monday
    start_time: Mapped[time]
    end_time: Mapped[time]
    professionals_needed: Mapped[int] = mapped_column(default=1)
    lived_experience_needed: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    team: Mapped[Team] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=pattern_areas, order_by=Area.name, lazy="selectin")


class Absence(db.Model):
    """Holiday, sick leave, course or leave, for whole days. No health details."""

    __tablename__ = "absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    staff: Mapped[StaffProfile] = relationship()


class Availability(db.Model):
    """A time a peer has offered to work."""

    __tablename__ = "availability"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(200), default="")

    staff: Mapped[StaffProfile] = relationship()


class Accommodation(db.Model):
    """Tilrettelegging for a period: areas or shift kinds to avoid, or fewer hours.

    Health-related: seen by the person, their leader and their supervisor only.
    """

    __tablename__ = "accommodations"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    avoid_shift_kinds: Mapped[list] = mapped_column(JSON, default=list)
    max_hours_per_week: Mapped[float | None]
    note: Mapped[str] = mapped_column(Text, default="")

    staff: Mapped[StaffProfile] = relationship()
    avoid_areas: Mapped[list[Area]] = relationship(secondary=accommodation_areas, order_by=Area.name)


class RuleSettingRow(db.Model):
    """A team's (or, without a team, the section's) setting for one roster rule."""

    __tablename__ = "rule_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    rule: Mapped[str] = mapped_column(String(30))
    mode: Mapped[str] = mapped_column(String(10))
    params: Mapped[dict] = mapped_column(JSON, default=dict)

    __table_args__ = (UniqueConstraint("team_id", "rule", name="uq_rule_settings_team_rule"),)


class ViolationOverride(db.Model):
    """A leader went ahead despite a warning, and said why."""

    __tablename__ = "violation_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    key: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_violation_overrides_team_key"),)


note_areas = Table(
    "shift_note_areas",
    db.metadata,
    Column("note_id", ForeignKey("shift_notes.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)


class ShiftNote(db.Model):
    """The pair's plan before an outreach shift, or the report after it. No client identifiers."""

    __tablename__ = "shift_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # plan | report
    body: Mapped[str] = mapped_column(Text, default="")  # plan: roles, where to go; report: summary
    contacts: Mapped[int | None]
    themes: Mapped[str] = mapped_column(Text, default="")
    incidents: Mapped[str] = mapped_column(Text, default="")
    needs_debrief: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_profiles.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    shift: Mapped[Shift] = relationship()
    author: Mapped[StaffProfile] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=note_areas, order_by=Area.name)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("shift_id", "kind", name="uq_shift_notes_shift_kind"),
        # The few reports that ask for a debrief, found without reading all the others (the
        # queries say `needs_debrief`, not `IS true`, or PostgreSQL does not see the index fits).
        # With the note's id, the debrief counts read the index alone.
        Index("ix_shift_notes_debrief", "shift_id", "kind", postgresql_include=["id"],
              postgresql_where=text("needs_debrief"), sqlite_where=text("needs_debrief")),
    )


class CalendarToken(db.Model):
    """A secret calendar feed address: a person's own shifts, or (for leaders) a team's."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
