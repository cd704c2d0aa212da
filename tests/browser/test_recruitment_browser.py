"""A panel member rates an interview on their own: from Min side to the interview, two
questions rated with notes, a recommendation, submitted after the confirmation; then the
consolidated view shows the other member's ratings and flags the disagreement."""

import re
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from browser_helpers import mark_window, sign_in, wait_for_htmx, window_marked
from playwright.sync_api import expect

from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def interview(make_user, make_team):
    """An EC vacancy's interview with Eva (EC, submitted already) and Per on the panel."""
    from outreach.recruitment import candidates, interviews, vacancies
    from outreach.recruitment.models import InterviewGuide

    team = make_team("Unge voksne")
    people = {}
    for username, roles, name, role_type in (("leder", ["leader", "professional"], "Lise Leder", "professional"),
                                            ("ek", ["ec"], "Eva Erfaring", "ec"),
                                            ("fag", ["professional"], "Per Fagansatt", "professional")):
        people[username] = make_user(username, roles=roles, teams=[team], full_name=name, role_type=role_type)
        people[username].locale = "en"  # the interview's texts are not in the catalogue yet
    db.session.commit()
    leader, eva, per = people["leder"], people["ek"], people["fag"]
    vacancy = vacancies.map_need(vacancies.NeedInput(
        team_id=team.id, position_key="ec", title="", experience_codes=["drugs"], responsibilities="Oppsøkende.",
        position_percentage=100, contract="permanent", deadline=today_in_oslo() + timedelta(days=14),
        leader_id=leader.id), actor=leader)
    vacancies.set_panel(vacancy, [eva.id, per.id], version=vacancy.version, actor=leader)
    vacancies.set_status(vacancy, "open", version=vacancy.version, actor=leader)
    candidate = candidates.add_candidate(vacancy, candidates.CandidateInput(full_name="Kari Kandidat"), actor=leader)
    guide = db.session.scalar(db.select(InterviewGuide).where(InterviewGuide.key == "ec_first"))
    planned = interviews.plan_interview(candidate, interviews.InterviewInput(
        guide_version_id=guide.published.id, day=today_in_oslo() + timedelta(days=1), start=time(10),
        duration_minutes=60, place="Møterom 2", panel_ids=[eva.id, per.id]), actor=leader)
    first, second = planned.guide_version.questions[:2]
    interviews.save_ratings(planned, eva, {
        first.id: interviews.AnswerInput(rating=2, notes="Eva: svarte nølende."),
        second.id: interviews.AnswerInput(rating=4, notes="Eva: reflektert."),
    }, recommendation="yes", notes="", submit=True, actor=eva)
    ids = SimpleNamespace(interview=planned.id, first=first.id, second=second.id, guide=guide.id,
                          number=guide.published.number)
    db.session.rollback()  # hold no transaction while the server thread writes
    return ids


def test_a_panel_member_rates_on_their_own_then_sees_the_panel(new_page, interview):
    page = new_page()
    sign_in(page, "fag", PASSWORD)
    page.locator("#to-rate a").first.click()
    page.wait_for_url(re.compile(rf"/recruitment/interviews/{interview.interview}$"))
    # Before submitting: the own form, nothing of Eva's.
    expect(page.locator("#rating")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Eva: svarte nølende.")
    expect(page.locator("#consolidated")).to_have_count(0)

    wait_for_htmx(page)
    mark_window(page)
    page.locator(f"#q{interview.first}-rating-5").check()
    page.locator(f"#q{interview.first}-notes").fill("Per: svarte tydelig og trygt.")
    page.locator(f"#q{interview.second}-rating-4").check()
    page.locator(f"#q{interview.second}-notes").fill("Per: god refleksjon.")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Submit my ratings").click()

    # It asks first, in place, and has saved nothing yet.
    confirm = page.get_by_role("button", name="Yes, submit my ratings")
    expect(confirm).to_be_visible()
    expect(page.locator("#submit-confirm")).to_be_focused()
    assert window_marked(page), "asking for the confirmation reloaded the whole page"
    expect(page.locator(f"#q{interview.first}-notes")).to_have_value("Per: svarte tydelig og trygt.")
    confirm.click()

    # Submitted: the page shows the panel's ratings, Eva's too, and flags the disagreement.
    consolidated = page.locator("#consolidated")
    expect(consolidated).to_be_visible()
    expect(page.locator("#rating")).to_have_count(0)
    first = page.locator(f"#spread-{interview.first}")
    expect(first).to_contain_text("Eva: svarte nølende.")
    expect(first).to_contain_text("Per: svarte tydelig og trygt.")
    expect(first).to_contain_text("2–5")
    expect(first).to_contain_text("Large disagreement: talk it through")
    expect(page.locator(f"#spread-{interview.second}")).not_to_contain_text("Large disagreement")
    expect(page.locator("#split")).to_be_visible()
    expect(page.locator("#submitted")).to_be_visible()


def test_the_interview_pages_have_no_serious_accessibility_violations(new_page, interview):
    from test_accessibility import AXE, axe_violations

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page = new_page(bypass_csp=True)
    sign_in(page, "fag", PASSWORD)
    problems = []
    page.goto(f"/recruitment/interviews/{interview.interview}")
    problems += axe_violations(page, "interview page with the rating form")
    wait_for_htmx(page)
    page.locator(f"#q{interview.first}-notes").fill("Et notat.")
    page.get_by_role("button", name="Submit my ratings").click()
    expect(page.get_by_role("button", name="Yes, submit my ratings")).to_be_visible()
    problems += axe_violations(page, "the confirmation before submitting")
    page.get_by_role("button", name="Yes, submit my ratings").click()
    expect(page.locator("#recommendation-error")).to_be_visible()  # no recommendation given
    problems += axe_violations(page, "rating form with an error")
    page.goto(f"/recruitment/interviews/{interview.interview}/sheet")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    problems += axe_violations(page, "interview sheet")

    leader = new_page(bypass_csp=True)
    sign_in(leader, "leder", PASSWORD)
    leader.goto(f"/recruitment/interviews/{interview.interview}")
    expect(leader.locator("#consolidated")).to_be_visible()
    problems += axe_violations(leader, "interview page with the panel's ratings")
    leader.goto("/recruitment/guides")
    problems += axe_violations(leader, "guide library")
    leader.goto(f"/recruitment/guides/{interview.guide}")
    problems += axe_violations(leader, "guide page")
    assert problems == [], "\n".join(problems)


def test_the_panel_list_loads_when_opened_and_a_colleague_is_added(new_page, make_user, interview):
    from outreach.recruitment.models import Vacancy

    make_user("kari", roles=["professional"], full_name="Kari Kollega")
    vacancy_id = db.session.scalar(db.select(Vacancy.id))
    db.session.rollback()
    page = new_page()
    sign_in(page, "leder", PASSWORD)
    page.goto(f"/recruitment/{vacancy_id}")
    wait_for_htmx(page)
    mark_window(page)
    # Not in the page until asked for: the list holds every colleague.
    expect(page.locator("#panel input[type=checkbox]")).to_have_count(0)
    page.locator("#panel summary").click()
    expect(page.get_by_label("Kari Kollega")).to_be_visible()
    expect(page.get_by_label("Eva Erfaring")).to_be_checked()
    page.get_by_label("Kari Kollega").check()
    page.locator("#panel button[type=submit]").click()
    expect(page.locator("#panel .saved")).to_be_visible()
    expect(page.locator("#panel > p").nth(1)).to_contain_text("Kari Kollega")
    assert window_marked(page), "opening the list or saving reloaded the whole page"
