"""Candidates: registering them, the pipeline board moved with htmx, refusals with a message,
rejection with a reason, comments, references, and the public applicant list."""

from datetime import timedelta

from hiring_helpers import add_candidate, move_to, text_of, today
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.recruitment import candidates, vacancies
from outreach.recruitment.models import Candidate, CandidateComment, ReferenceCheck


def candidate_form(**changes):
    data = {"full_name": "Siri Søker", "email": "siri@example.org", "phone": "41234567", "birth_year": "1994",
            "occupation": "Miljøarbeider", "municipality": "Bærum", "gender": "female",
            "received_on": today().isoformat(), "experience_codes": ["drugs"]}
    data.update(changes)
    return data


def test_a_registered_candidate_is_on_the_board_as_received(client, crew, hiring):
    client.login("leder")
    response = client.form(f"/recruitment/{hiring.vacancy.id}/candidates/new", candidate_form())
    assert response.status_code == 303
    board = client.get(f"/recruitment/{hiring.vacancy.id}").get_data(as_text=True)
    received = board[board.index('id="stage-received"'):board.index('id="stage-screened"')]
    assert "Siri Søker" in received


def test_a_candidate_without_a_name_or_with_an_odd_birth_year_is_refused_and_kept(client, crew, hiring):
    client.login("hr")
    before = db.session.scalar(select(func.count()).select_from(Candidate))
    response = client.form(f"/recruitment/{hiring.vacancy.id}/candidates/new", candidate_form(full_name=" "))
    assert response.status_code == 422 and "Write the candidate's name." in text_of(response)
    assert "siri@example.org" in response.get_data(as_text=True)
    response = client.form(f"/recruitment/{hiring.vacancy.id}/candidates/new", candidate_form(birth_year="1800"))
    assert response.status_code == 422 and "A year between" in text_of(response)
    response = client.form(f"/recruitment/{hiring.vacancy.id}/candidates/new",
                           candidate_form(received_on=(today() + timedelta(days=2)).isoformat()))
    assert response.status_code == 422 and "cannot be received in the future" in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == before


def test_candidates_cannot_be_registered_on_a_draft(client, crew):
    vacancy = vacancies.map_need(vacancies.NeedInput(team_id=crew.team.id, position_key="ec"), actor=crew.leader)
    client.login("leder")
    response = client.form(f"/recruitment/{vacancy.id}/candidates/new", candidate_form())
    assert response.status_code == 422
    assert "while the vacancy is open" in text_of(response)


def test_moving_on_the_board_with_htmx_swaps_the_board(client, crew, hiring):
    client.login("leder")
    candidate = hiring.first
    response = client.htmx("POST", f"/recruitment/candidates/{candidate.id}/move",
                           {"stage": "screened", "from": "board", "version": candidate.version})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="board"')
    screened = body[body.index('id="stage-screened"'):body.index('id="stage-first_interview"')]
    assert "Kari Kandidat" in screened
    assert db.session.get(Candidate, candidate.id).stage == "screened"


def test_a_jump_is_refused_on_the_board_with_the_reason_and_nothing_changes(client, crew, hiring):
    client.login("leder")
    candidate = hiring.first
    response = client.htmx("POST", f"/recruitment/candidates/{candidate.id}/move",
                           {"stage": "offer", "from": "board", "version": candidate.version})
    assert response.status_code == 422
    assert "The candidate cannot go straight to that stage." in text_of(response)
    assert db.session.get(Candidate, candidate.id).stage == "received"


def test_an_offer_needs_a_checked_reference(client, crew, hiring):
    candidate = move_to(hiring.first, "first_interview", crew.leader)
    candidates.move(candidate, "references", actor=crew.leader)
    client.login("leder")
    response = client.htmx("POST", f"/recruitment/candidates/{candidate.id}/move",
                           {"stage": "offer", "version": db.session.get(Candidate, candidate.id).version})
    assert response.status_code == 422 and "Check at least one reference before making an offer." in text_of(response)
    assert not client.get(f"/recruitment/candidates/{candidate.id}/references/new").status_code == 404
    client.form(f"/recruitment/candidates/{candidate.id}/references/new", {
        "referee_name": "Tidligere leder", "relation": "Leder i 3 år", "notes": "Stødig og varm.",
        "checked_on": today().isoformat(), "questions": "1. Hvordan?"})
    response = client.htmx("POST", f"/recruitment/candidates/{candidate.id}/move",
                           {"stage": "offer", "version": db.session.get(Candidate, candidate.id).version})
    assert response.status_code == 204  # htmx is sent to the page again
    assert db.session.get(Candidate, candidate.id).stage == "offer"


def test_two_leaders_moving_the_same_candidate_the_second_is_told(client, crew, hiring):
    client.login("leder")
    version = hiring.first.version
    client.form(f"/recruitment/candidates/{hiring.first.id}/move", {"stage": "screened", "version": version})
    response = client.htmx("POST", f"/recruitment/candidates/{hiring.first.id}/move",
                           {"stage": "screened", "from": "board", "version": version})
    assert response.status_code == 422
    assert "Someone else moved the candidate in the meantime." in text_of(response)


