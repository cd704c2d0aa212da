"""The Content-Security-Policy (no inline script or style, no eval) breaks nothing."""

import re

import pytest
from browser_helpers import EDIT, SAVE, mark_window, profile_id, sign_in, window_marked
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_htmx_flows_run_under_the_content_security_policy(demo, page):
    response = page.goto("/login")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp

    sign_in(page, "tl1")
    assert page.evaluate("() => typeof window.htmx === 'object' && !!window.htmx.version")
    assert page.evaluate("() => htmx.config.allowEval === false && htmx.config.includeIndicatorStyles === false")

    # Filter the staff list.
    page.goto("/people/")
    mark_window(page)
    page.get_by_role("searchbox").press_sequentially("quist", delay=20)
    expect(page).to_have_url(re.compile(r"q=quist"))
    expect(page.locator("#results tbody tr")).to_have_count(1)

    # Edit a value in place, with an error first.
    page.goto(f"/people/{profile_id('Anders Berg')}")
    mark_window(page)
    page.locator("#field-position_percentage").get_by_role("link", name=EDIT).click()
    page.locator("#position_percentage").fill("150")
    page.keyboard.press("Enter")
    expect(page.locator("#position_percentage-error")).to_be_visible()
    page.locator("#position_percentage").fill("80")
    page.keyboard.press("Enter")
    expect(page.locator("span#field-position_percentage")).to_contain_text("80 %")

    # Add and rename an area on the leader's own team.
    page.goto("/teams/")
    page.get_by_role("link", name="Mindreårige").click()
    mark_window(page)
    areas = page.locator("#areas")
    areas.get_by_role("textbox", name=re.compile("Område|Area")).fill("Biblioteket")
    areas.get_by_role("button").click()
    expect(areas.locator(".area-row > span", has_text="Biblioteket")).to_be_visible()
    area = areas.locator(".area-row", has_text="Biblioteket")
    area.get_by_role("link", name=EDIT).click()
    editor = areas.locator("li > form")
    expect(editor.locator("input[name=name]")).to_be_focused()
    editor.locator("input[name=name]").fill("Deichman Grünerløkka")
    editor.get_by_role("button", name=SAVE).click()
    expect(areas.locator(".area-row > span", has_text="Deichman Grünerløkka")).to_be_visible()
    assert window_marked(page)

    assert page.console.csp_violations == [], page.console.csp_violations
    # 404 (favicon) and 422 (the invalid value) responses are logged too; script errors are not.
    script_errors = [e for e in page.console.errors if not e.startswith("Failed to load resource")]
    assert script_errors == [], script_errors
