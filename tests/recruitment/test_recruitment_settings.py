"""The recruitment settings: HR and the administrator keep the EC hiring checklist and the
onboarding template. Changes reach new vacancies and new hires, never existing ones."""

import re
from datetime import timedelta
from html import unescape

import pytest
from hiring_helpers import add_candidate, move_to, open_vacancy, text_of, today
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.recruitment import hiring, rules, vacancies
from outreach.recruitment.models import (
    ChecklistTemplateItem,
    OnboardingTemplateItem,
    Vacancy,
    VacancyCheckItem,
)
from outreach.recruitment.seed_texts import HIRING_CHECKLIST, ONBOARDING_ITEMS

PAGE = "/recruitment/settings"


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def checklist() -> list[ChecklistTemplateItem]:
    return list(db.session.scalars(
        select(ChecklistTemplateItem).order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)))


def vacancy_items(vacancy) -> list[str]:
    return list(db.session.scalars(select(VacancyCheckItem.text).where(VacancyCheckItem.vacancy_id == vacancy.id)
                                   .order_by(VacancyCheckItem.position)))


def template_item(title: str) -> OnboardingTemplateItem:
    return db.session.scalar(select(OnboardingTemplateItem).where(OnboardingTemplateItem.title == title))


def audit_rows() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recruitment.settings")
                                   .order_by(AuditEvent.id)))


# --- who ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["hr", "admin"])
def test_hr_and_the_admin_see_both_lists(client, crew, username):
    client.login(username)
    response = client.get(PAGE)
    assert response.status_code == 200
    text = text_of(response)
    assert all(item in text for item in HIRING_CHECKLIST)
    assert all(item["title"] in text for item in ONBOARDING_ITEMS)
    assert "An existing vacancy keeps the checklist it was created with" in text
    assert "A plan keeps the items it was made with" in text
    assert "14 days before the start" in text and "2 months after the start" in text and "On the first day" in text


@pytest.mark.parametrize("username", ["ek", "leder", "veileder"])
def test_others_are_refused(client, crew, username):
    item = checklist()[0]
    client.login(username)
    assert client.get(PAGE).status_code == 403
    assert client.form(f"{PAGE}/checklist", {"text": "Nytt punkt"}).status_code == 403
    assert client.form(f"{PAGE}/checklist/{item.id}/active", {"active": "0"}).status_code == 403
    assert client.get(f"{PAGE}/onboarding/{template_item('Fadder oppnevnt').id}/edit").status_code == 403
    assert len(checklist()) == len(HIRING_CHECKLIST) and checklist()[0].active
    assert audit_rows() == []


# --- the hiring checklist -----------------------------------------------------------------------


def test_adding_an_item_puts_it_last_and_audits_without_the_text(client, crew):
    client.login("hr")
    response = client.form(f"{PAGE}/checklist", {"text": "  Lønn   og stillingskode er avklart. "})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{PAGE}#checklist")
    items = checklist()
    assert items[-1].text == "Lønn og stillingskode er avklart." and items[-1].active
    assert "The item is added to the checklist." in text_of(client.get(PAGE))
    [row] = audit_rows()
    assert row.actor_id == crew.hr.id and f"item {items[-1].id} added" in row.summary and "Lønn" not in row.summary


def test_an_empty_item_is_refused_next_to_the_field(client, crew):
    client.login("hr")
    response = client.form(f"{PAGE}/checklist", {"text": "   "})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "text") == "Write the checklist item."
    response = client.htmx("POST", f"{PAGE}/checklist", {"text": "x" * 301})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="checklist"') and "<html" not in html
    assert field_error(html, "text") and 'value="' + "x" * 301 in html  # kept to correct
    assert len(checklist()) == len(HIRING_CHECKLIST) and audit_rows() == []


