"""Run the planner on the section-sized instance and report how fast and how good it is.

    .venv/bin/python benchmarks/run_planner.py [--runs 3] [--time-limit 30] [--instance FILE] [--seed 7]

Without --instance the instance is generated (benchmarks/planner_instance.py, the given seed).
For each run: the time to the first roster that meets every rule set to block, the time of
the last improvement (the final roster), the objective and its parts, and what rules.check
says about the result (hard violations must be 0). Then the median of each.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from planner_instance import generate  # noqa: E402

from outreach.shifts import planner  # noqa: E402


def one_team(data: dict, team: int) -> dict:
    people = {p["id"] for p in data["people"] if team in p.get("team_ids", [])}
    shifts = {s["id"] for s in data["shifts"] if s.get("team_id") == team}
    return {
        **data,
        "people": [p for p in data["people"] if p["id"] in people],
        "shifts": [s for s in data["shifts"] if s["id"] in shifts],
        "assignments": [a for a in data.get("assignments", []) if a["shift_id"] in shifts],
        **{key: [x for x in data.get(key, []) if x["person_id"] in people]
           for key in ("absences", "availability", "accommodations")},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--instance", help="an instance file (default: generate one)")
    parser.add_argument("--seed", type=int, default=7, help="for the generated instance")
    parser.add_argument("--team", type=int, help="only this team's shifts and people (1-4), as the app plans")
    parser.add_argument("--json", action="store_true", help="one JSON line per run instead of the table")
    parser.add_argument("--one-phase", action="store_true",
                        help="the whole model from the start, without the quick first phase (for comparison)")
    args = parser.parse_args(argv)
    data = json.loads(Path(args.instance).read_text(encoding="utf-8")) if args.instance else generate(args.seed)
    if args.team:
        data = one_team(data, args.team)
    print(f"instance: {len(data['people'])} people, {len(data['shifts'])} shifts, "
          f"time limit {args.time_limit:g} s, {args.workers} workers, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    rows = []
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        instance = planner.parse_instance(data)
        parse_time = time.perf_counter() - started
        result = planner.solve(instance, time_limit=args.time_limit, workers=args.workers,
                               two_phase=not args.one_phase)
        row = {
            "run": run, "status": result.status, "parse": round(parse_time, 3),
            "first": result.time_to_first, "final": result.time_to_final, "wall": result.wall_time,
            "objective": result.objective, "bound": result.bound,
            "hard_violations": len(result.hard_violations), "warnings": len(result.violations) - len(
                result.hard_violations),
            "parts": {name: part["value"] for name, part in result.parts.items()},
            "stats": result.stats,
        }
        rows.append(row)
        if args.json:
            print(json.dumps(row))
        else:
            print(f"run {run}: {row['status']:8} first {row['first'] or 0:6.2f} s  final {row['final'] or 0:6.2f} s  "
                  f"objective {row['objective'] if row['objective'] is not None else '-':>8}  "
                  f"hard violations {row['hard_violations']}  warnings {row['warnings']}  "
                  + " ".join(f"{k}={v:g}" for k, v in row["parts"].items()))
    good = [r for r in rows if r["first"] is not None]
    if good and not args.json:
        print(f"median: first {statistics.median(r['first'] for r in good):.2f} s, "
              f"final {statistics.median(r['final'] for r in good):.2f} s, objective "
              f"{statistics.median(r['objective'] for r in good if r['objective'] is not None):g}, "
              f"hard violations {max(r['hard_violations'] for r in good)} at most "
              f"({rows[0]['stats'].get('decisions')} decisions, {rows[0]['stats'].get('variables')} variables, "
              f"{rows[0]['stats'].get('constraints')} constraints)")
    return 0 if good and all(r["hard_violations"] == 0 for r in good) else 1


if __name__ == "__main__":
    sys.exit(main())
