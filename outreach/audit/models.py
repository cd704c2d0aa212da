"""The append-only audit and access log.

Database triggers (see the migration) refuse UPDATE and DELETE on this table.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core.db_types import UTCDateTime
from outreach.core.timeutil import utcnow
from outreach.extensions import db


class AuditKind(StrEnum):
    CHANGE = "change"
    READ = "read"  # a read of sensitive data
    AUTH = "auth"  # logins, failed logins, logouts
    DENIED = "denied"  # access refused


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(64), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The actor's username at the time: kept even if the account is renamed. Lower case, as
    # every username is (auth.services.create_user), so the search compares it as it is.
    actor_label: Mapped[str] = mapped_column(String(64), default="")
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    # Whose personal data the event concerns: drives "who has looked at my data".
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str | None] = mapped_column(String(45))

    actor = relationship("User", foreign_keys=[actor_id], lazy="joined")

    __table_args__ = (
        # The search finds an object by its id alone; a candidate's read log by type and id.
        Index("ix_audit_events_object", "object_id", "object_type"),
        # On PostgreSQL, migration 0010 adds trigram (pg_trgm) indexes on lower(summary) and
        # lower(action) for the search's "contains" (core.db_types.compared_with_models).
        # The audit search's filters, in the order the results are shown (the newest first).
        Index("ix_audit_events_kind", "kind", "at"),
        Index("ix_audit_events_actor_label", "actor_label", "at"),
        # "Who has seen my data": a person's events, newest first.
        Index("ix_audit_events_subject", "subject_user_id", "at"),
    )
