"""A team leader signs in, opens a colleague's profile and edits values in place."""

import re

import pytest
from browser_helpers import (
    EDIT,
    MY_PAGE,
    SAVE,
    SAVED,
    mark_window,
    profile_id,
    sign_in,
    window_marked,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BETWEEN = re.compile(r"0.*100")  # "Mellom 0 og 100." / "Between 0 and 100."


def test_team_leader_edits_a_title_in_place(demo, page):
    sign_in(page, "tl1")
    expect(page.get_by_role("heading", level=1)).to_have_text(MY_PAGE)
    expect(page.get_by_role("navigation").get_by_role("link", name="Tore Bakke")).to_be_visible()

    # Anders Berg is on Tore's team (Mindreårige).
    page.get_by_role("navigation").get_by_role("link", name=re.compile("Ansatte|Staff")).click()
    page.get_by_role("link", name="Anders Berg", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/people/{profile_id('Anders Berg')}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anders Berg")
    mark_window(page)

    page.locator("#field-title").get_by_role("link", name=EDIT).click()
    editor = page.locator("form#field-title")
    expect(editor).to_be_visible()
    title = editor.get_by_role("textbox", name=re.compile("Tittel|Title"))
    expect(title).to_be_focused()
    expect(title).to_have_value("Oppsøkende miljøterapeut")

    title.fill("Oppsøkende sosionom")
    editor.get_by_role("button", name=SAVE).click()

    shown = page.locator("span#field-title")
    expect(shown).to_contain_text("Oppsøkende sosionom")
    expect(shown.get_by_role("status")).to_have_text(SAVED)
    expect(page.locator("form#field-title")).to_have_count(0)
    # Keyboard focus stays where the user was working: on the field's Edit link.
    expect(shown.get_by_role("link", name=EDIT)).to_be_focused()
    assert window_marked(page), "saving reloaded the whole page"

    page.reload()
    assert not window_marked(page)
    expect(page.locator("#field-title")).to_contain_text("Oppsøkende sosionom")
    expect(page.locator("#field-title").get_by_role("status")).to_have_count(0)


def test_an_invalid_inline_value_shows_the_error_next_to_the_field(demo, page):
    sign_in(page, "tl1")
    page.goto(f"/people/{profile_id('Anders Berg')}")
    mark_window(page)

    page.locator("#field-position_percentage").get_by_role("link", name=EDIT).click()
    editor = page.locator("form#field-position_percentage")
    field = editor.locator("#position_percentage")
    expect(field).to_be_focused()
    field.fill("150")
    editor.get_by_role("button", name=SAVE).click()

    error = editor.locator("#position_percentage-error")
    expect(error).to_have_text(BETWEEN)
    expect(field).to_have_value("150")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "position_percentage-error")
    expect(field).to_be_focused()
    assert window_marked(page)

    # Cancel puts the saved value back, with focus on the field's Edit link.
    editor.get_by_role("link", name=re.compile("Avbryt|Cancel")).click()
    shown = page.locator("span#field-position_percentage")
    expect(shown).to_contain_text("100 %")
    expect(shown.get_by_role("link", name=EDIT)).to_be_focused()
    assert window_marked(page)
    page.reload()
    expect(page.locator("#field-position_percentage")).to_contain_text("100 %")


def test_the_inline_editor_works_from_the_keyboard(demo, page):
    sign_in(page, "tl1")
    page.goto(f"/people/{profile_id('Anders Berg')}")
    mark_window(page)

    page.locator("#field-phone").get_by_role("link", name=EDIT).focus()
    page.keyboard.press("Enter")
    phone = page.locator("form#field-phone #phone")
    expect(phone).to_be_focused()
    phone.fill("+47 900 00 000")
    page.keyboard.press("Enter")

    expect(page.locator("span#field-phone")).to_contain_text("+47 900 00 000")
    assert window_marked(page)


def test_team_leader_adds_and_renames_an_area_in_place(demo, page):
    sign_in(page, "tl1")
    page.goto("/teams/")
    page.get_by_role("link", name="Mindreårige").click()
    expect(page).to_have_url(re.compile(r"/teams/\d+$"))
    mark_window(page)
    areas = page.locator("#areas")
    rows = areas.locator(".area-row")
    expect(rows).to_have_count(4)

    name = areas.get_by_role("textbox", name=re.compile("Område|Area"))
    name.fill("Biblioteket")
    areas.get_by_role("button", name=re.compile("Legg til|Add")).click()
    expect(rows).to_have_count(5)
    expect(rows.filter(has_text="Biblioteket")).to_have_count(1)
    # The emptied field has focus again, ready for the next area.
    expect(name).to_have_value("")
    expect(name).to_be_focused()

    # An empty name is refused next to the field.
    page.keyboard.press("Enter")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_be_focused()
    expect(rows).to_have_count(5)

    rows.filter(has_text="Biblioteket").get_by_role("link", name=EDIT).click()
    editor = areas.locator("li > form")
    expect(editor.locator("input[name=name]")).to_be_focused()
    editor.locator("input[name=name]").fill("Deichman Grünerløkka")
    editor.get_by_role("button", name=SAVE).click()
    renamed = rows.filter(has_text="Deichman Grünerløkka")
    expect(renamed).to_have_count(1)
    expect(renamed.get_by_role("link", name=EDIT)).to_be_focused()
    assert window_marked(page)

    page.reload()
    expect(rows.filter(has_text="Deichman Grünerløkka")).to_have_count(1)


def test_a_refused_inline_save_says_why_instead_of_doing_nothing(demo, page):
    sign_in(page, "tl1")
    staff_id = profile_id("Anders Berg")
    page.goto(f"/people/{staff_id}")
    mark_window(page)
    page.locator("#field-title").get_by_role("link", name=EDIT).click()
    editor = page.locator("form#field-title")
    editor.locator("#title").fill("Oppsøkende sosionom")

    # As if the form had been left open past the session that issued its token.
    page.evaluate("""() => {
      document.querySelector('meta[name="csrf-token"]').content = "expired";
      for (const input of document.querySelectorAll('input[name="csrf_token"]')) input.value = "expired";
    }""")
    with page.expect_response(re.compile(rf"/people/{staff_id}/field/title$")) as answer:
        editor.get_by_role("button", name=SAVE).click()
    assert answer.value.status == 400

    error = page.locator("#flash .flash-error")
    expect(error).to_be_visible()
    message = error.inner_text().strip()
    assert len(message) > 20 and message in answer.value.text(), message
    expect(editor.locator("#title")).to_have_value("Oppsøkende sosionom")  # nothing typed is lost
    assert window_marked(page)

    page.reload()
    expect(page.locator("#field-title")).to_contain_text("Oppsøkende miljøterapeut")


def test_a_session_that_ended_during_an_edit_leads_to_the_sign_in_page(demo, page):
    sign_in(page, "tl1")
    page.goto(f"/people/{profile_id('Anders Berg')}")
    page.context.clear_cookies()
    page.locator("#field-title").get_by_role("link", name=EDIT).click()

    # A whole sign-in page, not a sign-in form squeezed into the profile's title field.
    expect(page).to_have_url(re.compile(r"/login(\?.*)?$"))
    expect(page.locator("#username")).to_be_focused()
    expect(page.locator("form#field-title, #field-title")).to_have_count(0)
    sign_in(page, "tl1")
    expect(page.get_by_role("heading", level=1)).to_have_text(MY_PAGE)
