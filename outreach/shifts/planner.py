"""The planner: fills a team's draft roster with a constraint solver (OR-Tools CP-SAT). Pure Python.

Input and output are plain JSON (see docs/planner.md), so that an instance can be saved,
solved from the command line, benchmarked and compared:

    python -m outreach.shifts.planner INSTANCE.json [--time-limit S] [--text]

The model, in short:

- one boolean per (person, planned shift) the person could take; assignments cover whole
  shifts; locked assignments and the people's other shifts (other teams, published shifts)
  are fixed;
- hard: every planned shift gets *exactly* the professionals and ECs/peers it needs (more
  only when locked assignments already exceed the need, or people already on the draft
  beyond it stay), and every rule of rules.py whose
  mode is BLOCK (pairing, peers never on follow-up, new ECs with their buddy, absence,
  accommodation, boundaries, known environments, availability, double booking, rest
  between shifts, hours a day and a week, weekly rest, contract hours);
- the objective: each warning (a WARN rule broken) costs `warnings` points; then fairness:
  hours away from the contract over the period, night, weekend and evening shifts beyond a
  person's fair share, pairs rotated or kept (a setting), and unlocked earlier assignments
  dropped.

The result is always checked again with rules.check, and what it finds is reported. When
no roster can meet the hard rules, the planner says which shifts and rules make it
impossible, in Norwegian and English.

Also here: `suggest_partners`, the ranked list of professionals who could join an EC or
peer on a shift.
"""

import argparse
import json
import math
import sys
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from ortools.sat.python import cp_model

from outreach.core.timeutil import OSLO
from outreach.shifts import rules
from outreach.shifts.rules import Accommodation, Mode, PersonKind, RuleSetting, ShiftKind
from outreach.shifts.timespan import hours, overlaps, subtract, union

FORMAT = "outreach-planner/1"
LIVED = (PersonKind.EC, PersonKind.PEER)
PAIR_MODES = ("keep", "rotate", "off")
DEFAULT_TIME_LIMIT = 10.0
DEFAULT_WORKERS = 2

# Points per unit; see docs/planner.md. A warning outweighs any single fairness unit.
DEFAULT_WEIGHTS: dict[str, int] = {
    "warnings": 100,  # each warning (a rule set to warn) the roster would show
    "contract_hours": 2,  # each hour away from the contract over the period (absence taken into account)
    "nights": 20,  # each night shift beyond a person's fair share
    "weekends": 20,  # each weekend shift beyond a person's fair share
    "evenings": 10,  # each evening shift beyond a person's fair share
    "pairs": 5,  # keep: each distinct pair; rotate: each repeat of a pair
    "stability": 3,  # each unlocked earlier assignment the plan drops
}
PARTS = tuple(DEFAULT_WEIGHTS)

# The rules' names, for explanations (the app's own labels are in models.RULE_LABELS).
RULE_NAMES: dict[str, tuple[str, str]] = {
    "pairing": ("erfaringskonsulenter og likepersoner går ikke alene på oppsøkende",
                "ECs and peers never alone on outreach"),
    "peer_follow_up": ("likepersoner har ikke oppfølging", "peers never on follow-up"),
    "new_ec_buddy": ("nye erfaringskonsulenter går med fadderen", "new ECs go with their buddy"),
    "accommodation": ("tilrettelegging", "accommodation"),
    "boundaries": ("miljøer en erfaringskonsulent holder seg unna", "an EC's own boundaries"),
    "known_environment": ("erfaringskonsulenter i kjente miljøer", "ECs in environments they know"),
    "daily_rest": ("hvile mellom vakter", "rest between shifts"),
    "weekly_rest": ("ukentlig fritid", "weekly rest"),
    "daily_hours": ("timer per dag", "hours a day"),
    "weekly_hours": ("timer per uke", "hours a week"),
    "contract_hours": ("timer mot stillingen", "hours against the position"),
    "double_booking": ("ingen dobbeltbooking", "no double booking"),
    "absence": ("fravær", "absence"),
    "availability": ("likepersoners tilgjengelighet", "peers' availability"),
    "needs": ("bemanningsbehovet", "the staffing need"),
}

KIND_NAMES: dict[str, tuple[str, str]] = {
    ShiftKind.OUTREACH: ("oppsøkende", "outreach"),
    ShiftKind.FOLLOW_UP: ("oppfølging", "follow-up"),
    ShiftKind.GROUP: ("gruppe", "group"),
    ShiftKind.OFFICE: ("kontor", "office"),
    ShiftKind.TRAINING: ("opplæring", "training"),
    ShiftKind.ON_CALL: ("tilkalling", "on call"),
}


class PlannerInputError(ValueError):
    """The instance is not valid: the message says where."""


# --- the instance ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    professionals: int = 1
    lived_experience: int = 0


@dataclass
class Instance:
    """A planning problem: the roster as the rules see it, and which shifts to fill."""

    roster: rules.Roster  # every shift (planned and context), the assignments there are, absence...
    needs: dict[int, Need]  # the planned shifts and what each needs
    locked: set[tuple[int, int]] = field(default_factory=set)  # (shift_id, person_id) kept as they are
    settings: dict[str, RuleSetting] = field(default_factory=lambda: dict(rules.DEFAULT_SETTINGS))
    team_ids: dict[int, frozenset[int]] = field(default_factory=dict)  # person -> teams (empty: any)
    plannable: set[int] | None = None  # people the planner may put on shifts (None: everyone)
    titles: dict[int, str] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    warning_weights: dict[str, int] = field(default_factory=dict)  # per rule, instead of weights["warnings"]
    pairs: str = "keep"
    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = DEFAULT_WORKERS
    seed: int | None = None
    meta: dict = field(default_factory=dict)

    def is_plannable(self, person_id: int) -> bool:
        person = self.roster.people[person_id]
        if person.kind not in (PersonKind.PROFESSIONAL, *LIVED):
            return False
        return self.plannable is None or person_id in self.plannable

    def may_work(self, person_id: int, shift: rules.Shift) -> bool:
        teams = self.team_ids.get(person_id)
        return not teams or shift.team_id is None or shift.team_id in teams


