"""The action plan: the summary per project, the measures with the overdue ones marked, adding
and changing a measure (with its version), and the follow-up reviews: scheduled 6 and 12
months after the plan is adopted (entering follow-up), marked when overdue, and recorded
with each measure's new status. Everyone reads; the working group and leaders write."""

import re
from datetime import date, timedelta

import pytest
from hkh_helpers import finding, log, measure, text_of, today
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import add_months
from outreach.extensions import db
from outreach.hkh import outcome, projects
from outreach.hkh.models import FollowUpReview, Measure


def plan_url(project) -> str:
    return f"/hkh/{project.id}/actions"


def to_follow_up(project, actor) -> None:
    while project.phase != "follow_up":
        target = {"preparation": "data_collection", "data_collection": "analysis", "analysis": "report",
                  "report": "action", "action": "follow_up"}[project.phase]
        projects.move_phase(project, target, version=project.version, accept_gaps=True, actor=actor)


def on_day(monkeypatch, day: date) -> None:
    """The services (the phase move) think it is `day`."""
    monkeypatch.setattr(projects, "today_in_oslo", lambda: day)


def row(html: str, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}"([^>]*)>(.*?)</tr>', html, re.S)
    assert match, element_id
    return match.group(1) + text_of(match.group(2))


def denials(project) -> int:
    return db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "access.denied", AuditEvent.object_type == "hkh_projects",
        AuditEvent.object_id == str(project.id)))


# --- follow-up dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("adopted, six, twelve", [
    (date(2025, 3, 14), date(2025, 9, 14), date(2026, 3, 14)),
    (date(2025, 8, 31), date(2026, 2, 28), date(2026, 8, 31)),
    (date(2023, 8, 31), date(2024, 2, 29), date(2024, 8, 31)),  # into a leap year's February
    (date(2025, 12, 31), date(2026, 6, 30), date(2026, 12, 31)),
])
def test_entering_follow_up_schedules_the_reviews_after_6_and_12_months(monkeypatch, crew, project, adopted, six,
                                                                        twelve):
    on_day(monkeypatch, adopted)
    to_follow_up(project, crew.pro)
    assert project.plan_adopted_on == adopted
    assert [(r.months, r.due_on, r.held_on) for r in outcome.reviews_of(project)] == [(6, six, None),
                                                                                      (12, twelve, None)]
    # Back to the action plan and on again: the plan was adopted once, the reviews stay.
    on_day(monkeypatch, adopted + timedelta(days=20))
    projects.move_phase(project, "action", version=project.version, accept_gaps=True, actor=crew.pro)
    projects.move_phase(project, "follow_up", version=project.version, accept_gaps=True, actor=crew.pro)
    assert [r.due_on for r in outcome.reviews_of(project)] == [six, twelve]


def test_the_plan_shows_the_review_dates_and_marks_an_overdue_review(monkeypatch, client, crew, project):
    adopted = add_months(today(), -7)
    on_day(monkeypatch, adopted)
    to_follow_up(project, crew.pro)
    client.login("fag")
    page = client.get(plan_url(project))
    six, twelve = outcome.reviews_of(project)
    html = page.get_data(as_text=True)
    review_six = text_of(re.search(rf'<li id="review-{six.id}">(.*?)</li>', html, re.S).group(1))
    review_twelve = text_of(re.search(rf'<li id="review-{twelve.id}">(.*?)</li>', html, re.S).group(1))
    assert "After 6 months" in review_six and "overdue: was due" in review_six
    assert "After 12 months" in review_twelve and "overdue" not in review_twelve and "due " in review_twelve


def test_no_reviews_before_the_plan_is_adopted(client, crew, project):
    client.login("fag")
    assert "scheduled when the project moves to follow-up" in text_of(client.get(plan_url(project)))
    assert db.session.scalar(select(FollowUpReview.id)) is None


# --- the measures and the summary ---------------------------------------------------------------


