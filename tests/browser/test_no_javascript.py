"""Without JavaScript every step still works: the Edit links lead to plain forms."""

import re

import pytest
from browser_helpers import EDIT, MY_PAGE, SAVE, profile_id, sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SAVED_FLASH = re.compile(r"Lagret\.|Saved\.")


@pytest.fixture
def page(new_page):
    return new_page(java_script_enabled=False)


def test_sign_in_and_edit_a_value_without_javascript(demo, page):
    sign_in(page, "tl1")
    expect(page.get_by_role("heading", level=1)).to_have_text(MY_PAGE)
    assert page.locator("html").evaluate("() => typeof window.htmx") == "undefined"  # page scripts do not run

    staff_id = profile_id("Anders Berg")
    page.goto(f"/people/{staff_id}")
    page.locator("#field-title").get_by_role("link", name=EDIT).click()
    expect(page).to_have_url(re.compile(rf"/people/{staff_id}/field/title$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anders Berg")
    title = page.get_by_role("textbox", name=re.compile("Tittel|Title"))
    expect(title).to_have_value("Oppsøkende miljøterapeut")
    title.fill("Oppsøkende sosionom")
    page.locator("form#field-title").get_by_role("button", name=SAVE).click()

    expect(page).to_have_url(re.compile(rf"/people/{staff_id}$"))
    expect(page.locator("#flash")).to_contain_text(SAVED_FLASH)
    expect(page.locator("#field-title")).to_contain_text("Oppsøkende sosionom")


def test_an_invalid_value_without_javascript_keeps_the_form(demo, page):
    sign_in(page, "tl1")
    staff_id = profile_id("Anders Berg")
    page.goto(f"/people/{staff_id}/field/position_percentage")
    field = page.locator("#position_percentage")
    field.fill("150")
    page.locator("form#field-position_percentage").get_by_role("button", name=SAVE).click()

    expect(page).to_have_url(re.compile(rf"/people/{staff_id}/field/position_percentage$"))
    expect(page.locator("#position_percentage-error")).to_have_text(re.compile(r"0.*100"))
    expect(field).to_have_value("150")
    expect(field).to_have_attribute("aria-invalid", "true")

    # Cancel is a plain link back to the profile, where nothing changed.
    page.get_by_role("link", name=re.compile("Avbryt|Cancel")).click()
    expect(page).to_have_url(re.compile(rf"/people/{staff_id}$"))
    expect(page.locator("#field-position_percentage")).to_contain_text("100 %")


def test_filter_the_staff_list_and_sign_out_without_javascript(demo, page):
    sign_in(page, "tl1")
    page.goto("/people/")
    page.get_by_role("searchbox").fill("quist")
    page.get_by_role("search").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/people/\?(.*&)?q=quist"))
    expect(page.locator("#results tbody tr")).to_have_count(1)

    page.get_by_role("button", name=re.compile("Logg ut|Sign out")).click()
    expect(page).to_have_url(re.compile(r"/login$"))
