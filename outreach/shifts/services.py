"""Operations on the roster: validate, write, audit, commit. And the roster as the rules see it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import Date, Integer, String, and_, bindparam, cast, literal, null, or_, select, union_all
from sqlalchemy.orm import contains_eager, lazyload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.auth.models import User
from outreach.core.database import ids_param, plain_rows
from outreach.core.db_types import UTCDateTime
from outreach.core.forms import ConflictError, FieldError
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.people.models import Area, StaffProfile, Team, known_environments, team_memberships
from outreach.shifts import rules
from outreach.shifts.models import (
    Absence,
    Accommodation,
    Availability,
    RuleSettingRow,
    Shift,
    ShiftAssignment,
    ShiftPattern,
    ViolationOverride,
    accommodation_areas,
    boundary_areas,
    shift_areas,
)
from outreach.shifts.timespan import local_span

# Shifts this far around a period are read too: rest and weekly rules look across its edges.
CONTEXT = timedelta(days=7)
# No shift lasts longer (`local_span`: at most a day, 25 hours across the change of clock).
# A lower bound on `starts_at` lets the index on it bound a search for shifts overlapping a
# period; `ends_at > start` alone reads the whole history before the period.
LONGEST_SHIFT = timedelta(days=2)


def assignment_overlaps(start: datetime, end: datetime | None = None) -> tuple:
    """That an assignment's shift may overlap [start, end), on the assignment's copy of the
    shift's start: beside `ShiftAssignment.staff_id == ...` PostgreSQL then reads the person's
    assignments of those days from ix_shift_assignments_staff_starts, not all of their years.
    Only narrows the search: the query keeps the shift's own conditions."""
    lower = ShiftAssignment.shift_starts_at > start - LONGEST_SHIFT
    return (lower,) if end is None else (lower, ShiftAssignment.shift_starts_at < end)


class RuleBlocked(Exception):
    """The change would break a rule set to block."""

    def __init__(self, violations: list[rules.Violation]):
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations


class NeedsReason(Exception):
    """The change brings new warnings: the leader must give a reason to go ahead."""

    def __init__(self, violations: list[rules.Violation]):
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError() from error


def _check_version(shift: Shift, version) -> None:
    if version is not None and str(shift.version) != str(version):
        raise ConflictError()


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants that start `first` and end `last`, in Oslo."""
    return (
        datetime.combine(first, time.min, OSLO).astimezone(UTC),
        datetime.combine(last + timedelta(days=1), time.min, OSLO).astimezone(UTC),
    )


# --- the roster as the rules see it -----------------------------------------------------------


def team_staff(team: Team, *, active_only: bool = True, bare: bool = False) -> list[StaffProfile]:
    """The team's people by kind and name. `bare`: without their roles and teams (two queries
    less), for the rules and the grid, which use neither."""
    query = (
        db.select(StaffProfile).join(StaffProfile.user).join(team_memberships)
        .where(team_memberships.c.team_id == team.id)
        .order_by(StaffProfile.role_type, User.full_name)
    )
    if bare:
        # lazyload, not raiseload: the signed-in user may be among them, expired after a rollback.
        query = query.options(lazyload(StaffProfile.teams), contains_eager(StaffProfile.user).lazyload(User.role_rows))
    else:
        # The absence pages check for each person whether the leader leads them (roles, teams).
        query = query.options(selectinload(StaffProfile.teams),
                              contains_eager(StaffProfile.user).selectinload(User.role_rows))
    if active_only:
        query = query.where(User.active.is_(True))
    return list(db.session.scalars(query))


_RULE_SETTINGS = (select(RuleSettingRow.rule, RuleSettingRow.mode, RuleSettingRow.params)
                  .where(or_(RuleSettingRow.team_id.is_(None), RuleSettingRow.team_id == bindparam("team_id")))
                  .order_by(RuleSettingRow.team_id.is_not(None)))


def team_settings(team: Team) -> dict[str, rules.RuleSetting]:
    """The rule settings in force for a team: defaults, then the section's, then the team's."""
    rows = plain_rows(_RULE_SETTINGS, {"team_id": team.id})
    merged: dict[str, rules.RuleSetting] = {}
    for row in rows:
        base = merged.get(row.rule) or rules.DEFAULT_SETTINGS.get(row.rule)
        if base is None:
            continue
        merged[row.rule] = rules.RuleSetting(row.mode, {**base.params, **(row.params or {})})
    return rules.effective_settings(merged)


@dataclass
class RosterView:
    """A team's roster for a period, with what the rules say about it."""

    team: Team
    first: date
    last: date
    shifts: list  # Shift objects, or plain rows (objects=False)
    staff: list  # StaffProfile objects, or plain rows
    roster: rules.Roster
    violations: list[rules.Violation]
    overridden: dict[str, object]  # the set-aside warnings' keys: rows of key and reason

    def for_shift(self, shift_id: int) -> list[rules.Violation]:
        return [v for v in self.violations if shift_id in v.shift_ids]

    def for_cell(self, staff_id: int, day: date) -> list[rules.Violation]:
        return [
            v for v in self.violations
            if staff_id in v.person_ids and any(
                s in self.roster.shifts and self.roster.shifts[s].starts_at.astimezone(OSLO).date() == day
                for s in v.shift_ids
            )
        ]

    @property
    def open_violations(self) -> list[rules.Violation]:
        return [v for v in self.violations if v.key not in self.overridden]


