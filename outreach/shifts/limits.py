"""A person's limits for the roster: absence, availability, accommodation (tilrettelegging)
and an EC's own boundaries. Validate, write, audit and commit, in one transaction.

Accommodation and boundaries are health-related (as lived experience): their audit rows
name no areas, kinds or notes, since the administrator reads the audit log.
"""

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, insert, or_, select

from outreach.audit.services import record
from outreach.core.forms import FieldError
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.models import Area, StaffProfile, Team, team_memberships
from outreach.shifts.models import (
    ABSENCE_LABELS,
    SHIFT_KIND_LABELS,
    Absence,
    Accommodation,
    Availability,
    Shift,
    ShiftAssignment,
    boundary_areas,
)
from outreach.shifts.services import assignment_overlaps, lasting_span

ABSENCE_KINDS = tuple(ABSENCE_LABELS)
MAX_ABSENCE_DAYS = 366
MAX_ACCOMMODATION_HOURS = 60


def _period(first: date, last: date, *, field: str = "ends_on") -> None:
    if first > last:
        raise FieldError(field, _("The last day must be on or after the first day."))


# --- absence ------------------------------------------------------------------------------------


def _check_absence(staff: StaffProfile, kind: str, first: date, last: date, exclude_id: int | None = None) -> None:
    if kind not in ABSENCE_KINDS:
        raise FieldError("kind", _("Choose a kind of absence."))
    _period(first, last)
    if (last - first).days >= MAX_ABSENCE_DAYS:
        raise FieldError("ends_on", _("An absence can be at most a year long; enter a longer one in parts."))
    query = select(Absence).where(Absence.staff_id == staff.id, Absence.starts_on <= last, Absence.ends_on >= first)
    if exclude_id is not None:
        query = query.where(Absence.id != exclude_id)
    other = db.session.scalars(query.limit(1)).first()
    if other is not None:
        raise FieldError("starts_on", _(
            "%(name)s is already absent %(first)s – %(last)s. Change that absence instead.",
            name=staff.name, first=other.starts_on.strftime("%d.%m.%Y"), last=other.ends_on.strftime("%d.%m.%Y"),
        ))


def _absence_summary(absence: Absence) -> str:
    # No kind: sick leave is health-related, and the administrator reads the audit log.
    return f"{absence.starts_on:%Y-%m-%d}..{absence.ends_on:%Y-%m-%d}"


def create_absence(staff: StaffProfile, *, kind: str, starts_on: date, ends_on: date, actor=None) -> Absence:
    _check_absence(staff, kind, starts_on, ends_on)
    absence = Absence(staff=staff, kind=kind, starts_on=starts_on, ends_on=ends_on)
    db.session.add(absence)
    db.session.flush()
    record("absence.create", obj=absence, actor=actor, subject_user_id=staff.user_id,
           summary=_absence_summary(absence))
    db.session.commit()
    return absence


def update_absence(absence: Absence, *, kind: str, starts_on: date, ends_on: date, actor=None) -> list[str]:
    """Last write wins (absence has no version column); every change is audited."""
    _check_absence(absence.staff, kind, starts_on, ends_on, exclude_id=absence.id)
    changed = [name for name, value in (("kind", kind), ("starts_on", starts_on), ("ends_on", ends_on))
               if getattr(absence, name) != value]
    if not changed:
        return []
    absence.kind, absence.starts_on, absence.ends_on = kind, starts_on, ends_on
    record("absence.update", obj=absence, actor=actor, subject_user_id=absence.staff.user_id,
           summary=f"{_absence_summary(absence)}; changed: {', '.join(changed)}")
    db.session.commit()
    return changed


def delete_absence(absence: Absence, *, actor=None) -> None:
    record("absence.delete", obj=absence, actor=actor, subject_user_id=absence.staff.user_id,
           summary=_absence_summary(absence))
    db.session.delete(absence)
    db.session.commit()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, OSLO)


def shifts_during(staff: StaffProfile, first: date, last: date) -> int:
    """How many shifts the person is on in the days [first, last]."""
    start, end = _day_start(first), _day_start(last + timedelta(days=1))
    return db.session.scalar(
        select(db.func.count()).select_from(ShiftAssignment).join(Shift)
        .where(ShiftAssignment.staff_id == staff.id, *assignment_overlaps(start, end), Shift.starts_at < end,
               Shift.ends_at > start)
    ) or 0


