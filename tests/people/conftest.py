"""Fixtures for the organisation tests."""

from datetime import date
from types import SimpleNamespace

import pytest

from outreach.auth.models import find_user_by_username
from outreach.extensions import db

PASSWORD = "correct horse battery"  # make_user's password (tests/conftest.py)


@pytest.fixture
def sign_in(client):
    """sign_in("tl1", "demo"): sign in (on `client`, or the one given) with English as the
    user's language."""

    def do(username: str, password: str = PASSWORD, client=client):
        user = find_user_by_username(username)
        assert user is not None, username
        user.locale = "en"  # the assertions read English texts
        db.session.commit()
        with client.session_transaction() as session:
            signed_in = "_user_id" in session
        if signed_in:
            assert client.form("/logout").status_code == 303
        response = client.login(username, password)
        assert response.status_code == 303, f"{username} could not sign in"
        return user

    return do


@pytest.fixture
def org(make_user, make_team):
    """Two teams. Kari works on team A: Leila leads A, Bjørn leads B."""
    team_a, team_b = make_team("Team A"), make_team("Team B")
    vera = make_user("vera", roles=["supervisor", "professional"], full_name="Vera Veileder")
    ola = make_user("ola", teams=[team_a], full_name="Ola Kollega", title="Sosionom")
    kari = make_user(
        "kari", teams=[team_a], full_name="Kari Nordmann", title="Miljøterapeut", phone="91234567",
        position_percentage=60, contract="temporary", start_date=date(2024, 3, 1),
        buddy_id=ola.profile.id, supervisor_id=vera.id,
    )
    return SimpleNamespace(
        team_a=team_a, team_b=team_b, kari=kari, ola=ola, vera=vera,
        leila=make_user("leila", roles=["leader", "professional"], teams=[team_a], full_name="Leila Leder"),
        lars=make_user("lars", roles=["leader", "professional"], teams=[team_a], full_name="Lars Leder"),
        bjorn=make_user("bjorn", roles=["leader", "professional"], teams=[team_b], full_name="Bjørn Leder"),
        hilde=make_user("hilde", roles=["hr"], full_name="Hilde Hr"),
        ada=make_user("ada", roles=["admin"], full_name="Ada Admin"),
        kari_id=kari.profile.id,
    )
