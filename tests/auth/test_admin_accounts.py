"""The administrator's accounts pages, and the create-user command."""

import html
import re

import pytest
from sqlalchemy import insert

from outreach.auth.models import User
from outreach.auth.passwords import verify_password
from outreach.extensions import db
from outreach.people.models import StaffProfile

PASSWORD = "correct horse battery"  # make_user's password


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def redirect_target(response) -> str | None:
    return response.headers["Location"] if response.status_code in (302, 303) else None


def field_error(response, field: str) -> str | None:
    match = re.search(
        rf'<small id="{field}-error" class="field-error">([^<]*)</small>', response.get_data(as_text=True)
    )
    return html.unescape(match.group(1)) if match else None


def listed_usernames(response) -> list[str]:
    """The usernames in the accounts table, in the order shown."""
    body = response.get_data(as_text=True)
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr>\s*<td><a href="/admin/users/\d+">[^<]*</a></td>\s*<td>([^<]*)</td>', tbody)


def next_page_link(response) -> str | None:
    match = re.search(r'<a href="([^"]+)" rel="next">', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def checked_roles(response) -> set[str]:
    inputs = re.findall(r"<input ([^>]*)>", response.get_data(as_text=True))
    return {
        re.search(r'value="([^"]*)"', attrs).group(1)
        for attrs in inputs
        if 'name="roles"' in attrs and re.search(r"\bchecked\b", attrs)
    }


def input_value(response, name: str) -> str | None:
    for attrs in re.findall(r"<input ([^>]*)>", response.get_data(as_text=True)):
        if f'name="{name}"' in attrs:
            match = re.search(r'value="([^"]*)"', attrs)
            return html.unescape(match.group(1)) if match else ""
    return None


@pytest.fixture
def admin(client, make_user):
    """The client, signed in as an administrator."""
    user = make_user("ada", roles=["admin"], full_name="Ada Admin")
    assert client.login("ada").status_code == 303
    return user


# --- the list ---------------------------------------------------------------------------------


def test_accounts_list_pages_through_more_than_one_page(client, admin, make_user, app):
    for i in range(30):
        make_user(f"user{i:02d}", full_name=f"Person {i:02d}")
    assert app.config["PAGE_SIZE"] == 25

    first = client.get("/admin/users")
    assert first.status_code == 200
    shown = listed_usernames(first)
    assert len(shown) == 25
    assert shown[:3] == ["ada", "user00", "user01"]  # sorted by name

    link = next_page_link(first)
    assert link is not None and "page=2" in link
    second = client.get(link)
    assert listed_usernames(second) == [f"user{i:02d}" for i in range(24, 30)]
    assert next_page_link(second) is None
    assert 'rel="prev"' in second.get_data(as_text=True)


def test_search_matches_name_or_username_and_keeps_paging_within_the_search(client, admin, make_user):
    for i in range(27):
        make_user(f"ola{i:02d}", full_name=f"Ola Hansen {i:02d}")
    make_user("kari", full_name="Kari Nordmann")
    make_user("per", full_name="Per Olavsen")

    assert listed_usernames(client.get("/admin/users?q=NORDMANN")) == ["kari"]
    assert listed_usernames(client.get("/admin/users?q=kar")) == ["kari"]
    first = client.get("/admin/users?q=ola")  # "Ola ..." by name, and "Per Olavsen"
    assert len(listed_usernames(first)) == 25
    link = next_page_link(first)
    assert "q=ola" in link and "page=2" in link
    assert listed_usernames(client.get(link)) == ["ola25", "ola26", "per"]
    assert listed_usernames(client.get("/admin/users?q=nobody-like-this")) == []


def test_search_ignores_case_in_norwegian_letters(client, admin, make_user):
    make_user("oystein", full_name="Øystein Brekke")
    make_user("ase", full_name="Åse Ødegård")

    assert listed_usernames(client.get("/admin/users?q=øystein")) == ["oystein"]
    assert listed_usernames(client.get("/admin/users?q=ÅSE")) == ["ase"]
    assert listed_usernames(client.get("/admin/users?q=ØDEGÅRD")) == ["ase"]


def test_role_filter_and_state_filter(client, admin, make_user):
    from outreach.auth import services

    make_user("hanne", roles=["hr"], full_name="Hanne HR")
    make_user("lise", roles=["leader", "hr"], full_name="Lise Leder")
    make_user("ek", roles=["ec"], full_name="Espen EK")
    gone = make_user("gone", roles=["hr"], full_name="Gunnar Gone")
    services.set_active(gone, False, actor=None)

    assert listed_usernames(client.get("/admin/users?role=hr")) == ["hanne", "lise"]
    assert listed_usernames(client.get("/admin/users?role=leader")) == ["lise"]
    assert listed_usernames(client.get("/admin/users")) == ["ada", "ek", "hanne", "lise"]
    assert listed_usernames(client.get("/admin/users?state=inactive")) == ["gone"]
    assert listed_usernames(client.get("/admin/users?state=all&role=hr")) == ["gone", "hanne", "lise"]
    # The filters stay chosen on the page.
    page = client.get("/admin/users?state=inactive&role=hr").get_data(as_text=True)
    assert re.search(r'<option value="inactive"\s+selected', page)
    assert re.search(r'<option value="hr"\s+selected', page)


def test_htmx_search_returns_only_the_results(client, admin, make_user):
    make_user("kari", full_name="Kari Nordmann")
    response = client.htmx("GET", "/admin/users?q=kari")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and "<form" not in body
    assert body.lstrip().startswith('<div id="results">')
    assert listed_usernames(response) == ["kari"]
    assert "HX-Request" in response.headers["Vary"]

    whole = client.get("/admin/users?q=kari")
    assert "<html" in whole.get_data(as_text=True)
    assert "HX-Request" in whole.headers["Vary"]


@pytest.mark.parametrize("roles", [["hr"], ["leader", "professional"], ["ec"], ["supervisor"], ["peer"]])
def test_non_admins_cannot_use_the_accounts_pages(client, make_user, nb, fetch_user, roles):
    make_user("someone", roles=roles)
    target = make_user("kari")
    client.login("someone")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert nb("You do not have access to this page.") in text(response)
    assert client.get(f"/admin/users/{target.id}").status_code == 403
    new = client.form("/admin/users/new", {"username": "sneaky", "full_name": "S", "roles": ["admin"],
                                           "role_type": "professional"})
    assert new.status_code == 403
    assert client.form(f"/admin/users/{target.id}/active", {"active": "0"}).status_code == 403
    assert client.form(f"/admin/users/{target.id}/reset-password").status_code == 403
    assert db.session.scalar(db.select(User).where(User.username == "sneaky")) is None
    assert fetch_user("kari").active
    assert verify_password(fetch_user("kari").password_hash, PASSWORD)


def test_signed_out_visitor_is_sent_to_sign_in(client):
    location = redirect_target(client.get("/admin/users"))
    assert location and location.startswith("/login?next=")


# --- creating accounts ----------------------------------------------------------------------------


def test_admin_creates_an_account_with_several_roles_and_a_first_password(
    app, client, admin, make_team, fetch_user, audit_rows, nb
):
    team = make_team("Unge voksne")
    assert client.get("/admin/users/new").status_code == 200
    response = client.form("/admin/users/new", {
        "username": "Nina.Berg", "full_name": "Nina Berg", "email": "nina@example.org",
        "roles": ["leader", "professional"], "role_type": "professional", "teams": [str(team.id)],
    })
    assert response.status_code == 200
    password = re.search(r'<code id="first-password">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    assert "nina.berg" in text(response)

    nina = fetch_user("nina.berg")
    assert nina.full_name == "Nina Berg" and nina.email == "nina@example.org"
    assert {role.value for role in nina.roles} == {"leader", "professional"}
    assert nina.profile.team_ids == {team.id}
    assert nina.must_change_password
    assert nina.password_hash.startswith("$argon2id$") and password not in nina.password_hash
    [row] = audit_rows("user.create")[-1:]
    assert (row.actor_id, row.subject_user_id) == (admin.id, nina.id)

    # The first password works once, and leads straight to choosing a new one.
    browser = app.test_client()
    assert browser.login("nina.berg", password).status_code == 303
    assert redirect_target(browser.get("/")) == "/account/password"
    # It is not shown again anywhere.
    assert password not in client.get(f"/admin/users/{nina.id}").get_data(as_text=True)
    assert password not in client.get("/admin/users").get_data(as_text=True)


def test_taken_username_is_shown_next_to_the_field_and_the_input_kept(client, admin, make_user, nb):
    make_user("kari", full_name="Kari Nordmann")
    count = db.session.scalar(db.select(db.func.count()).select_from(User))
    response = client.form("/admin/users/new", {
        "username": "KARI", "full_name": "Kari Olsen", "email": "kari.olsen@example.org",
        "roles": ["hr", "supervisor"], "role_type": "administrative",
    })
    assert response.status_code == 422
    assert field_error(response, "username") == nb("That username is taken.")
    assert input_value(response, "username") == "kari"
    assert input_value(response, "full_name") == "Kari Olsen"
    assert input_value(response, "email") == "kari.olsen@example.org"
    assert checked_roles(response) == {"hr", "supervisor"}
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == count
    assert db.session.scalar(db.select(User.full_name).where(User.username == "kari")) == "Kari Nordmann"


def test_a_username_another_administrator_just_took_is_refused_alike(client, admin, meanwhile, nb):
    # Both pass the check; the database's unique constraint stops the second one.
    meanwhile(User, insert(User).values(username="kari", full_name="Kari Nordmann", password_hash="x"))

    response = client.form("/admin/users/new", {
        "username": "kari", "full_name": "Kari Olsen", "roles": ["hr"], "role_type": "",
    })

    assert response.status_code == 422
    assert field_error(response, "username") == nb("That username is taken.")
    assert input_value(response, "full_name") == "Kari Olsen"
    assert db.session.scalar(db.select(User.full_name).where(User.username == "kari")) == "Kari Nordmann"
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffProfile)) == 1  # Ada's


