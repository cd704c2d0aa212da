"""Min side: my next supervision, my open actions and "ask for a talk"; for supervisors who is
overdue and how many requests wait; for leaders how many on their teams are overdue."""

import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision import talks
from outreach.supervision.models import SessionAction, SessionParticipant, SupervisionSession


def ago(days: int) -> date:
    return utcnow().astimezone(OSLO).date() - timedelta(days=days)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), OSLO).astimezone(UTC)


def fmt(day: date) -> str:
    from flask_babel import force_locale, format_date

    with force_locale("nb"):
        return format_date(day, "medium")


def session(kind, day, supervisor, people, *, status="held", hour=10):
    row = SupervisionSession(kind=kind, status=status, starts_at=at(day, hour), supervisor_id=supervisor.id,
                             participants=[SessionParticipant(user_id=u.id, attended=True if kind == "group" else None)
                                           for u in people])
    db.session.add(row)
    db.session.commit()
    return row


def action(session_row, owner, text, due=None, done=False):
    row = SessionAction(session_id=session_row.id, owner_id=owner.id, text=text, due_date=due,
                        done_at=utcnow() if done else None)
    db.session.add(row)
    db.session.commit()
    return row


def part(html: str, element_id: str) -> str:
    match = re.search(rf'<(ul|p|div)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    return unescape(match.group(2)) if match else ""


def audit(action_name):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action_name)).all()


@pytest.fixture
def crew(make_user, make_team):
    team = make_team("Unge voksne")
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return SimpleNamespace(
        team=team,
        veileder=veileder,
        leder=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        ek=make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", supervisor_id=veileder.id,
                     start_date=date(2020, 1, 6)),
        sen=make_user("sen", roles=["ec"], teams=[team], full_name="Sindre Sen", supervisor_id=veileder.id,
                      start_date=date(2020, 1, 6)),
        fag=make_user("fag", roles=["professional"], teams=[team], full_name="Per Fag"),
    )


def test_my_next_session_my_open_actions_and_the_ask_box(client, crew, nb):
    session("individual", ago(2), crew.veileder, [crew.ek], status="planned")  # in the past: not next
    later = session("individual", ago(-12), crew.veileder, [crew.ek], status="planned")
    soon = session("individual", ago(-5), crew.veileder, [crew.ek], status="planned", hour=14)
    held = session("individual", ago(20), crew.veileder, [crew.ek])
    action(held, crew.ek, "Snakke med teamleder om turnus", due=ago(3))
    action(held, crew.ek, "Lese om egenomsorg", due=ago(-10))
    action(held, crew.ek, "Ferdig allerede", due=ago(5), done=True)
    action(held, crew.veileder, "Veileders egen oppgave", due=ago(1))
    client.login("ek")
    html = client.min_side().get_data(as_text=True)
    assert 'id="my-supervision"' in html
    nxt = part(html, "next-supervision")
    assert f"/supervision/{soon.id}" in nxt and f"/supervision/{later.id}" not in nxt
    assert "14:00" in nxt and "Vera Veileder" in nxt
    actions = part(html, "my-actions")
    assert "Snakke med teamleder om turnus" in actions and "Lese om egenomsorg" in actions
    assert "Ferdig allerede" not in actions and "Veileders egen oppgave" not in actions
    assert actions.index("Snakke med teamleder") < actions.index("Lese om egenomsorg")  # the earliest due first
    assert nb("Overdue: was due %(day)s", day=fmt(ago(3))) in actions
    assert nb("Due %(day)s", day=fmt(ago(-10))) in actions
    assert 'id="talk-form"' in html and 'action="/supervision/ask"' in html
    # The supervisee reading their own actions in an individual session: nobody else to log for.
    assert audit("supervision.content_read") == []


def test_asking_from_the_start_page_shows_my_open_request(client, crew, nb):
    client.login("ek")
    assert client.form("/supervision/ask", {"topic": "Grenser"}).status_code == 303
    box = part(client.min_side().get_data(as_text=True), "my-open-requests")
    assert "Grenser" in box


def test_someone_without_a_supervisor_or_sessions_has_no_supervision_panel(client, crew):
    client.login("fag")
    html = client.min_side().get_data(as_text=True)
    assert 'id="my-supervision"' not in html and 'id="talk-form"' not in html


def test_a_planned_group_session_shows_without_the_ask_box_for_someone_without_a_supervisor(client, crew):
    group = session("group", ago(-3), crew.veileder, [crew.fag, crew.ek], status="planned")
    client.login("fag")
    html = client.min_side().get_data(as_text=True)
    assert f"/supervision/{group.id}" in part(html, "next-supervision")
    assert 'id="talk-form"' not in html


def test_reading_my_action_from_a_group_session_is_logged_for_the_others_in_the_room(client, crew):
    group = session("group", ago(10), crew.veileder, [crew.ek, crew.sen])
    action(group, crew.ek, "Ta opp rollen på neste samling", due=ago(-3))
    client.login("ek")
    assert "Ta opp rollen" in client.min_side().get_data(as_text=True)
    [read] = audit("supervision.content_read")
    assert read.subject_user_id == crew.sen.id and read.actor_label == "ek" and "Ta opp" not in read.summary


