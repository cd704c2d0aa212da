"""Min side: the HKH measures that are overdue (the owner's own; for leaders those of every
running project), and for the working group the follow-up reviews due within two weeks or
overdue. Each panel reads a fixed number of times however much it shows."""

import re
from datetime import timedelta
from html import unescape

from hkh_helpers import counted_queries, make_project, measure, today

from outreach.extensions import db
from outreach.hkh import outcome, projects


def part(html: str, element_id: str) -> str:
    match = re.search(rf'<ul[^>]*id="{element_id}"[^>]*>(.*?)</ul>', html, re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))) if match else ""


def home(client, username: str) -> str:
    client.login(username)
    response = client.min_side()
    assert response.status_code == 200
    return response.get_data(as_text=True)


def to_follow_up(project, actor) -> None:
    for target in ("data_collection", "analysis", "report", "action", "follow_up"):
        projects.move_phase(project, target, version=project.version, accept_gaps=True, actor=actor)


def test_an_owner_sees_their_overdue_measures_and_a_leader_those_of_every_running_project(client, crew, project):
    late = measure(project, crew.pro, "Kveldsåpent tilbud", owner=crew.pro, deadline=today() - timedelta(days=3))
    measure(project, crew.pro, "Eva sitt tiltak", owner=crew.ec, deadline=today() - timedelta(days=10),
            status="under_way")
    measure(project, crew.pro, "Ikke forfalt", owner=crew.pro, deadline=today() + timedelta(days=3))
    measure(project, crew.pro, "Ferdig", owner=crew.pro, deadline=today() - timedelta(days=30), status="done")
    old = make_project(crew, "Innenfor utenfor")
    measure(old, crew.leader, "Gammelt tiltak", owner=crew.pro, deadline=today() - timedelta(days=900))
    old.archived = True
    db.session.commit()

    html = home(client, "fag")
    shown = part(html, "hkh-overdue")
    assert "Kveldsåpent tilbud" in shown and "Ungdom på Oslo S" in shown and "overdue: was due" in shown
    assert "Eva sitt tiltak" not in shown and "Ikke forfalt" not in shown and "Ferdig" not in shown
    assert "Gammelt tiltak" not in shown  # an archived project
    assert f'href="/hkh/{project.id}/actions#measure-{late.id}"' in html

    shown = part(home(client, "ek"), "hkh-overdue")
    assert "Eva sitt tiltak" in shown and "Kveldsåpent tilbud" not in shown

    shown = part(home(client, "leder"), "hkh-overdue")  # a leader, not in the working group
    assert "Kveldsåpent tilbud" in shown and "Eva sitt tiltak" in shown and "Per Fagansatt" in shown
    assert "Gammelt tiltak" not in shown

    assert 'id="hkh-overdue"' not in home(client, "utenfor")


def test_the_working_group_sees_the_reviews_due_within_two_weeks_or_overdue(client, crew, project):
    to_follow_up(project, crew.pro)
    six, twelve = outcome.reviews_of(project)
    six.due_on = today() + timedelta(days=10)
    twelve.due_on = today() + timedelta(days=30)
    db.session.commit()
    for username in ("fag", "ek"):
        shown = part(home(client, username), "hkh-reviews")
        assert "Ungdom på Oslo S: the review after 6 months" in shown and "due " in shown
        assert "12 months" not in shown and "overdue" not in shown
    assert 'id="hkh-reviews"' not in home(client, "leder")  # not in the working group
    assert 'id="hkh-reviews"' not in home(client, "ek2")

    six.due_on = today() - timedelta(days=2)
    twelve.due_on = today() + timedelta(days=14)
    db.session.commit()
    html = home(client, "ek")
    shown = part(html, "hkh-reviews")
    assert re.search(r"the review after 6 months\s*: overdue: was due", shown) and "12 months" in shown
    assert f'href="/hkh/{project.id}/actions#review-{six.id}"' in html

    outcome.record_review(six, project, held_on=today(), summary="", progress={}, actor=crew.pro)
    twelve.due_on = today() + timedelta(days=15)
    db.session.commit()
    assert 'id="hkh-reviews"' not in home(client, "ek")


def test_the_panels_read_a_fixed_number_of_times(client, crew, project):
    def queries(username: str) -> int:
        client.login(username)
        with counted_queries() as statements:
            assert client.min_side().status_code == 200
        return len(statements)

    to_follow_up(project, crew.pro)
    for review in outcome.reviews_of(project):
        review.due_on = today() + timedelta(days=3)
    measure(project, crew.pro, "Ett", owner=crew.pro, deadline=today() - timedelta(days=1))
    db.session.commit()
    first = {name: queries(name) for name in ("fag", "leder")}
    other = make_project(crew, "Et prosjekt til")
    for n in range(6):
        measure(project if n % 2 else other, crew.pro, f"Tiltak {n}", owner=crew.pro,
                deadline=today() - timedelta(days=n + 2))
    to_follow_up(other, crew.pro)
    for review in outcome.reviews_of(other):
        review.due_on = today() - timedelta(days=1)
    db.session.commit()
    assert part(home(client, "fag"), "hkh-overdue").count("overdue: was due") == 7
    assert part(home(client, "fag"), "hkh-reviews").count("the review after") == 4
    assert {name: queries(name) for name in ("fag", "leder")} == first
