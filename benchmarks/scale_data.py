"""A realistic history at scale, in bulk, for the page-speed benchmark.

    createdb / psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE outreach_bench_s1'
    .venv/bin/python benchmarks/scale_data.py --scale 1 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/outreach_bench_s1

Scale 1 is five years, back from today, of a four-team section: about 80 staff (per team 14
professionals of whom one leads, 4 ECs, 2 peers; HR, a supervisor and an administrator for
the section), 25 000 shifts with people on them (every EC or peer on outreach with a
professional), shift plans and reports, 3 000 supervision sessions with their notes, 1 000
candidates over vacancies with interviews and ratings, job descriptions in versions, 20
HKH projects with their field logs, findings and measures, and an audit log of reads and
changes (400 000 rows). Scale N has N times as many teams, people and rows over the same
five years (at scale 10: 40 teams, about 830 staff, 250 000 shifts, 4 million audit rows).

The database must be migrated and empty (the script migrates it first). Rows go in with
SQLAlchemy Core `insert()` executemany in batches, with ids the script chooses, so that
rows can point at each other without a round trip; PostgreSQL's sequences are moved past
them at the end. The data keeps the app's rules: version columns at 1, unique keys,
statuses and stages that the services could have produced, ECs and peers never alone on
outreach, rest between shifts, nothing during absence, candidates of vacancies closed more
than the retention period ago deleted (their anonymous counts kept), supervision inside the
five years of retention.

Fixed accounts to sign in with (password "demo"): bench_leader (leads the first team),
bench_professional, bench_ec, bench_peer (on that team), bench_hr, bench_supervisor
(supervises the ECs and peers of the first four teams) and bench_admin.
`generate(scale)` does the work inside an app context and returns the counts and the ids
the benchmark needs.
"""

import argparse
import json
import random
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import JSON, func, insert, select, text
from sqlalchemy.sql.ddl import sort_tables

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "demo"
SEED = 8
YEARS = 5
TEAM_SIZE = 20  # 14 professionals (the first leads), 4 ECs, 2 peers
BATCH = 5000
AUDIT_PER_SCALE = 400_000
CANDIDATES_PER_SCALE = 1000
PROJECTS_PER_SCALE = 20
BENCH = ("bench_leader", "bench_professional", "bench_ec", "bench_peer", "bench_hr", "bench_supervisor",
         "bench_admin")

FIRST_NAMES = ["Anne", "Bjørn", "Camilla", "Dag", "Eva", "Fredrik", "Guro", "Henrik", "Ida", "Jonas", "Kari",
               "Lars", "Maria", "Nils", "Ola", "Pia", "Ragnhild", "Sindre", "Tone", "Ulrik", "Vilde", "Åse",
               "Amir", "Fatima", "Hassan", "Leyla", "Mohammed", "Sara", "Tariq", "Yasmin", "Marte", "Even"]
LAST_NAMES = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
              "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
              "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Lie", "Ali", "Khan", "Ahmed", "Moen", "Strand"]
AREA_NAMES = ["Sentrum", "Grønland", "Tøyen", "Oslo S", "Vaterland", "Grünerløkka"]
DISCIPLINES = ["miljoterapeut", "sosionom", "psykolog", "barnevernspedagog", "sykepleier", "vernepleier"]
TITLES = {"psykolog": "Psykolog", "sykepleier": "Sykepleier", "sosionom": "Sosionom"}

# weekday, kind, start, end, professionals, ECs or peers: 24 shifts a team a week
WEEK = [
    *[(d, "outreach", time(17), time(23), 1, 1) for d in (0, 1, 2, 3)],
    (4, "outreach", time(18), time(2), 2, 1), (5, "outreach", time(18), time(2), 2, 1),
    (6, "outreach", time(17), time(23), 2, 0),
    *[(d, "outreach", time(11), time(17), 1, 1) for d in (0, 1, 3, 4)],
    *[(d, "follow_up", time(9), time(15), 2, 0) for d in (0, 1, 2, 3, 4)],
    (2, "office", time(10), time(15), 6, 0),
    *[(d, "office", time(8, 30), time(16), 1, 0) for d in (0, 1, 3, 4)],
    (3, "group", time(17), time(21), 1, 2), (4, "on_call", time(18), time(2), 0, 1),
    (2, "training", time(15), time(17), 2, 0),
]
REPORTS = ["Rolig kveld. Mange kjente ansikter ved inngangen, flere ønsket bare en prat.",
           "Travelt rundt stasjonen. Delte ut informasjon om lavterskeltilbudet og fulgte to til legevakten.",
           "Få ute på grunn av været. Brukte tiden på å besøke samarbeidspartnere i området.",
           "Uro i parken sent på kvelden; vi holdt avstand og kontaktet politiet etter avtale.",
           "God kontakt med en gruppe unge som vi har sett flere ganger. De spurte etter gruppetilbudet."]
THEMES = ["rus", "bolig", "skole", "psykisk helse", "vold", "økonomi", "nettverk"]
SUMMARIES = ["Vi snakket om rollen på kveldsrundene og hvordan du avgrenser deg når samtalen blir nær.",
             "Tema var egen erfaring som ressurs: personlig, ikke privat. Du øver på å stoppe opp.",
             "Vi gikk gjennom en krevende vakt og hva som hjalp. Avtalte en kort prat med kollegaen etter slike.",
             "Du har funnet en god balanse mellom arbeid og fritid. Vi fortsetter med faste samtaler."]
PRIVATE = ["Følg opp energi og søvn om en måned.", "God refleksjon; kan være en ressurs i nettverket.",
           "Spør om tilrettelegging ved neste samtale.", "Ingen bekymringer nå."]
ACTIONS = ["Skrive i refleksjonsloggen etter krevende vakter", "Ta en kort prat med kollegaen etter runden",
           "Finne fram fagstoff om bruk av egenerfaring", "Avtale hospitering hos et annet team"]


