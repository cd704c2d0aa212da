"""Planning a period with the solver, locking assignments, and suggesting partners: the
database side of planner.py (which is pure)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, lazyload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.core.forms import ConflictError, FieldError, check_days_in_calendar
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.people.models import StaffProfile, Team
from outreach.shifts import planner, rules, services
from outreach.shifts.models import Shift, ShiftAssignment

DEFAULT_TIME_LIMIT = 10.0  # seconds; the app setting PLANNER_TIME_LIMIT overrides it
MAX_PERIOD_DAYS = 42
HISTORY = timedelta(days=365)  # how far back "earlier shifts together" is counted
PAIR_MODES = planner.PAIR_MODES


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError() from error


def _day(shift: Shift) -> date:
    return shift.starts_at.astimezone(OSLO).date()


# --- what planning a period will do ---------------------------------------------------------------


@dataclass
class PlanPreview:
    team: Team
    first: date
    last: date
    drafts: list[Shift]  # the draft shifts that start in the period: these are planned
    published: int  # published shifts in the period: never touched
    slots: int  # people the drafts need, in all
    locked: int  # locked assignments on the drafts, kept as they are
    unlocked: int  # other assignments on the drafts, which the planner may replace

    @property
    def open_slots(self) -> int:
        return max(0, self.slots - self.locked)


def _drafts(shifts: list[Shift], first: date, last: date) -> list[Shift]:
    return [s for s in shifts if s.status == "draft" and first <= _day(s) <= last]


def preview(team: Team, first: date, last: date) -> PlanPreview:
    start, end = services.day_bounds(first, last)
    shifts = list(db.session.scalars(
        select(Shift).where(Shift.team_id == team.id, Shift.starts_at >= start, Shift.starts_at < end)
        .order_by(Shift.starts_at, Shift.id)
        # Counts only: not the shifts' areas, nor the people on them (with their roles and teams).
        .options(lazyload(Shift.areas), selectinload(Shift.assignments).lazyload(ShiftAssignment.staff))
    ))
    drafts = _drafts(shifts, first, last)
    assignments = [a for s in drafts for a in s.assignments]
    return PlanPreview(
        team, first, last, drafts, sum(1 for s in shifts if s.is_published),
        sum(s.professionals_needed + s.lived_experience_needed for s in drafts),
        sum(1 for a in assignments if a.locked), sum(1 for a in assignments if not a.locked),
    )


def validate_period(first: date, last: date) -> None:
    check_days_in_calendar(first=first, last=last)
    if last < first:
        raise FieldError("last", _("The period must end on or after its first day."))
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise FieldError("last", _("Plan at most %(n)d days at a time.", n=MAX_PERIOD_DAYS))


# --- the instance -----------------------------------------------------------------------------------


def build_instance(team: Team, first: date, last: date, *, pairs: str = "keep",
                   time_limit: float = DEFAULT_TIME_LIMIT) -> tuple[planner.Instance, dict[int, int]]:
    """The planning problem for the team's draft shifts that start in [first, last], with
    everything around them as the rules see it (services.load_roster): the team's people,
    their other shifts (fixed), absence, availability, accommodation and the team's rule
    settings. Returns the instance and the planned shifts' versions, to detect a change made
    while the solver ran."""
    view = services.load_roster(team, first, last)
    drafts = _drafts(view.shifts, first, last)
    locked = {(a.shift_id, a.staff_id) for s in drafts for a in s.assignments if a.locked}
    plannable = {p.id for p in view.staff if p.role_type in ("professional", "ec", "peer")}
    instance = planner.Instance(
        roster=view.roster,
        needs={s.id: planner.Need(s.professionals_needed, s.lived_experience_needed) for s in drafts},
        locked=locked,
        settings=services.team_settings(team),
        plannable=plannable,
        titles={s.id: s.title for s in view.shifts if s.title},
        pairs=pairs if pairs in PAIR_MODES else "keep",
        time_limit=time_limit,
        meta={"team_id": team.id, "team": team.name},
    )
    return instance, {s.id: s.version for s in drafts}


# --- planning ----------------------------------------------------------------------------------------


@dataclass
class PlanOutcome:
    result: planner.PlanResult | None  # None: there was nothing to plan
    added: int = 0
    removed: int = 0
    kept_locked: int = 0
    violations: list[rules.Violation] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return self.result is not None and self.result.ok

    @property
    def blocking(self) -> int:
        return sum(1 for v in self.violations if v.blocks)

    @property
    def warnings(self) -> int:
        return sum(1 for v in self.violations if not v.blocks)

    def explanation(self, locale: str = "nb") -> str:
        if self.result is None or not self.result.infeasibility:
            return ""
        info = self.result.infeasibility
        return info["message_en"] if locale == "en" else info["message"]


def plan_period(team: Team, first: date, last: date, *, actor, time_limit: float = DEFAULT_TIME_LIMIT,
                pairs: str = "keep") -> PlanOutcome:
    """Fill the team's draft shifts in the period with the planner, and save the result.

    Locked assignments are kept; the other assignments on the drafts are the planner's to keep
    or replace; published shifts are never touched. Nothing is saved when no roster meets the
    rules that block (the outcome explains why), or when the drafts changed while the solver
    ran (ConflictError).
    """
    validate_period(first, last)
    instance, versions = build_instance(team, first, last, pairs=pairs, time_limit=time_limit)
    if not instance.needs:
        return PlanOutcome(None)
    # The solver runs for seconds: no transaction is held open meanwhile.
    db.session.rollback()
    result = planner.solve(instance)
    outcome = PlanOutcome(result, violations=result.violations)
    if result.ok:
        _apply(team, first, last, result, versions, outcome, actor=actor)
    return outcome


def _double_bookings(team: Team, first: date, last: date) -> set[str]:
    return {v.key for v in services.load_roster(team, first, last, objects=False).violations
            if v.rule == "double_booking"}


def _apply(team: Team, first: date, last: date, result: planner.PlanResult, versions: dict[int, int],
           outcome: PlanOutcome, *, actor) -> None:
    shifts = {s.id: s for s in db.session.scalars(select(Shift).where(Shift.id.in_(versions)))}
    if set(shifts) != set(versions) or any(
            shifts[sid].status != "draft" or shifts[sid].version != version for sid, version in versions.items()):
        db.session.rollback()
        raise ConflictError()
    wanted: dict[int, set[int]] = {sid: set() for sid in versions}
    for sid, pid in result.assignments:
        wanted[sid].add(pid)
    # The plan was made from the roster as it stood when the solver started: hold its people
    # (as assign does) and refuse it if a double booking came in meanwhile from another team.
    services.lock_people(pid for _, pid in result.assignments)
    booked_before = _double_bookings(team, first, last)
    people = {p.id: p for p in db.session.scalars(
        select(StaffProfile).where(StaffProfile.id.in_({pid for _, pid in result.assignments})))}
    changed: set[int] = set()
    for sid, shift in shifts.items():
        present = {a.staff_id: a for a in shift.assignments}
        for staff_id, assignment in present.items():
            if assignment.locked:
                outcome.kept_locked += 1
            elif staff_id not in wanted[sid]:
                db.session.delete(assignment)
                changed.add(sid)
                outcome.removed += 1
                record("shift.unassign", obj=shift, actor=actor, subject_user_id=assignment.staff.user_id,
                       summary=f"planner: {assignment.staff.user.username} off {shift.starts_at:%Y-%m-%d %H:%M}Z")
        for staff_id in sorted(wanted[sid] - present.keys()):
            db.session.add(ShiftAssignment(shift_id=sid, staff_id=staff_id))
            changed.add(sid)
            outcome.added += 1
            record("shift.assign", obj=shift, actor=actor, subject_user_id=people[staff_id].user_id,
                   summary=f"planner: {people[staff_id].user.username} on {shift.starts_at:%Y-%m-%d %H:%M}Z")
    db.session.flush()
    if _double_bookings(team, first, last) - booked_before:
        db.session.rollback()
        raise ConflictError()
    # The shifts whose people changed move on a version, as with a manual change; the UPDATE
    # matches only the version the planner started from, which settles a race with a leader.
    for sid in sorted(changed):
        done = db.session.execute(
            db.update(Shift).where(Shift.id == sid, Shift.version == versions[sid], Shift.status == "draft")
            .values(version=Shift.version + 1).execution_options(synchronize_session=False))
        if done.rowcount != 1:
            db.session.rollback()
            raise ConflictError()
    objective = "-" if result.objective is None else f"{result.objective:g}"
    record("roster.plan", object_type="teams", object_id=team.id, actor=actor,
           summary=f"{first:%Y-%m-%d}..{last:%Y-%m-%d}: {len(versions)} draft shifts, {outcome.added} added, "
                   f"{outcome.removed} removed, {outcome.kept_locked} locked kept; {result.status}, objective "
                   f"{objective}; {outcome.blocking} blocking, {outcome.warnings} warnings")
    _commit()


# --- locking ----------------------------------------------------------------------------------------------


def set_locked(shift: Shift, staff: StaffProfile, locked: bool, *, actor=None) -> ShiftAssignment:
    """Lock an assignment (the planner keeps it) or unlock it (the planner may replace it)."""
    assignment = db.session.scalar(select(ShiftAssignment).where(
        ShiftAssignment.shift_id == shift.id, ShiftAssignment.staff_id == staff.id))
    if assignment is None:
        raise LookupError("no such assignment")
    if shift.is_published:
        raise FieldError("locked", _("A published shift is not planned again, so there is nothing to lock."))
    if assignment.locked != locked:
        assignment.locked = locked
        record("shift.lock" if locked else "shift.unlock", obj=shift, actor=actor, subject_user_id=staff.user_id,
               summary=f"{staff.user.username} {'locked on' if locked else 'unlocked on'} "
                       f"{shift.starts_at:%Y-%m-%d %H:%M}Z")
        _commit()
    return assignment


# --- suggesting a partner ---------------------------------------------------------------------------------


@dataclass
class PartnerSuggestions:
    shift: Shift
    staff: StaffProfile  # the EC or peer
    first: date  # the week the hours are counted in
    last: date
    ranked: list[tuple[StaffProfile, planner.Suggestion]]
    blocked: list[tuple[StaffProfile, list[rules.Violation]]]
    on_shift: bool  # the EC or peer is already on the shift


def _together(staff: StaffProfile, candidate_ids: list[int], before) -> dict[int, int]:
    """How many earlier shifts (within a year) each candidate shared with `staff`."""
    if not candidate_ids:
        return {}
    mine, theirs = aliased(ShiftAssignment), aliased(ShiftAssignment)
    rows = db.session.execute(
        select(theirs.staff_id, func.count())
        .select_from(mine).join(theirs, theirs.shift_id == mine.shift_id).join(Shift, Shift.id == mine.shift_id)
        .where(mine.staff_id == staff.id, theirs.staff_id.in_(candidate_ids),
               Shift.starts_at < before, Shift.starts_at >= before - HISTORY)
        .group_by(theirs.staff_id)
    )
    return dict(rows.all())


def partner_suggestions(shift: Shift, staff: StaffProfile) -> PartnerSuggestions:
    """The team's professionals who can join `staff` (an EC or peer) on the shift without
    breaking a rule that blocks, ranked (planner.suggest_partners), and those who cannot."""
    team = shift.team
    day = _day(shift)
    first = day - timedelta(days=day.weekday())
    last = first + timedelta(days=6)
    view = services.load_roster(team, first, last)
    candidates = [p for p in view.staff if p.role_type == "professional"]
    by_id = {p.id: p for p in candidates}
    area_names = {a.id: a.name for a in shift.areas}
    ranked, blocked = planner.partner_options(
        view.roster, services.team_settings(team), shift.id, staff.id, candidates=list(by_id),
        history=_together(staff, list(by_id), shift.starts_at), area_names=area_names,
    )
    return PartnerSuggestions(
        shift, staff, first, last,
        ranked=[(by_id[s.person_id], s) for s in ranked],
        blocked=[(by_id[pid], found) for pid, found in blocked.items()],
        on_shift=any(a.staff_id == staff.id for a in shift.assignments),
    )