def test_the_supervisor_sees_who_is_overdue_and_the_open_requests(client, crew, nb):
    session("individual", ago(70), crew.veileder, [crew.sen])  # overdue since 42 days
    session("individual", ago(7), crew.veileder, [crew.ek])
    session("group", ago(7), crew.veileder, [crew.ek, crew.sen])
    talks.ask_for_talk(crew.ek, "Hemmelig tema")
    talks.ask_for_talk(crew.sen, "")
    client.login("veileder")
    html = client.min_side().get_data(as_text=True)
    overdue = part(html, "follow-up-overdue")
    assert re.search(r"\b1\b", overdue)
    names = part(html, "follow-up-names")
    assert "Sindre Sen" in names and fmt(ago(70) + timedelta(weeks=4)) in names and "Eva Erfaring" not in names
    requests = part(html, "follow-up-requests")
    assert re.search(r"\b2\b", requests) and "/supervision/requests" in requests
    assert "Hemmelig tema" not in html  # a count, not the topics
    assert "/supervision/rhythm" in html


def shift_report(team, day, people, *, debrief=True, report="Tøff kveld ved kiosken"):
    """A published shift with `people` on it and a report that does (or does not) ask for a debrief."""
    from outreach.shifts.models import Shift, ShiftAssignment, ShiftNote

    row = Shift(team_id=team.id, kind="outreach", starts_at=at(day, 18), ends_at=at(day, 23), status="published")
    db.session.add(row)
    db.session.flush()
    for user in people:
        db.session.add(ShiftAssignment(shift_id=row.id, staff_id=user.profile.id))
    db.session.add(ShiftNote(shift_id=row.id, kind="report", body=report, needs_debrief=debrief,
                             author_id=people[0].profile.id))
    db.session.commit()
    return row


def test_the_supervisor_sees_debrief_flags_as_counts_and_dates_never_the_reports(client, crew, nb):
    client.login("veileder")
    assert nb("No shift reports ask for a debrief.") in part(client.min_side().get_data(as_text=True),
                                                             "follow-up-debriefs")
    # Eva and Sindre on one shift: one report, counted once for each of them, not twice in a sum.
    shift_report(crew.team, ago(2), [crew.ek, crew.sen], report="Hemmelig rapporttekst")
    shift_report(crew.team, ago(9), [crew.ek], report="Mer hemmelig")
    shift_report(crew.team, ago(4), [crew.sen], debrief=False, report="Rolig kveld")
    shift_report(crew.team, ago(60), [crew.sen], report="For gammel")  # past the window
    shift_report(crew.team, ago(1), [crew.fag], report="Ikke en av mine")  # not her supervisee
    html = client.min_side().get_data(as_text=True)
    flags = part(html, "follow-up-debriefs")
    assert re.search(r"\b2\b", flags) and fmt(ago(2)) in flags  # two supervisees, the latest two days ago
    names = part(html, "follow-up-debrief-names")
    eva, sen = (names.split(name)[1].split("</li>")[0] for name in ("Eva Erfaring", "Sindre Sen"))
    assert re.search(r"\b2\b", eva) and fmt(ago(2)) in eva and fmt(ago(9)) not in eva
    assert re.search(r"\b1\b", sen) and fmt(ago(2)) in sen
    assert "Per Fag" not in names
    assert not any(text in html for text in ("Hemmelig", "Mer hemmelig", "Rolig kveld", "For gammel"))
    client.login("ek")  # not a supervisor: no follow-up panel
    assert 'id="follow-up-debriefs"' not in client.min_side().get_data(as_text=True)


def test_a_leader_sees_how_many_on_their_teams_are_overdue(client, crew):
    session("individual", ago(70), crew.veileder, [crew.sen])
    session("individual", ago(70), crew.veileder, [crew.ek])
    client.login("leder")
    html = client.min_side().get_data(as_text=True)
    assert re.search(r"\b2\b", part(html, "team-overdue"))
    assert "Sindre Sen" in part(html, "team-overdue-names")
    assert 'id="supervision-follow-up"' not in html  # not a supervisor
    client.login("ek")
    assert 'id="team-supervision"' not in client.min_side().get_data(as_text=True)


def test_the_start_page_runs_the_same_number_of_queries_for_3_and_10_people(client, crew, make_user):
    def build(n, name):
        supervisor = make_user(name, roles=["supervisor", "leader", "professional"], teams=[crew.team],
                               full_name=name.title(), supervisor_id=crew.veileder.id)
        for i in range(n):
            person = make_user(f"{name}{i}", roles=["ec"], full_name=f"Person {i}", supervisor_id=supervisor.id,
                               start_date=date(2020, 1, 1))
            held = session("individual", ago(40 + i), supervisor, [person])
            session("group", ago(40), supervisor, [person, supervisor])
            action(held, supervisor, f"Oppgave {i}", due=ago(i))
            talks.ask_for_talk(person, "")
            shift_report(crew.team, ago(1 + i), [person])  # a debrief asked for: counted in the panel
        return supervisor

    def statements(username):
        client.login(username)
        client.min_side()
        counted = []

        def counter(connection, cursor, statement, *args):
            counted.append(statement)

        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            html = client.min_side().get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
        return counted, html

    build(3, "fa")
    build(10, "mange")
    few, few_html = statements("fa")
    many, many_html = statements("mange")
    assert "Oppgave 2" in few_html and "Oppgave 9" in many_html
    assert 'id="follow-up-debrief-names"' in few_html and 'id="follow-up-debrief-names"' in many_html
    # Reading is bounded. (Each action shown is an audit row written for the supervisee whose
    # session it is from: one row per item read is what the read log is.)
    reads_few, reads_many = ([q for q in found if q.lstrip().upper().startswith("SELECT")] for found in (few, many))
    assert len(reads_few) == len(reads_many), set(reads_many) - set(reads_few)
    assert len(audit("supervision.content_read")) == 2 * (3 + 10)  # both start pages, each action once
