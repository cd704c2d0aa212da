"""Interviews: planning one with a guide version and a panel, the EC-panel warning, each panel
member's own ratings (no peeking before submitting, on no page and in no fragment), the
consolidated view with its spread and flags, the printed sheet, access and the audit log."""

import re
from datetime import timedelta
from html import unescape

import pytest
from hiring_helpers import guide, plan_interview, today
from page_helpers import counted_queries
from sqlalchemy import func, select

from outreach.audit.models import AuditEvent
from outreach.core.forms import FieldError
from outreach.extensions import db
from outreach.recruitment import interviews
from outreach.recruitment.models import Interview, InterviewAnswer, Panelist

SECRET = "Eva's private impression"


def audit(action, **where):
    query = select(AuditEvent).where(AuditEvent.action == action)
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def textarea(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {field_id}"
    return unescape(match.group(1)).strip()


def questions(interview):
    return interview.guide_version.questions


def rate(interview, user, ratings: dict, *, recommendation=None, notes="", submit=True):
    """A panel member's ratings through the service: {question index: (rating, notes)}."""
    qs = questions(interview)
    interviews.save_ratings(interview, user, {
        qs[i].id: interviews.AnswerInput(rating=r, notes=n) for i, (r, n) in ratings.items()},
        recommendation=recommendation, notes=notes, submit=submit, actor=user)


def rating_data(interview, ratings: dict, *, recommendation="", notes="", action="save", extra=None):
    """The rating form as a browser posts it: every question, the given ones filled in."""
    qs = questions(interview)
    data = {"question": [str(q.id) for q in qs], "recommendation": recommendation, "notes": notes,
            "action": action}
    for q in qs:
        data[f"q{q.id}-rating"], data[f"q{q.id}-notes"] = "", ""
    for i, (r, n) in ratings.items():
        data[f"q{qs[i].id}-rating"], data[f"q{qs[i].id}-notes"] = str(r), n
    data.update(extra or {})
    return data


def saved_answers(interview, user):
    return db.session.scalars(select(InterviewAnswer).where(
        InterviewAnswer.interview_id == interview.id, InterviewAnswer.user_id == user.id)).all()


def panelist(interview, user) -> Panelist:
    db.session.expire_all()
    return db.session.get(Panelist, (interview.id, user.id))


@pytest.fixture
def interview(crew, hiring):
    """The first candidate's first interview (EC guide), with the EC and the professional on the panel."""
    return plan_interview(hiring.first, [crew.ec, crew.pro])


def plan_data(version_id, panel, **fields):
    return {"guide_version_id": str(version_id), "day": (today() + timedelta(days=5)).isoformat(), "start": "09:30",
            "duration_minutes": "90", "place": "Møterom 1", "panel_ids": [str(u.id) for u in panel], **fields}


# --- planning -------------------------------------------------------------------------------


def test_the_leader_plans_an_interview_with_the_guides_for_the_position_first(client, crew, hiring):
    client.login("leder")
    url = f"/recruitment/candidates/{hiring.first.id}/interviews/new"
    page = client.get(url).get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="guide_version_id".*?</select>', page, re.S).group(0)
    offered = re.findall(r'value="(\d+)"', select_html)
    ec_guides = {str(guide("ec_first").published.id), str(guide("ec_second").published.id)}
    assert set(offered[:2]) == ec_guides and len(offered) == 4
    # People already in the hiring come first.
    assert page.index("Eva Erfaring, experience consultant (in this hiring)") < page.index("Anne Annen")

    response = client.form(url, plan_data(guide("ec_second").published.id, [crew.ec, crew.pro]))
    assert response.status_code == 303
    interview = db.session.scalar(select(Interview))
    assert response.headers["Location"].endswith(f"/recruitment/interviews/{interview.id}")
    assert interview.guide_version_id == guide("ec_second").published.id
    assert interview.panel_ids == {crew.ec.id, crew.pro.id} and interview.duration_minutes == 90
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The interview is planned." in page and "no experience consultant" not in page
    assert "Kari Kandidat" in page and "Møterom 1" in page and "09:30" in page


def test_an_ec_position_warns_but_does_not_refuse_a_panel_without_an_ec(client, crew, hiring):
    client.login("leder")
    response = client.form(f"/recruitment/candidates/{hiring.first.id}/interviews/new",
                           plan_data(guide("ec_first").published.id, [crew.pro, crew.leader]))
    assert response.status_code == 303
    interview = db.session.scalar(select(Interview))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    warning = "Warning: the panel has no experience consultant."
    assert page.count(warning) == 2  # the message after saving, and the page's own
    assert warning in client.get(f"/recruitment/interviews/{interview.id}").get_data(as_text=True)
    assert warning in client.get(f"/recruitment/interviews/{interview.id}/edit").get_data(as_text=True)
    # With an EC on the panel, no warning.
    response = client.form(f"/recruitment/interviews/{interview.id}/edit", plan_data(
        interview.guide_version_id, [crew.pro, crew.ec], version=str(interview.version)))
    assert response.status_code == 303
    assert warning not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_no_warning_for_a_professional_position(client, crew):
    from hiring_helpers import add_candidate, open_vacancy

    vacancy = open_vacancy(crew, position="miljoterapeut", panel=[crew.pro])
    candidate = add_candidate(vacancy, "Mona Miljø")
    client.login("leder")
    page = client.get(f"/recruitment/candidates/{candidate.id}/interviews/new").get_data(as_text=True)
    first = re.search(r'<select[^>]*id="guide_version_id".*?<option[^>]*value="(\d+)"', page, re.S).group(1)
    assert first == str(guide("professional_first").published.id)
    response = client.form(f"/recruitment/candidates/{candidate.id}/interviews/new",
                           plan_data(first, [crew.pro]))
    assert "no experience consultant" not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_planning_errors_keep_what_was_typed(client, crew, hiring):
    client.login("leder")
    url = f"/recruitment/candidates/{hiring.first.id}/interviews/new"
    draft_guide = guide("ec_first")
    response = client.htmx("POST", url, plan_data(draft_guide.published.id, [], place="Kontoret i Storgata"))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert field_error(body, "panel_ids") == "Choose at least one panel member."
    assert 'value="Kontoret i Storgata"' in body and "<html" not in body
    assert db.session.scalar(select(func.count()).select_from(Interview)) == 0


def test_changing_an_interview_someone_else_changed_is_a_conflict(client, crew, interview):
    client.login("leder")
    stale = str(interview.version)
    interviews.update_interview(interview, interviews.InterviewInput(
        guide_version_id=interview.guide_version_id, day=today() + timedelta(days=9), start=interview.starts_at.time(),
        duration_minutes=45, place="Annet rom", panel_ids=[crew.ec.id, crew.pro.id]), version=stale, actor=crew.hr)
    response = client.form(f"/recruitment/interviews/{interview.id}/edit", plan_data(
        interview.guide_version_id, [crew.ec], place="Mitt rom", version=stale))
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Someone else saved this" in body and 'value="Annet rom"' in body
    db.session.expire_all()
    assert interview.place == "Annet rom" and interview.panel_ids == {crew.ec.id, crew.pro.id}


# --- independent ratings ----------------------------------------------------------------------


def test_a_panel_member_sees_nobody_elses_ratings_before_submitting(client, crew, interview):
    rate(interview, crew.ec, {0: (2, SECRET), 1: (5, "Sterk på egne erfaringer")},
         recommendation="strong_yes", notes="EVA-OVERALL", submit=True)
    client.login("fag")
    url = f"/recruitment/interviews/{interview.id}"
    page = client.get(url).get_data(as_text=True)
    assert "My ratings" in page and "Submit my ratings" in page
    # Eva's name is on the panel list (submitted), but none of what she wrote or chose.
    assert "Eva Erfaring" in page and "(submitted)" in page
    for leaked in (SECRET, "Sterk på egne erfaringer", "EVA-OVERALL", "Strong yes</td>", "The panel&#39;s ratings<"):
        assert leaked not in page
    # Nor through an htmx request for the page, or for the rating block.
    assert SECRET not in client.htmx("GET", url).get_data(as_text=True)
    saved = client.htmx("POST", f"{url}/ratings", rating_data(interview, {0: (3, "Per sitt notat")}))
    assert saved.status_code == 200
    assert SECRET not in saved.get_data(as_text=True) and "EVA-OVERALL" not in saved.get_data(as_text=True)
    # Nor on the consolidated page (404, and the refusal is logged) or the sheet.
    denied = len(audit("access.denied", actor_id=crew.pro.id))
    assert client.get(f"{url}/consolidated").status_code == 404
    assert client.htmx("GET", f"{url}/consolidated").status_code == 404
    assert len(audit("access.denied", actor_id=crew.pro.id)) == denied + 2
    sheet = client.get(f"{url}/sheet").get_data(as_text=True)
    assert SECRET not in sheet and "Per sitt notat" not in sheet

    # After submitting, Per sees Eva's ratings and notes, on the page and the consolidated page.
    response = client.form(f"{url}/ratings", rating_data(interview, {0: (3, "Per sitt notat")}, recommendation="yes",
                                                        action="confirm"))
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert SECRET in unescape(page) and "EVA-OVERALL" in page and "Per sitt notat" in page
    assert "Submit my ratings" not in page
    assert SECRET in unescape(client.get(f"{url}/consolidated").get_data(as_text=True))
    # The sheet never carries ratings, not even now.
    assert SECRET not in unescape(client.get(f"{url}/sheet").get_data(as_text=True))


def test_submitted_ratings_are_frozen(client, crew, interview, nb):
    client.login("ek")
    url = f"/recruitment/interviews/{interview.id}"
    response = client.form(f"{url}/ratings", rating_data(interview, {0: (4, "Først")}, recommendation="yes",
                                                        action="confirm"))
    assert response.status_code == 303
    response = client.form(f"{url}/ratings", rating_data(interview, {0: (1, "Endret etterpå")}, recommendation="no",
                                                        action="confirm"))
    assert response.status_code == 303
    assert "can no longer be changed" in client.get(response.headers["Location"]).get_data(as_text=True)
    [answer] = saved_answers(interview, crew.ec)
    assert (answer.rating, answer.notes) == (4, "Først")
    assert panelist(interview, crew.ec).recommendation == "yes"
    with pytest.raises(FieldError) as refused:  # outside a request the service speaks Norwegian
        rate(interview, crew.ec, {0: (2, "Via tjenesten")}, recommendation="no")
    assert refused.value.message == nb("You have submitted your ratings: they can no longer be changed.")


def test_submitting_asks_first_and_saves_nothing_until_confirmed(client, crew, interview):
    client.login("ek")
    url = f"/recruitment/interviews/{interview.id}/ratings"
    response = client.htmx("POST", url, rating_data(interview, {0: (4, "Godt svar")}, recommendation="yes",
                                                   action="submit"))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Submit your ratings now?" in body and "Yes, submit my ratings" in body
    assert textarea(body, f"q{questions(interview)[0].id}-notes") == "Godt svar"
    assert saved_answers(interview, crew.ec) == [] and panelist(interview, crew.ec).submitted_at is None
    response = client.htmx("POST", url, rating_data(interview, {0: (4, "Godt svar")}, recommendation="yes",
                                                   action="confirm"))
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith(f"/interviews/{interview.id}")
    assert panelist(interview, crew.ec).submitted_at is not None


def test_a_draft_is_saved_and_shown_again_only_to_its_writer(client, crew, interview):
    client.login("ek")
    url = f"/recruitment/interviews/{interview.id}"
    response = client.form(f"{url}/ratings", rating_data(interview, {1: (3, "Utkast til notat")},
                                                        recommendation="no"))
    assert response.status_code == 303 and response.headers["Location"].endswith("#rating")
    page = client.get(url).get_data(as_text=True)
    q = questions(interview)[1]
    assert textarea(page, f"q{q.id}-notes") == "Utkast til notat"
    assert re.search(rf'id="q{q.id}-rating-3"[^>]*checked', page)
    assert panelist(interview, crew.ec).submitted_at is None
    client.login("hr")
    assert "Utkast til notat" not in client.get(url).get_data(as_text=True)  # HR sees submitted ratings only


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["rating 7", "another guide's question", "no recommendation"])
def test_invalid_ratings_are_refused_with_the_message_and_what_was_typed(client, crew, interview, case):
    qs = questions(interview)
    client.login("ek")
    if case == "rating 7":
        data = rating_data(interview, {0: (7, "Skrev sju"), 1: (4, "Et godt svar")}, recommendation="yes")
        field, message = f"q{qs[0].id}", "A rating from 1 to 5."
    elif case == "another guide's question":
        other = guide("ec_second").published.questions[0]
        data = rating_data(interview, {1: (4, "Et godt svar")}, recommendation="yes",
                           extra={"question": [str(q.id) for q in qs] + [str(other.id)], f"q{other.id}-rating": "3"})
        field, message = "recommendation", "The form does not match the interview's guide. Reload the page."
    else:
        data = rating_data(interview, {1: (4, "Et godt svar")}, notes="Samlet inntrykk", action="confirm")
        field, message = "recommendation", "Give your overall recommendation before you submit."
    for send in (lambda: client.form(f"/recruitment/interviews/{interview.id}/ratings", data),
                 lambda: client.htmx("POST", f"/recruitment/interviews/{interview.id}/ratings", data)):
        response = send()
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        assert field_error(body, field) == message
        assert 'aria-invalid="true"' in body and f'aria-describedby="{field}-error"' in body
        assert textarea(body, f"q{qs[1].id}-notes") == "Et godt svar"
        assert "Nothing was saved" in body
    assert saved_answers(interview, crew.ec) == []
    assert panelist(interview, crew.ec).submitted_at is None and panelist(interview, crew.ec).recommendation is None


