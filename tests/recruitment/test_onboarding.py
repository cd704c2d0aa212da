"""The onboarding plan: the new colleague, their buddy, the leader following it and HR see it
and tick its items; nobody else learns that it exists."""

import re
from datetime import timedelta
from html import unescape

import pytest
from flask_babel import force_locale, format_date
from hiring_helpers import add_candidate, move_to, open_vacancy, text_of, today
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.auth.models import User
from outreach.auth.passwords import hash_password
from outreach.extensions import db
from outreach.recruitment import hiring
from outreach.recruitment.models import OnboardingItem, OnboardingPlan

PASSWORD = "correct horse battery"


def hire(crew, vacancy, name, username, *, start, buddy=None, supervisor=None):
    """Hire through the service, and let the new colleague sign in with the test password."""
    candidate = move_to(add_candidate(vacancy, name), "offer", crew.leader)
    user, _password, plan = hiring.hire(candidate, hiring.HireInput(
        username=username, start_date=start, team_id=vacancy.team_id,
        buddy_id=buddy.profile.id if buddy else None, supervisor_id=supervisor.id if supervisor else None,
    ), actor=crew.leader)
    user.password_hash, user.must_change_password, user.locale = hash_password(PASSWORD), False, "en"
    db.session.commit()
    return user, plan


@pytest.fixture
def plan(crew, hiring):
    """Kari started ten days ago, with Per (a professional on the team) as her buddy."""
    _user, plan = hire(crew, hiring.vacancy, "Kari Kandidat", "kari", start=today() - timedelta(days=10),
                       buddy=crew.pro, supervisor=crew.supervisor)
    return plan


def url(plan) -> str:
    return f"/recruitment/onboarding/{plan.id}"


def tick_url(plan, item) -> str:
    return f"/recruitment/onboarding/{plan.id}/items/{item.id}"


def item_named(plan, title) -> OnboardingItem:
    return db.session.scalar(select(OnboardingItem).where(OnboardingItem.plan_id == plan.id,
                                                          OnboardingItem.title == title))


def row(html: str, item) -> str:
    match = re.search(rf'<tr id="item-{item.id}">(.*?)</tr>', html, re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))) if match else ""


# --- the plan page --------------------------------------------------------------------------------


def test_the_plan_shows_the_colleague_the_people_and_the_items_in_date_order(client, crew, plan):
    client.login("leder")
    response = client.get(url(plan))
    assert response.status_code == 200
    text = text_of(response)
    assert "Onboarding: Kari Kandidat" in text and "Erfaringskonsulent" in text
    assert "Per Fagansatt" in text and "Lise Leder" in text  # the buddy and the leader
    html = response.get_data(as_text=True)
    ids = [int(i) for i in re.findall(r'<tr id="item-(\d+)">', html)]
    items = sorted(plan.items, key=lambda i: (i.due_date, i.id))
    assert ids == [i.id for i in items] and len(ids) == len(hiring.template_items("ec"))
    first_day = item_named(plan, "Velkomst og omvisning")
    assert "The leader" in row(html, first_day) and "Overdue" in row(html, first_day)
    shifts = item_named(plan, "Første vakter sammen med fadder")
    assert "The buddy" in row(html, shifts)
    talk = item_named(plan, "Nyansattsamtale med leder etter to måneder")
    assert "Overdue" not in row(html, talk)
    overdue = sum(1 for i in plan.items if i.due_date < today())
    assert f"0 of {len(items)} done." in text and f"{overdue} items are overdue." in text


def test_due_dates_are_norwegian_dates_for_a_norwegian_user(client, crew, plan):
    crew.hr.locale = "nb"
    db.session.commit()
    client.login("hr")
    talk = item_named(plan, "Nyansattsamtale med leder etter to måneder")
    with force_locale("nb"):
        shown = format_date(talk.due_date, "medium")  # such as "1. des. 2026"
    assert re.fullmatch(r"\d{1,2}\. \w+\.? \d{4}", shown)
    assert shown in row(client.get(url(plan)).get_data(as_text=True), talk)


