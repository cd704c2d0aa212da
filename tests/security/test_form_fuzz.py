"""Every form, fuzzed: each route that takes a POST gets submissions with long text, control
characters and NUL, other scripts, numbers where text belongs and text where numbers, dates
and ids belong, huge and negative numbers, missing, repeated and unknown fields, from a user
who may use the form, as a plain form post and as htmx. Never a server error; and when the
answer says the input was refused, nothing was saved.

The routes come from `app.url_map`, their fields from the form classes the views build and
from the page that holds the form (fuzz_helpers.py), so a new form is fuzzed without editing
this file. A new route that none of ACTORS can reach with _path_values' objects fails the
walk: give it an object here (_route_values) or an actor.
"""

import logging
import os
import re
import time
import traceback
from datetime import date
from datetime import time as clock
from urllib.parse import urlsplit

import pytest
from fuzz_helpers import (
    Watch,
    flashed_errors,
    page_forms,
    refused,
    submissions,
    takes_no_fields,
    view_fields,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_platform import _path_values, _routes
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from outreach.auth.models import User
from outreach.auth.policy import PUBLIC, can, rule_for
from outreach.extensions import db

# Generated submissions per form, besides the first try and the one with NUL everywhere. The
# suite runs on both databases within CI's time; FUZZ_EXAMPLES=50 fuzzes deeper locally.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
TOO_MANY_DIGITS = "9" * 5000
CALENDAR_ENDS = ("9999-12-31", "0001-01-01")

# Who may use the forms of _path_values' objects: each route is fuzzed as the first of these
# that the route's rule and the object's own rule let through.
ACTORS = ("admin", "tl4", "tl3", "tl1", "leder", "hr", "veileder", "ek3", "fag2", "ek2", "lp3", "fag24", "tl2",
          "ek1")

# Routes that remove or close what other forms need are fuzzed last, the administrator's
# changes to accounts after them (they may sign fag24 out), signing out last of all.
CLOSES = re.compile(r"(withdraw|archive|cancel|reject|hire|close|publish|active|accept|agree|sign)$")
REMOVES = re.compile(r"(delete|remove|discard)$")


def _order(rule) -> tuple:
    name = rule.endpoint.rsplit(".", 1)[-1]
    return (rule.endpoint == "auth.logout", "user_id" in rule.arguments, bool(REMOVES.search(name)),
            bool(CLOSES.search(name)), rule.endpoint)


def _route_values(values: dict) -> dict[str, dict]:
    """Objects in the state a few routes need, beyond _path_values' (by endpoint)."""
    from outreach.hkh.models import REPORT_SECTIONS
    from outreach.recruitment import guides
    from outreach.recruitment.models import InterviewGuide
    from outreach.supervision import sessions
    from outreach.supervision.models import SupervisionGroup, TalkRequest

    supervisor, ek3, ek1, hr = (db.session.scalar(db.select(User).where(User.username == name))
                                for name in ("veileder", "ek3", "ek1", "hr"))
    planned = sessions.create_session(supervisor, sessions.SessionInput(
        kind="individual", day=date(2026, 6, 15), start=clock(10), duration_minutes=60, participant_ids=[ek3.id]),
        actor=supervisor)
    group = SupervisionGroup(name="Fuzz-gruppe", supervisor_id=supervisor.id, members=[ek3, ek1])
    talk = TalkRequest(requester_id=ek1.id, supervisor_id=supervisor.id, topic="")
    db.session.add_all([group, talk])
    db.session.commit()
    # The walk publishes _path_values' draft before it would discard it: another guide's draft.
    other = db.session.scalar(db.select(InterviewGuide).where(InterviewGuide.id != values["guide_id"])
                              .order_by(InterviewGuide.id))
    guides.start_draft(other, actor=hr)
    held = sessions.create_session(supervisor, sessions.SessionInput(
        kind="group", day=date(2026, 6, 8), start=clock(12), duration_minutes=90, status="held", group_id=group.id),
        actor=supervisor)
    # item_id names different tables on different routes; on PostgreSQL the ids of one table
    # do not line up with another's (sequences are not reset between tests): each its own.
    from outreach.recruitment.models import (
        ChecklistTemplateItem,
        OnboardingItem,
        OnboardingTemplateItem,
        VacancyCheckItem,
    )

    first = lambda model, *where: db.session.scalar(db.select(model.id).where(*where).order_by(model.id))  # noqa: E731
    checklist = {"item_id": first(ChecklistTemplateItem)}
    onboarding = {"item_id": first(OnboardingTemplateItem)}
    return {
        **dict.fromkeys(("recruitment.settings_checklist_edit", "recruitment.settings_checklist_move",
                         "recruitment.settings_checklist_active"), checklist),
        **dict.fromkeys(("recruitment.settings_onboarding_edit", "recruitment.settings_onboarding_active"),
                        onboarding),
        "recruitment.checklist_tick": {"item_id": first(VacancyCheckItem,
                                                        VacancyCheckItem.vacancy_id == values["vacancy_id"])},
        "recruitment.onboarding_tick": {"item_id": first(OnboardingItem, OnboardingItem.plan_id == values["plan_id"])},
        "supervision.preparation": {"session_id": planned.id},
        "supervision.session_attendance": {"session_id": held.id},
        "hkh.report_section": {"key": next(iter(REPORT_SECTIONS))},
        "supervision.talk_close": {"request_id": talk.id},  # to the demo's supervisor
        "recruitment.draft_discard": {"guide_id": other.id},
    }


class _Errors(logging.Handler):
    """What a server error was (the app logs it, core/errors.py): the exception and the
    application's innermost line."""

    def __init__(self, fuzz):
        super().__init__(logging.ERROR)
        self.fuzz = fuzz

    def emit(self, record):
        if not record.exc_info:
            return
        exception = record.exc_info[1]
        frames = [f for f in traceback.extract_tb(exception.__traceback__) if "/outreach/" in f.filename]
        where = f" at {frames[-1].filename.split('/outreach/')[-1]}:{frames[-1].lineno}" if frames else ""
        self.fuzz.error = f"{type(exception).__name__}: {str(exception).splitlines()[0][:160]}{where}"


class Fuzz:
    """The walk's state: one signed-in client per actor, the watch on the database, the
    pages seen (a list page holding a form is fetched once; an edit page again after a save),
    and what went wrong."""

    def __init__(self, app):
        self.app = app
        self.adapter = app.url_map.bind("localhost")
        self.clients = {}
        self.pages: dict[tuple, str] = {}
        self.watch = Watch()
        self.failures: list[str] = []
        self.submitted = 0
        self.error = ""
        self.errors = _Errors(self)
        app.logger.addHandler(self.errors)

    def client(self, username):
        if username not in self.clients:
            client = self.app.test_client()
            if username and client.login(username, "demo").status_code != 303:
                return None  # the account was deactivated by an earlier form
            self.watch.changes()  # signing in is saved (the last sign-in), not a submission
            self.clients[username] = client
        return self.clients[username]

    def submit(self, endpoint, username, url, data, as_htmx=False) -> int:
        client = self.client(username)
        if client is None:
            return 403
        data = {name: values for name, values in data.items() if not name.endswith("csrf_token")}
        for name in [*(n for n in data if n.endswith("csrf_token")), "csrf_token"]:
            data[name] = client.csrf_token()
        response = client.htmx("POST", url, data) if as_htmx else client.form(url, data)
        self.submitted += 1
        status, changes = response.status_code, self.watch.changes()
        # A page shows what was flashed for it; a redirect leaves it for the next page.
        flashed = flashed_errors(client) if status in (204, 301, 302, 303) else []
        if changes:
            self.pages.pop((username, urlsplit(url).path), None)  # an edit form's version is new
        where = f"{endpoint} as {username} ({'htmx' if as_htmx else 'form'}) -> {status}"
        shown = {name: [v[:30] + ("…" if len(v) > 30 else "") for v in values]
                 for name, values in data.items() if not name.endswith("csrf_token")}
        if status >= 500:
            self.failures.append(f"{where}: server error ({self.error}) with {shown}")
        elif refused(response, flashed) and changes:
            self.failures.append(f"{where}: refused ({flashed or 'on the page'}) but saved {changes} with {shown}")
        if "/login" in response.headers.get("Location", "") and username:
            self.clients.pop(username)  # signed out
        return status

    def page(self, username, path) -> str:
        """A page as the user saw it."""
        if (username, path) not in self.pages:
            client = self.client(username)
            response = client.get(path)
            self.pages[username, path] = response.get_data(as_text=True) if response.status_code == 200 else ""
        return self.pages[username, path]

    def form_on_pages(self, username, url):
        """The fields and a browser's values of the route's form, from the first page up the
        route's path that holds it (an edit page, the object's page, the list)."""
        path = urlsplit(url).path.rstrip("/")
        while path:
            try:
                self.adapter.match(path, method="GET")
                page = path
            except RequestRedirect:
                page = path + "/"  # /hkh is /hkh/
            except (NotFound, MethodNotAllowed):
                page = None
            if page:
                forms = page_forms(self.page(username, page), url, page)
                if forms:
                    return {n: f for form in forms for n, f in form["fields"].items()}, forms[0]["values"]
            path = path.rsplit("/", 1)[0]
        return {}, {}


def _generated(fuzz, endpoint, actor, url, strategy):
    """EXAMPLES submissions drawn by hypothesis, each as a form post or (two in three) htmx."""

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(data=strategy, as_htmx=st.integers(0, 2).map(bool))
    def attempt(data, as_htmx):
        fuzz.submit(endpoint, actor, url, data, as_htmx)

    attempt()


@pytest.fixture
def walk(demo):
    values = _path_values()
    return values, _route_values(values)


def test_every_form_survives_fuzzing_and_saves_nothing_it_refused(app, walk, capsys):
    started, cpu = time.monotonic(), time.process_time()
    values, route_values = walk
    ids = sorted({v for v in values.values() if isinstance(v, int) and not isinstance(v, bool)})
    users = {name: db.session.scalar(db.select(User).where(User.username == name)) for name in ACTORS}
    routes = sorted((rule for rule in _routes(app) if "POST" in rule.methods), key=_order)
    preferred: dict[str, str] = {}  # who last reached a route with this path argument
    permitted: dict[str, list[str]] = {}  # who the route rules let through, by rule
    unreached, blind, fuzzed = [], [], 0
    fuzz = Fuzz(app)
    try:
        for rule in routes:
            url = rule.build(values | route_values.get(rule.endpoint, {}), append_unknown=False)[1]
            action = rule_for(rule.endpoint)
            if action == PUBLIC:
                actors = [None]
            else:
                if action not in permitted:
                    permitted[action] = [name for name in ACTORS if can(users[name], action)]
                # Whoever last reached an object of the route's most specific argument first.
                known = [preferred[arg] for arg in reversed(list(rule.arguments)) if arg in preferred]
                actors = sorted(permitted[action], key=lambda name: known.index(name) if name in known else 99)
            # The first try, every field missing: whoever is not refused access uses the form.
            actor = next((name for name in actors
                          if fuzz.submit(rule.endpoint, name, url, {}, as_htmx=True) not in (403, 404)), False)
            if actor is False:
                unreached.append(rule.endpoint)
                continue
            preferred |= dict.fromkeys(rule.arguments, actor)
            fuzzed += 1
            page_fields, baseline = fuzz.form_on_pages(actor, url)
            fields = page_fields | view_fields(app.view_functions[rule.endpoint])
            if not fields and not takes_no_fields(app.view_functions[rule.endpoint]):
                blind.append(rule.endpoint)  # it reads input, but neither its forms nor its page showed which
            free_text = [n for n, f in fields.items() if f.kind not in ("choice", "multi", "bool")]
            # NUL in every text field at once: PostgreSQL refuses it in text, the form must first.
            fuzz.submit(rule.endpoint, actor, url, baseline | {n: ["Tekst\x00med NUL"] for n in free_text})
            # A number past the digits Python's int() takes (4 300), in each field alone: in
            # all at once, the first field refused would hide what the others do with it.
            for name, info in fields.items():
                if not name.endswith("csrf_token"):
                    fuzz.submit(rule.endpoint, actor, url, baseline | {name: [TOO_MANY_DIGITS]})
                # The calendar's ends, where the week or the hours around a day leave it.
                for day in CALENDAR_ENDS if info.kind == "date" else ():
                    fuzz.submit(rule.endpoint, actor, url, baseline | {name: [day]})

            _generated(fuzz, rule.endpoint, actor, url, submissions(fields, baseline, ids))
    finally:
        fuzz.watch.close()
        app.logger.removeHandler(fuzz.errors)
    with capsys.disabled():
        print(f"\n{fuzzed} forms fuzzed with {fuzz.submitted} submissions in {time.monotonic() - started:.1f} s"
              f" ({time.process_time() - cpu:.1f} s CPU)")
    assert fuzz.failures == [], "\n".join(fuzz.failures)
    assert unreached == [], f"routes no actor could reach (give them an object in _route_values): {unreached}"
    assert blind == [], f"routes whose fields the walk could not find (fuzz_helpers.view_fields): {blind}"
    assert fuzzed == len(routes) > 100


def test_the_fuzz_tells_a_saved_submission_from_a_refused_one(app, client, make_user):
    """What the walk relies on: a valid submission is not taken for a refusal and its row is
    seen; a refused one is seen as refused, with nothing written."""
    make_user("sjef", roles=["admin"])
    client.login("sjef")
    watch = Watch()
    try:
        for send in (client.form, lambda url, data: client.htmx("POST", url, data)):
            response = send("/teams/new", {"name": "", "description": "Uten navn"})
            assert refused(response, flashed_errors(client)) and watch.changes() == []
            response = send("/teams/new", {"name": f"Team {len(watch.counts)}-{id(send)}", "description": ""})
            assert not refused(response, flashed_errors(client))
            assert any(change.startswith("teams: ") for change in watch.changes())
        response = client.form("/teams/new", {"name": "x" * 10_001})
        assert refused(response, flashed_errors(client)) and watch.changes() == []
    finally:
        watch.close()
