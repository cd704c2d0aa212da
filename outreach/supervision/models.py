"""Supervision: sessions and their texts, groups, themes, reflection notes, requests, targets.

A session's *facts* (when, kind, duration, who was there) live on `SupervisionSession` and
its participants; everything said in the room lives in separate rows (notes, actions,
take-further items, preparation notes, the theme links). Who may read which is decided in
`outreach/auth/policy.py`; the retention purge deletes the content rows and keeps the facts.
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.auth.models import User
from outreach.core.db_types import UTCDateTime
from outreach.core.timeutil import utcnow
from outreach.extensions import db


class SessionKind(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"
    CASE = "case"  # saksveiledning
    PRACTICE = "practice"  # supervision on outreach practice


SESSION_KIND_LABELS = {
    SessionKind.INDIVIDUAL: _l("Individual supervision"),
    SessionKind.GROUP: _l("Group supervision"),
    SessionKind.CASE: _l("Case supervision"),
    SessionKind.PRACTICE: _l("Outreach practice supervision"),
}


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


SESSION_STATUS_LABELS = {
    SessionStatus.PLANNED: _l("Planned"),
    SessionStatus.HELD: _l("Held"),
    SessionStatus.CANCELLED: _l("Cancelled"),
}


class NoteKind(StrEnum):
    PRIVATE = "private"  # the supervisor's own notes: the supervisor only
    SHARED = "shared"  # the shared summary (individual) or the minutes (group): everyone in the room


class Recipient(StrEnum):
    LEADER = "leader"
    OCCUPATIONAL_HEALTH = "occupational_health"


RECIPIENT_LABELS = {
    Recipient.LEADER: _l("The team leader"),
    Recipient.OCCUPATIONAL_HEALTH: _l("The occupational health service"),
}

# Whole sentences per recipient (a translator gets no sentence built from pieces). The
# occupational health service has no account here: it gets a printout, never the page.
RECIPIENT_TEXTS = {
    Recipient.LEADER: {
        "heading": _l("For the team leader"),
        "agree": _l("I agree that this goes to the team leader"),
        "agreed": _l("Agreed. The team leader can now read it."),
        "withdraw_warning": _l("The team leader will no longer be able to read this item. "
                               "What they have already read cannot be taken back."),
        "withdrawn": _l("Withdrawn. The team leader can no longer read it."),
    },
    Recipient.OCCUPATIONAL_HEALTH: {
        "heading": _l("For the occupational health service"),
        "agree": _l("I agree that this goes to the occupational health service"),
        "agreed": _l("Agreed. It can now be printed and handed to the occupational health service."),
        "withdraw_warning": _l("It will no longer be printed for the occupational health service. "
                               "A printout already handed over cannot be taken back."),
        "withdrawn": _l("Withdrawn. It will not be handed to the occupational health service."),
    },
}


session_themes = Table(
    "supervision_session_themes",
    db.metadata,
    Column("session_id", ForeignKey("supervision_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("supervision_themes.id"), primary_key=True),
)

group_members = Table(
    "supervision_group_members",
    db.metadata,
    Column("group_id", ForeignKey("supervision_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class SupervisionTheme(db.Model):
    """A theme from the list an administrator extends (seeded from the handbook)."""

    __tablename__ = "supervision_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class SupervisionGroup(db.Model):
    """A standing supervision group, for example the EC network."""

    __tablename__ = "supervision_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])
    members: Mapped[list[User]] = relationship(secondary=group_members, order_by=User.full_name, lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    @property
    def member_ids(self) -> set[int]:
        return {member.id for member in self.members}


class SupervisionSession(db.Model):
    """That a session was planned or held: the facts leaders, HR and admins may see."""

    __tablename__ = "supervision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=SessionStatus.PLANNED)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_groups.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the retention purge deleted what was said: only the facts remain.
    content_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id], lazy="joined")
    group: Mapped[SupervisionGroup | None] = relationship()
    participants: Mapped[list["SessionParticipant"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", lazy="selectin"
    )
    themes: Mapped[list[SupervisionTheme]] = relationship(
        secondary=session_themes, order_by=SupervisionTheme.position
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_supervision_sessions_starts", "starts_at"),
        Index("ix_supervision_sessions_supervisor", "supervisor_id", "starts_at"),
    )

    @property
    def kind_label(self) -> str:
        return str(SESSION_KIND_LABELS[SessionKind(self.kind)])

    @property
    def status_label(self) -> str:
        return str(SESSION_STATUS_LABELS[SessionStatus(self.status)])

    @property
    def participant_ids(self) -> set[int]:
        return {p.user_id for p in self.participants}

    @property
    def people(self) -> list[User]:
        return sorted((p.user for p in self.participants), key=lambda u: u.full_name)

    @property
    def is_individual(self) -> bool:
        return self.kind == SessionKind.INDIVIDUAL

    @property
    def supervisee(self) -> User | None:
        """The one supervised in an individual session."""
        return self.participants[0].user if self.is_individual and self.participants else None


class SessionParticipant(db.Model):
    __tablename__ = "supervision_participants"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    # Group sessions record who came; None until the session is held.
    attended: Mapped[bool | None]

    session: Mapped[SupervisionSession] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(lazy="joined")


class SessionNote(db.Model):
    """The supervisor's private notes, or the shared summary (minutes for a group)."""

    __tablename__ = "supervision_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("supervision_sessions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("session_id", "kind", name="uq_supervision_notes_session_kind"),)