def test_new_account_needs_a_role_and_a_valid_username(client, admin, nb):
    response = client.form("/admin/users/new", {"username": "nina berg!", "full_name": "Nina",
                                                "role_type": "professional"})
    assert response.status_code == 422
    assert field_error(response, "roles") == nb("Choose at least one role.")
    assert field_error(response, "username") == nb("Use lowercase letters, digits, dot, dash or underscore.")
    assert db.session.scalar(db.select(User).where(User.full_name == "Nina")) is None


def test_htmx_create_with_errors_returns_only_the_form(client, admin, make_user, nb):
    make_user("kari")
    response = client.htmx("POST", "/admin/users/new", {
        "username": "kari", "full_name": "Kari Olsen", "roles": ["hr"], "role_type": "administrative",
    })
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="user-form"' in body
    assert field_error(response, "username") == nb("That username is taken.")


# --- editing accounts -----------------------------------------------------------------------------


def test_admin_changes_name_and_roles(client, admin, make_user, fetch_user, audit_rows):
    kari = make_user("kari", roles=["ec"], full_name="Kari Nordmann")
    form = client.get(f"/admin/users/{kari.id}")
    assert checked_roles(form) == {"ec"}
    response = client.form(f"/admin/users/{kari.id}", {
        "full_name": "Kari Nordmann Berg", "email": "", "roles": ["ec", "peer"],
        "version": input_value(form, "version"),
    })
    assert redirect_target(response) == f"/admin/users/{kari.id}"
    kari = fetch_user("kari")
    assert kari.full_name == "Kari Nordmann Berg"
    assert {role.value for role in kari.roles} == {"ec", "peer"}
    assert "['ec'] -> ['ec', 'peer']" in audit_rows("user.update")[-1].summary


