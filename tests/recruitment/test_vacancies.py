"""Needs mapping, vacancies, the hiring checklist, the status, the panel and the list."""

from datetime import timedelta

from hiring_helpers import add_candidate, counted_queries, open_vacancy, text_of, today
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.recruitment import vacancies
from outreach.recruitment.models import HiringNeed, Vacancy


def need_form(crew, **changes):
    data = {"team_id": crew.team.id, "position_key": "ec", "title": "", "area_id": "",
            "environment": "Sentrum om kvelden",
            "experience_codes": ["drugs", "child_welfare"], "responsibilities": "Oppsøkende arbeid og temakvelder.",
            "reason": "Teamet mangler erfaring fra barnevern.", "position_percentage": "80", "contract": "permanent",
            "deadline": (today() + timedelta(days=21)).isoformat(), "leader_id": ""}
    data.update(changes)
    return data


def test_a_mapped_need_becomes_a_draft_vacancy_whose_ad_starts_from_it(client, crew):
    client.login("leder")
    response = client.form("/recruitment/needs/new", need_form(crew))
    assert response.status_code == 303
    vacancy = db.session.scalar(select(Vacancy))
    page = text_of(client.get(response.location))
    assert vacancy.status == "draft" and vacancy.leader_id == crew.leader.id
    assert "Erfaringskonsulent, Unge voksne" in page
    assert "teamet Unge voksne, med arbeid særlig i Sentrum om kvelden" in page
    assert "egenerfaring fra barnevern og rusbruk" in page
    assert "Oppsøkende arbeid og temakvelder." in page and "fast stilling på 80 %" in page


def test_an_ec_vacancy_carries_the_checklist_and_warns_until_it_is_done(client, crew):
    client.login("leder")
    client.form("/recruitment/needs/new", need_form(crew))
    vacancy = db.session.scalar(select(Vacancy))
    total = len(vacancy.checklist)
    assert total >= 10
    page = text_of(client.get(f"/recruitment/{vacancy.id}"))
    assert f"{total} items of the checklist are not done yet" in page
    first = vacancy.checklist[0]
    fragment = client.htmx("POST", f"/recruitment/checklist/{first.id}", {"done": "1"})
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    assert f"{total - 1} items of the checklist are not done yet" in text_of(fragment)
    assert "done " + "" in text_of(fragment) and "Lise Leder" in text_of(fragment)


def test_a_professional_vacancy_has_no_ec_checklist(client, crew):
    client.login("leder")
    client.form("/recruitment/needs/new", need_form(crew, position_key="sosionom", experience_codes=[]))
    vacancy = db.session.scalar(select(Vacancy))
    assert vacancy.checklist == []
    assert "checklist" not in text_of(client.get(f"/recruitment/{vacancy.id}")).lower()


def test_a_need_for_another_leaders_team_is_refused_and_the_form_keeps_what_was_typed(client, crew):
    client.login("leder")
    response = client.form("/recruitment/needs/new", need_form(crew, team_id=crew.other_team.id,
                                                               responsibilities="Mitt utkast"))
    page = text_of(response)
    assert response.status_code == 422
    assert "Choose one of your teams." in page and "Mitt utkast" in page
    assert db.session.scalar(select(func.count()).select_from(HiringNeed)) == 0


def test_bad_numbers_and_a_past_deadline_are_refused_next_to_the_field(client, crew):
    client.login("leder")
    response = client.form("/recruitment/needs/new", need_form(crew, position_percentage="150"))
    assert response.status_code == 422 and "A percentage from 1 to 100." in text_of(response)
    yesterday = (today() - timedelta(days=1)).isoformat()
    response = client.form("/recruitment/needs/new", need_form(crew, deadline=yesterday))
    assert response.status_code == 422 and "The deadline cannot be in the past." in text_of(response)
    response = client.form("/recruitment/needs/new", need_form(crew, position_percentage="lots", team_id="x"))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Vacancy)) == 0


def test_an_ec_may_not_map_a_need(client, crew):
    client.login("ek")
    assert client.get("/recruitment/needs/new").status_code == 403


def test_opening_needs_a_deadline_and_the_refusal_says_so(client, crew):
    client.login("leder")
    client.form("/recruitment/needs/new", need_form(crew, deadline=""))
    vacancy = db.session.scalar(select(Vacancy))
    page = text_of(client.get(f"/recruitment/{vacancy.id}"))
    assert "Set an application deadline, today or later, before the vacancy is opened." in page
    response = client.htmx("POST", f"/recruitment/{vacancy.id}/status", {"status": "open", "version": vacancy.version})
    assert response.status_code == 422
    assert "Set an application deadline" in text_of(response)
    assert db.session.get(Vacancy, vacancy.id).status == "draft"