def _person(profile, known: dict[int, set[int]], boundaries: dict[int, set[int]]) -> rules.Person:
    """`profile`: a StaffProfile, or a row of `_person_rows`."""
    return rules.Person(
        id=profile.id,
        name=profile.name,
        kind=profile.role_type,
        position_percentage=profile.position_percentage,
        start_date=profile.start_date,
        buddy_id=profile.buddy_id,
        known_area_ids=frozenset(known.get(profile.id, ())),
        boundary_area_ids=frozenset(boundaries.get(profile.id, ())),
    )


# The reads of `load_roster`, built once with named parameters. Building a statement and its
# cache key anew on each call (with a bound value per id of an IN list) cost SQLAlchemy more
# than PostgreSQL took to answer most of them: 0.5 ms a statement against 0.3 built once.


_PERSON_COLUMNS = (StaffProfile.id, User.full_name.label("name"), StaffProfile.role_type,
                   StaffProfile.position_percentage, StaffProfile.start_date, StaffProfile.buddy_id)
# The team's active people, by kind and name as `team_staff`.
_TEAM_PEOPLE = (
    select(*_PERSON_COLUMNS).join(User, User.id == StaffProfile.user_id)
    .where(User.active.is_(True), StaffProfile.id.in_(
        select(team_memberships.c.staff_id).where(team_memberships.c.team_id == bindparam("team_id"))))
    .order_by(StaffProfile.role_type, User.full_name)
)
_PEOPLE = (select(*_PERSON_COLUMNS).join(User, User.id == StaffProfile.user_id)
           .where(StaffProfile.id.in_(ids_param("ids"))))
# The team's shifts overlapping [start, end); `earliest` is start - LONGEST_SHIFT.
_IN_PERIOD = (Shift.team_id == bindparam("team_id"), Shift.starts_at < bindparam("end"),
              Shift.ends_at > bindparam("start"), Shift.starts_at > bindparam("earliest"))
# With their areas: a row per shift and area (one with no area for a shift without).
_PERIOD_SHIFTS = (select(Shift.id, Shift.kind, Shift.starts_at, Shift.ends_at, Shift.team_id, Shift.title,
                         Shift.status, Shift.version, shift_areas.c.area_id)
                  .outerjoin(shift_areas, shift_areas.c.shift_id == Shift.id)
                  .where(*_IN_PERIOD).order_by(Shift.starts_at, Shift.id))