# --- the consolidated view --------------------------------------------------------------------


def test_the_consolidated_view_shows_the_spread_and_flags_disagreement(client, crew, interview):
    rate(interview, crew.ec, {0: (2, "Nølende"), 1: (4, "Tydelig")}, recommendation="yes")
    rate(interview, crew.pro, {0: (5, "Svært god"), 1: (4, "Tydelig her også")}, recommendation="no")
    client.login("hr")
    page = client.get(f"/recruitment/interviews/{interview.id}/consolidated").get_data(as_text=True)
    qs = questions(interview)
    first = re.search(rf'id="spread-{qs[0].id}".*?</article>', page, re.S).group(0)
    second = re.search(rf'id="spread-{qs[1].id}".*?</article>', page, re.S).group(0)
    assert "2–5 (mean 3.5)" in first and "Large disagreement: talk it through" in first
    assert "All 4 (mean 4.0)" in second and "Large disagreement" not in second
    assert "Large disagreement on 1 question: talk it through." in page
    assert "The panel is split: some say yes and some say no." in page
    recommendations = re.search(r'id="recommendations".*?</table>', page, re.S).group(0)
    assert "Eva Erfaring" in recommendations and "Yes" in recommendations and "No" in recommendations
    assert "Not submitted yet" not in page


def test_the_consolidated_view_names_who_has_not_submitted(client, crew, interview):
    rate(interview, crew.ec, {0: (3, "")}, recommendation="yes")
    client.login("leder")
    page = client.get(f"/recruitment/interviews/{interview.id}").get_data(as_text=True)
    assert re.search(r'id="waiting">Not submitted yet: Per Fagansatt</p>', page)
    assert "The panel is split" not in page and "Large disagreement" not in page


