"""Other people's objects, by id: every route whose path names an object refuses a user who may
not see that object, with 404 or 403, and the refusal is in the audit log as DENIED.

The routes come from `app.url_map`: every path argument that names an object (`..._id`, and
the calendar feed's `token`) is covered. A route with an id of a new kind fails the test with
"no foreign object for <arg>" until FOREIGN below says whose object to try and who tries it.

The walkers are chosen so that the route rule lets them through and only the object stops
them: a leader of one team with another team's people, shifts and patterns; an EC with another
EC's reflection note, job description and talk request; a second supervisor with a session
they are not in; a panel member of one vacancy (and its leader) with another vacancy's
candidates. The objects are test_platform's `_path_values`: ek3 (Voksne i det åpne rusmiljøet),
Vaterland's roster, tl1's hiring on Mindreårige, a HKH project of fag2's.
"""

import re
from dataclasses import dataclass
from datetime import date, time

from security_helpers import denials, row_counts
from test_platform import _path_values, _routes

from outreach.audit.models import AuditEvent, AuditKind
from outreach.auth import services as accounts
from outreach.auth.models import User
from outreach.auth.policy import can, rule_for
from outreach.extensions import db
from outreach.people.models import Team

# An argument that names one object; the part of the path up to the first one is its family.
OBJECT_ARG = re.compile(r"<(?:\w+:)?(\w+_id|token)>")


@dataclass
class Foreign:
    walkers: tuple[str, ...]  # they take the family's routes in turn (those their route rule lets them into)
    why: str


# The family (the path up to its first object argument) -> who tries whose object.
FOREIGN = {
    "/absence/<int:absence_id>": Foreign(("tl2",), "ek3's absence; tl2 leads Unge voksne, not ek3's team"),
    "/accommodation/<int:accommodation_id>": Foreign(("tl2",), "ek3's accommodation (health-related)"),
    "/areas/<int:area_id>": Foreign(("tl2",), "an area of Vaterland, which tl2 does not lead"),
    "/availability/<int:availability_id>": Foreign(("lp1",), "lp3's offered evening; lp1 is another peer"),
    "/calendar/teams/<int:team_id>": Foreign(("tl2",), "Vaterland's team feed"),
    "/hkh/<int:project_id>": Foreign(("fag1",), "a project fag1 is not in the working group of, and no leader"),
    "/hkh/measures/<int:measure_id>": Foreign(("fag1",), "a measure of that project"),
    "/hkh/reviews/<int:review_id>": Foreign(("fag1",), "a follow-up review of that project"),
    "/jobs/people/<int:staff_id>": Foreign(("tl2", "ek1"), "ek3's job description"),
    "/jobs/proposals/<int:proposal_id>": Foreign(("tl2", "ek1"), "ek3's proposal to their description"),
    "/patterns/<int:pattern_id>": Foreign(("tl2",), "a weekly pattern of Vaterland"),
    "/people/<int:staff_id>": Foreign(("tl2", "ek1"), "ek3: experience, accommodation, boundaries, profile"),
    "/recruitment/<int:vacancy_id>": Foreign(("tl2", "fag2"), "tl1's vacancy; tl2 and fag2 hire for another"),
    "/recruitment/candidates/<int:candidate_id>": Foreign(("tl2", "fag2"), "a candidate of tl1's vacancy"),
    "/recruitment/checklist/<int:item_id>": Foreign(("tl2",), "an item of tl1's hiring checklist"),
    "/recruitment/documents/<int:document_id>": Foreign(("tl2", "fag2"), "a CV sent to tl1's vacancy"),
    "/recruitment/interviews/<int:interview_id>": Foreign(("tl2", "fag2"), "an interview for tl1's vacancy"),
    "/recruitment/onboarding/<int:plan_id>": Foreign(("tl2", "fag2"), "ek3's onboarding plan, tl1's to follow"),
    "/recruitment/references/<int:reference_id>": Foreign(("tl2", "fag2"), "a reference for tl1's candidate"),
    "/shifts/<int:shift_id>": Foreign(("tl2", "fag1"), "a shift of Vaterland: neither plans it nor is on it"),
    "/supervision/<int:session_id>": Foreign(("veileder2", "ek1", "tl2"),
                                             "veileder's session with ek3: none of them was in the room"),
    "/supervision/ask/<int:request_id>": Foreign(("ek1",), "ek3's request for a talk"),
    "/supervision/groups/<int:group_id>": Foreign(("veileder",), "a group another person supervises"),
    "/supervision/reflection/<int:entry_id>": Foreign(("ek1", "veileder"), "ek3's reflection note"),
    "/supervision/requests/<int:request_id>": Foreign(("veileder", "veileder2"), "a request to another supervisor"),
    "/teams/<int:team_id>": Foreign(("tl2", "fag1"), "Vaterland: tl2 leads another team, fag1 works on another"),
}

