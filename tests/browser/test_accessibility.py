"""axe-core finds no serious or critical accessibility problems; the pages work on a phone."""

import re

import pytest
from browser_helpers import AXE, EDIT, profile_id, sign_in, user_id, wait_for_htmx
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page, label: str) -> list[str]:
    """Serious and critical axe violations on the page as it is now, as readable lines."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    lines = []
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] not in BLOCKING:
            continue
        lines.append(f"{label} ({page.url}): [{violation['impact']}] {violation['id']}: "
                     f"{violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['summary']}".replace("\n", " "))
    return lines


@pytest.fixture
def axe_page(new_page):
    """A page whose context lets axe's script in past the app's Content-Security-Policy."""
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    return new_page(bypass_csp=True)


# Pico follows the system's light or dark mode, and so must the app's own colours.
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_serious_accessibility_violations(demo, axe_page, scheme):
    page = axe_page
    page.emulate_media(color_scheme=scheme)
    problems = []

    page.goto("/login")
    problems += axe_violations(page, "login page")
    page.locator("#username").fill("tl1")
    page.locator("#password").fill("wrong password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#login-error")).to_be_visible()
    problems += axe_violations(page, "login page with an error")

    sign_in(page, "tl1")
    problems += axe_violations(page, "start page")
    # The first Tab shows the skip link; it takes keyboard focus past the menu.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("Hopp til innholdet|Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.bounding_box()["width"] > 20, "the focused skip link is not visible"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto("/people/")
    problems += axe_violations(page, "staff list")

    page.goto(f"/people/{profile_id('Anders Berg')}")
    problems += axe_violations(page, "profile page")
    page.locator("#field-title").get_by_role("link", name=EDIT).click()
    expect(page.locator("form#field-title")).to_be_visible()
    problems += axe_violations(page, "profile page with the inline editor open")
    page.locator("#field-position_percentage").get_by_role("link", name=EDIT).click()
    page.locator("#position_percentage").fill("150")
    page.locator("form#field-position_percentage button[type=submit]").click()
    expect(page.locator("#position_percentage-error")).to_be_visible()
    problems += axe_violations(page, "profile page with an inline error")
    page.locator("#position_percentage").fill("80")
    page.locator("form#field-position_percentage button[type=submit]").click()
    expect(page.locator("#field-position_percentage .saved")).to_be_visible()
    problems += axe_violations(page, "profile page with a value just saved")

    page.goto("/teams/")
    problems += axe_violations(page, "teams list")
    page.get_by_role("link", name="Mindreårige").first.click()
    expect(page).to_have_url(re.compile(r"/teams/\d+$"))
    problems += axe_violations(page, "team page")
    page.locator("#areas .area-row").first.get_by_role("link", name=EDIT).click()
    expect(page.locator("#areas li > form")).to_be_visible()
    problems += axe_violations(page, "team page with an area editor open")

    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)


def test_admin_pages_have_no_serious_accessibility_violations(demo, axe_page):
    page = axe_page
    problems = []
    sign_in(page, "admin")
    for url, label in [
        ("/admin/users", "accounts list"),
        ("/audit/", "audit log"),
        ("/admin/users/new", "new account form"),
        (f"/admin/users/{user_id('leder')}", "an account and its roles"),
        ("/account/settings", "account settings"),
        ("/audit/me", "who has looked at my data"),
        ("/people/0", "not-found page"),
    ]:
        response = page.goto(url)
        assert response.ok or url == "/people/0", f"{url} answered {response.status}"
        problems += axe_violations(page, label)
    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)


def test_ids_stay_unique_with_an_area_editor_open(demo, page):
    sign_in(page, "tl1")
    page.goto("/teams/")
    page.get_by_role("link", name="Mindreårige").click()
    # The editor opens in place once htmx has the page; a click before that (a loaded machine)
    # follows the link to the editor's own page instead.
    wait_for_htmx(page)
    page.locator("#areas .area-row").first.get_by_role("link", name=EDIT).click()
    expect(page.locator("#areas li > form")).to_be_visible()
    duplicates = page.evaluate("""() => {
      const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
      return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    }""")
    assert duplicates == [], f"ids used more than once: {duplicates}"


def assert_no_horizontal_scroll(page, label: str) -> None:
    # A mobile browser widens the layout viewport to fit content that overflows, so the
    # page is measured against the phone's width, not against window.innerWidth alone.
    page.wait_for_load_state("load")  # with its stylesheets
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= PHONE["width"] and inner == PHONE["width"], (
        f"{label} is {width}px wide on a {PHONE['width']}px phone (window.innerWidth {inner})"
    )


def assert_nav_fits(page) -> None:
    """Every link and button in the main menu is on screen and big enough to tap."""
    nav = page.get_by_role("navigation", name=re.compile("Hovedmeny|Main menu"))
    controls = nav.locator("a, button")
    assert controls.count() >= 4
    for i in range(controls.count()):
        control = controls.nth(i)
        expect(control).to_be_visible()
        box = control.bounding_box()
        name = control.inner_text().strip()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            f"{name!r} reaches {box['x'] + box['width']:.0f}px on a {PHONE['width']}px phone"
        )
        assert box["height"] >= 24, f"{name!r} is only {box['height']:.0f}px tall"


def test_the_pages_work_on_a_phone(demo, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/login")
    assert_no_horizontal_scroll(page, "login page")
    sign_in(page, "tl1")
    assert_no_horizontal_scroll(page, "start page")
    assert_nav_fits(page)

    nav = page.get_by_role("navigation", name=re.compile("Hovedmeny|Main menu"))
    nav.get_by_role("link", name=re.compile("^(Ansatte|Staff)$")).tap()
    expect(page).to_have_url(re.compile(r"/people/$"))
    assert_no_horizontal_scroll(page, "staff list")

    page.goto(f"/people/{profile_id('Anders Berg')}")
    assert_no_horizontal_scroll(page, "profile page")
    page.locator("#field-title").get_by_role("link", name=EDIT).tap()
    expect(page.locator("form#field-title #title")).to_be_visible()
    assert_no_horizontal_scroll(page, "profile page with the inline editor open")

    page.goto("/teams/")
    assert_no_horizontal_scroll(page, "teams list")


def test_the_admin_menu_fits_on_a_phone(demo, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "admin")
    assert_no_horizontal_scroll(page, "the administrator's start page")
    assert_nav_fits(page)
    nav = page.get_by_role("navigation", name=re.compile("Hovedmeny|Main menu"))
    nav.get_by_role("link", name=re.compile("^(Hendelseslogg|Audit log)$")).tap()
    expect(page).to_have_url(re.compile(r"/audit/$"))
    assert_no_horizontal_scroll(page, "audit log")
    page.goto("/admin/users")
    assert_no_horizontal_scroll(page, "accounts list")