def _instant(value, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise PlannerInputError(f"{where}: not an ISO date-time: {value!r}") from error
    if moment.tzinfo is None:
        raise PlannerInputError(f"{where}: give the UTC offset, e.g. 2026-06-08T18:00:00+02:00")
    return moment


def _day(value, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise PlannerInputError(f"{where}: not an ISO date: {value!r}") from error


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants (in UTC, so that differences are real time) that start `first` and end `last` in Oslo."""
    return (datetime.combine(first, clock.min, OSLO).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), clock.min, OSLO).astimezone(UTC))


def _span_from(item: dict, where: str) -> tuple[datetime, datetime]:
    if "starts_on" in item:
        return _day_bounds(_day(item["starts_on"], where + ".starts_on"),
                           _day(item.get("ends_on", item["starts_on"]), where + ".ends_on"))
    return _instant(item.get("starts_at"), where + ".starts_at"), _instant(item.get("ends_at"), where + ".ends_at")


def parse_instance(data: Mapping) -> Instance:
    """The JSON form (docs/planner.md) as an Instance. Raises PlannerInputError."""
    if not isinstance(data, Mapping):
        raise PlannerInputError("the instance must be a JSON object")
    if data.get("format", FORMAT) != FORMAT:
        raise PlannerInputError(f"unknown format {data.get('format')!r}; expected {FORMAT!r}")
    people: dict[int, rules.Person] = {}
    team_ids: dict[int, frozenset[int]] = {}
    plannable: set[int] = set()
    for i, raw in enumerate(data.get("people", [])):
        where = f"people[{i}]"
        try:
            pid = int(raw["id"])
        except (KeyError, TypeError, ValueError) as error:
            raise PlannerInputError(f"{where}: needs an integer id") from error
        kind = raw.get("kind", PersonKind.PROFESSIONAL)
        if kind not in set(PersonKind):
            raise PlannerInputError(f"{where}: unknown kind {kind!r}")
        people[pid] = rules.Person(
            id=pid, name=str(raw.get("name", f"#{pid}")), kind=PersonKind(kind),
            position_percentage=int(raw.get("position_percentage", 100)),
            start_date=_day(raw["start_date"], where + ".start_date") if raw.get("start_date") else None,
            buddy_id=raw.get("buddy_id"),
            known_area_ids=frozenset(raw.get("known_area_ids", ())),
            boundary_area_ids=frozenset(raw.get("boundary_area_ids", ())),
        )
        team_ids[pid] = frozenset(raw.get("team_ids", ()))
        if raw.get("plannable", True):
            plannable.add(pid)
    shifts: dict[int, rules.Shift] = {}
    needs: dict[int, Need] = {}
    titles: dict[int, str] = {}
    for i, raw in enumerate(data.get("shifts", [])):
        where = f"shifts[{i}]"
        try:
            sid = int(raw["id"])
        except (KeyError, TypeError, ValueError) as error:
            raise PlannerInputError(f"{where}: needs an integer id") from error
        kind = raw.get("kind", ShiftKind.OUTREACH)
        if kind not in set(ShiftKind):
            raise PlannerInputError(f"{where}: unknown kind {kind!r}")
        starts_at, ends_at = _instant(raw.get("starts_at"), where + ".starts_at"), _instant(
            raw.get("ends_at"), where + ".ends_at")
        if ends_at <= starts_at:
            raise PlannerInputError(f"{where}: ends before it starts")
        shifts[sid] = rules.Shift(sid, ShiftKind(kind), starts_at, ends_at, frozenset(raw.get("area_ids", ())),
                                  raw.get("team_id"))
        if raw.get("title"):
            titles[sid] = str(raw["title"])
        if raw.get("plan", True):
            pros, lived = int(raw.get("professionals_needed", 1)), int(raw.get("lived_experience_needed", 0))
            if pros < 0 or lived < 0:
                raise PlannerInputError(f"{where}: needs cannot be negative")
            needs[sid] = Need(pros, lived)
    assignments: list[rules.Assignment] = []
    locked: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for i, raw in enumerate(data.get("assignments", [])):
        where = f"assignments[{i}]"
        sid, pid = raw.get("shift_id"), raw.get("person_id")
        if sid not in shifts or pid not in people:
            raise PlannerInputError(f"{where}: unknown shift {sid!r} or person {pid!r}")
        if (sid, pid) in seen:
            continue
        seen.add((sid, pid))
        assignments.append(rules.Assignment(
            sid, pid,
            _instant(raw["starts_at"], where + ".starts_at") if raw.get("starts_at") else None,
            _instant(raw["ends_at"], where + ".ends_at") if raw.get("ends_at") else None,
        ))
        if raw.get("locked") and sid in needs:
            locked.add((sid, pid))
    absences = []
    for i, raw in enumerate(data.get("absences", [])):
        if raw.get("person_id") not in people:
            raise PlannerInputError(f"absences[{i}]: unknown person {raw.get('person_id')!r}")
        absences.append(rules.Absence(raw["person_id"], *_span_from(raw, f"absences[{i}]"),
                                      raw.get("kind", "holiday")))
    availability = []
    for i, raw in enumerate(data.get("availability", [])):
        if raw.get("person_id") not in people:
            raise PlannerInputError(f"availability[{i}]: unknown person {raw.get('person_id')!r}")
        availability.append(rules.Availability(raw["person_id"], *_span_from(raw, f"availability[{i}]")))
    accommodations = []
    for i, raw in enumerate(data.get("accommodations", [])):
        where = f"accommodations[{i}]"
        if raw.get("person_id") not in people:
            raise PlannerInputError(f"{where}: unknown person {raw.get('person_id')!r}")
        accommodations.append(rules.Accommodation(
            raw["person_id"], _day(raw.get("starts_on"), where + ".starts_on"),
            _day(raw.get("ends_on"), where + ".ends_on"),
            frozenset(raw.get("avoid_area_ids", ())), frozenset(raw.get("avoid_shift_kinds", ())),
            raw.get("max_hours_per_week"),
        ))
    period = None
    if data.get("period"):
        period = (_day(data["period"].get("first"), "period.first"), _day(data["period"].get("last"), "period.last"))
        if period[1] < period[0]:
            raise PlannerInputError("period: last is before first")
    elif needs:
        starts = [shifts[s].starts_at.astimezone(OSLO).date() for s in needs]
        period = (min(starts), max(starts))
    settings_raw = {}
    for rule, value in (data.get("settings") or {}).items():
        if rule not in rules.DEFAULT_SETTINGS:
            raise PlannerInputError(f"settings: unknown rule {rule!r}")
        value = {"mode": value} if isinstance(value, str) else value
        mode = value.get("mode", rules.DEFAULT_SETTINGS[rule].mode)
        if mode not in set(Mode):
            raise PlannerInputError(f"settings.{rule}: unknown mode {mode!r}")
        settings_raw[rule] = RuleSetting(Mode(mode), value.get("params", {}))
    objective = data.get("objective") or {}
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (objective.get("weights") or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise PlannerInputError(f"objective.weights: unknown part {name!r}")
        weights[name] = int(value)
    pairs = objective.get("pairs", "keep")
    if pairs not in PAIR_MODES:
        raise PlannerInputError(f"objective.pairs: one of {', '.join(PAIR_MODES)}")
    roster = rules.Roster(people=people, shifts=shifts, assignments=assignments, absences=absences,
                          accommodations=accommodations, availability=availability, period=period)
    return Instance(
        roster=roster, needs=needs, locked=locked, settings=rules.effective_settings(settings_raw),
        team_ids=team_ids, plannable=plannable, titles=titles, weights=weights,
        warning_weights={k: int(v) for k, v in (objective.get("warning_weights") or {}).items()},
        pairs=pairs, time_limit=float(data.get("time_limit", DEFAULT_TIME_LIMIT)),
        workers=int(data.get("workers", DEFAULT_WORKERS)), seed=data.get("seed"), meta=dict(data.get("meta") or {}),
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(OSLO).isoformat()


def _needs_json(instance: Instance, shift_id: int) -> dict:
    if shift_id not in instance.needs:
        return {}
    need = instance.needs[shift_id]
    return {"professionals_needed": need.professionals, "lived_experience_needed": need.lived_experience}


def instance_to_json(instance: Instance) -> dict:
    """The instance in its JSON form: parse_instance(instance_to_json(i)) gives i back."""
    roster = instance.roster
    locked = instance.locked
    data = {
        "format": FORMAT,
        "meta": instance.meta,
        "period": ({"first": roster.period[0].isoformat(), "last": roster.period[1].isoformat()}
                   if roster.period else None),
        "people": [
            {
                "id": p.id, "name": p.name, "kind": str(p.kind), "position_percentage": p.position_percentage,
                "start_date": p.start_date.isoformat() if p.start_date else None, "buddy_id": p.buddy_id,
                "known_area_ids": sorted(p.known_area_ids), "boundary_area_ids": sorted(p.boundary_area_ids),
                "team_ids": sorted(instance.team_ids.get(p.id, ())),
                "plannable": instance.plannable is None or p.id in instance.plannable,
            }
            for p in sorted(roster.people.values(), key=lambda p: p.id)
        ],
        "shifts": [
            {
                "id": s.id, "kind": str(s.kind), "title": instance.titles.get(s.id, ""), "team_id": s.team_id,
                "starts_at": _iso(s.starts_at), "ends_at": _iso(s.ends_at), "area_ids": sorted(s.area_ids),
                "plan": s.id in instance.needs,
                **_needs_json(instance, s.id),
            }
            for s in sorted(roster.shifts.values(), key=lambda s: (s.starts_at, s.id))
        ],
        "assignments": [
            {"shift_id": a.shift_id, "person_id": a.person_id, "locked": (a.shift_id, a.person_id) in locked,
             **({"starts_at": _iso(a.starts_at)} if a.starts_at else {}),
             **({"ends_at": _iso(a.ends_at)} if a.ends_at else {})}
            for a in roster.assignments
        ],
        "absences": [{"person_id": a.person_id, "starts_at": _iso(a.starts_at), "ends_at": _iso(a.ends_at),
                      "kind": a.kind} for a in roster.absences],
        "availability": [{"person_id": a.person_id, "starts_at": _iso(a.starts_at), "ends_at": _iso(a.ends_at)}
                         for a in roster.availability],
        "accommodations": [
            {"person_id": a.person_id, "starts_on": a.starts_on.isoformat(), "ends_on": a.ends_on.isoformat(),
             "avoid_area_ids": sorted(a.avoid_area_ids), "avoid_shift_kinds": sorted(a.avoid_shift_kinds),
             "max_hours_per_week": a.max_hours_per_week}
            for a in roster.accommodations
        ],
        "settings": {rule: {"mode": str(s.mode), "params": dict(s.params)} for rule, s in instance.settings.items()},
        "objective": {"pairs": instance.pairs, "weights": dict(instance.weights),
                      **({"warning_weights": dict(instance.warning_weights)} if instance.warning_weights else {})},
        "time_limit": instance.time_limit,
        "workers": instance.workers,
    }
    if instance.seed is not None:
        data["seed"] = instance.seed
    if data["period"] is None:
        del data["period"]
    return data


# --- time helpers -------------------------------------------------------------------------------

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_sum = cp_model.LinearExpr.sum


def _minute(moment: datetime) -> int:
    # Through UTC: Python subtracts two datetimes that share a tzinfo on the wall clock,
    # which would lose or gain the hour of a daylight-saving change.
    return int((moment.astimezone(UTC) - EPOCH) // timedelta(minutes=1))


def _local_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _local_overlap_minutes(span, day: date, start: clock, end_day_offset: int, end: clock) -> float:
    window = (datetime.combine(day, start, OSLO).astimezone(UTC),
              datetime.combine(day + timedelta(days=end_day_offset), end, OSLO).astimezone(UTC))
    first, last = max(span[0], window[0]).astimezone(UTC), min(span[1], window[1]).astimezone(UTC)
    return max(0.0, (last - first) / timedelta(minutes=1))


def shift_categories(shift: rules.Shift) -> set[str]:
    """nights: at least an hour between 00 and 06; evenings (if not a night): an hour
    between 18 and 24; weekends: an hour between Friday 18:00 and Monday 00:00 (Oslo)."""
    span = shift.span
    first, last = _local_day(span[0]) - timedelta(days=1), _local_day(span[1])
    night = evening = weekend = 0.0
    day = first
    while day <= last:
        night += _local_overlap_minutes(span, day, clock(0), 0, clock(6))
        evening += _local_overlap_minutes(span, day, clock(18), 1, clock(0))
        if day.weekday() == 4:
            weekend += _local_overlap_minutes(span, day, clock(18), 3, clock(0))
        day += timedelta(days=1)
    found = set()
    if night >= 60:
        found.add("nights")
    elif evening >= 60:
        found.add("evenings")
    if weekend >= 60:
        found.add("weekends")
    return found


def _when(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m. %H:%M")


def shift_label(shift: rules.Shift, locale: str = "nb", title: str = "") -> str:
    kind = KIND_NAMES.get(shift.kind, (shift.kind, shift.kind))[0 if locale == "nb" else 1]
    return f"{_when(shift.starts_at)} ({kind}{', ' + title if title else ''})"


# --- the model ------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Item:
    """A person's work the model knows of: a planned shift they might take, or fixed work."""

    shift_id: int
    start: int  # minutes
    end: int
    lit: cp_model.IntVar | None  # None: fixed (locked, or a shift the planner does not plan)
    day: date
    week: date
    fixed: bool = False
    minutes: int = 0

    def __post_init__(self):
        self.fixed = self.lit is None
        self.minutes = self.end - self.start


@dataclass
class ShiftProblem:
    """A planned shift that cannot be staffed, whatever the others do."""

    shift_id: int
    group: str  # professionals | lived_experience | pairing
    needed: int
    possible: int
    excluded: dict[int, str]  # person -> the rule that keeps them off


@dataclass
class WeekProblem:
    """A week whose planned shifts need more hours of a group than its people may work."""

    week: date
    team_id: int | None
    group: str
    needed: int  # minutes
    possible: int  # minutes, at most
    shift_ids: list[int]


class _Builder:
    def __init__(self, instance: Instance, *, diagnose: bool = False):
        self.inst = instance
        self.roster = instance.roster
        self.settings = instance.settings
        self.diagnose = diagnose
        self.m = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}  # (shift, person)
        self.items: dict[int, list[_Item]] = defaultdict(list)
        self.excluded: dict[int, dict[int, str]] = defaultdict(dict)
        self.open: dict[int, tuple[int, int]] = {}  # shift -> (professionals, lived) to be filled by the model
        self.fixed_on: dict[int, list[rules.Assignment]] = defaultdict(list)
        self.parts: dict[str, list] = defaultdict(list)  # part -> [(coef, expr)]
        self.warn_terms: list[tuple[int, str, object]] = []  # (weight, rule, literal or expr)
        self.rule_lits: dict[str, cp_model.IntVar] = {}
        self.need_lits: dict[int, cp_model.IntVar] = {}
        self.problems: list[ShiftProblem | WeekProblem] = []
        self.offered = defaultdict(list)
        for slot in self.roster.availability:
            self.offered[slot.person_id].append((slot.starts_at, slot.ends_at))
        self.offered = {p: union(spans) for p, spans in self.offered.items()}
        self._times: dict = {}
        self._groups: dict[int, str | None] = {}
        self.fixed_items: dict[int, list[_Item]] = defaultdict(list)
        self.existing = {(a.shift_id, a.person_id) for a in self.roster.assignments
                         if a.shift_id in instance.needs and (a.shift_id, a.person_id) not in instance.locked}

    # --- helpers

    def mode(self, rule: str) -> str:
        return self.settings[rule].mode

    def param(self, rule: str, name: str):
        return self.settings[rule].params[name]

    def kind(self, person_id: int) -> str:
        return self.roster.people[person_id].kind

    def group(self, person_id: int) -> str | None:
        if person_id not in self._groups:
            kind = self.kind(person_id)
            self._groups[person_id] = ("professionals" if kind == PersonKind.PROFESSIONAL
                                       else "lived_experience" if kind in LIVED else None)
        return self._groups[person_id]

    def enforce(self, rule: str) -> list:
        """The literals a hard constraint of `rule` is enforced by (only when diagnosing)."""
        if not self.diagnose:
            return []
        if rule not in self.rule_lits:
            self.rule_lits[rule] = self.m.new_bool_var(f"rule_{rule}")
        return [self.rule_lits[rule]]

    def hard(self, constraint, rule: str):
        lits = self.enforce(rule)
        if lits:
            constraint.only_enforce_if(lits)
        return constraint

    def forbid(self, lit, rule: str) -> None:
        if self.diagnose:
            self.m.add_implication(self.enforce(rule)[0], lit.Not())
        else:
            self.m.add(lit == 0)

    def warn(self, rule: str, lit) -> None:
        weight = self.inst.warning_weights.get(rule, self.inst.weights["warnings"])
        self.warn_terms.append((weight, rule, lit))

    def new_penalty(self, rule: str, name: str):
        lit = self.m.new_bool_var(name)
        self.warn(rule, lit)
        return lit

    # --- building

    def build(self) -> "_Builder":
        self.build_rules()
        if not self.diagnose:
            self.build_objective()
        return self

    def build_rules(self) -> None:
        """The variables, the needs and every rule: hard if BLOCK, a penalty literal if WARN."""
        self._fixed_items()
        self._variables()
        self._needs()
        self._capacity()
        self._pairing()
        self._buddy()
        self._conflicts()
        self._hours()
        self._weekly_rest()
        self._contract()

    def build_objective(self) -> None:
        self._fairness()
        self._pairs()
        self._stability()
        self._objective()

    def _item(self, shift_id: int, span, lit) -> _Item:
        key = (shift_id, span)
        if key not in self._times:
            day = _local_day(span[0])
            self._times[key] = (_minute(span[0]), _minute(span[1]), day, _monday(day))
        start, end, day, week = self._times[key]
        return _Item(shift_id, start, end, lit, day, week)

    def _fixed_items(self) -> None:
        for a in self.roster.assignments:
            if a.person_id not in self.roster.people or a.shift_id not in self.roster.shifts:
                continue
            if a.shift_id in self.inst.needs and (a.shift_id, a.person_id) not in self.inst.locked:
                continue  # an unlocked assignment on a planned shift: the model decides again
            self.fixed_on[a.shift_id].append(a)
            item = self._item(a.shift_id, self.roster.span_of(a), None)
            self.items[a.person_id].append(item)
            self.fixed_items[a.person_id].append(item)

    def _blocking_reasons(self, person: rules.Person, shift: rules.Shift) -> list[str]:
        """The rules (whatever their mode) that putting `person` on `shift` breaks by itself."""
        found = []
        span = shift.span
        day = _local_day(span[0])
        if any(a.person_id == person.id and overlaps(span, (a.starts_at, a.ends_at)) for a in self.roster.absences):
            found.append("absence")
        if shift.area_ids & person.boundary_area_ids:
            found.append("boundaries")
        if any(acc.person_id == person.id and acc.covers(day)
               and (shift.area_ids & acc.avoid_area_ids or shift.kind in acc.avoid_shift_kinds)
               for acc in self.roster.accommodations):
            found.append("accommodation")
        if person.kind == PersonKind.PEER and shift.kind == ShiftKind.FOLLOW_UP:
            found.append("peer_follow_up")
        if person.kind == PersonKind.PEER and subtract(span, self.offered.get(person.id, [])):
            found.append("availability")
        if (person.kind == PersonKind.EC and person.known_area_ids and shift.kind == ShiftKind.OUTREACH
                and shift.area_ids and not shift.area_ids & person.known_area_ids):
            found.append("known_environment")
        return found

    def _hard_only_reasons(self, person: rules.Person, shift: rules.Shift) -> list[str]:
        """Rules whose BLOCK mode keeps the person off by itself; in WARN mode other parts
        of the model weigh them (sums, pairs)."""
        found = []
        minutes = hours(shift.span) * 60
        if self.mode("daily_hours") == Mode.BLOCK and minutes > self.param("daily_hours", "hours") * 60 + 1e-6:
            found.append("daily_hours")
        if self.mode("weekly_hours") == Mode.BLOCK and minutes > self.param("weekly_hours", "hours") * 60 + 1e-6:
            found.append("weekly_hours")
        if self.mode("accommodation") == Mode.BLOCK and any(
                acc.person_id == person.id and acc.covers(_local_day(shift.starts_at))
                and acc.max_hours_per_week is not None and minutes > acc.max_hours_per_week * 60 + 1e-6
                for acc in self.roster.accommodations):
            found.append("accommodation")
        start, end = _minute(shift.starts_at), _minute(shift.ends_at)
        rest = self.param("daily_rest", "hours") * 60 if self.mode("daily_rest") == Mode.BLOCK else None
        for item in self.fixed_items.get(person.id, ()):
            if item.start < end and start < item.end:
                if self.mode("double_booking") == Mode.BLOCK:
                    found.append("double_booking")
            elif rest is not None and (0 <= start - item.end < rest or 0 <= item.start - end < rest):
                found.append("daily_rest")
        return list(dict.fromkeys(found))

    def _variables(self) -> None:
        people = [p for p in sorted(self.roster.people) if self.inst.is_plannable(p)]
        for sid in sorted(self.inst.needs, key=lambda s: (self.roster.shifts[s].starts_at, s)):
            shift, need = self.roster.shifts[sid], self.inst.needs[sid]
            fixed = self.fixed_on.get(sid, [])
            fixed_pros = sum(1 for a in fixed if self.group(a.person_id) == "professionals")
            fixed_lived = sum(1 for a in fixed if self.group(a.person_id) == "lived_experience")
            self.open[sid] = (max(need.professionals, fixed_pros) - fixed_pros,
                              max(need.lived_experience, fixed_lived) - fixed_lived)
            locked_here = {a.person_id for a in fixed}
            for pid in people:
                group = self.group(pid)
                if pid in locked_here or group is None or not self.inst.may_work(pid, shift):
                    continue
                if self.open[sid][0 if group == "professionals" else 1] == 0 and (sid, pid) not in self.existing:
                    continue
                person = self.roster.people[pid]
                reasons = self._blocking_reasons(person, shift)
                blocking = [r for r in reasons if self.mode(r) == Mode.BLOCK] + self._hard_only_reasons(person, shift)
                if blocking and not self.diagnose:
                    self.excluded[sid][pid] = blocking[0]
                    continue
                lit = self.m.new_bool_var(f"x_{sid}_{pid}")
                self.x[(sid, pid)] = lit
                for rule in blocking:
                    self.forbid(lit, rule)
                for rule in reasons:
                    if self.mode(rule) == Mode.WARN:
                        self.warn(rule, lit)
                self.items[pid].append(self._item(sid, shift.span, lit))
        for person_items in self.items.values():
            person_items.sort(key=lambda i: (i.start, i.end, i.shift_id))

    def _needs(self) -> None:
        """Each shift gets exactly what it needs. People already on a draft shift (not locked)
        beyond its need may stay, if the objective will have them; nobody new is added beyond it."""
        self._by_shift: dict[int, list[tuple[int, object]]] = defaultdict(list)
        for (sid, pid), lit in self.x.items():
            self._by_shift[sid].append((pid, lit))
        for sid, opening in self.open.items():
            on = self._by_shift.get(sid, [])
            enforce = []
            if self.diagnose:
                self.need_lits[sid] = self.m.new_bool_var(f"need_{sid}")
                enforce = [self.need_lits[sid]]
            for index, group in enumerate(("professionals", "lived_experience")):
                wanted = opening[index]
                lits = [lit for pid, lit in on if self.group(pid) == group]
                earlier = [lit for pid, lit in on if self.group(pid) == group and (sid, pid) in self.existing]
                if not self.diagnose and len(lits) < wanted:
                    self.problems.append(ShiftProblem(
                        sid, group, wanted, len(lits),
                        {p: r for p, r in self.excluded.get(sid, {}).items() if self.group(p) == group}))
                most = max(wanted, len(earlier))
                constraints = [self.m.add(_sum(lits) == wanted)] if most == wanted else [
                    self.m.add(_sum(lits) >= wanted), self.m.add(_sum(lits) <= most),
                    self.m.add(_sum([lit for lit in lits if not any(lit is e for e in earlier)]) <= wanted)]
                for constraint in constraints:
                    if enforce:
                        constraint.only_enforce_if(enforce)

    def _capacity(self) -> None:
        """A necessary condition, checked before solving so that it can be explained in plain
        words: in each week, the hours each group (professionals; ECs and peers) is needed on
        a team's planned shifts are no more than its people may work under the weekly limit."""
        if self.diagnose or self.problems or self.mode("weekly_hours") != Mode.BLOCK:
            return
        limit = math.floor(self.param("weekly_hours", "hours") * 60 + 1e-6)
        demand: dict[tuple, int] = defaultdict(int)
        shifts: dict[tuple, list[int]] = defaultdict(list)
        for sid, opening in self.open.items():
            shift = self.roster.shifts[sid]
            minutes = _minute(shift.ends_at) - _minute(shift.starts_at)
            week = _monday(_local_day(shift.starts_at))
            for index, group in enumerate(("professionals", "lived_experience")):
                if opening[index]:
                    demand[(week, shift.team_id, group)] += opening[index] * minutes
                    shifts[(week, shift.team_id, group)].append(sid)
        for key, needed in sorted(demand.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])):
            week, team_id, group = key
            wanted = set(shifts[key])
            possible = 0
            for pid, items in self.items.items():
                if self.group(pid) != group:
                    continue
                could = sum(i.minutes for i in items if not i.fixed and i.shift_id in wanted)
                if could:
                    fixed = sum(i.minutes for i in items if i.fixed and i.week == week)
                    possible += min(could, max(0, limit - fixed))
            if needed > possible:
                self.problems.append(WeekProblem(week, team_id, group, needed, possible, sorted(wanted)))

    def _pairing(self) -> None:
        mode = self.mode("pairing")
        if mode == Mode.OFF:
            return
        for sid in self.inst.needs:
            shift = self.roster.shifts[sid]
            if shift.kind != ShiftKind.OUTREACH:
                continue
            fixed = self.fixed_on.get(sid, [])
            fixed_pro_spans = [self.roster.span_of(a) for a in fixed if self.group(a.person_id) == "professionals"]
            if fixed_pro_spans and not subtract(shift.span, fixed_pro_spans):
                continue  # a locked professional is there the whole shift
            pros = [lit for pid, lit in self._by_shift.get(sid, []) if self.group(pid) == "professionals"]
            lived = [lit for pid, lit in self._by_shift.get(sid, []) if self.group(pid) == "lived_experience"]
            fixed_lived = any(self.group(a.person_id) == "lived_experience" for a in fixed)
            if not self.diagnose and mode == Mode.BLOCK and self.open[sid][0] == 0 and (
                    fixed_lived or self.open[sid][1] > 0):
                self.problems.append(ShiftProblem(sid, "pairing", 1, 0, {}))
            if mode == Mode.BLOCK:
                if fixed_lived:
                    self.hard(self.m.add_bool_or(pros), "pairing")
                for lit in lived:
                    self.hard(self.m.add_bool_or([lit.Not(), *pros]), "pairing")
            else:
                if not lived and not fixed_lived:
                    continue
                penalty = self.new_penalty("pairing", f"pairing_{sid}")
                if fixed_lived:
                    self.m.add_bool_or([*pros, penalty])
                for lit in lived:
                    self.m.add_bool_or([lit.Not(), *pros, penalty])

    def _buddy(self) -> None:
        mode = self.mode("new_ec_buddy")
        if mode == Mode.OFF:
            return
        weeks = self.param("new_ec_buddy", "weeks")
        for sid in self.inst.needs:
            shift = self.roster.shifts[sid]
            if shift.kind != ShiftKind.OUTREACH:
                continue
            locked_here = {a.person_id for a in self.fixed_on.get(sid, [])}
            for pid, person in self.roster.people.items():
                if person.kind != PersonKind.EC or person.start_date is None or person.buddy_id is None:
                    continue
                if _local_day(shift.starts_at) >= person.start_date + timedelta(weeks=weeks):
                    continue
                ec = True if pid in locked_here else self.x.get((sid, pid))
                if ec is None:
                    continue
                buddy = True if person.buddy_id in locked_here else self.x.get((sid, person.buddy_id), False)
                if buddy is True or (ec is True and buddy is False):
                    continue  # satisfied, or already broken by locked assignments alone
                if mode == Mode.BLOCK:
                    if ec is True:
                        self.hard(self.m.add(buddy == 1), "new_ec_buddy")
                    elif buddy is False:
                        self.forbid(ec, "new_ec_buddy")
                    else:
                        self.hard(self.m.add_implication(ec, buddy), "new_ec_buddy")
                else:
                    penalty = self.new_penalty("new_ec_buddy", f"buddy_{sid}_{pid}")
                    self.m.add_bool_or([lit for lit in ((None if ec is True else ec.Not()),
                                                        (None if buddy is False else buddy)) if lit is not None]
                                       + [penalty])

    # --- working time

    def _cliques(self, items: list[_Item], extend: int) -> list[list]:
        """Maximal sets of the items that pairwise overlap once each is extended by `extend`
        minutes at its end (an interval graph: the cliques sit at start points)."""
        found = []
        items = sorted(items, key=lambda i: i.start)
        begins = [i.start for i in items]
        longest = max(i.end + extend - i.start for i in items)
        starts = sorted(set(begins))
        for n, t in enumerate(starts):
            low, high = bisect_left(begins, t - longest), bisect_right(begins, t)
            active = [i for i in items[low:high] if t < i.end + extend]
            if len(active) < 2:
                continue
            following = starts[n + 1] if n + 1 < len(starts) else None
            if following is not None and min(i.end + extend for i in active) > following:
                continue  # the same items are all still there at the next start: not maximal
            found.append([i.lit for i in active])
        return found

    def _conflicts(self) -> None:
        db_mode, rest_mode = self.mode("double_booking"), self.mode("daily_rest")
        rest = int(self.param("daily_rest", "hours") * 60) if rest_mode != Mode.OFF else 0
        for pid, items in self.items.items():
            variable = [i for i in items if not i.fixed]
            if not variable:
                continue
            if self.diagnose:
                if db_mode == Mode.BLOCK:
                    for clique in self._cliques(variable, 0):
                        self.hard(self.m.add(_sum(clique) <= 1), "double_booking")
                if rest_mode == Mode.BLOCK:
                    for clique in self._cliques(variable, rest):
                        self.hard(self.m.add(_sum(clique) <= 1), "daily_rest")
            elif db_mode == Mode.BLOCK:
                for clique in self._cliques(variable, rest if rest_mode == Mode.BLOCK else 0):
                    self.m.add_at_most_one(clique)
            # What remains: pairs where one of the two rules is not BLOCK (fixed-fixed pairs
            # cannot change; fixed-variable BLOCK pairs were excluded with the variable).
            if db_mode == Mode.BLOCK and rest_mode in (Mode.BLOCK, Mode.OFF):
                continue
            for n, a in enumerate(items):
                for b in items[n + 1:]:
                    if b.start >= a.end + rest:
                        break  # sorted by start: no later item is closer to `a`
                    if a.fixed and b.fixed:
                        continue
                    rule = "double_booking" if b.start < a.end else "daily_rest"
                    mode = db_mode if rule == "double_booking" else rest_mode
                    if mode == Mode.OFF or (mode == Mode.BLOCK and rule == "double_booking"):
                        continue
                    lits = [i.lit for i in (a, b) if not i.fixed]
                    if mode == Mode.BLOCK:
                        if len(lits) == 2:
                            self.hard(self.m.add_bool_or([lits[0].Not(), lits[1].Not()]), rule)
                        continue
                    penalty = self.new_penalty(rule, f"{rule}_{pid}_{a.shift_id}_{b.shift_id}")
                    self.m.add_bool_or([lit.Not() for lit in lits] + [penalty])

    def _limit(self, rule: str, items: list[_Item], limit_minutes: int, name: str) -> None:
        """The items' minutes stay within the limit: hard if BLOCK, a warning if WARN. Work that
        is fixed and already over the limit is left as it is; nothing is added to it."""
        fixed = sum(i.minutes for i in items if i.fixed)
        variable = [i for i in items if not i.fixed]
        if not variable or fixed + sum(i.minutes for i in variable) <= limit_minutes:
            return
        expr = _sum([i.minutes * i.lit for i in variable])
        if self.mode(rule) == Mode.BLOCK:
            self.hard(self.m.add(expr <= max(0, limit_minutes - fixed)), rule)
        elif fixed <= limit_minutes:
            penalty = self.new_penalty(rule, name)
            self.m.add(expr <= limit_minutes - fixed).only_enforce_if(penalty.Not())

    def _hours(self) -> None:
        daily = self.mode("daily_hours") != Mode.OFF
        weekly = self.mode("weekly_hours") != Mode.OFF
        for pid, items in self.items.items():
            if daily:
                by_day = defaultdict(list)
                for item in items:
                    by_day[item.day].append(item)
                limit = math.floor(self.param("daily_hours", "hours") * 60 + 1e-6)
                for day, day_items in by_day.items():
                    self._limit("daily_hours", day_items, limit, f"daily_{pid}_{day}")
            if weekly:
                by_week = defaultdict(list)
                for item in items:
                    by_week[item.week].append(item)
                limit = math.floor(self.param("weekly_hours", "hours") * 60 + 1e-6)
                for week, week_items in by_week.items():
                    self._limit("weekly_hours", week_items, limit, f"weekly_{pid}_{week}")
        if self.mode("accommodation") == Mode.OFF:
            return
        for n, acc in enumerate(self.roster.accommodations):
            if acc.max_hours_per_week is None:
                continue
            by_week = defaultdict(list)
            for item in self.items.get(acc.person_id, ()):
                if acc.covers(item.day):
                    by_week[item.week].append(item)
            limit = math.floor(acc.max_hours_per_week * 60 + 1e-6)
            for week, week_items in by_week.items():
                self._limit("accommodation", week_items, limit, f"acc_{n}_{week}")

    def _weekly_rest(self) -> None:
        """At least N consecutive hours off in every calendar week with work in it, exactly
        as rules.check sees it: a free stretch starts at the week's start or where some work
        ends, so a boolean per such moment says "free from here for N hours"."""
        mode = self.mode("weekly_rest")
        if mode == Mode.OFF:
            return
        need = int(self.param("weekly_rest", "hours") * 60)
        for pid, items in self.items.items():
            if all(i.fixed for i in items):
                continue
            for week in sorted({i.week for i in items}):
                window = (_minute(datetime.combine(week, clock.min, OSLO)),
                          _minute(datetime.combine(week + timedelta(days=7), clock.min, OSLO)))
                inside = [i for i in items if i.start < window[1] and i.end > window[0]]
                if all(i.fixed for i in inside):
                    continue
                starting = [i for i in items if i.week == week]
                fixed_start = any(i.fixed for i in starting)
                var_starts = [i.lit for i in starting if not i.fixed]
                candidates = {window[0]} | {i.end for i in inside if window[0] < i.end <= window[1] - need}
                options: dict[frozenset, list] = {}
                free = False
                for t in sorted(candidates):
                    if t + need > window[1]:
                        continue
                    over = [i for i in inside if i.start < t + need and i.end > t]
                    if any(i.fixed for i in over):
                        continue
                    if not over:
                        free = True
                        break
                    options[frozenset(id(i) for i in over)] = [i.lit for i in over]
                if free:
                    continue
                # A window whose work is a superset of another's is never needed.
                sets = sorted(options, key=len)
                kept = [a for n, a in enumerate(sets) if not any(b <= a for b in sets[:n])]
                if not kept:
                    if fixed_start:
                        continue  # locked or other work alone leaves no weekly rest: reported, not planned
                    if mode == Mode.BLOCK:
                        for lit in var_starts:
                            self.forbid(lit, "weekly_rest")
                    else:
                        penalty = self.new_penalty("weekly_rest", f"wrest_{pid}_{week}")
                        for lit in var_starts:
                            self.m.add_implication(lit, penalty)
                    continue
                windows = []
                for n, key in enumerate(kept):
                    w = self.m.new_bool_var(f"free_{pid}_{week}_{n}")
                    for lit in options[key]:
                        self.m.add_implication(w, lit.Not())
                    windows.append(w)
                clause = list(windows)
                if mode != Mode.BLOCK:
                    clause.append(self.new_penalty("weekly_rest", f"wrest_{pid}_{week}"))
                if not fixed_start:
                    if len(var_starts) == 1:
                        clause.append(var_starts[0].Not())
                    else:
                        works = self.m.new_bool_var(f"works_{pid}_{week}")
                        for lit in var_starts:
                            self.m.add_implication(lit, works)
                        clause.append(works.Not())
                ct = self.m.add_bool_or(clause)
                if mode == Mode.BLOCK:
                    self.hard(ct, "weekly_rest")

    # --- the period

    def _period_items(self, pid: int) -> list[_Item]:
        first, last = self.roster.period
        return [i for i in self.items.get(pid, ()) if first <= i.day <= last]

    def _weeks(self) -> float:
        first, last = self.roster.period
        return ((last - first).days + 1) / 7

    def _present(self, pid: int) -> float:
        """The share of the period's days the person is not absent on (a day with any
        absence counts as away), as rules.check weighs contract hours."""
        first, last = self.roster.period
        away: set[date] = set()
        for absence in self.roster.absences:
            if absence.person_id != pid:
                continue
            day = max(_local_day(absence.starts_at), first)
            end = min(_local_day(absence.ends_at - timedelta(seconds=1)), last)
            while day <= end:
                away.add(day)
                day += timedelta(days=1)
        return 1 - len(away) / ((last - first).days + 1)

    def _contract(self) -> None:
        mode = self.mode("contract_hours")
        if mode == Mode.OFF or self.roster.period is None:
            return
        full_time = self.param("contract_hours", "full_time_hours_per_week")
        tolerance = self.param("contract_hours", "tolerance_percent") / 100
        for pid, person in self.roster.people.items():
            if person.position_percentage <= 0 or person.kind == PersonKind.ADMINISTRATIVE:
                continue
            items = self._period_items(pid)
            variable = [i for i in items if not i.fixed]
            if not variable:
                continue
            expected = full_time * person.position_percentage / 100 * self._weeks() * 60 * self._present(pid)
            low = math.ceil(expected * (1 - tolerance) - 1e-6)
            high = math.floor(expected * (1 + tolerance) + 1e-6)
            planned = sum(i.minutes for i in items if i.fixed) + _sum([i.minutes * i.lit for i in variable])
            if mode == Mode.BLOCK:
                self.hard(self.m.add(planned >= low), "contract_hours")
                self.hard(self.m.add(planned <= high), "contract_hours")
            else:
                penalty = self.new_penalty("contract_hours", f"contract_{pid}")
                self.m.add(planned >= low).only_enforce_if(penalty.Not())
                self.m.add(planned <= high).only_enforce_if(penalty.Not())

    # --- fairness

    def _fairness(self) -> None:
        if self.roster.period is None:
            return
        full_time = self.settings["contract_hours"].params.get("full_time_hours_per_week", 37.5)
        if self.inst.weights["contract_hours"]:
            for pid in self.items:
                person = self.roster.people[pid]
                if person.position_percentage <= 0 or not self.inst.is_plannable(pid):
                    continue
                items = self._period_items(pid)
                variable = [i for i in items if not i.fixed]
                if not variable:
                    continue
                target = round(full_time * person.position_percentage / 100 * self._weeks() * 60 * self._present(pid))
                planned = sum(i.minutes for i in items if i.fixed) + _sum([i.minutes * i.lit for i in variable])
                bound = (max(target, sum(i.minutes for i in items)) + 59) // 60
                dev = self.m.new_int_var(0, bound, f"dev_{pid}")
                self.m.add(60 * dev >= planned - target)
                self.m.add(60 * dev >= target - planned)
                self.parts["contract_hours"].append((1, dev))
        categories = {sid: shift_categories(self.roster.shifts[sid]) for sid in self.inst.needs}
        for category in ("nights", "weekends", "evenings"):
            if not self.inst.weights[category]:
                continue
            shifts = [sid for sid, cats in categories.items() if category in cats]
            for group in ("professionals", "lived_experience"):
                index = 0 if group == "professionals" else 1
                total = sum(self.open[sid][index] for sid in shifts)
                counts: dict[int, list] = defaultdict(list)
                fixed_counts: dict[int, int] = defaultdict(int)
                for sid in shifts:
                    for pid, lit in self._by_shift.get(sid, []):
                        if self.group(pid) == group:
                            counts[pid].append(lit)
                    for a in self.fixed_on.get(sid, []):
                        if self.group(a.person_id) == group:
                            fixed_counts[a.person_id] += 1
                            total += 1
                members = {p for p in set(counts) | set(fixed_counts)
                           if self.roster.people[p].position_percentage > 0}
                weight = {p: self.roster.people[p].position_percentage * self._present(p) for p in members}
                if not members or sum(weight.values()) <= 0:
                    continue
                scale = sum(weight.values())
                for pid in sorted(members):
                    share = math.floor(total * weight[pid] / scale + 1e-9)
                    most = fixed_counts[pid] + len(counts[pid])
                    if most <= share:
                        continue
                    excess = self.m.new_int_var(0, most - share, f"{category}_{group}_{pid}")
                    self.m.add(excess >= fixed_counts[pid] + _sum(counts[pid]) - share)
                    self.parts[category].append((1, excess))

    def _pairs(self) -> None:
        if self.inst.pairs == "off" or not self.inst.weights["pairs"]:
            return
        pair_terms: dict[tuple[int, int], list] = defaultdict(list)
        variable_pairs: set[tuple[int, int]] = set()
        for sid, shift in self.roster.shifts.items():
            if shift.kind != ShiftKind.OUTREACH:
                continue
            on: dict[int, object] = {a.person_id: True for a in self.fixed_on.get(sid, [])}
            for pid, lit in self._by_shift.get(sid, []):
                on[pid] = lit
            pros = [(p, v) for p, v in on.items() if self.group(p) == "professionals"]
            lived = [(p, v) for p, v in on.items() if self.group(p) == "lived_experience"]
            for p, pv in pros:
                for q, qv in lived:
                    pair_terms[(p, q)].append((pv, qv))
                    if pv is not True or qv is not True:
                        variable_pairs.add((p, q))
        for (p, q) in sorted(variable_pairs):
            terms = pair_terms[(p, q)]
            if self.inst.pairs == "keep":
                if any(pv is True and qv is True for pv, qv in terms):
                    continue  # an old pair: keeping it costs nothing
                used = self.m.new_bool_var(f"pair_{p}_{q}")
                for pv, qv in terms:
                    self._if_both(pv, qv, used)
                self.parts["pairs"].append((1, used))
            else:
                together = []
                for n, (pv, qv) in enumerate(terms):
                    if pv is True and qv is True:
                        together.append(1)
                        continue
                    both = self.m.new_bool_var(f"together_{p}_{q}_{n}")
                    self._if_both(pv, qv, both)
                    together.append(both)
                if len(together) < 2:
                    continue
                repeats = self.m.new_int_var(0, len(together) - 1, f"repeats_{p}_{q}")
                self.m.add(repeats >= _sum(together) - 1)
                self.parts["pairs"].append((1, repeats))

    def _if_both(self, a, b, then) -> None:
        """a and b imply `then` (a or b may be True, fixed), as a clause: the solver's SAT core
        handles clauses far better than the same thing written as a linear inequality."""
        self.m.add_bool_or([lit.Not() for lit in (a, b) if lit is not True] + [then])

    def _stability(self) -> None:
        if not self.inst.weights["stability"]:
            return
        for key in sorted(self.existing):
            lit = self.x.get(key)
            if lit is not None:
                self.parts["stability"].append((1, 1 - lit))

    def _objective(self) -> None:
        terms = [weight * lit for weight, _, lit in self.warn_terms]
        for part, entries in self.parts.items():
            terms.extend(self.inst.weights[part] * coef * expr for coef, expr in entries)
        if terms:
            self.m.minimize(_sum(terms))

    def part_values(self, value) -> dict[str, dict]:
        """Each part of the objective: its value (count or hours), weight and cost."""
        result = {}
        warnings = sum(value(lit) for _, _, lit in self.warn_terms)
        result["warnings"] = {"value": warnings, "weight": self.inst.weights["warnings"],
                              "cost": sum(w * value(lit) for w, _, lit in self.warn_terms)}
        for part in PARTS[1:]:
            amount = sum(coef * value(expr) for coef, expr in self.parts.get(part, []))
            result[part] = {"value": amount, "weight": self.inst.weights[part],
                            "cost": amount * self.inst.weights[part]}
        return result


