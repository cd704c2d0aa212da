"""Hiring a candidate at the offer stage: one form makes the account, the staff profile and
the onboarding plan, shows the first password once, and makes nothing when it refuses."""

import calendar
import re
from datetime import date, timedelta
from html import unescape

import pytest
from hiring_helpers import add_candidate, move_to, open_vacancy, text_of, today
from sqlalchemy import func, select, update

from outreach.audit.models import AuditEvent
from outreach.auth.models import User
from outreach.extensions import db
from outreach.people.models import StaffProfile
from outreach.recruitment import hiring, vacancies
from outreach.recruitment.models import Candidate, OnboardingItem, OnboardingPlan, Vacancy

TALK_2 = "Nyansattsamtale med leder etter to måneder"
TALK_5 = "Nyansattsamtale med leder etter fem måneder"
EXTENDED = ("Utvidet veiledningstilbud – første veiledningstime", "Invitasjon til nettverket for erfaringskonsulenter")


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def value_of(html: str, field_id: str) -> str | None:
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*value="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


def selected(html: str, field_id: str) -> str | None:
    select_html = re.search(rf'<select[^>]*id="{field_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    match = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html)
    return (match.group(1) or match.group(2)) if match else None


def options(html: str, field_id: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*id="{field_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [unescape(text).strip() for text in re.findall(r"<option[^>]*>(.*?)</option>", select_html, re.S)]


def next_day(month: int, day: int) -> date:
    """The next `day`.`month` from tomorrow on: always within the year ahead a start date may be."""
    start = today() + timedelta(days=1)
    candidate = date(start.year, month, day)
    return candidate if candidate >= start else date(start.year + 1, month, day)


def hire_data(crew, **fields) -> dict:
    data = {"username": "kari.kandidat", "email": "kari@example.org",
            "start_date": (today() + timedelta(days=14)).isoformat(), "team_id": str(crew.team.id),
            "buddy_id": str(crew.pro.profile.id), "supervisor_id": str(crew.supervisor.id)}
    data.update({key: str(value) for key, value in fields.items()})
    return data


def counts() -> tuple[int, int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (User, StaffProfile, OnboardingPlan, OnboardingItem))


@pytest.fixture
def offer(hiring, crew):
    """The first candidate at the offer stage (a reference checked on the way)."""
    return move_to(hiring.first, "offer", crew.leader)


def url(candidate) -> str:
    return f"/recruitment/candidates/{candidate.id}/hire"


# --- the form -------------------------------------------------------------------------------------


def test_the_form_is_prefilled_and_says_what_hiring_will_create(client, crew, offer):
    client.login("leder")
    response = client.get(url(offer))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert value_of(html, "email") == "kandidat@example.org"  # the candidate's
    assert selected(html, "team_id") == str(crew.team.id)  # the vacancy's team
    buddies = options(html, "buddy_id")
    assert buddies[0] == "Choose later"
    team = [i for i, text in enumerate(buddies) if "Unge voksne" in text]
    other = [i for i, text in enumerate(buddies) if "Vaterland" in text]
    assert team and other and max(team) < min(other)  # the team's own colleagues first
    assert "Vera Veileder" in options(html, "supervisor_id")
    items = len(hiring.template_items("ec"))
    confirmation = text_of(client.get(url(offer)))
    assert "Hiring creates, in one step" in confirmation
    assert "role(s): Experience consultant" in confirmation
    assert "A staff profile: Erfaringskonsulent, 100 %, permanent" in confirmation
    assert f"An onboarding plan with {items} items" in confirmation
    assert "extended supervision" in confirmation and "This fills the vacancy" in confirmation
    assert re.search(r'<select[^>]*id="supervisor_id"[^>]*required', html)  # an EC needs one


def test_before_the_offer_stage_the_page_explains_and_has_no_form(client, crew, hiring):
    move_to(hiring.first, "references", crew.leader)
    client.login("leder")
    text = text_of(client.get(url(hiring.first)))
    assert "can be hired once they are at the offer stage" in text and "References" in text
    assert 'id="hire-form"' not in client.get(url(hiring.first)).get_data(as_text=True)


# --- hiring ---------------------------------------------------------------------------------------


def test_hiring_an_ec_makes_the_account_the_profile_and_the_plan(client, crew, offer):
    start = today() + timedelta(days=14)
    client.login("leder")
    response = client.form(url(offer), hire_data(crew, start_date=start.isoformat()))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r'<code id="first-password">([^<]+)</code>', html).group(1)

    user = db.session.scalar(select(User).where(User.username == "kari.kandidat"))
    assert user.full_name == "Kari Kandidat" and user.email == "kari@example.org"
    assert sorted(r.role for r in user.role_rows) == ["ec"] and user.must_change_password
    profile = user.profile
    assert (profile.role_type, profile.title, profile.start_date) == ("ec", "Erfaringskonsulent", start)
    assert [t.id for t in profile.teams] == [crew.team.id]
    assert (profile.position_percentage, profile.contract) == (100, "permanent")
    assert profile.buddy_id == crew.pro.profile.id and profile.supervisor_id == crew.supervisor.id
    assert profile.phone == "40000000"
    candidate = db.session.get(Candidate, offer.id)
    assert candidate.stage == "hired" and candidate.hired_user_id == user.id
    assert db.session.get(Vacancy, offer.vacancy_id).status == "filled"  # its one position is filled

    plan = db.session.scalar(select(OnboardingPlan).where(OnboardingPlan.staff_id == profile.id))
    assert plan.start_date == start and plan.leader_id == crew.leader.id and plan.buddy_id == crew.pro.profile.id
    titles = [item.title for item in plan.items]
    assert len(titles) == len(hiring.template_items("ec")) and set(EXTENDED) <= set(titles)
    assert [i.due_date for i in plan.items] == sorted(i.due_date for i in plan.items)
    due = {item.title: item.due_date for item in plan.items}
    assert due["Fadder oppnevnt"] == start - timedelta(days=14)
    assert due["Velkomst og omvisning"] == start
    assert due[EXTENDED[0]] == start + timedelta(days=14)

    # The page links to the profile and the plan; the password works once, to choose one's own.
    assert f'href="/people/{profile.id}"' in html and f'href="/recruitment/onboarding/{plan.id}"' in html
    assert client.login("kari.kandidat", password).status_code == 303
    assert "/account/password" in client.min_side().headers["Location"]
    client.login("leder")
    again = client.get(url(offer)).get_data(as_text=True)
    assert password not in again and "Kari Kandidat is hired" in again  # shown once


def test_hr_hires_too_and_the_audit_names_no_candidate(client, crew, offer):
    client.login("hr")
    assert client.form(url(offer), hire_data(crew)).status_code == 200
    [row] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recruitment.hire")).all()
    user = db.session.scalar(select(User).where(User.username == "kari.kandidat"))
    assert row.actor_id == crew.hr.id and row.subject_user_id == user.id
    assert f"candidate {offer.id} hired as user {user.id}" in row.summary
    assert "Kari" not in row.summary and "Kandidat" not in row.summary


@pytest.mark.parametrize("month, day", [(8, 31), (12, 31)])
def test_the_talks_fall_two_and_five_months_after_the_start_also_from_a_months_end(client, crew, offer, month, day):
    start = next_day(month, day)
    client.login("leder")
    assert client.form(url(offer), hire_data(crew, start_date=start.isoformat())).status_code == 200
    due = {item.title: item.due_date for item in db.session.scalars(select(OnboardingItem))}
    if month == 8:  # 31 August: 31 October and 31 January
        assert due[TALK_2] == date(start.year, 10, 31) and due[TALK_5] == date(start.year + 1, 1, 31)
    else:  # 31 December: the last day of February, and 31 May
        february = 29 if calendar.isleap(start.year + 1) else 28
        assert due[TALK_2] == date(start.year + 1, 2, february) and due[TALK_5] == date(start.year + 1, 5, 31)


def test_a_professional_gets_the_talks_but_not_the_extended_supervision(client, crew):
    vacancy = open_vacancy(crew, position="miljoterapeut")
    candidate = move_to(add_candidate(vacancy, "Per Profesjonell"), "offer", crew.leader)
    client.login("leder")
    text = text_of(client.get(url(candidate)))
    assert "extended supervision" not in text and "Oppsøkende miljøterapeut" in text
    response = client.form(url(candidate), hire_data(crew, username="per.p", supervisor_id=""))
    assert response.status_code == 200
    user = db.session.scalar(select(User).where(User.username == "per.p"))
    assert user.profile.role_type == "professional" and user.profile.title == "Oppsøkende miljøterapeut"
    assert user.profile.discipline == "miljoterapeut" and user.profile.supervisor_id is None
    plan = db.session.scalar(select(OnboardingPlan).where(OnboardingPlan.staff_id == user.profile.id))
    titles = {item.title for item in plan.items}
    assert {TALK_2, TALK_5} <= titles and not set(EXTENDED) & titles
    assert "Stillingsbeskrivelsen skrives sammen med leder" not in titles  # the EC's own


def test_the_vacancy_is_filled_when_all_its_positions_are(client, crew, hiring):
    vacancy = hiring.vacancy
    vacancies.update_vacancy(vacancy, vacancies.VacancyInput(
        title=vacancy.title, deadline=vacancy.deadline, ad_text=vacancy.ad_text, position_percentage=100,
        contract="permanent", positions=2), version=vacancy.version, actor=crew.leader)
    first, second = (move_to(c, "offer", crew.leader) for c in (hiring.first, hiring.second))
    client.login("leder")
    assert "This fills the vacancy" not in text_of(client.get(url(first)))
    assert client.form(url(first), hire_data(crew)).status_code == 200
    assert db.session.get(Vacancy, vacancy.id).status == "open"
    assert "This fills the vacancy" in text_of(client.get(url(second)))
    assert client.form(url(second), hire_data(crew, username="ola.soker")).status_code == 200
    vacancy = db.session.get(Vacancy, vacancy.id)
    assert vacancy.status == "filled" and vacancy.closed_at is not None


# --- refusals: the message, and nothing made ------------------------------------------------------------


def test_hiring_before_the_offer_stage_is_refused_and_makes_nothing(client, crew, hiring):
    candidate = move_to(hiring.first, "references", crew.leader)
    before = counts()
    client.login("leder")
    response = client.form(url(candidate), hire_data(crew))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "start_date") == "The candidate cannot go straight to that stage."
    assert value_of(html, "username") == "kari.kandidat"  # what was typed is kept
    assert counts() == before and db.session.get(Candidate, candidate.id).stage == "references"


