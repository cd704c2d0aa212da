"""The recruitment demo (outreach/recruitment/demo.py), loaded after the people, roster and
supervision demos as `flask seed-demo` does: what tl2, tl4, the panel and the new colleague see."""

import re
from datetime import timedelta
from html import unescape

import pytest
from hiring_helpers import today
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.auth.models import User
from outreach.core.identifiers import find_identifiers
from outreach.extensions import db
from outreach.people.models import Team
from outreach.recruitment import candidates, demo, documents, interviews, rules
from outreach.recruitment.models import Candidate, Interview, InterviewAnswer, OnboardingPlan, Vacancy
from outreach.recruitment.vacancies import checklist_open
from outreach.supervision import demo as supervision_demo


@pytest.fixture
def seeded(demo_roster, seeded_once):
    def build():
        supervision_demo.seed()
        counts = demo.seed()
        for user in db.session.scalars(select(User)):
            user.locale = "en"  # the tests read the English interface
        return counts

    return seeded_once("recruitment demo", build)


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _vacancy(team: str) -> Vacancy:
    return db.session.scalar(select(Vacancy).join(Vacancy.team).where(Team.name == team))


def test_the_counts_are_what_seed_demo_prints(seeded):
    assert seeded == {"vacancies": 2, "candidates": 10, "interviews": 8, "plans": 1}
    assert db.session.scalar(select(db.func.count()).select_from(Candidate)) == 10
    assert db.session.scalar(select(db.func.count()).select_from(Interview)) == 8


