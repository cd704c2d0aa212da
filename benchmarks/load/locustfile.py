"""Load test: leaders planning rosters, ECs filing shift reports, supervisors writing session
notes, HR rating interviews and colleagues browsing, against gunicorn in production mode.

    LOAD_ACCOUNTS=/tmp/load/accounts.json LOAD_WRITES=/tmp/load/writes.jsonl \
        .venv/bin/locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8000 --headless -u 50 -r 5 -t 5m

Usually started by benchmarks/load/run_load.sh. The accounts and the objects each one writes to
come from prepare.py. Every simulated user signs in once with an account of its own, reads each
page as a browser does (the CSRF token from the page), and posts the forms the pages hold: a plain
form where the page has one, the htmx request (HX-Request, X-CSRFToken) where the page uses htmx.
Each write the server accepts is appended to LOAD_WRITES with a unique marker in its text, and
check_writes.py looks for every one of them in the database afterwards.

The client behaves like a browser towards http://127.0.0.1 (Secure cookies; see browser.py),
so the server runs with exactly production's settings.
"""

import itertools
import json
import os
import random
import re
import threading
from datetime import date, timedelta

from browser import csrf_token, hidden, letters  # also makes the cookie jar browser-like
from locust import HttpUser, between, task
from locust.exception import StopUser

ACCOUNTS = json.loads(open(os.environ.get("LOAD_ACCOUNTS", "/tmp/load/accounts.json")).read())
WRITES_PATH = os.environ.get("LOAD_WRITES", "/tmp/load/writes.jsonl")
PASSWORD = ACCOUNTS["password"]
_writes = open(WRITES_PATH, "a", buffering=1)
_writes_lock = threading.Lock()
_next_account = {kind: itertools.count() for kind in ACCOUNTS["accounts"]}

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())
PANEL_SLOT = re.compile(r'class="panel-slot"[^>]*hx-get="([^"]+)"')