def test_second_admin_saving_the_same_account_gets_a_conflict(app, client, admin, make_user, fetch_user, nb):
    make_user("bjorn", roles=["admin"])
    kari = make_user("kari", roles=["ec"], full_name="Kari Nordmann")
    other = app.test_client()
    other.login("bjorn")
    url = f"/admin/users/{kari.id}"
    mine, theirs = client.get(url), other.get(url)

    first = client.form(url, {"full_name": "Kari Nordmann Berg", "email": "", "roles": ["ec"],
                              "version": input_value(mine, "version")})
    assert redirect_target(first) == url
    second = other.form(url, {"full_name": "Kari N.", "email": "k@example.org", "roles": ["ec", "leader"],
                              "version": input_value(theirs, "version")})
    assert second.status_code == 409
    conflict = "Someone else saved this while you were editing. The form now shows what is saved; " \
               "make your change again if it is still needed."
    assert nb(conflict) in text(second)
    # The form now shows what the first admin saved, and the first admin's change is kept.
    assert input_value(second, "full_name") == "Kari Nordmann Berg"
    assert checked_roles(second) == {"ec"}
    kari = fetch_user("kari")
    assert (kari.full_name, kari.email, {r.value for r in kari.roles}) == ("Kari Nordmann Berg", None, {"ec"})

    # Saving again from the refreshed form goes through.
    again = other.form(url, {"full_name": "Kari N.", "email": "", "roles": ["ec"],
                             "version": input_value(second, "version")})
    assert redirect_target(again) == url
    assert fetch_user("kari").full_name == "Kari N."


