"""Who is due for supervision: the dates rhythm.py computes from, gathered for many people at
once, and the rhythm targets an administrator sets per role.

Counts and dates only: nothing here reads what was said in a session or written in a shift
report. Every function runs a fixed number of queries, however many people it covers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, case, distinct, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defaultload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.auth.models import Role, User
from outreach.auth.policy import leads
from outreach.core.database import ids_param, plain_rows
from outreach.core.forms import ConflictError, FieldError
from outreach.core.timeutil import OSLO, today_in_oslo, utcnow
from outreach.extensions import db
from outreach.people.models import RoleType, StaffProfile, team_memberships
from outreach.shifts.models import Shift, ShiftAssignment, ShiftNote
from outreach.shifts.notes import DEBRIEF_DAYS, REPORT
from outreach.supervision import rhythm
from outreach.supervision.models import (
    SessionKind,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
    SupervisionTarget,
)

TARGET_FIELDS = ("individual_weeks", "new_individual_weeks", "new_period_months", "first_session_days",
                 "group_months")
# The allowed range of each setting (the form says the same).
TARGET_LIMITS = {
    "individual_weeks": (1, 52),
    "new_individual_weeks": (1, 52),
    "new_period_months": (0, 36),
    "first_session_days": (0, 365),
    "group_months": (1, 12),
}
ROLE_TYPES = [kind.value for kind in (RoleType.EC, RoleType.PEER, RoleType.PROFESSIONAL, RoleType.ADMINISTRATIVE)]


def _oslo_day(moment: datetime | None) -> date | None:
    return moment.astimezone(OSLO).date() if moment is not None else None


# --- targets ---------------------------------------------------------------------------------


def target_rows() -> dict[str, SupervisionTarget]:
    return {row.role_type: row for row in db.session.scalars(db.select(SupervisionTarget))}


def target_from_row(row: SupervisionTarget) -> rhythm.Target:
    return rhythm.Target(**{name: getattr(row, name) for name in TARGET_FIELDS})


def targets() -> dict[str, rhythm.Target]:
    """Each role's rhythm: the saved setting, else the default in code."""
    rows = target_rows()
    return {role: target_from_row(rows[role]) if role in rows else rhythm.default_target(role)
            for role in set(ROLE_TYPES) | set(rows)}


def target_for(role_type: str, saved: dict[str, rhythm.Target] | None = None) -> rhythm.Target:
    saved = targets() if saved is None else saved
    return saved.get(role_type, rhythm.default_target(role_type))


def save_target(role_type: str, values: dict, *, version, actor=None) -> SupervisionTarget:
    """Set a role's rhythm. `values` holds TARGET_FIELDS (None = no target of that kind);
    `version` is the saved row's version the editor started from ("" when the defaults
    were shown): a save in between is a ConflictError."""
    if role_type not in ROLE_TYPES:
        raise ValueError(f"unknown role type {role_type!r}")
    for name in TARGET_FIELDS:
        value = values.get(name)
        low, high = TARGET_LIMITS[name]
        if name == "new_period_months" and value is None:
            raise FieldError(name, _("Give a number of months (0 for no new period)."))
        if value is not None and not low <= value <= high:
            raise FieldError(name, _("Between %(low)d and %(high)d.", low=low, high=high))
    row = db.session.scalar(db.select(SupervisionTarget).where(SupervisionTarget.role_type == role_type))
    if str(row.version if row is not None else "") != str(version or ""):
        raise ConflictError()
    before = target_from_row(row) if row is not None else rhythm.default_target(role_type)
    try:
        if row is None:
            row = SupervisionTarget(role_type=role_type)
            db.session.add(row)
        for name in TARGET_FIELDS:
            setattr(row, name, values.get(name))
        db.session.flush()
    except (IntegrityError, StaleDataError) as error:
        # Another administrator saved this role's target first.
        db.session.rollback()
        raise ConflictError() from error
    changes = [f"{name} {getattr(before, name)}->{values.get(name)}" for name in TARGET_FIELDS
               if getattr(before, name) != values.get(name)]
    record("supervision.target_update", obj=row, actor=actor,
           summary=f"target for {role_type}: " + (", ".join(changes) or "saved unchanged"))
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        raise ConflictError() from error
    return row


# --- whose rhythm ------------------------------------------------------------------------------


def supervisees(user) -> list[StaffProfile]:
    """The active people `user` supervises (StaffProfile.supervisor_id)."""
    if not user.has_role(Role.SUPERVISOR):
        return []
    return list(db.session.scalars(
        db.select(StaffProfile).join(StaffProfile.user)
        .where(StaffProfile.supervisor_id == user.id, User.active.is_(True))
        .order_by(func.lower(User.full_name), StaffProfile.id)
    ))


