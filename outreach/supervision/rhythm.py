"""The supervision rhythm each role should have, and when a person's next session is due.

Pure Python: no Flask, no database. The overview (overview.py) gathers the dates; this
module only computes.

Individual supervision (the defaults follow the research in DOMAIN.md, "Supervision"):
- a first session soon after the person's first independent shift;
- more often while new (the first `new_period_months` after the start date);
- then a regular interval.
Group supervision: every `group_months` months after the last group session attended.

A session is due *on* its due date and overdue from the day after. Month arithmetic clamps
to the end of the month: 31 January + 1 month is 28 (or 29) February.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from outreach.core.timeutil import add_months


@dataclass(frozen=True)
class Target:
    """A role's rhythm. None means no target of that kind."""

    individual_weeks: int | None = None
    new_individual_weeks: int | None = None  # while new
    new_period_months: int = 6
    first_session_days: int | None = None  # after the first independent shift
    group_months: int | None = None

    @property
    def has_individual(self) -> bool:
        return any(v is not None for v in (self.individual_weeks, self.new_individual_weeks, self.first_session_days))


NO_TARGET = Target()

# Per role_type (people.models.RoleType); a SupervisionTarget row overrides a role's defaults.
DEFAULT_TARGETS: dict[str, Target] = {
    "ec": Target(individual_weeks=4, new_individual_weeks=2, new_period_months=6, first_session_days=14,
                 group_months=1),
    "peer": Target(individual_weeks=6, new_individual_weeks=4, new_period_months=6, first_session_days=14,
                   group_months=1),
    "professional": NO_TARGET,
    "administrative": NO_TARGET,
}


def default_target(role_type: str) -> Target:
    return DEFAULT_TARGETS.get(role_type, NO_TARGET)


class Reason(StrEnum):
    """Why a session is due then (or why nothing is due)."""

    FIRST = "first"  # the first session after the first independent shift (or the first group session)
    NEW = "new"  # the shorter interval while new
    REGULAR = "regular"
    NO_TARGET = "no_target"
    NO_SHIFT_YET = "no_shift_yet"  # waiting for the first independent shift
    NO_START = "no_start"  # no history and no start date to count from


@dataclass(frozen=True)
class Due:
    due: date | None
    reason: Reason
    today: date
    planned: date | None = None  # the next planned session, if any

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today > self.due

    @property
    def overdue_days(self) -> int:
        return (self.today - self.due).days if self.overdue else 0

    @property
    def planned_in_time(self) -> bool:
        """A session is planned on or before the due date."""
        return self.planned is not None and self.due is not None and self.planned <= self.due


def _while_new(target: Target, start_date: date | None, day: date) -> bool:
    """`day` falls in the person's first `new_period_months` (the period's last day included)."""
    if start_date is None or target.new_individual_weeks is None:
        return False
    return start_date <= day < add_months(start_date, target.new_period_months)


def _after_last(target: Target, start_date: date | None, last: date) -> tuple[date, Reason] | None:
    """The next session after one held on `last`: the new interval if that date still falls
    in the new period, else the regular one."""
    if target.new_individual_weeks is not None:
        candidate = last + timedelta(weeks=target.new_individual_weeks)
        if _while_new(target, start_date, candidate):
            return candidate, Reason.NEW
    if target.individual_weeks is not None:
        return last + timedelta(weeks=target.individual_weeks), Reason.REGULAR
    return None


def individual_due(target: Target, *, start_date: date | None, first_shift: date | None,
                   last_held: date | None, next_planned: date | None, today: date) -> Due:
    """When the person's next individual session is due, and why.

    - No session held since the first independent shift, and the role has a first-session
      target: due `first_session_days` after that shift (none yet: nothing due yet).
    - After a held session: the new or regular interval from it.
    - No history and no first-session target: the interval counted from the start date.
    The earliest applicable date wins.
    """
    if not target.has_individual:
        return Due(None, Reason.NO_TARGET, today, next_planned)
    candidates: list[tuple[date, Reason]] = []
    first_pending = last_held is None or (first_shift is not None and last_held < first_shift)
    if target.first_session_days is not None and first_pending and first_shift is not None:
        candidates.append((first_shift + timedelta(days=target.first_session_days), Reason.FIRST))
    if last_held is not None:
        if (after := _after_last(target, start_date, last_held)) is not None:
            candidates.append(after)
    elif target.first_session_days is None and start_date is not None:
        if (after := _after_last(target, start_date, start_date)) is not None:
            candidates.append(after)
    if not candidates:
        if last_held is None and target.first_session_days is not None and first_shift is None:
            return Due(None, Reason.NO_SHIFT_YET, today, next_planned)
        if last_held is None and start_date is None:
            return Due(None, Reason.NO_START, today, next_planned)
        return Due(None, Reason.NO_TARGET, today, next_planned)
    due, reason = min(candidates, key=lambda c: c[0])
    return Due(due, reason, today, next_planned)


def group_due(target: Target, *, start_date: date | None, last_attended: date | None,
              next_planned: date | None = None, today: date) -> Due:
    """When the person's next group session is due: `group_months` after the last one they
    attended, or after their start date if they have attended none."""
    if target.group_months is None:
        return Due(None, Reason.NO_TARGET, today, next_planned)
    if last_attended is not None:
        return Due(add_months(last_attended, target.group_months), Reason.REGULAR, today, next_planned)
    if start_date is None:
        return Due(None, Reason.NO_START, today, next_planned)
    return Due(add_months(start_date, target.group_months), Reason.FIRST, today, next_planned)