def test_htmx_conflict_returns_the_form_with_the_message(app, client, admin, make_user, nb):
    make_user("bjorn", roles=["admin"])
    kari = make_user("kari", roles=["ec"], full_name="Kari Nordmann")
    other = app.test_client()
    other.login("bjorn")
    url = f"/admin/users/{kari.id}"
    stale = input_value(other.get(url), "version")
    client.form(url, {"full_name": "Kari Berg", "roles": ["ec"], "version": input_value(client.get(url), "version")})
    response = other.htmx("POST", url, {"full_name": "Kari X", "roles": ["ec"], "version": stale})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="user-form"' in body
    assert nb("Someone else saved this while you were editing. The form now shows what is saved; "
              "make your change again if it is still needed.") in text(response)


def test_admin_cannot_remove_their_own_admin_role(client, admin, fetch_user, nb):
    url = f"/admin/users/{admin.id}"
    response = client.form(url, {"full_name": "Ada Admin", "roles": ["hr"],
                                 "version": input_value(client.get(url), "version")})
    assert response.status_code == 422
    assert field_error(response, "roles") == nb("You cannot remove your own administrator role.")
    assert {r.value for r in fetch_user("ada").roles} == {"admin"}


# --- deactivating and resetting -------------------------------------------------------------------


def test_deactivation_asks_first_then_ends_the_users_sessions(
    app, client, admin, make_user, fetch_user, audit_rows, nb
):
    kari = make_user("kari", full_name="Kari Nordmann")
    karis_browser = app.test_client()
    karis_browser.login("kari")
    url = f"/admin/users/{kari.id}/active"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert nb("Deactivate %(name)s?", name="Kari Nordmann") in text(confirm)
    assert input_value(confirm, "active") == "0"
    assert fetch_user("kari").active  # asking changed nothing
    assert karis_browser.get("/").status_code == 200

    response = client.form(url, {"active": "0"})
    assert redirect_target(response) == f"/admin/users/{kari.id}"
    assert nb("The account is deactivated and its sessions ended.") in text(client.get(f"/admin/users/{kari.id}"))
    assert not fetch_user("kari").active
    assert redirect_target(karis_browser.get("/")).startswith("/login")
    assert app.test_client().login("kari").status_code == 422
    [row] = audit_rows("user.deactivate")
    assert (row.actor_id, row.subject_user_id) == (admin.id, kari.id)

    # And back again: the same password works.
    assert nb("Activate %(name)s?", name="Kari Nordmann") in text(client.get(url))
    client.form(url, {"active": "1"})
    assert fetch_user("kari").active
    assert app.test_client().login("kari").status_code == 303