@pytest.mark.parametrize("username", ["kari", "fag", "leder", "hr"])
def test_those_who_follow_the_plan_see_it_and_tick_it(client, crew, plan, username):
    item = item_named(plan, "IT-tilgang og nøkler")
    client.login(username)
    assert client.get(url(plan)).status_code == 200
    response = client.form(tick_url(plan, item), {"done": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url(plan)}#item-{item.id}")
    item = db.session.get(OnboardingItem, item.id)
    ticker = db.session.scalar(select(User).where(User.username == username))
    assert item.done_at is not None and item.done_by_id == ticker.id
    page = client.get(url(plan))
    assert "Marked done: IT-tilgang og nøkler" in text_of(page)  # the flash
    assert "Mark not done" in row(page.get_data(as_text=True), item)
    assert client.form(tick_url(plan, item), {"done": "0"}).status_code == 303
    item = db.session.get(OnboardingItem, item.id)
    assert item.done_at is None and item.done_by_id is None


def test_the_page_says_who_ticked_and_when(client, crew, plan):
    item = item_named(plan, "Fadder oppnevnt")
    client.login("fag")
    client.form(tick_url(plan, item), {"done": "1"})
    client.login("leder")
    shown = row(client.get(url(plan)).get_data(as_text=True), item)
    with force_locale("en"):
        day = format_date(today(), "medium")
    assert "Per Fagansatt" in shown and day in shown and "Overdue" not in shown
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recruitment.onboarding_item")).all()
    assert [(r.actor_id, r.object_id) for r in rows] == [(crew.pro.id, str(plan.id))]
    assert rows[0].subject_user_id == plan.staff.user_id and "Kari" not in rows[0].summary


def test_ticking_with_htmx_answers_with_the_list(client, crew, plan):
    item = item_named(plan, "Velkomst og omvisning")
    client.login("kari")
    response = client.htmx("POST", tick_url(plan, item), {"done": "1"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<section id="onboarding-items"')
    assert "Marked done: Velkomst og omvisning" in html
    assert re.search(r"data-focus>Mark not done<span", row_html(html, item))  # focus stays on the item
    assert f"1 of {len(plan.items)} done." in html
    response = client.htmx("POST", tick_url(plan, item), {"done": "0"})
    assert "Marked not done: Velkomst og omvisning" in response.get_data(as_text=True)
    assert db.session.get(OnboardingItem, item.id).done_at is None


def row_html(html: str, item) -> str:
    return re.search(rf'<tr id="item-{item.id}">(.*?)</tr>', html, re.S).group(1)


# --- who may not --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["annen", "admin", "ek2", "veileder"])
def test_anyone_else_gets_404_and_a_denial_is_logged(client, crew, plan, username):
    """Another team's leader, the administrator, an EC colleague, even Kari's own supervisor."""
    item = item_named(plan, "Velkomst og omvisning")
    client.login(username)
    assert client.get(url(plan)).status_code == 404
    assert client.form(tick_url(plan, item), {"done": "1"}).status_code == 404
    assert client.htmx("POST", tick_url(plan, item), {"done": "1"}).status_code == 404
    assert db.session.get(OnboardingItem, item.id).done_at is None
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert len(denied) == 3
    assert {(r.object_type, r.object_id, r.actor_label) for r in denied} == {
        ("recruitment_onboarding_plans", str(plan.id), username)}
    assert "Kari Kandidat" not in text_of(client.get("/recruitment/onboarding/"))


def test_an_item_of_another_plan_is_not_found(client, crew, hiring, plan):
    vacancy = open_vacancy(crew, position="miljoterapeut")
    _user, other = hire(crew, vacancy, "Ola Annen", "ola", start=today())
    client.login("kari")
    assert client.form(tick_url(plan, other.items[0]), {"done": "1"}).status_code == 404
    assert client.get(url(other)).status_code == 404
    assert db.session.get(OnboardingItem, other.items[0].id).done_at is None


def test_a_tick_without_a_done_value_is_refused(client, plan):
    client.login("kari")
    assert client.form(tick_url(plan, plan.items[0]), {"done": "maybe"}).status_code == 400


# --- the list -------------------------------------------------------------------------------------


def test_the_list_shows_the_plans_each_person_follows(client, crew, hiring, plan, make_user, make_team):
    team = make_team("Mindreårige")
    boss = make_user("sjef", roles=["leader", "professional"], teams=[team], full_name="Siri Sjef")
    vacancy = open_vacancy(crew, position="miljoterapeut", actor=crew.hr)
    vacancy.leader_id = boss.id  # another leader follows this one
    db.session.commit()
    _ola, other = hire(crew, vacancy, "Ola Annen", "ola", start=today() + timedelta(days=20))
    seen = {}
    for username in ("kari", "fag", "leder", "hr", "sjef", "annen", "ola"):
        client.login(username)
        response = client.get("/recruitment/onboarding/")
        assert response.status_code == 200, username
        text = text_of(response)
        seen[username] = {name for name in ("Kari Kandidat", "Ola Annen") if name in text}
    assert seen == {"kari": {"Kari Kandidat"}, "fag": {"Kari Kandidat"}, "leder": {"Kari Kandidat"},
                    "hr": {"Kari Kandidat", "Ola Annen"}, "sjef": {"Ola Annen"}, "annen": set(),
                    "ola": {"Ola Annen"}}
    client.login("hr")
    html = client.get("/recruitment/onboarding/").get_data(as_text=True)
    assert html.index("Ola Annen") < html.index("Kari Kandidat")  # the latest start first
    overdue = sum(1 for i in plan.items if i.due_date < today())
    assert f"{overdue} overdue" in text_of(client.get("/recruitment/onboarding/"))
    assert db.session.scalar(select(OnboardingPlan.leader_id).where(OnboardingPlan.id == other.id)) == boss.id