def test_rejecting_asks_for_the_reason_keeps_the_comment_and_can_be_undone(client, crew, hiring):
    candidate = move_to(hiring.second, "first_interview", crew.leader)
    client.login("leder")
    page = client.get(f"/recruitment/candidates/{candidate.id}/reject")
    assert "Reject Ola Søker?" in text_of(page)
    response = client.form(f"/recruitment/candidates/{candidate.id}/reject",
                           {"reason": "", "comment": "For lite erfaring", "version": candidate.version})
    assert response.status_code == 422 and "Choose why the candidate is rejected." in text_of(response)
    assert "For lite erfaring" in text_of(response)
    response = client.form(f"/recruitment/candidates/{candidate.id}/reject",
                           {"reason": "other_better", "comment": "For lite erfaring", "version": candidate.version})
    assert response.status_code == 303
    rejected = db.session.get(Candidate, candidate.id)
    assert (rejected.stage, rejected.rejected_reason, rejected.rejected_from) == (
        "rejected", "other_better", "first_interview")
    page = text_of(client.get(f"/recruitment/candidates/{candidate.id}"))
    assert "Other candidates were better suited" in page and "For lite erfaring" in page
    client.form(f"/recruitment/candidates/{candidate.id}/move", {"stage": "first_interview"})
    assert db.session.get(Candidate, candidate.id).stage == "first_interview"


def test_a_panel_member_comments_but_does_not_move(client, crew, hiring):
    client.login("ek")
    response = client.htmx("POST", f"/recruitment/candidates/{hiring.first.id}/comments",
                           {"comment-body": "Sterk på egen erfaring, god på grenser."})
    assert response.status_code == 200 and "Sterk på egen erfaring" in text_of(response)
    comment = db.session.scalar(select(CandidateComment))
    assert comment.stage == "received" and comment.author_id == crew.ec.id
    assert "Move to" not in text_of(client.get(f"/recruitment/candidates/{hiring.first.id}"))
    response = client.form(f"/recruitment/candidates/{hiring.first.id}/move", {"stage": "screened"})
    assert response.status_code == 403  # an EC's role never moves candidates
    assert db.session.get(Candidate, hiring.first.id).stage == "received"


def test_an_empty_comment_is_refused_next_to_the_field(client, crew, hiring):
    client.login("ek")
    response = client.htmx("POST", f"/recruitment/candidates/{hiring.first.id}/comments", {"comment-body": "  "})
    assert response.status_code == 422 and "Write a comment." in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(CandidateComment)) == 0


def test_a_reference_marked_checked_needs_its_notes(client, crew, hiring):
    client.login("hr")
    response = client.form(f"/recruitment/candidates/{hiring.first.id}/references/new", {
        "referee_name": "Tidligere kollega", "relation": "Kollega", "questions": "1. Samarbeid?", "notes": "",
        "checked_on": today().isoformat()})
    assert response.status_code == 422
    assert "Write what the reference said before marking it checked." in text_of(response)
    assert "Tidligere kollega" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ReferenceCheck)) == 0


def test_the_reference_form_offers_the_standard_questions_without_health(client, crew, hiring):
    client.login("hr")
    page = text_of(client.get(f"/recruitment/candidates/{hiring.first.id}/references/new"))
    assert "1. " in page and "helse" not in page.split("Never ask")[0].lower()


def test_the_public_list_has_only_what_may_be_published(client, crew, hiring):
    add_candidate(hiring.vacancy, "Hemmelig Person", gender="male", public_exempt=True, birth_year=1980,
                  occupation="Vekter", municipality="Asker")
    withdrew = add_candidate(hiring.vacancy, "Trakk Seg", gender="female")
    candidates.move(withdrew, "rejected", reason="withdrew", actor=crew.leader)
    client.login("hr")
    page = text_of(client.get(f"/recruitment/{hiring.vacancy.id}/applicants"))
    assert "Kari Kandidat" in page and "Miljøarbeider" in page and "Oslo" in page
    assert f"{today().year - 1985}" in page  # Ola Søker's age
    assert "Hemmelig Person" not in page and "Vekter" not in page and "Asker" not in page
    assert "Exempt from public disclosure (man)" in page
    assert "Trakk Seg" not in page
    assert "kandidat@example.org" not in page and "40000000" not in page
    assert "3 applicants" in page
    csv = client.get(f"/recruitment/{hiring.vacancy.id}/applicants.csv")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    body = csv.get_data(as_text=True)
    assert body.startswith("\ufeff") and "Kari Kandidat;" in body and "Hemmelig" not in body


def test_a_formula_in_a_name_is_not_run_by_the_spreadsheet(client, crew, hiring):
    add_candidate(hiring.vacancy, "=HYPERLINK(\"http://x\")")
    client.login("hr")
    body = client.get(f"/recruitment/{hiring.vacancy.id}/applicants.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body


def test_a_panel_member_cannot_export_the_list(client, crew, hiring):
    client.login("ek")
    assert client.get(f"/recruitment/{hiring.vacancy.id}/applicants").status_code == 403
    assert client.get(f"/recruitment/{hiring.vacancy.id}/applicants.csv").status_code == 403