def team_people(user) -> list[StaffProfile]:
    """The active people on the teams `user` leads (as policy.leads decides)."""
    own = getattr(user, "profile", None)
    if own is None or not user.has_role(Role.LEADER) or not own.team_ids:
        return []
    candidates = db.session.scalars(
        db.select(StaffProfile).join(StaffProfile.user)
        .where(User.active.is_(True), StaffProfile.id != own.id, StaffProfile.id.in_(
            db.select(team_memberships.c.staff_id).where(team_memberships.c.team_id.in_(own.team_ids))))
        .order_by(func.lower(User.full_name), StaffProfile.id)
        .options(selectinload(StaffProfile.teams), defaultload(StaffProfile.user).selectinload(User.role_rows))
    ).all()
    return [profile for profile in candidates if leads(user, profile)]


# --- the dates ---------------------------------------------------------------------------------


# Each person's first published shift: their assignments in order of the shift's start, from
# the index on (person, start), each one's shift looked up by its id until a published one is
# found (almost always the first). Taking the assignment's own start where it has one: on part of
# the shift only, it starts within it, and a person's shifts never overlap (a blocking rule).
_FIRST_SHIFT = (
    db.select(func.coalesce(ShiftAssignment.starts_at, ShiftAssignment.shift_starts_at))
    .join(Shift, Shift.id == ShiftAssignment.shift_id)
    .where(ShiftAssignment.staff_id == StaffProfile.id, Shift.status == "published")
    .order_by(ShiftAssignment.shift_starts_at).limit(1)
    .scalar_subquery()
)
_FIRST_SHIFTS = db.select(StaffProfile.id, _FIRST_SHIFT).where(StaffProfile.id.in_(ids_param("staff_ids")))


def first_shifts(staff_ids) -> dict[int, date]:
    """Each person's first independent shift: the day (in Oslo) of their first published
    shift assignment. One query, reading each person's first assignments only, however many
    years they have."""
    if not staff_ids:
        return {}
    rows = plain_rows(_FIRST_SHIFTS, {"staff_ids": sorted(set(staff_ids))})
    return {staff_id: _oslo_day(moment) for staff_id, moment in rows if moment is not None}


def _first_shifts_needed(profiles, saved) -> dict[int, date]:
    """The first shifts rhythm.individual_due reads: only for roles with a first-session target."""
    return first_shifts([p.id for p in profiles if target_for(p.role_type, saved).first_session_days is not None])


@dataclass
class SessionDates:
    last_individual: datetime | None = None
    next_individual: datetime | None = None
    last_group: datetime | None = None
    next_group: datetime | None = None


RECENT_SESSIONS = timedelta(days=100)  # most people have had one this quarter; see session_dates


def _session_dates_statement():
    s, p = SupervisionSession, SessionParticipant
    individual, group = s.kind == SessionKind.INDIVIDUAL.value, s.kind == SessionKind.GROUP.value
    held, planned = s.status == SessionStatus.HELD.value, and_(s.status == SessionStatus.PLANNED.value,
                                                               s.starts_at >= bindparam("now"))
    attended = p.attended.is_(True)
    recent = (db.select(
        p.user_id,
        func.max(case((and_(individual, held), s.starts_at))).label("last_individual"),
        func.min(case((and_(individual, planned), s.starts_at))).label("next_individual"),
        func.max(case((and_(group, held, attended), s.starts_at))).label("last_group"),
        func.min(case((and_(group, planned), s.starts_at))).label("next_group"),
    ).join(s, s.id == p.session_id)
        .where(p.user_id.in_(ids_param("user_ids")), s.starts_at > bindparam("since"))
        .group_by(p.user_id).subquery())

    def ever(*where):  # the last one of all time, for one person (correlated on the user)
        return (db.select(func.max(s.starts_at)).join(p, p.session_id == s.id)
                .where(p.user_id == User.id, held, *where).scalar_subquery())

    return (db.select(User.id, func.coalesce(recent.c.last_individual, ever(individual)), recent.c.next_individual,
                      func.coalesce(recent.c.last_group, ever(group, attended)), recent.c.next_group)
            .outerjoin(recent, recent.c.user_id == User.id).where(User.id.in_(ids_param("user_ids"))))


# Built once: a statement built per call cost more in SQLAlchemy than in PostgreSQL.
_SESSION_DATES = _session_dates_statement()


def session_dates(user_ids, now: datetime | None = None) -> dict[int, SessionDates]:
    """Per user: the last held and the next planned individual session, the last held group
    session they attended and the next planned one.

    One query. The sessions since RECENT_SESSIONS ago are grouped per person, which PostgreSQL
    finds by time instead of hashing the whole history (2 ms instead of 10 at ten years of a
    section's sessions); for whoever had no held individual or attended group session in that
    time (new staff, professionals who take no group supervision) the last one is looked up
    further back, person by person through the indexes: COALESCE asks only for those. The same
    answer as one grouped query over everything."""
    if not user_ids:
        return {}
    now = now or utcnow()
    rows = plain_rows(_SESSION_DATES, {"user_ids": list(user_ids), "now": now, "since": now - RECENT_SESSIONS})
    return {user_id: SessionDates(*moments) for user_id, *moments in rows}