# --- a greedy start ---------------------------------------------------------------------------


def _longest_free(spans: list[tuple[int, int]], window: tuple[int, int]) -> int:
    cursor, best = window[0], 0
    for start, end in sorted((max(s, window[0]), min(e, window[1])) for s, e in spans
                             if s < window[1] and e > window[0]):
        best = max(best, start - cursor)
        cursor = max(cursor, end)
    return max(best, window[1] - cursor)


def _greedy_hint(builder: _Builder) -> dict[tuple[int, int], int]:
    """A quick roster, shift by shift: each place to whoever brings the fewest warnings and
    has the most contract hours left, without a clash with what they already have (rest,
    hours a day and a week, weekly rest, an accommodation's hours). The solver's hint only:
    it may fall short (a place it cannot fill), and the solver repairs it."""
    inst, roster = builder.inst, builder.roster
    rest = int(builder.param("daily_rest", "hours") * 60) if builder.mode("daily_rest") != Mode.OFF else 0
    day_limit = builder.param("daily_hours", "hours") * 60
    week_limit = builder.param("weekly_hours", "hours") * 60
    weekly_rest = (int(builder.param("weekly_rest", "hours") * 60)
                   if builder.mode("weekly_rest") == Mode.BLOCK else 0)
    full_time = builder.settings["contract_hours"].params.get("full_time_hours_per_week", 37.5)
    weeks = builder._weeks() if roster.period else 4
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    per_day: dict[tuple[int, date], int] = defaultdict(int)
    per_week: dict[tuple[int, date], int] = defaultdict(int)
    worked: dict[int, int] = defaultdict(int)
    for pid, items in builder.items.items():
        for item in items:
            if item.fixed:
                taken[pid].append((item.start, item.end))
                per_day[(pid, item.day)] += item.minutes
                per_week[(pid, item.week)] += item.minutes
                worked[pid] += item.minutes
    target = {pid: full_time * max(p.position_percentage, 10) / 100 * weeks * 60 for pid, p in roster.people.items()}
    lit_item = {(i.shift_id, pid): i for pid, items in builder.items.items() for i in items if not i.fixed}
    warnings: dict[int, int] = defaultdict(int)
    for _, _, lit in builder.warn_terms:
        warnings[id(lit)] += 1
    limits: dict[int, list[tuple[Accommodation, int]]] = defaultdict(list)
    for acc in roster.accommodations:
        if acc.max_hours_per_week is not None and builder.mode("accommodation") != Mode.OFF:
            limits[acc.person_id].append((acc, int(acc.max_hours_per_week * 60)))
    windows: dict[date, tuple[int, int]] = {}

    def window(week: date) -> tuple[int, int]:
        if week not in windows:
            windows[week] = (_minute(datetime.combine(week, clock.min, OSLO)),
                             _minute(datetime.combine(week + timedelta(days=7), clock.min, OSLO)))
        return windows[week]

    def fits(pid: int, item: _Item) -> bool:
        if any(item.start < e + rest and s < item.end + rest for s, e in taken[pid]):
            return False
        if per_day[(pid, item.day)] + item.minutes > day_limit:
            return False
        if per_week[(pid, item.week)] + item.minutes > week_limit:
            return False
        for acc, limit in limits.get(pid, ()):
            if acc.covers(item.day):
                covered = sum(i.minutes for i in builder.items[pid] if acc.covers(i.day) and i.week == item.week
                              and (i.fixed or hint.get((i.shift_id, pid))))
                if covered + item.minutes > limit:
                    return False
        return not weekly_rest or _longest_free([*taken[pid], (item.start, item.end)], window(item.week)) >= weekly_rest

    hint: dict[tuple[int, int], int] = {}
    for sid in sorted(inst.needs, key=lambda s: (roster.shifts[s].starts_at, s)):
        for index, group in enumerate(("professionals", "lived_experience")):
            wanted = builder.open[sid][index]
            candidates = [(pid, lit) for pid, lit in builder._by_shift.get(sid, []) if builder.group(pid) == group]
            candidates.sort(key=lambda c: (warnings[id(c[1])], (sid, c[0]) not in builder.existing,
                                           worked[c[0]] / target[c[0]], c[0]))
            for pid, _ in candidates:
                if wanted == 0:
                    break
                item = lit_item[(sid, pid)]
                if not fits(pid, item):
                    continue
                hint[(sid, pid)] = 1
                taken[pid].append((item.start, item.end))
                per_day[(pid, item.day)] += item.minutes
                per_week[(pid, item.week)] += item.minutes
                worked[pid] += item.minutes
                wanted -= 1
    return hint


