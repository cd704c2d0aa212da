"""The platform as a whole: authorization on every route, schema, headers, errors, language."""

import re
from datetime import date, time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from outreach.auth.models import User
from outreach.auth.policy import PUBLIC, can, rule_for
from outreach.core.db_types import compared_with_models
from outreach.extensions import db
from outreach.people.models import Area, StaffProfile, Team, team_memberships
from outreach.shifts.models import Shift
from outreach.shifts.services import create_shift

# One signed-in person per role, from the demo section, and the anonymous visitor.
WALKERS = {
    "admin": "admin",
    "leader": "tl3",
    "hr": "hr",
    "supervisor": "veileder",
    "professional": "fag1",
    "ec": "ek1",
    "peer": "lp1",
    "anonymous": None,
}


def _path_values() -> dict:
    """Real ids for the routes' path arguments: objects that belong to someone else."""
    ek3 = db.session.scalar(db.select(User).where(User.username == "ek3"))
    target = db.session.scalar(db.select(User).where(User.username == "fag24"))
    team = db.session.scalar(db.select(Team).order_by(Team.id.desc()))
    shift = db.session.scalar(db.select(Shift).where(Shift.team_id == team.id).order_by(Shift.id))
    if shift is None:
        shift = create_shift(team, kind="outreach", day=date(2026, 6, 8), start=time(18), end=time(23))
    return {
        "shift_id": shift.id,
        "user_id": target.id,
        "staff_id": ek3.profile.id,
        "team_id": team.id,
        "area_id": db.session.scalar(db.select(Area.id).where(Area.team_id == team.id)),
        "field": "title",
        "name": "my-supervision",  # a Min side panel
        "day": "2026-06-08",
        # Someone else's live calendar feed address: the token is the key, so the feed is public.
        "token": _calendar_token(ek3),
        **_limits_values(team, ek3.profile),
        "entry_id": _reflection_entry(ek3),
        **_supervision_admin_values(ek3, target),
        **_session_values(ek3),
        **_recruitment_values(ek3),
        **_job_values(ek3),
        **_hkh_values(),
    }


def _hkh_values() -> dict:
    """A project in follow-up that none of the walkers is in: its log entry, finding, member,
    measure and first review."""
    from outreach.hkh import fieldwork, outcome, projects
    from outreach.hkh.models import FollowUpReview

    tl1, fag2 = (db.session.scalar(db.select(User).where(User.username == name)) for name in ("tl1", "fag2"))
    project = projects.create_project(projects.MandateInput(title="Walk-kartlegging", commissioner="Bydel"),
                                      actor=tl1, lead=fag2)
    entry = fieldwork.add_entry(project, fieldwork.LogInput(method="interview", source="target_group",
                                                            held_on=date(2026, 6, 8), notes="Samtale"), actor=fag2)
    finding = fieldwork.add_finding(project, fieldwork.FindingInput(title="Funn", entry_ids=[entry.id]), actor=fag2)
    measure = outcome.add_measure(project, outcome.MeasureInput(title="Tiltak"), actor=fag2)
    outcome.save_section(project, "background", "Bakgrunn", version="", actor=fag2)
    outcome.export_report(project, actor=fag2)
    for phase in ("data_collection", "analysis", "report", "action", "follow_up"):
        projects.move_phase(project, phase, version=project.version, accept_gaps=True, actor=fag2)
    review = db.session.scalar(db.select(FollowUpReview).where(FollowUpReview.project_id == project.id))
    return {"project_id": project.id, "log_id": entry.id, "finding_id": finding.id,
            "member_id": project.members[0].id, "measure_id": measure.id, "review_id": review.id}


def _job_values(ek3) -> dict:
    """ek3's job description, started by their leader, with a proposal from ek3 waiting."""
    from outreach.jobs import services
    from outreach.jobs.models import INDIVIDUAL_KEY

    leader = db.session.scalar(db.select(User).where(User.username == "tl3"))
    description = services.start(ek3.profile, actor=leader)
    proposal = services.propose(description, section_key=INDIVIDUAL_KEY, text="Mitt forslag", note="", actor=ek3)
    return {"key": "ec", "proposal_id": proposal.id}


