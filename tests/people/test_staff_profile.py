"""The profile page (who sees employment details) and the edit form: validation, saving,
auditing and the version conflict between two editors."""

import re
from datetime import date

import pytest
from people_helpers import audit, field_error, field_value, form_data, main, profile_of, text

from outreach.auth import services as accounts

EMPLOYMENT = ["Position percentage", "60 %", "Temporary", "Start date", "Mar 1, 2024",
              "Buddy (fadder)", "Ola Kollega", "Supervisor", "Vera Veileder"]


def test_the_person_their_leader_hr_and_admin_see_employment(client, sign_in, org, subtests):
    for viewer in ("kari", "leila", "hilde", "ada"):
        with subtests.test(viewer=viewer):
            sign_in(viewer)

            html = main(client.get(f"/people/{org.kari_id}"))

            for shown in EMPLOYMENT:
                assert shown in html, shown


def test_colleagues_see_the_directory_entry_but_not_employment(client, sign_in, org, subtests):
    # A colleague on the team, the leader of another team, and Kari's own supervisor (who
    # reads her lived experience, but not her employment details).
    for viewer in ("ola", "bjorn", "vera"):
        with subtests.test(viewer=viewer):
            sign_in(viewer)

            page = client.get(f"/people/{org.kari_id}")

            assert page.status_code == 200
            html = main(page)
            for shown in ["Kari Nordmann", "Miljøterapeut", "91234567", "Team A"]:
                assert shown in html, shown
            for hidden in EMPLOYMENT:
                assert hidden not in html, hidden


def test_a_profile_that_does_not_exist_is_404(client, sign_in, org):
    sign_in("ada")

    assert client.get("/people/99999").status_code == 404


def test_editors_see_the_edit_button(client, sign_in, org, subtests):
    for viewer in ("leila", "hilde", "ada"):
        with subtests.test(viewer=viewer):
            sign_in(viewer)

            html = text(client.get(f"/people/{org.kari_id}"))

            assert f'href="/people/{org.kari_id}/edit"' in html
            assert f'hx-get="/people/{org.kari_id}/field/title"' in html


def test_others_get_no_edit_button(client, sign_in, org, subtests):
    for viewer in ("kari", "ola", "bjorn", "vera"):
        with subtests.test(viewer=viewer):
            sign_in(viewer)

            html = text(client.get(f"/people/{org.kari_id}"))

            assert f"/people/{org.kari_id}/edit" not in html
            assert f"/people/{org.kari_id}/field/" not in html


# --- the edit form ------------------------------------------------------------------------


@pytest.mark.parametrize("editor", ["leila", "hilde", "ada"])
def test_a_good_save_is_stored_redirected_and_audited(client, sign_in, org, editor):
    actor = sign_in(editor)
    url = f"/people/{org.kari_id}/edit"
    form = form_data(text(client.get(url)), "staff-form")
    assert form["title"] == "Miljøterapeut" and form["position_percentage"] == "60"

    form.update(title="Oppsøkende miljøterapeut", phone="+47 912 34 567", position_percentage="80",
                contract="permanent", teams=[str(org.team_a.id), str(org.team_b.id)])
    response = client.form(url, form)

    assert response.status_code == 303
    assert response.location.endswith(f"/people/{org.kari_id}")
    saved = profile_of("kari")
    assert (saved.title, saved.phone, saved.position_percentage, saved.contract) == (
        "Oppsøkende miljøterapeut", "+47 912 34 567", 80, "permanent")
    assert sorted(t.name for t in saved.teams) == ["Team A", "Team B"]
    assert saved.start_date == date(2024, 3, 1) and saved.supervisor_id == org.vera.id  # untouched
    [row] = audit(action="staff.update", actor_id=actor.id)
    assert row.subject_user_id == org.kari.id and row.kind == "change"
    assert "title" in row.summary and "position_percentage" in row.summary and "teams" in row.summary
    page = text(client.get(response.location))
    assert "The profile is saved." in page and "80 %" in page


