"""Teams and their areas: everyone views, the administrator creates, the administrator or
a leader on the team edits the team and its areas."""

import re
from types import SimpleNamespace

import pytest
from people_helpers import audit, field_error, field_value, form_data, main, text, user_named
from sqlalchemy import insert

from outreach.auth import services as accounts
from outreach.extensions import db
from outreach.people.models import Area, Team


@pytest.fixture
def teams(make_user, make_team):
    """Vaterland (areas Elvebredden and Plata, led by Tone) and Mindreårige (led by Mia)."""
    vaterland = make_team("Vaterland", areas=["Elvebredden", "Plata"])
    minors = make_team("Mindreårige", areas=["Grønland"])
    make_user("ada", roles=["admin"], full_name="Ada Admin")
    make_user("tone", roles=["leader", "professional"], teams=[vaterland], full_name="Tone Leder")
    make_user("tor", roles=["leader", "professional"], teams=[vaterland], full_name="Tor Leder")
    make_user("mia", roles=["leader", "professional"], teams=[minors], full_name="Mia Leder")
    make_user("ole", roles=["professional"], teams=[vaterland], full_name="Ole Ansatt")
    make_user("hilde", roles=["hr"], full_name="Hilde Hr")
    return SimpleNamespace(vaterland=vaterland, minors=minors,
                           elvebredden=area_named("Elvebredden"), plata=area_named("Plata"))


def area_named(name: str) -> Area:
    db.session.expire_all()
    return db.session.scalar(db.select(Area).where(Area.name == name))


def team_named(name: str) -> Team | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Team).where(Team.name == name))


def area_names(team_name: str) -> list[str]:
    return [area.name for area in team_named(team_name).areas]


# --- viewing -----------------------------------------------------------------------------------


def test_everyone_sees_the_teams_their_areas_and_staff(client, sign_in, teams):
    sign_in("ole")

    listing = main(client.get("/teams/"))
    assert "Vaterland" in listing and "Mindreårige" in listing
    assert "Elvebredden, Plata" in listing
    assert "New team" not in listing  # only the administrator creates teams

    detail = main(client.get(f"/teams/{teams.vaterland.id}"))
    assert "Elvebredden" in detail and "Plata" in detail
    assert "Tone Leder" in detail and "Ole Ansatt" in detail and "Mia Leder" not in detail
    assert "Edit team" not in detail and "Add an area" not in detail


def test_an_unknown_team_is_404(client, sign_in, teams):
    sign_in("ole")

    assert client.get("/teams/9999").status_code == 404


# --- creating ----------------------------------------------------------------------------------


def test_the_administrator_creates_a_team(client, sign_in, teams):
    actor = sign_in("ada")
    assert "New team" in main(client.get("/teams/"))
    form = form_data(text(client.get("/teams/new")), "team-form")

    response = client.form("/teams/new", {**form, "name": "  Unge voksne ", "description": "18-25 år"})

    assert response.status_code == 303
    team = team_named("Unge voksne")
    assert team is not None and team.description == "18-25 år"
    assert response.location.endswith(f"/teams/{team.id}")
    [row] = audit(action="team.create", actor_id=actor.id)
    assert row.object_id == str(team.id)
    page = main(client.get(response.location))
    assert "The team is created." in page and "<h1>Unge voksne</h1>" in page


def test_nobody_else_creates_teams(client, sign_in, teams, subtests):
    for username in ("tone", "hilde", "ole"):
        with subtests.test(username=username):
            sign_in(username)

            assert client.get("/teams/new").status_code == 403
            assert client.form("/teams/new", {"name": "Skyggeteam"}).status_code == 403
            assert team_named("Skyggeteam") is None


def test_a_duplicate_team_name_is_refused_next_to_the_field(client, sign_in, teams, subtests):
    sign_in("ada")
    form = form_data(text(client.get("/teams/new")), "team-form")
    for name in ("Vaterland", "vaterland", " VATERLAND "):
        with subtests.test(name=name):
            response = client.form("/teams/new", {**form, "name": name, "description": "Kopi"})

            assert response.status_code == 422
            html = text(response)
            assert field_error(html, "name") == "A team with that name exists."
            assert field_value(html, "name", "team-form") == name
            assert "Kopi" in html
            assert db.session.scalar(db.select(db.func.count()).select_from(Team)) == 2


