"""Fixtures for HKH: a crew (a leader, professionals, an EC, an outsider, KORUS as an external
partner) and a running project whose working group includes the EC."""

from types import SimpleNamespace

import pytest
from hkh_helpers import make_project

from outreach.extensions import db


@pytest.fixture
def make_user(make_user):
    """Accounts that chose English: the tests read the interface's English texts."""

    def make(*args, **kwargs):
        user = make_user(*args, **kwargs)
        user.locale = "en"
        db.session.commit()
        return user

    return make


@pytest.fixture
def crew(make_user, make_team):
    team = make_team("Mindreårige")
    return SimpleNamespace(
        team=team,
        leader=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        pro=make_user("fag", roles=["professional"], teams=[team], full_name="Per Fagansatt"),
        ec=make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", role_type="ec"),
        outsider=make_user("utenfor", roles=["professional"], full_name="Ulf Utenfor"),
        other_ec=make_user("ek2", roles=["ec"], full_name="Ola Annen", role_type="ec"),
        admin=make_user("admin", roles=["admin"], full_name="Adam Admin", role_type="administrative"),
    )


@pytest.fixture
def project(crew):
    """Led by Per, with Eva (EC) in the working group."""
    return make_project(crew, members=[(crew.ec, "ec")])
