"""A leader changes a roster rule in place; the limits and settings pages pass axe."""

from datetime import date, time, timedelta

import pytest
from browser_helpers import mark_window, sign_in, wait_for_htmx, window_marked
from playwright.sync_api import expect
from test_accessibility import AXE, axe_violations

from outreach.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def crew(make_user, make_team):
    from outreach.people.services import update_profile
    from outreach.shifts import limits, settings

    team = make_team("Unge voksne", areas=["Sentrum", "Tøyen"])
    make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder")
    ek = make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring")
    peer = make_user("lp", roles=["peer"], teams=[team], full_name="Lars Likeperson")
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    update_profile(ek.profile, {"supervisor_id": veileder.id})
    limits.create_absence(ek.profile, kind="course", starts_on=date(2026, 6, 9), ends_on=date(2026, 6, 10))
    limits.save_accommodation(ek.profile, None, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 30),
                              area_ids=[team.areas[1].id], shift_kinds=["follow_up"], max_hours_per_week=30,
                              note="Kortere vakter")
    limits.offer_availability(peer.profile, day=date.today() + timedelta(days=3), start=time(18), end=time(23))
    settings.save_pattern(team, None, weekday=0, kind="outreach", title="Kveld", start=time(18), end=time(23),
                          areas=[team.areas[0]], professionals_needed=1, lived_experience_needed=1)
    ids = {"team": team.id, "ek": ek.profile.id}
    db.session.rollback()  # hold no transaction while the server thread writes
    return ids


def test_a_leader_sets_a_rule_to_warn_in_place_and_a_bad_number_is_refused(new_page, crew):
    page = new_page()
    sign_in(page, "leder", PASSWORD)
    page.goto(f"/teams/{crew['team']}/rules")
    wait_for_htmx(page)
    mark_window(page)

    card = page.locator("#rule-weekly_hours")
    card.locator("#weekly_hours-hours").fill("0")
    card.locator("button[type=submit]").click()
    expect(page.locator("#weekly_hours-hours-error")).to_be_visible()
    expect(page.locator("#weekly_hours-hours")).to_be_focused()
    expect(page.locator("#weekly_hours-hours")).to_have_value("0")

    page.locator("#weekly_hours-hours").fill("37,5")
    page.locator("#weekly_hours-mode").select_option("warn")
    page.locator("#rule-weekly_hours button[type=submit]").click()
    expect(page.locator("#rule-weekly_hours .saved")).to_be_visible()
    expect(page.locator("#rule-weekly_hours-default")).to_contain_text("40")
    assert window_marked(page), "the page was reloaded instead of swapped"

    page.reload()
    expect(page.locator("#weekly_hours-mode")).to_have_value("warn")
    expect(page.locator("#weekly_hours-hours")).to_have_value("37,5")


def test_limits_and_settings_pages_have_no_serious_accessibility_violations(new_page, crew):
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)
    team, ek = crew["team"], crew["ek"]
    problems = []
    sign_in(page, "leder", PASSWORD)
    for url, label in (
        (f"/teams/{team}/roster?start=2026-06-08", "roster with absence"),
        (f"/teams/{team}/rules", "rule settings"),
        (f"/teams/{team}/patterns", "weekly patterns"),
        (f"/teams/{team}/patterns/new", "new weekly pattern"),
        (f"/teams/{team}/patterns/roll-out?first=2026-06-08&last=2026-06-21", "roll-out confirmation"),
        (f"/teams/{team}/absence", "absence list"),
        (f"/teams/{team}/absence/new", "new absence"),
        (f"/teams/{team}/availability", "team availability"),
        (f"/people/{ek}/accommodation", "accommodation"),
        (f"/people/{ek}/accommodation/new", "new accommodation"),
        (f"/people/{ek}/boundaries", "boundaries"),
    ):
        page.goto(url)
        problems += axe_violations(page, label)
    page.goto(f"/teams/{team}/absence/new")
    page.locator("#absence-form button[type=submit]").click()
    expect(page.locator("#staff_id-error")).to_be_visible()
    problems += axe_violations(page, "new absence with errors")

    page = new_page(bypass_csp=True)  # another person, another browser
    sign_in(page, "ek", PASSWORD)
    page.goto(f"/people/{ek}/boundaries/edit")
    problems += axe_violations(page, "own boundaries")
    page.goto("/absence/mine")
    problems += axe_violations(page, "my absence")
    page = new_page(bypass_csp=True)
    sign_in(page, "lp", PASSWORD)
    page.goto("/availability/mine")
    problems += axe_violations(page, "my availability")
    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)
