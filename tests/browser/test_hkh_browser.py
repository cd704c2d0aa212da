"""An EC in an HKH working group logs an interview with the target group in the field log and
links it to a finding the group already wrote; the findings page then shows the finding
supported by that entry. And axe-core on the project page and the field log."""

import re

import pytest
from browser_helpers import mark_window, sign_in, wait_for_htmx, window_marked
from playwright.sync_api import expect

from outreach.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
NOTES = "Tre unge fortalte at de samles ved trappa fordi det er lyst og trygt der."


@pytest.fixture
def project_id(make_user, make_team):
    """Per leads «Ungdom på Oslo S»; Eva (EC) is in the working group; one finding, unsupported."""
    from outreach.hkh import fieldwork, projects

    team = make_team("Mindreårige")
    lise = make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder")
    per = make_user("fag", roles=["professional"], teams=[team], full_name="Per Fagansatt")
    eva = make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", role_type="ec")
    for user in (lise, per, eva):
        user.locale = "en"
    db.session.commit()
    project = projects.create_project(projects.MandateInput(
        title="Ungdom på Oslo S", commissioner="Bydel Gamle Oslo", problem="Unge samles ved Oslo S om kvelden.",
        target_group="Ungdom 15-20 år", area="Oslo S"), actor=lise, lead=per)
    projects.add_member(project, user_id=eva.id, name="", organisation="", role="ec", actor=lise)
    fieldwork.add_finding(project, fieldwork.FindingInput(title="Mangel på trygge steder"), actor=per)
    ident = project.id
    db.session.rollback()  # hold no transaction while the server thread writes
    return ident


def test_an_ec_logs_an_interview_and_links_it_to_a_finding(new_page, project_id):
    page = new_page()
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/hkh/{project_id}")
    page.get_by_role("navigation", name="The project").get_by_role("link", name="Field log").click()
    expect(page.locator("main h1")).to_have_text("Ungdom på Oslo S")
    wait_for_htmx(page)
    mark_window(page)

    form = page.locator("#log-form")
    form.get_by_label("Method").select_option("interview")
    form.get_by_label("Informant category").select_option("target_group")
    form.get_by_label("Place").fill("Oslo S")
    form.get_by_label("Number of informants").fill("3")
    expect(form.get_by_label("Eva Erfaring (experience consultant)")).to_be_checked()
    form.get_by_label("Notes").fill(NOTES)
    form.get_by_role("button", name="Save the entry").click()

    expect(page.locator("#new-entry .saved")).to_have_text("The entry is saved.")
    entry = page.locator("#entries article.log-entry").first
    expect(entry).to_contain_text(NOTES)
    expect(entry).to_contain_text("An experience consultant took part")
    expect(page.locator("#notes")).to_have_value("")  # a fresh form for the next entry

    entry.get_by_label("Link to a finding").select_option(label="Mangel på trygge steder")
    entry.get_by_role("button", name="Link", exact=True).click()
    expect(page.locator("#entries article.log-entry").first.locator(".saved")).to_have_text(
        "Linked to “Mangel på trygge steder”.")
    expect(page.locator("#entries article.log-entry").first.locator(".entry-findings")).to_contain_text(
        "Supports: Mangel på trygge steder")
    assert window_marked(page), "logging and linking reloaded the whole page"

    page.get_by_role("navigation", name="The project").get_by_role("link", name="Findings").click()
    finding = page.locator("article.finding", has_text="Mangel på trygge steder")
    expect(finding).to_contain_text("Supported by 1 log entry · 1 method · 1 source")
    expect(finding).to_contain_text("Rests on one method only.")
    finding.get_by_text("The supporting entries").click()
    expect(finding.locator(".evidence")).to_contain_text("Interviews · The target group")
    expect(finding.locator(".evidence")).to_contain_text(NOTES[:40])


def test_the_hkh_pages_have_no_serious_accessibility_violations(new_page, project_id):
    from test_accessibility import AXE, axe_violations

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)
    sign_in(page, "ek", PASSWORD)
    problems = []
    page.goto(f"/hkh/{project_id}")
    problems += axe_violations(page, "project page")
    wait_for_htmx(page)
    page.get_by_role("button", name=re.compile("Move to the next phase")).click()
    expect(page.locator("#phase-confirm")).to_be_visible()
    problems += axe_violations(page, "project page asking to move on with gaps")
    page.goto(f"/hkh/{project_id}/log")
    problems += axe_violations(page, "field log")
    wait_for_htmx(page)
    page.locator("#notes").fill("Ring 912 34 567 i morgen")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator("#notes-error")).to_contain_text("This looks like a phone number")
    problems += axe_violations(page, "field log with an identifier warning")
    page.goto(f"/hkh/{project_id}/plan")
    problems += axe_violations(page, "plan")
    page.goto(f"/hkh/{project_id}/findings")
    problems += axe_violations(page, "findings")
    page.goto("/hkh/")
    problems += axe_violations(page, "project list")
    assert problems == [], "\n".join(problems)


def test_the_lead_opens_add_to_the_working_group_and_adds_a_colleague(new_page, make_user, project_id):
    make_user("kari", roles=["professional"], full_name="Kari Kollega")
    db.session.rollback()
    page = new_page()
    sign_in(page, "fag", PASSWORD)
    page.goto(f"/hkh/{project_id}")
    wait_for_htmx(page)
    mark_window(page)
    # The colleague select (every colleague) is loaded when the form is opened.
    expect(page.locator("#member-user_id")).to_have_count(0)
    page.locator("#group summary").click()
    colleague = page.locator("#member-user_id")
    expect(colleague).to_be_visible()
    colleague.select_option(label="Kari Kollega")
    page.locator("#member-role").select_option("member")
    page.locator("#group form button[type=submit]").click()
    expect(page.locator("#group .saved")).to_be_visible()
    expect(page.locator("#group table")).to_contain_text("Kari Kollega")
    assert window_marked(page), "opening the form or adding reloaded the whole page"