# --- solving ----------------------------------------------------------------------------------


@dataclass
class PlanResult:
    status: str  # optimal | feasible | infeasible | unknown | invalid
    assignments: list[tuple[int, int]] = field(default_factory=list)  # (shift, person) on planned shifts
    locked: set[tuple[int, int]] = field(default_factory=set)
    added: list[tuple[int, int]] = field(default_factory=list)
    removed: list[tuple[int, int]] = field(default_factory=list)
    objective: float | None = None
    bound: float | None = None
    parts: dict = field(default_factory=dict)
    time_to_first: float | None = None
    time_to_final: float | None = None
    wall_time: float = 0.0
    build_time: float = 0.0
    solutions: list[tuple[float, float]] = field(default_factory=list)
    violations: list[rules.Violation] = field(default_factory=list)
    infeasibility: dict | None = None
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def hard_violations(self) -> list[rules.Violation]:
        return [v for v in self.violations if v.blocks]

    def to_json(self) -> dict:
        return {
            "format": FORMAT + "/result",
            "status": self.status,
            "assignments": [{"shift_id": s, "person_id": p, "locked": (s, p) in self.locked}
                            for s, p in self.assignments],
            "added": [{"shift_id": s, "person_id": p} for s, p in self.added],
            "removed": [{"shift_id": s, "person_id": p} for s, p in self.removed],
            "objective": {"total": self.objective, "bound": self.bound, "parts": self.parts},
            "time_to_first": _round(self.time_to_first),
            "time_to_final": _round(self.time_to_final),
            "wall_time": _round(self.wall_time),
            "build_time": _round(self.build_time),
            "solutions": [[_round(t), v] for t, v in self.solutions],
            "hard_violations": len(self.hard_violations),
            "violations": [violation_to_json(v) for v in self.violations],
            "infeasibility": self.infeasibility,
            "stats": self.stats,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def violation_to_json(v: rules.Violation) -> dict:
    return {"rule": v.rule, "mode": str(v.mode), "shift_ids": list(v.shift_ids), "person_ids": list(v.person_ids),
            "message": v.message, "message_en": v.message_en}


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float):
        super().__init__()
        self.started = started
        self.found: list[tuple[float, float]] = []

    def on_solution_callback(self) -> None:
        self.found.append((time.perf_counter() - self.started, self.objective_value))


