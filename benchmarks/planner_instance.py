"""A planner instance the size of the whole section: four teams, 80 staff, four weeks.

    python benchmarks/planner_instance.py [--seed 7] [--out benchmarks/planner_instance.json]

Deterministic for a seed. Each team has 14 professionals (some part-time), 4 experience
consultants and 2 peers, and a weekly pattern of 37 shifts (follow-up, outreach by day,
evening and late night, a team meeting, a theme night, training, on call) plus a few extra
ones, about 150 shifts a team and 600 in all. The period starts on Monday 16 March 2026
and so crosses the change to summer time (29 March). There are holidays and sick days,
accommodations, an EC's own boundaries, peers' offered times, a new EC with a buddy and a
few locked assignments. The default rule settings apply.
"""

import argparse
import json
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
FIRST = date(2026, 3, 16)
WEEKS = 4
TEAMS = ["Mindreårige", "Unge voksne", "Voksne i det åpne rusmiljøet", "Vaterland"]
AREAS_PER_TEAM = 4

# (name, kind, weekdays, start, end, professionals, ECs or peers, how many areas)
PATTERN = [
    ("Oppfølging", "follow_up", range(5), time(9), time(16), 2, 0, 0),
    ("Oppfølging ettermiddag", "follow_up", range(5), time(12), time(19), 1, 1, 0),
    ("Teammøte", "office", [0], time(9), time(15), 3, 1, 0),
    ("Oppsøkende dag", "outreach", range(5), time(13), time(20), 2, 1, 2),
    ("Oppsøkende kveld", "outreach", range(7), time(18), time(1), 2, 1, 2),
    ("Oppsøkende natt", "outreach", [4, 5], time(21), time(4), 2, 1, 1),
    ("Oppsøkende helg", "outreach", [5, 6], time(12), time(19), 2, 0, 2),
    ("Temakveld", "group", [2], time(17), time(21), 1, 1, 0),
    ("Opplæring", "training", [3], time(9), time(12), 2, 0, 0),
    ("Tilkalling", "on_call", [6], time(16), time(22), 1, 1, 0),
    ("Kontor", "office", [1, 2, 3], time(8), time(15), 1, 0, 0),
    ("Oppsøkende kveld 2", "outreach", [3, 4, 5], time(19), time(2), 2, 0, 1),
    ("Oppfølging lørdag", "follow_up", [5], time(10), time(15), 1, 0, 0),
]

PRO_PERCENTAGES = [100] * 9 + [80] * 3 + [50] * 2
EC_PERCENTAGES = [100, 100, 80, 50]
FIRST_NAMES = ["Anne", "Bjørn", "Cecilie", "Dag", "Eva", "Frode", "Guro", "Håkon", "Ida", "Jon", "Kari", "Lars",
               "Mona", "Nils", "Oda", "Per", "Randi", "Sindre", "Tone", "Ulf", "Vilde", "Øystein", "Åse", "Rune"]
LAST_NAMES = ["Berg", "Dahl", "Haugen", "Johansen", "Larsen", "Moen", "Nilsen", "Olsen", "Pedersen", "Strand",
              "Hansen", "Lie", "Bakke", "Eide", "Lund", "Solberg"]


def _span(day: date, start: time, end: time) -> tuple[str, str]:
    end_day = day if end > start else day + timedelta(days=1)
    return (datetime.combine(day, start, OSLO).isoformat(), datetime.combine(end_day, end, OSLO).isoformat())


