"""An EC proposes a change to the individual part of her job description and signs out; her
leader sees the proposal with the change marked, takes it in and signs; the EC signs; the
page then shows the version signed by both. And axe-core on the description page."""

import re
from datetime import date

import pytest
from browser_helpers import sign_in
from playwright.sync_api import expect

from outreach.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
NOW = "Går oppsøkende i sentrum på kveldstid."
ADDED = "og i Vaterlandsparken om morgenen"
PROPOSED = f"Går oppsøkende i sentrum {ADDED} på kveldstid."


@pytest.fixture
def eva(make_user, make_team):
    """Eva's description, started by her leader Lise from the EC template: a draft, not signed."""
    from outreach.jobs import services

    team = make_team("Unge voksne")
    lise = make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder")
    eva = make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", role_type="ec",
                    start_date=date(2025, 3, 1))
    for user in (lise, eva):
        user.locale = "en"  # the job description texts are not all in the catalogue yet
    db.session.commit()
    services.start(eva.profile, actor=lise, individual=NOW)
    staff_id = eva.profile.id
    db.session.rollback()  # hold no transaction while the server thread writes
    return staff_id


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("Logg ut|Sign out")).click()
    page.wait_for_url(re.compile(r"/login"))


def test_an_ec_proposes_a_change_the_leader_accepts_and_both_sign(new_page, eva):
    page = new_page()
    # Eva opens her description from the menu and proposes a change to her individual part.
    sign_in(page, "ek", PASSWORD)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Job descriptions").click()
    page.get_by_role("button", name="Open my description").click()
    expect(page.locator("main h1")).to_contain_text("Job description: Eva Erfaring")
    page.get_by_role("button", name="Propose a change to my individual part").click()
    text = page.get_by_label("Your proposed text")
    expect(text).to_have_value(NOW)
    text.fill(PROPOSED)
    page.get_by_label("Why (optional)").fill("Jeg kjenner parken fra før.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.locator("#flash")).to_contain_text("Your proposal is sent to your leader.")
    expect(page.locator("#proposals")).to_contain_text("Waiting for the leader")
    sign_out(page)

    # Lise sees the proposal next to the text as it is, the added words marked, and takes it in.
    sign_in(page, "leder", PASSWORD)
    page.goto(f"/jobs/people/{eva}")
    proposal = page.locator("#proposals article.proposal")
    expect(proposal).to_contain_text("Eva Erfaring")
    expect(proposal.locator("ins")).to_contain_text(ADDED)
    expect(proposal).to_contain_text("Jeg kjenner parken fra før.")
    expect(page.locator("#sign")).to_contain_text("Answer the open proposals before signing.")
    proposal.get_by_role("button", name="Accept into the draft").click()
    expect(page.locator("#flash")).to_contain_text("The proposal is taken into the draft.")
    expect(page.locator("#section-individual")).to_contain_text(PROPOSED)
    page.get_by_role("button", name="Sign as the leader").click()
    expect(page.locator("#flash")).to_contain_text("Signed. It is frozen once both have signed.")
    expect(page.locator("#sign")).to_contain_text(re.compile(r"The leader: signed .* by Lise Leder"))
    sign_out(page)

    # Eva signs: the version is frozen, signed by both.
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/jobs/people/{eva}")
    expect(page.locator("#sign")).to_contain_text("The employee: not signed")
    page.get_by_role("button", name="Sign as the employee").click()
    expect(page.locator("#flash")).to_contain_text("Signed by both: version 1 is frozen.")
    expect(page.locator("#status")).to_contain_text(re.compile(r"Version 1, signed by both \d+\. \w+ \d{4}"))
    expect(page.locator("#sign")).to_have_count(0)  # nothing left to sign
    expect(page.locator("#section-individual")).to_contain_text(PROPOSED)
    expect(page.get_by_role("button", name=re.compile("Sign as"))).to_have_count(0)


def test_the_description_pages_have_no_serious_accessibility_violations(new_page, eva):
    from test_accessibility import AXE, axe_violations

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)
    problems = []
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/jobs/people/{eva}/propose")
    problems += axe_violations(page, "propose a change")
    page.get_by_label("Your proposed text").fill(PROPOSED)
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.locator("#flash")).to_contain_text("Your proposal is sent to your leader.")
    sign_out(page)
    sign_in(page, "leder", PASSWORD)
    page.goto(f"/jobs/people/{eva}")
    problems += axe_violations(page, "description page with a proposal to answer")
    page.locator("#proposals summary").click()  # the comment form opened
    problems += axe_violations(page, "description page with the comment form open")
    page.goto(f"/jobs/people/{eva}/draft")
    problems += axe_violations(page, "the leader's draft form")
    page.goto("/jobs/")
    problems += axe_violations(page, "the overview")
    page.goto(f"/jobs/people/{eva}/print")
    problems += axe_violations(page, "the printable view")
    page.goto("/jobs/templates/ec")
    problems += axe_violations(page, "a role template")
    assert problems == [], "\n".join(problems)