def _local(day: date, at: time) -> datetime:
    from outreach.core.timeutil import OSLO

    return datetime.combine(day, at, OSLO).astimezone(UTC)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(11), UTC)


class Writer:
    """Bulk inserts with ids chosen here, flushed in batches."""

    def __init__(self, conn, tables, use_copy: bool):
        self.conn, self.tables, self.use_copy = conn, tables, use_copy
        # Flushed parents before their children: in the order of the foreign keys, not the order first seen.
        self.order = {table.name: n for n, table in enumerate(sort_tables(tables.values()))}
        self.rows: dict[str, list[dict]] = {}
        self.next: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def id(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value

    def add(self, table: str, row: dict, with_id: bool = False) -> int | None:
        if with_id:
            row["id"] = self.id(table)
        self.rows.setdefault(table, []).append(row)
        if len(self.rows[table]) >= BATCH:
            self.flush()
        return row.get("id")

    def _copy(self, name: str, rows: list[dict]) -> None:
        """PostgreSQL: COPY on the same connection and transaction. psycopg executes an
        executemany INSERT a row at a time (pipelined), which left the audit log at 5 000 rows
        a second; COPY takes ten times that."""
        table = self.tables[name]
        columns = list(rows[0])
        as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
        cursor = self.conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in as_json and row[c] is not None else row[c]
                                for c in columns])

    def flush(self) -> None:
        for name in sorted(self.rows, key=self.order.__getitem__):
            rows = self.rows.get(name)
            if rows:
                began = clock.perf_counter()
                if self.use_copy:
                    self._copy(name, rows)
                else:
                    self.conn.execute(insert(self.tables[name]), rows)
                self.seconds[name] = self.seconds.get(name, 0) + clock.perf_counter() - began
                self.counts[name] = self.counts.get(name, 0) + len(rows)
                self.rows[name] = []