def test_a_duplicate_team_name_in_other_case_with_norwegian_letters(client, sign_in, teams):
    sign_in("ada")
    form = form_data(text(client.get("/teams/new")), "team-form")
    assert client.form("/teams/new", {**form, "name": "Østensjø"}).status_code == 303

    response = client.form("/teams/new", {**form, "name": "ØSTENSJØ"})

    assert response.status_code == 422
    assert field_error(text(response), "name") == "A team with that name exists."
    assert team_named("ØSTENSJØ") is None


def test_a_team_needs_a_name(client, sign_in, teams):
    sign_in("ada")
    form = form_data(text(client.get("/teams/new")), "team-form")

    response = client.form("/teams/new", {**form, "name": "   "})

    assert response.status_code == 422
    assert field_error(text(response), "name") == "This field is required."


# --- editing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["ada", "tone"])
def test_the_admin_or_a_leader_on_the_team_edits_it(client, sign_in, teams, username):
    actor = sign_in(username)
    url = f"/teams/{teams.vaterland.id}/edit"
    assert f'href="{url}"' in main(client.get(f"/teams/{teams.vaterland.id}"))
    form = form_data(text(client.get(url)), "team-form")
    assert form["name"] == "Vaterland"

    response = client.form(url, {**form, "name": "Vaterland og Grønland", "description": "Nytt"})

    assert response.status_code == 303
    team = team_named("Vaterland og Grønland")
    assert team.id == teams.vaterland.id and team.description == "Nytt"
    assert [row.summary for row in audit(action="team.update", actor_id=actor.id)] == [
        "Vaterland og Grønland"]
    assert "The team is saved." in main(client.get(response.location))


def test_renaming_to_another_teams_name_is_refused(client, sign_in, teams):
    sign_in("ada")
    url = f"/teams/{teams.vaterland.id}/edit"
    form = form_data(text(client.get(url)), "team-form")

    response = client.form(url, {**form, "name": "mindreårige"})

    assert response.status_code == 422
    assert field_error(text(response), "name") == "A team with that name exists."
    assert team_named("Vaterland") is not None


def test_a_leader_of_another_team_cannot_edit_it(client, sign_in, teams):
    actor = sign_in("mia")
    url = f"/teams/{teams.vaterland.id}/edit"
    assert "Edit team" not in main(client.get(f"/teams/{teams.vaterland.id}"))

    assert client.get(url).status_code == 404
    assert client.form(url, {"name": "Mias team"}).status_code == 404
    assert team_named("Vaterland") is not None
    assert len(audit(kind="denied", actor_id=actor.id)) == 2


@pytest.mark.parametrize("username", ["hilde", "ole"])
def test_staff_who_lead_nothing_cannot_edit_teams(client, sign_in, teams, username):
    sign_in(username)

    assert client.get(f"/teams/{teams.vaterland.id}/edit").status_code == 403
    assert client.form(f"/teams/{teams.vaterland.id}/areas", {"new-area-name": "Ny"}).status_code == 403
    assert client.get(f"/areas/{teams.plata.id}/active").status_code == 403
    assert area_names("Vaterland") == ["Elvebredden", "Plata"]


def test_two_editors_of_a_team_conflict(app, client, sign_in, teams):
    url = f"/teams/{teams.vaterland.id}/edit"
    other = app.test_client()
    sign_in("ada")
    sign_in("tone", client=other)
    first = form_data(text(client.get(url)), "team-form")
    second = form_data(text(other.get(url)), "team-form")
    assert client.form(url, {**first, "description": "Fra Ada"}).status_code == 303

    response = other.form(url, {**second, "name": "Tones navn", "description": "Fra Tone"})

    assert response.status_code == 409
    html = text(response)
    assert "Someone else saved this while you were editing" in html
    team = team_named("Vaterland")
    assert team is not None and team.description == "Fra Ada"
    # The form now shows what is saved; saving from it works.
    shown = form_data(html, "team-form")
    assert (shown["name"], shown["description"]) == ("Vaterland", "Fra Ada")
    assert other.form(url, {**shown, "description": "Fra Tone"}).status_code == 303
    assert team_named("Vaterland").description == "Fra Tone"


# --- areas -------------------------------------------------------------------------------------


def add_area_form(client, team):
    return form_data(text(client.get(f"/teams/{team.id}")), f"/teams/{team.id}/areas")