def _verify(instance: Instance, chosen: Iterable[tuple[int, int]]) -> list[rules.Violation]:
    """rules.check on the planned roster; the violations that touch planned shifts or people."""
    roster = instance.roster
    chosen = set(chosen)
    kept = []
    for a in roster.assignments:
        if a.shift_id in instance.needs and (a.shift_id, a.person_id) not in instance.locked:
            if (a.shift_id, a.person_id) in chosen:
                kept.append(a)  # an earlier assignment the plan keeps, with its own times
                chosen.discard((a.shift_id, a.person_id))
            continue
        kept.append(a)
    kept.extend(rules.Assignment(s, p) for s, p in sorted(chosen) if (s, p) not in instance.locked)
    planned = rules.Roster(people=roster.people, shifts=roster.shifts, assignments=kept, absences=roster.absences,
                           accommodations=roster.accommodations, availability=roster.availability,
                           period=roster.period)
    plannable = {p for p in roster.people if instance.is_plannable(p)}
    # What concerns the planned shifts; the rest (other teams', the weeks around) is not the plan's.
    return [v for v in rules.check(planned, instance.settings)
            if set(v.shift_ids) & instance.needs.keys() or (not v.shift_ids and set(v.person_ids) & plannable)]


def _solver(instance: Instance, seconds: float, workers: int | None, log: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, workers or instance.workers)
    if log:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    if instance.seed is not None:
        solver.parameters.random_seed = int(instance.seed)
    return solver


STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible",
          cp_model.MODEL_INVALID: "invalid"}


def solve(instance: Instance, *, time_limit: float | None = None, workers: int | None = None,
          hint: bool = True, log: bool = False, parameters: Mapping[str, object] | None = None,
          two_phase: bool = True, explain: bool = True) -> PlanResult:
    """Plan the instance's shifts. Never raises for an impossible roster: the result says why.

    Two phases: first any roster that meets the hard rules (the model without its objective,
    solved without presolve, from a greedy roster as hint, until the first solution), then the
    best roster from there with the whole model until the time limit. When there is no roster,
    finding out why (`diagnose`) takes up to min(time limit, 20 s) more.
    """
    started = time.perf_counter()
    limit = instance.time_limit if time_limit is None else time_limit
    builder = _Builder(instance)
    builder.build_rules()
    locked = {key for key in instance.locked if key[0] in instance.needs}
    existing = sorted(builder.existing)

    def finish(result: PlanResult) -> PlanResult:
        result.wall_time = time.perf_counter() - started
        return result

    if builder.problems:
        return finish(PlanResult("infeasible", locked=locked, build_time=time.perf_counter() - started,
                                 infeasibility=_explain_problems(instance, builder.problems)))
    suggested: dict[tuple[int, int], int] = {}
    if hint:
        suggested = _greedy_hint(builder)
        for key in existing:
            suggested.setdefault(key, 1)
    # Phase 1: the rules only.
    rules_only = builder.m.clone()
    for key, lit in builder.x.items():
        rules_only.add_hint(rules_only.get_bool_var_from_proto_index(lit.index), suggested.get(key, 0))
    build_time = time.perf_counter() - started
    # Without presolve the solver's feasibility search starts at once: on the benchmark a
    # roster comes in a fraction of a second, against seconds of presolve (benchmarks/README.md).
    # If that does not do within its share of the time, phase 2 searches with the full model.
    first = _solver(instance, min(limit - build_time, max(2.0, 0.3 * limit)), workers, log)
    first.parameters.stop_after_first_solution = True
    first.parameters.cp_model_presolve = False
    first.parameters.num_workers = max(2, first.parameters.num_workers)  # the feasibility jump needs a worker
    code = first.solve(rules_only) if two_phase else cp_model.UNKNOWN
    status = STATUS.get(code, "unknown")
    result = PlanResult(status, locked=locked, build_time=build_time)
    if status == "infeasible":
        result.infeasibility = diagnose(instance, budget=max(2.0, min(limit, 20.0))) if explain else None
        return finish(result)
    chosen: set[tuple[int, int]] | None = None
    if status in ("optimal", "feasible"):
        result.time_to_first = time.perf_counter() - started
        chosen = {key for key, lit in builder.x.items()
                  if first.boolean_value(rules_only.get_bool_var_from_proto_index(lit.index))}
        result.status = "feasible"
        result.time_to_final = result.time_to_first
        result.solutions = [(result.time_to_first, None)]
    objective_started = time.perf_counter()
    builder.build_objective()
    result.build_time += time.perf_counter() - objective_started
    proto = builder.m.proto
    result.stats = {"people": sum(1 for p in instance.roster.people if instance.is_plannable(p)),
                    "planned_shifts": len(instance.needs), "variables": len(proto.variables),
                    "constraints": len(proto.constraints), "decisions": len(builder.x)}
    # Phase 2: the best roster, starting from the first.
    remaining = limit - (time.perf_counter() - started)
    if remaining > 0.1 and (builder.m.has_objective() or chosen is None):
        if chosen is not None:
            for key, lit in builder.x.items():
                builder.m.add_hint(lit, 1 if key in chosen else 0)
        else:
            for key, lit in builder.x.items():
                builder.m.add_hint(lit, suggested.get(key, 0))
        solver = _solver(instance, remaining, workers, log)
        for name, value in (parameters or {}).items():
            setattr(solver.parameters, name, value)
        progress = _Progress(started)
        code = solver.solve(builder.m, progress)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.status = STATUS[code]
            chosen = {key for key, lit in builder.x.items() if solver.boolean_value(lit)}
            result.objective = solver.objective_value
            result.bound = solver.best_objective_bound
            result.parts = builder.part_values(solver.value)
            result.solutions += progress.found
            if progress.found:
                result.time_to_final = progress.found[-1][0]
                if result.time_to_first is None:
                    result.time_to_first = progress.found[0][0]
        elif code == cp_model.INFEASIBLE:
            result.status = "infeasible"
            result.infeasibility = diagnose(instance, budget=max(2.0, min(limit, 20.0))) if explain else None
            return finish(result)
    elif chosen is not None and not builder.m.has_objective():
        result.status, result.objective, result.bound = "optimal", 0, 0
        result.parts = builder.part_values(lambda expr: 0)  # nothing to weigh: every part is zero
    if chosen is None:
        result.status = "unknown"
        result.infeasibility = {
            "message": f"Fant ingen vaktplan innen tidsgrensen ({limit:g} s). Prøv igjen med mer tid.",
            "message_en": f"No roster was found within the time limit ({limit:g} s). Try again with more time.",
            "shift_ids": [], "rules": [], "problems": [],
        }
        return finish(result)
    result.assignments = sorted(chosen | locked, key=lambda k: (instance.roster.shifts[k[0]].starts_at, k))
    result.added = sorted(chosen - set(existing))
    result.removed = sorted(set(existing) - chosen)
    result.violations = _verify(instance, result.assignments)
    return finish(result)


