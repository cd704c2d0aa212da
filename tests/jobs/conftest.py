"""Fixtures for job descriptions: one team with its leader, an EC and her colleagues, HR, and
the outsiders who may not read her description."""

from datetime import date
from types import SimpleNamespace

import pytest

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
    """Unge voksne: its leader Lise, the EC Eva (started 1 March 2025, supervised by Vera), her EC
    colleague Ola and the professional Per. HR, and the outsiders: another team's leader, the
    administrator, and the supervisor."""
    team = make_team("Unge voksne")
    other = make_team("Vaterland")
    supervisor = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return SimpleNamespace(
        team=team, other_team=other, supervisor=supervisor,
        leader=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        hr=make_user("hr", roles=["hr"], full_name="Hanne HR", role_type="administrative"),
        ec=make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", role_type="ec",
                     start_date=date(2025, 3, 1), supervisor_id=supervisor.id),
        colleague=make_user("ek2", roles=["ec"], teams=[team], full_name="Ola Kollega", role_type="ec"),
        pro=make_user("fag", roles=["professional"], teams=[team], full_name="Per Fagansatt"),
        other_leader=make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
        admin=make_user("admin", roles=["admin"], full_name="Adam Admin", role_type="administrative"),
    )
