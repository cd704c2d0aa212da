"""Concurrent edits: 20 leaders, each in a browser session of its own, change the same shift,
put people on that same shift and save the same job description draft at the same instant,
each sending the version it read. Then the check: every accepted change (2xx or the form's 303)
is in the database, the final state is the last accepted change, the audit log has a row for
every accepted one, no two changes were accepted from the same version, and every refused one
got 409 with the Norwegian conflict message (the job description keeping the typed text).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/outreach_load \
        .venv/bin/python benchmarks/load/concurrent_edit.py --host http://127.0.0.1:8765 \
        --accounts OUT/accounts.json [--rounds 5]

Needs the server started by run_load.sh (or any gunicorn on the load database) and the objects
prepare.py made for it: a team nobody else writes to, its leaders, a draft shift in week 3 and
a professional's draft job description. Prints the tally and PASS or FAIL (exit code 0 or 1).
"""

import argparse
import html
import json
import re
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import csrf_token, hidden  # noqa: E402  (also makes the cookie jar browser-like)

SHIFT_CONFLICT = ("Someone else saved this while you were editing. The form now shows what is saved; "
                  "make your change again if it is still needed.")
ROSTER_CONFLICT = ("Someone else changed the roster in the meantime. This is how it looks now; make your "
                   "change again if it is still needed.")


def norwegian(msgid: str) -> str:
    from babel.support import Translations

    from config import Config

    text = Translations.load(Config.BABEL_TRANSLATION_DIRECTORIES, ["nb"]).gettext(msgid)
    if text == msgid:
        sys.exit(f"no Norwegian translation for {msgid!r}")
    return text


class Client:
    def __init__(self, host: str, username: str, password: str):
        self.host, self.username = host, username
        self.http = requests.Session()
        page = self.http.get(f"{host}/login").text
        response = self.http.post(f"{host}/login", allow_redirects=False, data={
            "csrf_token": csrf_token(page), "username": username, "password": password, "next": ""})
        if response.status_code != 303:
            raise SystemExit(f"sign-in as {username}: {response.status_code}")
        self.csrf = ""

    def get(self, path: str, htmx: bool = False) -> str:
        response = self.http.get(self.host + path, headers={"HX-Request": "true"} if htmx else {})
        response.raise_for_status()
        self.csrf = csrf_token(response.text) or self.csrf
        return response.text

    def post(self, path: str, data, htmx: bool = False) -> requests.Response:
        headers = {"Referer": self.host + path}
        if htmx:
            headers |= {"HX-Request": "true", "X-CSRFToken": self.csrf}
        return self.http.post(self.host + path, data=[("csrf_token", self.csrf), *data], headers=headers,
                              allow_redirects=False)