def generate(seed: int = 7) -> dict:
    rng = random.Random(seed)
    last = FIRST + timedelta(days=7 * WEEKS - 1)
    people, shifts, assignments, absences, availability, accommodations = [], [], [], [], [], []
    used_names: set[str] = set()

    def name() -> str:
        while True:
            candidate = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if candidate not in used_names:
                used_names.add(candidate)
                return candidate

    person_id, shift_id = 1, 1
    for team_index, _team in enumerate(TEAMS, start=1):
        areas = [team_index * 100 + n for n in range(1, AREAS_PER_TEAM + 1)]
        team_people = []
        for pct in PRO_PERCENTAGES:
            people.append({"id": person_id, "name": name(), "kind": "professional", "position_percentage": pct,
                           "team_ids": [team_index], "known_area_ids": rng.sample(areas, 2)})
            team_people.append(people[-1])
            person_id += 1
        for n, pct in enumerate(EC_PERCENTAGES):
            known = rng.sample(areas, 2)
            ec = {"id": person_id, "name": name(), "kind": "ec", "position_percentage": pct,
                  "team_ids": [team_index], "known_area_ids": known,
                  "boundary_area_ids": [rng.choice([a for a in areas if a not in known])] if n % 2 else []}
            if n == 3:  # a new EC, with a buddy among the professionals
                ec["start_date"] = (FIRST - timedelta(weeks=4)).isoformat()
                ec["buddy_id"] = team_people[0]["id"]
            people.append(ec)
            team_people.append(ec)
            person_id += 1
        for _ in range(2):
            peer = {"id": person_id, "name": name(), "kind": "peer", "position_percentage": 0,
                    "team_ids": [team_index], "known_area_ids": rng.sample(areas, 2)}
            people.append(peer)
            team_people.append(peer)
            # Peers offer some afternoons and evenings.
            day = FIRST
            while day <= last:
                if rng.random() < 0.55:
                    starts, ends = _span(day, time(12), time(4))
                    availability.append({"person_id": person_id, "starts_at": starts, "ends_at": ends})
                day += timedelta(days=1)
            person_id += 1
        # Holidays and sick days: about one person in five is away for some days.
        for person in rng.sample(team_people, 4):
            start = FIRST + timedelta(days=rng.randrange(0, 7 * WEEKS - 5))
            length = rng.choice([1, 2, 3, 5, 7])
            absences.append({"person_id": person["id"], "starts_on": start.isoformat(),
                             "ends_on": (start + timedelta(days=length - 1)).isoformat(),
                             "kind": rng.choice(["holiday", "sick_leave", "course"])})
        # An accommodation for one EC: no late nights, at most 30 h a week.
        ec = next(p for p in team_people if p["kind"] == "ec")
        accommodations.append({"person_id": ec["id"], "starts_on": FIRST.isoformat(), "ends_on": last.isoformat(),
                               "avoid_area_ids": [], "avoid_shift_kinds": ["on_call"], "max_hours_per_week": 30})
        # The weekly pattern, and a few extra shifts.
        team_shifts = []
        for week in range(WEEKS):
            for title, kind, weekdays, start, end, pros, lived, n_areas in PATTERN:
                for weekday in weekdays:
                    day = FIRST + timedelta(days=7 * week + weekday)
                    starts, ends = _span(day, start, end)
                    team_shifts.append({"id": shift_id, "kind": kind, "title": title, "team_id": team_index,
                                        "starts_at": starts, "ends_at": ends,
                                        "area_ids": sorted(rng.sample(areas, n_areas)),
                                        "professionals_needed": pros, "lived_experience_needed": lived, "plan": True})
                    shift_id += 1
        for _ in range(2):
            day = FIRST + timedelta(days=rng.randrange(0, 7 * WEEKS))
            starts, ends = _span(day, time(10), time(14))
            team_shifts.append({"id": shift_id, "kind": "group", "title": "Verksted", "team_id": team_index,
                                "starts_at": starts, "ends_at": ends, "area_ids": [],
                                "professionals_needed": 1, "lived_experience_needed": 1, "plan": True})
            shift_id += 1
        shifts.extend(team_shifts)
        # The team leader is locked on every team meeting.
        leader = team_people[0]
        for shift in team_shifts:
            if shift["title"] == "Teammøte":
                assignments.append({"shift_id": shift["id"], "person_id": leader["id"], "locked": True})
    return {
        "format": "outreach-planner/1",
        "meta": {"name": "section-4-teams-80-staff-4-weeks", "seed": seed},
        "period": {"first": FIRST.isoformat(), "last": last.isoformat()},
        "people": people,
        "shifts": shifts,
        "assignments": assignments,
        "absences": absences,
        "availability": availability,
        "accommodations": accommodations,
        "settings": {},
        "objective": {"pairs": "keep"},
        "time_limit": 30,
        "workers": 2,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(Path(__file__).with_name("planner_instance.json")),
                        help="where to write it ('-' for standard output)")
    args = parser.parse_args(argv)
    data = generate(args.seed)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if args.out == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"{args.out}: {len(data['people'])} people, {len(data['shifts'])} shifts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