# Families (or single routes) where everyone the route rule lets in may act on every object:
# there is no one to be foreign to them.
NO_OBJECT_RULE = {
    "/admin/users/<int:user_id>": "the administrator manages every account; no one else passes accounts.manage",
    "/recruitment/guides/<int:guide_id>": "interview guides are the section's: everyone reads them, "
                                          "HR and the administrator edit every one",
    "/recruitment/settings/checklist/<int:item_id>": "section-wide hiring settings (HR, the administrator)",
    "/recruitment/settings/onboarding/<int:item_id>": "section-wide onboarding settings (HR, the administrator)",
    "/supervision/themes/<int:theme_id>": "section-wide list of themes (the administrator)",
    "/calendar/<token>": "a personal calendar feed: the secret address is the key, read by calendar apps "
                             "that cannot sign in (tests/shifts/test_calendar.py covers a wrong or renewed token)",
    "hkh.project_archive": "any leader may archive any project (hkh.create); no one else passes the route rule",
}

# Routes that answer another team's object by design (for a GET), and why.
OPEN_TO_COLLEAGUES = {
    "people.staff_detail": "the staff directory (name, title, teams, phone) is open to every colleague; "
                           "employment details are hidden (tests/people/test_staff_profile.py)",
    "people.team_detail": "teams, their areas and environments are open to every colleague",
    "hkh.project_detail": "HKH mandates, findings, reports and action plans are the service's own work: "
                          "everyone reads them (hkh.view); the raw field log is for the working group",
    "hkh.actions": "as hkh.project_detail",
    "hkh.findings": "as hkh.project_detail",
    "hkh.plan": "as hkh.project_detail (reading; changing it is refused)",
    "hkh.report": "as hkh.project_detail",
    "hkh.report_version": "as hkh.project_detail",
    "hkh.report_markdown": "as hkh.project_detail",
}


def _family(rule) -> tuple[str, str] | None:
    """(the path up to the first object argument, that argument), or None for a route without one."""
    match = OBJECT_ARG.search(rule.rule)
    return (rule.rule[: match.end()], match.group(1)) if match else None


def _extra_values(values: dict) -> dict:
    """What `_path_values` lacks for the walkers above: a second supervisor, in no session; a
    vacancy of tl2's with fag2 on its panel. Returns the ids of the families whose `item_id`
    is something else: a hiring checklist's item, an onboarding plan's item."""
    from outreach.recruitment import vacancies
    from outreach.recruitment.models import OnboardingPlan, Vacancy, VacancyCheckItem

    def user(name):
        return db.session.scalar(db.select(User).where(User.username == name))

    accounts.create_user(username="veileder2", full_name="Vidar Veileder", roles=["supervisor", "professional"],
                         password="demo", must_change_password=False)
    tl2, fag2 = user("tl2"), user("fag2")
    own_team = db.session.scalar(db.select(Team).where(Team.name == "Unge voksne"))
    own = vacancies.map_need(vacancies.NeedInput(team_id=own_team.id, position_key="ec", deadline=date(2099, 1, 1)),
                             actor=tl2)
    vacancies.set_panel(own, [fag2.id], version=own.version, actor=tl2)
    foreign = db.session.get(Vacancy, values["vacancy_id"])
    check_item = db.session.scalar(db.select(VacancyCheckItem.id).where(VacancyCheckItem.vacancy_id == foreign.id))
    assert check_item, "tl1's EC vacancy has no hiring checklist"
    plan = db.session.get(OnboardingPlan, values["plan_id"])
    return {
        "/recruitment/checklist/<int:item_id>": {"item_id": check_item},
        "/recruitment/onboarding/<int:plan_id>": {"item_id": plan.items[0].id},
    }