# --- explaining an impossible roster ----------------------------------------------------------------


def _names(instance: Instance, ids: Iterable[int], limit: int = 6) -> tuple[str, str]:
    ids = list(ids)
    names = [instance.roster.people[p].name for p in ids[:limit]]
    more = len(ids) - limit
    if more > 0:
        return ", ".join(names) + f" og {more} til", ", ".join(names) + f" and {more} more"
    return ", ".join(names), ", ".join(names)


def _explain_week(instance: Instance, problem: WeekProblem) -> tuple[str, str, dict]:
    limit = _hours_text(instance.settings["weekly_hours"].params["hours"])
    who_nb, who_en = (("fagansatte", "professionals") if problem.group == "professionals"
                      else ("erfaringskonsulenter og likepersoner", "ECs and peers"))
    teams = {instance.roster.shifts[s].team_id for s in instance.needs}
    team = f" (team {problem.team_id})" if len(teams) > 1 and problem.team_id is not None else ""
    needed, possible = _hours_text(problem.needed / 60), _hours_text(problem.possible / 60)
    nb = (f"I uka fra {problem.week:%d.%m.}{team} trenger vaktene {needed.replace('.', ',')} timer med {who_nb}, "
          f"men de kan til sammen arbeide høyst {possible.replace('.', ',')} timer der "
          f"(timer per uke: høyst {limit.replace('.', ',')} t hver).")
    en = (f"In the week from {problem.week:%d.%m.}{team} the shifts need {needed} hours of {who_en}, "
          f"but together they can work at most {possible} hours on them (hours a week: at most {limit} h each).")
    detail = {"week": problem.week.isoformat(), "team_id": problem.team_id, "group": problem.group,
              "needed_hours": round(problem.needed / 60, 2), "possible_hours": round(problem.possible / 60, 2),
              "shift_ids": problem.shift_ids, "rules": ["weekly_hours", "needs"]}
    return nb, en, detail


SHOWN_PROBLEMS = 5  # in an explanation's message; all of them are in its problems


def _explain_problems(instance: Instance, problems: list) -> dict:
    nb, en, details = [], [], []
    for problem in problems:
        if isinstance(problem, WeekProblem):
            text_nb, text_en, detail = _explain_week(instance, problem)
            nb.append(text_nb)
            en.append(text_en)
            details.append(detail)
            continue
        shift = instance.roster.shifts[problem.shift_id]
        title = instance.titles.get(shift.id, "")
        label_nb, label_en = shift_label(shift, "nb", title), shift_label(shift, "en", title)
        if problem.group == "pairing":
            nb.append(f"Vakten {label_nb} skal ha erfaringskonsulent eller likeperson, men ingen fagansatt; "
                      "de går aldri alene på oppsøkende.")
            en.append(f"The shift {label_en} is to have an EC or peer but no professional; "
                      "they never go alone on outreach.")
            rules_involved = ["pairing"]
        else:
            one = problem.needed == 1
            who_nb, who_en = ((("fagansatt", "professional") if one else ("fagansatte", "professionals"))
                              if problem.group == "professionals" else
                              (("erfaringskonsulent eller likeperson", "EC or peer") if one
                               else ("erfaringskonsulenter eller likepersoner", "ECs or peers")))
            by_rule: dict[str, list[int]] = defaultdict(list)
            for pid, rule in problem.excluded.items():
                by_rule[rule].append(pid)
            why_nb = "; ".join(f"{RULE_NAMES[r][0]}: {_names(instance, ps)[0]}" for r, ps in sorted(by_rule.items()))
            why_en = "; ".join(f"{RULE_NAMES[r][1]}: {_names(instance, ps)[1]}" for r, ps in sorted(by_rule.items()))
            nb.append(f"Vakten {label_nb} trenger {problem.needed} {who_nb}, men bare {problem.possible} kan ta den"
                      + (f" ({why_nb})." if why_nb else "."))
            en.append(f"The shift {label_en} needs {problem.needed} {who_en}, but only {problem.possible} can take it"
                      + (f" ({why_en})." if why_en else "."))
            rules_involved = sorted(by_rule) + ["needs"]
        details.append({"shift_id": problem.shift_id, "group": problem.group, "needed": problem.needed,
                        "possible": problem.possible, "rules": rules_involved,
                        "excluded": {str(p): r for p, r in problem.excluded.items()}})
    if len(nb) > SHOWN_PROBLEMS:
        more = len(nb) - SHOWN_PROBLEMS
        nb, en = nb[:SHOWN_PROBLEMS] + [f"Og {more} til."], en[:SHOWN_PROBLEMS] + [f"And {more} more."]
    shift_ids = [s for p in problems for s in (p.shift_ids if isinstance(p, WeekProblem) else [p.shift_id])]
    return {
        "message": "Vaktplanen kan ikke lages uten å bryte regler som stopper: " + " ".join(nb),
        "message_en": "The roster cannot be made without breaking rules that block: " + " ".join(en),
        "shift_ids": list(dict.fromkeys(shift_ids)),
        "rules": sorted({r for d in details for r in d["rules"]}),
        "problems": details,
    }


# The rules tried one at a time, most likely to stand in the way first.
RELAX_ORDER = ["weekly_hours", "weekly_rest", "daily_rest", "daily_hours", "accommodation", "availability",
               "known_environment", "new_ec_buddy", "boundaries", "absence", "contract_hours", "pairing",
               "peer_follow_up", "double_booking"]


def _relaxation(instance: Instance, candidates: list[str], budget: float) -> dict:
    """When the solver cannot say in time which shifts clash (a large roster): set each
    blocking rule in turn to warn, and plan with as few of its warnings as possible. The first
    rule that makes a roster possible stands in the way, and the warnings it then takes show
    where."""
    started = time.perf_counter()
    for rule in candidates:
        remaining = budget - (time.perf_counter() - started)
        if remaining < 0.5:
            break
        relaxed = replace(
            instance, settings={**instance.settings, rule: RuleSetting(Mode.WARN, instance.settings[rule].params)},
            weights={part: 0 for part in DEFAULT_WEIGHTS}, warning_weights={rule: 1},
        )
        result = solve(relaxed, time_limit=min(remaining, max(2.0, budget / 3)), explain=False)
        broken = [v for v in result.violations if v.rule == rule] if result.ok else []
        if not broken:
            continue
        shown = broken[:SHOWN_SHIFTS]
        extra = len(broken) - len(shown)
        times_nb = f"{len(broken)} gang{'er' if len(broken) != 1 else ''}"
        times_en = f"{len(broken)} time{'s' if len(broken) != 1 else ''}"
        return {
            "message": (f"Vaktplanen kan ikke lages uten å bryte regelen «{RULE_NAMES[rule][0]}». Uten den "
                        f"ville planen brutt den {times_nb}, for eksempel: " + " ".join(v.message for v in shown)
                        + (f" Og {extra} til." if extra else "")),
            "message_en": (f"The roster cannot be made without breaking the rule \u201c{RULE_NAMES[rule][1]}\u201d. "
                           f"Without it, the plan would break it {times_en}, for example: "
                           + " ".join(v.message_en for v in shown) + (f" And {extra} more." if extra else "")),
            "shift_ids": list(dict.fromkeys(s for v in broken for s in v.shift_ids)),
            "rules": [rule], "problems": [violation_to_json(v) for v in broken],
        }
    return {
        "message": "Vaktplanen kan ikke lages med reglene som stopper, men planleggeren fant ikke hvorfor "
                   "innen tidsgrensen.",
        "message_en": "The roster cannot be made under the rules that block, but the planner did not find "
                      "out why within the time limit.",
        "shift_ids": [], "rules": candidates, "problems": [],
    }


SHOWN_SHIFTS = 8  # in an explanation; all of them are in its shift_ids


def _core_elements(names: Iterable[str]) -> set[tuple[str, object]]:
    found: set[tuple[str, object]] = set()
    for name in names:
        if name.startswith("rule_"):
            found.add(("rule", name.removeprefix("rule_")))
        elif name.startswith("need_"):
            found.add(("shift", int(name.removeprefix("need_"))))
    return found