# The period's shifts again as a subquery, not a list of a hundred ids: such a statement is
# built, sent and parsed anew each time, which cost more than the database's work.
_PERIOD_ASSIGNMENTS = (
    select(ShiftAssignment.shift_id, ShiftAssignment.staff_id, ShiftAssignment.starts_at, ShiftAssignment.ends_at)
    .where(ShiftAssignment.shift_id.in_(select(Shift.id).where(*_IN_PERIOD))).order_by(ShiftAssignment.id)
)
# The people's other shifts, on any team, starting in (window_earliest, window_end): not the
# period's own (read above), which were two rows in five of a four-week grid's. Found by the
# assignments' copy of the start (ix_shift_assignments_staff_starts: each person's weeks, not all
# their years joined with every team's shifts of the weeks) and bounded on the start alone: with
# `ends_at > window_start` too, PostgreSQL takes the two (correlated) conditions as independent.
_PEOPLES_SHIFTS = (
    select(ShiftAssignment.shift_id, ShiftAssignment.staff_id, ShiftAssignment.starts_at,
           ShiftAssignment.ends_at, Shift.kind, Shift.starts_at.label("shift_starts"),
           Shift.ends_at.label("shift_ends"), Shift.team_id)
    .join(Shift, Shift.id == ShiftAssignment.shift_id)
    .where(ShiftAssignment.staff_id.in_(ids_param("staff_ids")),
           ShiftAssignment.shift_starts_at < bindparam("window_end"),
           ShiftAssignment.shift_starts_at > bindparam("window_earliest"), ~and_(*_IN_PERIOD))
)
# The people's absence on the days [first, last] (the period and the days around it).
_ABSENCE_IN_WINDOW = (Absence.staff_id.in_(ids_param("staff_ids")), Absence.starts_on <= bindparam("last"),
                      Absence.ends_on >= bindparam("first"))
_ABSENCES = select(Absence.staff_id, Absence.starts_on.label("from_day"), Absence.ends_on.label("to_day"),
                   Absence.kind).where(*_ABSENCE_IN_WINDOW)


def _peoples_limits():
    """What the rules know of the people besides their shifts, in one query (a round trip each
    was a fifth of the rule check's reads): their absence around the period, the times peers
    offered, their known environments and their boundaries. A row per fact, tagged by
    `source`; each source fills its own columns, the others are typed NULLs (PostgreSQL takes
    an untyped NULL in two SELECTs as text)."""
    no_area, no_day, no_time, no_text = (cast(null(), kind) for kind in (Integer, Date, UTCDateTime, String))
    staff_ids = ids_param("staff_ids")
    return union_all(
        select(literal("absence").label("source"), Absence.staff_id, no_area.label("area_id"),
               Absence.starts_on.label("from_day"), Absence.ends_on.label("to_day"), no_time.label("from_time"),
               no_time.label("to_time"), Absence.kind.label("kind"))
        .where(*_ABSENCE_IN_WINDOW),
        select(literal("availability"), Availability.staff_id, no_area, no_day, no_day, Availability.starts_at,
               Availability.ends_at, no_text)
        .where(Availability.staff_id.in_(staff_ids), Availability.starts_at < bindparam("end"),
               Availability.ends_at > bindparam("start")),
        select(literal("known"), known_environments.c.staff_id, known_environments.c.area_id, no_day, no_day,
               no_time, no_time, no_text)
        .where(known_environments.c.staff_id.in_(staff_ids)),
        select(literal("boundary"), boundary_areas.c.staff_id, boundary_areas.c.area_id, no_day, no_day,
               no_time, no_time, no_text)
        .where(boundary_areas.c.staff_id.in_(staff_ids)),
    )