def test_saving_without_changes_writes_no_audit_row(client, sign_in, org):
    sign_in("leila")
    url = f"/people/{org.kari_id}/edit"
    before = len(audit(action="staff.update"))

    response = client.form(url, form_data(text(client.get(url)), "staff-form"))

    assert response.status_code == 303
    assert len(audit(action="staff.update")) == before
    assert profile_of("kari").version == org.kari.profile.version


def test_bad_input_is_refused_next_to_the_field_and_kept(client, sign_in, org):
    sign_in("leila")
    url = f"/people/{org.kari_id}/edit"
    form = form_data(text(client.get(url)), "staff-form")
    before = len(audit(action="staff.update"))

    form.update(title="Ny tittel", position_percentage="150", phone="91abc567")
    response = client.form(url, form)

    assert response.status_code == 422
    html = text(response)
    assert "Nothing was saved" in html
    assert field_error(html, "position_percentage") == "Between 0 and 100."
    assert field_error(html, "phone") == "Use digits, spaces and + only."
    assert 'aria-invalid="true"' not in html.split('id="title"')[1].split(">")[0]
    # What the user typed is still in the form.
    assert field_value(html, "position_percentage", "staff-form") == "150"
    assert field_value(html, "phone", "staff-form") == "91abc567"
    assert field_value(html, "title", "staff-form") == "Ny tittel"
    # ... and nothing was saved.
    saved = profile_of("kari")
    assert (saved.title, saved.phone, saved.position_percentage) == ("Miljøterapeut", "91234567", 60)
    assert len(audit(action="staff.update")) == before


def test_letters_in_the_position_percentage_are_refused(client, sign_in, org):
    sign_in("hilde")
    url = f"/people/{org.kari_id}/edit"
    form = form_data(text(client.get(url)), "staff-form")

    form.update(position_percentage="full")
    response = client.form(url, form)

    assert response.status_code == 422
    assert field_error(text(response), "position_percentage")
    assert field_value(text(response), "position_percentage", "staff-form") == "full"
    assert profile_of("kari").position_percentage == 60


def test_a_person_cannot_be_their_own_buddy(client, sign_in, org):
    sign_in("leila")
    url = f"/people/{org.kari_id}/edit"
    form = form_data(text(client.get(url)), "staff-form")
    assert f'<option value="{org.kari_id}"' not in text(client.get(url)).split('id="buddy_id"')[1].split(
        "</select>")[0]

    form.update(buddy_id=str(org.kari_id))
    response = client.form(url, form)

    assert response.status_code == 422
    assert field_error(text(response), "buddy_id")
    assert profile_of("kari").buddy_id == org.ola.profile.id


def test_the_edit_form_without_csrf_token_is_refused(client, sign_in, org):
    sign_in("leila")
    url = f"/people/{org.kari_id}/edit"
    form = form_data(text(client.get(url)), "staff-form")
    del form["csrf_token"]

    response = client.post(url, data={**form, "title": "Forged"})

    assert response.status_code == 400
    assert profile_of("kari").title == "Miljøterapeut"


def test_a_colleague_may_not_edit(client, sign_in, org):
    sign_in("ola")
    url = f"/people/{org.kari_id}/edit"

    assert client.get(url).status_code == 403
    assert client.form(url, {"title": "Hacked", "position_percentage": "1"}).status_code == 403
    assert profile_of("kari").title == "Miljøterapeut"


def test_the_person_may_not_edit_their_own_employment(client, sign_in, org):
    sign_in("kari")
    url = f"/people/{org.kari_id}/edit"

    assert client.get(url).status_code == 403
    assert client.form(url, {"title": "Sjef", "position_percentage": "100"}).status_code == 403
    assert profile_of("kari").position_percentage == 60


def test_a_leader_of_another_team_gets_404_and_is_logged(client, sign_in, org):
    actor = sign_in("bjorn")
    url = f"/people/{org.kari_id}/edit"

    assert client.get(url).status_code == 404
    response = client.form(url, {"title": "Hacked", "position_percentage": "1"})

    assert response.status_code == 404
    assert profile_of("kari").title == "Miljøterapeut"
    denied = audit(kind="denied", actor_id=actor.id)
    assert len(denied) == 2 and all(row.subject_user_id == org.kari.id for row in denied)


