"""The HKH demo (outreach/hkh/demo.py): the handbook's three earlier projects archived with
their plans, «Perspektiv» grown out of «Innenfor utenfor», and the running project with its
field log, findings, report and an action plan whose overdue measures reach their owners'
Min side. Loaded on the demo section (the other demos touch nothing of HKH)."""

from datetime import timedelta

import pytest
from hkh_helpers import text_of
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.auth.models import User
from outreach.core.identifiers import find_in_fields
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.hkh import demo as hkh_demo
from outreach.hkh import fieldwork, outcome, projects
from outreach.hkh.models import HkhProject, Measure


@pytest.fixture
def seeded(demo, seeded_once):
    def build():
        counts = hkh_demo.seed()
        for user in db.session.scalars(select(User)):
            user.locale = "en"  # the tests read the English interface
        return counts

    return seeded_once("HKH demo", build)


def project(title: str) -> HkhProject:
    return db.session.scalar(select(HkhProject).where(HkhProject.title == title))


def home(client, username: str) -> str:
    client.login(username, "demo")
    return client.min_side().get_data(as_text=True)


def test_the_handbooks_earlier_projects_are_archived_with_their_plans(seeded):
    for title, year in (("Innenfor utenfor", 2012), ("Unge voksne i åpne rusmiljø", 2013), ("Under brua", 2017)):
        found = project(title)
        assert found is not None and found.archived and found.starts_on.year == year, title
        assert found.phase == "follow_up" and found.plan_adopted_on.year == year
        assert "KORUS Oslo" in found.commissioner or any(m.organisation == "KORUS Oslo" for m in found.members)
        assert any(m.role == "external" and m.organisation == "KORUS Oslo" for m in found.members)
        measures = outcome.measures_of(found)
        assert 2 <= len(measures) <= 5 and {m.status for m in measures} <= {"done", "dropped"}
        assert all(m.deadline.year in (year, year + 1) for m in measures)
        assert all(r.held_on is not None and r.held_on.year in (year, year + 1) for r in outcome.reviews_of(found))
    assert {p.title for p in db.session.scalars(projects.project_list(projects.ProjectFilter(archived=True)))} == {
        "Innenfor utenfor", "Unge voksne i åpne rusmiljø", "Under brua", "Perspektiv"}


def test_perspektiv_grew_out_of_innenfor_utenfors_action_plan(client, seeded):
    innenfor, perspektiv = project("Innenfor utenfor"), project("Perspektiv")
    assert perspektiv.origin_project_id == innenfor.id and perspektiv.starts_on.year == 2013
    grown = db.session.scalars(select(Measure).where(Measure.became_project_id == perspektiv.id)).all()
    assert [m.project_id for m in grown] == [innenfor.id]
    assert projects.grown_from(innenfor) == [perspektiv]
    client.login("fag1", "demo")
    page = client.get(f"/hkh/{innenfor.id}/actions")
    assert page.status_code == 200 and "Became the project Perspektiv" in text_of(page)


def test_the_running_project_has_its_group_field_log_findings_and_report(client, seeded):
    running = project(hkh_demo.RUNNING_TITLE)
    assert not running.archived and running.phase == "follow_up"
    roles = [m.role for m in running.members]
    assert 5 <= len(roles) <= 7 and roles.count("lead") == 1 and "ec" in roles
    assert any(m.organisation == "KORUS Oslo" for m in running.members)
    assert projects.group_warnings(running) == []
    entries = fieldwork.log_entries(running)
    assert 10 <= len(entries) <= 20
    assert all(e.held_on < today_in_oslo() for e in entries)
    assert all(find_in_fields({"notes": e.notes, "place": e.place}) == {} for e in entries)
    assert any(e.ec_present for e in entries)
    findings = fieldwork.findings_of(running)
    assert 4 <= len(findings) <= 6 and all(f.evidence for f in findings)
    assert [f.title for f in findings if fieldwork.support_of(f).single_method] == [
        "Avtaler om kjøp gjøres på sosiale medier"]
    versions = outcome.versions_of(running)
    assert [v.number for v in versions] == [1]
    assert "etter høringsrunden" not in versions[0].markdown.lower()  # the draft went on after the export
    assert all(s is not None and s.text for _key, s in outcome.report_sections(running))
    # Through the services: audited like real data.
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "hkh_projects", AuditEvent.object_id == str(running.id))) > 30

    client.login("tl1", "demo")
    for path in ("", "/report", "/report/versions/1", "/actions", "/findings"):
        assert client.get(f"/hkh/{running.id}{path}").status_code == 200, path


def test_the_overdue_measures_are_on_their_owners_min_side_and_the_review_is_due_soon(client, seeded):
    running = project(hkh_demo.RUNNING_TITLE)
    summary = outcome.plan_summary(running)
    assert summary.overdue == 2 and summary.done >= 1 and summary.dropped >= 1
    overdue = [m for m in outcome.measures_of(running)
               if m.status in ("planned", "under_way") and m.deadline < today_in_oslo()]
    assert sorted(m.owner.username for m in overdue) == sorted(hkh_demo.OVERDUE_OWNERS)
    for m in overdue:
        html = home(client, m.owner.username)
        assert 'id="hkh-overdue"' in html and m.title in html, m.owner.username
    assert all(m.title in home(client, "tl2") for m in overdue)  # a leader sees every running project's
    six = outcome.reviews_of(running)[0]
    assert six.months == 6 and six.held_on is None
    assert today_in_oslo() < six.due_on <= today_in_oslo() + timedelta(days=14)
    assert "the review after 6 months" in home(client, "ek2")
    assert 'id="hkh-overdue"' not in home(client, "fag24")