def test_adding_an_area_with_htmx_returns_the_areas_section(client, sign_in, teams):
    actor = sign_in("tone")
    form = add_area_form(client, teams.vaterland)

    response = client.htmx("POST", f"/teams/{teams.vaterland.id}/areas",
                           {**form, "new-area-name": "Brugata", "new-area-description": "Ved Kirkeristen"})

    assert response.status_code == 200
    html = text(response).strip()
    assert html.startswith('<section id="areas">') and "<html" not in html
    assert "Brugata" in html and "Ved Kirkeristen" in html and "Elvebredden" in html
    assert field_value(html, "new-area-name", f"/teams/{teams.vaterland.id}/areas") == ""  # ready for the next
    assert "HX-Request" in response.headers["Vary"]
    assert area_names("Vaterland") == ["Brugata", "Elvebredden", "Plata"]
    [row] = audit(action="area.create", actor_id=actor.id)
    assert row.summary == "Vaterland: Brugata"
    # No stale "added" message on the next page: the section itself shows the new area.
    assert "The area is added." not in main(client.get("/teams/"))


def test_adding_an_area_without_htmx_redirects(client, sign_in, teams):
    sign_in("ada")
    form = add_area_form(client, teams.vaterland)

    response = client.form(f"/teams/{teams.vaterland.id}/areas", {**form, "new-area-name": "Brugata"})

    assert response.status_code == 303
    assert response.location.endswith(f"/teams/{teams.vaterland.id}")
    page = main(client.get(response.location))
    assert "The area is added." in page and "Brugata" in page


def test_a_duplicate_area_name_is_refused_with_a_message(client, sign_in, teams, subtests):
    sign_in("tone")
    form = add_area_form(client, teams.vaterland)
    for name in ("Plata", "plata", "PLATA "):
        with subtests.test(name=name):
            response = client.htmx("POST", f"/teams/{teams.vaterland.id}/areas",
                                   {**form, "new-area-name": name})

            assert response.status_code == 422
            html = text(response).strip()
            assert html.startswith('<section id="areas">')
            assert field_error(html, "new-area-name") == "The team already has an area with that name."
            assert field_value(html, "new-area-name", f"/teams/{teams.vaterland.id}/areas") == name
            assert area_names("Vaterland") == ["Elvebredden", "Plata"]


def test_a_duplicate_area_name_with_norwegian_letters_is_refused(client, sign_in, teams):
    sign_in("tone")
    url = f"/teams/{teams.vaterland.id}/areas"
    form = add_area_form(client, teams.vaterland)
    assert client.htmx("POST", url, {**form, "new-area-name": "Ålesund-gata"}).status_code == 200

    response = client.htmx("POST", url, {**form, "new-area-name": "ÅLESUND-GATA"})

    assert response.status_code == 422
    assert area_names("Vaterland") == ["Elvebredden", "Plata", "Ålesund-gata"]


def test_a_duplicate_area_without_htmx_shows_the_whole_team_page(client, sign_in, teams):
    sign_in("tone")
    form = add_area_form(client, teams.vaterland)

    response = client.form(f"/teams/{teams.vaterland.id}/areas", {**form, "new-area-name": "Plata"})

    assert response.status_code == 422
    html = main(response)
    assert field_error(html, "new-area-name") == "The team already has an area with that name."
    # The rest of the page is still right: the team's staff are listed.
    assert "Ole Ansatt" in html and "No staff on this team." not in html


def test_another_team_may_have_an_area_of_the_same_name(client, sign_in, teams):
    sign_in("mia")
    form = add_area_form(client, teams.minors)

    response = client.htmx("POST", f"/teams/{teams.minors.id}/areas", {**form, "new-area-name": "Plata"})

    assert response.status_code == 200
    assert area_names("Mindreårige") == ["Grønland", "Plata"]


def test_a_leader_cannot_add_areas_to_another_team(client, sign_in, teams):
    sign_in("mia")

    response = client.htmx("POST", f"/teams/{teams.vaterland.id}/areas", {"new-area-name": "Mias sted"})

    assert response.status_code == 404
    assert area_names("Vaterland") == ["Elvebredden", "Plata"]


def test_renaming_an_area_in_place(client, sign_in, teams):
    actor = sign_in("tone")
    url = f"/areas/{teams.plata.id}/edit"

    editor = client.htmx("GET", url)
    assert editor.status_code == 200
    html = text(editor).strip()
    assert html.startswith(f'<li id="area-{teams.plata.id}">') and "<html" not in html
    form = form_data(html)
    assert form["name"] == "Plata"

    response = client.htmx("POST", url, {**form, "name": "Plata og Brugata", "description": "Øst"})

    assert response.status_code == 200
    row = text(response).strip()
    assert row.startswith(f'<li id="area-{teams.plata.id}" class="area-row">')
    assert "Plata og Brugata" in row and "Øst" in row and "<form" not in row
    assert area_names("Vaterland") == ["Elvebredden", "Plata og Brugata"]
    assert [r.summary for r in audit(action="area.update", actor_id=actor.id)] == ["Plata og Brugata"]


