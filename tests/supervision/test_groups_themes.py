"""Supervision groups (the EC network and others) and the themes list: who may manage them,
unique names, two editors at once, and that history stays as it was."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from sqlalchemy import event, insert

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.supervision import themes
from outreach.supervision.models import SessionParticipant, SupervisionGroup, SupervisionSession, SupervisionTheme


@pytest.fixture
def people(make_user):
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return {
        "admin": make_user("admin", roles=["admin"], full_name="Ada Admin"),
        "veileder": veileder,
        "veileder2": make_user("veileder2", roles=["supervisor", "professional"], full_name="Viggo Veileder"),
        "ek1": make_user("ek1", roles=["ec"], full_name="Berit Erfaring", supervisor_id=veileder.id),
        "ek2": make_user("ek2", roles=["ec"], full_name="Øystein Erfaring", supervisor_id=veileder.id),
        "lp": make_user("lp", roles=["peer"], full_name="Liv Likeperson"),
        "fag": make_user("fag", roles=["professional"], full_name="Anna Fag"),
        "leder": make_user("leder", roles=["leader", "professional"], full_name="Lise Leder"),
        "hr": make_user("hr", roles=["hr"], full_name="Hanne HR"),
    }


def audit(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def group_named(name):
    db.session.expire_all()
    return db.session.scalar(db.select(SupervisionGroup).where(SupervisionGroup.name == name))


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def input_value(html: str, field_id: str) -> str:
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    assert match, f"no input {field_id}"
    value = re.search(r'value="([^"]*)"', match.group())
    return unescape(value.group(1)) if value else ""


def group_data(people, **fields):
    return {"name": "EK-nettverket", "description": "Alle erfaringskonsulenter", "supervisor_id": people["veileder"].id,
            "members": [people["ek1"].id, people["ek2"].id], "active": "y", **fields}


def make_group(people, name="EK-nettverket", members=("ek1", "ek2"), supervisor="veileder"):
    group = SupervisionGroup(name=name, description="", supervisor_id=people[supervisor].id,
                             members=[people[m] for m in members])
    db.session.add(group)
    db.session.commit()
    return group


# --- groups ------------------------------------------------------------------------------------


def test_a_supervisor_creates_a_group_and_sees_it_listed(client, people, nb):
    client.login("veileder")
    form = client.get("/supervision/groups/new").get_data(as_text=True)
    # Experience consultants first, then peers, then the rest; the supervisor is preselected.
    order = [form.index(name) for name in ("Berit Erfaring", "Øystein Erfaring", "Liv Likeperson", "Anna Fag")]
    assert order == sorted(order)
    assert re.search(rf'<option[^>]*selected[^>]*value="{people["veileder"].id}"|'
                     rf'<option[^>]*value="{people["veileder"].id}"[^>]*selected', form)
    response = client.form("/supervision/groups/new", group_data(people))
    assert response.status_code == 303
    group = group_named("EK-nettverket")
    assert group.member_ids == {people["ek1"].id, people["ek2"].id} and group.active
    listing = client.get("/supervision/groups").get_data(as_text=True)
    row = re.search(rf'<tr id="group-{group.id}">(.*?)</tr>', listing, re.S).group(1)
    assert "EK-nettverket" in row and "Vera Veileder" in row and ">2<" in row and nb("Active") in row
    [created] = audit("supervision.group_create")
    assert created.actor_label == "veileder" and "EK-nettverket" not in created.summary


def test_a_name_in_use_is_refused_whatever_its_case_and_the_input_is_kept(client, people, nb):
    make_group(people)
    client.login("admin")
    response = client.form("/supervision/groups/new", group_data(people, name="ek-NETTVERKET",
                                                                 description="Nytt forsøk"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert nb("There is already a group with that name.") in field_error(html, "name")
    assert input_value(html, "name") == "ek-NETTVERKET" and "Nytt forsøk" in html
    assert db.session.scalar(db.select(db.func.count(SupervisionGroup.id))) == 1


def test_two_creating_the_same_name_at_once_get_the_names_message(client, people, meanwhile, nb):
    client.login("veileder")
    meanwhile(SupervisionGroup, insert(SupervisionGroup).values(
        name="EK-nettverket", description="", supervisor_id=people["veileder2"].id, active=True, version=1))
    response = client.form("/supervision/groups/new", group_data(people))
    assert response.status_code == 422
    assert nb("There is already a group with that name.") in field_error(response.get_data(as_text=True), "name")
    assert group_named("EK-nettverket").supervisor_id == people["veileder2"].id


def test_a_group_needs_a_name_and_a_supervisor(client, people, nb):
    client.login("admin")
    response = client.form("/supervision/groups/new", group_data(people, name="  ", supervisor_id=""))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert nb("Give the group a name.") in field_error(html, "name")
    assert field_error(html, "supervisor_id")
    # Someone who is not a supervisor is not offered, and refused if posted.
    response = client.form("/supervision/groups/new", group_data(people, supervisor_id=people["fag"].id))
    assert response.status_code == 422 and group_named("EK-nettverket") is None


def test_editing_the_members_changes_who_is_invited_not_who_was_there(client, people):
    group = make_group(people)
    past = SupervisionSession(kind="group", status="held", starts_at=datetime(2026, 1, 15, 9, tzinfo=UTC),
                              supervisor_id=people["veileder"].id, group_id=group.id,
                              participants=[SessionParticipant(user_id=people["ek1"].id, attended=True),
                                            SessionParticipant(user_id=people["ek2"].id, attended=False)])
    db.session.add(past)
    db.session.commit()
    client.login("veileder")
    response = client.form(f"/supervision/groups/{group.id}/edit",
                           group_data(people, members=[people["ek1"].id, people["lp"].id], version=group.version))
    assert response.status_code == 303
    group = group_named("EK-nettverket")
    assert group.member_ids == {people["ek1"].id, people["lp"].id}
    past = db.session.get(SupervisionSession, past.id)
    assert past.participant_ids == {people["ek1"].id, people["ek2"].id}
    [updated] = audit("supervision.group_update")
    assert "members +1 -1" in updated.summary


def test_nobody_adds_themselves_to_a_groups_members(client, people, nb):
    """A member reads the group's minutes: the administrator or the group's supervisor decides
    who else is in it, never who they are themselves."""
    group = make_group(people)
    message = nb("You cannot add yourself to the group's members. Another person, the group's supervisor or "
                 "the administrator, must add you.")
    for username in ("admin", "veileder"):
        client.login(username)
        me = people[username].id
        response = client.form(f"/supervision/groups/{group.id}/edit",
                               group_data(people, members=[people["ek1"].id, people["ek2"].id, me],
                                          version=group_named("EK-nettverket").version))
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert message in field_error(html, "members")
        assert re.search(rf'<input[^>]*checked[^>]*value="{me}"', html)  # what was ticked stays ticked
        assert me not in group_named("EK-nettverket").member_ids
    client.login("admin")  # nor in a new group
    response = client.form("/supervision/groups/new", group_data(people, name="Ny gruppe",
                                                                 members=[people["admin"].id]))
    assert response.status_code == 422 and message in field_error(response.get_data(as_text=True), "members")
    assert group_named("Ny gruppe") is None
    # Adding someone else is what they are there for.
    response = client.form(f"/supervision/groups/{group.id}/edit",
                           group_data(people, members=[people["ek1"].id, people["ek2"].id, people["lp"].id],
                                      version=group_named("EK-nettverket").version))
    assert response.status_code == 303
    assert group_named("EK-nettverket").member_ids == {people["ek1"].id, people["ek2"].id, people["lp"].id}
    # Someone the supervisor added stays a member when they edit the group themselves.
    client.login("veileder")
    members = [people["ek1"].id, people["admin"].id]
    assert client.form(f"/supervision/groups/{group.id}/edit",
                       group_data(people, members=members,
                                  version=group_named("EK-nettverket").version)).status_code == 303
    client.login("admin")
    assert client.form(f"/supervision/groups/{group.id}/edit",
                       group_data(people, members=members, description="For alle EK",
                                  version=group_named("EK-nettverket").version)).status_code == 303
    assert group_named("EK-nettverket").member_ids == set(members)


def test_the_identifier_guard_runs_on_a_groups_name_and_description(client, people, nb):
    client.login("veileder")
    data = group_data(people, description="Ring Ola på 912 34 567 før møtet")
    response = client.form("/supervision/groups/new", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "912 34 567" in field_error(html, "description")
    assert nb("Nothing was saved: the text contains something that looks like a client identifier. Remove it, "
              "or confirm below that it is not a client identifier.") in html
    assert "Ring Ola på 912 34 567 før møtet" in html  # what was typed stays
    assert group_named("EK-nettverket") is None
    digest = re.search(r'name="shown_identifiers"[^>]*value="([^"]+)"', html).group(1)
    response = client.form("/supervision/groups/new", {**data, "shown_identifiers": digest,
                                                       "confirm_identifiers": "y"})
    assert response.status_code == 303
    group = group_named("EK-nettverket")
    assert group.description == "Ring Ola på 912 34 567 før møtet"
    [confirmed] = audit("supervision.identifiers_confirmed")
    assert "phone in description" in confirmed.summary and "912" not in confirmed.summary
    # Editing runs it too.
    response = client.form(f"/supervision/groups/{group.id}/edit",
                           group_data(people, description="E-post: ola@example.com", version=group.version))
    assert response.status_code == 422
    assert "ola@example.com" in field_error(response.get_data(as_text=True), "description")
    assert group_named("EK-nettverket").description == "Ring Ola på 912 34 567 før møtet"


def test_a_stale_save_is_a_conflict_that_shows_what_is_saved(client, people, nb):
    group = make_group(people)
    stale = group.version
    client.login("admin")
    assert client.form(f"/supervision/groups/{group.id}/edit",
                       group_data(people, members=[people["ek1"].id], version=stale)).status_code == 303
    # The second editor started from the same version: only the members differ, and still it is caught.
    response = client.form(f"/supervision/groups/{group.id}/edit",
                           group_data(people, name="EK-nettverket", members=[people["ek2"].id], version=stale))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert nb("Someone else saved this while you were editing. The form now shows what is saved; "
              "make your change again if it is still needed.") in html
    assert group_named("EK-nettverket").member_ids == {people["ek1"].id}
    assert re.search(rf'<input[^>]*checked[^>]*value="{people["ek1"].id}"', html)
    assert not re.search(rf'<input[^>]*checked[^>]*value="{people["ek2"].id}"', html)


def test_a_group_can_be_made_inactive_and_is_then_listed_under_inactive(client, people):
    group = make_group(people)
    client.login("veileder")
    data = group_data(people, version=group.version)
    del data["active"]
    assert client.form(f"/supervision/groups/{group.id}/edit", data).status_code == 303
    assert not group_named("EK-nettverket").active
    assert "EK-nettverket" not in client.get("/supervision/groups").get_data(as_text=True)
    assert "EK-nettverket" in client.get("/supervision/groups?state=inactive").get_data(as_text=True)


def test_the_list_searches_and_pages(client, people, app):
    for n in range(30):
        make_group(people, name=f"Gruppe {n:02d}", members=())
    make_group(people, name="Nettverket for likepersoner", members=("lp",))
    client.login("veileder")
    first = client.get("/supervision/groups").get_data(as_text=True)
    assert "Gruppe 00" in first and "Gruppe 29" not in first and 'rel="next"' in first
    found = client.htmx("GET", "/supervision/groups?q=LIKEPERSON")
    html = found.get_data(as_text=True)
    assert found.status_code == 200 and "<html" not in html  # the results only
    assert "Nettverket for likepersoner" in html and "Gruppe 00" not in html


def test_the_list_runs_the_same_number_of_queries_for_3_and_10_groups(client, people, app):
    def count_for(n):
        for i in range(n):
            make_group(people, name=f"Q{n}-{i}", members=("ek1", "ek2", "lp"),
                       supervisor="veileder" if i % 2 else "veileder2")
        statements = []

        def counter(*args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            html = client.get(f"/supervision/groups?q=Q{n}-").get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
        assert html.count('id="group-') == n
        return len(statements)

    client.login("veileder")
    assert count_for(3) == count_for(10)


def test_who_may_see_and_manage_groups(client, people):
    group = make_group(people)
    for username in ("ek1", "fag", "leder", "hr"):
        client.login(username)
        assert client.get("/supervision/groups").status_code == 403
        assert client.get("/supervision/groups/new").status_code == 403
        assert client.get(f"/supervision/groups/{group.id}/edit").status_code == 403
    client.login("veileder2")  # a supervisor, not this group's
    assert client.get("/supervision/groups").status_code == 200
    assert client.get(f"/supervision/groups/{group.id}/edit").status_code == 404
    assert client.form(f"/supervision/groups/{group.id}/edit",
                       group_data(people, name="Kapret", version=group.version)).status_code == 404
    assert f"/supervision/groups/{group.id}/edit" not in client.get("/supervision/groups").get_data(as_text=True)
    client.login("admin")
    assert client.get(f"/supervision/groups/{group.id}/edit").status_code == 200
    assert group_named("EK-nettverket") is not None


# --- themes ------------------------------------------------------------------------------------


def test_the_seeded_themes_are_listed_for_the_administrator(client, people):
    client.login("admin")
    html = client.get("/supervision/themes").get_data(as_text=True)
    assert html.count('<tr id="theme-') == 12
    assert "Triggere" in html and "Tittelen som stigma" in html and "Samarbeid med fagansatte" in html


def test_adding_a_theme_and_a_duplicate_refused_whatever_its_case(client, people, nb):
    client.login("admin")
    assert client.form("/supervision/themes", {"name": "  Nattarbeid  "}).status_code == 303
    assert "Nattarbeid" in [t.name for t in themes.active_themes()]
    assert themes.active_themes()[-1].name == "Nattarbeid"  # at the end of the list
    response = client.form("/supervision/themes", {"name": "TRIGGERE"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert nb("There is already a theme with that name.") in field_error(html, "name")
    assert input_value(html, "name") == "TRIGGERE"
    [created] = audit("supervision.theme_create")
    assert "Nattarbeid" not in created.summary
    response = client.htmx("POST", "/supervision/themes", {"name": ""})
    assert response.status_code == 422 and "<html" not in response.get_data(as_text=True)


def test_a_theme_is_renamed(client, people):
    theme = db.session.scalar(db.select(SupervisionTheme).where(SupervisionTheme.name == "Triggere"))
    client.login("admin")
    assert client.get(f"/supervision/themes/{theme.id}/edit").status_code == 200
    response = client.form(f"/supervision/themes/{theme.id}/edit", {"name": "egenomsorg"})
    assert response.status_code == 422  # another theme's name
    assert client.form(f"/supervision/themes/{theme.id}/edit", {"name": "Triggere og reaksjoner"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(SupervisionTheme, theme.id).name == "Triggere og reaksjoner"
    assert len(audit("supervision.theme_update")) == 1


def test_a_deactivated_theme_is_not_offered_but_stays_on_old_sessions(client, people, nb):
    theme = db.session.scalar(db.select(SupervisionTheme).where(SupervisionTheme.name == "Triggere"))
    old = SupervisionSession(kind="individual", status="held", starts_at=datetime(2026, 1, 15, 9, tzinfo=UTC),
                             supervisor_id=people["veileder"].id, themes=[theme],
                             participants=[SessionParticipant(user_id=people["ek1"].id)])
    db.session.add(old)
    db.session.commit()
    client.login("admin")
    assert client.form(f"/supervision/themes/{theme.id}/active", {"active": "0"}).status_code == 303
    assert "Triggere" not in [t.name for t in themes.active_themes()]
    db.session.expire_all()
    assert [t.name for t in db.session.get(SupervisionSession, old.id).themes] == ["Triggere"]
    html = client.get("/supervision/themes").get_data(as_text=True)
    assert nb("Not offered") in re.search(rf'<tr id="theme-{theme.id}">(.*?)</tr>', html, re.S).group(1)
    assert client.form(f"/supervision/themes/{theme.id}/active", {"active": "1"}).status_code == 303
    assert "Triggere" in [t.name for t in themes.active_themes()]
    assert [e.summary for e in audit("supervision.theme_update")] == [
        f"theme {theme.id} deactivated", f"theme {theme.id} activated"]


def test_only_the_administrator_manages_themes(client, people):
    theme = db.session.scalar(db.select(SupervisionTheme).order_by(SupervisionTheme.id))
    for username in ("veileder", "ek1", "leder", "hr"):
        client.login(username)
        assert client.get("/supervision/themes").status_code == 403
        assert client.form("/supervision/themes", {"name": "Nytt"}).status_code == 403
        assert client.form(f"/supervision/themes/{theme.id}/active", {"active": "0"}).status_code == 403
    assert len(themes.active_themes()) == 12


def test_nul_characters_in_a_search_or_a_name_are_no_server_error(client, people):
    client.login("admin")
    assert client.get("/supervision/groups?q=EK%00").status_code == 200
    assert client.form("/supervision/themes", {"name": "Natt\x00arbeid"}).status_code == 303
    assert "Nattarbeid" in [t.name for t in themes.active_themes()]
