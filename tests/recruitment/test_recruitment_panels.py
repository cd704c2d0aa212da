"""Min side: onboarding items due soon, interviews to rate, and for HR and leaders their open
vacancies. Each panel reads a fixed number of times however much it shows."""

import re
from datetime import timedelta
from html import unescape

import pytest
from hiring_helpers import add_candidate, counted_queries, move_to, open_vacancy, plan_interview, today
from sqlalchemy import select

from outreach.auth.passwords import hash_password
from outreach.extensions import db
from outreach.recruitment import hiring, interviews, vacancies
from outreach.recruitment.models import OnboardingItem

PASSWORD = "correct horse battery"


def part(html: str, element_id: str) -> str:
    match = re.search(rf'<(ul|div)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    return unescape(re.sub(r"\s+", " ", match.group(2))) if match else ""


def positions(vacancy, crew, n: int) -> None:
    vacancies.update_vacancy(vacancy, vacancies.VacancyInput(
        title=vacancy.title, deadline=vacancy.deadline, ad_text=vacancy.ad_text, position_percentage=100,
        contract="permanent", positions=n), version=vacancy.version, actor=crew.leader)


def hire(crew, candidate, username, start):
    move_to(candidate, "offer", crew.leader)
    user, _password, plan = hiring.hire(candidate, hiring.HireInput(
        username=username, start_date=start, team_id=crew.team.id, supervisor_id=crew.supervisor.id),
        actor=crew.leader)
    user.password_hash, user.must_change_password, user.locale = hash_password(PASSWORD), False, "en"
    db.session.commit()
    return plan


def home(client, username: str) -> str:
    client.login(username)
    response = client.min_side()
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- onboarding -----------------------------------------------------------------------------------


@pytest.fixture
def plan(crew, hiring):
    """Kari started ten days ago: the first week's items are overdue, the EC's first
    supervision is due in four days, the talk after two months is weeks away."""
    return hire(crew, hiring.first, "kari", today() - timedelta(days=10))


def titled(plan, title) -> OnboardingItem:
    return next(item for item in plan.items if item.title == title)


def test_the_new_colleague_and_the_leader_see_what_is_due(client, crew, plan):
    welcome = titled(plan, "Velkomst og omvisning")
    hiring.set_done(titled(plan, "Fadder oppnevnt"), True, actor=crew.leader)
    for username in ("kari", "leder"):
        shown = part(home(client, username), "onboarding-due")
        assert "Velkomst og omvisning" in shown and "Overdue: was due" in shown
        assert "Utvidet veiledningstilbud – første veiledningstime" in shown and "Due " in shown
        assert "Fadder oppnevnt" not in shown  # done
        assert "Nyansattsamtale med leder etter to måneder" not in shown  # not within two weeks
        assert ("your plan" in shown) == (username == "kari") and ("Kari Kandidat" in shown) == (username != "kari")
    html = home(client, "kari")
    assert f'href="/recruitment/onboarding/{plan.id}#item-{welcome.id}"' in html


@pytest.mark.parametrize("username", ["annen", "hr", "ek", "admin"])
def test_nobody_else_has_the_onboarding_panel(client, crew, plan, username):
    assert 'id="onboarding-due"' not in home(client, username)


def test_when_all_is_done_the_panel_goes(client, crew, plan):
    for item in plan.items:
        if item.due_date <= today() + timedelta(days=14):
            hiring.set_done(item, True, actor=crew.leader)
    assert 'id="onboarding-due"' not in home(client, "kari")


# --- interviews to rate ---------------------------------------------------------------------------


def test_a_panel_member_sees_the_interviews_to_rate_until_submitting(client, crew, hiring):
    move_to(hiring.first, "first_interview", crew.leader)
    interview = plan_interview(hiring.first, [crew.ec, crew.pro])
    html = home(client, "ek")
    shown = part(html, "to-rate")
    assert f'href="/recruitment/interviews/{interview.id}"' in html
    assert hiring.vacancy.title in shown and "Møterom 2" in shown
    assert "Kari Kandidat" not in html  # no candidate is named on Min side
    assert 'id="interviews-to-rate"' not in home(client, "ek2")  # not on this panel

    answers = {q.id: interviews.AnswerInput(rating=4) for q in interview.guide_version.questions}
    interviews.save_ratings(interview, crew.ec, answers, recommendation="yes", notes="", submit=True, actor=crew.ec)
    assert 'id="interviews-to-rate"' not in home(client, "ek")
    assert f'href="/recruitment/interviews/{interview.id}"' in home(client, "fag")  # still to rate


# --- open vacancies -------------------------------------------------------------------------------


def test_hr_and_the_leader_see_their_open_vacancies_with_counts_and_deadline(client, crew, hiring):
    move_to(hiring.first, "screened", crew.leader)
    add_candidate(hiring.vacancy, "Tredje Søker")
    closed = open_vacancy(crew, position="miljoterapeut", title="Miljøterapeut, fylt")
    hire(crew, add_candidate(closed, "Per Profesjonell"), "per", today())
    for username in ("hr", "leder"):
        shown = part(home(client, username), "open-vacancies")
        assert hiring.vacancy.title in shown and "Open for applications" in shown
        assert "3 candidates (3 in the running)" in shown and "deadline" in shown
        assert "Miljøterapeut, fylt" not in shown  # filled
        assert 'href="/recruitment/"' in shown
    assert 'id="open-vacancies"' not in home(client, "annen")  # no vacancy of theirs
    assert 'id="open-vacancies"' not in home(client, "ek")  # on the panel, but not HR or a leader


def test_at_most_five_vacancies_the_newest_first(client, crew):
    for n in range(7):
        open_vacancy(crew, title=f"Stilling {n}")
    shown = part(home(client, "hr"), "open-vacancy-list")
    assert [int(n) for n in re.findall(r"Stilling (\d)", shown)] == [6, 5, 4, 3, 2]


# --- a fixed number of queries -------------------------------------------------------------------------


def selects(client) -> int:
    client.min_side()
    with counted_queries() as statements:
        html = client.min_side().get_data(as_text=True)
    assert 'id="onboarding-due"' in html and 'id="to-rate"' in html and 'id="open-vacancies"' in html
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_the_panels_read_as_often_for_one_as_for_many(client, crew, hiring, make_user):
    def grow(n: int, offset: int) -> None:
        """n more vacancies, each with a candidate hired onto the leader's plans and one
        interviewed by the leader."""
        for i in range(n):
            vacancy = open_vacancy(crew, title=f"Stilling {offset + i}")
            positions(vacancy, crew, 2)
            hire(crew, add_candidate(vacancy, f"Ny Kollega {offset + i}"), f"ny{offset + i}",
                 today() - timedelta(days=5))
            interviewed = move_to(add_candidate(vacancy, f"Søker {offset + i}"), "first_interview", crew.leader)
            plan_interview(interviewed, [crew.leader, crew.ec])

    grow(1, 0)
    client.login("leder")
    few = selects(client)
    grow(4, 10)
    html = client.min_side().get_data(as_text=True)
    assert len(re.findall(r'href="/recruitment/interviews/\d+"', html)) == 5
    assert len(re.findall(r"Stilling \d+", part(html, "open-vacancy-list"))) == 5
    assert selects(client) == few
    assert db.session.scalar(select(db.func.count()).select_from(OnboardingItem)) > 40