def test_admin_cannot_deactivate_themself(client, admin, fetch_user, audit_rows, nb):
    response = client.form(f"/admin/users/{admin.id}/active", {"active": "0"})
    assert redirect_target(response) == f"/admin/users/{admin.id}"
    assert nb("You cannot deactivate your own account.") in text(client.get(redirect_target(response)))
    assert fetch_user("ada").active
    assert client.get("/admin/users").status_code == 200  # still signed in
    assert audit_rows("user.deactivate") == []


def test_reset_gives_a_one_time_password_and_forces_a_change(app, client, admin, make_user, fetch_user, audit_rows):
    kari = make_user("kari", full_name="Kari Nordmann")
    karis_browser = app.test_client()
    karis_browser.login("kari")
    url = f"/admin/users/{kari.id}/reset-password"

    assert client.get(url).status_code == 200
    assert verify_password(fetch_user("kari").password_hash, PASSWORD)  # asking changed nothing

    response = client.form(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # not kept in the browser's cache
    password = re.search(r'<code id="first-password">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    assert len(password) >= 10

    kari = fetch_user("kari")
    assert kari.must_change_password
    assert verify_password(kari.password_hash, password) and password not in kari.password_hash
    assert redirect_target(karis_browser.get("/")).startswith("/login")  # her session ended
    fresh = app.test_client()
    assert fresh.login("kari", PASSWORD).status_code == 422  # the old password is gone
    assert fresh.login("kari", password).status_code == 303
    assert redirect_target(fresh.get("/people/")) == "/account/password"
    [row] = audit_rows("user.password_reset")
    assert (row.actor_id, row.subject_user_id) == (admin.id, kari.id)
    assert password not in row.summary


# --- the command line -----------------------------------------------------------------------------


def test_create_user_command_makes_an_account_with_a_one_time_password(app, client, fetch_user):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "Nina", "--name", "Nina Berg", "--email", "nina@example.org",
                                 "--role", "admin", "--role", "hr"])
    assert result.exit_code == 0, result.output
    password = re.search(r"\(shown once\): (\S+)", result.output).group(1)

    nina = fetch_user("nina")
    assert nina.full_name == "Nina Berg" and nina.email == "nina@example.org"
    assert {r.value for r in nina.roles} == {"admin", "hr"}
    assert nina.must_change_password
    assert nina.password_hash.startswith("$argon2id$") and password not in nina.password_hash

    assert client.login("nina", password).status_code == 303
    assert redirect_target(client.get("/admin/users")) == "/account/password"


def test_create_user_command_refuses_a_taken_username_and_unknown_roles(app, make_user, nb):
    make_user("kari", full_name="Kari Nordmann")
    runner = app.test_cli_runner()
    taken = runner.invoke(args=["create-user", "kari", "--name", "Someone Else", "--role", "hr"])
    assert taken.exit_code != 0
    assert nb("That username is taken.") in taken.output
    assert db.session.scalar(db.select(User.full_name).where(User.username == "kari")) == "Kari Nordmann"
    unknown = runner.invoke(args=["create-user", "ola", "--name", "Ola", "--role", "king"])
    assert unknown.exit_code != 0
    assert db.session.scalar(db.select(User).where(User.username == "ola")) is None


def test_percent_and_underscore_in_the_search_are_plain_characters(client, make_user):
    make_user("admin", roles=["admin"])
    make_user("kari_n", full_name="Kari Nordmann")
    make_user("ola", full_name="Ola Hansen")
    client.login("admin")
    page = client.get("/admin/users?q=%25&state=all").get_data(as_text=True)
    assert "Ola Hansen" not in page and "Kari Nordmann" not in page
    page = client.get("/admin/users?q=i_n&state=all").get_data(as_text=True)
    assert "Kari Nordmann" in page and "Ola Hansen" not in page
