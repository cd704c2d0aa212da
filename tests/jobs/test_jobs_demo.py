"""The job descriptions demo (outreach/jobs/demo.py), loaded after the people, roster,
supervision and recruitment demos as `flask seed-demo` does: templates for all roles, a
signed description for every colleague, ek1's three versions and open proposal, fag3's
overdue review and ek6's review after two months."""

import re

import pytest
from job_helpers import english_date, panel, text_of
from sqlalchemy import select

from outreach.auth.models import User
from outreach.auth.policy import answers_for
from outreach.core.timeutil import add_months, today_in_oslo
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.models import RoleTemplate
from outreach.people.models import StaffProfile


@pytest.fixture
def seeded(demo_roster, seeded_once):
    from outreach.jobs import demo as jobs_demo
    from outreach.recruitment import demo as recruitment_demo
    from outreach.supervision import demo as supervision_demo

    def build():
        supervision_demo.seed()
        recruitment_demo.seed()
        counts = jobs_demo.seed()
        for user in db.session.scalars(select(User)):
            user.locale = "en"  # the tests read the English interface
        return counts

    return seeded_once("jobs demo", build)


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def home(client, username: str) -> str:
    client.login(username, "demo")
    return client.min_side().get_data(as_text=True)


def test_the_demo_has_every_template_and_a_signed_description_for_every_colleague(seeded):
    keys = set(db.session.scalars(select(RoleTemplate.key)))
    assert keys == {"ec", "peer", "miljoterapeut", "psykolog", "sosionom", "teamleder", "fagkonsulent_ek", "hr"}
    colleagues = db.session.scalars(select(StaffProfile).join(StaffProfile.user)
                                    .where(User.active.is_(True), User.username != "admin")).all()
    assert len(colleagues) > 40 and seeded["descriptions"] == len(colleagues)
    assert "nyansatt" in {p.user.username for p in colleagues}  # the recruitment demo's new colleague too
    for profile in colleagues:
        found = services.description_of(profile)
        assert found is not None and found.current is not None, profile.user.username
        assert found.next_review_on is not None
    used = {services.description_of(p).template_key for p in colleagues}
    assert {"ec", "peer", "teamleder", "hr", "fagkonsulent_ek", "psykolog"} <= used

    ek1 = services.description_of(user("ek1").profile)
    assert [v.number for v in ek1.versions if v.is_signed] == [1, 2, 3]
    assert ek1.draft is not None and len(services.open_proposals(ek1)) == 1
    texts = [v.section("individual")["text"] for v in ek1.versions[:3]]
    theme, hkh = "Har ansvar for én temasamling for ungdom hvert halvår", "arbeidsgruppen i neste HKH-kartlegging"
    assert theme not in texts[0] and theme in texts[1] and hkh not in texts[1] and hkh in texts[2]

    today = today_in_oslo()
    fag3 = services.description_of(user("fag3").profile)
    assert fag3.next_review_on < today
    ek6 = services.description_of(user("ek6").profile)
    assert ek6.next_review_on == add_months(user("ek6").profile.start_date, 2)
    assert (ek6.next_review_on - today).days <= 14


def test_what_the_leaders_and_the_ecs_see_of_the_demo(client, seeded):
    # tl1 has Espen's proposal to answer on Min side, and finds it on his description.
    ek1 = user("ek1")
    follow = panel(home(client, "tl1"), "Job descriptions")
    assert follow is not None and "Proposals to answer" in follow and "Espen Kristiansen" in follow
    page = text_of(client.get(f"/jobs/people/{ek1.profile.id}"))
    assert "Version 3, signed by both" in page and "Version 4 is being written" in page
    assert "Vil gjerne være fadder for nye likepersoner" in page and "Waiting for the leader" in page
    compared = client.get(f"/jobs/people/{ek1.profile.id}/compare?a=1&b=3").get_data(as_text=True)
    assert re.search(r"<ins>[^<]*én[^<]*temasamling", compared) and re.search(r"<ins>[^<]*HKH", compared)

    # fag3's yearly review is overdue, on the start page of the leader of fag3's team.
    fag3 = user("fag3")
    (team,) = fag3.profile.teams
    leader = next(p.user for p in team.members if p.user.username.startswith("tl"))
    follow = panel(home(client, leader.username), "Job descriptions")
    assert follow is not None
    assert re.search(rf"{re.escape(fag3.full_name)} ?: [^()]*\(overdue\)", follow)
    assert "overdue" in text_of(client.get(f"/jobs/people/{fag3.profile.id}"))
    client.login("fag3", "demo")
    mine = panel(client.min_side().get_data(as_text=True), "My job description")
    assert mine is not None and "Review due" in mine

    # ek6 (new two months ago) is due for the review after two months: on her page and her leader's.
    ek6 = user("ek6")
    due = services.description_of(ek6.profile).next_review_on
    mine = panel(home(client, "ek6"), "My job description")
    assert mine is not None and f"Review due {english_date(due, 'MMM d, y')}" in mine
    (team,) = ek6.profile.teams
    leader = next(p.user for p in team.members if p.user.username.startswith("tl"))
    follow = panel(home(client, leader.username), "Job descriptions")
    assert follow is not None and ek6.full_name in follow

    # Espen reads his own description and its three versions.
    client.login("ek1", "demo")
    overview = text_of(client.get("/jobs/"))
    assert "version 3, signed" in overview


def test_every_demo_description_is_signed_as_the_leader_by_someone_who_answers_for_the_person(seeded):
    wrong = []
    for profile in db.session.scalars(select(StaffProfile).join(StaffProfile.user).where(User.username != "admin")):
        found = services.description_of(profile)
        for version in found.versions:
            signer = version.leader_signed_by
            if signer is not None and (signer.id == profile.user_id or not answers_for(signer, profile)):
                wrong.append(f"{profile.user.username} v{version.number} by {signer.username}")
    assert wrong == []
