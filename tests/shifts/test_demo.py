"""The demo roster (outreach/shifts/demo.py): four weeks for the four demo teams, mostly by the
rules, with exactly the problems it means to show."""

from datetime import date, timedelta

import pytest

from outreach.audit.models import AuditEvent
from outreach.auth.models import User
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.people.demo import TEAM_NAMES
from outreach.people.models import StaffProfile, Team
from outreach.shifts import demo as roster_demo
from outreach.shifts import services
from outreach.shifts.models import (
    Absence,
    Accommodation,
    Availability,
    Shift,
    ShiftAssignment,
    ShiftPattern,
    boundary_areas,
)
from outreach.shifts.timespan import subtract

# A Wednesday: the four weeks run from Monday 16 March 2026 and take in the night the clocks
# go forward (29 March).
TODAY = date(2026, 3, 18)
MONDAY = date(2026, 3, 16)
LAST = MONDAY + timedelta(days=27)

# What the demo means to show: one blocking problem on three of the teams, none on the fourth.
DELIBERATE = {
    "Mindreårige": {"pairing"},
    "Unge voksne": {"absence"},
    "Voksne i det åpne rusmiljøet": {"daily_rest"},
    "Vaterland": set(),
}


@pytest.fixture
def roster(demo, seeded_once):
    return seeded_once(f"roster from {TODAY}", lambda: roster_demo.seed(TODAY))


def _teams() -> dict[str, Team]:
    return {t.name: t for t in db.session.scalars(db.select(Team))}


def _assignments():
    """(assignment, shift, profile) for every assignment, with the people's usernames."""
    return db.session.execute(
        db.select(ShiftAssignment, Shift, StaffProfile, User.username)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .join(StaffProfile, StaffProfile.id == ShiftAssignment.staff_id)
        .join(User, User.id == StaffProfile.user_id)
    ).all()


def test_every_team_has_a_planned_roster_for_four_weeks_two_of_them_published(roster):
    assert roster["first"] == MONDAY and roster["last"] == LAST and roster["refused"] == []
    teams = _teams()
    assert set(TEAM_NAMES) <= set(teams)
    for name in TEAM_NAMES:
        team = teams[name]
        assert db.session.scalar(db.select(db.func.count()).select_from(ShiftPattern)
                                 .where(ShiftPattern.team_id == team.id)) >= 10
        for week in range(4):
            monday = MONDAY + timedelta(weeks=week)
            view = services.load_roster(team, monday, monday + timedelta(days=6))
            kinds = {s.kind for s in view.shifts}
            assert {"outreach", "follow_up", "office"} <= kinds, (name, week, kinds)
            assert all(s.assignments for s in view.shifts if s.kind == "outreach"), (name, week)
            statuses = {s.status for s in view.shifts}
            assert statuses == ({"published"} if week < 2 else {"draft"}), (name, week, statuses)
            if name in ("Mindreårige", "Unge voksne"):
                assert {"group", "on_call"} <= kinds, (name, week, kinds)
    # Evening outreach to 23:00 and night outreach across midnight, in Oslo time.
    hours = {(s.starts_at.astimezone(OSLO).hour, s.ends_at.astimezone(OSLO).hour)
             for s in db.session.scalars(db.select(Shift).where(Shift.kind == "outreach"))}
    assert {(17, 23), (18, 2)} <= hours


def test_the_rule_check_finds_exactly_the_deliberate_problems(roster):
    teams = _teams()
    for name, expected in DELIBERATE.items():
        violations = services.load_roster(teams[name], MONDAY, LAST).violations
        blocking = [v for v in violations if v.blocks]
        assert {v.rule for v in blocking} == expected, (name, [v.message_en for v in blocking])
        assert len(blocking) == len(expected), (name, [v.message_en for v in blocking])
        # ECs go where they know the environment, and peers only when they offered to work.
        assert not [v for v in violations if v.rule in ("known_environment", "availability", "new_ec_buddy")]
        # Each week on its own (as the week grid checks it) shows the same: nothing more.
        for week in range(4):
            monday = MONDAY + timedelta(weeks=week)
            weekly = services.load_roster(teams[name], monday, monday + timedelta(days=6)).violations
            assert {v.rule for v in weekly if v.blocks} <= expected