def _member_of(team: Team):
    return select(team_memberships.c.staff_id).where(team_memberships.c.team_id == team.id)


def team_absences(team: Team, *, staff_id: int | None = None, kind: str = "", first: date | None = None,
                  last: date | None = None):
    """The absences of the team's people, newest first, filtered: a query for paging."""
    query = (select(Absence).where(Absence.staff_id.in_(_member_of(team)))
             .order_by(Absence.starts_on.desc(), Absence.id.desc()))
    if staff_id:
        query = query.where(Absence.staff_id == staff_id)
    if kind in ABSENCE_KINDS:
        query = query.where(Absence.kind == kind)
    if first:
        query = query.where(Absence.ends_on >= first)
    if last:
        query = query.where(Absence.starts_on <= last)
    return query


def own_absences(profile: StaffProfile):
    return select(Absence).where(Absence.staff_id == profile.id).order_by(Absence.starts_on.desc(), Absence.id.desc())


# --- availability -------------------------------------------------------------------------------


def offer_availability(staff: StaffProfile, *, day: date, start: time, end: time, note: str = "",
                       actor=None) -> Availability:
    """A peer offers a time to work; an end at or before the start is on the next day."""
    if start == end:
        raise FieldError("end", _("The time must end at another time than it starts."))
    starts_at, ends_at = lasting_span(day, start, end)
    if ends_at <= utcnow():
        raise FieldError("day", _("The time has already passed."))
    slot = Availability(staff=staff, starts_at=starts_at, ends_at=ends_at, note=(note or "").strip()[:200])
    db.session.add(slot)
    db.session.flush()
    record("availability.create", obj=slot, actor=actor, subject_user_id=staff.user_id,
           summary=f"{starts_at:%Y-%m-%d %H:%M}Z..{ends_at:%Y-%m-%d %H:%M}Z")
    db.session.commit()
    return slot


def delete_availability(slot: Availability, *, actor=None) -> None:
    record("availability.delete", obj=slot, actor=actor, subject_user_id=slot.staff.user_id,
           summary=f"{slot.starts_at:%Y-%m-%d %H:%M}Z..{slot.ends_at:%Y-%m-%d %H:%M}Z")
    db.session.delete(slot)
    db.session.commit()


def own_availability(profile: StaffProfile):
    """The person's offered times that have not ended, soonest first: a query for paging."""
    return (select(Availability).where(Availability.staff_id == profile.id, Availability.ends_at > utcnow())
            .order_by(Availability.starts_at, Availability.id))


def team_availability(team: Team, first: date, last: date):
    """The times the team's people offered in the days [first, last], in time order."""
    start, end = _day_start(first), _day_start(last + timedelta(days=1))
    return (select(Availability).where(Availability.staff_id.in_(_member_of(team)),
                                       Availability.starts_at < end, Availability.ends_at > start)
            .order_by(Availability.starts_at, Availability.id))


# --- accommodation (tilrettelegging) ------------------------------------------------------------


def area_choices(profile: StaffProfile, keep: list[Area] = ()) -> list[Area]:
    """The active areas of the person's teams, and any already chosen (kept even if archived)."""
    team_ids = [t.id for t in profile.teams]
    keep_ids = [a.id for a in keep]
    return list(db.session.scalars(
        select(Area).join(Area.team)
        .where(or_(Area.team_id.in_(team_ids) & Area.active.is_(True), Area.id.in_(keep_ids)))
        .order_by(Team.name, Area.name)
    ))


def _check_hours(value: float | None, field: str, top: float) -> None:
    if value is not None and (not math.isfinite(value) or value <= 0 or value > top):
        raise FieldError(field, _("Give a number of hours above 0 and at most %(top)s.", top=top))


