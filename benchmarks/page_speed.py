"""Page speed: the main page of every feature and role, server time and SQL queries.

    .venv/bin/python benchmarks/page_speed.py \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/outreach_bench_s1 [--requests 30]

On a database built by `benchmarks/scale_data.py`, signs in through the Flask test client as
each bench account (password "demo") and asks for each of its pages: 3 warm-ups, then N
requests. Reports the median and 95th percentile of the server time, the median CPU time of
the request in this process, the SQL queries per request (a `before_cursor_execute`
listener, as `grid_benchmark.py` counts them) and each page's median against the baseline:
the account settings page, the base layout with the signed-in user and nothing else.
The baseline is asked for between each two of a page's requests, and the page's ratio is to
the baseline of those same seconds: this machine's speed drifts (1.5 times within minutes, seen
here), and a baseline measured at the start and the end of the run moved the ratios more than
most changes did. The baseline's own row pools all of its requests. Output: a Markdown table
(and --json for the figures).

Min side loads each panel on its own after the page: each is measured as that htmx request,
labelled "Min side: <role> · <panel>", and a second table sums them per visit.

Options: --only SUBSTRING (pages whose label contains it), --profile LABEL (cProfile of one
request), --show-queries LABEL (each statement of the last request with its round trip),
--json FILE.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import re
import statistics
import sys
import time as clock
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from grid_benchmark import _settings  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.extensions import db  # noqa: E402

PASSWORD = "demo"
TARGET_MS = 100
MAX_RATIO = 5
BASELINE = "Account settings (baseline)"
BASELINE_ACCOUNT, BASELINE_URL = "bench_professional", "/account/settings"
HTMX = {"HX-Request": "true"}
MIN_SIDE = "Min side:"
PANEL_SLOT = re.compile(r'class="panel-slot"[^>]*hx-get="([^"]+)"')


def lookup() -> dict:
    """The ids the pages need, found in the generated data (inside an app context)."""
    from outreach.auth.models import User
    from outreach.hkh.models import HkhProject, ProjectMember
    from outreach.people.models import StaffProfile, team_memberships
    from outreach.recruitment.models import Candidate, Interview, Vacancy
    from outreach.shifts.models import Shift, ShiftAssignment, ShiftNote
    from outreach.supervision.models import SupervisionSession

    def uid(username):
        return db.session.scalar(select(User.id).where(User.username == username))

    def staff_id(username):
        return db.session.scalar(select(StaffProfile.id).where(StaffProfile.user_id == uid(username)))

    leader = staff_id("bench_leader")
    team_id = db.session.scalar(select(team_memberships.c.team_id).where(team_memberships.c.staff_id == leader))
    vacancy_id = db.session.scalar(
        select(Vacancy.id).join(Candidate, Candidate.vacancy_id == Vacancy.id)
        .where(Vacancy.leader_id == uid("bench_leader"), Vacancy.status == "interviewing")
        .group_by(Vacancy.id).order_by(func.count(Candidate.id).desc()).limit(1))
    session_id = db.session.scalar(
        select(SupervisionSession.id).where(SupervisionSession.supervisor_id == uid("bench_supervisor"),
                                            SupervisionSession.kind == "individual",
                                            SupervisionSession.status == "held")
        .order_by(SupervisionSession.starts_at.desc()).limit(1))
    project_id = db.session.scalar(
        select(HkhProject.id).join(ProjectMember, ProjectMember.project_id == HkhProject.id)
        .where(ProjectMember.user_id == uid("bench_leader"), HkhProject.archived.is_(False))
        .order_by(HkhProject.id.desc()).limit(1))
    shift_id = db.session.scalar(
        select(Shift.id).join(ShiftAssignment, ShiftAssignment.shift_id == Shift.id)
        .join(ShiftNote, ShiftNote.shift_id == Shift.id)
        .where(ShiftAssignment.staff_id == staff_id("bench_professional"), ShiftNote.kind == "report")
        .order_by(Shift.starts_at.desc()).limit(1))
    interview_id = db.session.scalar(
        select(Interview.id).join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Candidate.vacancy_id == vacancy_id).order_by(Interview.starts_at.desc()).limit(1))
    today = date.today()
    return {"team_id": team_id, "vacancy_id": vacancy_id, "session_id": session_id, "project_id": project_id,
            "ec_staff_id": staff_id("bench_ec"), "shift_id": shift_id, "interview_id": interview_id,
            "monday": today - timedelta(days=today.weekday())}


def pages(ids: dict) -> list[tuple[str, str, str, dict]]:
    """(account, label, URL, headers) of every main page, the baseline first. The parts a page
    loads when opened (htmx) are measured as htmx asks for them."""
    team, monday = ids["team_id"], ids["monday"].isoformat()
    return [
        (BASELINE_ACCOUNT, BASELINE, BASELINE_URL, {}),
        ("bench_leader", "Min side: leader", "/", {}),
        ("bench_professional", "Min side: professional", "/", {}),
        ("bench_ec", "Min side: EC", "/", {}),
        ("bench_peer", "Min side: peer", "/", {}),
        ("bench_hr", "Min side: HR", "/", {}),
        ("bench_supervisor", "Min side: supervisor", "/", {}),
        ("bench_admin", "Min side: admin", "/", {}),
        ("bench_leader", "Roster grid, 1 week (leader)", f"/teams/{team}/roster?start={monday}", {}),
        ("bench_leader", "Roster grid, 4 weeks (leader)", f"/teams/{team}/roster?start={monday}&weeks=4", {}),
        ("bench_leader", "Planning page (leader)", f"/teams/{team}/roster/plan", {}),
        ("bench_ec", "Roster of the team (EC)", f"/teams/{team}/roster", {}),
        ("bench_leader", "Staff list (leader)", "/people/", {}),
        ("bench_hr", "Vacancy list (HR)", "/recruitment/", {}),
        ("bench_hr", "Candidate pipeline of a vacancy (HR)", f"/recruitment/{ids['vacancy_id']}", {}),
        ("bench_hr", "Pipeline: the panel list opened (HR)", f"/recruitment/{ids['vacancy_id']}/panel", HTMX),
        ("bench_supervisor", "Supervision overview (supervisor)", "/supervision/", {}),
        ("bench_supervisor", "Supervision session (supervisor)", f"/supervision/{ids['session_id']}", {}),
        ("bench_ec", "Supervision overview (EC)", "/supervision/", {}),
        ("bench_leader", "Job descriptions overview (leader)", "/jobs/", {}),
        ("bench_leader", "Job description of an EC (leader)", f"/jobs/people/{ids['ec_staff_id']}", {}),
        ("bench_leader", "HKH project list (leader)", "/hkh/", {}),
        ("bench_leader", "HKH project page (leader)", f"/hkh/{ids['project_id']}", {}),
        ("bench_leader", "HKH: the working-group form opened (leader)", f"/hkh/{ids['project_id']}/members", HTMX),
        ("bench_admin", "Audit search (admin)", "/audit/", {}),
        # A word in no row: the search's worst case without the trigram indexes (0010).
        ("bench_admin", "Audit search for a word found nowhere (admin)", "/audit/?q=zqxj", {}),
        # A number (a shift's id): its trigrams are common, its matches few (see BoundedPage.of).
        ("bench_admin", "Audit search for a number (admin)", f"/audit/?q={ids['shift_id']}", {}),
        ("bench_ec", "Who has seen my data (EC)", "/audit/me", {}),
        ("bench_supervisor", "Shift notes: debriefs (supervisor)", "/shifts/debriefs", {}),
        ("bench_professional", "Shift report (professional)", f"/shifts/{ids['shift_id']}/report", {}),
        # The other pages of each feature, one level below the main ones.
        ("bench_leader", "Day view of the roster (leader)", f"/teams/{team}/roster/day/{monday}", {}),
        ("bench_leader", "Team absence (leader)", f"/teams/{team}/absence", {}),
        ("bench_ec", "My absence (EC)", "/absence/mine", {}),
        ("bench_peer", "My availability (peer)", "/availability/mine", {}),
        ("bench_ec", "Calendar subscriptions (EC)", "/calendar", {}),
        # Every shift the person has from a while back on: grows with their years of history.
        ("bench_professional", "Calendar download (professional)", "/calendar/download.ics", {}),
        ("bench_leader", "Team list (leader)", "/teams/", {}),
        ("bench_admin", "Accounts (admin)", "/admin/users", {}),
        ("bench_ec", "Reflection notes (EC)", "/supervision/reflection", {}),
        ("bench_supervisor", "Supervision rhythm (supervisor)", "/supervision/rhythm", {}),
        ("bench_supervisor", "Supervision groups (supervisor)", "/supervision/groups", {}),
        ("bench_supervisor", "Requests for a talk (supervisor)", "/supervision/requests", {}),
        ("bench_hr", "Interview with its ratings (HR)", f"/recruitment/interviews/{ids['interview_id']}", {}),
        ("bench_hr", "Interview guides (HR)", "/recruitment/guides", {}),
        ("bench_hr", "Onboarding plans (HR)", "/recruitment/onboarding/", {}),
        ("bench_leader", "Role templates (leader)", "/jobs/templates", {}),
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(share * len(ordered))) - 1)]


def measure(app, ids: dict, requests: int = 30, warmups: int = 3, only: str = "", profile: str = "",
            show_queries: str = "") -> list[dict]:
    """Each page of `pages`; after a Min side, each of its panels as the page's htmx loads it
    (labelled "Min side: <role> · <panel>")."""
    statements: list[str] = []
    durations: list[float] = []  # ms, the database's round trip of each of `statements`

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)
        context.bench_began = clock.perf_counter()

    def timed(conn, cursor, statement, parameters, context, executemany):
        durations.append((clock.perf_counter() - context.bench_began) * 1000)

    def timed_get(client, url: str, headers: dict) -> tuple[object, float, float]:
        began, began_cpu = clock.perf_counter(), clock.process_time()
        response = client.get(url, headers=headers)
        return response, (clock.perf_counter() - began) * 1000, (clock.process_time() - began_cpu) * 1000

    def one(client, account: str, label: str, url: str, headers: dict) -> tuple[dict, object]:
        for _ in range(warmups):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, f"{label}: {url} answered {response.status_code}"
        times, cpu, queries, base_times, base_cpu = [], [], [], [], []
        for _ in range(requests):
            statements.clear()
            durations.clear()
            response, ms, cpu_ms = timed_get(client, url, headers)
            assert response.status_code == 200
            times.append(ms)
            cpu.append(cpu_ms)
            queries.append(len(statements))
            if label != BASELINE:  # the baseline between each of the page's requests (see above)
                captured = (list(statements), list(durations))
                _, ms, cpu_ms = timed_get(baseline_client, BASELINE_URL, {})
                base_times.append(ms)
                base_cpu.append(cpu_ms)
                statements[:], durations[:] = captured
        result = {"label": label, "account": account, "url": url, "times": times, "cpu_times": cpu,
                  "baseline_times": base_times, "baseline_cpu_times": base_cpu,
                  "median": statistics.median(times),
                  "p95": _percentile(times, 0.95), "cpu": statistics.median(cpu), "queries": max(queries),
                  "queries_min": min(queries), "kb": len(response.data) / 1024}
        if show_queries and show_queries.lower() in label.lower():
            result["statements"] = list(zip(statements, durations, strict=True))
        if profile and profile.lower() in label.lower():
            profiler = cProfile.Profile(clock.process_time)
            profiler.enable()
            client.get(url, headers=headers)
            profiler.disable()
            out = io.StringIO()
            order = os.environ.get("BENCH_SORT", "cumulative")
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(35)
            result["profile"] = out.getvalue()
        print(f"  {label:45} {result['median']:7.1f} ms  p95 {result['p95']:7.1f}  {result['queries']:3} q",
              file=sys.stderr, flush=True)
        return result, response

    with app.app_context():
        engine = db.engine
    baseline_client = app.test_client()
    response = baseline_client.post("/login", data={"username": BASELINE_ACCOUNT, "password": PASSWORD})
    assert response.status_code == 303, f"{BASELINE_ACCOUNT} could not sign in: {response.status_code}"
    clients = {}
    results = []
    event.listen(engine, "before_cursor_execute", count)
    event.listen(engine, "after_cursor_execute", timed)
    try:
        for account, label, url, headers in pages(ids):
            wanted = not only or only.lower() in label.lower() or label == BASELINE
            if not wanted and not (label.startswith(MIN_SIDE) and only.lower().startswith(label.lower())):
                continue
            if account not in clients:
                clients[account] = app.test_client()
                response = clients[account].post("/login", data={"username": account, "password": PASSWORD})
                assert response.status_code == 303, f"{account} could not sign in: {response.status_code}"
            result, response = one(clients[account], account, label, url, headers)
            if wanted:
                results.append(result)
            if label.startswith(MIN_SIDE):
                for panel_url in PANEL_SLOT.findall(response.get_data(as_text=True)):
                    panel_label = f"{label} · {panel_url.rsplit('/', 1)[1]}"
                    if not only or only.lower() in panel_label.lower():
                        results.append(one(clients[account], account, panel_label, panel_url, HTMX)[0])
        # The baseline's row: its own run and every run between the pages' requests, pooled.
        base = next((r for r in results if r["label"] == BASELINE), None)
        if base:
            for r in results:
                base["times"] += r["baseline_times"]
                base["cpu_times"] += r["baseline_cpu_times"]
            base["median"], base["p95"] = statistics.median(base["times"]), _percentile(base["times"], 0.95)
            base["cpu"] = statistics.median(base["cpu_times"])
    finally:
        event.remove(engine, "before_cursor_execute", count)
        event.remove(engine, "after_cursor_execute", timed)
    for r in results:
        r["ratio"] = 1.0 if r["label"] == BASELINE else r["median"] / statistics.median(r["baseline_times"])
    return results


def min_side_summary(results: list[dict]) -> str:
    """Per Min side: the page, how many panels it loads, their summed server time (the work
    one visit costs) and the slowest panel."""
    lines = ["| Min side | page median ms | × | panels | panels' summed median ms | slowest panel | median ms | × |",
             "|---|---:|---:|---:|---:|---|---:|---:|"]
    for page in (r for r in results if r["label"].startswith(MIN_SIDE) and " · " not in r["label"]):
        panels = [r for r in results if r["label"].startswith(page["label"] + " · ")]
        slowest = max(panels, key=lambda r: r["median"], default=None)
        lines.append(f"| {page['label'].removeprefix(MIN_SIDE).strip()} | {page['median']:.1f} | {page['ratio']:.1f} | "
                     f"{len(panels)} | {sum(r['median'] for r in panels):.1f} | "
                     + (f"{slowest['label'].rsplit(' · ', 1)[1]} | {slowest['median']:.1f} | {slowest['ratio']:.1f} |"
                        if slowest else "– | – | – |"))
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    lines = ["| page | account | median ms | p95 ms | CPU ms | queries | × baseline | kB |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        queries = str(r["queries"]) if r["queries"] == r["queries_min"] else f"{r['queries_min']}-{r['queries']}"
        flag = " ⚠" if r["p95"] > TARGET_MS or (r["ratio"] or 0) > MAX_RATIO else ""
        lines.append(f"| {r['label']}{flag} | {r['account']} | {r['median']:.1f} | {r['p95']:.1f} | {r['cpu']:.1f} | "
                     f"{queries} | {r['ratio']:.1f} | {r['kb']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="")
    parser.add_argument("--show-queries", default="")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    app = create_app(_settings(args.database_url))
    with app.app_context():
        ids = lookup()
        db.session.remove()
    gc.collect()
    gc.freeze()  # as wsgi.py does once the app is built
    load_before = os.getloadavg()
    results = measure(app, ids, args.requests, args.warmups, args.only, args.profile, args.show_queries)
    load_after = os.getloadavg()
    print(table(results))
    if any(r["label"].startswith(MIN_SIDE) for r in results):
        print()
        print(min_side_summary(results))
    print(f"\nload average before {load_before[0]:.2f} / after {load_after[0]:.2f} (1 min), "
          f"{load_after[1]:.2f} (5 min)")
    for r in results:
        for statement, ms in r.get("statements", []):
            print(f"    {ms:6.2f} ms  " + " ".join(statement.split())[:190])
        if r.get("profile"):
            print(f"\n{r['label']}\n{r['profile']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "load": [load_before, load_after]}, indent=1,
                                              default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
