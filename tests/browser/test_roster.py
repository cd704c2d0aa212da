"""A team leader plans in the week grid, in place; the roster pages pass axe and fit a phone."""

import re
from datetime import date, time, timedelta

import pytest
from browser_helpers import AXE, mark_window, profile_id, sign_in, wait_for_htmx, window_marked
from playwright.sync_api import expect
from test_accessibility import BLOCKING, PHONE, RUN_AXE

from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.models import Area, Team
from outreach.shifts import services
from outreach.shifts.demo import seed as seed_roster

pytestmark = pytest.mark.browser

PUT_ON = re.compile(r"^\s*(Sett på|Put on)\s*$")
NOT_SAVED = re.compile(r"Ikke lagret|Not saved")
NO_PROFESSIONAL = re.compile(r"ingen fagansatt|has no professional")


@pytest.fixture
def roster(demo):
    """The demo section and its four weeks of roster, from this week's Monday."""
    return seed_roster()


def _free_evening(roster) -> tuple[int, int]:
    """A new outreach evening for Mindreårige in week six, after the demo's four weeks, in an
    environment Espen (EC) knows, with nobody on it. (team id, weekday index in the grid)"""
    team = db.session.scalar(db.select(Team).where(Team.name == "Mindreårige"))
    oslo_s = db.session.scalar(db.select(Area).where(Area.team_id == team.id,
                                                     Area.name == "Oslo S og Jernbanetorget"))
    day = roster["first"] + timedelta(weeks=5, days=2)  # a Wednesday
    services.create_shift(team, kind="outreach", day=day, start=time(18), end=time(23), areas=[oslo_s],
                          title="Ekstra kveldsrunde", lived_experience_needed=1)
    team_id = team.id
    db.session.remove()  # hold no transaction while the server thread writes
    return team_id, day


def _cell(page, name: str, index: int):
    row = page.locator("#roster-grid tbody tr").filter(has=page.get_by_role("rowheader", name=re.compile(name)))
    return row.locator("td").nth(index)


def _put_on(page, name: str, index: int, day) -> None:
    """The "+" in the person's cell, then the shift, then "Put on": all in place."""
    cell = _cell(page, name, index)
    cell.get_by_role("link", name=re.compile(rf"{name}.*\b{day.day}\.{day.month}\.")).click()
    form = cell.locator("form.cell-form")
    expect(form).to_be_visible()
    expect(form.locator("select")).to_be_focused()
    form.locator("select").select_option(index=0)
    form.get_by_role("button", name=PUT_ON).click()


def test_leader_pairs_an_ec_in_the_grid_and_the_badge_comes_and_goes(roster, page):
    team_id, day = _free_evening(roster)
    monday = day - timedelta(days=day.weekday())
    index = day.weekday()
    sign_in(page, "tl1")
    page.goto(f"/teams/{team_id}/roster?start={monday.isoformat()}")
    wait_for_htmx(page)
    mark_window(page)
    espen = _cell(page, "Espen Kristiansen", index)
    anders = _cell(page, "Anders Berg", index)

    # Espen alone on outreach breaks a blocking rule: refused, with the reason, nothing saved.
    _put_on(page, "Espen Kristiansen", index, day)
    error = page.locator("#roster-grid .flash-error")
    expect(error).to_contain_text(NOT_SAVED)
    expect(error).to_contain_text(NO_PROFESSIONAL)
    expect(error).to_contain_text("Espen Kristiansen")
    expect(espen.locator(".shift")).to_have_count(0)

    # A professional first, then Espen: both on, no error and no blocking badge.
    _put_on(page, "Anders Berg", index, day)
    expect(anders.locator(".shift")).to_contain_text("18:00–23:00")
    expect(page.locator("#roster-grid .flash-error")).to_have_count(0)
    _put_on(page, "Espen Kristiansen", index, day)
    expect(espen.locator(".shift")).to_contain_text("18:00–23:00")
    expect(espen.locator(".badge-block")).to_have_count(0)

    # Taking the professional off leaves Espen alone: a blocking badge in his cell ...
    anders.get_by_role("button", name=re.compile(r"Anders Berg")).click()
    expect(anders.locator(".shift")).to_have_count(0)
    badge = espen.locator(".badge-block")
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("title", NO_PROFESSIONAL)
    expect(page.locator("#violations")).to_contain_text(NO_PROFESSIONAL)

    # ... which goes once a professional is on the shift again.
    _put_on(page, "Anders Berg", index, day)
    expect(anders.locator(".shift")).to_contain_text("18:00–23:00")
    expect(espen.locator(".badge-block")).to_have_count(0)
    expect(page.locator("#violations")).not_to_contain_text(NO_PROFESSIONAL)
    assert window_marked(page), "planning in the grid reloaded the whole page"

    page.reload()
    expect(_cell(page, "Espen Kristiansen", index).locator(".shift")).to_contain_text("18:00–23:00")
    expect(_cell(page, "Anders Berg", index).locator(".shift")).to_contain_text("18:00–23:00")


