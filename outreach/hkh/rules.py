"""The rules of an HKH project, in plain Python: no Flask, no database.

- The phases in order, and what a phase still lacks before the project moves on.
- The working group: an EC should be in it (004:1011-1020); KORUS suggests 5-7 people.
- Triangulation: planned and done counts per method and source, and how two writers' plans merge.
- How well a finding is supported: by how many methods and sources; one method only is weak.
- The action plan: which measures are overdue, the summary, the follow-up review dates.

Gaps and warnings are returned as codes; the services turn them into sentences.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from outreach.core.timeutil import add_months

PHASES = ("preparation", "data_collection", "analysis", "report", "action", "follow_up")
METHODS = ("interview", "focus_group", "observation", "survey", "documents")
SOURCES = ("target_group", "professionals", "partners", "others")
MEASURE_STATUSES = ("planned", "under_way", "done", "dropped")
REVIEW_MONTHS = (6, 12)
GROUP_SIZE = (5, 7)


@dataclass(frozen=True)
class ProjectFacts:
    """What the phase rules look at."""

    commissioner: str = ""
    problem: str = ""
    target_group: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    kickoff_on: date | None = None
    leads: int = 0
    planned: int = 0  # activities planned in the method plan
    log_entries: int = 0
    findings_with_evidence: int = 0
    report_versions: int = 0
    measures: int = 0
    measures_without_owner_or_deadline: int = 0


def next_phase(phase: str) -> str | None:
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def previous_phase(phase: str) -> str | None:
    index = PHASES.index(phase)
    return PHASES[index - 1] if index > 0 else None


def gaps(phase: str, facts: ProjectFacts) -> list[str]:
    """What `phase` still lacks before the project moves to the next one (codes)."""
    missing: list[str] = []
    if phase == "preparation":
        if not (facts.commissioner.strip() and facts.problem.strip() and facts.target_group.strip()):
            missing.append("mandate")
        if facts.starts_on is None or facts.ends_on is None:
            missing.append("period")
        if facts.kickoff_on is None:
            missing.append("kickoff")
        if facts.leads < 1:
            missing.append("lead")
        if facts.planned < 1:
            missing.append("method_plan")
    elif phase == "data_collection":
        if facts.log_entries < 1:
            missing.append("field_log")
    elif phase == "analysis":
        if facts.findings_with_evidence < 1:
            missing.append("findings")
    elif phase == "report":
        if facts.report_versions < 1:
            missing.append("report")
    elif phase == "action":
        if facts.measures < 1:
            missing.append("action_plan")
        elif facts.measures_without_owner_or_deadline:
            missing.append("measure_owners")
    return missing


def group_warnings(member_roles: list[str], ec_members: int) -> list[str]:
    """Warnings about the working group (codes): no EC, no lead, an unusual size."""
    warnings = []
    if ec_members < 1:
        warnings.append("no_ec")
    if "lead" not in member_roles:
        warnings.append("no_lead")
    low, high = GROUP_SIZE
    if member_roles and not (low <= len(member_roles) <= high):
        warnings.append("group_size")
    return warnings


# --- triangulation ----------------------------------------------------------------------------


@dataclass
class Matrix:
    """planned[(method, source)] and done[(method, source)], with row and column totals."""

    planned: dict[tuple[str, str], int] = field(default_factory=dict)
    done: dict[tuple[str, str], int] = field(default_factory=dict)

    def cell(self, method: str, source: str) -> tuple[int, int]:
        return self.planned.get((method, source), 0), self.done.get((method, source), 0)

    def method_total(self, method: str) -> tuple[int, int]:
        return (sum(v for (m, _s), v in self.planned.items() if m == method),
                sum(v for (m, _s), v in self.done.items() if m == method))

    def source_total(self, source: str) -> tuple[int, int]:
        return (sum(v for (_m, s), v in self.planned.items() if s == source),
                sum(v for (_m, s), v in self.done.items() if s == source))

    @property
    def total(self) -> tuple[int, int]:
        return sum(self.planned.values()), sum(self.done.values())


def matrix(planned: dict[tuple[str, str], int], entries: list[tuple[str, str]]) -> Matrix:
    """The triangulation matrix: the plan, and the log entries (method, source) done."""
    return Matrix(planned={k: v for k, v in planned.items() if v}, done=dict(Counter(entries)))


Cell = tuple[str, str]  # (method, source)


@dataclass(frozen=True)
class PlanChanges:
    """What one save of the plan changes (cells: the new counts), or the cells it cannot
    (conflicts: the counts saved there since, which the writer has not seen)."""

    cells: dict[Cell, int]
    conflicts: dict[Cell, int]


def plan_changes(mine: dict[Cell, int | None], *, seen: dict[Cell, int], saved: dict[Cell, int]) -> PlanChanges:
    """A three-way merge of the plan: `mine` as submitted, `seen` as the form showed it, `saved`
    as it is now. A cell the writer left as seen keeps what is saved (a colleague may have
    changed it since); one the writer changed takes the writer's number, unless a colleague
    changed it too, to another number. Empty and absent are 0."""
    cells, conflicts = {}, {}
    for cell, value in mine.items():
        value, before, now = value or 0, seen.get(cell) or 0, saved.get(cell) or 0
        if value == before or value == now:
            continue
        if now != before:
            conflicts[cell] = now
        else:
            cells[cell] = value
    return PlanChanges(cells=cells, conflicts=conflicts)


def plan_after_conflict(mine: dict[Cell, int | None], *, seen: dict[Cell, int],
                        saved: dict[Cell, int]) -> dict[Cell, int]:
    """The plan the form shows after a conflict: what is saved now, but the writer's own number
    in each cell the writer changed from what the form showed. Empty and absent are 0."""
    return {cell: (value or 0) if (value or 0) != (seen.get(cell) or 0) else saved.get(cell) or 0
            for cell, value in mine.items()}


@dataclass(frozen=True)
class Support:
    entries: int
    methods: int
    sources: int

    @property
    def single_method(self) -> bool:
        """Resting on one method only: triangulation would make it stronger."""
        return self.methods <= 1


def support(evidence: list[tuple[str, str]]) -> Support:
    """How a finding is supported by its log entries, each a (method, source)."""
    return Support(entries=len(evidence), methods=len({m for m, _s in evidence}),
                   sources=len({s for _m, s in evidence}))


# --- the action plan --------------------------------------------------------------------------


def is_overdue(status: str, deadline: date | None, today: date) -> bool:
    return status in ("planned", "under_way") and deadline is not None and deadline < today


@dataclass(frozen=True)
class PlanSummary:
    done: int
    under_way: int
    planned: int
    overdue: int
    dropped: int

    @property
    def total(self) -> int:
        """Every measure once: an overdue one is counted as overdue only, so it is in here too."""
        return self.done + self.under_way + self.planned + self.overdue + self.dropped


def summary(measures: list[tuple[str, date | None]], today: date) -> PlanSummary:
    """Counts of (status, deadline) pairs; an overdue measure is counted as overdue, not as
    planned or under way."""
    counts = Counter()
    for status, deadline in measures:
        counts["overdue" if is_overdue(status, deadline, today) else status] += 1
    return PlanSummary(done=counts["done"], under_way=counts["under_way"], planned=counts["planned"],
                       overdue=counts["overdue"], dropped=counts["dropped"])


def review_dates(plan_made_on: date, months: tuple[int, ...] = REVIEW_MONTHS) -> dict[int, date]:
    """When the follow-up reviews fall due: whole months after the action plan was made."""
    return {m: add_months(plan_made_on, m) for m in months}