def at_once(clients, read, write):
    """Every client reads (its own GET), all wait for each other, then all write at the same moment.
    Returns [(client index, payload or None if it had nothing to send, response)]."""
    barrier = threading.Barrier(len(clients))

    def one(i):
        try:
            payload = read(i, clients[i])
        finally:
            barrier.wait()
        return i, payload, (write(i, clients[i], payload) if payload is not None else None)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(one, range(len(clients))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8765")
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = json.loads(Path(args.accounts).read_text())
    setup = data["concurrent"]
    team, shift_id, staff_ids = setup["team_id"], setup["shift_id"], setup["staff_ids"]
    job_staff, week = setup["job_staff_id"], setup["week_start"]
    conflict_nb, roster_conflict_nb = norwegian(SHIFT_CONFLICT), norwegian(ROSTER_CONFLICT)

    from outreach import create_app

    app = create_app()
    with app.app_context():
        before = audit_counts(setup)
        staff_before = final_state(setup)["staff"]

    with ThreadPoolExecutor(8) as pool:
        clients = list(pool.map(lambda u: Client(args.host, u, data["password"]), setup["leaders"]))
    n = len(clients)
    tally = {target: Counter() for target in ("shift edit", "assignment", "job description")}
    problems: list[str] = []
    last_edit, last_text, assigned = None, None, set()

    def judge(target, rnd, results, accepted_status, conflict_text, keeps_typed=None):
        winners = []
        for i, payload, response in results:
            if response is None:
                tally[target]["not sent"] += 1
                continue
            body = html.unescape(response.text)
            if response.status_code == accepted_status:
                tally[target]["accepted"] += 1
                winners.append((i, payload))
            elif response.status_code == 409 and conflict_text in body:
                tally[target]["409 with the conflict message"] += 1
                if keeps_typed and keeps_typed(payload) not in body:
                    tally[target]["409 without the typed text"] += 1
                    problems.append(f"{target} round {rnd}: client {i}'s 409 lost the typed text")
            else:
                tally[target][f"other: {response.status_code}"] += 1
                said = re.search(r'class="flash flash-error"[^>]*>(.*?)</(?:p|div)>', body, re.S)
                said = re.sub(r"<[^>]+>", " ", said.group(1)).strip()[:200] if said else ""
                problems.append(f"{target} round {rnd}: client {i} got {response.status_code} {said}")
        if len(winners) != 1:
            problems.append(f"{target} round {rnd}: {len(winners)} accepted from the same version (want 1)")
        return winners

    for rnd in range(1, args.rounds + 1):
        # 1. The same shift's time and title, from the edit form (a plain form: 303 when saved).
        def read_shift(i, c, rnd=rnd):
            page = c.get(f"/shifts/{shift_id}/edit")
            return [("kind", "follow_up"), ("title", f"Samtidig r{rnd} c{i}"), ("day", hidden(page, "day")),
                    ("start", f"{8 + i % 10:02d}:{(rnd * 5) % 60:02d}"), ("end", f"{12 + i % 10:02d}:00"),
                    ("professionals_needed", str(n)), ("lived_experience_needed", "0"),
                    ("version", hidden(page, "version"))]

        results = at_once(clients, read_shift, lambda i, c, p: c.post(f"/shifts/{shift_id}/edit", p))
        for _i, payload in judge("shift edit", rnd, results, 303, conflict_nb):
            last_edit = dict(payload)

        # 2. Each leader puts its own professional on that shift from the grid (htmx: 200 when saved).
        def read_cell(i, c, last_edit=last_edit):
            day = last_edit["day"] if last_edit else week
            c.get(f"/teams/{team}/roster?start={week}")
            cell = c.get(f"/teams/{team}/roster/cell?staff={staff_ids[i]}&day={day}&start={week}&weeks=1", htmx=True)
            choice = re.search(rf'value="({shift_id}:\d+)"', cell)
            return None if choice is None else [("shift", choice.group(1)), ("staff_id", str(staff_ids[i])),
                                                ("reason", "Samtidig test")]

        results = at_once(clients, read_cell, lambda i, c, p: c.post(
            f"/teams/{team}/roster/assign?start={week}&weeks=1", p, htmx=True))
        for i, _payload in judge("assignment", rnd, results, 200, roster_conflict_nb):
            assigned.add(staff_ids[i])

        # 3. The same job description draft, the individual section (a plain form: 303 when saved).
        def read_draft(i, c, rnd=rnd):
            page = c.get(f"/jobs/people/{job_staff}/draft")
            frames = re.findall(r'name="(frame-[\w-]+)" value="1" checked', page)
            return [("version", hidden(page, "version")), ("text-individual", f"Samtidig tekst r{rnd} c{i}"),
                    *[(frame, "1") for frame in frames]]

        results = at_once(clients, read_draft, lambda i, c, p: c.post(f"/jobs/people/{job_staff}/draft", p))
        for _i, payload in judge("job description", rnd, results, 303, conflict_nb,
                                 keeps_typed=lambda p: dict(p)["text-individual"]):
            last_text = dict(payload)["text-individual"]

    with app.app_context():
        after = audit_counts(setup)
        final = final_state(setup)
    accepted = {target: tally[target]["accepted"] for target in tally}
    for target, action in (("shift edit", "shift.update"), ("assignment", "shift.assign"),
                           ("job description", "jobs.draft_edit")):
        if after[action] - before[action] != accepted[target]:
            problems.append(f"{target}: {after[action] - before[action]} {action} audit rows for "
                            f"{accepted[target]} accepted")
    if last_edit and (final["title"], final["start"]) != (last_edit["title"], last_edit["start"]):
        problems.append(f"shift is {final['title']} {final['start']}, the last accepted was "
                        f"{last_edit['title']} {last_edit['start']}")
    if final["staff"] != staff_before | assigned:
        problems.append(f"on the shift: {sorted(final['staff'])}, before the run {sorted(staff_before)}, "
                        f"accepted: {sorted(assigned)}")
    if last_text and final["individual"] != last_text:
        problems.append(f"job description reads {final['individual']!r}, the last accepted was {last_text!r}")

    print(f"{n} clients, {args.rounds} rounds; each round every client read, then all wrote at once")
    print("target            accepted  409+message  other  (audit rows added)")
    for target, action in (("shift edit", "shift.update"), ("assignment", "shift.assign"),
                           ("job description", "jobs.draft_edit")):
        t = tally[target]
        other = sum(v for k, v in t.items() if k.startswith("other"))
        print(f"{target:<17} {t['accepted']:>8}  {t['409 with the conflict message']:>11}  {other:>5}  "
              f"({after[action] - before[action]})" + (f"  not sent: {t['not sent']}" if t["not sent"] else ""))
    print(f"final shift: {final['title']} {final['start']}; on it: {len(final['staff'])}; "
          f"job description: {final['individual']!r}")
    for problem in problems:
        print("  PROBLEM:", problem)
    print("PASS" if not problems else "FAIL")
    return 0 if not problems else 1


def audit_counts(setup: dict) -> Counter:
    from outreach.audit.models import AuditEvent
    from outreach.extensions import db

    counts = Counter()
    for action, object_type, object_id in (("shift.update", "shifts", setup["shift_id"]),
                                           ("shift.assign", "shifts", setup["shift_id"]),
                                           ("jobs.draft_edit", "job_descriptions", setup["job_description_id"])):
        counts[action] = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.object_type == object_type,
            AuditEvent.object_id == str(object_id)))
    return counts


def final_state(setup: dict) -> dict:
    from outreach.core.timeutil import OSLO
    from outreach.extensions import db
    from outreach.jobs.models import JobDescription
    from outreach.shifts.models import Shift, ShiftAssignment

    shift = db.session.get(Shift, setup["shift_id"])
    description = db.session.get(JobDescription, setup["job_description_id"])
    draft = description.draft
    return {
        "title": shift.title, "start": f"{shift.starts_at.astimezone(OSLO):%H:%M}",
        "staff": set(db.session.scalars(db.select(ShiftAssignment.staff_id)
                                        .where(ShiftAssignment.shift_id == shift.id))),
        "individual": next(s["text"] for s in draft.sections if s["key"] == "individual"),
    }


if __name__ == "__main__":
    sys.exit(main())
