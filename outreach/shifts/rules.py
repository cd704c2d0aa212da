"""The roster rules: pure Python, no Flask. `check(roster, settings)` returns violations.

Every rule is a setting with a mode (block, warn or off) and its parameters; the defaults
below follow arbeidsmiljøloven ch. 10 and the service's own practice, and a leader can
change them per team. Each violation names the rule, the shifts and the people, and says
what is wrong in Norwegian (with an English text for users who chose English).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from outreach.core.timeutil import OSLO
from outreach.shifts.timespan import Span, hours, longest_gap, overlaps, subtract, union


class ShiftKind(StrEnum):
    OUTREACH = "outreach"  # oppsøkende
    FOLLOW_UP = "follow_up"  # oppfølging
    GROUP = "group"  # gruppe, verksted, temakveld
    OFFICE = "office"  # kontor, møte
    TRAINING = "training"  # opplæring
    ON_CALL = "on_call"  # tilkallingsvakt (likepersoner)


class PersonKind(StrEnum):
    PROFESSIONAL = "professional"
    EC = "ec"
    PEER = "peer"
    ADMINISTRATIVE = "administrative"


class Mode(StrEnum):
    BLOCK = "block"
    WARN = "warn"
    OFF = "off"


# --- the roster, as the rules see it ------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    kind: str = PersonKind.PROFESSIONAL
    position_percentage: int = 100
    start_date: date | None = None
    buddy_id: int | None = None
    known_area_ids: frozenset[int] = frozenset()
    boundary_area_ids: frozenset[int] = frozenset()  # an EC's own: areas they avoid


@dataclass(frozen=True)
class Shift:
    id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    area_ids: frozenset[int] = frozenset()
    team_id: int | None = None

    @property
    def span(self) -> Span:
        return (self.starts_at, self.ends_at)


@dataclass(frozen=True)
class Assignment:
    shift_id: int
    person_id: int
    # Set when the person is on the shift for part of it only.
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class Absence:
    person_id: int
    starts_at: datetime
    ends_at: datetime
    kind: str = "holiday"


@dataclass(frozen=True)
class Accommodation:
    """Tilrettelegging: for a period, areas or shift kinds to avoid, or fewer hours."""

    person_id: int
    starts_on: date
    ends_on: date
    avoid_area_ids: frozenset[int] = frozenset()
    avoid_shift_kinds: frozenset[str] = frozenset()
    max_hours_per_week: float | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Availability:
    """A time a peer has offered to work."""

    person_id: int
    starts_at: datetime
    ends_at: datetime


@dataclass
class Roster:
    people: Mapping[int, Person]
    shifts: Mapping[int, Shift]
    assignments: list[Assignment]
    absences: list[Absence] = field(default_factory=list)
    accommodations: list[Accommodation] = field(default_factory=list)
    availability: list[Availability] = field(default_factory=list)
    # The planned period (first and last day); contract hours are weighed over it.
    period: tuple[date, date] | None = None

    def span_of(self, assignment: Assignment) -> Span:
        shift = self.shifts[assignment.shift_id]
        return (assignment.starts_at or shift.starts_at, assignment.ends_at or shift.ends_at)


# --- settings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSetting:
    mode: str
    params: Mapping = field(default_factory=dict)


RULES = (
    "pairing", "peer_follow_up", "new_ec_buddy", "accommodation", "boundaries",
    "known_environment", "daily_rest", "weekly_rest", "daily_hours", "weekly_hours",
    "contract_hours", "double_booking", "absence", "availability",
)

DEFAULT_SETTINGS: dict[str, RuleSetting] = {
    # ECs and peers never alone on outreach; peers never on follow-up (handbook 004).
    "pairing": RuleSetting(Mode.BLOCK),
    "peer_follow_up": RuleSetting(Mode.BLOCK),
    "new_ec_buddy": RuleSetting(Mode.WARN, {"weeks": 12}),
    "accommodation": RuleSetting(Mode.BLOCK),
    "boundaries": RuleSetting(Mode.BLOCK),
    "known_environment": RuleSetting(Mode.WARN),
    # Arbeidsmiljøloven § 10-8 (rest) and § 10-4 (normal working time).
    "daily_rest": RuleSetting(Mode.BLOCK, {"hours": 11}),
    "weekly_rest": RuleSetting(Mode.BLOCK, {"hours": 35}),
    "daily_hours": RuleSetting(Mode.BLOCK, {"hours": 9}),
    "weekly_hours": RuleSetting(Mode.BLOCK, {"hours": 40}),
    "contract_hours": RuleSetting(Mode.WARN, {"full_time_hours_per_week": 37.5, "tolerance_percent": 10}),
    "double_booking": RuleSetting(Mode.BLOCK),
    "absence": RuleSetting(Mode.BLOCK),
    "availability": RuleSetting(Mode.WARN),
}


def effective_settings(overrides: Mapping[str, RuleSetting] | None = None) -> dict[str, RuleSetting]:
    """The defaults with a team's own settings on top (parameters merge)."""
    settings = dict(DEFAULT_SETTINGS)
    for rule, setting in (overrides or {}).items():
        if rule in settings:
            settings[rule] = RuleSetting(setting.mode, {**settings[rule].params, **setting.params})
    return settings


