"""The four-week roster grid on PostgreSQL: server time and SQL queries, small and large.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/grid_benchmark.py

For each size the script creates a database of its own on that server (outreach_bench_...),
migrates it, fills it in bulk (four teams, their staff, N weeks of shifts with people on them,
absence, peers' availability), signs in as a team leader and asks for the team's four-week
grid (the last four weeks of the history) through the Flask test client, again and again. It
reports the median and 95th percentile of the server time and the SQL queries per request
(counted with a before_cursor_execute listener), then drops the database.

Options: --sizes 80x4,80x40,160x40 (staff x weeks), --requests 40, --profile (cProfile of
one request at the largest size), --readme (write the figures into benchmarks/README.md).
"""

import argparse
import cProfile
import gc
import io
import os
import pstats
import random
import statistics
import sys
import time as clock
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import Config  # noqa: E402
from outreach import create_app  # noqa: E402
from outreach.extensions import db  # noqa: E402

PASSWORD = "benchmark password"
TEAMS = ["Mindreårige", "Unge voksne", "Voksne i det åpne rusmiljøet", "Vaterland"]
AREAS = ["Sentrum", "Grønland", "Tøyen", "Oslo S"]
TARGET_MS = 100

# weekday, kind, start, end, professionals, ECs or peers (as the demo's weekly patterns)
WEEK = [
    (0, "outreach", time(17), time(23), 1, 1), (1, "outreach", time(17), time(23), 1, 1),
    (3, "outreach", time(18), time(2), 1, 1), (4, "outreach", time(18), time(2), 2, 1),
    (5, "outreach", time(18), time(2), 2, 0),
    *[(d, "follow_up", time(9), time(15), 2, 0) for d in (0, 1, 3, 4)],
    (2, "office", time(10), time(17), 6, 0),
    *[(d, "office", time(8, 30), time(16), 2, 0) for d in (0, 1, 3, 4)],
    (3, "group", time(17), time(21), 1, 2), (4, "on_call", time(18), time(2), 0, 1),
]


def _settings(url: str) -> dict:
    settings = {key: getattr(Config, key) for key in dir(Config) if key.isupper()}
    return settings | {
        "SQLALCHEMY_DATABASE_URI": url, "ENV_NAME": "development", "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False, "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
    }


def _local(day: date, at: time) -> datetime:
    from outreach.core.timeutil import OSLO

    return datetime.combine(day, at, OSLO).astimezone(UTC)