class OutreachUser(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(2, 6)

    def on_start(self):
        index = next(_next_account[self.kind])
        pool = ACCOUNTS["accounts"][self.kind]
        if index >= len(pool):
            raise StopUser(f"no {self.kind} account left: run prepare.py with more")
        self.account = pool[index]
        self.tag = f"{self.kind[:3]}{letters(index)}"
        self.seq = 0
        self.csrf = ""
        page = self.page("/login", "/login")
        with self.client.post("/login", data={"csrf_token": self.csrf, "username": self.account["username"],
                                              "password": PASSWORD, "next": ""},
                              allow_redirects=False, catch_response=True, name="/login [POST]") as response:
            if response.status_code != 303:
                response.failure(f"sign-in as {self.account['username']}: {response.status_code}")
                raise StopUser()
        del page
        self.min_side()  # where the sign-in lands

    # --- helpers ------------------------------------------------------------------------------

    def marker(self) -> str:
        self.seq += 1
        return f"lt-{self.tag}-{letters(self.seq)}"

    def page(self, url: str, name: str, *, htmx: bool = False) -> str:
        headers = {"HX-Request": "true"} if htmx else {}
        with self.client.get(url, name=name, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"GET {url}: {response.status_code}")
                return ""
            self.csrf = csrf_token(response.text) or self.csrf
            return response.text

    def min_side(self) -> None:
        """The start page, then each of its panels as the page's htmx loads them."""
        page = self.page("/", "/")
        for url in PANEL_SLOT.findall(page):
            self.page(url, "/panels/[name]", htmx=True)

    def form(self, url: str, name: str, data: dict, *, expect=(303,), htmx: bool = False):
        """POST as the page would; returns the response, marked failed unless its status is expected
        (a refusal the app means, such as a rule that blocks, is passed in `expect` by the caller)."""
        headers = {"Referer": self.host + url}
        if htmx:
            headers |= {"HX-Request": "true", "X-CSRFToken": self.csrf}
        with self.client.post(url, data={"csrf_token": self.csrf, **data}, headers=headers, name=name,
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code in expect:
                response.success()  # a 422 the caller expects is the app's answer, not an error
            else:
                response.failure(f"POST {url}: {response.status_code}")
            return response

    def record(self, kind: str, **fields) -> None:
        line = json.dumps({"kind": kind, "user": self.account["username"], **fields})
        with _writes_lock:
            _writes.write(line + "\n")


class Leader(OutreachUser):
    """Plans the team's roster in the weeks after the demo's four: views the grid, adds shifts,
    moves them and puts professionals on them, only on shifts it added itself."""

    kind = "leader"
    weight = 10

    def on_start(self):
        super().on_start()
        self.team = self.account["team_id"]
        self.shifts: list[dict] = []

    @task(4)
    def view_week(self):
        self.page(f"/teams/{self.team}/roster", "/teams/[id]/roster")

    @task(1)
    def view_four_weeks(self):
        self.page(f"/teams/{self.team}/roster?weeks=4", "/teams/[id]/roster?weeks=4")

    @task(2)
    def add_shift(self):
        day = MONDAY + timedelta(days=random.randint(28, 55))
        self.page(f"/teams/{self.team}/shifts/new?day={day}", "/teams/[id]/shifts/new")
        title, hour = self.marker(), random.randint(8, 18)
        kind = random.choice(["outreach", "follow_up", "office", "group"])
        fields = {"kind": kind, "title": title, "day": day.isoformat(), "start": f"{hour:02d}:00",
                  "end": f"{hour + 3:02d}:30", "professionals_needed": "1", "lived_experience_needed": "0"}
        response = self.form(f"/teams/{self.team}/shifts/new", "/teams/[id]/shifts/new [POST]", fields)
        if response.status_code != 303:
            return
        day_page = self.page(response.headers["Location"], "/teams/[id]/roster/day/[day]")
        found = re.search(r'id="shift-(\d+)">\s*<header>\s*<strong>[^<]*</strong>: ' + re.escape(title), day_page)
        if found is None:
            response.failure(f"the new shift {title} is not on its day")
            return
        shift = {"shift_id": int(found.group(1)), **fields}
        self.shifts.append(shift)
        self.record("shift_create", **self._as_written(shift))

    @task(2)
    def move_shift(self):
        if not self.shifts:
            return
        shift = random.choice(self.shifts)
        page = self.page(f"/shifts/{shift['shift_id']}/edit", "/shifts/[id]/edit")
        day = MONDAY + timedelta(days=random.randint(28, 55))
        hour = random.randint(8, 18)
        fields = {**{k: shift[k] for k in ("kind", "professionals_needed", "lived_experience_needed")},
                  "title": self.marker(), "day": day.isoformat(), "start": f"{hour:02d}:15",
                  "end": f"{(hour + 4) % 24:02d}:00", "version": hidden(page, "version")}
        response = self.form(f"/shifts/{shift['shift_id']}/edit", "/shifts/[id]/edit [POST]", fields)
        if response.status_code == 303:
            shift.update({k: v for k, v in fields.items() if k != "version"})
            self.record("shift_update", **self._as_written(shift))
            self.client.get(response.headers["Location"], name="/teams/[id]/roster/day/[day]")

    @staticmethod
    def _as_written(shift: dict) -> dict:
        return {("shift_kind" if k == "kind" else k): v for k, v in shift.items()}

    @task(3)
    def assign(self):
        if not self.shifts:
            return
        shift = random.choice(self.shifts)
        staff = random.choice(self.account["staff_ids"])
        day = date.fromisoformat(shift["day"])
        start = day - timedelta(days=day.weekday())
        self.page(f"/teams/{self.team}/roster?start={start}", "/teams/[id]/roster")
        cell = self.page(f"/teams/{self.team}/roster/cell?staff={staff}&day={day}&start={start}&weeks=1",
                         "/teams/[id]/roster/cell", htmx=True)
        choice = re.search(rf'value="({shift["shift_id"]}:\d+)"', cell)
        if choice is None:
            return  # already on it
        # 422: a rule set to block refuses it (double booking, rest, hours): the app's answer, not an error.
        response = self.form(f"/teams/{self.team}/roster/assign?start={start}&weeks=1",
                             "/teams/[id]/roster/assign [POST]",
                             {"shift": choice.group(1), "staff_id": str(staff), "reason": "Lasttest"},
                             expect=(200, 422), htmx=True)
        if response.status_code == 200:
            self.record("assign", shift_id=shift["shift_id"], staff_id=staff)
        elif response.status_code == 422:
            self.record("assign_refused", shift_id=shift["shift_id"], staff_id=staff)


class Reporter(OutreachUser):
    """An experience consultant writing the report of last week's outreach shifts."""

    kind = "ec"
    weight = 12

    @task(1)
    def start_page(self):
        self.min_side()

    @task(3)
    def file_report(self):
        shift_id = random.choice(self.account["shift_ids"])
        page = self.page(f"/shifts/{shift_id}/report", "/shifts/[id]/report")
        marker = self.marker()
        fields = {"body": f"Rolig kveld, {marker}.", "contacts": str(random.randint(0, 30)),
                  "themes": "Bolig, rus", "incidents": "", "version": hidden(page, "version")}
        if random.random() < 0.2:
            fields["needs_debrief"] = "y"
        response = self.form(f"/shifts/{shift_id}/report", "/shifts/[id]/report [POST]", fields,
                             expect=(200,), htmx=True)
        if response.status_code == 200:
            self.record("report", shift_id=shift_id, marker=marker)


class Supervisor(OutreachUser):
    """A supervisor writing the private notes of a session held last week."""

    kind = "supervisor"
    weight = 8

    @task(2)
    def view_session(self):
        self.page(f"/supervision/{self.account['session_id']}", "/supervision/[id]")

    @task(3)
    def write_notes(self):
        session_id = self.account["session_id"]
        page = self.page(f"/supervision/{session_id}/private", "/supervision/[id]/private", htmx=True)
        marker = self.marker()
        response = self.form(f"/supervision/{session_id}/private", "/supervision/[id]/private [POST]",
                             {"private-body": f"Snakket om grenser, {marker}.",
                              "private-version": hidden(page, "private-version")}, expect=(200,), htmx=True)
        if response.status_code == 200:
            self.record("private_note", session_id=session_id, marker=marker)


class Rater(OutreachUser):
    """An HR adviser rating the questions of an interview it sits on (saved as a draft)."""

    kind = "hr"
    weight = 8

    @task(1)
    def view_interview(self):
        self.page(f"/recruitment/interviews/{self.account['interview_id']}", "/recruitment/interviews/[id]")

    @task(3)
    def rate(self):
        interview_id = self.account["interview_id"]
        page = self.page(f"/recruitment/interviews/{interview_id}", "/recruitment/interviews/[id]")
        questions = [int(q) for q in re.findall(r'name="question" value="(\d+)"', page)]
        if not questions:
            return
        marker = self.marker()
        ratings = {q: random.randint(1, 5) for q in questions}
        data = [("question", str(q)) for q in questions]
        data += [(f"q{q}-rating", str(r)) for q, r in ratings.items()]
        data += [(f"q{questions[0]}-notes", f"Godt svar, {marker}."), ("notes", f"Samlet: {marker}."),
                 ("recommendation", ""), ("action", "save")]
        response = self._pairs(f"/recruitment/interviews/{interview_id}/ratings",
                               "/recruitment/interviews/[id]/ratings [POST]", data)
        if response.status_code == 200:
            self.record("rating", interview_id=interview_id, marker=marker, ratings=ratings)

    def _pairs(self, url, name, pairs, expect=(200,)):
        """The rating form posts repeated fields: a list of pairs, the token first, as htmx does."""
        headers = {"Referer": self.host + url, "HX-Request": "true", "X-CSRFToken": self.csrf}
        with self.client.post(url, data=[("csrf_token", self.csrf), *pairs], headers=headers, name=name,
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code in expect:
                response.success()  # a 422 the caller expects is the app's answer, not an error
            else:
                response.failure(f"POST {url}: {response.status_code}")
            return response


class Browser(OutreachUser):
    """A colleague looking things up: the start page, the staff list and its search, a profile,
    the team's published roster."""

    kind = "browser"
    weight = 12

    @task(3)
    def start_page(self):
        self.min_side()

    @task(3)
    def staff_list(self):
        self.page("/people/", "/people/")

    @task(2)
    def staff_search(self):
        needle = random.choice(["berg", "dahl", "last", "ek", "sos", "lie"])
        self.page(f"/people/?q={needle}", "/people/?q=", htmx=random.random() < 0.5)

    @task(1)
    def profile(self):
        self.page(f"/people/{random.randint(1, 60)}", "/people/[id]")

    @task(1)
    def team_roster(self):
        self.page(f"/teams/{self.account['team_id']}/roster", "/teams/[id]/roster")
