"""The planner on small instances whose best roster is known, and its JSON and command line."""

import json
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from outreach.core.timeutil import OSLO
from outreach.shifts import planner
from outreach.shifts.rules import Assignment, Person, Roster, Shift
from outreach.shifts.timespan import local_span

ROOT = Path(__file__).resolve().parents[2]
MONDAY = date(2026, 6, 8)
QUIET = {"contract_hours": 0, "pairs": 0, "nights": 0, "weekends": 0, "evenings": 0, "stability": 0}


def at(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), OSLO).isoformat()


def shift(sid, day=MONDAY, start=18, end=2, kind="outreach", pros=1, lived=0, areas=(10,), **extra):
    starts, ends = local_span(day, time(start), time(end))
    return {"id": sid, "kind": kind, "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
            "area_ids": list(areas), "professionals_needed": pros, "lived_experience_needed": lived, **extra}


def person(pid, name, kind="professional", **extra):
    return {"id": pid, "name": name, "kind": kind, **extra}


ANNE = person(1, "Anne Fag", known_area_ids=[10])
BJORN = person(2, "Bjørn Fag")
ESPEN = person(3, "Espen Erfaring", "ec", known_area_ids=[10])


def instance(people, shifts, weights=None, **extra) -> dict:
    return {
        "format": planner.FORMAT,
        "period": {"first": MONDAY.isoformat(), "last": (MONDAY + timedelta(days=6)).isoformat()},
        "people": people, "shifts": shifts,
        "objective": {"pairs": extra.pop("pairs", "keep"), "weights": {**QUIET, **(weights or {})}},
        # Contract hours over a week of one or two shifts would only warn; most tests leave them out.
        "settings": extra.pop("settings", {"contract_hours": "off"}),
        "time_limit": 5, **extra,
    }


def solve(data: dict, **options) -> planner.PlanResult:
    return planner.solve(planner.parse_instance(data), **options)


def on(result, shift_id) -> set[int]:
    return {p for s, p in result.assignments if s == shift_id}


# --- rosters with a known answer ------------------------------------------------------------------


def test_the_only_roster_that_keeps_the_rules_is_found():
    # Anne is away from 17:30, so she takes the follow-up before it; one hour later is too
    # little rest for the same person to go out as well, so Bjørn goes out with Espen.
    data = instance([ANNE, BJORN, ESPEN], [shift(1, pros=1, lived=1), shift(2, kind="follow_up", start=15, end=17)],
                    absences=[{"person_id": 1, "starts_at": at(MONDAY, 17, 30),
                               "ends_at": at(MONDAY + timedelta(days=1), 6)}])
    result = solve(data)
    assert result.status == "optimal"
    assert on(result, 1) == {2, 3} and on(result, 2) == {1}
    assert result.violations == [] and result.objective == 0
    assert result.time_to_first is not None and result.time_to_first <= result.wall_time


def test_night_shifts_are_spread_evenly():
    data = instance([ANNE, BJORN], [shift(1, start=22, end=6), shift(2, day=MONDAY + timedelta(days=1), start=22,
                                                                     end=6)], weights={"nights": 20})
    result = solve(data)
    assert result.status == "optimal"
    assert on(result, 1) | on(result, 2) == {1, 2}  # one night each
    assert result.objective == 0 and result.parts["nights"]["value"] == 0


def test_contract_hours_decide_who_works():
    # Two 8-hour shifts in a week: the full-time professional gets both, not the 20 % one.
    data = instance([person(1, "Full Tid"), person(2, "Liten Stilling", position_percentage=20)],
                    [shift(1, start=9, end=17, kind="office"),
                     shift(2, day=MONDAY + timedelta(days=2), start=9, end=17, kind="office")],
                    weights={"contract_hours": 2})
    result = solve(data)
    assert result.status == "optimal"
    assert on(result, 1) == {1} and on(result, 2) == {1}
    # 37.5 h expected, 16 planned: 22 hours (rounded up) away; the other: 7.5 h, 8 hours away.
    assert result.parts["contract_hours"]["value"] == 22 + 8


def test_pairs_are_kept_or_rotated_by_the_setting():
    people = [ANNE, BJORN, ESPEN]
    shifts = [shift(1, pros=1, lived=1), shift(2, day=MONDAY + timedelta(days=2), pros=1, lived=1)]
    kept = solve(instance(people, shifts, weights={"pairs": 5}, pairs="keep"))
    assert kept.status == "optimal" and on(kept, 1) == on(kept, 2)
    rotated = solve(instance(people, shifts, weights={"pairs": 5}, pairs="rotate"))
    assert rotated.status == "optimal" and on(rotated, 1) != on(rotated, 2)
    assert rotated.parts["pairs"]["value"] == 0


