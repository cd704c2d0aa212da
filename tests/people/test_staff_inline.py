"""Editing one value in place on the profile page (title, phone, position percentage):
with HTMX the editor and the saved value are swapped in; without it, plain pages."""

import pytest
from people_helpers import audit, field_error, field_value, form_data, main, profile_of, text

FIELDS = [
    # field, value shown before, new value typed, value stored, value shown after
    ("title", "Miljøterapeut", "  Oppsøkende  ", "Oppsøkende", "Oppsøkende"),
    ("phone", "91234567", "+47 22 33 44 55", "+47 22 33 44 55", "+47 22 33 44 55"),
    ("position_percentage", "60", "80", 80, "80 %"),
]
INVALID = [
    ("phone", "ring meg", "Use digits, spaces and + only."),
    ("position_percentage", "150", "Between 0 and 100."),
    ("position_percentage", "-1", "Between 0 and 100."),
    ("position_percentage", "", "This field is required."),
    ("title", "x" * 121, "Field cannot be longer than 120 characters."),
]


def url(org, field, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/people/{org.kari_id}/field/{field}" + (f"?{query}" if query else "")


@pytest.mark.parametrize(("field", "before", "typed", "stored", "shown"), FIELDS)
def test_htmx_get_returns_the_editor_fragment(client, sign_in, org, field, before, typed, stored,
                                              shown):
    sign_in("leila")

    response = client.htmx("GET", url(org, field))

    assert response.status_code == 200
    html = text(response).strip()
    assert html.startswith(f'<form id="field-{field}"') and "<html" not in html
    assert field_value(html, field, f"field-{field}") == before
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(("field", "before", "typed", "stored", "shown"), FIELDS)
def test_htmx_post_saves_and_returns_the_new_value(client, sign_in, org, field, before, typed,
                                                   stored, shown):
    actor = sign_in("leila")
    editor = form_data(text(client.htmx("GET", url(org, field))), f"field-{field}")

    response = client.htmx("POST", url(org, field), {**editor, field: typed})

    assert response.status_code == 200
    html = text(response).strip()
    assert html.startswith(f'<span id="field-{field}"') and "<html" not in html
    assert f"<span>{shown}</span>" in html and "Saved" in html
    assert f'hx-get="{url(org, field)}"' in html  # can be edited again
    assert getattr(profile_of("kari"), field) == stored
    [row] = audit(action="staff.update", actor_id=actor.id)
    assert row.subject_user_id == org.kari.id and row.summary == f"changed: {field}"
    # The profile page shows it too.
    assert shown in main(client.get(f"/people/{org.kari_id}"))


@pytest.mark.parametrize(("field", "before", "typed", "stored", "shown"), FIELDS)
def test_without_htmx_the_same_urls_are_plain_pages(client, sign_in, org, field, before, typed,
                                                    stored, shown):
    sign_in("hilde")

    page = client.get(url(org, field))
    assert page.status_code == 200
    assert "<html" in text(page) and "<h1>Kari Nordmann</h1>" in text(page)
    editor = form_data(text(page), f"field-{field}")
    assert editor[field] == before

    response = client.form(url(org, field), {**editor, field: typed})

    assert response.status_code == 303
    assert response.location.endswith(f"/people/{org.kari_id}")
    assert getattr(profile_of("kari"), field) == stored
    after = main(client.get(response.location))
    assert "Saved." in after and shown in after


def test_an_invalid_value_returns_the_editor_with_the_message(client, sign_in, org, subtests):
    sign_in("leila")
    for field, typed, message in INVALID:
        with subtests.test(field=field, typed=typed):
            editor = form_data(text(client.htmx("GET", url(org, field))), f"field-{field}")
            before = getattr(profile_of("kari"), field)

            response = client.htmx("POST", url(org, field), {**editor, field: typed})

            assert response.status_code == 422
            html = text(response).strip()
            assert html.startswith(f'<form id="field-{field}"') and "<html" not in html
            assert field_error(html, field) == message
            assert field_value(html, field, f"field-{field}") == typed
            assert getattr(profile_of("kari"), field) == before
    assert audit(action="staff.update", subject_user_id=org.kari.id, actor_id=org.leila.id) == []


def test_an_invalid_value_without_htmx_is_a_whole_page(client, sign_in, org):
    sign_in("leila")
    editor = form_data(text(client.get(url(org, "phone"))), "field-phone")

    response = client.form(url(org, "phone"), {**editor, "phone": "abc"})

    assert response.status_code == 422
    assert "<html" in text(response)
    assert field_error(text(response), "phone") == "Use digits, spaces and + only."
    assert profile_of("kari").phone == "91234567"


def test_cancel_returns_the_value_unchanged(client, sign_in, org):
    sign_in("leila")

    response = client.htmx("GET", url(org, "title", cancel=1))

    html = text(response).strip()
    assert response.status_code == 200
    assert html.startswith('<span id="field-title"') and "<span>Miljøterapeut</span>" in html
    assert "Saved" not in html


def test_only_the_three_inline_fields_exist(client, sign_in, org):
    sign_in("ada")

    for field in ("role_type", "supervisor_id", "contract", "nonsense"):
        assert client.htmx("GET", url(org, field)).status_code == 404
        assert client.htmx("POST", url(org, field), {field: "x"}).status_code == 404
    assert profile_of("kari").role_type == "professional"


def test_someone_who_may_not_edit_is_refused(client, sign_in, org, subtests):
    for viewer in ("ola", "kari", "vera"):
        with subtests.test(viewer=viewer):
            sign_in(viewer)

            assert client.htmx("GET", url(org, "title")).status_code == 403
            response = client.htmx("POST", url(org, "title"), {"title": "Hacked"})

            assert response.status_code == 403
            assert profile_of("kari").title == "Miljøterapeut"


def test_a_leader_of_another_team_gets_404(client, sign_in, org):
    actor = sign_in("bjorn")

    assert client.htmx("GET", url(org, "phone")).status_code == 404
    response = client.htmx("POST", url(org, "phone"), {"phone": "11111111"})

    assert response.status_code == 404
    assert profile_of("kari").phone == "91234567"
    assert [row.subject_user_id for row in audit(kind="denied", actor_id=actor.id)] == [org.kari.id] * 2


def test_inline_edits_by_two_leaders_conflict(app, client, sign_in, org):
    other = app.test_client()
    sign_in("leila")
    sign_in("lars", client=other)
    first = form_data(text(client.htmx("GET", url(org, "title"))), "field-title")
    second = form_data(text(other.htmx("GET", url(org, "title"))), "field-title")
    assert client.htmx("POST", url(org, "title"), {**first, "title": "Fra Leila"}).status_code == 200

    response = other.htmx("POST", url(org, "title"), {**second, "title": "Fra Lars"})

    assert response.status_code == 409
    html = text(response)
    assert "Someone else saved this while you were editing" in html
    assert profile_of("kari").title == "Fra Leila"
    # The editor now holds what is saved; saving from it works.
    again = form_data(html, "field-title")
    assert again["title"] == "Fra Leila"
    assert other.htmx("POST", url(org, "title"), {**again, "title": "Fra Lars"}).status_code == 200
    assert profile_of("kari").title == "Fra Lars"


def test_an_htmx_save_without_the_csrf_header_is_refused(client, sign_in, org):
    sign_in("leila")

    response = client.post(url(org, "title"), data={"title": "Forged"}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert profile_of("kari").title == "Miljøterapeut"