def test_overdue_measures_are_marked_and_the_summary_counts_them(client, crew, project):
    day = today()
    done = measure(project, crew.pro, "Ferdig", owner=crew.pro, deadline=day - timedelta(days=30), status="done")
    going = measure(project, crew.pro, "I gang", owner=crew.ec, deadline=day + timedelta(days=10), status="under_way")
    late = measure(project, crew.pro, "Forsinket", owner=crew.ec, deadline=day - timedelta(days=1), status="under_way")
    late2 = measure(project, crew.pro, "Ikke startet", owner=crew.pro, deadline=day - timedelta(days=40))
    today_due = measure(project, crew.pro, "Frist i dag", owner=crew.pro, deadline=day)
    dropped = measure(project, crew.pro, "Lagt bort", deadline=day - timedelta(days=5), status="dropped")
    measure(project, crew.pro, "Uten frist")
    assert outcome.plan_summary(project) == outcome.rules.PlanSummary(done=1, under_way=1, planned=2, overdue=2,
                                                                      dropped=1)
    client.login("utenfor")  # anyone reads the plan
    page = client.get(plan_url(project))
    assert page.status_code == 200
    summary = text_of(re.search(r'<dl class="facts" id="plan-summary">(.*?)</dl>', page.get_data(as_text=True),
                                     re.S).group(1))
    assert summary.split() == "Done 1 Under way 1 Overdue 2 Planned 2 Dropped 1 Measures in all 7".split()
    html = page.get_data(as_text=True)
    for m in (late, late2):
        shown = row(html, f"measure-{m.id}")
        assert 'class="overdue"' in shown and "(overdue)" in shown
    for m in (done, going, today_due, dropped):
        assert "(overdue)" not in row(html, f"measure-{m.id}")
    assert "Eva Erfaring" in row(html, f"measure-{late.id}")
    assert "Add a measure" not in text_of(page)  # a reader only


def test_a_measure_is_added_with_its_findings_and_changed_with_its_version(client, crew, project):
    entry = log(project, crew.pro)
    theme = finding(project, crew.pro, "Mangel på trygge steder", [entry])
    client.login("fag")
    form = client.get(f"/hkh/{project.id}/actions/new")
    assert form.status_code == 200 and "Mangel på trygge steder" in text_of(form)
    deadline = today() + timedelta(days=30)
    response = client.form(f"/hkh/{project.id}/actions/new", {
        "title": "Kveldsåpent tilbud", "owner_id": crew.ec.id, "partner": "KORUS Oslo",
        "deadline": deadline.isoformat(), "status": "planned", "finding_ids": [theme.id]})
    assert response.status_code == 303
    added = db.session.scalar(select(Measure))
    assert (added.title, added.owner_id, added.partner, added.deadline) == ("Kveldsåpent tilbud", crew.ec.id,
                                                                             "KORUS Oslo", deadline)
    shown = row(client.get(plan_url(project)).get_data(as_text=True), f"measure-{added.id}")
    assert "Answers: Mangel på trygge steder" in shown and "KORUS Oslo" in shown and "Eva Erfaring" in shown

    assert client.form(f"/hkh/{project.id}/actions/new", {"title": "", "status": "planned"}).status_code == 422
    stale = added.version
    response = client.form(f"/hkh/measures/{added.id}/edit", {
        "title": "Kveldsåpent tilbud to dager", "owner_id": crew.ec.id, "deadline": deadline.isoformat(),
        "status": "under_way", "finding_ids": [theme.id], "version": stale})
    assert response.status_code == 303
    assert db.session.get(Measure, added.id).status == "under_way"
    # A second writer from the old version: 409, the saved measure in the form, their title kept.
    response = client.form(f"/hkh/measures/{added.id}/edit", {
        "title": "Noe helt annet", "status": "done", "version": stale})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="Kveldsåpent tilbud to dager"' in html and "Noe helt annet" in html and "Your text, not saved" in html
    assert db.session.get(Measure, added.id).status == "under_way"