def _recruitment_values(ek3) -> dict:
    """Another team's hiring (tl1's, not the walking leader tl3's): a vacancy with a candidate,
    a document, a reference and an interview, a draft of a guide, and ek3's onboarding plan."""
    import io
    import zipfile

    from outreach.recruitment import candidates, documents, guides, interviews, references, vacancies
    from outreach.recruitment.models import InterviewGuide, OnboardingItem, OnboardingPlan

    tl1, ek2, hr = (db.session.scalar(db.select(User).where(User.username == name)) for name in ("tl1", "ek2", "hr"))
    team = db.session.scalar(db.select(Team).where(Team.name == "Mindreårige"))
    vacancy = vacancies.map_need(vacancies.NeedInput(team_id=team.id, position_key="ec", deadline=date(2099, 1, 1)),
                                 actor=tl1)
    vacancies.set_panel(vacancy, [ek2.id], version=vacancy.version, actor=tl1)
    vacancies.set_status(vacancy, "open", version=vacancy.version, actor=tl1)
    candidate = candidates.add_candidate(vacancy, candidates.CandidateInput(full_name="Walk Kandidat"), actor=tl1)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    document = documents.upload(candidate, filename="cv.docx", content=docx.getvalue(), kind="cv", actor=tl1)
    reference = references.add_reference(candidate, references.ReferenceInput(referee_name="Ref"), actor=tl1)
    guide = db.session.scalar(db.select(InterviewGuide).where(InterviewGuide.key == "ec_first"))
    interview = interviews.plan_interview(candidate, interviews.InterviewInput(
        guide_version_id=guide.published.id, day=date(2099, 1, 2), start=time(10), duration_minutes=60,
        panel_ids=[ek2.id]), actor=tl1)
    draft = guides.start_draft(guide, actor=hr)
    plan = OnboardingPlan(staff_id=ek3.profile.id, start_date=date(2026, 6, 1), leader_id=tl1.id,
                          items=[OnboardingItem(title="Velkomst", due_date=date(2026, 6, 1))])
    db.session.add(plan)
    db.session.commit()
    return {"vacancy_id": vacancy.id, "candidate_id": candidate.id, "document_id": document.id,
            "reference_id": reference.id, "interview_id": interview.id, "guide_id": guide.id, "number": 1,
            "section_id": draft.sections[0].id, "question_id": draft.questions[0].id, "plan_id": plan.id}


def _limits_values(team, ek3) -> dict:
    """Absence, availability, accommodation, a weekly pattern and a rule: someone else's."""
    from datetime import timedelta

    from outreach.core.timeutil import utcnow
    from outreach.shifts import limits, settings
    from outreach.shifts.models import Absence, Accommodation, Availability, ShiftPattern

    peer = db.session.scalar(db.select(User).where(User.username == "lp3")).profile
    absence = db.session.scalar(db.select(Absence).where(Absence.staff_id == ek3.id)) or limits.create_absence(
        ek3, kind="course", starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2))
    slot = db.session.scalar(db.select(Availability).where(Availability.staff_id == peer.id)) or \
        limits.offer_availability(peer, day=utcnow().date() + timedelta(days=7), start=time(18), end=time(2))
    accommodation = db.session.scalar(db.select(Accommodation).where(Accommodation.staff_id == ek3.id)) or \
        limits.save_accommodation(ek3, None, starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 31), area_ids=[],
                                  shift_kinds=["follow_up"], max_hours_per_week=30, note="")
    pattern = db.session.scalar(db.select(ShiftPattern).where(ShiftPattern.team_id == team.id)) or \
        settings.save_pattern(team, None, weekday=4, kind="outreach", title="", start=time(18), end=time(23),
                              areas=[], professionals_needed=1, lived_experience_needed=1)
    return {"absence_id": absence.id, "availability_id": slot.id, "accommodation_id": accommodation.id,
            "pattern_id": pattern.id, "rule": "weekly_hours"}