def test_every_route_with_an_object_id_refuses_a_foreign_object_and_logs_it(demo):
    app = demo
    values = _path_values()
    family_values = _extra_values(values)
    clients, users = {}, {}
    for name in {walker for case in FOREIGN.values() for walker in case.walkers}:
        clients[name] = app.test_client()
        assert clients[name].login(name, "demo").status_code == 303, name
        users[name] = db.session.scalar(db.select(User).where(User.username == name))

    before = row_counts()
    failures, refused, routes, open_routes, turn = [], 0, set(), set(), {}
    for rule in _routes(app):
        family = _family(rule)
        if family is None:
            continue
        prefix, arg = family
        if prefix in NO_OBJECT_RULE or rule.endpoint in NO_OBJECT_RULE:
            continue
        case = FOREIGN.get(prefix)
        if case is None:
            failures.append(f"no foreign object for {arg} ({rule.rule})")
            continue
        url = rule.build(values | family_values.get(prefix, {}), append_unknown=False)[1]
        action = rule_for(rule.endpoint)
        walkers = [name for name in case.walkers if can(users[name], action)]
        if not walkers:
            failures.append(f"{rule.endpoint}: none of {case.walkers} passes the route rule {action!r}")
            continue
        routes.add(rule.endpoint)
        # One walker per route, in turn: each of them meets the family, at half the requests.
        turn[prefix] = turn.get(prefix, -1) + 1
        name = walkers[turn[prefix] % len(walkers)]
        client, user = clients[name], users[name]
        for method in sorted(rule.methods & {"GET", "POST"}):
            where = f"{name} {method} {url} ({rule.endpoint}; {case.why})"
            if method == "GET" and rule.endpoint in OPEN_TO_COLLEAGUES:
                open_routes.add(rule.endpoint)
                if client.get(url).status_code != 200:
                    failures.append(where + ": listed as open to colleagues, but not answered")
                continue
            denied = denials(user)
            response = client.get(url) if method == "GET" else client.form(url, {})
            status = response.status_code
            if status not in (403, 404):
                failures.append(f"{where} -> {status}: LEAK, another person's object was not refused")
            elif denials(user) <= denied:
                failures.append(f"{where} -> {status}: refused, but no DENIED audit row about the object")
            else:
                refused += 1
    assert failures == [], "\n".join(failures)
    assert row_counts() == before, "a refused request wrote to the database"
    print(f"\nforeign ids: {len(routes)} routes with an object id, {refused} refused requests, "
          f"{len(open_routes)} routes open to colleagues by design")
    assert open_routes == set(OPEN_TO_COLLEAGUES), "OPEN_TO_COLLEAGUES is stale"
    assert len(routes) > 120  # the walk did walk