def test_a_locked_assignment_is_kept_even_when_the_objective_would_move_it():
    data = instance([ANNE, BJORN], [shift(1, start=22, end=6), shift(2, day=MONDAY + timedelta(days=1), start=22,
                                                                     end=6)], weights={"nights": 20},
                    assignments=[{"shift_id": 1, "person_id": 1, "locked": True},
                                 {"shift_id": 2, "person_id": 1, "locked": True}])
    result = solve(data)
    assert result.status == "optimal"
    assert on(result, 1) == {1} and on(result, 2) == {1}
    assert result.locked == {(1, 1), (2, 1)} and result.added == []
    assert [a["locked"] for a in result.to_json()["assignments"]] == [True, True]


def test_an_unlocked_earlier_assignment_may_be_replaced():
    data = instance([ANNE, BJORN], [shift(1, kind="office", start=9, end=15)],
                    assignments=[{"shift_id": 1, "person_id": 2}],
                    absences=[{"person_id": 2, "starts_on": MONDAY.isoformat()}])
    result = solve(data)
    assert on(result, 1) == {1}
    assert result.added == [(1, 1)] and result.removed == [(1, 2)]


def test_a_shift_gets_its_need_and_people_already_on_it_beyond_that_may_stay():
    cecilie = person(4, "Cecilie Fag")
    shifts = [shift(1, kind="office", start=9, end=15)]
    fresh = solve(instance([ANNE, BJORN, cecilie], shifts, weights={"stability": 3}))
    assert len(on(fresh, 1)) == 1  # exactly the need, not more
    data = instance([ANNE, BJORN, cecilie], shifts, weights={"stability": 3},
                    assignments=[{"shift_id": 1, "person_id": 1}, {"shift_id": 1, "person_id": 2}])
    kept = solve(data)
    assert on(kept, 1) == {1, 2} and kept.removed == [] and kept.objective == 0


def test_a_warning_rule_is_a_cost_not_a_wall():
    stranger = person(4, "Siri Ukjent", "ec", known_area_ids=[99])
    # Only Siri, who does not know the environment, can go: the shift is staffed with a warning.
    alone = solve(instance([ANNE, stranger], [shift(1, pros=1, lived=1)]))
    assert alone.status == "optimal" and on(alone, 1) == {1, 4}
    assert alone.parts["warnings"]["value"] == 1
    assert [(v.rule, v.mode) for v in alone.violations] == [("known_environment", "warn")]
    # With Espen, who knows it, there as well, he goes and there is no warning.
    both = solve(instance([ANNE, stranger, ESPEN], [shift(1, pros=1, lived=1)]))
    assert on(both, 1) == {1, 3} and both.violations == [] and both.objective == 0
    # Set to block, the same rule makes Siri's roster impossible, and says so.
    blocked = solve(instance([ANNE, stranger], [shift(1, pros=1, lived=1)],
                             settings={"known_environment": "block", "contract_hours": "off"}))
    assert blocked.status == "infeasible"
    assert "known_environment" in blocked.infeasibility["rules"]
    assert "Siri Ukjent" in blocked.infeasibility["message"]


def test_peers_are_never_put_on_follow_up():
    peer = person(5, "Lina Likeperson", "peer", position_percentage=0)
    result = solve(instance([ANNE, peer, ESPEN], [shift(1, kind="follow_up", start=12, end=19, pros=1, lived=1)]))
    assert on(result, 1) == {1, 3}
    only_peer = solve(instance([ANNE, peer], [shift(1, kind="follow_up", start=12, end=19, pros=1, lived=1)]))
    assert only_peer.status == "infeasible"
    assert "likepersoner har ikke oppfølging" in only_peer.infeasibility["message"]
    assert "peers never on follow-up" in only_peer.infeasibility["message_en"]


# --- impossible rosters are explained ------------------------------------------------------------------


def test_a_shift_nobody_can_take_is_named_with_the_rule():
    data = instance([ANNE], [shift(1, start=18, end=23)],
                    absences=[{"person_id": 1, "starts_on": MONDAY.isoformat(), "kind": "holiday"}])
    result = solve(data)
    assert result.status == "infeasible" and result.assignments == []
    explanation = result.infeasibility
    assert explanation["shift_ids"] == [1] and "absence" in explanation["rules"]
    assert "08.06. 18:00" in explanation["message"] and "fravær: Anne Fag" in explanation["message"]
    assert "absence: Anne Fag" in explanation["message_en"]


def test_ecs_without_a_professional_are_refused_with_the_pairing_rule():
    result = solve(instance([ESPEN], [shift(1, pros=0, lived=1)]))
    assert result.status == "infeasible"
    assert "pairing" in result.infeasibility["rules"]
    assert "går aldri alene" in result.infeasibility["message"]