def _reflection_entry(author) -> int:
    """ek3's reflection note: only ek3 reaches it."""
    from outreach.supervision.models import ReflectionEntry

    entry = ReflectionEntry(author_id=author.id, written_on=date(2026, 6, 8), title="Et notat", body="Tekst")
    db.session.add(entry)
    db.session.commit()
    return entry.id


def _supervision_admin_values(ek3, other) -> dict:
    """A supervision group and a request for a talk that are someone else's (`other`'s), a theme
    and a role's rhythm target."""
    from outreach.supervision.models import SupervisionGroup, SupervisionTheme, TalkRequest

    group = SupervisionGroup(name="Walk group", supervisor_id=other.id, members=[ek3])
    talk = TalkRequest(requester_id=ek3.id, supervisor_id=other.id, topic="")
    db.session.add_all([group, talk])
    db.session.commit()
    theme_id = db.session.scalar(db.select(SupervisionTheme.id).order_by(SupervisionTheme.id))
    return {"group_id": group.id, "request_id": talk.id, "theme_id": theme_id, "role_type": "ec"}


def _session_values(ek3) -> dict:
    """A held individual session of the demo supervisor with ek3, with a shared summary, an
    action and an agreed item for the leader: the supervisor's walk reaches every branch."""
    from outreach.supervision import sessions

    supervisor = db.session.scalar(db.select(User).where(User.username == "veileder"))
    session = sessions.create_session(supervisor, sessions.SessionInput(
        kind="individual", day=date(2026, 6, 8), start=time(10), duration_minutes=60, status="held",
        participant_ids=[ek3.id]), actor=supervisor)
    sessions.save_note(session, "shared", "Sammendrag", version="", actor=ek3)
    action = sessions.add_action(session, text="Tiltak", owner_id=ek3.id, due_date=None, actor=supervisor)
    item = sessions.write_further(session, recipient="leader", body="Videre", actor=supervisor)
    sessions.agree_further(item, version=item.version, actor=ek3)
    return {"session_id": session.id, "action_id": action.id, "item_id": item.id}


def _calendar_token(user) -> str:
    from outreach.shifts.feeds import issue_token

    return issue_token(user)[1]


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            yield rule


def test_every_route_has_an_explicit_rule(app):
    missing = [rule.rule for rule in _routes(app) if rule_for(rule.endpoint) is None]
    assert missing == [], f"routes without an authorization rule: {missing}"


def test_authorization_walk_every_route_every_role(demo_roster):
    """GET and POST every route as every role: never a 500, and the route rule decides. On the
    demo section with its roster, so that the pages have shifts, people and problems to show."""
    app = demo_roster
    values = _path_values()
    # Signing out last, so that one sign-in per role serves the whole walk.
    routes = sorted(_routes(app), key=lambda rule: rule.endpoint == "auth.logout")
    failures = []
    for role, username in WALKERS.items():
        client = app.test_client()
        user = None
        if username:
            assert client.login(username, "demo").status_code == 303
            user = db.session.scalar(db.select(User).where(User.username == username))
        for rule in routes:
            url = rule.build(values, append_unknown=False)[1]
            action = rule_for(rule.endpoint)
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.get(url) if method == "GET" else client.form(url, {})
                status = response.status_code
                where = f"{role} {method} {url} -> {status}"
                if status >= 500:
                    failures.append(where + " (server error)")
                elif action == PUBLIC:
                    continue
                elif user is None:
                    if status not in (302, 303) or "/login" not in response.headers["Location"]:
                        failures.append(where + " (anonymous not sent to sign-in)")
                elif not can(user, action) and status != 403:
                    failures.append(where + f" (rule {action} refuses {role}, expected 403)")
    assert failures == [], "\n".join(failures)