class SessionAction(db.Model):
    """An action agreed in a session: who does what by when."""

    __tablename__ = "supervision_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("supervision_sessions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date | None]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[SupervisionSession] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")


class FurtherItem(db.Model):
    """Something that should go further (to the team leader or the occupational health
    service), written on its own. Nobody outside the session sees it until the supervisee
    has agreed; they may withdraw the agreement."""

    __tablename__ = "supervision_further_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("supervision_sessions.id", ondelete="CASCADE"), index=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(30))
    body: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[SupervisionSession] = relationship()
    supervisee: Mapped[User] = relationship(foreign_keys=[supervisee_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_shared(self) -> bool:
        """Agreed to and not withdrawn: the recipient may read it."""
        return self.agreed_at is not None and self.withdrawn_at is None

    @property
    def recipient_label(self) -> str:
        return str(RECIPIENT_LABELS[Recipient(self.recipient)])

    def text(self, which: str) -> str:
        """One of the RECIPIENT_TEXTS sentences for this item's recipient."""
        return str(RECIPIENT_TEXTS[Recipient(self.recipient)][which])


class PreparationNote(db.Model):
    """A participant's preparation for a planned session; the supervisor sees it once shared."""

    __tablename__ = "supervision_preparations"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("supervision_sessions.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[SupervisionSession] = relationship()
    author: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("session_id", "author_id", name="uq_supervision_preparations_author"),)


class ReflectionEntry(db.Model):
    """An entry in a person's own reflection log: only the author reads it. Marked "bring to
    supervision", its title (never its text) goes on the agenda of their next session."""

    __tablename__ = "reflection_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    written_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # The self-disclosure prompt (004:1079-1108): each answer optional.
    asked_before_sharing: Mapped[str] = mapped_column(Text, default="")
    why_shared: Mapped[str] = mapped_column(Text, default="")
    stopped_in_time: Mapped[str] = mapped_column(Text, default="")
    about_whom: Mapped[str] = mapped_column(Text, default="")
    bring_to_supervision: Mapped[bool] = mapped_column(default=False)
    # The held session it was brought to; it leaves the agenda then.
    brought_to_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_reflection_entries_author", "author_id", "written_on"),)


class TalkRequest(db.Model):
    """"Ask for a talk": a person asks their supervisor for a session."""

    __tablename__ = "supervision_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    topic: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | planned | closed
    session_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_sessions.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requester: Mapped[User] = relationship(foreign_keys=[requester_id], lazy="joined")
    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])


class SupervisionTarget(db.Model):
    """The rhythm a role should have (role_type from people.models.RoleType). An empty
    interval means no target of that kind."""

    __tablename__ = "supervision_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_type: Mapped[str] = mapped_column(String(20), unique=True)
    individual_weeks: Mapped[int | None]
    new_individual_weeks: Mapped[int | None]  # more often while new
    new_period_months: Mapped[int] = mapped_column(default=6)
    first_session_days: Mapped[int | None]  # after the first independent shift
    group_months: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
