"""The vacancy page's board cards and panel form: what each card offers and whom the panel
form lists (both are made in the view for speed, see docs/PERFORMANCE.md)."""

import html
import re
from datetime import date

from hiring_helpers import add_candidate, move_to, open_vacancy, text_of, today
from sqlalchemy import update

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.recruitment import candidates, references, vacancies
from outreach.recruitment.models import Candidate, Vacancy


def card(page: str, candidate) -> str:
    match = re.search(rf'<li class="card" id="card-{candidate.id}">(.*?)</li>', page, re.S)
    assert match, candidate.full_name
    return match.group(1)


def options(part: str) -> list[str]:
    return re.findall(r'<option value="([^"]+)">', part)


def test_each_card_offers_the_moves_the_rules_allow_to_those_who_manage(client, crew, hiring):
    received = add_candidate(hiring.vacancy, "Rita Ny", received_on=date(2026, 1, 5))
    offered = move_to(add_candidate(hiring.vacancy, "Oskar Tilbud"), "offer", crew.leader)
    rejected = add_candidate(hiring.vacancy, "Rolf Avslått")
    candidates.move(rejected, "screened", actor=crew.leader)
    candidates.move(rejected, "rejected", reason="withdrew", actor=crew.leader)
    client.login("leder")
    page = client.get(f"/recruitment/{hiring.vacancy.id}").get_data(as_text=True)

    new = card(page, received)
    assert f'href="/recruitment/candidates/{received.id}"' in new and "Applied 5.01.2026" in new
    assert f'action="/recruitment/candidates/{received.id}/move"' in new
    assert options(new) == ["screened"] and ">Move</button>" in new
    assert f'href="/recruitment/candidates/{received.id}/reject"' in new
    assert html.unescape(re.search(r'class="visually-hidden">(.*?)</label>', new).group(1)) == "Move Rita Ny to"

    offer = card(page, offered)
    assert f'href="/recruitment/candidates/{offered.id}/hire"' in offer
    assert options(offer) == ["references"]

    # A rejected candidate shows why, and can only be taken back to where they were rejected.
    gone = card(page, rejected)
    assert "Withdrew the application" in gone and options(gone) == ["screened"]
    assert "/reject" not in gone and "Hire" not in gone


def test_cards_at_the_same_stage_offer_an_offer_only_with_a_checked_reference(client, crew, hiring):
    checked, unchecked = (move_to(c, "references", crew.leader) for c in (hiring.first, hiring.second))
    references.add_reference(checked, references.ReferenceInput(
        referee_name="Tidligere leder", relation="Leder", notes="Trygg.", checked_on=today()), actor=crew.leader)
    client.login("leder")
    page = client.get(f"/recruitment/{hiring.vacancy.id}").get_data(as_text=True)
    assert options(card(page, checked)) == ["offer", "first_interview", "second_interview"]
    assert options(card(page, unchecked)) == ["first_interview", "second_interview"]


def test_the_status_section_counts_the_candidates_and_the_hired(client, crew, hiring):
    client.login("leder")
    page = client.get(f"/recruitment/{hiring.vacancy.id}").get_data(as_text=True)
    assert 'aria-describedby="refusal-draft"' in page and "it cannot go back to draft" in page
    empty = open_vacancy(crew, title="Uten kandidater")
    assert 'aria-describedby="refusal-draft"' not in client.get(f"/recruitment/{empty.id}").get_data(as_text=True)

    vacancy = hiring.vacancy
    for status in ("interviewing", "offer"):
        vacancies.set_status(vacancy, status, version=vacancy.version, actor=crew.leader)
    assert 'aria-describedby="refusal-filled"' in client.get(f"/recruitment/{vacancy.id}").get_data(as_text=True)
    # As the hiring form leaves the candidate (it also makes the account, not needed here).
    db.session.execute(update(Candidate).where(Candidate.id == hiring.first.id).values(stage="hired"))
    db.session.commit()
    page = client.get(f"/recruitment/{vacancy.id}").get_data(as_text=True)
    assert ">Mark as: Filled</button>" in page and 'aria-describedby="refusal-filled"' not in page