def save_accommodation(staff: StaffProfile, accommodation: Accommodation | None, *, starts_on: date,
                       ends_on: date, area_ids: list[int], shift_kinds: list[str],
                       max_hours_per_week: float | None, note: str, actor=None) -> Accommodation:
    """Create (accommodation None) or change a period of accommodation. Last write wins."""
    _period(starts_on, ends_on)
    _check_hours(max_hours_per_week, "max_hours_per_week", MAX_ACCOMMODATION_HOURS)
    unknown = set(shift_kinds) - {k.value for k in SHIFT_KIND_LABELS}
    if unknown:
        raise FieldError("avoid_shift_kinds", _("Unknown kind of shift."))
    allowed = {a.id for a in area_choices(staff, accommodation.avoid_areas if accommodation else [])}
    if set(area_ids) - allowed:
        raise FieldError("avoid_areas", _("Choose among the areas of the person's teams."))
    creating = accommodation is None
    if creating:
        accommodation = Accommodation(staff=staff)
        db.session.add(accommodation)
    accommodation.starts_on, accommodation.ends_on = starts_on, ends_on
    accommodation.avoid_shift_kinds = sorted(set(shift_kinds))
    accommodation.max_hours_per_week = max_hours_per_week
    accommodation.note = (note or "").strip()
    accommodation.avoid_areas = list(db.session.scalars(select(Area).where(Area.id.in_(area_ids))))
    db.session.flush()
    record("accommodation.create" if creating else "accommodation.update", obj=accommodation, actor=actor,
           subject_user_id=staff.user_id)
    db.session.commit()
    return accommodation


def delete_accommodation(accommodation: Accommodation, *, actor=None) -> None:
    record("accommodation.delete", obj=accommodation, actor=actor, subject_user_id=accommodation.staff.user_id)
    db.session.delete(accommodation)
    db.session.commit()


def accommodations_of(profile: StaffProfile) -> list[Accommodation]:
    """Current and coming periods first (soonest first), then the past ones (latest first)."""
    rows = db.session.scalars(select(Accommodation).where(Accommodation.staff_id == profile.id)).all()
    today = utcnow().astimezone(OSLO).date()
    current = sorted((a for a in rows if a.ends_on >= today), key=lambda a: (a.starts_on, a.id))
    past = sorted((a for a in rows if a.ends_on < today), key=lambda a: (a.ends_on, a.id), reverse=True)
    return current + past


# --- an EC's own boundaries ---------------------------------------------------------------------


def boundaries_of(profile: StaffProfile) -> list[Area]:
    return list(db.session.scalars(
        select(Area).join(boundary_areas, boundary_areas.c.area_id == Area.id).join(Area.team)
        .where(boundary_areas.c.staff_id == profile.id).order_by(Team.name, Area.name)
    ))


def set_boundaries(profile: StaffProfile, area_ids: list[int], *, actor=None) -> bool:
    """The person's own choice of environments to stay away from. Returns whether it changed."""
    current = boundaries_of(profile)
    allowed = {a.id for a in area_choices(profile, current)}
    wanted = set(area_ids)
    if wanted - allowed:
        raise FieldError("areas", _("Choose among the areas of your teams."))
    have = {a.id for a in current}
    if wanted == have:
        return False
    if have - wanted:
        db.session.execute(delete(boundary_areas).where(
            boundary_areas.c.staff_id == profile.id, boundary_areas.c.area_id.in_(have - wanted)))
    if wanted - have:
        db.session.execute(insert(boundary_areas), [
            {"staff_id": profile.id, "area_id": area_id} for area_id in sorted(wanted - have)])
    # The summary names no area: the administrator reads the audit log.
    record("boundaries.update", obj=profile, actor=actor, subject_user_id=profile.user_id,
           summary=f"{len(wanted)} areas")
    db.session.commit()
    return True


# --- the roster grid ----------------------------------------------------------------------------


def grid_marks(view, days: list[date], *, planner: bool, viewer_id: int | None):
    """Absence and offered times per (staff id, day), from what `load_roster` already read.

    No query of its own. Planners see every absence with its kind and peers' offered
    times; anyone else sees only their own absence.
    """
    shown = set(days)
    absent: dict[tuple[int, date], str] = {}  # the kind's label
    for absence in view.roster.absences:
        if not planner and absence.person_id != viewer_id:
            continue
        day = absence.starts_at.astimezone(OSLO).date()
        last = (absence.ends_at - timedelta(microseconds=1)).astimezone(OSLO).date()
        while day <= last:
            if day in shown:
                absent[(absence.person_id, day)] = str(ABSENCE_LABELS.get(absence.kind, absence.kind))
            day += timedelta(days=1)
    offered: dict[tuple[int, date], list] = defaultdict(list)
    if planner:
        for slot in sorted(view.roster.availability, key=lambda s: s.starts_at):
            day = slot.starts_at.astimezone(OSLO).date()
            if day in shown:
                offered[(slot.person_id, day)].append((slot.starts_at, slot.ends_at))
    return absent, dict(offered)