# --- two editors at once ---------------------------------------------------------------------


def test_the_second_of_two_editors_gets_a_conflict_not_an_overwrite(app, client, sign_in, org):
    url = f"/people/{org.kari_id}/edit"
    other = app.test_client()
    sign_in("leila")
    first_form = form_data(text(client.get(url)), "staff-form")
    sign_in("lars", client=other)
    second_form = form_data(text(other.get(url)), "staff-form")

    first_form.update(title="Fra Leila")
    assert client.form(url, first_form).status_code == 303

    second_form.update(title="Fra Lars", position_percentage="90")
    response = other.form(url, second_form)

    assert response.status_code == 409
    html = text(response)
    assert "Someone else saved this while you were editing" in html
    saved = profile_of("kari")
    assert saved.title == "Fra Leila" and saved.position_percentage == 60
    assert [row.actor_id for row in audit(action="staff.update", subject_user_id=org.kari.id)][-1] == (
        org.leila.id)

    # The form now shows what is saved, so that saving it again works.
    shown = form_data(html, "staff-form")
    assert shown["title"] == "Fra Leila" and shown["position_percentage"] == "60"
    shown.update(position_percentage="90")
    assert other.form(url, shown).status_code == 303
    saved = profile_of("kari")
    assert saved.title == "Fra Leila" and saved.position_percentage == 90


def test_a_conflict_also_when_the_other_edit_was_inline(client, sign_in, org):
    sign_in("leila")
    url = f"/people/{org.kari_id}/edit"
    stale = form_data(text(client.get(url)), "staff-form")
    inline = form_data(text(client.htmx("GET", f"/people/{org.kari_id}/field/phone")), "field-phone")
    assert client.htmx("POST", f"/people/{org.kari_id}/field/phone", {**inline, "phone": "22 33 44 55"}
                       ).status_code == 200

    response = client.form(url, {**stale, "title": "Stale"})

    assert response.status_code == 409
    saved = profile_of("kari")
    assert saved.phone == "22 33 44 55" and saved.title == "Miljøterapeut"


def test_an_inactive_colleague_is_marked_on_the_profile(client, sign_in, org):
    accounts.set_active(org.ola, False, actor=None)
    sign_in("kari")

    html = text(client.get(f"/people/{org.ola.profile.id}"))

    assert "Ola Kollega" in html and "inactive" in html


# --- leaders' own profiles ---------------------------------------------------------------------
# A leader leads the people on their teams who are not themselves and not leaders; a leader's
# own position, contract and supervisor are edited by HR or the administrator.


def test_a_leader_cannot_edit_their_own_employment(client, sign_in, org):
    actor = sign_in("leila")
    own = org.leila.profile.id
    url = f"/people/{own}/edit"

    page = main(client.get(f"/people/{own}"))
    assert "Position percentage" in page  # she still sees her own details
    assert url not in page and f"/people/{own}/field/" not in page

    assert client.get(url).status_code in (403, 404)
    response = client.form(url, {"title": "Seksjonsleder", "position_percentage": "50",
                                 "contract": "hourly", "supervisor_id": str(org.vera.id)})
    assert response.status_code in (403, 404)
    inline = client.htmx("POST", f"/people/{own}/field/position_percentage",
                         {"position_percentage": "50"})
    assert inline.status_code in (403, 404)

    saved = profile_of("leila")
    assert (saved.position_percentage, saved.contract, saved.supervisor_id) == (100, "permanent", None)
    assert saved.title == ""
    assert audit(action="staff.update", actor_id=actor.id) == []


@pytest.mark.parametrize("editor", ["hilde", "ada"])
def test_hr_or_the_administrator_edits_a_leaders_profile(client, sign_in, org, editor):
    actor = sign_in(editor)
    url = f"/people/{org.leila.profile.id}/edit"
    assert f'href="{url}"' in text(client.get(f"/people/{org.leila.profile.id}"))
    form = form_data(text(client.get(url)), "staff-form")

    form.update(position_percentage="80", contract="temporary", supervisor_id=str(org.vera.id))
    response = client.form(url, form)

    assert response.status_code == 303
    saved = profile_of("leila")
    assert (saved.position_percentage, saved.contract, saved.supervisor_id) == (80, "temporary", org.vera.id)
    [row] = audit(action="staff.update", actor_id=actor.id)
    assert row.subject_user_id == org.leila.id