def test_renaming_an_area_to_a_taken_name_is_refused(client, sign_in, teams):
    sign_in("tone")
    url = f"/areas/{teams.plata.id}/edit"
    form = form_data(text(client.htmx("GET", url)))

    response = client.htmx("POST", url, {**form, "name": "elvebredden"})

    assert response.status_code == 422
    html = text(response).strip()
    assert html.startswith(f'<li id="area-{teams.plata.id}">')
    assert field_error(html, "name") == "The team already has an area with that name."
    assert field_value(html, "name") == "elvebredden"
    assert area_names("Vaterland") == ["Elvebredden", "Plata"]


def test_the_area_editor_and_the_add_form_share_no_ids(client, sign_in, teams):
    """The editor is swapped into the team page, next to the add-area form: an id used by
    both would point the add form's labels at the editor's fields."""
    sign_in("tone")
    page = text(client.get(f"/teams/{teams.vaterland.id}"))
    editor = text(client.htmx("GET", f"/areas/{teams.plata.id}/edit"))

    def ids(html):
        return re.findall(r'\bid="([^"]+)"', html)

    shown = ids(page) + ids(editor)
    assert [i for i in set(shown) if shown.count(i) > 1] == [f"area-{teams.plata.id}"]  # the swapped row
    assert {"new-area-name", "new-area-description", "new-area-csrf_token"} <= set(ids(page))
    assert 'for="new-area-name"' in page


def test_cancelling_an_area_rename_shows_the_row(client, sign_in, teams):
    sign_in("tone")

    response = client.htmx("GET", f"/areas/{teams.plata.id}/edit?cancel=1")

    row = text(response).strip()
    assert row.startswith(f'<li id="area-{teams.plata.id}" class="area-row">') and "Plata" in row


def test_renaming_an_area_without_htmx(client, sign_in, teams):
    sign_in("ada")
    url = f"/areas/{teams.plata.id}/edit"
    page = client.get(url)
    assert "<html" in text(page)
    form = form_data(text(page), url)

    response = client.form(url, {**form, "name": "Plata nord"})

    assert response.status_code == 303
    assert response.location.endswith(f"/teams/{teams.vaterland.id}")
    assert "Plata nord" in main(client.get(response.location))


def test_a_leader_of_another_team_cannot_rename_its_areas(client, sign_in, teams):
    actor = sign_in("mia")

    assert client.htmx("GET", f"/areas/{teams.plata.id}/edit").status_code == 403
    assert client.htmx("POST", f"/areas/{teams.plata.id}/edit", {"name": "Mias"}).status_code == 403
    assert area_names("Vaterland") == ["Elvebredden", "Plata"]
    assert len(audit(kind="denied", actor_id=actor.id)) == 2


def test_archiving_an_area_asks_first_then_archives(client, sign_in, teams):
    actor = sign_in("tone")
    url = f"/areas/{teams.plata.id}/active"
    assert f'href="{url}"' in main(client.get(f"/teams/{teams.vaterland.id}"))

    question = client.get(url)

    assert question.status_code == 200
    assert "Archive Plata?" in main(question)
    assert area_named("Plata").active  # asking changes nothing
    form = form_data(text(question), url)
    assert form["active"] == "0"

    response = client.form(url, form)

    assert response.status_code == 303
    assert response.location.endswith(f"/teams/{teams.vaterland.id}")
    assert not area_named("Plata").active
    assert [r.summary for r in audit(action="area.archive", actor_id=actor.id)] == ["Plata"]
    detail = main(client.get(response.location))
    assert "The area is archived." in detail and "(archived)" in detail
    listing = main(client.get("/teams/"))
    assert "Elvebredden" in listing and "Plata" not in listing


def test_an_archived_area_can_be_restored(client, sign_in, teams):
    sign_in("ada")
    url = f"/areas/{teams.plata.id}/active"
    client.form(url, form_data(text(client.get(url)), url))
    assert not area_named("Plata").active

    question = client.get(url)
    assert "Restore Plata?" in main(question)
    form = form_data(text(question), url)
    assert form["active"] == "1"
    assert client.form(url, form).status_code == 303

    assert area_named("Plata").active
    assert len(audit(action="area.restore")) == 1


