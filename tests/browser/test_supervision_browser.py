"""An EC writes the shared summary of her supervision in place, her supervisor writes an item
to take further to the team leader, she agrees, and the team leader then reads it on
"Shared with me"."""

import re
from datetime import time, timedelta

import pytest
from browser_helpers import SAVE, mark_window, sign_in, wait_for_htmx, window_marked
from playwright.sync_api import expect

from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def session_id(make_user, make_team):
    from outreach.supervision import sessions

    team = make_team("Unge voksne")
    vera = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    eva = make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", supervisor_id=vera.id,
                    role_type="ec")
    make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder")
    held = sessions.create_session(vera, sessions.SessionInput(
        kind="individual", day=utcnow().astimezone(OSLO).date() - timedelta(days=1), start=time(10),
        duration_minutes=60, status="held", participant_ids=[eva.id]), actor=vera)
    ident = held.id
    db.session.rollback()  # hold no transaction while the server thread writes
    return ident


def test_a_summary_written_in_place_and_an_item_agreed_reaches_the_team_leader(new_page, session_id):
    # Eva writes the shared summary without leaving the page.
    page = new_page()
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/supervision/{session_id}")
    wait_for_htmx(page)
    mark_window(page)
    page.locator("#shared").get_by_role("link", name=re.compile(r"Skriv|Write")).click()
    body = page.locator("#shared-body")
    expect(body).to_be_focused()
    body.fill("Vi snakket om grenser og om å si nei.")
    page.locator("#shared-form").get_by_role("button", name=SAVE).click()
    expect(page.locator("#shared .saved")).to_be_visible()
    expect(page.locator("#shared")).to_contain_text("Vi snakket om grenser og om å si nei.")
    expect(page.locator("#shared-form")).to_have_count(0)
    assert window_marked(page), "saving reloaded the whole page"

    # Vera reads it and writes what should reach the team leader.
    page = new_page()
    sign_in(page, "veileder", PASSWORD)
    page.goto(f"/supervision/{session_id}")
    expect(page.locator("#shared")).to_contain_text("Vi snakket om grenser")
    wait_for_htmx(page)
    page.locator("#further-recipient-0").check()  # the team leader
    page.locator("#further-body").fill("Eva bør ha færre kveldsvakter i høst.")
    page.locator("#further-form button[type=submit]").click()
    item = page.locator("#further .further-item")
    expect(item).to_contain_text("Eva bør ha færre kveldsvakter i høst.")
    expect(page.locator("#further .saved")).to_be_visible()

    # Before Eva agrees, the leader sees nothing.
    leader = new_page()
    sign_in(leader, "leder", PASSWORD)
    leader.goto("/supervision/shared-with-me")
    expect(leader.locator("main")).not_to_contain_text("færre kveldsvakter")

    # Eva agrees, in place.
    page = new_page()
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/supervision/{session_id}")
    wait_for_htmx(page)
    mark_window(page)
    page.locator("#further .further-item form button[type=submit]").click()
    expect(page.locator("#further").get_by_role("link", name=re.compile(r"Trekk|Withdraw"))).to_be_visible()
    assert window_marked(page), "agreeing reloaded the whole page"

    leader.goto("/supervision/shared-with-me")
    expect(leader.locator("main")).to_contain_text("Eva bør ha færre kveldsvakter i høst.")
    expect(leader.locator("main")).to_contain_text("Eva Erfaring")
    expect(leader.locator("main")).not_to_contain_text("Vi snakket om grenser")


def test_the_supervision_pages_have_no_serious_accessibility_violations(new_page, session_id, planned_today):
    from test_accessibility import AXE, axe_violations

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)
    sign_in(page, "veileder", PASSWORD)
    problems = []
    page.goto("/supervision/")
    problems += axe_violations(page, "supervision list")
    page.goto("/supervision/new")
    problems += axe_violations(page, "plan a session")
    page.goto(f"/supervision/{session_id}")
    problems += axe_violations(page, "session page")
    page.goto(f"/supervision/{planned_today}/held")
    problems += axe_violations(page, "mark held: the confirmation")
    page.goto(f"/supervision/{session_id}")
    wait_for_htmx(page)
    page.locator("#private").get_by_role("link", name=re.compile(r"Skriv|Write")).click()
    expect(page.locator("#private-body")).to_be_focused()
    problems += axe_violations(page, "session page with the private notes open")
    page.locator("#private-body").fill("Ring 912 34 567")
    page.locator("#private-form button[type=submit]").click()
    expect(page.locator("#private-body-error")).to_be_visible()
    problems += axe_violations(page, "private notes with an identifier warning")
    assert problems == [], "\n".join(problems)


@pytest.fixture
def planned_today(session_id):
    """A session Vera planned with Eva for today: it may be marked held."""
    from outreach.auth.models import User
    from outreach.supervision import sessions

    vera, eva = (db.session.scalar(db.select(User).where(User.username == name)) for name in ("veileder", "ek"))
    planned = sessions.create_session(vera, sessions.SessionInput(
        kind="individual", day=utcnow().astimezone(OSLO).date(), start=time(8), duration_minutes=60,
        status="planned", participant_ids=[eva.id]), actor=vera)
    ident = planned.id
    db.session.rollback()  # hold no transaction while the server thread writes
    return ident


def test_marking_a_session_held_asks_first(new_page, planned_today):
    page = new_page()
    sign_in(page, "veileder", PASSWORD)
    page.goto(f"/supervision/{planned_today}")
    wait_for_htmx(page)
    page.locator("#facts").get_by_role("link", name=re.compile(r"Merk som gjennomført|Mark as held")).click()
    expect(page.locator("main h1")).to_contain_text(
        re.compile(r"Merke veiledningen som gjennomført\?|Mark the session as held\?"))
    expect(page.locator("main")).to_contain_text(re.compile(r"kan ikke angres|cannot be undone"))
    page.locator("main form").get_by_role("button", name=re.compile(r"Merk som gjennomført|Mark as held")).click()
    page.wait_for_url(re.compile(rf"/supervision/{planned_today}$"))
    expect(page.locator("#flash")).to_contain_text(
        re.compile(r"Veiledningen er merket som gjennomført|The session is marked held"))
    expect(page.locator("#facts")).not_to_contain_text(re.compile(r"Merk som gjennomført|Mark as held"))
