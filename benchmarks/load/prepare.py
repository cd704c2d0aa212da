"""Accounts and objects for the load test and the concurrent-edit run, on top of the demo section.

Run on the load database after `flask --app wsgi seed-demo` (not in production mode: it sets
up test data), e.g.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/outreach_load \
        .venv/bin/python benchmarks/load/prepare.py --out /tmp/load/accounts.json

Everything goes through the app's services (audited like real data), except that the
experience consultants' past shifts are published and staffed directly: the setup, not the
thing measured. Each simulated user gets its own account and its own objects to write to
(a leader edits only shifts it created, an EC reports on its own shifts, a supervisor writes
in its own session, an HR adviser rates on its own interview), so that a lost write shows as
a difference between what the client was told and what the database holds, not as a race
between users. The demo accounts' password "demo" is refused in production, so every load
account has LOAD_PASSWORD.
"""

import argparse
import json
import sys
from datetime import time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

LOAD_PASSWORD = "lasttest-passord-9x"
# Accounts per kind of simulated user: more than any run needs (-u 50 takes about a third of each).
COUNTS = {"leader": 24, "ec": 30, "supervisor": 16, "hr": 16, "browser": 24}
CONCURRENT_CLIENTS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="where to write the accounts (JSON)")
    parser.add_argument("--clients", type=int, default=CONCURRENT_CLIENTS)
    args = parser.parse_args()

    from outreach import create_app

    app = create_app()
    with app.app_context():
        data = prepare(args.clients)
    Path(args.out).write_text(json.dumps(data, indent=1))
    print(f"wrote {args.out}: " + ", ".join(f"{len(v)} {k}" for k, v in data["accounts"].items()))


def prepare(clients: int) -> dict:
    from outreach.auth import services as accounts
    from outreach.auth.models import User
    from outreach.core.timeutil import OSLO, utcnow
    from outreach.extensions import db
    from outreach.jobs import services as jobs
    from outreach.people import services as people
    from outreach.people.models import StaffProfile, Team
    from outreach.recruitment import interviews
    from outreach.recruitment.models import Interview
    from outreach.shifts import services as shifts
    from outreach.shifts.models import ShiftAssignment
    from outreach.supervision import sessions

    admin = db.session.scalar(db.select(User).where(User.username == "admin"))
    teams = db.session.scalars(db.select(Team).order_by(Team.id)).all()
    if len(teams) < 4 or admin is None:
        sys.exit("load the demo section first: flask --app wsgi seed-demo")

    def user(username, full_name, roles, team_ids=(), role_type=None):
        created, _ = accounts.create_user(
            username=username, full_name=full_name, roles=roles, team_ids=list(team_ids), role_type=role_type,
            password=LOAD_PASSWORD, must_change_password=False, actor=admin,
        )
        return created

    today = utcnow().astimezone(OSLO).date()
    monday = today - timedelta(days=today.weekday())
    out: dict[str, list] = {kind: [] for kind in COUNTS}

    # Team professionals a leader may put on its shifts (demo fag1..fag24, six a team).
    pros = {t.id: [p.id for p in t.members if p.role_type == "professional" and p.user.username.startswith("fag")]
            for t in teams}

    for n in range(1, COUNTS["leader"] + 1):
        team = teams[(n - 1) % 4]
        u = user(f"last_tl{n:02d}", f"Last Teamleder {n}", ["leader", "professional"], [team.id])
        out["leader"].append({"username": u.username, "team_id": team.id, "staff_ids": pros[team.id]})

    # ECs: two published outreach shifts each, last week, with a professional beside them.
    for n in range(1, COUNTS["ec"] + 1):
        team = teams[(n - 1) % 4]
        u = user(f"last_ek{n:02d}", f"Last Erfaringskonsulent {n}", ["ec"], [team.id], role_type="ec")
        shift_ids = []
        for k in range(2):
            day = monday - timedelta(days=7 - (n + k) % 7)
            shift = shifts.create_shift(team, kind="outreach", day=day, start=time(18 + k * 2), end=time(19 + k * 2),
                                        title=f"Lasttest {n}.{k}", professionals_needed=1, lived_experience_needed=1,
                                        actor=admin, commit=False)
            shift.status = "published"
            shift.assignments = [ShiftAssignment(staff_id=u.profile.id),
                                 ShiftAssignment(staff_id=pros[team.id][(n + k) % len(pros[team.id])])]
            db.session.commit()
            shift_ids.append(shift.id)
        out["ec"].append({"username": u.username, "shift_ids": shift_ids, "profile_id": u.profile.id})

    # Supervisors: each has a held individual session with one of the load ECs.
    ecs = db.session.scalars(db.select(User).where(User.username.like("last_ek%")).order_by(User.username)).all()
    for n in range(1, COUNTS["supervisor"] + 1):
        u = user(f"last_veil{n:02d}", f"Last Veileder {n}", ["supervisor", "professional"])
        session = sessions.create_session(u, sessions.SessionInput(
            kind="individual", day=today - timedelta(days=1 + n % 5), start=time(10), duration_minutes=60,
            status="held", participant_ids=[ecs[n % len(ecs)].id]), actor=u)
        out["supervisor"].append({"username": u.username, "session_id": session.id})

    # HR: each sits alone on its own interview of the demo's first interviewed candidate.
    template = db.session.scalar(db.select(Interview).order_by(Interview.id))
    for n in range(1, COUNTS["hr"] + 1):
        u = user(f"last_hr{n:02d}", f"Last HR {n}", ["hr"], role_type="administrative")
        interview = interviews.plan_interview(template.candidate, interviews.InterviewInput(
            guide_version_id=template.guide_version_id, day=today + timedelta(days=n % 10), start=time(9 + n % 6),
            duration_minutes=60, place="Møterom", panel_ids=[u.id]), actor=admin)
        out["hr"].append({"username": u.username, "interview_id": interview.id})

    for n in range(1, COUNTS["browser"] + 1):
        team = teams[(n - 1) % 4]
        u = user(f"last_fag{n:02d}", f"Last Fagansatt {n}", ["professional"], [team.id], role_type="professional")
        out["browser"].append({"username": u.username, "team_id": team.id})

    # The concurrent-edit run: a team of its own (nothing else writes there), `clients` leaders
    # on it, as many professionals with no other shift, one draft shift in week 3 and one
    # professional's draft job description.
    team = people.create_team(name="Lasttest samtidig")
    people.add_area(team, name="Lasttest område")
    leaders = [user(f"last_ce{n:02d}", f"Samtidig Leder {n}", ["leader", "professional"], [team.id])
               for n in range(1, clients + 1)]
    staff = [user(f"last_cep{n:02d}", f"Samtidig Fagansatt {n}", ["professional"], [team.id],
                  role_type="professional") for n in range(1, clients + 1)]
    shift = shifts.create_shift(team, kind="follow_up", day=monday + timedelta(days=15), start=time(10), end=time(14),
                                title="Samtidig", professionals_needed=clients, actor=leaders[0])
    profile = db.session.get(StaffProfile, staff[0].profile.id)
    description = jobs.start(profile, actor=leaders[0])
    return {
        "password": LOAD_PASSWORD,
        "accounts": out,
        "concurrent": {
            "team_id": team.id, "shift_id": shift.id, "week_start": (monday + timedelta(days=14)).isoformat(),
            "leaders": [u.username for u in leaders], "staff_ids": [u.profile.id for u in staff],
            "job_staff_id": profile.id, "job_description_id": description.id,
        },
    }


if __name__ == "__main__":
    main()
