"""An EC writes the report after a shift on a phone: the identifier guard stops a phone
number in place, the EC confirms, the report is saved without a page load. The note and
calendar pages pass axe."""

import sys
from pathlib import Path

import pytest
from browser_helpers import SAVE, mark_window, sign_in, window_marked
from playwright.sync_api import expect
from test_accessibility import PHONE, axe_violations

# The shift tests' data helpers (on the path already when the whole suite runs).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shifts"))
from notes_helpers import build_crew, make_shift, next_day  # noqa: E402

from outreach.extensions import db  # noqa: E402

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def shift(make_user, make_team):
    crew = build_crew(make_user, make_team)
    shift = make_shift(crew.team, next_day(-1), people=[crew.fag, crew.ek], title="Kveldsrunde")
    shift_id = shift.id
    db.session.rollback()  # hold no transaction while the server thread writes
    return shift_id


def test_an_ec_writes_a_report_on_a_phone_and_the_guard_catches_a_phone_number(new_page, shift):
    page = new_page(viewport=PHONE, bypass_csp=False)
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/shifts/{shift}/report")
    mark_window(page)

    page.locator("#body").fill("Rolig kveld ved Oslo S.")
    page.locator("#contacts").fill("9")
    page.locator("#incidents").fill("Ringte mor på 912 34 567")
    page.get_by_role("button", name=SAVE).click()

    error = page.locator("#incidents-error")
    expect(error).to_contain_text("912 34 567")
    expect(page.locator("#incidents")).to_be_focused()  # where the work continues
    expect(page.locator("#incidents")).to_have_value("Ringte mor på 912 34 567")
    confirm = page.locator("#confirm_identifiers")
    expect(confirm).to_be_visible()

    confirm.check()
    page.get_by_role("button", name=SAVE).click()
    expect(page.locator("#note .flash-success")).to_be_visible()
    expect(page.locator("#confirm_identifiers")).to_have_count(0)
    assert window_marked(page), "the page was reloaded instead of swapped"


def test_note_and_calendar_pages_have_no_serious_accessibility_violations(new_page, shift):
    from test_accessibility import AXE

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)
    sign_in(page, "ek", PASSWORD)
    problems = []
    page.goto(f"/shifts/{shift}/report")
    problems += axe_violations(page, "report")
    page.locator("#incidents").fill("skriv til ola@example.no")
    page.locator("#note-form button[type=submit]").click()
    expect(page.locator("#incidents-error")).to_be_visible()
    problems += axe_violations(page, "report with a warning")
    page.goto(f"/shifts/{shift}/plan")
    problems += axe_violations(page, "plan")
    page.goto("/calendar")
    problems += axe_violations(page, "calendar page")
    page.locator("#personal-feed form button[type=submit]").click()
    expect(page.locator("#feed-url")).to_be_visible()
    problems += axe_violations(page, "calendar page with a new address")
    page.goto("/")
    expect(page.locator(".panel-slot")).to_have_count(0)  # every panel loaded
    problems += axe_violations(page, "start page with shift panels")
    assert problems == [], "\n".join(problems)