# From the people's assignments of the last days (the index on person and the shift's start),
# not from every team's shifts of those days hashed against years of debrief reports.
_DEBRIEF_FLAGS = (
    db.select(ShiftAssignment.staff_id, func.count(distinct(ShiftNote.id)), func.max(ShiftAssignment.shift_starts_at))
    .join(ShiftNote, ShiftNote.shift_id == ShiftAssignment.shift_id)
    .where(ShiftNote.kind == REPORT, ShiftNote.needs_debrief, ShiftAssignment.shift_starts_at >= bindparam("since"),
           ShiftAssignment.staff_id.in_(ids_param("staff_ids")))
    .group_by(ShiftAssignment.staff_id)
)


def debrief_flags(staff_ids, now: datetime | None = None, days: int = DEBRIEF_DAYS) -> dict[int, tuple[int, date]]:
    """Per person: how many shift reports of the last `days` days, from shifts they were on,
    ask for a debrief, and the day of the latest such shift. Never the reports' content."""
    if not staff_ids:
        return {}
    since = (now or utcnow()) - timedelta(days=days)
    rows = plain_rows(_DEBRIEF_FLAGS, {"staff_ids": list(staff_ids), "since": since})
    return {staff_id: (count, _oslo_day(latest)) for staff_id, count, latest in rows if count}


# --- one person's rhythm -----------------------------------------------------------------------


@dataclass
class PersonRhythm:
    profile: StaffProfile
    target: rhythm.Target
    last_individual: date | None
    next_individual: date | None
    individual: rhythm.Due
    last_group: date | None
    next_group: date | None
    group: rhythm.Due
    debriefs: int = 0
    latest_debrief: date | None = None

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def overdue(self) -> bool:
        return self.individual.overdue or self.group.overdue

    @property
    def overdue_days(self) -> int:
        return max(self.individual.overdue_days, self.group.overdue_days)

    @property
    def next_due(self) -> date | None:
        """The earlier of the two due dates."""
        dates = [d for d in (self.individual.due, self.group.due) if d is not None]
        return min(dates) if dates else None


def _order(row: PersonRhythm):
    """The most overdue first, then by the next due date (none last), then by name."""
    return (-row.overdue_days, row.next_due or date.max, row.name.casefold())


def rhythm_rows(profiles, *, today: date | None = None, with_debriefs: bool = False,
                now: datetime | None = None) -> list[PersonRhythm]:
    """The rhythm of each of `profiles`, the most overdue first."""
    profiles = list(profiles)
    if not profiles:
        return []
    now = now or utcnow()
    today = today or now.astimezone(OSLO).date()
    saved = targets()
    staff_ids = [p.id for p in profiles]
    dates = session_dates([p.user_id for p in profiles], now=now)
    shifts = _first_shifts_needed(profiles, saved)
    flags = debrief_flags(staff_ids, now=now) if with_debriefs else {}
    rows = []
    for profile in profiles:
        target = target_for(profile.role_type, saved)
        known = dates.get(profile.user_id, SessionDates())
        last_individual, next_individual = _oslo_day(known.last_individual), _oslo_day(known.next_individual)
        last_group, next_group = _oslo_day(known.last_group), _oslo_day(known.next_group)
        count, latest = flags.get(profile.id, (0, None))
        rows.append(PersonRhythm(
            profile=profile, target=target,
            last_individual=last_individual, next_individual=next_individual,
            individual=rhythm.individual_due(target, start_date=profile.start_date,
                                             first_shift=shifts.get(profile.id), last_held=last_individual,
                                             next_planned=next_individual, today=today),
            last_group=last_group, next_group=next_group,
            group=rhythm.group_due(target, start_date=profile.start_date, last_attended=last_group,
                                   next_planned=next_group, today=today),
            debriefs=count, latest_debrief=latest,
        ))
    return sorted(rows, key=_order)


@dataclass
class Overview:
    """The rhythm page: a supervisor's supervisees and a leader's teams (None: not theirs)."""

    supervisees: list[PersonRhythm] | None = None
    team: list[PersonRhythm] | None = None
    today: date = field(default_factory=today_in_oslo)

    @property
    def overdue_count(self) -> int:
        people = {r.profile.id for rows in (self.supervisees or [], self.team or []) for r in rows if r.overdue}
        return len(people)


def overview_for(user, *, today: date | None = None, now: datetime | None = None) -> Overview:
    today = today or (now or utcnow()).astimezone(OSLO).date()
    result = Overview(today=today)
    if user.has_role(Role.SUPERVISOR):
        result.supervisees = rhythm_rows(supervisees(user), today=today, with_debriefs=True, now=now)
    if user.has_role(Role.LEADER):
        result.team = rhythm_rows(team_people(user), today=today, now=now)
    return result