def test_an_archived_area_is_not_offered_as_a_known_environment(client, sign_in, teams, make_user):
    make_user("kari", roles=["ec"], teams=[teams.vaterland], full_name="Kari Nordmann")
    sign_in("tone")
    url = f"/areas/{teams.plata.id}/active"
    client.form(url, form_data(text(client.get(url)), url))
    sign_in("kari")

    html = main(client.get(f"/people/{user_named('kari').profile.id}/experience/edit"))

    assert "Vaterland: Elvebredden" in html and "Vaterland: Plata" not in html


def test_archiving_needs_a_post_with_a_token(client, sign_in, teams):
    sign_in("tone")

    response = client.post(f"/areas/{teams.plata.id}/active", data={"active": "0"})

    assert response.status_code == 400
    assert area_named("Plata").active


def test_the_team_list_counts_the_staff_the_team_page_shows(client, sign_in, teams):
    accounts.set_active(user_named("tor"), False, actor=None)
    sign_in("ole")

    listing = main(client.get("/teams/"))
    row = next(r for r in listing.split("<tr>") if f"/teams/{teams.vaterland.id}" in r)
    detail = main(client.get(f"/teams/{teams.vaterland.id}"))

    assert "Tor Leder" not in detail and "Tone Leder" in detail and "Ole Ansatt" in detail
    assert "<td>2</td>" in row  # Tone and Ole; Tor's account is closed


# --- two people saving the same name at the same moment ------------------------------------------
# Both pass the duplicate check; the database's unique constraint stops the second, who gets
# the same message next to the field as if the check had caught it.


def test_creating_a_team_someone_just_created(client, sign_in, teams, meanwhile):
    actor = sign_in("ada")
    form = form_data(text(client.get("/teams/new")), "team-form")
    meanwhile(Team, insert(Team).values(name="Unge voksne", description="Fra den andre"))

    response = client.form("/teams/new", {**form, "name": "Unge voksne", "description": "Min"})

    assert response.status_code == 422
    assert field_error(text(response), "name") == "A team with that name exists."
    assert field_value(text(response), "name", "team-form") == "Unge voksne"
    assert team_named("Unge voksne").description == "Fra den andre"
    assert audit(action="team.create", actor_id=actor.id) == []


def test_renaming_a_team_to_a_name_someone_just_took(client, sign_in, teams, meanwhile):
    actor = sign_in("tone")
    url = f"/teams/{teams.vaterland.id}/edit"
    form = form_data(text(client.get(url)), "team-form")
    meanwhile(Team, insert(Team).values(name="Vaterland øst"))

    response = client.form(url, {**form, "name": "Vaterland øst"})

    assert response.status_code == 422
    assert field_error(text(response), "name") == "A team with that name exists."
    assert team_named("Vaterland").id == teams.vaterland.id
    assert audit(action="team.update", actor_id=actor.id) == []


def test_adding_an_area_someone_just_added(client, sign_in, teams, meanwhile):
    actor = sign_in("tone")
    url = f"/teams/{teams.vaterland.id}/areas"
    form = add_area_form(client, teams.vaterland)
    meanwhile(Area, insert(Area).values(team_id=teams.vaterland.id, name="Brugata"))

    response = client.htmx("POST", url, {**form, "new-area-name": "Brugata"})

    assert response.status_code == 422
    html = text(response)
    assert field_error(html, "new-area-name") == "The team already has an area with that name."
    assert field_value(html, "new-area-name", url) == "Brugata"
    assert area_names("Vaterland") == ["Brugata", "Elvebredden", "Plata"]
    assert audit(action="area.create", actor_id=actor.id) == []


def test_renaming_an_area_to_a_name_someone_just_took(client, sign_in, teams, meanwhile):
    actor = sign_in("tone")
    url = f"/areas/{teams.plata.id}/edit"
    form = form_data(text(client.htmx("GET", url)))
    meanwhile(Area, insert(Area).values(team_id=teams.vaterland.id, name="Brugata"))

    response = client.htmx("POST", url, {**form, "name": "Brugata"})

    assert response.status_code == 422
    assert field_error(text(response), "name") == "The team already has an area with that name."
    assert area_names("Vaterland") == ["Brugata", "Elvebredden", "Plata"]
    assert audit(action="area.update", actor_id=actor.id) == []


def test_a_team_form_without_its_description_field_makes_a_team_with_none(client, make_user):
    """A hand-made request (or an old page) that leaves the field out is not a server error."""
    make_user("sjef", roles=["admin", "leader"])
    client.login("sjef")
    response = client.form("/teams/new", {"name": "Kveldsteam"})
    assert response.status_code == 303
    team = db.session.scalar(db.select(Team).where(Team.name == "Kveldsteam"))
    assert team.description == ""