def test_ecs_are_paired_and_peers_never_on_follow_up(roster):
    rows = _assignments()
    on_shift: dict[int, list] = {}
    for assignment, shift, profile, username in rows:
        on_shift.setdefault(shift.id, []).append((assignment, shift, profile, username))
    alone = []
    for crew in on_shift.values():
        shift = crew[0][1]
        if shift.kind != "outreach":
            continue
        pros = [(a.starts_at or s.starts_at, a.ends_at or s.ends_at) for a, s, p, _ in crew
                if p.role_type == "professional"]
        for a, s, p, username in crew:
            if p.role_type == "ec" and subtract((a.starts_at or s.starts_at, a.ends_at or s.ends_at), pros):
                alone.append((username, s.starts_at.astimezone(OSLO).date()))
    # The one deliberate case: Espen (ek1) on Monday's evening round in week 1, whose
    # professional leaves at 21:00.
    assert alone == [("ek1", MONDAY)]
    ec_outreach = [(s.id, p.id) for a, s, p, _ in rows if p.role_type == "ec" and s.kind == "outreach"]
    assert len(ec_outreach) >= 4 * 4 * 2  # ECs do go out, on every team, every week
    # ECs are paired with a professional of their own team.
    for crew in on_shift.values():
        team_id = crew[0][1].team_id
        assert all(team_id in p.team_ids for _, _, p, _ in crew if p.role_type in ("ec", "peer"))

    peer_kinds = {s.kind for a, s, p, _ in rows if p.role_type == "peer"}
    assert peer_kinds and peer_kinds <= {"group", "on_call"}
    assert "follow_up" not in peer_kinds


def test_the_demo_has_limits_to_plan_around_and_every_assignment_is_audited(roster):
    kinds = set(db.session.scalars(db.select(Absence.kind)))
    assert {"holiday", "course", "sick_leave"} <= kinds
    assert db.session.scalar(db.select(db.func.count()).select_from(Availability)) > 0
    accommodation = db.session.scalar(db.select(Accommodation))
    assert accommodation.staff.role_type == "ec" and accommodation.avoid_areas
    assert db.session.scalar(db.select(db.func.count()).select_from(boundary_areas)) == 1
    # The holiday week is kept free of shifts.
    holiday = db.session.scalar(db.select(Absence).where(Absence.kind == "holiday"))
    start, end = services.day_bounds(holiday.starts_on, holiday.ends_on)
    assert not db.session.scalar(
        db.select(db.func.count()).select_from(ShiftAssignment).join(Shift)
        .where(ShiftAssignment.staff_id == holiday.staff_id, Shift.starts_at < end, Shift.ends_at > start))
    assignments = db.session.scalar(db.select(db.func.count()).select_from(ShiftAssignment))
    audited = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                .where(AuditEvent.action == "shift.assign"))
    assert assignments == audited > 400


def test_the_rules_read_from_plain_rows_say_what_they_say_from_the_objects(roster):
    # Min side, the grid and the roster's writes read the roster as plain rows (objects=False);
    # the day view, planner and publishing read objects. Over the demo's every team and week and
    # the four weeks, both must find the same violations, in full, and the same shifts and people
    # in the same order, or a leader would see one thing in the grid and another on the day.
    for team in _teams().values():
        for first, last in [(MONDAY, LAST)] + [(MONDAY + timedelta(weeks=w), MONDAY + timedelta(weeks=w, days=6))
                                               for w in range(4)]:
            from_objects = services.load_roster(team, first, last)
            from_rows = services.load_roster(team, first, last, objects=False)
            assert ([(s.id, s.title, s.status, s.version) for s in from_rows.shifts]
                    == [(s.id, s.title, s.status, s.version) for s in from_objects.shifts])
            assert [(p.id, p.name, p.role_type) for p in from_rows.staff] == [
                (p.id, p.name, p.role_type) for p in from_objects.staff]
            assert sorted(v.key for v in from_rows.violations) == sorted(v.key for v in from_objects.violations)
            assert ({(v.key, v.blocks, v.message_en) for v in from_rows.violations}
                    == {(v.key, v.blocks, v.message_en) for v in from_objects.violations})
            assert from_rows.roster.people == from_objects.roster.people
            assert from_rows.roster.shifts == from_objects.roster.shifts
    assert any(services.load_roster(team, MONDAY, LAST, objects=False).violations for team in _teams().values())