def test_the_status_moves_and_a_stale_form_gets_a_conflict(client, crew):
    vacancy = open_vacancy(crew)
    client.login("leder")
    stale = vacancy.version
    response = client.form(f"/recruitment/{vacancy.id}/status", {"status": "interviewing", "version": stale})
    assert response.status_code == 303
    assert db.session.get(Vacancy, vacancy.id).status == "interviewing"
    response = client.htmx("POST", f"/recruitment/{vacancy.id}/status", {"status": "cancelled", "version": stale})
    assert response.status_code == 409 and "Someone else changed the vacancy" in text_of(response)
    assert db.session.get(Vacancy, vacancy.id).status == "interviewing"


def test_filled_is_refused_until_someone_is_hired(client, crew):
    vacancy = open_vacancy(crew)
    client.login("hr")
    for status in ("interviewing", "offer"):
        client.form(f"/recruitment/{vacancy.id}/status", {"status": status, "version": db.session.get(
            Vacancy, vacancy.id).version})
    response = client.htmx("POST", f"/recruitment/{vacancy.id}/status",
                           {"status": "filled", "version": db.session.get(Vacancy, vacancy.id).version})
    assert response.status_code == 422
    assert "Nobody is hired yet" in text_of(response)


def test_the_panel_warns_when_an_ec_position_has_no_ec_on_it(client, crew):
    vacancy = open_vacancy(crew, panel=[crew.pro])
    client.login("leder")
    warning = "The panel has no experience consultant."
    assert warning in text_of(client.get(f"/recruitment/{vacancy.id}"))
    response = client.htmx("POST", f"/recruitment/{vacancy.id}/panel",
                           {"panel-panel": [crew.pro.id, crew.ec.id], "panel-version": vacancy.version})
    assert response.status_code == 200
    assert warning not in text_of(response) and "Eva Erfaring" in text_of(response)
    assert db.session.get(Vacancy, vacancy.id).panel_ids == {crew.pro.id, crew.ec.id}


def test_the_ad_text_edit_of_a_second_writer_is_a_conflict_that_keeps_their_text(client, crew):
    vacancy = open_vacancy(crew)
    client.login("leder")
    form = {"title": vacancy.title, "deadline": vacancy.deadline.isoformat(), "position_percentage": "100",
            "contract": "permanent", "positions": "1", "version": vacancy.version}
    assert client.form(f"/recruitment/{vacancy.id}/edit", {**form, "ad_text": "Første versjon"}).status_code == 303
    second = client.form(f"/recruitment/{vacancy.id}/edit", {**form, "ad_text": "Min andre tekst"})
    assert second.status_code == 409
    page = text_of(second)
    assert "Someone else saved this while you were editing." in page
    assert "Min andre tekst" in page and "Første versjon" in page
    assert db.session.get(Vacancy, vacancy.id).ad_text == "Første versjon"


def test_the_list_shows_only_the_users_own_hiring_with_search_status_and_pages(client, crew, app):
    for n in range(27):
        open_vacancy(crew, title=f"Stilling {n:02d}", position="sosionom")
    special = open_vacancy(crew, title="Erfaringskonsulent natt", panel=[crew.ec])
    client.login("hr")
    page = text_of(client.get("/recruitment/"))
    assert "Page 1 of 2" in page and "28 in all" in page
    found = text_of(client.htmx("GET", "/recruitment/?q=natt"))
    assert "Erfaringskonsulent natt" in found and "Stilling 01" not in found
    vacancies.set_status(special, "cancelled", version=special.version, actor=crew.hr)
    assert "Erfaringskonsulent natt" in text_of(client.get("/recruitment/?status=cancelled"))
    assert "Stilling 01" not in text_of(client.get("/recruitment/?status=cancelled"))
    client.login("ek")  # on one panel
    mine = text_of(client.get("/recruitment/"))
    assert "Erfaringskonsulent natt" in mine and "Stilling 01" not in mine
    client.login("ek2")  # on none
    assert "Nothing found." in text_of(client.get("/recruitment/"))


def test_the_list_runs_as_many_queries_for_twelve_vacancies_as_for_three(client, crew):
    def queries(n):
        for i in range(n):
            vacancy = open_vacancy(crew, title=f"V{n}-{i}", position="sosionom")
            add_candidate(vacancy)
        client.login("hr")
        with counted_queries() as statements:
            assert client.get("/recruitment/?q=V").status_code == 200
        return len(statements)

    assert queries(3) == queries(9)


def test_the_vacancy_page_runs_as_many_queries_for_ten_candidates_as_for_three(client, crew):
    def queries(n):
        vacancy = open_vacancy(crew, title=f"Side {n}", panel=[crew.ec, crew.pro])
        for i in range(n):
            add_candidate(vacancy, f"Kandidat {i}")
        client.login("leder")
        with counted_queries() as statements:
            assert client.get(f"/recruitment/{vacancy.id}").status_code == 200
        return len(statements)

    assert queries(3) == queries(10)
