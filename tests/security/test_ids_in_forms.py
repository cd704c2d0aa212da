"""Ids that come in a form rather than the path: a shift posted to the roster grid of another
team than its own is refused with 404 and logged, whether the leader may plan that shift's team
(the pairing is wrong) or not (the shift is not theirs); nothing is put on or taken off it."""

from datetime import date, time

import pytest
from security_helpers import denials

from outreach.auth.models import User
from outreach.extensions import db
from outreach.shifts import services
from outreach.shifts.models import ShiftAssignment

MONDAY = date(2026, 6, 8)


@pytest.fixture
def two_teams(make_team, make_user):
    own, other = make_team("Unge voksne", areas=["Sentrum"]), make_team("Vaterland", areas=["Plata"])
    make_user("leder", roles=["leader", "professional"], teams=[own])
    make_user("begge", roles=["leader", "professional"], teams=[own, other])
    worker = make_user("fag", teams=[own, other])
    theirs = services.create_shift(other, kind="office", day=MONDAY, start=time(9), end=time(15))
    services.assign(theirs, worker.profile, version=theirs.version, actor=None)
    return own, theirs, worker


def _on(shift) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(ShiftAssignment)
                             .where(ShiftAssignment.shift_id == shift.id))


@pytest.mark.parametrize("leader", ["leder", "begge"])
def test_another_teams_shift_in_the_grid_forms_is_refused_and_logged(app, client, two_teams, leader):
    own, theirs, worker = two_teams
    client.login(leader)
    user = db.session.scalar(db.select(User).where(User.username == leader))
    url = f"/teams/{own.id}/roster/%s?start={MONDAY.isoformat()}"
    before = denials(user)
    assign = client.htmx("POST", url % "assign", {"shift": f"{theirs.id}:{theirs.version}",
                                                  "staff_id": worker.profile.id, "reason": ""})
    unassign = client.htmx("POST", url % "unassign",
                           {"assignment": f"{theirs.id}:{worker.profile.id}:{theirs.version}"})
    assert (assign.status_code, unassign.status_code) == (404, 404)
    assert denials(user) == before + 2
    assert _on(theirs) == 1  # still the one person, not a second, not none