_PEOPLES_LIMITS = _peoples_limits()
# A row per accommodation and area to avoid (one with no area for an accommodation without).
_ACCOMMODATIONS = (
    select(Accommodation.id, Accommodation.staff_id, Accommodation.starts_on, Accommodation.ends_on,
           Accommodation.avoid_shift_kinds, Accommodation.max_hours_per_week, accommodation_areas.c.area_id)
    .outerjoin(accommodation_areas, accommodation_areas.c.accommodation_id == Accommodation.id)
    .where(Accommodation.staff_id.in_(ids_param("staff_ids")), Accommodation.starts_on <= bindparam("last"),
           Accommodation.ends_on >= bindparam("first"))
    .order_by(Accommodation.id)
)
_OVERRIDES = select(ViolationOverride.key, ViolationOverride.reason).where(
    ViolationOverride.team_id == bindparam("team_id"), ViolationOverride.key.in_(ids_param("keys")))


def _person_rows(ids) -> list:
    """People as plain rows with what the rules read of them (for `_person`) and their name."""
    return plain_rows(_PEOPLE, {"ids": list(ids)})


def _plain_period(team: Team, period: dict):
    """The team's people (by kind and name, as `team_staff`) and its shifts in the period with
    their areas and assignments: plain rows, three queries (about a quarter less CPU than loading
    objects; the shifts come with their areas). The shift rows also hold what the grid shows of
    them (title, status, version)."""
    staff = plain_rows(_TEAM_PEOPLE, {"team_id": team.id})
    rows = []
    areas: dict[int, set[int]] = {}
    for row in plain_rows(_PERIOD_SHIFTS, period):
        if row.id not in areas:
            areas[row.id] = set()
            rows.append(row)
        if row.area_id is not None:
            areas[row.id].add(row.area_id)
    assignments = []
    if rows:
        assignments = [rules.Assignment(*row) for row in plain_rows(_PERIOD_ASSIGNMENTS, period)]
    shifts = {row.id: rules.Shift(row.id, row.kind, row.starts_at, row.ends_at, frozenset(areas.get(row.id, ())),
                                  row.team_id) for row in rows}
    return staff, shifts, assignments, rows


def _accommodations(staff_ids: list[int], first: date, last: date) -> list[rules.Accommodation]:
    """The people's accommodations in force in [first, last], with the areas each avoids."""
    by_id: dict[int, tuple] = {}
    areas: dict[int, set[int]] = {}
    for row in plain_rows(_ACCOMMODATIONS, {"staff_ids": staff_ids, "first": first, "last": last}):
        by_id.setdefault(row.id, row)
        if row.area_id is not None:
            areas.setdefault(row.id, set()).add(row.area_id)
    return [rules.Accommodation(a.staff_id, a.starts_on, a.ends_on, frozenset(areas.get(a.id, ())),
                                frozenset(a.avoid_shift_kinds or ()), a.max_hours_per_week)
            for a in by_id.values()]


def _absence(row) -> rules.Absence:
    """A row of `_ABSENCES` or an absence row of `_PEOPLES_LIMITS`: whole days, as instants."""
    return rules.Absence(row.staff_id, *day_bounds(row.from_day, row.to_day), row.kind)


def _rule_shift(shift: Shift) -> rules.Shift:
    return rules.Shift(shift.id, shift.kind, shift.starts_at, shift.ends_at,
                       frozenset(a.id for a in shift.areas), shift.team_id)