def _axe(page, label: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    lines = []
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] in BLOCKING:
            lines.append(f"{label}: [{violation['impact']}] {violation['id']}: {violation['help']}")
            lines += [f"    {node['target']}: {node['summary']}".replace("\n", " ") for node in violation["nodes"][:5]]
    return lines


def test_the_roster_pages_have_no_serious_accessibility_violations(roster, new_page):
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)  # axe's script is let in past the Content-Security-Policy
    team_id = db.session.scalar(db.select(Team.id).where(Team.name == "Mindreårige"))
    db.session.remove()
    first = roster["first"]
    sign_in(page, "tl1")
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"/teams/{team_id}/roster?start={first.isoformat()}")
        expect(page.locator("#roster-grid .badge-block").first).to_be_visible()  # the deliberate problem
        problems += _axe(page, f"week grid ({scheme})")
        page.goto(f"/teams/{team_id}/roster?start={first.isoformat()}&weeks=4")
        expect(page.locator("#roster-grid thead th")).to_have_count(29)
        problems += _axe(page, f"four-week grid ({scheme})")
        page.goto(f"/teams/{team_id}/roster/day/{first.isoformat()}")
        expect(page.locator(".shift-card").first).to_be_visible()
        problems += _axe(page, f"day view ({scheme})")
    # A week with public holidays (their columns are tinted), in light mode.
    page.emulate_media(color_scheme="light")
    christmas = date(first.year, 12, 25)
    page.goto(f"/teams/{team_id}/roster?start={(christmas - timedelta(days=christmas.weekday())).isoformat()}")
    expect(page.locator("#roster-grid thead th.holiday").first).to_be_visible()
    problems += _axe(page, "week grid with holidays")
    # The grid with a cell's form open.
    page.goto(f"/teams/{team_id}/roster?start={(first + timedelta(weeks=2)).isoformat()}")
    wait_for_htmx(page)
    cell = _cell(page, "Espen Kristiansen", 0)
    cell.locator("a.add").click()
    expect(cell.locator("form.cell-form select")).to_be_visible()
    problems += _axe(page, "week grid with a cell's form open")
    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)


def test_the_grid_scrolls_inside_its_box_on_a_phone(roster, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    staff_id = profile_id("Espen Kristiansen")
    sign_in(page, "tl1")
    page.goto(f"/teams/{db.session.scalar(db.select(Team.id).where(Team.name == 'Mindreårige'))}/roster?weeks=4")
    db.session.remove()
    page.wait_for_load_state("load")
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= PHONE["width"] and inner == PHONE["width"], f"the page is {width}px wide on a phone"
    box = page.locator(".roster-scroll")
    scroll_width, client_width = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll_width > client_width <= PHONE["width"], "the grid does not scroll inside its box"
    # The names stay in view while the days scroll past.
    name = page.get_by_role("rowheader", name=re.compile("Espen Kristiansen"))
    before = name.bounding_box()["x"]
    box.evaluate("el => { el.scrollLeft = 600; }")
    assert abs(name.bounding_box()["x"] - before) < 1
    today = utcnow().astimezone(OSLO).date()
    add = page.locator(f'a.add[href*="staff={staff_id}&day={today.isoformat()}"]')
    add.scroll_into_view_if_needed()
    box_add = add.bounding_box()
    assert box_add["width"] >= 24 and box_add["height"] >= 24, f"the + is only {box_add}"
