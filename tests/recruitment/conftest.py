"""Fixtures for recruitment: a hiring crew and an open EC vacancy with candidates."""

from types import SimpleNamespace

import pytest
from hiring_helpers import add_candidate, open_vacancy

from outreach.extensions import db


@pytest.fixture
def make_user(make_user):
    """Accounts that chose English: the tests read the interface's English texts, which stay
    true when the Norwegian catalogue changes."""

    def make(*args, **kwargs):
        user = make_user(*args, **kwargs)
        user.locale = "en"
        db.session.commit()
        return user

    return make


@pytest.fixture
def crew(make_user, make_team):
    """Unge voksne's leader runs the hiring with HR; an EC and a professional sit on the panel.
    Outsiders: another team's leader, an EC not on the panel, the administrator, a supervisor."""
    team = make_team("Unge voksne", areas=["Sentrum", "Tøyen"])
    other = make_team("Vaterland")
    return SimpleNamespace(
        team=team, other_team=other,
        leader=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        hr=make_user("hr", roles=["hr"], full_name="Hanne HR", role_type="administrative"),
        ec=make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", role_type="ec"),
        pro=make_user("fag", roles=["professional"], teams=[team], full_name="Per Fagansatt"),
        other_leader=make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
        other_ec=make_user("ek2", roles=["ec"], teams=[team], full_name="Ola Utenfor", role_type="ec"),
        admin=make_user("admin", roles=["admin"], full_name="Adam Admin", role_type="administrative"),
        supervisor=make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder"),
    )


@pytest.fixture
def hiring(crew):
    """An open EC vacancy with the EC and the professional on the panel, and two candidates."""
    vacancy = open_vacancy(crew, panel=[crew.ec, crew.pro])
    first = add_candidate(vacancy, "Kari Kandidat", gender="female")
    second = add_candidate(vacancy, "Ola Søker", gender="male", birth_year=1985)
    return SimpleNamespace(vacancy=vacancy, first=first, second=second)