def test_a_leader_still_edits_a_professional_on_their_team(client, sign_in, org):
    sign_in("leila")
    url = f"/people/{org.ola.profile.id}/edit"
    form = form_data(text(client.get(url)), "staff-form")

    response = client.form(url, {**form, "position_percentage": "50"})

    assert response.status_code == 303
    assert profile_of("ola").position_percentage == 50


def test_a_team_leader_does_not_lead_the_section_leader(client, sign_in, org, make_user):
    section = make_user("sigrid", roles=["leader", "professional"], teams=[org.team_a, org.team_b],
                        full_name="Sigrid Seksjonsleder", position_percentage=100)
    url = f"/people/{section.profile.id}/edit"
    for team_leader in ("leila", "bjorn"):
        sign_in(team_leader)

        page = main(client.get(f"/people/{section.profile.id}"))
        assert "Sigrid Seksjonsleder" in page
        assert url not in page and "Position percentage" not in page
        assert client.get(url).status_code == 404
        assert client.form(url, {"position_percentage": "20"}).status_code == 404
    assert profile_of("sigrid").position_percentage == 100

    # ... nor a fellow team leader; the section leader leads neither of them either.
    sign_in("lars")
    assert client.get(f"/people/{org.leila.profile.id}/edit").status_code == 404
    sign_in("sigrid")
    assert client.get(f"/people/{org.leila.profile.id}/edit").status_code == 404
    assert client.get(f"/people/{org.kari_id}/edit").status_code == 200  # but she leads Kari


# --- a buddy or supervisor who is no longer offered -------------------------------------------


def selected_option(html: str, select_id: str) -> str:
    """The text of the option a select shows as chosen."""
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    chosen = re.search(r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select)
    return chosen.group(1).strip() if chosen else ""


def test_saving_keeps_a_deactivated_buddy_and_a_former_supervisor(client, sign_in, org):
    accounts.set_active(org.ola, False, actor=None)
    accounts.update_user(org.vera, full_name=org.vera.full_name, email=None, roles=["professional"],
                         version=None, actor=None)
    sign_in("leila")
    url = f"/people/{org.kari_id}/edit"
    page = text(client.get(url))
    assert selected_option(page, "buddy_id") == "Ola Kollega (inactive)"
    assert selected_option(page, "supervisor_id") == "Vera Veileder (no longer a supervisor)"

    response = client.form(url, {**form_data(page, "staff-form"), "title": "Oppsøkende"})

    assert response.status_code == 303
    saved = profile_of("kari")
    assert saved.title == "Oppsøkende"
    assert (saved.buddy_id, saved.supervisor_id) == (org.ola.profile.id, org.vera.id)
    [row] = audit(action="staff.update", actor_id=org.leila.id)
    assert row.summary == "changed: title"


def test_a_deactivated_supervisor_is_kept_and_can_be_replaced(client, sign_in, org, make_user):
    make_user("siv", roles=["supervisor"], full_name="Siv Veileder")
    accounts.set_active(org.vera, False, actor=None)
    sign_in("hilde")
    url = f"/people/{org.kari_id}/edit"
    page = text(client.get(url))
    assert selected_option(page, "supervisor_id") == "Vera Veileder (inactive)"
    form = form_data(page, "staff-form")
    assert client.form(url, {**form, "phone": "22 33 44 55"}).status_code == 303
    assert profile_of("kari").supervisor_id == org.vera.id

    siv = profile_of("siv").user_id
    form = form_data(text(client.get(url)), "staff-form")
    assert client.form(url, {**form, "supervisor_id": str(siv)}).status_code == 303

    assert profile_of("kari").supervisor_id == siv
    # Once replaced, the former supervisor is offered no more.
    assert "Vera Veileder" not in text(client.get(url)).split('id="supervisor_id"', 1)[1].split("</select>")[0]
