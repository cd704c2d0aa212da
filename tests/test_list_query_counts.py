"""Pages that list people ask for the people's roles and teams in one query each, not one
query per person: with thirteen colleagues more they run the same number of queries."""

from datetime import date

import pytest
from page_helpers import counted_queries

from outreach.extensions import db
from outreach.shifts.models import Absence


def _absent(users) -> None:
    """A week's holiday for each: the absence list shows them."""
    db.session.add_all(Absence(staff_id=user.profile.id, kind="holiday", starts_on=date(2026, 7, 6),
                               ends_on=date(2026, 7, 10)) for user in users)
    db.session.commit()


def _queries(client, url) -> int:
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("login, url", [
    ("ada", "/admin/users"),  # shows each account's roles
    ("lea", "/people/"),  # shows each colleague's teams
    ("lea", "/"),  # the leader's Min side checks whom on the teams the leader leads
    ("lea", "/teams/{team}/absence"),  # may the leader change each person's absence?
    ("lea", "/teams/{team}/absence/new"),  # whom the leader may register absence for
])
def test_a_list_of_people_runs_as_many_queries_for_thirteen_more(client, make_user, make_team, login, url):
    team, other = make_team("Unge voksne"), make_team("Mindreårige")
    make_user("ada", roles=["admin"], full_name="Ada Admin")
    make_user("lea", roles=["leader"], teams=[team], full_name="Lea Leder")
    people = [make_user("per", roles=["ec"], teams=[team], full_name="Per Person")]
    client.login(login)
    url = url.format(team=team.id)
    _absent(people)
    before = _queries(client, url)
    people = [make_user(f"ny{n}", roles=["professional", "supervisor"] if n % 2 else ["ec"],
                        teams=[team, other] if n % 3 else [team], full_name=f"Ny Kollega {n}") for n in range(13)]
    _absent(people)
    after = _queries(client, url)
    assert after == before
    assert "Ny Kollega 12" in client.get(url).get_data(as_text=True) or url == "/"


def test_the_team_list_runs_as_many_queries_for_five_teams_more(client, make_user, make_team):
    from outreach.people import services

    make_team("Unge voksne", areas=["Sentrum"])
    make_user("lea", roles=["leader"], full_name="Lea Leder")
    client.login("lea")
    before = _queries(client, "/teams/")
    for n in range(5):
        services.add_area(make_team(f"Nytt team {n}"), name=f"Område {n}")
    after = _queries(client, "/teams/")
    assert after == before
    assert "Område 4" in client.get("/teams/").get_data(as_text=True)