# --- reviews ----------------------------------------------------------------------------------------


def test_recording_a_review_gives_the_measures_their_new_status(client, crew, project):
    a = measure(project, crew.pro, "Tiltak A", owner=crew.pro, deadline=today() + timedelta(days=5))
    b = measure(project, crew.pro, "Tiltak B", owner=crew.ec, deadline=today() - timedelta(days=5), status="under_way")
    to_follow_up(project, crew.pro)
    six = outcome.reviews_of(project)[0]
    client.login("ek")
    form = client.get(f"/hkh/reviews/{six.id}")
    assert form.status_code == 200 and "Tiltak A" in text_of(form) and "(overdue)" in text_of(form)
    data = {"held_on": today().isoformat(), "summary": "Gjennomgått med arbeidsgruppen.",
            f"status-{a.id}": "under_way", f"note-{a.id}": "Startet i april.",
            f"status-{b.id}": "done", f"note-{b.id}": "Ferdig."}
    future = client.form(f"/hkh/reviews/{six.id}", data | {"held_on": (today() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and "once it has been held" in text_of(future)
    assert db.session.get(Measure, b.id).status == "under_way"
    # A measure's version field named by a number no int() reads is left out, not a server error.
    response = client.form(f"/hkh/reviews/{six.id}", data | {"mv-" + "9" * 5000: "1"})
    assert response.status_code == 303
    assert db.session.get(Measure, a.id).status == "under_way" and db.session.get(Measure, b.id).status == "done"
    review = db.session.get(FollowUpReview, six.id)
    assert review.held_on == today() and review.recorded_by_id == crew.ec.id
    page = client.get(response.location)
    shown = text_of(page)
    assert "The 6-month review is recorded" in shown and "held " in shown
    assert "Tiltak A: Under way. Startet i april." in shown and "Gjennomgått med arbeidsgruppen." in shown
    assert "(overdue)" not in row(page.get_data(as_text=True), f"measure-{b.id}")  # done now
    # Opened again, the form shows what was recorded.
    again = client.get(f"/hkh/reviews/{six.id}").get_data(as_text=True)
    assert "Startet i april." in again and '<option value="done" selected>' in again


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["ek2", "admin"])
def test_outside_the_group_the_plan_is_read_but_not_written(client, crew, project, username):
    m = measure(project, crew.pro, "Tiltak", owner=crew.pro, deadline=today() + timedelta(days=5))
    to_follow_up(project, crew.pro)
    six = outcome.reviews_of(project)[0]
    client.login(username)
    page = client.get(plan_url(project))
    assert page.status_code == 200 and "Tiltak" in text_of(page)
    assert "Add a measure" not in text_of(page) and "Record the review" not in text_of(page)
    before = denials(project)
    writes = [client.get(f"/hkh/{project.id}/actions/new"),
              client.form(f"/hkh/{project.id}/actions/new", {"title": "Inntrenger", "status": "planned"}),
              client.form(f"/hkh/measures/{m.id}/edit", {"title": "Endret", "status": "done",
                                                         "version": m.version}),
              client.form(f"/hkh/reviews/{six.id}", {"held_on": today().isoformat(), f"status-{m.id}": "done"})]
    assert [r.status_code in (403, 404) for r in writes] == [True] * 4
    assert denials(project) == before + 4
    assert db.session.scalar(select(db.func.count()).select_from(Measure)) == 1
    assert db.session.get(Measure, m.id).status == "planned"
    assert db.session.get(FollowUpReview, six.id).held_on is None


def test_a_leader_outside_the_group_adds_a_measure(client, crew, project):
    client.login("leder")
    response = client.form(f"/hkh/{project.id}/actions/new", {"title": "Fra lederen", "status": "planned"})
    assert response.status_code == 303
    assert db.session.scalar(select(Measure.title)) == "Fra lederen"
