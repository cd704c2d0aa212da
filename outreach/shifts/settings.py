"""A team's roster settings: weekly patterns and the rule settings. Validate, write, audit, commit.

Rule settings are edited with an optimistic check: the form carries a fingerprint of the
setting it showed (`fingerprint`), and saving is refused with a conflict when the stored
setting no longer matches it. The row is read FOR UPDATE (PostgreSQL), and a second insert
of the same (team, rule) hits the unique constraint, so two leaders saving at once cannot
overwrite each other silently. No version column is needed.
"""

import json
import math
from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from outreach.audit.services import record
from outreach.core.forms import ConflictError, FieldError, check_days_in_calendar
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.people.models import Area, Team
from outreach.shifts import rules, services
from outreach.shifts.models import SHIFT_KIND_LABELS, RuleSettingRow, Shift, ShiftPattern

MAX_ROLL_OUT_DAYS = 7 * 26


# --- weekly patterns ----------------------------------------------------------------------------


def team_patterns(team: Team) -> list[ShiftPattern]:
    return list(db.session.scalars(
        select(ShiftPattern).where(ShiftPattern.team_id == team.id)
        .order_by(ShiftPattern.active.desc(), ShiftPattern.weekday, ShiftPattern.start_time, ShiftPattern.id)
    ))


def _check_pattern(team: Team, kind: str, weekday: int, start: time, end: time, areas: list[Area]) -> None:
    if kind not in {k.value for k in SHIFT_KIND_LABELS}:
        raise FieldError("kind", _("Choose a kind of shift."))
    if weekday not in range(7):
        raise FieldError("weekday", _("Choose a weekday."))
    if start == end:
        raise FieldError("end", _("The shift must end at another time than it starts."))
    if any(area.team_id != team.id for area in areas):
        raise FieldError("areas", _("Choose among the team's areas."))


def _pattern_summary(p: ShiftPattern) -> str:
    return f"{p.title or p.kind} weekday {p.weekday} {p.start_time:%H:%M}-{p.end_time:%H:%M}"


def save_pattern(team: Team, pattern: ShiftPattern | None, *, weekday: int, kind: str, title: str, start: time,
                 end: time, areas: list[Area], professionals_needed: int, lived_experience_needed: int,
                 actor=None) -> ShiftPattern:
    """Create (pattern None) or change a weekly pattern. Shifts already rolled out stay as they are.
    Last write wins (patterns have no version column); every change is audited."""
    _check_pattern(team, kind, weekday, start, end, areas)
    creating = pattern is None
    if creating:
        pattern = ShiftPattern(team=team)
        db.session.add(pattern)
    pattern.weekday, pattern.kind, pattern.title = weekday, kind, (title or "").strip()
    pattern.start_time, pattern.end_time = start, end
    pattern.areas = list(areas)
    pattern.professionals_needed, pattern.lived_experience_needed = professionals_needed, lived_experience_needed
    db.session.flush()
    record("pattern.create" if creating else "pattern.update", obj=pattern, actor=actor,
           summary=_pattern_summary(pattern))
    db.session.commit()
    return pattern


def set_pattern_active(pattern: ShiftPattern, active: bool, *, actor=None) -> None:
    if pattern.active == active:
        return
    pattern.active = active
    record("pattern.activate" if active else "pattern.deactivate", obj=pattern, actor=actor,
           summary=_pattern_summary(pattern))
    db.session.commit()


def check_roll_out_period(first: date, last: date) -> None:
    check_days_in_calendar(first=first, last=last)
    if first > last:
        raise FieldError("last", _("The last day must be on or after the first day."))
    if (last - first).days >= MAX_ROLL_OUT_DAYS:
        raise FieldError("last", _("Roll out at most 26 weeks at a time."))


@dataclass
class RollOutPreview:
    new: int  # shifts that would be made
    existing: int  # days where the pattern has already made its shift