def test_shifts_that_only_clash_with_each_other_are_found_by_the_solver():
    # One professional, two shifts with 8 hours between them: each alone is fine, not both.
    data = instance([ANNE], [shift(1, start=18, end=2), shift(2, day=MONDAY + timedelta(days=1), start=10, end=16)])
    result = solve(data)
    assert result.status == "infeasible"
    explanation = result.infeasibility
    assert explanation["rules"] == ["daily_rest"] and explanation["shift_ids"] == [1, 2]
    assert "hvile mellom vakter" in explanation["message"] and "rest between shifts" in explanation["message_en"]


def test_a_week_that_needs_more_hours_than_the_people_may_work_is_named():
    # Three 8-hour shifts a day for five days need 120 hours; two professionals may work 40 each.
    shifts = [shift(10 * d + n, day=MONDAY + timedelta(days=d), start=start, end=(start + 8) % 24, kind="office")
              for d in range(5) for n, start in enumerate((6, 14, 22))]
    result = solve(instance([ANNE, BJORN], shifts))
    assert result.status == "infeasible"
    explanation = result.infeasibility
    assert explanation["rules"] == ["needs", "weekly_hours"] and len(explanation["shift_ids"]) == 15
    assert "I uka fra 08.06. trenger vaktene 120 timer med fagansatte" in explanation["message"]
    assert "at most 80 hours" in explanation["message_en"]


def test_when_the_clash_is_too_large_to_pin_down_the_rule_that_stands_in_the_way_is_found():
    data = instance([ANNE], [shift(1, start=18, end=2), shift(2, day=MONDAY + timedelta(days=1), start=10, end=16)])
    explanation = planner._relaxation(planner.parse_instance(data), ["weekly_hours", "daily_rest"], budget=4)
    assert explanation["rules"] == ["daily_rest"] and explanation["shift_ids"] == [1, 2]
    assert "«hvile mellom vakter»" in explanation["message"] and "Anne Fag har bare 8 t hvile" in explanation["message"]


def test_weekly_rest_is_kept_in_summer_time_too():
    # Monday to Friday 12-19 and Saturday 10-14 leave 34 hours off, from Saturday 14:00 to
    # Monday 00:00: one hour short of 35. (In summer time, which once slipped by.)
    days = [MONDAY + timedelta(days=n) for n in range(6)]
    shifts = [shift(n + 1, day=d, start=12, end=19, kind="office") for n, d in enumerate(days[:5])]
    shifts.append(shift(6, day=days[5], start=10, end=14, kind="office"))
    result = solve(instance([ANNE], shifts))
    assert result.status == "infeasible"
    assert result.infeasibility["rules"] == ["weekly_rest"]
    # With a second professional the week is shared, and no rule is broken.
    shared = solve(instance([ANNE, BJORN], shifts))
    assert shared.status == "optimal" and shared.hard_violations == []


def test_a_shift_across_the_daylight_saving_change_is_as_long_as_it_really_is():
    night = date(2026, 3, 28)  # clocks go forward at 02:00: 22:00-06:00 is 7 hours
    data = instance([ANNE], [shift(1, day=night, start=22, end=6, kind="office")],
                    settings={"daily_hours": {"mode": "block", "params": {"hours": 7}}, "contract_hours": "off"})
    data["period"] = {"first": "2026-03-23", "last": "2026-03-29"}
    assert solve(data).status == "optimal"
    data["settings"]["daily_hours"]["params"]["hours"] = 6.5
    assert solve(data).status == "infeasible"


def test_the_time_limit_is_kept():
    people = [person(n, f"Fag {n}") for n in range(1, 13)] + [
        person(n, f"EK {n}", "ec", known_area_ids=[10]) for n in range(13, 17)]
    shifts, sid = [], 1
    for n in range(14):
        day = MONDAY + timedelta(days=n)
        for start, end, lived in ((9, 16, 0), (13, 20, 1), (18, 1, 1)):
            shifts.append(shift(sid, day=day, start=start, end=end, pros=2, lived=lived))
            sid += 1
    data = instance(people, shifts, weights=planner.DEFAULT_WEIGHTS)
    data["period"]["last"] = (MONDAY + timedelta(days=13)).isoformat()
    result = solve(data, time_limit=1.5)
    assert result.ok and result.hard_violations == []
    assert result.wall_time < 1.5 + 1.5


# --- suggesting a partner -------------------------------------------------------------------------------------


def _shift(sid, day, start=18, end=23, areas=(10,)):
    starts, ends = local_span(day, time(start), time(end))
    return Shift(sid, "outreach", starts, ends, frozenset(areas))