def load_roster(team: Team, first: date, last: date, *, extra: list[ShiftAssignment] | None = None,
                check: bool = True, objects: bool = True) -> RosterView:
    """The team's shifts in [first, last], checked with everything the rules need: the team's
    people, their other shifts around the period, absence, availability and accommodation.

    A fixed number of queries, whatever the number of staff or shifts. `check=False`: the
    shifts, people and absence only, no rule check (no violations), for those who are not
    shown what the rules say. `objects=False`: everything read as plain rows, not objects:
    `shifts` are rows of the shift's columns the grid shows (no areas, no assignments: those
    are in `roster`) and `staff` rows of id, name and role type, for the grid and the
    callers that want what the rules say and nothing else.
    """
    start, end = day_bounds(first, last)
    period = {"team_id": team.id, "start": start, "end": end, "earliest": start - LONGEST_SHIFT}
    if objects:
        # The team's people first: an assignment's person is then found in the session, not
        # loaded (with their roles and teams) once more.
        staff = team_staff(team, bare=True)
        shifts = list(db.session.scalars(
            db.select(Shift).where(*_IN_PERIOD).order_by(Shift.starts_at, Shift.id)
            .options(selectinload(Shift.assignments).lazyload(ShiftAssignment.staff)), period
        ))
        period_shifts = {s.id: _rule_shift(s) for s in shifts}
        assignments = [rules.Assignment(a.shift_id, a.staff_id, a.starts_at, a.ends_at)
                       for s in shifts for a in s.assignments]
    else:
        staff, period_shifts, assignments, shifts = _plain_period(team, period)
    staff_ids = sorted({p.id for p in staff} | {a.person_id for a in assignments})
    in_period = set(period_shifts)
    window_start, window_end = start - CONTEXT, end + CONTEXT
    window = {"staff_ids": staff_ids, "start": window_start, "end": window_end, "first": first - CONTEXT,
              "last": last + CONTEXT}
    # The same people's other shifts around the period, on any team, for rest, hours and double
    # booking: plain rows, one query. Their areas and the others on them are not read: what the
    # rules say about those alone concerns shifts outside the period, which are not reported.
    around: dict[int, rules.Shift] = {}
    around_period = {**period, "staff_ids": staff_ids, "window_end": window_end,
                     "window_earliest": window_start - LONGEST_SHIFT}
    for row in () if not check else plain_rows(_PEOPLES_SHIFTS, around_period):
        if row.shift_ends <= window_start:  # not in SQL: see _PEOPLES_SHIFTS
            continue
        if row.shift_id not in around:
            around[row.shift_id] = rules.Shift(row.shift_id, row.kind, row.shift_starts, row.shift_ends,
                                               frozenset(), row.team_id)
        assignments.append(rules.Assignment(row.shift_id, row.staff_id, row.starts_at, row.ends_at))
    people_rows = {p.id: p for p in staff}
    missing = set(staff_ids) - people_rows.keys()
    if missing:
        others = (db.session.scalars(db.select(StaffProfile).where(StaffProfile.id.in_(missing))) if objects
                  else _person_rows(sorted(missing)))
        people_rows.update({p.id: p for p in others})
    for a in extra or []:
        assignments.append(rules.Assignment(a.shift_id, a.staff_id, a.starts_at, a.ends_at))
    known: dict[int, set[int]] = {}
    boundaries: dict[int, set[int]] = {}
    absences, availability, accommodations = [], [], []
    if check:
        for row in plain_rows(_PEOPLES_LIMITS, window):
            if row.source == "absence":
                absences.append(_absence(row))
            elif row.source == "availability":
                availability.append(rules.Availability(row.staff_id, row.from_time, row.to_time))
            else:
                (known if row.source == "known" else boundaries).setdefault(row.staff_id, set()).add(row.area_id)
        accommodations = _accommodations(staff_ids, first, last)
    else:
        absences = [_absence(row) for row in plain_rows(_ABSENCES, window)]
    roster = rules.Roster(
        people={pid: _person(p, known, boundaries) for pid, p in people_rows.items()},
        shifts={**around, **period_shifts},
        assignments=assignments, absences=absences, availability=availability,
        accommodations=accommodations, period=(first, last),
    )
    if not check:
        return RosterView(team, first, last, shifts, staff, roster, [], {})
    team_people = {p.id for p in staff}
    violations = [
        v for v in rules.check(roster, team_settings(team))
        if set(v.shift_ids) & in_period or (not v.shift_ids and set(v.person_ids) & team_people)
    ]
    overridden = {o.key: o for o in plain_rows(
        _OVERRIDES, {"team_id": team.id, "keys": [v.key for v in violations]})} if violations else {}
    return RosterView(team, first, last, shifts, staff, roster, violations, overridden)


# --- shifts -------------------------------------------------------------------------------------


