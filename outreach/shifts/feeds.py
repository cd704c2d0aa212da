"""Calendar feeds: the secret addresses and the shifts each one shows.

A feed address carries a random token (secrets.token_urlsafe(32)); only its SHA-256 is
stored, so the address is shown once, when it is made. Renewing makes a new one and
revokes the old, which then answers 404. A person's feed shows their own published shifts;
a team feed (for the team's leaders) shows the team's published shifts. Drafts never.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update

from outreach.audit.services import record
from outreach.auth.policy import leads_team
from outreach.core.timeutil import utcnow
from outreach.extensions import db
from outreach.people.models import StaffProfile, Team
from outreach.shifts.models import CalendarToken, Shift, ShiftAssignment
from outreach.shifts.services import assignment_overlaps

# The feed's window: a calendar needs the coming shifts and a little history, not the years.
FEED_PAST = timedelta(days=60)
FEED_FUTURE = timedelta(days=365)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_token(user, team: Team | None = None) -> CalendarToken | None:
    query = db.select(CalendarToken).where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None))
    query = query.where(CalendarToken.team_id.is_(None) if team is None else CalendarToken.team_id == team.id)
    return db.session.scalar(query.order_by(CalendarToken.created_at.desc(), CalendarToken.id.desc()).limit(1))


def issue_token(user, team: Team | None = None, *, actor=None) -> tuple[CalendarToken, str]:
    """A new feed address for `user` (their own shifts, or `team`'s). Any address they had
    for the same feed stops working. Returns the row and the token, which is not kept."""
    now = utcnow()
    scope = CalendarToken.team_id.is_(None) if team is None else CalendarToken.team_id == team.id
    revoked = db.session.execute(
        update(CalendarToken).where(CalendarToken.user_id == user.id, scope, CalendarToken.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False)
    ).rowcount
    token = secrets.token_urlsafe(32)
    row = CalendarToken(user_id=user.id, team_id=team.id if team else None, token_hash=hash_token(token),
                        created_at=now)
    db.session.add(row)
    db.session.flush()
    what = "personal feed" if team is None else f"team feed {team.name}"
    record("calendar.token_renew" if revoked else "calendar.token_create", obj=row, actor=actor,
           subject_user_id=user.id, summary=what + (f", {revoked} old address revoked" if revoked else ""))
    db.session.commit()
    return row, token


def find_token(token: str) -> CalendarToken | None:
    """The live token behind a feed address, or None: unknown, revoked, the account closed,
    or (for a team feed) the owner no longer leads the team."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(db.select(CalendarToken).where(CalendarToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    from outreach.auth.models import User

    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if row.team_id is not None:
        team = db.session.get(Team, row.team_id)
        if team is None or not leads_team(user, team):
            return None
    return row


def person_shifts(profile: StaffProfile, start: datetime, end: datetime) -> list[tuple[Shift, ShiftAssignment]]:
    """The person's published shifts overlapping [start, end), with their assignment (which
    may cover part of the shift only)."""
    rows = db.session.execute(
        db.select(Shift, ShiftAssignment).join(ShiftAssignment, ShiftAssignment.shift_id == Shift.id)
        .where(ShiftAssignment.staff_id == profile.id, *assignment_overlaps(start, end), Shift.status == "published",
               Shift.starts_at < end, Shift.ends_at > start)
        .order_by(Shift.starts_at, Shift.id)
    ).all()
    return [(shift, assignment) for shift, assignment in rows]


def team_shifts(team: Team, start: datetime, end: datetime) -> list[Shift]:
    return list(db.session.scalars(
        db.select(Shift).where(Shift.team_id == team.id, Shift.status == "published",
                               Shift.starts_at < end, Shift.ends_at > start)
        .order_by(Shift.starts_at, Shift.id)
    ))


def feed_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or utcnow()
    return now - FEED_PAST, now + FEED_FUTURE