# A route naming a parent and its child (a session's action, a project's finding): the family of
# the parent -> who tries, and the parent of theirs under which they ask for the child. The child
# is `_path_values`'s, under a parent the same walker may act on: only the pairing is wrong.
def _own_parents(values: dict) -> dict[str, tuple[str, dict]]:
    from outreach.hkh import projects
    from outreach.recruitment import guides
    from outreach.recruitment.models import InterviewGuide, OnboardingItem, OnboardingPlan
    from outreach.supervision import sessions

    def user(name):
        return db.session.scalar(db.select(User).where(User.username == name))

    tl1, fag2, hr, veileder, ek2, ek3 = (user(name) for name in ("tl1", "fag2", "hr", "veileder", "ek2", "ek3"))
    project = projects.create_project(projects.MandateInput(title="Fag2s andre", commissioner="Bydel"),
                                      actor=tl1, lead=fag2)
    guide = db.session.scalar(db.select(InterviewGuide).where(InterviewGuide.id != values["guide_id"])
                              .order_by(InterviewGuide.id))
    guides.start_draft(guide, actor=hr)
    plan = OnboardingPlan(staff_id=ek2.profile.id, start_date=date(2026, 6, 1), leader_id=tl1.id,
                          items=[OnboardingItem(title="Velkomst", due_date=date(2026, 6, 1))])
    db.session.add(plan)
    db.session.commit()
    session = sessions.create_session(veileder, sessions.SessionInput(
        kind="individual", day=date(2026, 6, 15), start=time(10), duration_minutes=60, status="held",
        participant_ids=[ek3.id]), actor=veileder)
    return {
        "/hkh/<int:project_id>": ("fag2", {"project_id": project.id}),
        "/recruitment/guides/<int:guide_id>": ("hr", {"guide_id": guide.id}),
        "/recruitment/onboarding/<int:plan_id>": ("tl1", {"plan_id": plan.id}),
        "/supervision/<int:session_id>": ("veileder", {"session_id": session.id}),
    }


# The participant, not the supervisor, agrees to or withdraws what goes further (ek3 is in both
# of veileder's sessions).
PARTICIPANT_ROUTES = {"supervision.further_agree": "ek3", "supervision.further_withdraw": "ek3"}


def _last_denial(user) -> str:
    summary = db.session.scalar(db.select(AuditEvent.summary).where(
        AuditEvent.kind == str(AuditKind.DENIED), AuditEvent.actor_id == user.id).order_by(AuditEvent.id.desc()))
    db.session.rollback()
    return summary


def test_a_child_under_another_parent_is_refused_and_logged(demo):
    """The parent in the URL is the walker's own, the child another parent's (of the walker's
    too): 404, a DENIED row, nothing written. Routes with two object ids come from url_map."""
    app = demo
    values = _path_values()
    family_values = _extra_values(values)  # `item_id` of an onboarding plan is an item of ek3's plan
    parents = _own_parents(values)
    clients, users = {}, {}
    before = row_counts()
    failures, refused = [], 0
    for rule in _routes(app):
        if len(OBJECT_ARG.findall(rule.rule)) < 2:
            continue
        prefix, _arg = _family(rule)
        if prefix not in parents:
            failures.append(f"no own parent for {rule.rule}")
            continue
        name, own = parents[prefix]
        name = PARTICIPANT_ROUTES.get(rule.endpoint, name)
        if name not in clients:
            clients[name] = app.test_client()
            assert clients[name].login(name, "demo").status_code == 303, name
            users[name] = db.session.scalar(db.select(User).where(User.username == name))
        client, user = clients[name], users[name]
        url = rule.build(values | family_values.get(prefix, {}) | own, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            denied = denials(user)
            response = client.get(url) if method == "GET" else client.form(url, {})
            where = f"{name} {method} {url} ({rule.endpoint})"
            if response.status_code not in (403, 404):
                failures.append(f"{where} -> {response.status_code}: another parent's child was not refused")
            elif denials(user) <= denied:
                failures.append(f"{where} -> {response.status_code}: refused, but no DENIED audit row")
            elif "not under the parent" not in _last_denial(user):
                failures.append(f"{where}: refused for the parent, not the child: {_last_denial(user)}")
            else:
                refused += 1
    assert failures == [], "\n".join(failures)
    assert row_counts() == before, "a refused request wrote to the database"
    print(f"\nchild ids: {refused} refused requests under another parent")
    assert refused >= 20  # every parent-and-child route, by each of its methods
