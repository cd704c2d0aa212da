"""What a review of the feature found, kept from coming back: a change of role never hands out
rights, a leader answers only for their own people, a proposal never undoes the leader's
change unseen, and a second answer to a proposal says so."""

import re

from job_helpers import INDIVIDUAL, description, flash_of, page_url, signed, start, text_of

from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.models import Proposal


def roles(user) -> set[str]:
    db.session.refresh(user)
    return {r.role for r in user.role_rows}


def test_a_change_of_role_never_gives_an_account_rights(client, crew):
    signed(crew.pro, crew.leader, "Jobber mest med unge voksne.")
    client.login("leder")
    done = client.form(page_url(crew.pro, "/role"), {"to_key": "hr", "changed_on": today_in_oslo().isoformat()})
    assert done.status_code == 200
    assert roles(crew.pro) == {"professional"}  # no "hr": only the administrator gives rights
    assert "Ask the administrator to review these roles: HR." in text_of(done)
    client.login("fag")
    assert client.get(page_url(crew.ec)).status_code == 404  # still no HR's reading


def test_a_change_of_role_out_of_leading_leaves_the_rights_to_the_administrator(client, crew, make_user):
    lead = make_user("tl", roles=["leader", "professional"], teams=crew.leader.profile.teams, full_name="Tor Leder")
    client.login("hr")
    done = client.form(page_url(lead, "/role"), {"to_key": "ec", "changed_on": today_in_oslo().isoformat()})
    assert done.status_code == 200
    assert roles(lead) == {"leader", "ec"}
    assert "Leader" in text_of(done).split("review these roles:", 1)[1]


def test_a_leader_answers_only_for_their_own_people_and_the_section_leader_for_those_on_no_team(client, crew,
                                                                                               make_user):
    office = make_user("kontor", roles=["professional"], full_name="Kari Kontor")  # on no team
    start(office, crew.hr, "Kontorarbeid.")
    client.login("leder")  # on one of the two teams
    assert client.get(page_url(office)).status_code == 404
    client.login("annen")
    assert client.get(page_url(office)).status_code == 404
    every = [t for t in {*crew.leader.profile.teams, *crew.other_leader.profile.teams}]
    make_user("seksjon", roles=["leader", "professional"], teams=every, full_name="Sissel Seksjonsleder")
    client.login("seksjon")
    assert "Kontorarbeid." in text_of(client.get(page_url(office)))


def test_a_proposal_written_before_the_leader_changed_the_section_is_a_conflict(client, app, crew):
    found = start(crew.ec, crew.leader, "Første tekst.")
    client.login("ek")
    form = client.get(page_url(crew.ec, "/propose")).get_data(as_text=True)
    seen = re.search(r'name="seen"[^>]*value="([^"]*)"', form).group(1)
    draft = description(crew.ec).draft
    texts = {s["key"]: s["text"] for s in draft.sections} | {INDIVIDUAL: "Lederens nye tekst."}
    services.edit_sections(draft, texts=texts, frames={s["key"] for s in draft.sections if s["frame"]},
                           version=draft.version, actor=crew.leader)
    sent = client.form(page_url(crew.ec, "/propose"), {"section_key": INDIVIDUAL, "seen": seen,
                                                      "text": "Første tekst. Og mitt tillegg.", "note": ""})
    assert sent.status_code == 409
    page = text_of(sent)
    assert "Your leader changed the description at the same moment." in page
    assert "Lederens nye tekst." in page and "Første tekst. Og mitt tillegg." in page
    assert services.open_proposals(found) == []


def test_a_second_answer_to_a_proposal_says_it_was_answered_and_shows_the_comment(client, crew):
    found = start(crew.ec, crew.leader)
    proposal = services.propose(found, section_key=INDIVIDUAL, text="Et forslag.", note="", actor=crew.ec)
    services.accept(proposal, actor=crew.leader)
    client.login("hr")
    answer = client.form(f"/jobs/proposals/{proposal.id}/comment", {"comment": "Vent litt med dette."})
    assert answer.status_code == 303
    message = flash_of(client, answer.location)
    assert "already been answered" in message and "Vent litt med dette." in message
    assert db.session.get(Proposal, proposal.id).status == "accepted"


def test_the_overview_fragment_for_someone_without_the_overview_is_the_page(client, crew):
    client.login("ek")
    response = client.htmx("GET", "/jobs/?q=x")
    assert response.status_code == 200 and "My job description" in text_of(response)
