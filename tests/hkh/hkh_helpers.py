"""Helpers for the HKH tests: build what a test needs through the services, as the pages do.
(Imported by name: pytest puts this folder on the path.)"""

from datetime import date, timedelta

from page_helpers import counted_queries, text_of  # noqa: F401  (the tests import them from here)

from outreach.core.timeutil import today_in_oslo
from outreach.hkh import fieldwork, outcome, projects


def today() -> date:
    return today_in_oslo()


def make_project(crew, title="Ungdom på Oslo S", *, lead=None, members=(), actor=None, **mandate):
    """A project with a complete mandate, led by `lead` (the crew's professional by default)."""
    actor = actor or crew.leader
    project = projects.create_project(projects.MandateInput(
        title=title, commissioner=mandate.pop("commissioner", "Bydel Gamle Oslo"),
        problem=mandate.pop("problem", "Unge som samles ved Oslo S om kvelden."),
        target_group=mandate.pop("target_group", "Ungdom 15-20 år"), area=mandate.pop("area", "Oslo S"),
        starts_on=mandate.pop("starts_on", today() - timedelta(days=60)),
        ends_on=mandate.pop("ends_on", today() + timedelta(days=150)),
        kickoff_on=mandate.pop("kickoff_on", today() - timedelta(days=55)), **mandate,
    ), actor=actor, lead=lead or crew.pro)
    for user, role in members:
        projects.add_member(project, user_id=user.id, name="", organisation="", role=role, actor=actor)
    return project


def log(project, actor, *, method="interview", source="target_group", days_ago=3, notes="Samtale om kvelden.",
        team=(), **fields):
    return fieldwork.add_entry(project, fieldwork.LogInput(
        method=method, source=source, held_on=today() - timedelta(days=days_ago), notes=notes,
        team_ids=[u.id for u in team], **fields), actor=actor)


def finding(project, actor, title="Mangel på trygge steder", entries=()):
    return fieldwork.add_finding(project, fieldwork.FindingInput(title=title, entry_ids=[e.id for e in entries]),
                                 actor=actor)


def measure(project, actor, title="Åpent tilbud på kveldstid", *, owner=None, deadline=None, status="planned",
            findings=()):
    return outcome.add_measure(project, outcome.MeasureInput(
        title=title, owner_id=owner.id if owner else None, deadline=deadline, status=status,
        finding_ids=[f.id for f in findings]), actor=actor)