def test_tl2s_open_ec_vacancy_has_candidates_at_several_stages(seeded, client):
    vacancy = _vacancy("Unge voksne")
    assert vacancy.status == "open" and vacancy.is_ec and vacancy.leader.username == "tl2"
    assert {u.username for u in vacancy.panel} == {"ek2", "fag2", "hr"}
    assert vacancy.deadline > today()
    board = candidates.board(vacancy)
    assert {stage: len(people) for stage, people in board.items() if people} == {
        rules.RECEIVED: 2, rules.SCREENED: 1, rules.FIRST: 1, rules.SECOND: 1, rules.REFERENCES: 1, rules.REJECTED: 1}
    [rejected] = board[rules.REJECTED]
    assert rejected.rejected_reason == "other_better" and rejected.rejected_from == rules.FIRST
    assert 0 < checklist_open(vacancy) < len(vacancy.checklist)  # the vacancy warns

    client.login("tl2", "demo")
    page = client.get(f"/recruitment/{vacancy.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for stage, people in board.items():
        for candidate in people:  # each in the column of its stage
            column = re.search(rf'aria-labelledby="stage-{stage}"(.*?)</section>', html, re.S).group(1)
            assert candidate.full_name in unescape(column), (stage, candidate.full_name)


def test_two_panel_members_disagree_and_the_leader_has_not_submitted(seeded):
    vacancy = _vacancy("Unge voksne")
    second = next(c for c in candidates.board(vacancy)[rules.SECOND])
    first_interview = min(interviews.interviews_of(second), key=lambda i: i.starts_at)
    assert first_interview.guide_version.guide.key == "ec_first"
    consolidated = interviews.consolidated(first_interview)
    assert {p.user.username for p in consolidated.submitted} == {"ek2", "fag2"}
    assert [p.user.username for p in consolidated.waiting] == ["tl2"]
    assert consolidated.disagreements >= 1
    # The second interview is planned, with the EC guide's second part.
    later = max(interviews.interviews_of(second), key=lambda i: i.starts_at)
    assert later.guide_version.guide.key == "ec_second"
    assert later.starts_at.date() > today() - timedelta(days=1)


def test_the_panel_min_side_lists_interviews_to_rate(seeded, client):
    client.login("tl2", "demo")
    html = client.min_side().get_data(as_text=True)
    assert 'id="interviews-to-rate"' in html
    links = re.findall(r'href="/recruitment/interviews/(\d+)"', html)
    assert len(links) == 3  # the first interview not yet submitted, and the two planned
    client.login("ek2", "demo")
    html = client.min_side().get_data(as_text=True)
    assert len(re.findall(r'href="/recruitment/interviews/(\d+)"', html)) == 2  # the planned ones
    for candidate in db.session.scalars(select(Candidate)):
        assert candidate.full_name not in html


def test_the_filled_vacancy_has_a_new_colleague_seven_weeks_into_the_plan(seeded, client):
    vacancy = _vacancy("Vaterland")
    assert vacancy.status == "filled" and vacancy.leader.username == "tl4" and vacancy.closed_at is not None
    [hired] = candidates.board(vacancy)[rules.HIRED]
    user = _user("nyansatt")
    assert hired.hired_user_id == user.id and user.full_name == hired.full_name
    profile = user.profile
    assert profile.title == "Oppsøkende miljøterapeut" and profile.role_type == "professional"
    assert [t.name for t in profile.teams] == ["Vaterland"] and profile.buddy.user.username == "fag8"
    plan = db.session.scalar(select(OnboardingPlan).where(OnboardingPlan.staff_id == profile.id))
    assert 42 <= (today() - plan.start_date).days <= 53 and profile.start_date == plan.start_date
    done = [i for i in plan.items if i.done_at]
    overdue = [i for i in plan.items if not i.done_at and i.due_date < today()]
    soon = [i for i in plan.items if not i.done_at and today() <= i.due_date <= today() + timedelta(days=14)]
    assert len(done) >= 5 and len(overdue) == 2
    assert [i.title for i in soon] == ["Nyansattsamtale med leder etter to måneder"]
    assert all(i.done_at.date() <= today() for i in done)

    for username in ("tl4", "nyansatt"):
        client.login(username, "demo")
        html = client.min_side().get_data(as_text=True)
        assert 'id="onboarding-due"' in html, username
        for item in overdue + soon:
            assert item.title in html, (username, item.title)
        assert "Overdue" in html
    client.login("tl2", "demo")
    assert 'id="onboarding-due"' not in client.min_side().get_data(as_text=True)


def test_hr_and_the_leaders_see_their_open_vacancies(seeded, client):
    client.login("hr", "demo")
    html = client.min_side().get_data(as_text=True)
    assert "Erfaringskonsulent, Unge voksne" in html and "Vaterland" not in re.search(
        r'<div id="open-vacancies">(.*?)</div>', html, re.S).group(1)
    client.login("tl4", "demo")
    assert 'id="open-vacancies"' not in client.min_side().get_data(as_text=True)  # theirs is filled


def test_the_demo_texts_name_no_client_and_the_documents_are_pdfs(seeded):
    texts = [a.notes for a in db.session.scalars(select(InterviewAnswer)) if a.notes]
    texts += [c.body for c in db.session.scalars(select(candidates.CandidateComment))]
    for text in texts:
        assert find_identifiers(text) == [], text
    stored = list(db.session.scalars(select(documents.CandidateDocument)))
    assert len(stored) == 2
    for document in stored:
        content = documents.path_of(document).read_bytes()
        assert documents.sniff(content) == documents.PDF and content.rstrip().endswith(b"%%EOF")
        assert_xref_points_at_the_objects(content)


def assert_xref_points_at_the_objects(content: bytes) -> None:
    """A reader finds each object where the cross-reference table says it is."""
    start = int(re.search(rb"startxref\s+(\d+)", content).group(1))
    assert content[start:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", content[start:])]
    assert len(offsets) == 5
    for number, offset in enumerate(offsets, start=1):
        assert content[offset:].startswith(f"{number} 0 obj".encode())


def test_the_audit_log_has_the_demo_but_names_no_candidate(seeded):
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("recruitment.%")))
    summaries = [e.summary for e in rows]
    assert any("hired as user" in s for s in summaries)
    names = [c.full_name for c in db.session.scalars(select(Candidate))]
    for summary in summaries:
        for name in names:
            assert name not in summary and name.split()[-1] not in summary