def generate(scale: float, today: date | None = None, seed: int = SEED, use_copy: bool | None = None) -> dict:
    """Fill the migrated, empty database of the current app. Returns counts and ids.

    On PostgreSQL rows go in with COPY unless `use_copy` is False (the test suite's cleanup
    sees only the INSERT statements that pass through SQLAlchemy)."""
    from outreach.auth.passwords import hash_password
    from outreach.core.timeutil import add_months, today_in_oslo
    from outreach.extensions import db

    began = clock.perf_counter()
    rng = random.Random(seed)
    today = today or today_in_oslo()
    now = datetime.now(UTC)
    tables = db.metadata.tables
    conn = db.session.connection()
    if conn.execute(select(func.count()).select_from(tables["users"])).scalar_one():
        raise SystemExit("The database has users already: generate on an empty, migrated database.")
    w = Writer(conn, tables, conn.dialect.name == "postgresql" if use_copy is None else use_copy)
    password_hash = hash_password(PASSWORD)  # once: argon2 is slow by design
    this_monday = today - timedelta(days=today.weekday())
    team_count = max(1, round(4 * scale))
    # Below a quarter (one team) the history shortens instead, so that every count scales.
    months = max(3, round(12 * YEARS * min(1.0, scale * 4 / team_count)))
    history_start = add_months(today, -months) + timedelta(days=14)  # inside supervision's retention
    sections = max(1, round(team_count / 4))  # a section: four teams, an HR adviser, a supervisor

    # --- people ---------------------------------------------------------------------------------
    def full_name() -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    people: list[dict] = []  # user id, profile id, username, kind, roles, team index or None

    def person(username, kind, roles, team, discipline=None, title="", start=None):
        uid = w.add("users", {"username": username, "full_name": full_name(), "email": f"{username}@example.org",
                              "password_hash": password_hash, "must_change_password": False, "active": True,
                              "locale": "nb", "created_at": _noon(start or history_start),
                              "last_login_at": now - timedelta(days=rng.randint(0, 20))}, with_id=True)
        for role in roles:
            w.add("user_roles", {"user_id": uid, "role": role})
        start = start or history_start - timedelta(days=rng.randint(30, 3000))
        pid = w.add("staff_profiles", {
            "user_id": uid, "title": title, "discipline": discipline, "role_type": kind,
            "phone": f"9{uid:07d}", "position_percentage": {"peer": 0}.get(kind, rng.choice([100, 100, 80])),
            "contract": "hourly" if kind == "peer" else "permanent", "start_date": start, "buddy_id": None,
            "supervisor_id": None, "version": 1}, with_id=True)
        entry = {"uid": uid, "pid": pid, "username": username, "kind": kind, "roles": roles, "team": team,
                 "start": start, "discipline": discipline}
        people.append(entry)
        return entry

    teams, areas, members = [], {}, {}
    for t in range(team_count):
        tid = w.add("teams", {"name": f"Team {t + 1}" if t >= 4 else ["Mindreårige", "Unge voksne",
                              "Voksne i det åpne rusmiljøet", "Vaterland"][t],
                              "description": "Oppsøkende team.", "active": True, "version": 1}, with_id=True)
        teams.append(tid)
        areas[t] = [w.add("areas", {"team_id": tid, "name": name, "description": "", "active": True}, with_id=True)
                    for name in AREA_NAMES[:4]]
        members[t] = []
        for i in range(TEAM_SIZE):
            bench = {0: "bench_leader", 1: "bench_professional", 14: "bench_ec", 18: "bench_peer"}.get(i)
            username = bench if t == 0 and bench else f"t{t + 1}p{i + 1}"
            if i == 0:
                p = person(username, "professional", ["leader", "professional"], t, "miljoterapeut", "Teamleder")
            elif i < 14:
                d = DISCIPLINES[i % len(DISCIPLINES)]
                p = person(username, "professional", ["professional"], t, d, TITLES.get(d, "Oppsøkende miljøterapeut"))
            elif i < 18:
                p = person(username, "ec", ["ec"], t, None, "Erfaringskonsulent")
            else:
                p = person(username, "peer", ["peer"], t, None, "Likeperson")
            members[t].append(p)
            w.add("team_memberships", {"staff_id": p["pid"], "team_id": tid})
    hrs, supervisors = [], []
    for s in range(sections):
        hrs.append(person("bench_hr" if s == 0 else f"hr{s + 1}", "administrative", ["hr"], None, "konsulent",
                          "HR-rådgiver"))
        supervisors.append(person("bench_supervisor" if s == 0 else f"veileder{s + 1}", "professional",
                                  ["supervisor", "professional"], None, None, "Fagkonsulent for erfaringskonsulenter"))
    admin = person("bench_admin", "administrative", ["admin"], None, None, "Systemansvarlig")
    w.flush()
    # Each EC and peer: their section's supervisor; each EC knows two of the team's areas.
    supervisees: dict[int, list[dict]] = {s: [] for s in range(sections)}
    profile_updates = []
    for t in range(team_count):
        sup = supervisors[min(t // 4, sections - 1)]
        for p in members[t]:
            if p["kind"] in ("ec", "peer"):
                supervisees[supervisors.index(sup)].append(p)
                p["supervisor"] = sup
                buddy = members[t][1 + (members[t].index(p) % 13)]
                profile_updates.append({"b_id": p["pid"], "b_sup": sup["uid"], "b_buddy": buddy["pid"]})
            if p["kind"] == "ec":
                for k in (0, 1):
                    w.add("known_environments", {"staff_id": p["pid"], "area_id": areas[t][(p["pid"] + k) % 4]})
    sp = tables["staff_profiles"]
    from sqlalchemy import bindparam

    conn.execute(sp.update().where(sp.c.id == bindparam("b_id"))
                 .values(supervisor_id=bindparam("b_sup"), buddy_id=bindparam("b_buddy")), profile_updates)
    staff = [p for p in people if p["team"] is not None]
    by_username = {p["username"]: p for p in people}

    # --- absence, availability, shifts, notes ---------------------------------------------------
    weeks = (this_monday + timedelta(weeks=4) - (history_start - timedelta(days=history_start.weekday()))).days // 7
    first_monday = this_monday + timedelta(weeks=4) - timedelta(weeks=weeks)
    absent: set[tuple[int, date]] = set()
    for p in staff:
        for year in range(first_monday.year, this_monday.year + 2):
            # three weeks' summer holiday, and a sick day now and then
            start = date(year, 7, 1) + timedelta(days=7 * (p["pid"] % 4))
            end = start + timedelta(days=20)
            w.add("absences", {"staff_id": p["pid"], "kind": "holiday", "starts_on": start, "ends_on": end})
            absent.update((p["pid"], start + timedelta(days=d)) for d in range(21))
            for _ in range(3):
                day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                if first_monday <= day <= this_monday + timedelta(weeks=2) and (p["pid"], day) not in absent:
                    w.add("absences", {"staff_id": p["pid"], "kind": "sick_leave", "starts_on": day, "ends_on": day})
                    absent.add((p["pid"], day))
    for t in range(team_count):
        for p in members[t]:
            if p["kind"] == "peer":
                for wk in range(weeks):
                    for d in (3, 4):
                        day = first_monday + timedelta(weeks=wk, days=d)
                        w.add("availability", {"staff_id": p["pid"], "starts_at": _local(day, time(16)),
                                               "ends_at": _local(day + timedelta(days=1), time(3)), "note": ""})
    pools = {(t, kind): [p["pid"] for p in members[t] if p["kind"] == kind and "leader" not in p["roles"]]
             for t in range(team_count) for kind in ("professional", "ec", "peer")}
    for t in range(team_count):
        pools[(t, "professional")].insert(0, members[t][0]["pid"])
    free_from: dict[int, datetime] = {}
    team_zero_shift = None
    planned = sorted(WEEK, key=lambda s: (s[0], s[2]))
    now_published_until = this_monday + timedelta(weeks=2)
    for wk in range(weeks):
        monday = first_monday + timedelta(weeks=wk)
        week_hours: dict[int, float] = {}
        for t in range(team_count):
            for weekday, kind, start, end, pros, lived in planned:
                day = monday + timedelta(days=weekday)
                starts_at = _local(day, start)
                ends_at = _local(day if end > start else day + timedelta(days=1), end)
                hours = (ends_at - starts_at) / timedelta(hours=1)

                def take(role, count, day=day, starts_at=starts_at, ends_at=ends_at, hours=hours, t=t,
                         week_hours=week_hours):
                    pool = pools[(t, role)]
                    free = [p for p in pool if free_from.get(p, starts_at) <= starts_at and (p, day) not in absent
                            and week_hours.get(p, 0) + hours <= 37.5]
                    chosen = sorted(free, key=lambda p: (week_hours.get(p, 0), rng.random()))[:count]
                    for p in chosen:
                        free_from[p] = ends_at + timedelta(hours=11)
                        week_hours[p] = week_hours.get(p, 0) + hours
                    return chosen

                sid = w.add("shifts", {
                    "team_id": teams[t], "kind": kind, "title": "", "starts_at": starts_at, "ends_at": ends_at,
                    "status": "published" if day < now_published_until else "draft",
                    "professionals_needed": pros, "lived_experience_needed": lived, "pattern_id": None,
                    "version": 1}, with_id=True)
                crew = take("professional", pros)
                if lived and (crew or kind in ("group", "on_call")):  # never alone on outreach
                    crew += take("peer" if kind in ("group", "on_call") else "ec", lived)
                for pid in crew:
                    w.add("shift_assignments", {"shift_id": sid, "shift_starts_at": starts_at, "staff_id": pid,
                                                "starts_at": None, "ends_at": None, "locked": False})
                area = areas[t][weekday % 4] if kind == "outreach" else None
                if area:
                    w.add("shift_areas", {"shift_id": sid, "area_id": area})
                if kind == "outreach" and crew and ends_at < now:
                    debrief = rng.random() < 0.04
                    nid = w.add("shift_notes", {
                        "shift_id": sid, "kind": "report", "body": rng.choice(REPORTS),
                        "contacts": rng.randint(0, 25), "themes": ", ".join(rng.sample(THEMES, 2)),
                        "incidents": "", "needs_debrief": debrief, "author_id": crew[0],
                        "updated_at": ends_at + timedelta(hours=1), "version": 1}, with_id=True)
                    w.add("shift_note_areas", {"note_id": nid, "area_id": area})
                    if rng.random() < 0.3:
                        w.add("shift_notes", {
                            "shift_id": sid, "kind": "plan", "body": "Vi starter ved inngangen og går mot parken.",
                            "contacts": None, "themes": "", "incidents": "", "needs_debrief": False,
                            "author_id": crew[-1], "updated_at": starts_at - timedelta(hours=1), "version": 1},
                            with_id=True)
                if t == 0 and kind == "outreach" and ends_at < now and crew:
                    team_zero_shift = sid
    w.flush()

    # --- supervision ----------------------------------------------------------------------------
    st = tables["supervision_themes"]
    theme_ids = conn.execute(select(st.c.id)).scalars().all()
    session_ids_by_supervisor: dict[int, list[int]] = {}

    def session(kind, sup, starts_at, participants, status=None, attended=None, group_id=None):
        status = status or ("held" if starts_at < now else "planned")
        if status == "held" and rng.random() < 0.04:
            status = "cancelled"
        sid = w.add("supervision_sessions", {
            "kind": kind, "status": status, "starts_at": starts_at, "duration_minutes": 60 if kind != "group" else 90,
            "supervisor_id": sup["uid"], "group_id": group_id, "created_at": starts_at - timedelta(days=14),
            "content_purged_at": None, "version": 1}, with_id=True)
        session_ids_by_supervisor.setdefault(sup["uid"], []).append(sid)
        for uid in participants:
            w.add("supervision_participants", {"session_id": sid, "user_id": uid,
                                               "attended": (rng.random() < 0.85) if attended and status == "held"
                                               else None})
        if status == "held":
            for theme in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 2))):
                w.add("supervision_session_themes", {"session_id": sid, "theme_id": theme})
            w.add("supervision_notes", {"session_id": sid, "kind": "shared", "body": rng.choice(SUMMARIES),
                                        "updated_at": starts_at + timedelta(hours=2), "updated_by_id": sup["uid"],
                                        "version": 1}, with_id=True)
            if kind != "group":
                w.add("supervision_notes", {"session_id": sid, "kind": "private", "body": rng.choice(PRIVATE),
                                            "updated_at": starts_at + timedelta(hours=2),
                                            "updated_by_id": sup["uid"], "version": 1}, with_id=True)
            if kind == "individual":
                due = (starts_at + timedelta(days=28)).date()
                w.add("supervision_actions", {
                    "session_id": sid, "text": rng.choice(ACTIONS),
                    "owner_id": participants[0] if rng.random() < 0.7 else sup["uid"], "due_date": due,
                    "done_at": _noon(due) if due < today - timedelta(days=30) else None,
                    "created_by_id": sup["uid"], "created_at": starts_at + timedelta(hours=1)}, with_id=True)
        return sid, status

    for s, sup in enumerate(supervisors):
        gid = w.add("supervision_groups", {"name": f"EK-nettverket {s + 1}" if s else "EK-nettverket",
                                           "description": "Månedlig gruppeveiledning for erfaringskonsulenter og "
                                           "likepersoner.", "supervisor_id": sup["uid"], "active": True,
                                           "version": 1}, with_id=True)
        for p in supervisees[s]:
            w.add("supervision_group_members", {"group_id": gid, "user_id": p["uid"]})
        for p in supervisees[s]:
            interval = 14 if p["kind"] == "ec" else 21  # ECs every other week, peers every third
            day = history_start + timedelta(days=p["pid"] % interval)
            while day.weekday() >= 5:  # the interval is whole weeks: a weekend start would never meet
                day += timedelta(days=1)
            last_held = None
            while day <= today + timedelta(days=14):
                if day.weekday() < 5:
                    sid, status = session("individual", sup, _local(day, time(10 + p["pid"] % 5)), [p["uid"]])
                    if status == "held":
                        last_held = sid
                        if rng.random() < 0.02:
                            w.add("supervision_further_items", {
                                "session_id": sid, "supervisee_id": p["uid"], "recipient": "leader",
                                "body": "Ønsker tilrettelegging av kveldsvakter en periode.",
                                "written_by_id": sup["uid"], "created_at": _local(day, time(12)),
                                "agreed_at": _local(day + timedelta(days=2), time(12)), "withdrawn_at": None,
                                "version": 1}, with_id=True)
                    elif status == "planned" and rng.random() < 0.5:
                        w.add("supervision_preparations", {
                            "session_id": sid, "author_id": p["uid"], "body": "Vil snakke om en krevende vakt.",
                            "shared": True, "updated_at": now - timedelta(days=1), "version": 1}, with_id=True)
                day += timedelta(days=interval)
            for m in range(YEARS * 12):  # reflection: about once a month
                written = history_start + timedelta(days=30 * m + p["pid"] % 20)
                if written > today:
                    break
                w.add("reflection_entries", {
                    "author_id": p["uid"], "written_on": written, "title": f"Etter vakt {written.isoformat()}",
                    "body": "Hva jeg delte, og hvorfor.", "asked_before_sharing": "", "why_shared": "",
                    "stopped_in_time": "", "about_whom": "", "bring_to_supervision": m % 6 == 0,
                    "brought_to_session_id": last_held if m % 6 == 0 and written < today - timedelta(days=60)
                    else None, "created_at": _noon(written), "updated_at": _noon(written), "version": 1},
                    with_id=True)
            for y in range(YEARS):
                asked = _noon(history_start + timedelta(days=365 * y + p["pid"] % 200))
                w.add("supervision_requests", {
                    "requester_id": p["uid"], "supervisor_id": sup["uid"], "topic": "Ønsker en prat om en vakt.",
                    "created_at": asked, "status": "closed", "session_id": None,
                    "handled_at": asked + timedelta(days=3)}, with_id=True)
            if p["pid"] % 5 == 0:
                w.add("supervision_requests", {
                    "requester_id": p["uid"], "supervisor_id": sup["uid"], "topic": "", "created_at": now,
                    "status": "open", "session_id": None, "handled_at": None}, with_id=True)
        day = history_start
        while day <= today + timedelta(days=30):  # the group, monthly, and case supervision weekly
            first = day.replace(day=1) + timedelta(days=14)
            sid, _ = session("group", sup, _local(first, time(13)), [p["uid"] for p in supervisees[s]],
                             attended=True, group_id=gid)
            day = add_months(day.replace(day=1), 1)
        team_pros = [p for t in range(s * 4, min(team_count, s * 4 + 4)) for p in members[t]
                     if p["kind"] == "professional"]
        day = history_start + timedelta(days=(3 - history_start.weekday()) % 7)
        while day <= today + timedelta(days=7):
            who = rng.sample(supervisees[s], 2) + rng.sample(team_pros, 2)
            session("case", sup, _local(day, time(14)), [p["uid"] for p in who])
            day += timedelta(days=7)
    w.flush()

    # --- recruitment ----------------------------------------------------------------------------
    gv, gs, gq, gd = (tables[n] for n in ("recruitment_guide_versions", "recruitment_guide_sections",
                                          "recruitment_guide_questions", "recruitment_guides"))
    guides = {}
    for kind, version_id in conn.execute(select(gd.c.position_kind, gv.c.id).join(gv, gv.c.guide_id == gd.c.id)
                                         .where(gv.c.published_at.is_not(None))):
        questions = conn.execute(select(gq.c.id).join(gs, gs.c.id == gq.c.section_id)
                                 .where(gs.c.version_id == version_id)).scalars().all()
        guides.setdefault(kind, (version_id, questions))
    default_guide = next(iter(guides.values()))
    checklist = conn.execute(select(tables["recruitment_checklist_template"].c.text)
                             .where(tables["recruitment_checklist_template"].c.active)).scalars().all()
    onboarding_items = conn.execute(select(tables["recruitment_onboarding_template"])).mappings().all()
    retention_cut = add_months(today, -6)
    candidates_left = round(CANDIDATES_PER_SCALE * scale)
    active_vacancies = max(1, round(12 * scale))  # open, interviewing or closed within the retention
    old_vacancies = max(1, round(30 * scale))
    per_active = max(5, candidates_left // active_vacancies)
    vacancy_of_bench = None
    onboarded: set[int] = set()

    def vacancy(t, status, closed_on, candidates):
        nonlocal vacancy_of_bench
        leader = members[t][0]
        key = ["ec", "miljoterapeut", "peer", "sosionom"][rng.randint(0, 3)] if t or vacancy_of_bench else "ec"
        opened = (closed_on or today) - timedelta(days=rng.randint(40, 80))
        deadline = opened + timedelta(days=21) if status != "open" else today + timedelta(days=rng.randint(3, 20))
        if status == "open":
            opened = today - timedelta(days=rng.randint(5, 20))
        hr = hrs[min(t // 4, len(hrs) - 1)]
        panel_member = next(p for p in members[t] if p["kind"] == ("ec" if key == "ec" else "professional")
                            and "leader" not in p["roles"])
        vid = w.add("recruitment_vacancies", {
            "need_id": None, "title": f"{'Erfaringskonsulent' if key == 'ec' else 'Stilling'} ({opened.year}, "
                                      f"{t + 1}-{w.next.get('recruitment_vacancies', 1)})",
            "team_id": teams[t], "position_key": key, "leader_id": leader["uid"], "status": status,
            "deadline": deadline, "ad_text": "Vi søker en engasjert kollega til oppsøkende arbeid.",
            "position_percentage": 100, "contract": "permanent", "positions": 1, "created_at": _noon(opened),
            "opened_at": _noon(opened), "closed_at": _noon(closed_on) if closed_on else None,
            "purged_at": _noon(closed_on + timedelta(days=190)) if closed_on and closed_on < retention_cut else None,
            "purged_counts": {"candidates": candidates, "reached": {"rejected": candidates - 1, "hired": 1},
                              "rejected": {"other_better": candidates - 1}}
            if closed_on and closed_on < retention_cut else None, "version": 1}, with_id=True)
        if t == 0 and status == "interviewing" and vacancy_of_bench is None:
            vacancy_of_bench = vid
        for uid in (leader["uid"], panel_member["uid"], hr["uid"]):
            w.add("recruitment_vacancy_panel", {"vacancy_id": vid, "user_id": uid})
        if key == "ec":
            for i, item in enumerate(checklist):
                w.add("recruitment_vacancy_checklist", {
                    "vacancy_id": vid, "text": item, "position": i,
                    "done_at": _noon(closed_on) if closed_on else None,
                    "done_by_id": hr["uid"] if closed_on else None}, with_id=True)
        return vid, key, opened, deadline, (leader, panel_member, hr)

    def candidate(vid, key, opened, stage, panel, hired_uid=None, rejected_from=None):
        received = opened + timedelta(days=rng.randint(0, 20))
        cid = w.add("recruitment_candidates", {
            "vacancy_id": vid, "full_name": full_name(), "email": f"søker{w.next.get('recruitment_candidates', 1)}"
            "@example.org", "phone": f"4{rng.randint(1000000, 9999999)}", "birth_year": rng.randint(1965, 2003),
            "occupation": rng.choice(["Miljøarbeider", "Student", "Sosionom", "Butikkmedarbeider", "Ufør"]),
            "municipality": rng.choice(["Oslo", "Bærum", "Lillestrøm", "Asker"]),
            "gender": rng.choice(["female", "male", ""]), "public_exempt": rng.random() < 0.1,
            "experience_codes": ["drugs"] if key == "ec" else [], "received_on": received, "stage": stage,
            "stage_changed_at": _noon(received + timedelta(days=10)),
            "rejected_reason": rng.choice(["not_qualified", "other_better"]) if stage == "rejected" else None,
            "rejected_from": rejected_from if stage == "rejected" else None, "hired_user_id": hired_uid,
            "created_at": _noon(received), "version": 1}, with_id=True)
        reached = rejected_from if stage == "rejected" else stage
        order = ["received", "screened", "first_interview", "second_interview", "references", "offer", "hired"]
        depth = order.index(reached) if reached in order else 0
        if depth >= 1:
            w.add("recruitment_comments", {"candidate_id": cid, "stage": "screened",
                                           "body": "Relevant erfaring, god søknad.", "author_id": panel[0]["uid"],
                                           "created_at": _noon(received + timedelta(days=5))}, with_id=True)
        for n in range(min(depth - 1, 2)):  # first (and second) interview
            version_id, questions = guides.get("ec" if key == "ec" else "professional", default_guide)
            at = _local(received + timedelta(days=14 + 7 * n), time(10))
            iid = w.add("recruitment_interviews", {
                "candidate_id": cid, "guide_version_id": version_id, "starts_at": at, "duration_minutes": 60,
                "place": "Møterom 2", "created_by_id": panel[0]["uid"], "created_at": at - timedelta(days=5),
                "version": 1}, with_id=True)
            for p in panel:
                submitted = at < now and rng.random() < 0.9
                w.add("recruitment_panelists", {
                    "interview_id": iid, "user_id": p["uid"],
                    "recommendation": rng.choice(["no", "yes", "strong_yes"]) if submitted else None,
                    "notes": "Reflektert og trygg." if submitted else "",
                    "submitted_at": at + timedelta(hours=2) if submitted else None})
                if at < now:
                    for q in questions:
                        w.add("recruitment_answers", {"interview_id": iid, "user_id": p["uid"], "question_id": q,
                                                      "rating": rng.randint(2, 5), "notes": "", "checked": []})
        if depth >= 4:
            for _ in range(2):
                w.add("recruitment_references", {
                    "candidate_id": cid, "referee_name": full_name(), "relation": "Tidligere leder",
                    "contact": "900 00 000", "questions": "", "notes": "Positiv referanse.",
                    "checked_on": received + timedelta(days=30), "checked_by_id": panel[0]["uid"],
                    "created_at": _noon(received + timedelta(days=25)), "version": 1}, with_id=True)
        return cid

    open_stages = ["received"] * 6 + ["screened"] * 3 + ["rejected"]
    busy_stages = (["received"] * 2 + ["screened"] * 2 + ["first_interview"] + ["second_interview"]
                   + ["references"] + ["rejected"] * 8)
    for n in range(active_vacancies):
        t = n % team_count
        status = ["interviewing", "open", "filled"][n % 3] if n else "interviewing"
        closed_on = today - timedelta(days=rng.randint(10, 170)) if status == "filled" else None
        vid, key, opened, _, panel = vacancy(t, status, closed_on, per_active)
        hired = None
        for c in range(per_active):
            if status == "filled" and c == 0:
                hired = rng.choice([p for p in members[t] if p["kind"] == ("ec" if key == "ec" else "professional")
                                    and "leader" not in p["roles"] and p["pid"] not in onboarded])
                candidate(vid, key, opened, "hired", panel, hired_uid=hired["uid"])
                continue
            stage = rng.choice(open_stages if status == "open" else busy_stages)
            rejected_from = rng.choice(["received", "screened", "first_interview"]) if stage == "rejected" else None
            if status == "filled" and stage != "rejected":
                stage, rejected_from = "rejected", stage if stage != "references" else "first_interview"
            candidate(vid, key, opened, stage, panel, rejected_from=rejected_from)
        if hired:  # the new colleague's onboarding plan
            onboarded.add(hired["pid"])
            plan = w.add("recruitment_onboarding_plans", {
                "staff_id": hired["pid"], "vacancy_id": vid, "start_date": closed_on + timedelta(days=30),
                "leader_id": panel[0]["uid"], "buddy_id": members[t][1]["pid"],
                "created_at": _noon(closed_on)}, with_id=True)
            for item in onboarding_items:
                due = add_months(closed_on + timedelta(days=30), item["offset_months"]) + timedelta(
                    days=item["offset_days"])
                w.add("recruitment_onboarding_items", {
                    "plan_id": plan, "title": item["title"], "due_date": due, "owner": item["owner"],
                    "done_at": _noon(due) if due < today - timedelta(days=7) else None,
                    "done_by_id": panel[0]["uid"] if due < today - timedelta(days=7) else None}, with_id=True)
    for n in range(old_vacancies):  # closed before the retention: only the hired candidate is kept
        t = n % team_count
        closed_on = retention_cut - timedelta(days=rng.randint(10, 365 * YEARS - 200))
        status = "filled" if n % 6 else "cancelled"
        vid, key, opened, _, panel = vacancy(t, status, closed_on, rng.randint(15, 60))
        if status == "filled":
            hired = rng.choice([p for p in members[t] if p["kind"] == ("ec" if key == "ec" else "professional")])
            candidate(vid, key, opened, "hired", panel, hired_uid=hired["uid"])
    w.flush()

    # --- job descriptions -----------------------------------------------------------------------
    jt = tables["job_templates"]
    templates = {row.key: row.sections for row in conn.execute(select(jt.c.key, jt.c.sections))}
    for p in people:
        if p["username"] == "bench_admin":
            continue
        roles = set(p["roles"])
        key = (p["kind"] if p["kind"] in ("ec", "peer") else "teamleder" if "leader" in roles
               else "fagkonsulent_ek" if "supervisor" in roles else "hr" if "hr" in roles
               else p["discipline"] if p["discipline"] in ("miljoterapeut", "psykolog", "sosionom")
               else "miljoterapeut")
        # as jobs.demo: the team's leader; HR for leaders and the supervisor; the leader for HR
        signer = (members[0][0] if "hr" in roles else hrs[0] if "leader" in roles or p["team"] is None
                  else members[p["team"]][0])
        did = w.id("job_descriptions")
        started = max(p["start"], history_start - timedelta(days=400))
        versions = max(1, (today - started).days // 365)
        draft = p["pid"] % 10 == 0
        last_signed = min(started + timedelta(days=365 * (versions - 1) + 7), today - timedelta(days=1))
        w.add("job_descriptions", {"id": did, "staff_id": p["pid"], "template_key": key,
                                   "created_at": _noon(started), "next_review_on": add_months(last_signed, 12),
                                   "version": 1})
        for number in range(1, versions + 1 + draft):
            signed = number <= versions
            day = min(started + timedelta(days=365 * (number - 1) + 7), today - timedelta(days=1))
            frame = [{"key": s["key"], "title": s["title"], "text": s["text"], "frame": True}
                     for s in templates[key]]
            individual = f"Jobber i team {p['team'] + 1 if p['team'] is not None else 'seksjonen'}." + (
                "\nHar ansvar for temakvelder." if number > 1 else "")
            vid = w.add("job_description_versions", {
                "description_id": did, "number": number, "template_key": key,
                "sections": [*frame, {"key": "individual", "title": "Individuell del", "text": individual,
                                      "frame": False}],
                "reason": "Ny stillingsbeskrivelse" if number == 1 else "Årlig gjennomgang",
                "created_at": _noon(day - timedelta(days=5)), "created_by_id": signer["uid"],
                "employee_signed_at": _noon(day) if signed else None,
                "leader_signed_at": _noon(day) if signed else None,
                "leader_signed_by_id": signer["uid"] if signed else None, "version": 1}, with_id=True)
            if not signed and p["pid"] % 20 == 0:
                w.add("job_proposals", {
                    "description_id": did, "version_id": vid, "section_key": "individual", "base_text": individual,
                    "text": individual + "\nVil gjerne være fadder for nye kolleger.", "note": "",
                    "author_id": p["uid"], "created_at": now - timedelta(days=3), "status": "open", "comment": "",
                    "decided_by_id": None, "decided_at": None}, with_id=True)
    w.flush()

    # --- HKH ------------------------------------------------------------------------------------
    phases = ["preparation", "data_collection", "analysis", "report", "action", "follow_up"]
    project_count = max(1, round(PROJECTS_PER_SCALE * scale))
    bench_project = None
    for n in range(project_count):
        t = n % team_count
        started = history_start + timedelta(days=int((today - history_start).days * n / project_count))
        age = (today - started).days
        phase = phases[min(5, age // 90)]
        archived = age > 3 * 365
        lead = members[t][0] if n % 2 == 0 else members[t][2]
        pid = w.add("hkh_projects", {
            "title": f"Kartlegging {n + 1}: {rng.choice(AREA_NAMES)} {started.year}", "commissioner": "Bydel",
            "problem": "Økt rusbruk blant unge i området.", "target_group": "Unge 16-25 år", "area": AREA_NAMES[t % 6],
            "starts_on": started, "ends_on": started + timedelta(days=180), "phase": phase, "kickoff_on": started,
            "plan_adopted_on": started + timedelta(days=360) if phase in ("action", "follow_up") else None,
            "archived": archived, "origin_project_id": None, "created_by_id": lead["uid"],
            "created_at": _noon(started), "version": 1}, with_id=True)
        if t == 0 and not archived:
            bench_project = pid
        group = [lead, *rng.sample([p for p in members[t] if p is not lead], 4)]
        if t == 0 and members[t][0] not in group:
            group.append(members[t][0])
        for i, m in enumerate(group):
            w.add("hkh_members", {"project_id": pid, "user_id": m["uid"], "name": "", "organisation": "",
                                  "role": "lead" if i == 0 else "ec" if m["kind"] == "ec" else "member"}, with_id=True)
        w.add("hkh_members", {"project_id": pid, "user_id": None, "name": "Kari Forsker", "organisation": "KORUS Oslo",
                              "role": "external"}, with_id=True)
        methods = ["interview", "focus_group", "observation", "survey", "documents"]
        sources = ["target_group", "professionals", "partners", "others"]
        for method in methods:
            for source in sources[:2]:
                w.add("hkh_method_plans", {"project_id": pid, "method": method, "source": source,
                                           "planned": rng.randint(2, 8)}, with_id=True)
        entries = []
        if phase != "preparation":
            for e in range(40):
                held = started + timedelta(days=30 + e * 2)
                if held > today:
                    break
                eid = w.add("hkh_log_entries", {
                    "project_id": pid, "method": rng.choice(methods), "source": rng.choice(sources),
                    "held_on": held, "place": rng.choice(AREA_NAMES), "age_group": rng.choice(["18_25", "26_40", ""]),
                    "informants": rng.randint(1, 8), "notes": "Flere forteller om lite å gjøre på kveldstid.",
                    "created_by_id": lead["uid"], "created_at": _noon(held), "version": 1}, with_id=True)
                entries.append(eid)
                for m in rng.sample(group, 2):
                    w.add("hkh_log_participants", {"entry_id": eid, "user_id": m["uid"]})
        findings = []
        if phase in ("analysis", "report", "action", "follow_up") and entries:
            for f in range(6):
                fid = w.add("hkh_findings", {"project_id": pid, "title": f"Funn {f + 1}",
                                             "description": "Mange mangler et sted å være på kveldstid.",
                                             "position": f, "version": 1}, with_id=True)
                findings.append(fid)
                for eid in rng.sample(entries, min(3, len(entries))):
                    w.add("hkh_finding_evidence", {"finding_id": fid, "entry_id": eid})
        if phase in ("report", "action", "follow_up"):
            for key in ("background", "method", "findings", "recommendations"):
                w.add("hkh_report_sections", {"project_id": pid, "key": key, "text": "Tekst.",
                                              "updated_at": _noon(started + timedelta(days=200)),
                                              "updated_by_id": lead["uid"], "version": 1}, with_id=True)
        if phase in ("action", "follow_up") and findings:
            adopted = started + timedelta(days=360)
            for m in range(8):
                deadline = adopted + timedelta(days=60 * (m + 1))
                mid = w.add("hkh_measures", {
                    "project_id": pid, "title": f"Tiltak {m + 1}", "description": "", "owner_id": group[m % 5]["uid"],
                    "partner": "Bydel", "deadline": deadline,
                    "status": "done" if deadline < today - timedelta(days=60) else rng.choice(["planned", "under_way"]),
                    "became_project_id": None, "updated_at": _noon(min(deadline, today)), "version": 1}, with_id=True)
                w.add("hkh_measure_findings", {"measure_id": mid, "finding_id": findings[m % len(findings)]})
            for months in (6, 12):
                due = add_months(adopted, months)
                w.add("hkh_reviews", {"project_id": pid, "months": months, "due_on": due,
                                      "held_on": due if due < today else None,
                                      "summary": "Tiltakene er i rute." if due < today else "", "progress": [],
                                      "recorded_by_id": lead["uid"] if due < today else None, "version": 1},
                      with_id=True)
    w.flush()

    # --- the audit log --------------------------------------------------------------------------
    audit_total = round(AUDIT_PER_SCALE * scale)
    span = (now - _noon(history_start)).total_seconds()
    users = [p["uid"] for p in people]
    labels = {p["uid"]: p["username"] for p in people}
    subjects = [p["uid"] for p in staff if p["kind"] in ("ec", "peer")]
    kinds = ([("read", "supervision.content_read", "supervision_sessions")] * 6
             + [("read", "staff.experience_read", "staff_profiles")] * 3
             + [("read", "recruitment.candidate_read", "recruitment_candidates")] * 4
             + [("change", "shift.assign", "shifts")] * 5 + [("change", "shift.update", "shifts")] * 2
             + [("change", "supervision.note_update", "supervision_sessions")] * 2
             + [("change", "shift_note.create", "shift_notes")] * 3
             + [("change", "staff.update", "staff_profiles"), ("change", "recruitment.candidate_stage",
                                                               "recruitment_candidates")]
             + [("auth", "auth.login", None)] * 3 + [("denied", "access.denied", "route")])
    for i in range(audit_total):
        kind, action, object_type = kinds[i % len(kinds)] if i % 7 else rng.choice(kinds)
        actor = rng.choice(users)
        subject = rng.choice(subjects) if object_type in ("supervision_sessions", "staff_profiles") else None
        w.add("audit_events", {
            "at": _noon(history_start) + timedelta(seconds=span * i / audit_total), "kind": kind, "action": action,
            "actor_id": actor, "actor_label": labels[actor], "object_type": object_type,
            "object_id": str(rng.randint(1, 5000)) if object_type else None, "subject_user_id": subject,
            "summary": f"{action} {i}", "ip": f"10.0.{i % 250}.{actor % 250}"}, with_id=True)
    w.flush()

    # --- done: sequences past the ids chosen here, statistics ---------------------------------------
    if conn.dialect.name == "postgresql":
        for name in w.next:
            if "id" in tables[name].c:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {name}))"))
    db.session.commit()
    if conn.dialect.name == "postgresql":
        # VACUUM as well as ANALYZE: a production server's autovacuum would have set the
        # visibility map by now (index-only scans depend on it); CI's PostgreSQL runs without
        # autovacuum. VACUUM cannot run inside a transaction.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as maintenance:
            maintenance.execute(text("VACUUM (ANALYZE)"))
    bench_profile = by_username["bench_ec"]
    return {
        "scale": scale, "seconds": clock.perf_counter() - began, "insert_seconds": w.seconds,
        "counts": dict(sorted(w.counts.items())),
        "team_id": teams[0], "monday": this_monday, "vacancy_id": vacancy_of_bench,
        "session_id": session_ids_by_supervisor[supervisors[0]["uid"]][-40], "project_id": bench_project,
        "ec_staff_id": bench_profile["pid"], "shift_id": team_zero_shift, "admin_id": admin["uid"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from config import Config
    from outreach import create_app

    settings = {key: getattr(Config, key) for key in dir(Config) if key.isupper()}
    app = create_app(settings | {"SQLALCHEMY_DATABASE_URI": args.database_url, "ENV_NAME": "development"})
    with app.app_context():
        upgrade()
        result = generate(args.scale)
    print(f"scale {args.scale}: built in {result['seconds']:.1f} s")
    for name, count in result["counts"].items():
        print(f"  {name:36} {count:>10}")


if __name__ == "__main__":
    main()