def test_partners_are_ranked_by_environment_then_continuity_then_hours_left():
    ec = Person(3, "Espen Erfaring", "ec", known_area_ids=frozenset({10}))
    knows = Person(1, "Anne Fag", known_area_ids=frozenset({10}))
    partner = Person(2, "Bjørn Fag")
    fresh = Person(4, "Cecilie Fag", position_percentage=50)
    tired = Person(5, "Dag Fag")
    people = {p.id: p for p in (ec, knows, partner, fresh, tired)}
    earlier = _shift(1, MONDAY - timedelta(days=7))
    today = _shift(2, MONDAY + timedelta(days=2))
    late = _shift(3, MONDAY + timedelta(days=2), start=8, end=12)  # Dag works until 12: too little rest
    roster = Roster(people=people, shifts={s.id: s for s in (earlier, today, late)},
                    assignments=[Assignment(1, 2), Assignment(1, 3), Assignment(2, 3), Assignment(3, 5)],
                    period=(MONDAY, MONDAY + timedelta(days=6)))
    ranked, blocked = planner.partner_options(roster, None, 2, 3, area_names={10: "Tøyen"})
    assert [s.name for s in ranked] == ["Anne Fag", "Bjørn Fag", "Cecilie Fag"]
    assert list(blocked) == [5] and blocked[5][0].rule == "daily_rest"
    assert ranked[0].reason.startswith("Kjenner miljøet (Tøyen)")
    assert ranked[0].reason_en.startswith("Knows the environment (Tøyen)")
    assert "1 vakt sammen før" in ranked[1].reason and "1 earlier shift together" in ranked[1].reason_en
    assert "18,8 t igjen" in ranked[2].reason and ranked[2].hours_left == 18.75  # half of 37.5 h
    assert planner.suggest_partners(roster, None, 2, 3) == planner.partner_options(roster, None, 2, 3)[0]


# --- the JSON form and the command line --------------------------------------------------------------------------


def test_the_instance_survives_a_json_round_trip():
    data = instance([ANNE, BJORN, {**ESPEN, "start_date": "2026-05-01", "buddy_id": 1, "team_ids": [1]}],
                    [shift(1, pros=1, lived=1, team_id=1), shift(2, day=MONDAY + timedelta(days=1), plan=False)],
                    assignments=[{"shift_id": 1, "person_id": 1, "locked": True}, {"shift_id": 2, "person_id": 2}],
                    absences=[{"person_id": 2, "starts_on": "2026-06-10", "ends_on": "2026-06-11"}],
                    accommodations=[{"person_id": 3, "starts_on": "2026-06-01", "ends_on": "2026-06-30",
                                     "avoid_area_ids": [20], "avoid_shift_kinds": ["on_call"],
                                     "max_hours_per_week": 20}],
                    availability=[{"person_id": 3, "starts_at": at(MONDAY, 12), "ends_at": at(MONDAY, 23)}],
                    settings={"daily_rest": {"mode": "block", "params": {"hours": 12}}, "contract_hours": "off"})
    once = planner.instance_to_json(planner.parse_instance(data))
    twice = planner.instance_to_json(planner.parse_instance(json.loads(json.dumps(once))))
    assert once == twice
    parsed = planner.parse_instance(once)
    assert parsed.settings["daily_rest"].params["hours"] == 12 and parsed.locked == {(1, 1)}
    assert set(parsed.needs) == {1}  # shift 2 is context, not planned
    result = planner.solve(parsed)
    assert json.loads(json.dumps(result.to_json()))["status"] == result.status


@pytest.mark.parametrize("broken, words", [
    ({"shifts": [{"id": 1, "starts_at": "2026-06-08T18:00:00", "ends_at": "2026-06-08T23:00:00"}]}, "UTC offset"),
    ({"shifts": [{"id": 1, "kind": "party", "starts_at": at(MONDAY, 18), "ends_at": at(MONDAY, 23)}]}, "unknown kind"),
    ({"settings": {"nap_time": "block"}}, "unknown rule"),
    ({"objective": {"pairs": "sometimes"}}, "objective.pairs"),
])
def test_a_broken_instance_is_refused_with_the_place(broken, words):
    with pytest.raises(planner.PlannerInputError, match=words):
        planner.parse_instance({"format": planner.FORMAT, "people": [ANNE], **broken})


def test_the_command_line_solves_an_instance_file(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(instance([ANNE, BJORN, ESPEN], [shift(1, pros=1, lived=1)])), encoding="utf-8")
    run = [sys.executable, "-m", "outreach.shifts.planner", str(path), "--time-limit", "2"]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "optimal" and result["hard_violations"] == 0
    assert len(result["assignments"]) == 2 and {3} < {a["person_id"] for a in result["assignments"]}
    assert set(result["objective"]["parts"]) == set(planner.DEFAULT_WEIGHTS)
    text = subprocess.run([*run, "--text"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert "status: optimal" in text and "Espen Erfaring" in text

    path.write_text("{}", encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"people": [{"id": "x"}]}', encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "outreach.shifts.planner", str(tmp_path / "bad.json")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "people[0]" in bad.stderr