def lasting_span(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """`local_span` of a shift or an offered time, refused (next to its end) when the times come
    to no time at all: on the night the clocks go forward 02:00-03:00 does not exist, so
    02:00-03:00 would be 03:00-03:00 and 02:30-03:00 would end before it starts."""
    starts_at, ends_at = local_span(day, start, end)
    if ends_at <= starts_at:
        raise FieldError("end", _("On %(day)s the clocks go forward from 02:00 to 03:00: these times "
                                  "come to no time at all. Choose times outside that hour.",
                                  day=f"{day.day}.{day.month}.{day.year}"))
    return starts_at, ends_at


def create_shift(team: Team, *, kind: str, day: date, start: time, end: time, areas: list[Area] = (),
                 title: str = "", professionals_needed: int = 1, lived_experience_needed: int = 0,
                 pattern_id: int | None = None, actor=None, commit: bool = True) -> Shift:
    if start == end:
        raise FieldError("end", _("The shift must end at another time than it starts."))
    starts_at, ends_at = lasting_span(day, start, end)
    shift = Shift(team=team, kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at,
                  professionals_needed=professionals_needed, lived_experience_needed=lived_experience_needed,
                  pattern_id=pattern_id)
    shift.areas = list(areas)
    db.session.add(shift)
    db.session.flush()
    record("shift.create", obj=shift, actor=actor, summary=f"{team.name} {kind} {starts_at:%Y-%m-%d %H:%M}Z")
    if commit:
        db.session.commit()
    return shift


def update_shift(shift: Shift, *, kind: str, day: date, start: time, end: time, areas: list[Area], title: str,
                 professionals_needed: int, lived_experience_needed: int, version, actor=None) -> None:
    _check_version(shift, version)
    if start == end:
        raise FieldError("end", _("The shift must end at another time than it starts."))
    shift.starts_at, shift.ends_at = lasting_span(day, start, end)
    shift.kind, shift.title, shift.areas = kind, title.strip(), list(areas)
    shift.professionals_needed, shift.lived_experience_needed = professionals_needed, lived_experience_needed
    record("shift.update", obj=shift, actor=actor, summary=f"{shift.kind} {shift.starts_at:%Y-%m-%d %H:%M}Z")
    _commit()


def delete_shift(shift: Shift, *, version, actor=None) -> None:
    _check_version(shift, version)
    record("shift.delete", obj=shift, actor=actor,
           summary=f"{shift.team.name} {shift.kind} {shift.starts_at:%Y-%m-%d %H:%M}Z")
    db.session.delete(shift)
    _commit()


# Weighed over a whole planning period, not one change at a time.
PERIOD_RULES = {"contract_hours"}


def lock_people(staff_ids) -> None:
    """Hold the people's rows until the change commits (assign, assign_many, the planner): two
    leaders putting the same person on two overlapping shifts at once would each check a roster
    without the other's change and both pass. The second now waits, then checks with the first
    change in (PostgreSQL; SQLite has no row locks and one writer at a time)."""
    ids = sorted(set(staff_ids))
    if ids:
        # FOR NO KEY UPDATE: assigns of a person wait for each other, while rows that only refer
        # to the person (an absence, another shift's assignment) can still be written.
        db.session.execute(select(StaffProfile.id).where(StaffProfile.id.in_(ids))
                           .order_by(StaffProfile.id).with_for_update(key_share=True))


def _new_violations(shift: Shift, change) -> tuple[list[rules.Violation], list[rules.Violation]]:
    """The violations a change to `shift` adds, within its week: (blocking, warnings)."""
    day = shift.starts_at.astimezone(OSLO).date()
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    before = {v.key for v in load_roster(shift.team, monday, sunday, objects=False).violations}
    change()
    db.session.flush()
    after = load_roster(shift.team, monday, sunday, objects=False).violations
    added = [v for v in after if v.key not in before and v.rule not in PERIOD_RULES]
    return [v for v in added if v.blocks], [v for v in added if not v.blocks]


def assign(shift: Shift, staff: StaffProfile, *, version, actor=None, reason: str = "") -> list[rules.Violation]:
    """Put `staff` on `shift`. Refused if it breaks a blocking rule; new warnings need a reason.

    Returns the warnings that were overridden.
    """
    _check_version(shift, version)
    if any(a.staff_id == staff.id for a in shift.assignments):
        return []
    lock_people([staff.id])
    if db.session.scalar(select(ShiftAssignment.id).where(ShiftAssignment.shift_id == shift.id,
                                                          ShiftAssignment.staff_id == staff.id)):
        # Put on the shift by someone else while this request waited for the lock.
        db.session.rollback()
        raise ConflictError()

    def change():
        shift.assignments.append(ShiftAssignment(staff=staff))

    blocking, warnings = _new_violations(shift, change)
    if blocking:
        db.session.rollback()
        raise RuleBlocked(blocking)
    if warnings and not reason.strip():
        db.session.rollback()
        raise NeedsReason(warnings)
    _record_overrides(shift.team, warnings, reason, actor)
    _touch(shift, version)
    record("shift.assign", obj=shift, actor=actor, subject_user_id=staff.user_id,
           summary=f"{staff.user.username} on {shift.starts_at:%Y-%m-%d %H:%M}Z")
    _commit()
    return warnings


def assign_many(team: Team, pairs: list[tuple[Shift, StaffProfile]], *, actor=None,
                reason: str = "") -> list[rules.Violation]:
    """Put several people on several of the team's shifts as one change, as when a period is
    filled in one go: checked once on the result, over the weeks the shifts are in. Refused
    as a whole if it breaks a blocking rule; new warnings need a reason. Every assignment is
    audited as by `assign`. Returns the warnings that were overridden.
    """
    pairs = list({(s.id, p.id): (s, p) for s, p in pairs
                  if all(a.staff_id != p.id for a in s.assignments)}.values())
    if not pairs:
        return []
    if any(shift.team_id != team.id for shift, _ in pairs):
        raise ValueError("every shift must be the team's")
    shifts = {shift.id: shift for shift, _ in pairs}
    versions = {shift_id: shift.version for shift_id, shift in shifts.items()}
    days = [shift.starts_at.astimezone(OSLO).date() for shift in shifts.values()]
    first = min(days) - timedelta(days=min(days).weekday())
    last = max(days) + timedelta(days=6 - max(days).weekday())
    lock_people(staff.id for _, staff in pairs)
    before = {v.key for v in load_roster(team, first, last, objects=False).violations}
    for shift, staff in pairs:
        shift.assignments.append(ShiftAssignment(staff=staff))
    db.session.flush()
    added = [v for v in load_roster(team, first, last, objects=False).violations
             if v.key not in before and v.rule not in PERIOD_RULES]
    blocking, warnings = [v for v in added if v.blocks], [v for v in added if not v.blocks]
    if blocking:
        db.session.rollback()
        raise RuleBlocked(blocking)
    if warnings and not reason.strip():
        db.session.rollback()
        raise NeedsReason(warnings)
    _record_overrides(team, warnings, reason, actor)
    for shift_id in sorted(shifts):  # in one order for every writer: no deadlock between two
        _touch(shifts[shift_id], versions[shift_id])
    for shift, staff in pairs:
        record("shift.assign", obj=shift, actor=actor, subject_user_id=staff.user_id,
               summary=f"{staff.user.username} on {shift.starts_at:%Y-%m-%d %H:%M}Z")
    _commit()
    return warnings


def unassign(shift: Shift, staff: StaffProfile, *, version, actor=None) -> None:
    _check_version(shift, version)
    shift.assignments = [a for a in shift.assignments if a.staff_id != staff.id]
    _touch(shift, version)
    record("shift.unassign", obj=shift, actor=actor, subject_user_id=staff.user_id,
           summary=f"{staff.user.username} off {shift.starts_at:%Y-%m-%d %H:%M}Z")
    _commit()


def _touch(shift: Shift, version) -> None:
    """Changing who is on a shift changes the shift: its version moves, so that a second
    leader working from the old state gets a conflict instead of overwriting. The UPDATE only
    matches the version the leader saw, which also settles a race between two requests."""
    expected = shift.version if version is None else int(version)
    result = db.session.execute(
        db.update(Shift).where(Shift.id == shift.id, Shift.version == expected)
        .values(version=Shift.version + 1).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ConflictError()


def _record_overrides(team: Team, warnings: list[rules.Violation], reason: str, actor) -> None:
    for violation in warnings:
        if db.session.scalar(db.select(ViolationOverride.id).where(
                ViolationOverride.team_id == team.id, ViolationOverride.key == violation.key)):
            continue
        db.session.add(ViolationOverride(team_id=team.id, key=violation.key, reason=reason.strip(),
                                         created_by_id=actor.id))
        record("roster.override", object_type="teams", object_id=team.id, actor=actor,
               summary=f"{violation.key}: {reason.strip()[:500]}")


def override(team: Team, violation: rules.Violation, reason: str, *, actor) -> None:
    if violation.blocks:
        raise FieldError("reason", _("A rule set to block cannot be overridden."))
    if not reason.strip():
        raise FieldError("reason", _("Say why the roster should go ahead despite the warning."))
    _record_overrides(team, [violation], reason, actor)
    db.session.commit()


def publish(team: Team, first: date, last: date, *, actor) -> int:
    """Publish the team's draft shifts in the period; refused while blocking violations remain."""
    view = load_roster(team, first, last)
    blocking = [v for v in view.violations if v.blocks]
    if blocking:
        raise RuleBlocked(blocking)
    drafts = [s for s in view.shifts if s.status == "draft"]
    for shift in drafts:
        shift.status = "published"
    record("roster.publish", object_type="teams", object_id=team.id, actor=actor,
           summary=f"{len(drafts)} shifts {first:%Y-%m-%d}..{last:%Y-%m-%d}")
    _commit()
    return len(drafts)


def pattern_makes_shift_on(pattern: ShiftPattern, day: date) -> bool:
    """The weekly pattern has a shift on `day`: its weekday, at times that last (a pattern inside
    the hour the clocks skip in March has none that night)."""
    if pattern.weekday != day.weekday():
        return False
    starts_at, ends_at = local_span(day, pattern.start_time, pattern.end_time)
    return ends_at > starts_at


def roll_out_patterns(team: Team, first: date, last: date, *, actor=None) -> int:
    """Create the draft shifts the team's weekly patterns describe, once per day."""
    patterns = db.session.scalars(
        db.select(ShiftPattern).where(ShiftPattern.team_id == team.id, ShiftPattern.active.is_(True))
    ).all()
    start, end = day_bounds(first, last)
    existing = {
        (s.pattern_id, s.starts_at.astimezone(OSLO).date())
        for s in db.session.scalars(db.select(Shift).where(
            Shift.team_id == team.id, Shift.pattern_id.is_not(None), Shift.starts_at >= start, Shift.starts_at < end))
    }
    created = 0
    day = first
    while day <= last:
        for pattern in patterns:
            if pattern_makes_shift_on(pattern, day) and (pattern.id, day) not in existing:
                create_shift(team, kind=pattern.kind, day=day, start=pattern.start_time, end=pattern.end_time,
                             areas=pattern.areas, title=pattern.title, pattern_id=pattern.id,
                             professionals_needed=pattern.professionals_needed,
                             lived_experience_needed=pattern.lived_experience_needed, actor=actor, commit=False)
                created += 1
        day += timedelta(days=1)
    record("roster.roll_out", object_type="teams", object_id=team.id, actor=actor,
           summary=f"{created} shifts {first:%Y-%m-%d}..{last:%Y-%m-%d}")
    db.session.commit()
    return created