def test_reading_the_ratings_is_logged_and_lived_experience_notes_as_such(client, crew, interview):
    qs = questions(interview)
    assert not qs[0].lived_experience and qs[1].lived_experience
    rate(interview, crew.ec, {0: (3, "Om motivasjon")}, recommendation="yes")
    client.login("hr")
    client.get(f"/recruitment/interviews/{interview.id}/consolidated")
    reads = audit("recruitment.candidate_read", actor_id=crew.hr.id)
    assert [r.summary for r in reads] == [f"candidate {interview.candidate_id}: interview {interview.id} ratings"]
    assert reads[0].object_id == str(interview.candidate_id)
    assert audit("recruitment.experience_read", actor_id=crew.hr.id) == []
    rate(interview, crew.pro, {1: (4, "Om egen erfaring")}, recommendation="yes")
    client.get(f"/recruitment/interviews/{interview.id}")
    assert len(audit("recruitment.experience_read", actor_id=crew.hr.id)) == 1
    assert len(audit("recruitment.candidate_read", actor_id=crew.hr.id)) == 2


def test_the_sheet_logs_a_read_of_the_candidate(client, crew, interview):
    client.login("ek")
    page = client.get(f"/recruitment/interviews/{interview.id}/sheet").get_data(as_text=True)
    assert "Kari Kandidat" in page and "data-print" in page
    assert all(unescape(q.text) in unescape(page) for q in questions(interview))
    [read] = audit("recruitment.candidate_read", actor_id=crew.ec.id)
    assert read.summary.endswith("interview sheet") and "Kari" not in read.summary


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["annen", "ek2", "admin"])
def test_outsiders_get_404_on_every_interview_page_and_each_refusal_is_logged(client, crew, interview, username):
    rate(interview, crew.ec, {0: (2, SECRET)}, recommendation="yes")
    client.login(username)
    user = {"annen": crew.other_leader, "ek2": crew.other_ec, "admin": crew.admin}[username]
    base = f"/recruitment/interviews/{interview.id}"
    for url in (base, f"{base}/consolidated", f"{base}/sheet"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.get_data(as_text=True)
    assert client.form(f"{base}/ratings", rating_data(interview, {0: (1, "x")})).status_code == 404
    assert len(audit("access.denied", actor_id=user.id)) == 4
    assert audit("recruitment.candidate_read", actor_id=user.id) == []


def test_only_those_who_run_the_hiring_plan_and_change_interviews(client, crew, hiring, interview):
    client.login("ek")  # on the panel, but does not run the hiring
    assert client.get(f"/recruitment/candidates/{hiring.first.id}/interviews/new").status_code == 403
    assert client.get(f"/recruitment/interviews/{interview.id}/edit").status_code == 403
    client.login("annen")  # a leader, of another team
    assert client.get(f"/recruitment/candidates/{hiring.first.id}/interviews/new").status_code == 404
    assert client.get(f"/recruitment/interviews/{interview.id}/edit").status_code == 404
    assert len(audit("access.denied", actor_id=crew.other_leader.id)) == 2


# --- query counts -------------------------------------------------------------------------------


def test_the_interview_page_runs_as_many_queries_for_eight_panel_members_as_for_three(client, crew, hiring,
                                                                                       make_user):
    others = [make_user(f"panel{n}", roles=["professional"], teams=[crew.team], full_name=f"Panel {n}")
              for n in range(5)]

    def page_queries(candidate, panel):
        interview = plan_interview(candidate, panel)
        for n, user in enumerate(panel):
            rate(interview, user, {0: (1 + n % 5, f"Notat {n}"), 1: (3, "Egen erfaring")}, recommendation="yes")
        counts = []
        for username in ("hr", "ek"):
            client.login(username)
            client.get(f"/recruitment/interviews/{interview.id}")
            with counted_queries() as statements:
                assert client.get(f"/recruitment/interviews/{interview.id}").status_code == 200
            counts.append(len(statements))
        return counts

    three = page_queries(hiring.first, [crew.ec, crew.pro, crew.leader])
    eight = page_queries(hiring.second, [crew.ec, crew.pro, crew.leader, *others])
    assert eight == three