def build(staff_count: int, weeks: int, first: date, seed: int = 7) -> dict:
    """Fill the (migrated, empty) database in bulk. Returns the leader's username and team id."""
    from outreach.auth.passwords import hash_password
    from outreach.people.models import known_environments, team_memberships
    from outreach.shifts.models import shift_areas

    rng = random.Random(seed)
    password_hash = hash_password(PASSWORD)
    conn = db.session.connection()
    now = datetime.now(UTC)

    def add(table, rows):
        if rows:
            conn.execute(insert(table), rows)

    tables = db.metadata.tables
    team_ids = [conn.execute(insert(tables["teams"]).values(name=name, description="", active=True, version=1)
                             .returning(tables["teams"].c.id)).scalar_one() for name in TEAMS]
    areas = {}
    for team_id in team_ids:
        areas[team_id] = [conn.execute(insert(tables["areas"]).values(
            team_id=team_id, name=name, description="", active=True).returning(tables["areas"].c.id)).scalar_one()
            for name in AREAS]

    per_team = staff_count // len(TEAMS)
    people = []  # (username, team_id, role_type, roles)
    for t, team_id in enumerate(team_ids):
        for i in range(per_team):
            if i == 0:
                kind, roles = "professional", ["leader", "professional"]
            elif i < per_team * 0.7:
                kind, roles = "professional", ["professional"]
            elif i < per_team * 0.9:
                kind, roles = "ec", ["ec"]
            else:
                kind, roles = "peer", ["peer"]
            people.append((f"t{t}p{i}", team_id, kind, roles))
    user_ids = conn.execute(insert(tables["users"]).returning(tables["users"].c.id, sort_by_parameter_order=True), [
        {"username": u, "full_name": f"Person {u.upper()}", "email": None, "password_hash": password_hash,
         "must_change_password": False, "active": True, "locale": "nb", "created_at": now}
        for u, *_ in people
    ]).scalars().all()
    add(tables["user_roles"], [{"user_id": uid, "role": r} for uid, (_, _, _, roles) in zip(user_ids, people,
                                                                                           strict=True) for r in roles])
    profile_ids = conn.execute(
        insert(tables["staff_profiles"]).returning(tables["staff_profiles"].c.id, sort_by_parameter_order=True), [
            {"user_id": uid, "title": "", "discipline": None, "role_type": kind, "phone": "",
             "position_percentage": 0 if kind == "peer" else 100, "contract": "permanent",
             "start_date": date(2020, 1, 1), "buddy_id": None, "supervisor_id": None, "version": 1}
            for uid, (_, _, kind, _) in zip(user_ids, people, strict=True)
        ]).scalars().all()
    add(team_memberships, [{"staff_id": pid, "team_id": team_id}
                           for pid, (_, team_id, _, _) in zip(profile_ids, people, strict=True)])
    pools: dict[tuple[int, str], list[int]] = {}
    for pid, (_, team_id, kind, _) in zip(profile_ids, people, strict=True):
        pools.setdefault((team_id, kind), []).append(pid)
    add(known_environments, [{"staff_id": pid, "area_id": areas[team_id][k]}
                             for (team_id, kind), pids in pools.items() if kind == "ec"
                             for pid in pids for k in (0, 1)])

    shift_rows, crews = [], []
    free_from: dict[int, datetime] = {}  # a person's end of the last shift plus 11 hours of rest
    for w in range(weeks):
        monday = first + timedelta(weeks=w)
        week_hours: dict[int, float] = {}
        for team_id in team_ids:
            planned = []
            for weekday, kind, start, end, pros, lived in WEEK:
                day = monday + timedelta(days=weekday)
                end_day = day if end > start else day + timedelta(days=1)
                planned.append((_local(day, start), _local(end_day, end), kind, pros, lived, weekday))
            for starts_at, ends_at, kind, pros, lived, weekday in sorted(planned):
                hours = (ends_at - starts_at) / timedelta(hours=1)

                def take(role, count, starts_at=starts_at, ends_at=ends_at, hours=hours, team_id=team_id,
                         week_hours=week_hours):
                    pool = pools.get((team_id, role), [])
                    free = [p for p in pool if free_from.get(p, starts_at) <= starts_at
                            and week_hours.get(p, 0) + hours <= 37.5]
                    chosen = sorted(free, key=lambda p: (week_hours.get(p, 0), rng.random()))[:count]
                    for p in chosen:
                        free_from[p] = ends_at + timedelta(hours=11)
                        week_hours[p] = week_hours.get(p, 0) + hours
                    return chosen

                shift_rows.append({
                    "team_id": team_id, "kind": kind, "title": "", "starts_at": starts_at, "ends_at": ends_at,
                    "status": "published" if w < weeks - 2 else "draft", "professionals_needed": pros,
                    "lived_experience_needed": lived, "pattern_id": None, "version": 1,
                })
                crew = take("professional", pros)
                crew += take("peer" if kind in ("group", "on_call") else "ec", lived if crew or lived == 0 else 0)
                crews.append((crew, areas[team_id][weekday % 2] if kind == "outreach" else None))
    shift_ids = conn.execute(insert(tables["shifts"]).returning(tables["shifts"].c.id, sort_by_parameter_order=True),
                             shift_rows).scalars().all()
    add(tables["shift_assignments"], [
        {"shift_id": sid, "shift_starts_at": row["starts_at"], "staff_id": pid, "starts_at": None, "ends_at": None,
         "locked": False}
        for sid, row, (crew, _) in zip(shift_ids, shift_rows, crews, strict=True) for pid in dict.fromkeys(crew)
    ])
    add(shift_areas, [{"shift_id": sid, "area_id": area} for sid, (_, area) in zip(shift_ids, crews, strict=True)
                      if area])
    last = first + timedelta(weeks=weeks) - timedelta(days=1)
    add(tables["absences"], [
        {"staff_id": pids[0], "kind": "holiday", "starts_on": last - timedelta(days=10),
         "ends_on": last - timedelta(days=4)}
        for (_, kind), pids in pools.items() if kind == "professional"
    ])
    add(tables["availability"], [
        {"staff_id": pid, "starts_at": _local(first + timedelta(weeks=w, days=d), time(16)),
         "ends_at": _local(first + timedelta(weeks=w, days=d + 1), time(3)), "note": ""}
        for (_, kind), pids in pools.items() if kind == "peer" for pid in pids
        for w in range(weeks) for d in (3, 4)
    ])
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {"leader": people[0][0], "team_id": team_ids[0], "shifts": len(shift_rows),
            "assignments": sum(len(set(c)) for c, _ in crews), "staff": len(people)}