def roll_out_preview(team: Team, first: date, last: date) -> RollOutPreview:
    """What `services.roll_out_patterns` would do, without doing it (the same counting)."""
    patterns = db.session.scalars(
        select(ShiftPattern).where(ShiftPattern.team_id == team.id, ShiftPattern.active.is_(True))
    ).all()
    start, end = services.day_bounds(first, last)
    made = {
        (s.pattern_id, s.starts_at.astimezone(OSLO).date())
        for s in db.session.scalars(select(Shift).where(
            Shift.team_id == team.id, Shift.pattern_id.is_not(None), Shift.starts_at >= start, Shift.starts_at < end))
    }
    new = existing = 0
    day = first
    while day <= last:
        for pattern in patterns:
            if services.pattern_makes_shift_on(pattern, day):
                if (pattern.id, day) in made:
                    existing += 1
                else:
                    new += 1
        day += timedelta(days=1)
    return RollOutPreview(new, existing)


def roll_out(team: Team, first: date, last: date, *, actor=None) -> int:
    check_roll_out_period(first, last)
    return services.roll_out_patterns(team, first, last, actor=actor)


# --- rule settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    label: object
    low: float  # the range is inclusive
    high: float
    hint: object = ""
    integer: bool = False


# Every parameter in rules.DEFAULT_SETTINGS, with the range a leader may choose.
PARAM_SPECS: dict[str, dict[str, ParamSpec]] = {
    "new_ec_buddy": {"weeks": ParamSpec(_l("Weeks"), 1, 104, _l("How long a new EC goes with their buddy."),
                                        integer=True)},
    "daily_rest": {"hours": ParamSpec(_l("Hours of rest"), 8, 24, _l(
        "The law: at least 11 hours within 24 hours; down to 8 only by written agreement (§ 10-8)."))},
    "weekly_rest": {"hours": ParamSpec(_l("Consecutive hours off"), 28, 96, _l(
        "The law: at least 35 hours within 7 days; down to 28 only by written agreement (§ 10-8)."))},
    "daily_hours": {"hours": ParamSpec(_l("Hours a day at most"), 1, 16, _l(
        "The law: normal working time at most 9 hours within 24 hours (§ 10-4)."))},
    "weekly_hours": {"hours": ParamSpec(_l("Hours a week at most"), 1, 60, _l(
        "The law: at most 40 hours within 7 days, 38 for night work, round-the-clock rotas or work at least "
        "every third Sunday, 36 for fully continuous rotas (§ 10-4). Agreements may set less, such as 37,5 "
        "or 35,5."))},
    "contract_hours": {
        "full_time_hours_per_week": ParamSpec(_l("Full-time hours a week"), 1, 48, _l(
            "What a 100 % position means in hours a week, usually 37,5.")),
        "tolerance_percent": ParamSpec(_l("Tolerance (percent)"), 0, 100, _l(
            "How far the planned hours may be from the position before the rule reacts.")),
    },
}

# What each rule means, shown on the settings page.
RULE_HELP = {
    "pairing": _l("An EC or peer on an outreach shift always has a professional with them, the whole shift "
                  "(the handbook)."),
    "peer_follow_up": _l("Peers take part in workshops, theme nights and groups, never in follow-up."),
    "new_ec_buddy": _l("A new EC goes on outreach with their buddy during their first weeks."),
    "accommodation": _l("A person's accommodation period: areas or kinds of shift to avoid, fewer hours a week."),
    "boundaries": _l("Environments an EC has chosen to stay away from."),
    "known_environment": _l("ECs mainly work environments they know from their own life."),
    "daily_rest": _l("Rest between two shifts (arbeidsmiljøloven § 10-8 first paragraph)."),
    "weekly_rest": _l("Consecutive time off in every calendar week, Monday to Sunday (arbeidsmiljøloven § 10-8 "
                      "second paragraph)."),
    "daily_hours": _l("Planned hours in one day, counted from the day a shift starts (arbeidsmiljøloven § 10-4)."),
    "weekly_hours": _l("Planned hours in one calendar week (arbeidsmiljøloven § 10-4). The check counts all "
                       "planned hours, so planned overtime shows here too."),
    "contract_hours": _l("Planned hours in the period against the person's position percentage."),
    "double_booking": _l("Nobody is on two shifts at the same time."),
    "absence": _l("Nobody is on a shift during their holiday, sick leave, course or leave."),
    "availability": _l("Peers are on call: they work when they have offered to."),
}