# Larger than any id a database integer (BIGINT) holds: the driver would overflow on it.
HUGE = 99999999999999999999
# Numbers no row's id can be: beyond INTEGER (every id column a URL or form names; 32 bits on
# PostgreSQL) but within BIGINT, beyond BIGINT, and beyond any integer the driver sends.
TOO_LARGE = (2**31, 3_000_000_000, 2**40, 2**63 - 1, 2**63, HUGE)


@pytest.mark.parametrize("number", TOO_LARGE)
def test_numbers_too_large_for_a_database_integer_are_not_found_not_a_server_error(app, client, make_user, nb,
                                                                                  number):
    """Every route with an <int:...> in its path, with a huge number there, answers the "not
    found" page; so does an object looked up from the query string; and a page number that
    large shows the list with nothing on it."""
    make_user("alle", roles=["admin", "hr", "leader", "supervisor", "professional"])
    client.login("alle")
    failures = []
    for rule in _routes(app):
        numbers = set(re.findall(r"<int:(\w+)>", rule.rule))
        if not numbers:
            continue
        url = rule.build({name: number if name in numbers else "x" for name in rule.arguments},
                         append_unknown=False)[1]
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.get(url) if method == "GET" else client.form(url, {})
        if response.status_code != 404 or nb("Not found") not in response.get_data(as_text=True):
            failures.append(f"{method} {url} -> {response.status_code}")
    assert failures == []
    assert len([rule for rule in _routes(app) if "<int:" in rule.rule]) > 50  # the walk did walk
    response = client.get(f"/supervision/new?request={number}")  # looked up through get_or_404
    assert response.status_code == 404 and nb("Not found") in response.get_data(as_text=True)
    for url in ("/supervision/", "/supervision/groups", "/supervision/reflection"):
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200 and nb("Nothing found.") in response.get_data(as_text=True), url
    for url in (f"/people/?team={number}", f"/recruitment/?team={number}"):  # a filter by an id no row has
        assert client.get(url).status_code == 200, url
    team = db.session.scalar(db.select(Team)) or Team(name="Stor")
    db.session.add(team)
    db.session.commit()
    assert client.get(f"/teams/{team.id}/absence?person={number}").status_code < 500
    response = client.get(f"/people/?page={number}")
    assert response.status_code == 200 and "Alle" not in response.get_data(as_text=True).split("<tbody>")[1]  # no row


def test_get_or_404_answers_404_for_an_id_no_database_integer_holds(app):
    from werkzeug.exceptions import NotFound

    from outreach.auth.policy import SIGNED_IN, get_or_404

    with app.test_request_context():
        for ident in (*TOO_LARGE, -HUGE, -(2**31) - 1, 0, -1):
            with pytest.raises(NotFound):
                get_or_404(User, ident, SIGNED_IN)


def test_migrations_build_exactly_the_models_schema(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": compared_with_models})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_and_upgrade_again(app):
    downgrade(revision="base")
    with db.engine.connect() as connection:
        assert "users" not in db.inspect(connection).get_table_names()
    upgrade()
    with db.engine.connect() as connection:
        assert {"users", "audit_events", "staff_profiles"} <= set(db.inspect(connection).get_table_names())


def _refuses_a_membership_of_nobody(team) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(insert(team_memberships).values(staff_id=999_999, team_id=team.id))
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(team_memberships)) == 0


def test_the_database_refuses_a_reference_to_nothing(app, make_team):
    """Foreign keys hold on SQLite as on PostgreSQL."""
    _refuses_a_membership_of_nobody(make_team("Vaterland"))


def test_foreign_keys_hold_on_the_connection_the_migrations_used(app, make_team):
    """The migrations turn SQLite's foreign keys off while they run, and on again after."""
    db.session.remove()
    db.engine.dispose()  # so that the migrations open the connection the test then gets
    downgrade(revision="base")
    upgrade()

    _refuses_a_membership_of_nobody(make_team("Vaterland"))


