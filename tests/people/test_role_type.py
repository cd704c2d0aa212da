"""What a person works as (professional, EC, peer, administrative) follows from the roles
the account is created with, unless it is chosen."""

import re

import pytest
from people_helpers import DEMO, form_data, main, profile_of, text

from outreach.auth import services as accounts
from outreach.people.services import role_type_for_roles


@pytest.mark.parametrize(("roles", "expected"), [
    (["ec"], "ec"),
    (["peer"], "peer"),
    (["ec", "professional"], "ec"),
    (["peer", "professional"], "peer"),
    (["professional"], "professional"),
    (["leader"], "professional"),
    (["supervisor"], "professional"),
    (["hr"], "administrative"),
    (["admin"], "administrative"),
])
def test_a_new_account_works_as_its_roles_say(app, roles, expected):
    user, _ = accounts.create_user(username="ny", full_name="Ny Ansatt", roles=roles)

    assert profile_of("ny").role_type == expected
    assert user.profile.role_type == role_type_for_roles(roles)


def test_a_chosen_role_type_wins(app):
    accounts.create_user(username="ny", full_name="Ny Ansatt", roles=["professional"], role_type="ec")

    assert profile_of("ny").role_type == "ec"


def test_the_profile_and_the_list_say_what_someone_works_as(client, sign_in, make_user):
    make_user("kari", roles=["ec"], full_name="Kari Nordmann")
    make_user("lina", roles=["peer"], full_name="Lina Lie")
    sign_in("lina")

    assert "Experience consultant" in main(client.get(f"/people/{profile_of('kari').id}"))
    assert "Peer (likeperson)" in main(client.get(f"/people/{profile_of('lina').id}"))
    html = main(client.get("/people/?role_type=ec"))
    assert "Kari Nordmann" in html and "Lina Lie" not in html


def test_the_demo_section_has_six_ecs_and_four_peers(client, sign_in, demo):
    sign_in("fag1", DEMO)

    def listed(role_type):
        html = main(client.get(f"/people/?role_type={role_type}"))
        return re.findall(r'<td><a href="/people/\d+">([^<]+)</a>', html)

    assert len(listed("ec")) == 6 and "Espen Kristiansen" in listed("ec")
    assert sorted(listed("peer")) == ["Amina Yusuf", "Jonas Strand", "Mathias Ruud", "Sara Kaur"]
    assert listed("administrative") == ["Ada Systemansvarlig", "Helga Rådgiver"]


def test_an_ec_account_made_on_the_admin_page_works_as_an_ec(client, sign_in, make_user):
    make_user("ada", roles=["admin"], full_name="Ada Admin")
    sign_in("ada")
    form = form_data(text(client.get("/admin/users/new")), "user-form")

    response = client.form("/admin/users/new",
                           {**form, "username": "kari", "full_name": "Kari Nordmann", "roles": ["ec"]})

    assert response.status_code == 200 and "Kari Nordmann" in text(response)
    assert profile_of("kari").role_type == "ec"


def test_what_the_administrator_chooses_on_the_admin_page_wins(client, sign_in, make_user):
    make_user("ada", roles=["admin"], full_name="Ada Admin")
    sign_in("ada")
    page = text(client.get("/admin/users/new"))
    form = form_data(page, "user-form")
    assert form["role_type"] == ""  # "Decided by the roles" is what the form starts with
    assert "Decided by the roles" in page

    response = client.form("/admin/users/new", {
        **form, "username": "lina", "full_name": "Lina Lie", "roles": ["professional"],
        "role_type": "peer",
    })

    assert response.status_code == 200 and "Lina Lie" in text(response)
    assert profile_of("lina").role_type == "peer"