# --- violations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: str
    mode: str
    shift_ids: tuple[int, ...]
    person_ids: tuple[int, ...]
    message: str  # Norwegian
    message_en: str

    @property
    def key(self) -> str:
        """Stable identity, so that a leader's override of a warning can be remembered."""
        shifts = ",".join(map(str, sorted(self.shift_ids)))
        people = ",".join(map(str, sorted(self.person_ids)))
        return f"{self.rule}:{shifts}:{people}"

    @property
    def blocks(self) -> bool:
        return self.mode == Mode.BLOCK

    def text(self, locale: str = "nb") -> str:
        return self.message_en if locale == "en" else self.message


def _when(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m. %H:%M")


def _clock(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%H:%M")


@lru_cache(maxsize=8192)  # most rules ask for the day of each shift's start
def _day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


@lru_cache(maxsize=4096)  # the weekly rules ask for the week of each shift's day
def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=1024)
def _week_window(monday: date) -> tuple[datetime, datetime]:
    """The calendar week from `monday`, Oslo midnight to midnight, in UTC: the spans it is
    compared with are UTC, and comparing datetimes in two time zones asks the zone each time."""
    return (datetime.combine(monday, time.min, OSLO).astimezone(UTC),
            datetime.combine(monday + timedelta(days=7), time.min, OSLO).astimezone(UTC))


def _fmt_hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


class _Checker:
    def __init__(self, roster: Roster, settings: Mapping[str, RuleSetting]):
        self.roster = roster
        self.settings = settings
        self.found: list[Violation] = []
        self.by_shift: dict[int, list[Assignment]] = defaultdict(list)
        self.by_person: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in roster.assignments:
            if assignment.shift_id in roster.shifts and assignment.person_id in roster.people:
                self.by_shift[assignment.shift_id].append(assignment)
                self.by_person[assignment.person_id].append(assignment)
        for person_assignments in self.by_person.values():
            person_assignments.sort(key=lambda a: roster.span_of(a))
        self._span_cache: dict[int, list[tuple[Assignment, Span]]] = {}
        self._worked_cache: dict[int, list[tuple[Assignment, date, float]]] = {}

    def add(self, rule: str, shift_ids: Iterable[int], person_ids: Iterable[int], nb: str, en: str) -> None:
        self.found.append(Violation(
            rule, self.settings[rule].mode, tuple(dict.fromkeys(shift_ids)), tuple(dict.fromkeys(person_ids)), nb, en,
        ))

    def param(self, rule: str, name: str):
        return self.settings[rule].params[name]

    def name(self, person_id: int) -> str:
        return self.roster.people[person_id].name

    def kind(self, person_id: int) -> str:
        return self.roster.people[person_id].kind

    # --- pairing and roles ---

    def pairing(self) -> None:
        for shift in self.roster.shifts.values():
            if shift.kind != ShiftKind.OUTREACH:
                continue
            on_shift = self.by_shift.get(shift.id, [])
            pros = [self.roster.span_of(a) for a in on_shift if self.kind(a.person_id) == PersonKind.PROFESSIONAL]
            lived = [a for a in on_shift if self.kind(a.person_id) in (PersonKind.EC, PersonKind.PEER)]
            if lived and not pros:
                names = ", ".join(self.name(a.person_id) for a in lived)
                self.add(
                    "pairing", [shift.id], [a.person_id for a in lived],
                    f"Oppsøkende vakt {_when(shift.starts_at)} har ingen fagansatt: {names} kan ikke gå alene.",
                    f"Outreach shift {_when(shift.starts_at)} has no professional: {names} cannot go alone.",
                )
                continue
            for assignment in lived:
                for start, end in subtract(self.roster.span_of(assignment), pros):
                    who = self.name(assignment.person_id)
                    self.add(
                        "pairing", [shift.id], [assignment.person_id],
                        f"{who} er uten fagansatt {_when(start)}–{_clock(end)} på oppsøkende vakt.",
                        f"{who} is without a professional {_when(start)}–{_clock(end)} on an outreach shift.",
                    )

    def peer_follow_up(self) -> None:
        for shift in self.roster.shifts.values():
            if shift.kind != ShiftKind.FOLLOW_UP:
                continue
            for assignment in self.by_shift.get(shift.id, []):
                if self.kind(assignment.person_id) == PersonKind.PEER:
                    who = self.name(assignment.person_id)
                    self.add(
                        "peer_follow_up", [shift.id], [assignment.person_id],
                        f"{who} er likeperson og skal ikke ha oppfølgingsvakt ({_when(shift.starts_at)}).",
                        f"{who} is a peer and must not work follow-up shifts ({_when(shift.starts_at)}).",
                    )

    def new_ec_buddy(self) -> None:
        weeks = self.param("new_ec_buddy", "weeks")
        for shift in self.roster.shifts.values():
            if shift.kind != ShiftKind.OUTREACH:
                continue
            on_shift = {a.person_id for a in self.by_shift.get(shift.id, [])}
            for person_id in on_shift:
                person = self.roster.people[person_id]
                if person.kind != PersonKind.EC or person.start_date is None or person.buddy_id is None:
                    continue
                if _day(shift.starts_at) >= person.start_date + timedelta(weeks=weeks):
                    continue
                if person.buddy_id not in on_shift:
                    buddy = self.roster.people.get(person.buddy_id)
                    buddy_name = buddy.name if buddy else "fadderen"
                    self.add(
                        "new_ec_buddy", [shift.id], [person_id],
                        f"{person.name} er ny og bør gå med fadderen sin ({buddy_name}) {_when(shift.starts_at)}.",
                        f"{person.name} is new and should go with their buddy ({buddy_name}) "
                        f"{_when(shift.starts_at)}.",
                    )

    # --- each person's limits ---

    def accommodation(self) -> None:
        for acc in self.roster.accommodations:
            weekly: dict[date, float] = defaultdict(float)
            for assignment in self.by_person.get(acc.person_id, []):
                shift = self.roster.shifts[assignment.shift_id]
                span = self.roster.span_of(assignment)
                if not acc.covers(_day(span[0])):
                    continue
                who = self.name(acc.person_id)
                if shift.area_ids & acc.avoid_area_ids or shift.kind in acc.avoid_shift_kinds:
                    self.add(
                        "accommodation", [shift.id], [acc.person_id],
                        f"{who} har tilrettelegging som ikke passer med vakten {_when(shift.starts_at)}.",
                        f"{who} has an accommodation that does not fit the shift {_when(shift.starts_at)}.",
                    )
                weekly[_week_start(_day(span[0]))] += hours(span)
            if acc.max_hours_per_week is None:
                continue
            for week, total in sorted(weekly.items()):
                if total > acc.max_hours_per_week + 1e-9:
                    shift_ids = [a.shift_id for a in self.by_person[acc.person_id]
                                 if _week_start(_day(self.roster.span_of(a)[0])) == week]
                    who = self.name(acc.person_id)
                    limit = _fmt_hours(acc.max_hours_per_week)
                    self.add(
                        "accommodation", shift_ids, [acc.person_id],
                        f"{who} har tilrettelegging med høyst {limit} t i uka, men har "
                        f"{_fmt_hours(total)} t i uka fra {week:%d.%m.}",
                        f"{who} has an accommodation of at most {limit} h a week, but has "
                        f"{_fmt_hours(total)} h in the week from {week:%d.%m.}",
                    )

    def boundaries(self) -> None:
        for person_id, assignments in self.by_person.items():
            avoid = self.roster.people[person_id].boundary_area_ids
            for assignment in assignments:
                shift = self.roster.shifts[assignment.shift_id]
                if shift.area_ids & avoid:
                    who = self.name(person_id)
                    self.add(
                        "boundaries", [shift.id], [person_id],
                        f"Vakten {_when(shift.starts_at)} går i et miljø {who} har valgt å holde seg unna.",
                        f"The shift {_when(shift.starts_at)} is in an environment {who} has chosen to avoid.",
                    )

    def known_environment(self) -> None:
        for person_id, assignments in self.by_person.items():
            person = self.roster.people[person_id]
            if person.kind != PersonKind.EC or not person.known_area_ids:
                continue
            for assignment in assignments:
                shift = self.roster.shifts[assignment.shift_id]
                if shift.kind == ShiftKind.OUTREACH and shift.area_ids and not shift.area_ids & person.known_area_ids:
                    self.add(
                        "known_environment", [shift.id], [person_id],
                        f"{person.name} kjenner ikke miljøet på vakten {_when(shift.starts_at)} fra før; "
                        "kjente miljøer foretrekkes.",
                        f"{person.name} does not know the environment of the shift {_when(shift.starts_at)}; "
                        "known environments are preferred.",
                    )

    # --- working time ---

    def _spans(self, person_id: int) -> list[tuple[Assignment, Span]]:
        """The person's assignments with their spans, in time order (made once: most rules ask)."""
        spans = self._span_cache.get(person_id)
        if spans is None:
            spans = self._span_cache[person_id] = [(a, self.roster.span_of(a))
                                                   for a in self.by_person.get(person_id, [])]
        return spans

    def daily_rest(self) -> None:
        need = timedelta(hours=self.param("daily_rest", "hours"))
        for person_id in self.by_person:
            spans = self._spans(person_id)
            for (a, first), (b, second) in zip(spans, spans[1:], strict=False):
                gap = second[0] - first[1]
                if timedelta(0) <= gap < need:
                    who = self.name(person_id)
                    rest = _fmt_hours(gap / timedelta(hours=1))
                    self.add(
                        "daily_rest", [a.shift_id, b.shift_id], [person_id],
                        f"{who} har bare {rest} t hvile mellom vaktene {_when(first[1])} og {_when(second[0])} "
                        f"(minst {_fmt_hours(need / timedelta(hours=1))} t).",
                        f"{who} has only {rest} h of rest between the shifts {_when(first[1])} and "
                        f"{_when(second[0])} (at least {_fmt_hours(need / timedelta(hours=1))} h).",
                    )

    def weekly_rest(self) -> None:
        """At least N consecutive hours off in every calendar week (Monday to Sunday)."""
        need = timedelta(hours=self.param("weekly_rest", "hours"))
        for person_id in self.by_person:
            spans = self._spans(person_id)
            weeks = {_week_start(_day(span[0])) for _, span in spans}
            # Each span into the weeks it overlaps, in time order: one pass, not one per week.
            in_week: dict[date, list[tuple[Assignment, Span]]] = defaultdict(list)
            for entry in spans:
                span = entry[1]
                week = _week_start(_day(span[0]))
                while True:
                    window = _week_window(week)
                    if window[0] >= span[1]:
                        break
                    if overlaps(span, window):
                        in_week[week].append(entry)
                    week += timedelta(days=7)
            for week in sorted(weeks):
                window = _week_window(week)
                found = in_week[week]
                if longest_gap([span for _, span in found], window) < need:
                    who = self.name(person_id)
                    self.add(
                        "weekly_rest", [a.shift_id for a, _span in found], [person_id],
                        f"{who} får ikke {_fmt_hours(need / timedelta(hours=1))} timer sammenhengende fri "
                        f"i uka fra {week:%d.%m.}",
                        f"{who} does not get {_fmt_hours(need / timedelta(hours=1))} consecutive hours off "
                        f"in the week from {week:%d.%m.}",
                    )

    def _worked(self, person_id: int) -> list[tuple[Assignment, date, float]]:
        """The person's assignments with the day each starts and its hours (made once: the
        daily, weekly and contract hours all add them up)."""
        worked = self._worked_cache.get(person_id)
        if worked is None:
            worked = self._worked_cache[person_id] = [(a, _day(span[0]), hours(span))
                                                      for a, span in self._spans(person_id)]
        return worked

    def _hours_by(self, person_id: int, bucket) -> dict:
        totals: dict = defaultdict(lambda: [0.0, []])
        for assignment, day, worked_hours in self._worked(person_id):
            entry = totals[bucket(day)]
            entry[0] += worked_hours
            entry[1].append(assignment.shift_id)
        return totals

    def daily_hours(self) -> None:
        limit = self.param("daily_hours", "hours")
        for person_id in self.by_person:
            for day, (total, shift_ids) in sorted(self._hours_by(person_id, lambda d: d).items()):
                if total > limit + 1e-9:
                    who = self.name(person_id)
                    self.add(
                        "daily_hours", shift_ids, [person_id],
                        f"{who} har {_fmt_hours(total)} t arbeid {day:%d.%m.} (høyst {_fmt_hours(limit)} t).",
                        f"{who} has {_fmt_hours(total)} h of work on {day:%d.%m.} (at most {_fmt_hours(limit)} h).",
                    )

    def weekly_hours(self) -> None:
        limit = self.param("weekly_hours", "hours")
        for person_id in self.by_person:
            for week, (total, shift_ids) in sorted(self._hours_by(person_id, _week_start).items()):
                if total > limit + 1e-9:
                    who = self.name(person_id)
                    self.add(
                        "weekly_hours", shift_ids, [person_id],
                        f"{who} har {_fmt_hours(total)} t i uka fra {week:%d.%m.} (høyst {_fmt_hours(limit)} t).",
                        f"{who} has {_fmt_hours(total)} h in the week from {week:%d.%m.} "
                        f"(at most {_fmt_hours(limit)} h).",
                    )

    def contract_hours(self) -> None:
        if self.roster.period is None:
            return
        first, last = self.roster.period
        weeks = ((last - first).days + 1) / 7
        full_time = self.param("contract_hours", "full_time_hours_per_week")
        tolerance = self.param("contract_hours", "tolerance_percent") / 100
        for person in self.roster.people.values():
            if person.position_percentage <= 0 or person.kind == PersonKind.ADMINISTRATIVE:
                continue
            in_period = [(a, worked_hours) for a, day, worked_hours in self._worked(person.id) if first <= day <= last]
            planned = sum(worked_hours for _, worked_hours in in_period)
            # Days away (holiday, course, sick leave) are not owed: the expectation shrinks with them.
            present = 1 - self._absent_days(person.id, first, last) / ((last - first).days + 1)
            expected = full_time * person.position_percentage / 100 * weeks * present
            if abs(planned - expected) > expected * tolerance:
                shift_ids = [a.shift_id for a, _ in in_period]
                word_nb, word_en = ("for mange", "too many") if planned > expected else ("for få", "too few")
                self.add(
                    "contract_hours", shift_ids, [person.id],
                    f"{person.name} har {_fmt_hours(planned)} t planlagt, {word_nb} mot stillingen "
                    f"({person.position_percentage} %: {_fmt_hours(expected)} t i perioden).",
                    f"{person.name} has {_fmt_hours(planned)} h planned, {word_en} for the position "
                    f"({person.position_percentage} %: {_fmt_hours(expected)} h in the period).",
                )

    def _absent_days(self, person_id: int, first: date, last: date) -> int:
        days: set[date] = set()
        for absence in self.roster.absences:
            if absence.person_id != person_id:
                continue
            day = max(_day(absence.starts_at), first)
            end = min(_day(absence.ends_at - timedelta(seconds=1)), last)
            while day <= end:
                days.add(day)
                day += timedelta(days=1)
        return len(days)

    def double_booking(self) -> None:
        for person_id in self.by_person:
            spans = self._spans(person_id)
            for i, (a, first) in enumerate(spans):
                for b, second in spans[i + 1:]:
                    if second[0] >= first[1]:
                        break
                    if a.shift_id != b.shift_id:
                        who = self.name(person_id)
                        self.add(
                            "double_booking", [a.shift_id, b.shift_id], [person_id],
                            f"{who} står på to vakter samtidig {_when(second[0])}.",
                            f"{who} is on two shifts at once {_when(second[0])}.",
                        )

    def absence(self) -> None:
        for absence in self.roster.absences:
            for assignment, span in self._spans(absence.person_id):
                if overlaps(span, (absence.starts_at, absence.ends_at)):
                    who = self.name(absence.person_id)
                    self.add(
                        "absence", [assignment.shift_id], [absence.person_id],
                        f"{who} er borte ({ABSENCE_WORDS.get(absence.kind, absence.kind)}) "
                        f"under vakten {_when(span[0])}.",
                        f"{who} is absent ({absence.kind.replace('_', ' ')}) during the shift {_when(span[0])}.",
                    )

    def availability(self) -> None:
        offered: dict[int, list[Span]] = defaultdict(list)
        for slot in self.roster.availability:
            offered[slot.person_id].append((slot.starts_at, slot.ends_at))
        for person_id in self.by_person:
            if self.kind(person_id) != PersonKind.PEER:
                continue
            slots = union(offered.get(person_id, []))
            for assignment, span in self._spans(person_id):
                if subtract(span, slots):
                    who = self.name(person_id)
                    self.add(
                        "availability", [assignment.shift_id], [person_id],
                        f"{who} har ikke meldt seg tilgjengelig for hele vakten {_when(span[0])}.",
                        f"{who} has not offered to work all of the shift {_when(span[0])}.",
                    )


ABSENCE_WORDS = {"holiday": "ferie", "sick_leave": "sykefravær", "course": "kurs", "leave": "permisjon"}


def check(roster: Roster, settings: Mapping[str, RuleSetting] | None = None) -> list[Violation]:
    """Every violation of the roster, blocking ones first, then in time order."""
    settings = effective_settings(settings)
    checker = _Checker(roster, settings)
    for rule in RULES:
        if settings[rule].mode != Mode.OFF:
            getattr(checker, rule)()

    def order(violation: Violation):
        first = min((roster.shifts[s].starts_at for s in violation.shift_ids if s in roster.shifts), default=None)
        return (not violation.blocks, first is None, first or datetime.min, violation.rule)

    return sorted(checker.found, key=order)
