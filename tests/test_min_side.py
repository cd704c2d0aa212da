"""Min side: the page names the panels a person's roles bring, and each panel loads on its own
(htmx), or on its own page without JavaScript."""

import re

import pytest
from page_helpers import counted_queries, text_of

from outreach.audit.models import AuditEvent
from outreach.extensions import db


def slots(response) -> list[str]:
    return re.findall(r'<div class="panel-slot" id="panel-([\w-]+)"', response.get_data(as_text=True))


def test_each_role_gets_the_places_of_its_panels_only(demo, client):
    client.login("tl1", "demo")
    leader = slots(client.get("/"))
    assert leader[0] == "my-profile" and {"rule-problems", "team-supervision", "open-vacancies"} <= set(leader)
    assert "accounts" not in leader and "supervision-follow-up" not in leader
    client.login("admin", "demo")
    assert "accounts" in slots(client.get("/")) and "rule-problems" not in slots(client.get("/"))


def test_the_page_itself_reads_no_panel(demo, client):
    """However much the panels hold, the page is the layout, the user and their roles."""
    client.login("tl1", "demo")
    client.get("/")
    with counted_queries() as statements:
        page = client.get("/")
    assert page.status_code == 200 and len(statements) <= 4, statements
    assert 'id="rule-problems"' not in page.get_data(as_text=True)  # the title only, as a link
    assert 'id="rule-problems"' in client.min_side().get_data(as_text=True)


@pytest.mark.parametrize("name", ["accounts", "rule-problems", "no-such-panel"])
def test_a_panel_not_for_me_or_unknown_is_not_found(demo, client, name):
    def refusals():
        return db.session.scalars(db.select(AuditEvent.summary).where(
            AuditEvent.kind == "denied", AuditEvent.actor_label == "ek1",
            AuditEvent.summary.like(f"%: panel {name}"))).all()

    client.login("ek1", "demo")
    before = len(refusals())
    assert client.htmx("GET", f"/panels/{name}").status_code == 404
    assert client.get(f"/panels/{name}").status_code == 404
    # The refusal of a panel that exists is logged, with the rule that refused it.
    logged = refusals()
    assert len(logged) - before == (0 if name == "no-such-panel" else 2)
    assert all(summary.startswith(("accounts.manage:", "panel.leader:")) for summary in logged)


def test_signed_out_a_panel_asks_to_sign_in(demo, client):
    response = client.get("/panels/my-profile")
    assert response.status_code in (302, 303) and "/login" in response.location


def test_a_panel_with_nothing_to_show_leaves_nothing_and_its_page_says_so(demo, client):
    client.login("admin", "demo")  # has no HKH measures of their own
    fragment = client.htmx("GET", "/panels/hkh-overdue")
    assert fragment.status_code == 200 and fragment.get_data(as_text=True).strip() == ""
    page = text_of(client.get("/panels/hkh-overdue"))
    assert "Ingenting å vise her nå." in page and "Tilbake til min side" in page


def test_a_panel_on_its_own_page_shows_what_min_side_shows(demo, client):
    client.login("tl1", "demo")
    fragment = text_of(client.htmx("GET", "/panels/my-profile"))
    page = text_of(client.get("/panels/my-profile"))
    assert fragment.startswith("Meg og teamene mine")
    assert fragment.removeprefix("Meg og teamene mine").strip() in page