def measure(app, built: dict, start: date, requests: int, profile: bool = False) -> dict:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    client = app.test_client()
    response = client.post("/login", data={"username": built["leader"], "password": PASSWORD})
    assert response.status_code == 303, f"could not sign in: {response.status_code}"
    url = f"/teams/{built['team_id']}/roster?start={start.isoformat()}&weeks=4"
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(5):  # warm up: templates compiled, connections in the pool, statements prepared
            assert client.get(url).status_code == 200
        times, cpu, queries = [], [], []
        for _ in range(requests):
            statements.clear()
            began, began_cpu = clock.perf_counter(), clock.process_time()
            response = client.get(url)
            times.append((clock.perf_counter() - began) * 1000)
            cpu.append((clock.process_time() - began_cpu) * 1000)
            assert response.status_code == 200
            queries.append(len(statements))
        report = None
        if profile:
            profiler = cProfile.Profile(clock.process_time)  # CPU time: waiting for the database is left out
            profiler.enable()
            client.get(url)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(30)
            report = out.getvalue()
        shown = statements[:]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    times.sort()
    return {
        "median": statistics.median(times), "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
        "cpu": statistics.median(cpu), "cpu_p95": sorted(cpu)[max(0, int(round(0.95 * len(cpu))) - 1)],
        "queries": max(queries), "queries_min": min(queries), "statements": shown, "profile": report,
        "html_kb": len(response.data) / 1024,
    }


def run_size(server_url, staff: int, weeks: int, requests: int, profile: bool, keep: bool = False,
             freeze: bool = True) -> dict:
    name = f"outreach_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server_url.set(database=name).render_as_string(hide_password=False)
        app = create_app(_settings(url))
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            today = date.today()
            this_monday = today - timedelta(days=today.weekday())
            # The history runs up to the four weeks shown, which start this Monday.
            first = this_monday - timedelta(weeks=weeks - 4)
            began = clock.perf_counter()
            built = build(staff, weeks, first)
            built["build_s"] = clock.perf_counter() - began
            db.session.remove()
        if freeze:
            gc.collect()
            gc.freeze()  # as wsgi.py does once the app is built
        result = measure(app, built, this_monday, requests, profile)
        gc.unfreeze()
        with app.app_context():
            db.engine.dispose()
        return {**built, **result, "weeks": weeks}
    finally:
        if keep:
            print(f"kept the database {name}")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def readme_section(results: list[dict], note: str) -> str:
    lines = [
        "## Roster grid",
        "",
        "The four-week grid (`/teams/<id>/roster?weeks=4`) as a team leader sees it, on PostgreSQL,",
        "measured by `benchmarks/grid_benchmark.py` through the Flask test client (server time, no",
        f"network): median and 95th percentile over the requests, target under {TARGET_MS} ms; the",
        "median CPU time of the request in this process (the database's own work left out); SQL",
        "queries per request, counted with a `before_cursor_execute` listener. Four teams; a quarter",
        "of the staff on each team (70 % professionals, 20 % ECs, 10 % peers); 16 shifts a team a",
        "week with 1-6 people on each; the grid shows the last four weeks of the history.",
        "",
        "| staff | weeks of shifts | shifts | assignments | median ms | p95 ms | CPU ms | queries |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['staff']} | {r['weeks']} | {r['shifts']} | {r['assignments']} | "
                     f"{r['median']:.0f} | {r['p95']:.0f} | {r['cpu']:.0f} | {r['queries']} |")
    lines += ["", note.strip(), ""]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    """Put the section into benchmarks/README.md, replacing an older one, keeping the rest."""
    path = ROOT / "benchmarks" / "README.md"
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = existing.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Roster grid"), None)
    if start is None:
        body = existing.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        body = "\n".join(lines[:start] + section.rstrip("\n").splitlines() + ([""] + lines[end:] if end < len(lines)
                                                                              else []))
    path.write_text(body.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="80x4,80x40,160x40", help="staff x weeks, comma-separated")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--show-queries", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases (to look into them)")
    parser.add_argument("--no-freeze", action="store_true", help="leave out wsgi.py's gc.freeze()")
    parser.add_argument("--readme", action="store_true", help="write the figures into benchmarks/README.md")
    parser.add_argument("--note", default="", help="text under the table in the README")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        sys.exit("Set DATABASE_URL=postgresql+psycopg://user@host:5432/postgres (the server to use).")
    server = make_url(url)
    results = []
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    for i, (staff, weeks) in enumerate(sizes):
        result = run_size(server, staff, weeks, args.requests, args.profile and i == len(sizes) - 1, args.keep,
                          not args.no_freeze)
        results.append(result)
        print(f"{staff:4} staff {weeks:3} weeks {result['shifts']:5} shifts {result['assignments']:6} assignments: "
              f"median {result['median']:6.1f} ms  p95 {result['p95']:6.1f} ms  "
              f"(CPU median {result['cpu']:5.1f} ms, p95 {result['cpu_p95']:5.1f} ms)  "
              f"{result['queries']} queries "
              f"({result['html_kb']:.0f} kB, built in {result['build_s']:.1f} s)", flush=True)
        if args.show_queries:
            for statement in result["statements"]:
                print("    " + " ".join(statement.split())[:160])
        if result["profile"]:
            print(result["profile"])
    if args.readme:
        write_readme(readme_section(results, args.note))


if __name__ == "__main__":
    main()