def diagnose(instance: Instance, *, budget: float = 10.0) -> dict:
    """Which shifts and rules make the instance impossible: a small set of staffing needs
    and BLOCK rules that cannot all hold (an unsatisfiable core, shrunk by deletion)."""
    started = time.perf_counter()
    builder = _Builder(instance, diagnose=True).build()

    def infeasible(kept_rules: set[str], kept_shifts: set[int], seconds: float) -> tuple[bool | None, list]:
        builder.m.clear_assumptions()
        builder.m.add_assumptions([lit for r, lit in builder.rule_lits.items() if r in kept_rules]
                                  + [lit for s, lit in builder.need_lits.items() if s in kept_shifts])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = 1
        code = solver.solve(builder.m)
        if code == cp_model.INFEASIBLE:
            core = {builder.m.proto.variables[i].name for i in solver.sufficient_assumptions_for_infeasibility()}
            return True, sorted(core)
        return (False, []) if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else (None, [])

    all_rules, all_shifts = set(builder.rule_lits), set(builder.need_lits)
    verdict, core = infeasible(all_rules, all_shifts, budget / 3)
    if verdict is not True:
        order = sorted(all_rules, key=lambda r: RELAX_ORDER.index(r) if r in RELAX_ORDER else len(RELAX_ORDER))
        return _relaxation(instance, order, budget - (time.perf_counter() - started))
    current = _core_elements(core)
    # Shrink: drop each element in turn, keeping the drop when the rest is still impossible.
    for element in sorted(current, key=lambda e: (e[0] != "rule", str(e[1]))):
        remaining = budget - (time.perf_counter() - started)
        if remaining <= 0.2:
            break
        if element not in current:
            continue
        trial = current - {element}
        verdict, smaller = infeasible({r for k, r in trial if k == "rule"}, {s for k, s in trial if k == "shift"},
                                      min(remaining, 2.0))
        if verdict is True:
            current = _core_elements(smaller)
    kept_rules = {r for k, r in current if k == "rule"}
    kept_shifts = {s for k, s in current if k == "shift"}
    shifts = sorted(kept_shifts, key=lambda s: (instance.roster.shifts[s].starts_at, s))
    shown = shifts[:SHOWN_SHIFTS]
    labels_nb = [shift_label(instance.roster.shifts[s], "nb", instance.titles.get(s, "")) for s in shown]
    labels_en = [shift_label(instance.roster.shifts[s], "en", instance.titles.get(s, "")) for s in shown]
    if len(shifts) > len(shown):
        labels_nb.append(f"og {len(shifts) - len(shown)} vakter til")
        labels_en.append(f"and {len(shifts) - len(shown)} more shifts")
    rules_nb = ", ".join(RULE_NAMES[r][0] for r in sorted(kept_rules)) or "ingen"
    rules_en = ", ".join(RULE_NAMES[r][1] for r in sorted(kept_rules)) or "none"
    if shifts:
        message = (f"Disse vaktene kan ikke bemannes samtidig uten å bryte reglene ({rules_nb}): "
                   + "; ".join(labels_nb) + ".")
        message_en = (f"These shifts cannot all be staffed without breaking the rules ({rules_en}): "
                      + "; ".join(labels_en) + ".")
    else:
        message = f"De låste vaktene og reglene ({rules_nb}) lar seg ikke forene."
        message_en = f"The locked assignments and the rules ({rules_en}) cannot be reconciled."
    return {"message": "Vaktplanen kan ikke lages: " + message,
            "message_en": "The roster cannot be made: " + message_en,
            "shift_ids": shifts, "rules": sorted(kept_rules), "problems": []}


# --- suggesting a partner ------------------------------------------------------------------------------


@dataclass
class Suggestion:
    person_id: int
    name: str
    shared_area_ids: frozenset[int]
    together: int  # earlier shifts with the EC or peer
    hours_left: float  # on the contract, in the period
    warnings: list[rules.Violation]
    reason: str  # Norwegian
    reason_en: str

    @property
    def same_environment(self) -> bool:
        return bool(self.shared_area_ids)

    def text(self, locale: str = "nb") -> str:
        return self.reason_en if locale == "en" else self.reason

    def to_json(self) -> dict:
        return {"person_id": self.person_id, "name": self.name, "same_environment": self.same_environment,
                "shared_area_ids": sorted(self.shared_area_ids), "together": self.together,
                "hours_left": round(self.hours_left, 2), "warnings": [violation_to_json(v) for v in self.warnings],
                "reason": self.reason, "reason_en": self.reason_en}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hours_text(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def partner_options(roster: rules.Roster, settings: Mapping[str, RuleSetting] | None, shift_id: int,
                    person_id: int, *, candidates: Iterable[int] | None = None,
                    history: Mapping[int, int] | None = None,
                    area_names: Mapping[int, str] | None = None) -> tuple[list[Suggestion], dict[int, list]]:
    """(the ranked suggestions, {professional: the blocking violations that rule them out})."""
    settings = rules.effective_settings(settings)
    shift = roster.shifts[shift_id]
    base = list(roster.assignments)
    if not any(a.shift_id == shift_id and a.person_id == person_id for a in base):
        base.append(rules.Assignment(shift_id, person_id))  # as if the EC or peer were on it

    def with_(assignments):
        return rules.Roster(people=roster.people, shifts=roster.shifts, assignments=assignments,
                            absences=roster.absences, accommodations=roster.accommodations,
                            availability=roster.availability, period=roster.period)

    before = {v.key for v in rules.check(with_(base), settings)}
    on_shift = {a.person_id for a in base if a.shift_id == shift_id}
    pool = candidates if candidates is not None else roster.people
    if roster.period:
        first, last = roster.period
    else:
        first = _monday(_local_day(shift.starts_at))
        last = first + timedelta(days=6)
    weeks = ((last - first).days + 1) / 7
    full_time = settings["contract_hours"].params.get("full_time_hours_per_week", 37.5)
    names = area_names or {}
    in_nb, in_en = (("i uka", "in the week") if first.weekday() == 0 and (last - first).days == 6
                    else ("i perioden", "in the period"))
    ranked, blocked = [], {}
    for pid in pool:
        person = roster.people.get(pid)
        if person is None or person.kind != PersonKind.PROFESSIONAL or pid in on_shift:
            continue
        after = rules.check(with_([*base, rules.Assignment(shift_id, pid)]), settings)
        added = [v for v in after if v.key not in before and v.rule not in ("contract_hours",)]
        blocking = [v for v in added if v.blocks]
        if blocking:
            blocked[pid] = blocking
            continue
        if history is not None:
            together = history.get(pid, 0)
        else:
            shared = {a.shift_id for a in roster.assignments if a.person_id == person_id}
            together = sum(1 for a in roster.assignments if a.person_id == pid and a.shift_id in shared
                           and roster.shifts[a.shift_id].starts_at < shift.starts_at)
        worked = sum(hours(roster.span_of(a)) for a in roster.assignments
                     if a.person_id == pid and first <= _local_day(roster.span_of(a)[0]) <= last)
        hours_left = full_time * person.position_percentage / 100 * weeks - worked
        shared_areas = shift.area_ids & person.known_area_ids
        nb, en = [], []
        if shared_areas:
            places = ", ".join(sorted(names.get(a, f"#{a}") for a in shared_areas))
            nb.append(f"kjenner miljøet ({places})")
            en.append(f"knows the environment ({places})")
        if together:
            nb.append(f"{together} vakt{'er' if together != 1 else ''} sammen før")
            en.append(f"{together} earlier shift{'s' if together != 1 else ''} together")
        else:
            nb.append("ikke gått sammen før")
            en.append("not paired before")
        if hours_left >= 0:
            nb.append(f"{_hours_text(hours_left).replace('.', ',')} t igjen av stillingen {in_nb}")
            en.append(f"{_hours_text(hours_left)} h left on the contract {in_en}")
        else:
            nb.append(f"{_hours_text(-hours_left).replace('.', ',')} t over stillingen {in_nb}")
            en.append(f"{_hours_text(-hours_left)} h over the contract {in_en}")
        warnings = [v for v in added if not v.blocks]
        if warnings:
            nb.append("gir en advarsel")
            en.append("brings a warning")
        ranked.append(Suggestion(pid, person.name, shared_areas, together, hours_left, warnings,
                                 _capital("; ".join(nb)), _capital("; ".join(en))))
    ranked.sort(key=lambda s: (bool(s.warnings), not s.same_environment, -s.together, -s.hours_left,
                               s.name, s.person_id))
    return ranked, blocked


def suggest_partners(roster: rules.Roster, settings: Mapping[str, RuleSetting] | None, shift_id: int,
                     person_id: int, **options) -> list[Suggestion]:
    """The professionals who can join the EC or peer `person_id` on `shift_id` without a new
    blocking violation, best first: no new warning, then the same environment (known areas
    meet the shift's), then continuity (earlier shifts together), then hours left on the
    contract in the roster's period. Each with its reason, in Norwegian and English."""
    return partner_options(roster, settings, shift_id, person_id, **options)[0]


# --- the command line -------------------------------------------------------------------------------


def load_instance(path: str) -> Instance:
    with open(path, encoding="utf-8") as handle:
        return parse_instance(json.load(handle))


def _text_report(instance: Instance, result: PlanResult) -> str:
    roster = instance.roster
    lines = [f"status: {result.status}"]
    if result.ok:
        lines.append(f"objective: {result.objective:g} (bound {result.bound:g})")
        lines.append(f"time to first roster: {result.time_to_first:.2f} s, to final: {result.time_to_final:.2f} s, "
                     f"wall: {result.wall_time:.2f} s")
        for name, part in result.parts.items():
            lines.append(f"  {name:15} {part['value']:>8g} x {part['weight']:>4} = {part['cost']:g}")
        lines.append(f"assignments ({len(result.assignments)}):")
        for sid, pid in result.assignments:
            shift = roster.shifts[sid]
            lock = " (locked)" if (sid, pid) in result.locked else ""
            lines.append(f"  {shift_label(shift, 'en', instance.titles.get(sid, ''))}  {roster.people[pid].name}{lock}")
        lines.append(f"violations ({len(result.violations)}, {len(result.hard_violations)} blocking):")
        lines.extend(f"  [{v.mode}] {v.rule}: {v.message_en}" for v in result.violations)
    if result.infeasibility:
        lines.append(result.infeasibility["message_en"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m outreach.shifts.planner",
                                     description="Plan the shifts of an instance (docs/planner.md).")
    parser.add_argument("instance", help="the instance, a JSON file ('-' for standard input)")
    parser.add_argument("--time-limit", type=float, help="seconds (default: the instance's, else 10)")
    parser.add_argument("--workers", type=int, help="solver threads (default: the instance's, else 2)")
    parser.add_argument("--no-hint", action="store_true", help="do not start the solver from a greedy roster")
    parser.add_argument("--one-phase", action="store_true",
                        help="no first phase: the whole model from the start (for comparison)")
    parser.add_argument("--text", action="store_true", help="a readable report instead of JSON")
    parser.add_argument("--log", action="store_true", help="the solver's own log, on standard error")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a CP-SAT parameter for the optimizing phase, e.g. --param linearization_level=2")
    args = parser.parse_args(argv)
    try:
        if args.instance == "-":
            instance = parse_instance(json.load(sys.stdin))
        else:
            instance = load_instance(args.instance)
    except (OSError, json.JSONDecodeError, PlannerInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    parameters = {}
    for item in args.param:
        name, _, value = item.partition("=")
        try:
            parameters[name] = json.loads(value)
        except json.JSONDecodeError:
            parameters[name] = value
    result = solve(instance, time_limit=args.time_limit, workers=args.workers, hint=not args.no_hint, log=args.log,
                   parameters=parameters, two_phase=not args.one_phase)
    if args.text:
        print(_text_report(instance, result))
    else:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