def test_the_panel_sees_the_cards_without_any_form(client, crew, hiring):
    client.login("ek")
    page = client.get(f"/recruitment/{hiring.vacancy.id}").get_data(as_text=True)
    first = card(page, hiring.first)
    assert f'href="/recruitment/candidates/{hiring.first.id}"' in first
    assert "<form" not in first and "/reject" not in first


def checkboxes(page: str) -> dict[str, bool]:
    """{name: checked} of the panel form's checkboxes."""
    found = re.findall(r'<input id="panel-panel-\d+" name="panel-panel" type="checkbox" value="\d+"'
                       r'( checked)?> ([^<]+)</label>', page)
    return {html.unescape(name): bool(checked) for checked, name in found}


def test_the_panel_form_lists_the_working_staff_with_the_panel_ticked(client, crew, hiring):
    client.login("leder")
    # The vacancy page leaves the list of every colleague out until "Change the panel" is opened.
    page = client.get(f"/recruitment/{hiring.vacancy.id}").get_data(as_text=True)
    assert checkboxes(page) == {}
    panel_url = f"/recruitment/{hiring.vacancy.id}/panel"
    assert f'hx-get="{panel_url}" hx-trigger="toggle once"' in page and f'href="{panel_url}#panel"' in page
    # Opened with htmx: the panel's section with the form; without JavaScript: the page with it.
    for response in (client.htmx("GET", panel_url), client.get(panel_url)):
        assert response.status_code == 200
        html_text = response.get_data(as_text=True)
        # Everyone with a staff role, the vacancy's leader and the administrator's account left out.
        assert checkboxes(html_text) == {"Anne Annen": False, "Eva Erfaring": True, "Hanne HR": False,
                                         "Ola Utenfor": False, "Per Fagansatt": True, "Vera Veileder": False}
        assert "<details open>" in html_text
    assert "<h1" not in client.htmx("GET", panel_url).get_data(as_text=True)
    assert "<h1" in client.get(panel_url).get_data(as_text=True)
    # The section alone shows no candidate, so it logs no candidate as read; the page does.
    def reads():
        return db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "recruitment.candidate_read"))

    before = reads()
    client.htmx("GET", panel_url)
    assert reads() == before
    client.get(panel_url)
    assert reads() > before


def test_only_those_who_manage_the_vacancy_open_the_panel_form(client, crew, hiring):
    client.login("ek")  # on the panel: sees the cards, not the form
    assert client.get(f"/recruitment/{hiring.vacancy.id}/panel").status_code in (403, 404)
    assert f"/recruitment/{hiring.vacancy.id}/panel" not in client.get(f"/recruitment/{hiring.vacancy.id}").get_data(
        as_text=True)


def test_a_refused_panel_keeps_what_was_ticked(client, crew, hiring):
    client.login("leder")
    vacancy = db.session.get(Vacancy, hiring.vacancy.id)
    response = client.htmx("POST", f"/recruitment/{vacancy.id}/panel",
                           {"panel-panel": [crew.other_ec.id, crew.admin.id], "panel-version": vacancy.version})
    assert response.status_code == 422
    assert "Choose among the people listed." in text_of(response)
    assert checkboxes(response.get_data(as_text=True))["Ola Utenfor"] is True
    assert db.session.get(Vacancy, vacancy.id).panel_ids == {crew.ec.id, crew.pro.id}


def test_a_new_panel_is_saved(client, crew):
    vacancy = open_vacancy(crew, panel=[crew.pro])
    client.login("hr")
    response = client.htmx("POST", f"/recruitment/{vacancy.id}/panel",
                           {"panel-panel": [crew.other_ec.id, crew.supervisor.id], "panel-version": vacancy.version})
    assert response.status_code == 200
    assert db.session.get(Vacancy, vacancy.id).panel_ids == {crew.other_ec.id, crew.supervisor.id}
    assert checkboxes(response.get_data(as_text=True)) == {
        "Anne Annen": False, "Eva Erfaring": False, "Hanne HR": False, "Ola Utenfor": True, "Per Fagansatt": False,
        "Vera Veileder": True}
