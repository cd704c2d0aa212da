"""Min side loads each panel on its own once the page is there: in Chromium the panels fill
in, one with nothing to show leaves no gap, a form inside a loaded panel works, and without
JavaScript each panel is a link to its own page."""

import re

import pytest
from browser_helpers import MY_PAGE, sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RULE_PROBLEMS = "Åpne regelbrudd på teamene mine"
ME_AND_MY_TEAMS = "Meg og teamene mine"


def test_the_panels_fill_in_and_the_empty_ones_leave_no_gap(demo, page):
    sign_in(page, "tl1")
    expect(page.get_by_role("heading", level=2, name=RULE_PROBLEMS)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=ME_AND_MY_TEAMS)).to_be_visible()
    # Every place has been filled or has gone: no panel is left waiting.
    expect(page.locator(".panel-slot")).to_have_count(0)
    # The leader's panels, in the page's order: who I am first.
    titles = page.locator("article.panel h2").all_inner_texts()
    assert titles[0] == ME_AND_MY_TEAMS and RULE_PROBLEMS in titles
    assert "Kontoer" not in titles  # the administrator's panel is not asked for


def test_asking_for_a_talk_from_the_loaded_panel(demo, page):
    sign_in(page, "ek1")
    talk = page.locator("#talk")
    talk.get_by_role("textbox").fill("Vakta i helga")
    talk.get_by_role("button", name=re.compile("Be om en samtale")).click()
    expect(page.locator("#talk")).to_contain_text("Forespørselen er sendt til veilederen din.")
    expect(page.locator("#my-open-requests")).to_contain_text("Vakta i helga")
    expect(page.get_by_role("heading", level=1)).to_have_text(MY_PAGE)  # still on Min side


def test_without_javascript_each_panel_opens_on_its_own_page(demo, new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, "tl1")
    panel = page.locator("article.panel", has=page.get_by_role("heading", name=RULE_PROBLEMS))
    panel.get_by_role("link", name="Vis").click()
    expect(page).to_have_url(re.compile(r"/panels/rule-problems$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(RULE_PROBLEMS)
    expect(page.locator("#rule-problems li")).not_to_have_count(0)  # its teams, as on Min side
    page.get_by_role("link", name="Tilbake til min side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MY_PAGE)