def _plain(value):
    """A number as stored: 40 rather than 40.0."""
    return int(value) if float(value).is_integer() else float(value)


def base_settings() -> dict[str, rules.RuleSetting]:
    """What a team falls back to without its own row: the defaults, then the section's settings."""
    rows = db.session.scalars(select(RuleSettingRow).where(RuleSettingRow.team_id.is_(None))).all()
    merged = {row.rule: rules.RuleSetting(row.mode, row.params or {}) for row in rows if row.rule in rules.RULES}
    return rules.effective_settings(merged)


def team_rows(team: Team) -> dict[str, RuleSettingRow]:
    return {row.rule: row for row in db.session.scalars(
        select(RuleSettingRow).where(RuleSettingRow.team_id == team.id))}


def fingerprint(row: RuleSettingRow | None) -> str:
    """The stored state of a team's setting, as the form saw it ("" when it has no row)."""
    if row is None:
        return ""
    return json.dumps([row.mode, {k: _plain(v) for k, v in sorted((row.params or {}).items())}], sort_keys=True)


def _describe(mode: str, params: dict) -> str:
    if not params:
        return mode
    return mode + " " + ", ".join(f"{k}={_plain(v)}" for k, v in sorted(params.items()))


def _locked_row(team: Team, rule: str) -> RuleSettingRow | None:
    return db.session.scalars(
        select(RuleSettingRow).where(RuleSettingRow.team_id == team.id, RuleSettingRow.rule == rule)
        .with_for_update().execution_options(populate_existing=True)
    ).first()


def save_rule_setting(team: Team, rule: str, *, mode: str, params: dict, seen: str, actor=None) -> bool:
    """Set the team's mode and parameters for one rule. Returns whether anything changed.

    Raises FieldError for a parameter out of range, ConflictError when someone else changed
    the setting since the form was loaded (`seen` is the fingerprint it was loaded with).
    """
    if rule not in rules.RULES:
        raise KeyError(rule)
    if mode not in {m.value for m in rules.Mode}:
        raise FieldError("mode", _("Choose block, warn or off."))
    specs = PARAM_SPECS.get(rule, {})
    clean = {}
    for name, spec in specs.items():
        value = params.get(name)
        if value is None or not math.isfinite(value):
            raise FieldError(name, _("Give a number."))
        if spec.integer and not float(value).is_integer():
            raise FieldError(name, _("Give a whole number."))
        if value < spec.low or value > spec.high:
            raise FieldError(name, _("Give a number from %(low)s to %(high)s.",
                                     low=_plain(spec.low), high=_plain(spec.high)))
        clean[name] = _plain(value)
    row = _locked_row(team, rule)
    if fingerprint(row) != (seen or ""):
        db.session.rollback()
        raise ConflictError()
    before = base_settings()[rule] if row is None else rules.RuleSetting(row.mode, row.params or {})
    if row is not None and fingerprint(row) == json.dumps([mode, clean], sort_keys=True):
        db.session.rollback()
        return False
    if row is None:
        row = RuleSettingRow(team_id=team.id, rule=rule)
        db.session.add(row)
    row.mode, row.params = mode, clean
    record("roster.rule_setting", object_type="teams", object_id=team.id, actor=actor,
           summary=f"{rule}: {_describe(before.mode, dict(before.params))} -> {_describe(mode, clean)}")
    try:
        db.session.commit()
    except IntegrityError as error:  # the other leader's first row for this rule came first
        db.session.rollback()
        raise ConflictError() from error
    return True


def reset_rule_setting(team: Team, rule: str, *, actor=None) -> bool:
    """Back to the default: the team's row goes. Returns whether there was one."""
    row = _locked_row(team, rule)
    if row is None:
        db.session.rollback()
        return False
    after = base_settings()[rule]
    record("roster.rule_reset", object_type="teams", object_id=team.id, actor=actor,
           summary=f"{rule}: {_describe(row.mode, row.params or {})} -> default "
                   f"{_describe(after.mode, dict(after.params))}")
    db.session.delete(row)
    db.session.commit()
    return True