def test_hiring_twice_is_refused(client, crew, offer):
    client.login("leder")
    assert client.form(url(offer), hire_data(crew)).status_code == 200
    before = counts()
    response = client.form(url(offer), hire_data(crew, username="kari.igjen"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "start_date") == "The candidate is already hired."
    assert counts() == before


def test_hiring_a_hired_candidate_of_an_open_vacancy_is_refused_too(client, crew, hiring):
    vacancy = hiring.vacancy
    vacancies.update_vacancy(vacancy, vacancies.VacancyInput(
        title=vacancy.title, deadline=vacancy.deadline, ad_text=vacancy.ad_text, position_percentage=100,
        contract="permanent", positions=2), version=vacancy.version, actor=crew.leader)
    candidate = move_to(hiring.first, "offer", crew.leader)
    client.login("hr")
    assert client.form(url(candidate), hire_data(crew)).status_code == 200
    before = counts()
    response = client.form(url(candidate), hire_data(crew, username="kari.igjen"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "start_date") == "The candidate is already hired."
    assert counts() == before


def test_a_taken_username_is_refused_next_to_the_field_and_nothing_is_made(client, crew, offer):
    before = counts()
    client.login("leder")
    response = client.form(url(offer), hire_data(crew, username="fag", email="ny@example.org"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "username") == "That username is taken."
    assert value_of(html, "email") == "ny@example.org"
    assert value_of(html, "start_date") == (today() + timedelta(days=14)).isoformat()
    assert "Nothing was saved" in html
    assert counts() == before
    candidate = db.session.get(Candidate, offer.id)
    assert candidate.stage == "offer" and candidate.hired_user_id is None
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recruitment.hire")).all()


@pytest.mark.parametrize("username, message", [
    ("Kari Nordmann", "Use lowercase letters, digits, dot, dash or underscore."),
    ("k", "Field must be between 2 and 64 characters long."),
])
def test_the_username_follows_the_new_account_rules(client, crew, offer, username, message):
    client.login("leder")
    response = client.form(url(offer), hire_data(crew, username=username))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "username") == message


def test_an_ec_needs_a_supervisor_and_a_start_date(client, crew, offer):
    before = counts()
    client.login("leder")
    response = client.form(url(offer), hire_data(crew, supervisor_id="", start_date=""))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "start_date") == "Give the start date."
    response = client.form(url(offer), hire_data(crew, supervisor_id=""))
    assert response.status_code == 422
    assert "extended supervision" in field_error(response.get_data(as_text=True), "supervisor_id")
    response = client.form(url(offer), hire_data(crew, supervisor_id=str(crew.pro.id)))  # not a supervisor
    assert field_error(response.get_data(as_text=True), "supervisor_id") == (
        "Choose a supervisor among the people listed.")
    far = (today() + timedelta(days=400)).isoformat()
    response = client.form(url(offer), hire_data(crew, start_date=far))
    assert field_error(response.get_data(as_text=True), "start_date") == (
        "A start date from a month ago to a year ahead.")
    assert counts() == before


def test_a_move_made_meanwhile_is_a_conflict_and_nothing_is_made(client, crew, offer, meanwhile):
    """HR moves the candidate back while the leader's hire is being written."""
    client.login("leder")
    client.csrf_token()
    before = counts()
    meanwhile(User, update(Candidate).where(Candidate.id == offer.id)
              .values(stage="references", version=Candidate.version + 1))
    response = client.form(url(offer), hire_data(crew))
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in text_of(response)
    assert counts() == before and db.session.get(Candidate, offer.id).stage == "references"
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recruitment.hire")).all()


# --- htmx -----------------------------------------------------------------------------------------


def test_with_htmx_errors_come_back_as_the_form_and_success_as_the_password_page(client, crew, offer):
    client.login("leder")
    response = client.htmx("POST", url(offer), hire_data(crew, username="fag"))
    assert response.status_code == 422 and "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<div id="hire-form">')
    assert field_error(html, "username") == "That username is taken."

    response = client.htmx("POST", url(offer), hire_data(crew))
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#hire-page" and response.headers["HX-Reswap"].startswith("outerHTML")
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="first-password"' in html


# --- who may hire -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username, status", [("annen", 404), ("ek", 403), ("admin", 403)])
def test_the_panel_another_leader_and_the_admin_cannot_hire(client, crew, offer, username, status):
    """Another team's leader is told the candidate does not exist; the panel's EC and the
    administrator, who hire nobody, are refused the page."""
    client.login(username)
    before = counts()
    assert client.get(url(offer)).status_code == status
    assert client.form(url(offer), hire_data(crew)).status_code == status
    assert counts() == before and db.session.get(Candidate, offer.id).stage == "offer"
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert len(denied) == 2 and all(row.actor_label == username for row in denied)
    if status == 404:
        assert {(row.object_type, row.object_id) for row in denied} == {("recruitment_candidates", str(offer.id))}