def test_security_headers_on_every_response(client):
    for url in ("/login", "/healthz", "/does-not-exist"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(demo, client):
    client.login("tl1", "demo")
    ek1 = db.session.scalar(db.select(User).where(User.username == "ek1"))
    for url in ("/", "/people/", f"/people/{ek1.profile.id}", "/teams/", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), url


def test_error_pages_are_norwegian(client, make_user):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.get_data(as_text=True)
    make_user("kari", roles=["ec"])
    client.login("kari")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Du har ikke tilgang" in response.get_data(as_text=True)


def test_unexpected_error_gives_a_norwegian_500_page(make_app):
    from outreach.auth.policy import allow

    app = make_app()

    @allow(PUBLIC)
    def boom():
        raise RuntimeError("kaboom")

    app.add_url_rule("/boom", view_func=boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Noe gikk galt" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


def test_state_changing_requests_need_a_csrf_token(client, make_user):
    make_user("kari")
    response = client.post("/login", data={"username": "kari", "password": "correct horse battery"})
    assert response.status_code == 400
    assert "Last siden på nytt" in response.get_data(as_text=True)
    assert client.login("kari").status_code == 303
    # htmx requests carry the token in a header; without it they are refused too.
    response = client.post("/account/settings", data={"locale": "en"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert client.htmx("POST", "/account/settings", {"locale": "en"}).status_code in (200, 303, 204)


def test_healthz_reports_the_database(client, make_app, tmp_path):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-dir/db.sqlite3")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"


def test_production_refuses_to_start_without_a_real_secret_key(make_app):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(ENV_NAME="production", SECRET_KEY="dev-only-secret-key-not-for-production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(ENV_NAME="production", SECRET_KEY="short")


def test_production_cookies_are_secure_and_demo_password_refused(make_app):
    from config import ProductionConfig
    from outreach.auth import services

    production = make_app(
        ENV_NAME="production", SECRET_KEY="x" * 40,
        SESSION_COOKIE_SECURE=ProductionConfig.SESSION_COOKIE_SECURE,
    )
    assert production.config["SESSION_COOKIE_SECURE"] and production.config["SESSION_COOKIE_HTTPONLY"]
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with production.app_context():
        result = production.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "production" in result.output
    services.create_user(username="old", full_name="Old Demo", roles=["admin"], password="demo",
                         must_change_password=False)
    with production.test_request_context():
        assert services.authenticate("old", "demo") is None


def test_norwegian_by_default_english_by_choice(client, make_user):
    make_user("kari", roles=["ec"])
    client.login("kari")
    page = client.min_side().get_data(as_text=True)
    assert "Min side" in page and 'lang="nb"' in page
    client.form("/account/settings", {"locale": "en"})
    page = client.min_side().get_data(as_text=True)
    assert "My page" in page and 'lang="en"' in page


def test_dates_are_shown_in_norwegian(demo, client):
    client.login("tl1", "demo")
    profile = db.session.scalar(db.select(StaffProfile).join(StaffProfile.user).where(User.username == "fag1"))
    page = client.get(f"/people/{profile.id}").get_data(as_text=True)
    assert "1. aug. 2019" in page


def test_seed_demo_refuses_a_database_with_users(app, make_user):
    make_user("real.person")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "--force" in result.output
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_seed_demo_builds_the_section(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    teams = db.session.scalars(db.select(Team.name).order_by(Team.name)).all()
    assert teams == ["Mindreårige", "Unge voksne", "Vaterland", "Voksne i det åpne rusmiljøet"]
    profiles = db.session.scalars(db.select(StaffProfile)).all()
    kinds = [p.role_type for p in profiles]
    assert 38 <= len(profiles) <= 45
    assert kinds.count("ec") == 6 and kinds.count("peer") >= 3
    ec_fte = sum(p.position_percentage for p in profiles if p.role_type == "ec")
    assert ec_fte == 550
    assert db.session.scalar(db.select(db.func.count()).select_from(Shift).where(Shift.status == "published")) > 0
