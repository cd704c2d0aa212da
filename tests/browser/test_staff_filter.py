"""The staff list filters as the user types, without reloading the page."""

import re

import pytest
from browser_helpers import mark_window, sign_in, window_marked
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_typing_in_the_search_box_filters_the_staff_list(demo, page):
    sign_in(page, "tl1")
    page.goto("/people/")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Ada Systemansvarlig")).to_be_visible()
    mark_window(page)

    page.get_by_role("searchbox").press_sequentially("quist", delay=20)

    expect(page).to_have_url(re.compile(r"/people/\?(.*&)?q=quist(&|$)"))
    expect(results.get_by_role("link", name="Oda Quist")).to_be_visible()
    expect(results.get_by_role("link", name="Ada Systemansvarlig")).to_have_count(0)
    expect(results.locator("tbody tr")).to_have_count(1)
    assert window_marked(page), "filtering reloaded the whole page"

    # A select filters too, and the search stays in the URL.
    page.get_by_role("searchbox").fill("")
    page.get_by_role("combobox", name=re.compile("Jobber som|Works as")).select_option("ec")
    expect(page).to_have_url(re.compile(r"role_type=ec"))
    expect(results.locator("tbody tr")).to_have_count(6)
    assert window_marked(page)

    # The filtered page is a real URL: loading it shows the same results and search box.
    page.goto("/people/?q=quist")
    expect(page.get_by_role("searchbox")).to_have_value("quist")
    expect(results.locator("tbody tr")).to_have_count(1)

    # Back in history restores the list as it was.
    page.goto("/people/")
    page.get_by_role("searchbox").press_sequentially("vik", delay=20)
    expect(page).to_have_url(re.compile(r"q=vik"))
    expect(results.get_by_role("link", name="Mona Vik")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(results.get_by_role("link", name="Ada Systemansvarlig")).to_be_visible()