def test_with_htmx_a_change_answers_with_the_section(client, crew):
    client.login("admin")
    response = client.htmx("POST", f"{PAGE}/checklist", {"text": "Nytt punkt"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="checklist"') and "Nytt punkt" in html
    assert "The item is added to the checklist." in html


def test_editing_reordering_and_deactivating(client, crew):
    first, second, third = checklist()[:3]
    client.login("hr")
    page = client.get(f"{PAGE}/checklist/{second.id}/edit")
    assert page.status_code == 200 and second.text in page.get_data(as_text=True)
    seen = version_in(page.get_data(as_text=True))
    assert client.form(f"{PAGE}/checklist/{second.id}/edit", {"text": "Omskrevet punkt.",
                                                               "version": seen}).status_code == 303
    assert client.form(f"{PAGE}/checklist/{second.id}/edit", {"text": "", "version": seen}).status_code == 422

    response = client.htmx("POST", f"{PAGE}/checklist/{second.id}/move", {"direction": "up"})
    assert response.status_code == 200 and "The item is moved." in response.get_data(as_text=True)
    assert [i.id for i in checklist()[:3]] == [second.id, first.id, third.id]
    html = client.get(PAGE).get_data(as_text=True)
    top = re.search(rf'<li id="check-{second.id}">(.*?)</li>', html, re.S).group(1)
    assert "Move up" not in top and "Move down" in top  # already first
    last = checklist()[-1]
    assert client.form(f"{PAGE}/checklist/{last.id}/move", {"direction": "down"}).status_code == 303
    assert checklist()[-1].id == last.id
    assert client.form(f"{PAGE}/checklist/{second.id}/move", {"direction": "down"}).status_code == 303
    assert [i.id for i in checklist()[:3]] == [first.id, second.id, third.id]

    assert client.form(f"{PAGE}/checklist/{third.id}/active", {"active": "0"}).status_code == 303
    assert not db.session.get(ChecklistTemplateItem, third.id).active
    assert "deactivated: not in new vacancies" in text_of(client.get(PAGE))
    summaries = [r.summary for r in audit_rows()]
    assert summaries == [f"hiring checklist: item {second.id} reworded",
                         f"hiring checklist: item {second.id} moved up to place 1",
                         f"hiring checklist: item {second.id} moved down to place 2",
                         f"hiring checklist: item {third.id} deactivated"]


def test_a_change_reaches_new_ec_vacancies_but_not_existing_ones(client, crew):
    before = open_vacancy(crew, title="Erfaringskonsulent før endringen")
    assert vacancy_items(before) == HIRING_CHECKLIST
    first, second = checklist()[:2]
    client.login("hr")
    client.form(f"{PAGE}/checklist/{first.id}/edit", {"text": "Rammene er skrevet ned.", "version": first.version})
    client.form(f"{PAGE}/checklist/{second.id}/active", {"active": "0"})
    client.form(f"{PAGE}/checklist", {"text": "Lønn er avklart."})

    assert vacancy_items(db.session.get(Vacancy, before.id)) == HIRING_CHECKLIST
    after = open_vacancy(crew, title="Erfaringskonsulent etter endringen")
    assert vacancy_items(after) == ["Rammene er skrevet ned.", *HIRING_CHECKLIST[2:], "Lønn er avklart."]
    professional = open_vacancy(crew, position="miljoterapeut")
    assert vacancy_items(professional) == []  # the checklist is for EC positions

    client.form(f"{PAGE}/checklist/{second.id}/active", {"active": "1"})
    again = open_vacancy(crew, title="Erfaringskonsulent, igjen")
    assert HIRING_CHECKLIST[1] in vacancy_items(again)


# --- the onboarding template ---------------------------------------------------------------------


def onboarding_data(**fields) -> dict:
    data = {"title": "Hospitering hos Vaterland", "offset_months": "1", "offset_days": "3", "owner": "buddy",
            "role_types": ["ec", "peer"]}
    data.update(fields)
    return data


def test_an_item_for_ecs_reaches_a_new_ec_and_not_a_professional(client, crew, two_positions):
    applicants = two_positions
    ec_plan_before = hire(crew, applicants.first, "kari", start=today() + timedelta(days=5))
    client.login("hr")
    response = client.form(f"{PAGE}/onboarding", onboarding_data())
    assert response.status_code == 303
    item = template_item("Hospitering hos Vaterland")
    assert (item.offset_months, item.offset_days, item.owner, item.role_types) == (1, 3, "buddy", ["ec", "peer"])
    text = text_of(client.get(PAGE))
    assert "1 month and 3 days after the start" in text and "Experience consultant, Peer (likeperson)" in text

    start = today() + timedelta(days=6)
    ec_plan = hire(crew, applicants.second, "ola", start=start)
    [added] = [i for i in ec_plan.items if i.title == "Hospitering hos Vaterland"]
    assert added.due_date == rules.onboarding_due(start, 1, 3) and added.owner == "buddy"
    assert "Hospitering hos Vaterland" not in {i.title for i in ec_plan_before.items}  # made before
    vacancy = open_vacancy(crew, position="miljoterapeut")
    professional = hire(crew, add_candidate(vacancy, "Per Profesjonell"), "per", start=start)
    assert "Hospitering hos Vaterland" not in {i.title for i in professional.items}
    [row] = audit_rows()
    assert row.summary == (f"onboarding template: item {item.id} added "
                           "(1 months +3 days, owner buddy, for ec,peer)")


@pytest.fixture
def two_positions(crew, hiring):
    """The EC vacancy has two positions: both its candidates can be hired."""
    vacancy = hiring.vacancy
    vacancies.update_vacancy(vacancy, vacancies.VacancyInput(
        title=vacancy.title, deadline=vacancy.deadline, ad_text=vacancy.ad_text, position_percentage=100,
        contract="permanent", positions=2), version=vacancy.version, actor=crew.leader)
    return hiring


def hire(crew, candidate, username, *, start):
    move_to(candidate, "offer", crew.leader)
    _user, _password, plan = hiring.hire(candidate, hiring.HireInput(
        username=username, start_date=start, team_id=crew.team.id,
        supervisor_id=crew.supervisor.id if candidate.vacancy.is_ec else None), actor=crew.leader)
    return plan


def test_editing_and_deactivating_an_onboarding_item_leaves_existing_plans(client, crew, two_positions):
    applicants = two_positions
    start = today() + timedelta(days=5)
    before = hire(crew, applicants.first, "kari", start=start)
    talk = template_item("Nyansattsamtale med leder etter to måneder")
    welcome = template_item("Velkomst og omvisning")
    client.login("admin")
    page = client.get(f"{PAGE}/onboarding/{talk.id}/edit")
    assert page.status_code == 200 and 'value="2"' in page.get_data(as_text=True)
    response = client.form(f"{PAGE}/onboarding/{talk.id}/edit", onboarding_data(
        title="Nyansattsamtale etter seks uker", offset_months="1", offset_days="14", owner="leader", role_types=[],
        version=version_in(page.get_data(as_text=True))))
    assert response.status_code == 303
    assert client.form(f"{PAGE}/onboarding/{welcome.id}/active", {"active": "0"}).status_code == 303
    assert "Deactivated" in text_of(client.get(PAGE))

    after = hire(crew, applicants.second, "ola", start=start)
    titles = {i.title: i.due_date for i in after.items}
    assert titles["Nyansattsamtale etter seks uker"] == rules.onboarding_due(start, 1, 14)
    assert "Velkomst og omvisning" not in titles and "Nyansattsamtale med leder etter to måneder" not in titles
    kept = {i.title for i in db.session.get(type(before), before.id).items}
    assert {"Velkomst og omvisning", "Nyansattsamtale med leder etter to måneder"} <= kept
    assert len(hiring.template_items("ec")) == len([i for i in ONBOARDING_ITEMS if not i["role_types"]
                                                    or "ec" in i["role_types"]]) - 1
    summaries = [r.summary for r in audit_rows()]
    assert summaries == [f"onboarding template: item {talk.id} changed (1 months +14 days, owner leader, for everyone)",
                         f"onboarding template: item {welcome.id} deactivated"]


@pytest.mark.parametrize("fields, field_id, message", [
    ({"title": ""}, "title", "Write what is to be done."),
    ({"offset_months": "30"}, "offset_months", "From 0 to 24 months."),
    ({"offset_days": "-100"}, "offset_days", "From -90 to 365 days."),
    ({"offset_days": ""}, "offset_days", "Give a number of days (0 for none)."),
    ({"owner": "boss"}, "owner", "Not a valid choice."),
    ({"role_types": ["ec", "pilot"]}, "role_types", "'pilot' is not a valid choice for this field."),
])
def test_an_onboarding_item_is_checked(client, crew, fields, field_id, message):
    client.login("hr")
    response = client.form(f"{PAGE}/onboarding", onboarding_data(**fields))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, field_id) == message
    assert template_item("Hospitering hos Vaterland") is None and audit_rows() == []
    response = client.htmx("POST", f"{PAGE}/onboarding", onboarding_data(**fields))
    assert response.status_code == 422
    assert response.get_data(as_text=True).lstrip().startswith('<section id="onboarding"')


# --- two people editing one item --------------------------------------------------------------------


def version_in(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def test_a_second_save_of_a_checklist_item_is_refused_and_keeps_what_was_typed(client, crew, make_app):
    item = checklist()[1]
    client.login("hr")
    seen = version_in(client.get(f"{PAGE}/checklist/{item.id}/edit").get_data(as_text=True))
    admin = make_app().test_client()
    admin.login("admin")
    assert admin.form(f"{PAGE}/checklist/{item.id}/edit", {"text": "Adminens ordlyd.",
                                                             "version": seen}).status_code == 303
    response = client.htmx("POST", f"{PAGE}/checklist/{item.id}/edit", {"text": "HRs ordlyd.", "version": seen})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in html
    assert 'value="Adminens ordlyd."' in html and "HRs ordlyd." in html  # the saved text, and hers beside it
    db.session.expire_all()
    assert db.session.get(ChecklistTemplateItem, item.id).text == "Adminens ordlyd."
    # Saving again from the form as it now stands (the new version) goes through.
    assert client.form(f"{PAGE}/checklist/{item.id}/edit", {"text": "HRs ordlyd.",
                                                              "version": version_in(html)}).status_code == 303
    db.session.expire_all()
    assert db.session.get(ChecklistTemplateItem, item.id).text == "HRs ordlyd."


def test_a_second_save_of_an_onboarding_item_is_refused(client, crew, make_app):
    talk = template_item("Nyansattsamtale med leder etter to måneder")
    client.login("hr")
    seen = version_in(client.get(f"{PAGE}/onboarding/{talk.id}/edit").get_data(as_text=True))
    admin = make_app().test_client()
    admin.login("admin")
    assert admin.form(f"{PAGE}/onboarding/{talk.id}/edit", onboarding_data(
        title="Samtale etter seks uker", version=seen)).status_code == 303
    response = client.form(f"{PAGE}/onboarding/{talk.id}/edit", onboarding_data(
        title="Samtale etter åtte uker", offset_days="0", version=seen))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 409 and "Samtale etter åtte uker" in html
    assert 'value="Samtale etter seks uker"' in html
    db.session.expire_all()
    saved = db.session.get(OnboardingTemplateItem, talk.id)
    assert (saved.title, saved.offset_days) == ("Samtale etter seks uker", 3)
