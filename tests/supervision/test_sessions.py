"""Supervision sessions: planning them, the list, the session page and what is written in it,
who may read which text, the take-further consent, and the reads the audit log records."""

import re
from datetime import date, time, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from page_helpers import counted_queries
from sqlalchemy import select, update

from outreach.audit.models import AuditEvent
from outreach.core.forms import FieldError
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.services import update_profile
from outreach.supervision import groups, sessions, talks
from outreach.supervision.models import (
    FurtherItem,
    PreparationNote,
    ReflectionEntry,
    SessionAction,
    SessionNote,
    SupervisionGroup,
    SupervisionSession,
    SupervisionTheme,
    TalkRequest,
    session_themes,
)


def today() -> date:
    return utcnow().astimezone(OSLO).date()


@pytest.fixture
def make_user(make_user):
    """Accounts that chose English: the tests read the interface's English texts, which stay
    true when the Norwegian catalogue is filled in."""

    def make(*args, **kwargs):
        user = make_user(*args, **kwargs)
        user.locale = "en"
        db.session.commit()
        return user

    return make


@pytest.fixture
def people(make_user, make_team):
    """A team with its leader, a supervisor and two ECs they supervise, and outsiders."""
    team = make_team("Unge voksne")
    other = make_team("Vaterland")
    vera = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return SimpleNamespace(
        team=team, vera=vera,
        viggo=make_user("veileder2", roles=["supervisor", "professional"], full_name="Viggo Veileder"),
        eva=make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", supervisor_id=vera.id,
                      role_type="ec"),
        ole=make_user("ek2", roles=["ec"], teams=[team], full_name="Ole Olsen", supervisor_id=vera.id,
                      role_type="ec"),
        leder=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        annen=make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
        hr=make_user("hr", roles=["hr"], full_name="Hanne HR"),
        admin=make_user("admin", roles=["admin"], full_name="Adam Admin"),
        kari=make_user("kollega", roles=["ec"], teams=[team], full_name="Kari Kollega", role_type="ec"),
    )


def plan(supervisor, kind="individual", participants=(), *, day=None, status="planned", group=None, themes=(),
         start=time(10), duration=60) -> SupervisionSession:
    if day is None:  # a planned one next week; a held one yesterday (held cannot be after today)
        day = today() + timedelta(days=7 if status == "planned" else -1)
    return sessions.create_session(supervisor, sessions.SessionInput(
        kind=kind, day=day, start=start, duration_minutes=duration, status=status,
        participant_ids=[u.id for u in participants], group_id=group.id if group else None,
        theme_ids=[t.id for t in themes]), actor=supervisor)


@pytest.fixture
def individual(people):
    """Vera supervises Eva, held yesterday."""
    return plan(people.vera, participants=[people.eva], day=today() - timedelta(days=1), status="held")


def audit(action, **where):
    query = select(AuditEvent).where(AuditEvent.action == action)
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def text_of(html: str, element_id: str) -> str:
    """The visible text of the element with this id (tags dropped), to assert on."""
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", match.group(2)))).strip() if match else ""


def textarea(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {field_id}"
    return unescape(match.group(1)).strip()


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def plan_data(**fields):
    return {"kind": "individual", "day": (today() + timedelta(days=3)).isoformat(), "start": "13:00",
            "duration_minutes": "60", "status": "planned", **fields}


# --- planning -------------------------------------------------------------------------------


def test_a_supervisor_plans_an_individual_session_and_it_is_in_both_lists(client, people):
    theme = db.session.scalar(select(SupervisionTheme).order_by(SupervisionTheme.position))
    client.login("veileder")
    page = client.get("/supervision/new").get_data(as_text=True)
    # Her own supervisees come first, marked as hers.
    assert page.index("Eva Erfaring (your supervisee)") < page.index("Kari Kollega")
    response = client.form("/supervision/new", plan_data(participant_ids=[people.eva.id], theme_ids=[theme.id]))
    assert response.status_code == 303
    session = db.session.scalar(select(SupervisionSession))
    assert response.headers["Location"].endswith(f"/supervision/{session.id}")
    assert session.supervisor_id == people.vera.id and session.participant_ids == {people.eva.id}
    assert session.status == "planned" and [t.id for t in session.themes] == [theme.id]
    assert session.starts_at.astimezone(OSLO).time() == time(13)
    created = audit("supervision.session_create")
    assert len(created) == 1 and theme.name not in created[0].summary

    client.login("ek")
    listing = client.get("/supervision/").get_data(as_text=True)
    assert "Coming up for you" in listing and "with Vera Veileder" in listing
    assert text_of(listing, f"session-{session.id}").count("Eva Erfaring") == 1
    assert theme.name not in listing  # the list never shows themes


@pytest.mark.parametrize("fields, field, message", [
    ({"participant_ids": []}, "participant_ids", "exactly one"),
    ({"participant_ids": "both"}, "participant_ids", "exactly one"),
    ({"duration_minutes": "5"}, "duration_minutes", "Between 15 and 480"),
    ({"duration_minutes": "600"}, "duration_minutes", "Between 15 and 480"),
    ({"day": "31.02.2026"}, "day", ""),
    ({"day": "1899-01-01"}, "day", "between 2000 and 2100"),
    ({"kind": "group"}, "group_id", "Choose a group"),
    ({"kind": "case", "participant_ids": []}, "participant_ids", "at least one"),
    ({"participant_ids": "supervisor"}, "participant_ids", "among the people listed"),
])
def test_a_plan_with_errors_is_refused_with_the_input_kept_and_nothing_saved(client, people, fields, field,
                                                                               message):
    ids = {"both": [people.eva.id, people.ole.id], "supervisor": [people.vera.id]}
    if isinstance(fields.get("participant_ids"), str):
        fields = {**fields, "participant_ids": ids[fields["participant_ids"]]}
    client.login("veileder")
    response = client.form("/supervision/new", plan_data(**{"participant_ids": [people.eva.id], **fields}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, field) and message in field_error(html, field)
    assert 'value="13:00"' in html  # what was typed is still there
    assert db.session.scalar(select(SupervisionSession)) is None


def test_only_supervisors_plan_sessions(client, people):
    client.login("ek")
    assert client.get("/supervision/new").status_code == 403
    assert client.form("/supervision/new", plan_data(participant_ids=[people.ole.id])).status_code == 403
    assert db.session.scalar(select(SupervisionSession)) is None


def test_a_group_session_takes_the_groups_members_and_records_attendance(client, people):
    group = SupervisionGroup(name="EK-nettverket", supervisor_id=people.vera.id, members=[people.eva, people.ole])
    db.session.add(group)
    db.session.commit()
    client.login("veileder")
    response = client.form("/supervision/new", plan_data(kind="group", group_id=group.id, day=today().isoformat()))
    assert response.status_code == 303
    session = db.session.scalar(select(SupervisionSession))
    assert session.participant_ids == {people.eva.id, people.ole.id} and session.group_id == group.id

    assert client.form(f"/supervision/{session.id}/held").status_code == 303
    page = client.get(f"/supervision/{session.id}").get_data(as_text=True)
    assert 'id="attendance"' in page
    response = client.htmx("POST", f"/supervision/{session.id}/attendance", {"attendance-attended": [people.eva.id]})
    assert response.status_code == 200 and "Attendance is saved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert {p.user_id: p.attended for p in session.participants} == {people.eva.id: True, people.ole.id: False}
    client.login("leder")  # leads both: sees who came, not the minutes
    page = client.get(f"/supervision/{session.id}").get_data(as_text=True)
    facts = text_of(page, "facts")
    assert "Eva Erfaring (came)" in facts and "Ole Olsen (did not come)" in facts
    assert 'id="shared"' not in page and 'id="attendance"' not in page


def test_a_session_planned_from_a_request_for_a_talk_answers_it(client, people):
    from outreach.supervision import talks

    talk = talks.ask_for_talk(people.eva, "Vanskelig uke", actor=people.eva)
    client.login("veileder")
    page = client.get(f"/supervision/new?request={talk.id}").get_data(as_text=True)
    assert "Vanskelig uke" in page and re.search(rf'<input checked[^>]*value="{people.eva.id}"', page)
    assert audit("supervision.content_read", subject_user_id=people.eva.id)  # the topic was read
    response = client.form("/supervision/new", plan_data(participant_ids=[people.eva.id], request_id=talk.id))
    assert response.status_code == 303
    talk = db.session.get(TalkRequest, talk.id)
    session = db.session.scalar(select(SupervisionSession))
    assert talk.status == "planned" and talk.session_id == session.id

    client.login("veileder2")  # not the request's supervisor
    assert client.get(f"/supervision/new?request={talk.id}").status_code == 404


def test_editing_the_facts_is_the_supervisors_and_a_stale_save_is_a_conflict(client, people):
    session = plan(people.vera, participants=[people.eva])
    url = f"/supervision/{session.id}/edit"
    data = {"day": (today() + timedelta(days=9)).isoformat(), "start": "09:30", "duration_minutes": "90",
            "participant_ids": [people.ole.id], "version": str(session.version)}
    client.login("ek")
    assert client.get(url).status_code == 403  # not a supervisor
    client.login("veileder2")
    assert client.get(url).status_code == 404  # a supervisor, not this session's
    assert client.form(url, data).status_code == 404
    client.login("veileder")
    assert client.form(url, data).status_code == 303
    db.session.expire_all()
    assert session.duration_minutes == 90 and session.participant_ids == {people.ole.id}
    response = client.form(url, {**data, "duration_minutes": "45"})  # the version it started from is old now
    assert response.status_code == 409
    assert "Someone else saved this" in response.get_data(as_text=True)
    db.session.expire_all()
    assert session.duration_minutes == 90


def test_marking_held_asks_first_then_takes_the_agenda_and_cancelling_asks_first(client, people):
    session = plan(people.vera, participants=[people.eva], day=today())
    entry = ReflectionEntry(author_id=people.eva.id, written_on=today(), title="Møtte en gammel venn",
                            body="Privat tekst", bring_to_supervision=True)
    db.session.add(entry)
    db.session.commit()
    client.login("veileder")
    page = client.get(f"/supervision/{session.id}").get_data(as_text=True)
    assert "Møtte en gammel venn" in text_of(page, "agenda") and "Eva Erfaring" in text_of(page, "agenda")
    assert "Privat tekst" not in page
    # "Mark as held" is a link to a confirmation, not a button that does it in one click.
    assert f'href="/supervision/{session.id}/held"' in page
    confirm = client.get(f"/supervision/{session.id}/held")
    assert confirm.status_code == 200
    text = text_of(confirm.get_data(as_text=True), "main")
    assert "Mark the session as held?" in text and "This cannot be undone" in text
    assert "1 title from the reflection log waits on its agenda" in text
    assert "Møtte en gammel venn" not in text  # a count, not the titles
    db.session.expire_all()
    assert session.status == "planned" and db.session.get(ReflectionEntry, entry.id).brought_to_session_id is None
    done = client.form(f"/supervision/{session.id}/held", follow_redirects=True)
    assert "The session is marked held." in done.get_data(as_text=True)
    db.session.expire_all()
    assert session.status == "held" and db.session.get(ReflectionEntry, entry.id).brought_to_session_id == session.id
    again = client.get(f"/supervision/{session.id}/held", follow_redirects=True)
    assert "Only a planned session can be marked held." in again.get_data(as_text=True)

    # With htmx the confirmation's POST sends the browser on to the session page.
    group = SupervisionGroup(name="EK-nettverket", supervisor_id=people.vera.id, members=[people.eva, people.ole])
    db.session.add(group)
    db.session.commit()
    meeting = plan(people.vera, "group", group=group, day=today() - timedelta(days=2))
    answer = client.htmx("POST", f"/supervision/{meeting.id}/held")
    assert answer.status_code == 204 and answer.headers["HX-Redirect"] == f"/supervision/{meeting.id}"
    db.session.expire_all()
    assert db.session.get(SupervisionSession, meeting.id).status == "held"

    other = plan(people.vera, participants=[people.ole])
    confirm = client.get(f"/supervision/{other.id}/cancel")
    assert confirm.status_code == 200 and "Cancel the session?" in confirm.get_data(as_text=True)
    db.session.expire_all()
    assert other.status == "planned"
    assert client.form(f"/supervision/{other.id}/cancel").status_code == 303
    db.session.expire_all()
    assert other.status == "cancelled"


def test_a_session_after_today_is_neither_registered_nor_marked_held(client, people):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    client.login("veileder")
    response = client.form("/supervision/new", plan_data(participant_ids=[people.eva.id], day=tomorrow,
                                                         status="held"))
    assert response.status_code == 422
    assert "A session after today cannot be registered as held" in field_error(response.get_data(as_text=True),
                                                                               "status")
    assert db.session.scalar(select(SupervisionSession)) is None

    coming = plan(people.vera, participants=[people.eva], day=today() + timedelta(days=1))
    page = client.get(f"/supervision/{coming.id}").get_data(as_text=True)
    assert "Mark as held" not in text_of(page, "facts") and "Cancel the session" in text_of(page, "facts")
    for answer in (client.get(f"/supervision/{coming.id}/held", follow_redirects=True),
                   client.form(f"/supervision/{coming.id}/held", follow_redirects=True)):
        assert "The session is dated after today" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert coming.status == "planned"
    with pytest.raises(sessions.NotYet):
        sessions.mark_held(coming, actor=people.vera)

    # A held session cannot be moved to a day after today either.
    held = plan(people.vera, participants=[people.eva], status="held")
    response = client.form(f"/supervision/{held.id}/edit", {"day": tomorrow, "start": "10:00",
                                                            "duration_minutes": "60", "version": str(held.version)})
    assert response.status_code == 422
    assert "The session is held: its date cannot be after today." in field_error(response.get_data(as_text=True),
                                                                                 "day")
    db.session.expire_all()
    assert held.starts_at.astimezone(OSLO).date() == today() - timedelta(days=1)


def test_reflection_titles_go_to_the_next_individual_session_only(client, people):
    case = plan(people.vera, "case", [people.eva, people.ole])
    later = plan(people.vera, "individual", [people.eva], day=today() + timedelta(days=30))
    next_one = plan(people.vera, "individual", [people.eva], day=today() + timedelta(days=10))
    db.session.add(ReflectionEntry(author_id=people.eva.id, written_on=today(), title="Evas tittel",
                                   bring_to_supervision=True))
    db.session.commit()
    client.login("veileder")
    # A case session is about cases: nobody's reflection titles, not even to the supervisor.
    assert "Evas tittel" not in client.get(f"/supervision/{case.id}").get_data(as_text=True)
    client.login("ek")
    assert "Evas tittel" not in client.get(f"/supervision/{case.id}").get_data(as_text=True)
    assert "Evas tittel" in client.get(f"/supervision/{next_one.id}").get_data(as_text=True)
    assert "Evas tittel" not in client.get(f"/supervision/{later.id}").get_data(as_text=True)


def _created_id(response) -> int:
    assert response.status_code == 303, response.status_code
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_reflection_titles_go_only_to_a_coming_session_with_the_current_supervisor(client, people):
    """Another supervisor's session with her, or a planned one dated in the past, never gets
    Eva's titles, nor takes them when marked held."""
    own = plan(people.vera, participants=[people.eva], day=today() + timedelta(days=7))
    past = plan(people.vera, participants=[people.eva], day=today() - timedelta(days=3))  # never marked held
    entry = ReflectionEntry(author_id=people.eva.id, written_on=today(), title="Evas tittel",
                            bring_to_supervision=True)
    db.session.add(entry)
    db.session.commit()

    client.login("veileder2")  # Viggo is not Eva's supervisor
    backdated = _created_id(client.form("/supervision/new", plan_data(participant_ids=[people.eva.id],
                                                                      day="2000-01-02")))
    sooner = _created_id(client.form("/supervision/new", plan_data(
        participant_ids=[people.eva.id], day=(today() + timedelta(days=1)).isoformat())))
    for session_id in (backdated, sooner):
        page = client.get(f"/supervision/{session_id}").get_data(as_text=True)
        assert "Evas tittel" not in page and 'id="agenda"' not in page
    assert client.form(f"/supervision/{backdated}/held").status_code == 303
    db.session.expire_all()
    assert db.session.get(SupervisionSession, backdated).status == "held"
    assert db.session.get(ReflectionEntry, entry.id).brought_to_session_id is None  # it took nothing
    assert "Evas tittel" not in client.get(f"/supervision/{backdated}").get_data(as_text=True)

    client.login("veileder")
    assert "Evas tittel" not in client.get(f"/supervision/{past.id}").get_data(as_text=True)
    assert "Evas tittel" in text_of(client.get(f"/supervision/{own.id}").get_data(as_text=True), "agenda")
    assert client.form(f"/supervision/{past.id}/held").status_code == 303  # held late: takes nothing
    db.session.expire_all()
    assert db.session.get(ReflectionEntry, entry.id).brought_to_session_id is None
    client.login("ek")
    assert "Evas tittel" in text_of(client.get(f"/supervision/{own.id}").get_data(as_text=True), "agenda")

    # Viggo becomes her supervisor: the title goes to his next session with her, and leaves Vera's.
    update_profile(people.eva.profile, {"supervisor_id": people.viggo.id})
    db.session.commit()
    client.login("veileder")
    assert "Evas tittel" not in client.get(f"/supervision/{own.id}").get_data(as_text=True)
    client.login("veileder2")
    assert "Evas tittel" in text_of(client.get(f"/supervision/{sooner}").get_data(as_text=True), "agenda")


def _first_theme() -> SupervisionTheme:
    return db.session.scalar(select(SupervisionTheme).order_by(SupervisionTheme.position))


# Each kind of what is said or chosen for a session, written for Eva's planned session.
CONTENT = {
    "shared summary": lambda s, p: sessions.save_note(s, "shared", "Evas ord", version="", actor=p.eva),
    "private notes": lambda s, p: sessions.save_note(s, "private", "Veras tanker", version="", actor=p.vera),
    "action": lambda s, p: sessions.add_action(s, text="Evas tiltak", owner_id=p.eva.id, due_date=None,
                                               actor=p.eva),
    "item to take further": lambda s, p: sessions.write_further(s, recipient="leader", body="Evas sak",
                                                                actor=p.eva),
    "preparation": lambda s, p: sessions.save_preparation(s, p.eva, body="Evas forberedelse", shared=False,
                                                          version="", actor=p.eva),
    "theme": lambda s, p: sessions.update_session(s, sessions.SessionInput(
        kind=s.kind, day=s.starts_at.astimezone(OSLO).date(), start=time(10), duration_minutes=60,
        participant_ids=[p.eva.id], theme_ids=[_first_theme().id]), version=s.version, actor=p.vera),
}


@pytest.mark.parametrize("content", CONTENT)
def test_who_takes_part_cannot_change_once_something_is_written(client, people, content):
    session = plan(people.vera, participants=[people.eva], day=today() + timedelta(days=3))
    CONTENT[content](session, people)
    url = f"/supervision/{session.id}/edit"

    def save(participant, start):
        version = db.session.get(SupervisionSession, session.id).version
        theme_ids = [t.id for t in db.session.get(SupervisionSession, session.id).themes]
        return client.form(url, {"day": (today() + timedelta(days=3)).isoformat(), "start": start,
                                 "duration_minutes": "60", "participant_ids": [participant.id],
                                 "theme_ids": theme_ids, "version": str(version)})

    client.login("veileder")
    refused = save(people.ole, "10:00")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Who takes part can no longer change" in field_error(html, "participant_ids")
    assert "Cancel the session and plan a new one instead." in field_error(html, "participant_ids")
    db.session.expire_all()
    assert db.session.get(SupervisionSession, session.id).participant_ids == {people.eva.id}
    client.login("ek2")  # Ole never got in
    assert client.get(f"/supervision/{session.id}").status_code == 404
    # The time can still change, with the same person.
    client.login("veileder")
    assert save(people.eva, "11:30").status_code == 303
    db.session.expire_all()
    moved = db.session.get(SupervisionSession, session.id)
    assert moved.starts_at.astimezone(OSLO).time() == time(11, 30) and moved.participant_ids == {people.eva.id}


def test_a_group_sessions_people_change_only_with_the_group_and_only_before_anything_is_written(client, people):
    group = groups.create_group(groups.GroupInput(name="EK-nettverket", supervisor_id=people.vera.id,
                                                  member_ids=[people.eva.id, people.ole.id]), actor=people.vera)
    other = groups.create_group(groups.GroupInput(name="Likepersoner", supervisor_id=people.vera.id,
                                                  member_ids=[people.kari.id]), actor=people.vera)
    session = plan(people.vera, "group", group=group, day=today() + timedelta(days=3))
    # Kari joins the group after the session was planned.
    groups.update_group(group, groups.GroupInput(name="EK-nettverket", supervisor_id=people.vera.id,
                                                 member_ids=[people.eva.id, people.ole.id, people.kari.id]),
                        version=group.version, actor=people.vera)
    url = f"/supervision/{session.id}/edit"

    def save(group_id, start="10:00"):
        version = db.session.get(SupervisionSession, session.id).version
        return client.form(url, {"day": (today() + timedelta(days=3)).isoformat(), "start": start,
                                 "duration_minutes": "60", "group_id": group_id, "version": str(version)})

    client.login("veileder")
    assert save(group.id, "11:00").status_code == 303  # moved an hour: the invited stay who they were
    db.session.expire_all()
    assert db.session.get(SupervisionSession, session.id).participant_ids == {people.eva.id, people.ole.id}

    sessions.save_note(db.session.get(SupervisionSession, session.id), "shared", "Referatet", version="",
                       actor=people.vera)
    refused = save(other.id)
    assert refused.status_code == 422
    assert "The group can no longer change" in field_error(refused.get_data(as_text=True), "group_id")
    db.session.expire_all()
    moved = db.session.get(SupervisionSession, session.id)
    assert moved.group_id == group.id and moved.participant_ids == {people.eva.id, people.ole.id}
    client.login("kollega")
    assert client.get(f"/supervision/{session.id}").status_code == 404

    # Before anything is written, choosing another group invites that group's members.
    fresh = plan(people.vera, "group", group=group, day=today() + timedelta(days=10))
    client.login("veileder")
    response = client.form(f"/supervision/{fresh.id}/edit", {
        "day": (today() + timedelta(days=10)).isoformat(), "start": "10:00", "duration_minutes": "60",
        "group_id": other.id, "version": str(fresh.version)})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(SupervisionSession, fresh.id).participant_ids == {people.kari.id}


def test_the_themes_on_the_edit_form_and_the_topic_on_a_refused_plan_are_logged_as_read(client, people):
    theme = _first_theme()
    session = plan(people.vera, participants=[people.eva], themes=[theme])
    client.login("veileder")
    before = len(audit("supervision.content_read", subject_user_id=people.eva.id))
    page = client.get(f"/supervision/{session.id}/edit").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*value="{theme.id}"', page)  # the saved theme is shown
    reads = audit("supervision.content_read", subject_user_id=people.eva.id)
    assert len(reads) == before + 1 and reads[-1].actor_id == people.vera.id
    assert reads[-1].summary == f"{sessions.describe(session)}: themes" and theme.name not in reads[-1].summary

    talk = talks.ask_for_talk(people.eva, "Vanskelig uke", actor=people.eva)
    topic_reads = lambda: audit("supervision.content_read", object_type="supervision_requests",  # noqa: E731
                                object_id=str(talk.id))
    assert "Vanskelig uke" in client.get(f"/supervision/new?request={talk.id}").get_data(as_text=True)
    assert len(topic_reads()) == 1
    refused = client.form("/supervision/new", plan_data(participant_ids=[people.eva.id], request_id=talk.id,
                                                        duration_minutes="5"))
    assert refused.status_code == 422 and "Vanskelig uke" in refused.get_data(as_text=True)
    assert len(topic_reads()) == 2
    client.login("ek")  # Eva sees both readings of the topic
    mine = unescape(client.get("/audit/me").get_data(as_text=True))
    assert mine.count("request for a talk") == 2 and "Vanskelig uke" not in mine


def test_a_purged_session_gets_no_themes_again(client, people, individual):
    theme = _first_theme()
    db.session.execute(update(SupervisionSession).values(content_purged_at=utcnow()))
    db.session.execute(session_themes.delete())
    db.session.commit()
    client.login("veileder")
    url = f"/supervision/{individual.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'name="theme_ids"' not in form
    assert "The content was deleted after the retention period: the session has no themes." in form
    response = client.form(url, {"day": (today() - timedelta(days=1)).isoformat(), "start": "09:00",
                                 "duration_minutes": "45", "theme_ids": [theme.id],
                                 "version": str(individual.version)})
    assert response.status_code == 303  # the facts change; the themes do not come back
    db.session.expire_all()
    session = db.session.get(SupervisionSession, individual.id)
    assert session.duration_minutes == 45 and session.themes == []
    with pytest.raises(FieldError) as refused:
        sessions.update_session(session, sessions.SessionInput(
            kind="individual", day=today() - timedelta(days=1), start=time(9), duration_minutes=45,
            theme_ids=[theme.id]), version=session.version, actor=people.vera)
    assert refused.value.field == "theme_ids"
    db.session.rollback()
    assert db.session.get(SupervisionSession, individual.id).themes == []
    assert theme.name not in client.get(f"/supervision/{individual.id}").get_data(as_text=True)


def test_ids_too_large_for_the_database_in_the_planning_form_are_field_errors(client, people):
    huge = str(10**20)
    client.login("veileder")
    cases = [({"kind": "group", "group_id": huge}, "group_id", "Choose a group."),
             ({"participant_ids": [huge]}, "participant_ids", "Choose among the people listed."),
             ({"participant_ids": [people.eva.id], "theme_ids": [huge]}, "theme_ids",
              "Choose among the themes listed.")]
    for fields, field, message in cases:
        response = client.form("/supervision/new", plan_data(**fields))
        assert response.status_code == 422, fields
        assert message in field_error(response.get_data(as_text=True), field)
    # A request id nobody's request can have: like any request not the user's, not found.
    assert client.form("/supervision/new", plan_data(participant_ids=[people.eva.id], request_id=huge)) \
        .status_code == 404
    assert client.get(f"/supervision/new?request={huge}").status_code == 404
    session = plan(people.vera, participants=[people.eva], status="held")
    response = client.htmx("POST", f"/supervision/{session.id}/actions",
                           {"action-text": "Noe", "action-owner_id": huge})
    assert response.status_code == 422
    assert "Choose one of the people in the session" in field_error(response.get_data(as_text=True),
                                                                    "action-owner_id")
    assert db.session.scalar(select(SupervisionSession).where(SupervisionSession.id != session.id)) is None


# --- the shared summary and the private notes -----------------------------------------------


def test_both_write_the_shared_summary_and_each_others_reading_is_logged(client, people, individual):
    url = f"/supervision/{individual.id}/shared"
    client.login("ek")
    editor = client.htmx("GET", url)
    assert editor.status_code == 200 and 'id="shared-form"' in editor.get_data(as_text=True)
    saved = client.htmx("POST", url, {"shared-body": "Vi snakket om grenser.", "shared-version": ""})
    assert saved.status_code == 200
    assert "Vi snakket om grenser." in text_of(saved.get_data(as_text=True), "shared")
    note = db.session.scalar(select(SessionNote))
    assert note.kind == "shared" and note.updated_by_id == people.eva.id

    client.login("veileder")
    page = client.get(f"/supervision/{individual.id}").get_data(as_text=True)
    assert "Vi snakket om grenser." in page and "Last saved by Eva Erfaring" in page
    response = client.form(url, {"shared-body": "Vi snakket om grenser og triggere.", "shared-version": note.version})
    assert response.status_code == 303
    db.session.expire_all()
    assert note.body == "Vi snakket om grenser og triggere." and note.updated_by_id == people.vera.id

    reads = audit("supervision.content_read")
    assert [(r.actor_id, r.subject_user_id) for r in reads] == [(people.vera.id, people.eva.id)]
    assert reads[0].summary == f"individual supervision {individual.starts_at.astimezone(OSLO).date()}: shared summary"
    updates = audit("supervision.note_update")
    assert len(updates) == 2 and all("grenser" not in u.summary for u in updates)

    client.login("ek")  # Eva sees who read it, and what
    mine = client.get("/audit/me").get_data(as_text=True)
    assert "Vera Veileder" in mine and "shared summary" in mine


def test_a_stale_save_of_the_summary_is_a_conflict_that_keeps_both_texts(client, people, individual):
    url = f"/supervision/{individual.id}/shared"
    client.login("ek")
    client.form(url, {"shared-body": "Evas versjon", "shared-version": ""})
    client.login("veileder")
    response = client.htmx("POST", url, {"shared-body": "Veras versjon", "shared-version": ""})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert textarea(html, "shared-body") == "Evas versjon"  # what is saved, in the form
    assert textarea(html, "shared-mine") == "Veras versjon"  # her own, beside it
    assert db.session.scalar(select(SessionNote.body)) == "Evas versjon"


def test_private_notes_are_the_supervisors_only(client, people, individual):
    url = f"/supervision/{individual.id}/private"
    client.login("veileder")
    assert client.form(url, {"private-body": "Mine tanker", "private-version": ""}).status_code == 303
    page = client.get(f"/supervision/{individual.id}").get_data(as_text=True)
    assert "Mine tanker" in text_of(page, "private") and "Only you see this." in page
    for username in ("ek", "leder", "hr", "admin", "veileder2"):
        client.login(username)
        assert "Mine tanker" not in client.get(f"/supervision/{individual.id}").get_data(as_text=True)
        assert client.get(url).status_code == 404
        assert client.form(url, {"private-body": "Overskrevet", "private-version": "1"}).status_code == 404
    assert db.session.scalar(select(SessionNote.body)) == "Mine tanker"


def test_the_identifier_guard_stops_a_phone_number_in_the_summary_until_confirmed(client, people, individual):
    url = f"/supervision/{individual.id}/shared"
    client.login("ek")
    response = client.htmx("POST", url, {"shared-body": "Ring ham på 912 34 567", "shared-version": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "912 34 567" in field_error(html, "shared-body")
    assert textarea(html, "shared-body") == "Ring ham på 912 34 567"
    assert db.session.scalar(select(SessionNote)) is None
    digest = re.search(r'name="shared-shown_identifiers"[^>]*value="([^"]+)"', html).group(1)
    response = client.htmx("POST", url, {"shared-body": "Ring ham på 912 34 567", "shared-version": "",
                                         "shared-shown_identifiers": digest, "shared-confirm_identifiers": "y"})
    assert response.status_code == 200
    confirmed = audit("supervision.identifiers_confirmed")
    assert len(confirmed) == 1 and "912" not in confirmed[0].summary


# --- actions --------------------------------------------------------------------------------


def test_actions_are_agreed_with_an_owner_in_the_room_and_marked_done(client, people, individual):
    url = f"/supervision/{individual.id}/actions"
    client.login("veileder")
    refused = client.htmx("POST", url, {"action-text": "Snakke med leder", "action-owner_id": people.leder.id})
    assert refused.status_code == 422
    assert "Choose one of the people in the session" in field_error(refused.get_data(as_text=True),
                                                                    "action-owner_id")
    added = client.htmx("POST", url, {"action-text": "Skrive ned tre triggere", "action-owner_id": people.eva.id,
                                      "action-due_date": (today() + timedelta(days=14)).isoformat()})
    assert added.status_code == 200
    assert "Skrive ned tre triggere" in text_of(added.get_data(as_text=True), "actions")
    action = db.session.scalar(select(SessionAction))
    assert action.owner_id == people.eva.id and action.done_at is None

    client.login("ek")
    done = client.htmx("POST", f"{url}/{action.id}/done", {"done": "1"})
    assert done.status_code == 200 and "Mark not done" in done.get_data(as_text=True)
    db.session.expire_all()
    assert action.done_at is not None
    client.login("leder")
    assert client.form(f"{url}/{action.id}/done", {"done": "0"}).status_code == 404
    assert client.form(url, {"action-text": "x", "action-owner_id": people.eva.id}).status_code == 404
    assert [e.action for e in audit("supervision.action_create")] == ["supervision.action_create"]


# --- take this further ----------------------------------------------------------------------


def test_an_item_reaches_the_leader_only_while_the_supervisee_agrees(client, people, individual):
    client.login("veileder")
    response = client.htmx("POST", f"/supervision/{individual.id}/further",
                           {"further-recipient": "leader", "further-body": "Eva trenger færre kveldsvakter."})
    assert response.status_code == 200
    item = db.session.scalar(select(FurtherItem))
    assert item.supervisee_id == people.eva.id and item.agreed_at is None

    client.login("leder")
    assert "færre kveldsvakter" not in client.get("/supervision/shared-with-me").get_data(as_text=True)

    client.login("ek")
    page = client.get(f"/supervision/{individual.id}").get_data(as_text=True)
    assert "Waiting for Eva Erfaring to agree" in page
    agreed = client.htmx("POST", f"/supervision/{individual.id}/further/{item.id}/agree",
                         {"version": item.version})
    assert agreed.status_code == 200 and "Withdraw my agreement" in agreed.get_data(as_text=True)
    assert len(audit("supervision.further_agree")) == 1

    client.login("leder")
    shared = client.get("/supervision/shared-with-me").get_data(as_text=True)
    assert "Eva trenger færre kveldsvakter." in shared and "Eva Erfaring" in shared
    reads = audit("supervision.further_read")
    assert [(r.actor_id, r.subject_user_id) for r in reads] == [(people.leder.id, people.eva.id)]
    # Only the item: not the session's other content.
    assert client.get(f"/supervision/{individual.id}/shared").status_code == 404
    client.login("annen")  # another team's leader
    assert "færre kveldsvakter" not in client.get("/supervision/shared-with-me").get_data(as_text=True)

    client.login("ek")
    confirm = client.get(f"/supervision/{individual.id}/further/{item.id}/withdraw")
    assert confirm.status_code == 200 and "Withdraw your agreement?" in confirm.get_data(as_text=True)
    assert client.form(f"/supervision/{individual.id}/further/{item.id}/withdraw").status_code == 303
    assert len(audit("supervision.further_withdraw")) == 1
    client.login("leder")
    assert "færre kveldsvakter" not in client.get("/supervision/shared-with-me").get_data(as_text=True)


def test_changing_an_agreed_item_needs_a_new_agreement(client, people, individual):
    item = sessions.write_further(individual, recipient="leader", body="Første tekst", actor=people.vera)
    sessions.agree_further(item, version=item.version, actor=people.eva)
    client.login("veileder")
    page = client.get(f"/supervision/{individual.id}/further/{item.id}/edit").get_data(as_text=True)
    assert "must agree again" in page
    response = client.form(f"/supervision/{individual.id}/further/{item.id}/edit",
                           {"further-recipient": "leader", "further-body": "Endret tekst", "further-version": "2"})
    assert response.status_code == 303
    db.session.expire_all()
    assert item.body == "Endret tekst" and item.agreed_at is None and not item.is_shared
    client.login("leder")
    assert "Endret tekst" not in client.get("/supervision/shared-with-me").get_data(as_text=True)

    # Eva agrees to what she read: an agreement to an older version is refused.
    client.login("ek")
    stale = client.htmx("POST", f"/supervision/{individual.id}/further/{item.id}/agree", {"version": "2"})
    assert stale.status_code == 409 and "changed since you read it" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert item.agreed_at is None
    # Only Eva agrees; the supervisor cannot.
    client.login("veileder")
    assert client.form(f"/supervision/{individual.id}/further/{item.id}/agree",
                       {"version": item.version}).status_code == 404


def test_an_item_for_occupational_health_is_printed_by_the_two_of_them_only(client, people, individual):
    item = sessions.write_further(individual, recipient="occupational_health", body="Trenger samtale med BHT",
                                  actor=people.eva)
    url = f"/supervision/{individual.id}/further/{item.id}/print"
    client.login("ek")
    assert client.get(url).status_code == 404  # not agreed yet
    sessions.agree_further(item, version=item.version, actor=people.eva)
    for username in ("ek", "veileder"):
        client.login(username)
        page = client.get(url)
        assert page.status_code == 200 and "Trenger samtale med BHT" in page.get_data(as_text=True)
    for username in ("leder", "hr", "admin"):
        client.login(username)
        assert client.get(url).status_code == 404
        assert "Trenger samtale" not in client.get("/supervision/shared-with-me").get_data(as_text=True)


def test_take_further_is_for_individual_sessions(client, people):
    case = plan(people.vera, "case", [people.eva, people.ole], status="held")
    client.login("veileder")
    assert 'id="further"' not in client.get(f"/supervision/{case.id}").get_data(as_text=True)
    response = client.form(f"/supervision/{case.id}/further", {"further-recipient": "leader", "further-body": "x"})
    assert response.status_code == 404


# --- who sees what, and what is logged ------------------------------------------------------


def test_leaders_hr_and_the_admin_see_the_facts_and_no_content_and_read_nothing(client, people, individual):
    sessions.save_note(individual, "shared", "Hemmelig sammendrag", version="", actor=people.eva)
    sessions.save_note(individual, "private", "Hemmelige notater", version="", actor=people.vera)
    sessions.add_action(individual, text="Hemmelig tiltak", owner_id=people.eva.id, due_date=None, actor=people.vera)
    sessions.write_further(individual, recipient="leader", body="Hemmelig sak", actor=people.vera)
    before = len(audit("supervision.content_read"))
    for username in ("leder", "hr", "admin"):
        client.login(username)
        page = client.get(f"/supervision/{individual.id}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "Eva Erfaring" in html and "Vera Veileder" in html
        assert "Hemmelig" not in html and "only for the people in it" in html
        listing = client.get("/supervision/").get_data(as_text=True)
        assert f'id="session-{individual.id}"' in listing and "Hemmelig" not in listing
        for part in ("shared", "private"):
            assert client.get(f"/supervision/{individual.id}/{part}").status_code == 404
    assert len(audit("supervision.content_read")) == before  # nothing was read
    client.login("annen")  # leads nobody in the session: not even the facts
    assert client.get(f"/supervision/{individual.id}").status_code == 404
    assert f'id="session-{individual.id}"' not in client.get("/supervision/").get_data(as_text=True)
    client.login("kollega")
    assert client.get(f"/supervision/{individual.id}").status_code == 404


def test_a_participant_reading_a_group_session_is_logged_for_the_others(client, people):
    case = plan(people.vera, "case", [people.eva, people.ole], status="held")
    sessions.save_note(case, "shared", "Felles notat", version="", actor=people.vera)
    client.login("ek")
    assert "Felles notat" in client.get(f"/supervision/{case.id}").get_data(as_text=True)
    reads = audit("supervision.content_read")
    assert [(r.actor_id, r.subject_user_id) for r in reads] == [(people.eva.id, people.ole.id)]
    assert "shared notes" in reads[0].summary and "Felles" not in reads[0].summary
    client.login("veileder")
    client.get(f"/supervision/{case.id}")
    reads = audit("supervision.content_read", actor_id=people.vera.id)
    assert sorted(r.subject_user_id for r in reads) == sorted([people.eva.id, people.ole.id])


def test_a_purged_session_says_its_content_was_deleted(client, people, individual):
    sessions.save_note(individual, "shared", "Gammel tekst", version="", actor=people.eva)
    db.session.execute(update(SupervisionSession).values(content_purged_at=utcnow()))
    db.session.execute(SessionNote.__table__.delete())
    db.session.commit()
    client.login("ek")
    page = client.get(f"/supervision/{individual.id}").get_data(as_text=True)
    assert "The content was deleted after the retention period" in page and "Gammel tekst" not in page
    assert client.form(f"/supervision/{individual.id}/shared", {"shared-body": "Ny", "shared-version": ""}) \
        .status_code == 404
    assert db.session.scalar(select(SessionNote)) is None


def test_a_participant_prepares_and_shares_the_preparation_with_the_supervisor(client, people):
    session = plan(people.vera, participants=[people.eva])
    client.login("ek")
    url = f"/supervision/{session.id}/preparation"
    response = client.htmx("POST", url, {"prep-body": "Vil snakke om tittelen", "prep-version": ""})
    assert response.status_code == 200 and "Your preparation is saved" in response.get_data(as_text=True)
    client.login("veileder")
    assert "Vil snakke om tittelen" not in client.get(f"/supervision/{session.id}").get_data(as_text=True)
    client.login("ek")
    note = db.session.scalar(select(PreparationNote))
    client.htmx("POST", url, {"prep-body": "Vil snakke om tittelen", "prep-shared": "y", "prep-version": note.version})
    client.login("veileder")
    page = client.get(f"/supervision/{session.id}").get_data(as_text=True)
    assert "Vil snakke om tittelen" in text_of(page, "preparation")
    assert [r.subject_user_id for r in audit("supervision.preparation_read")] == [people.eva.id]
    assert client.form(url, {"prep-body": "Veras", "prep-version": ""}).status_code == 404  # not a participant


# --- the list -------------------------------------------------------------------------------


def test_the_list_filters_by_kind_status_person_and_period_and_pages(client, app, people):
    start = today() - timedelta(days=60)
    for n in range(27):
        plan(people.vera, participants=[people.eva], day=start + timedelta(days=n), status="held")
    plan(people.vera, "case", [people.ole], day=start + timedelta(days=3))
    client.login("veileder")
    first = client.get("/supervision/").get_data(as_text=True)
    assert first.count('class="session-row"') == app.config["PAGE_SIZE"] and "Page 1 of 2" in first
    second = client.htmx("GET", "/supervision/?page=2").get_data(as_text=True)
    assert second.count('class="session-row"') == 3 and "<h1>" not in second  # only the results
    case = client.get("/supervision/?kind=case").get_data(as_text=True)
    assert case.count('class="session-row"') == 1 and "Ole Olsen" in case
    assert client.get("/supervision/?person=ole").get_data(as_text=True).count('class="session-row"') == 1
    assert client.get("/supervision/?status=planned").get_data(as_text=True).count('class="session-row"') == 1
    first, last = start + timedelta(days=2), start + timedelta(days=4)
    period = f"/supervision/?from={first.isoformat()}&to={last.isoformat()}"
    assert client.get(period).get_data(as_text=True).count('class="session-row"') == 4
    bad = client.get("/supervision/?from=2026-13-45&kind=nonsense&page=x")
    assert bad.status_code == 200 and "Not a valid date." in bad.get_data(as_text=True)


def test_each_row_says_when_in_oslo_what_kind_how_long_its_status_and_who_took_part(client, people):
    # Half past midnight in Oslo is the evening before in UTC: the row shows the Oslo day.
    day = today() - timedelta(days=2)
    held = plan(people.vera, "case", [people.ole, people.kari, people.eva], day=day, status="held",
                start=time(0, 30), duration=90)
    coming = plan(people.vera, participants=[people.eva], duration=45)
    client.login("veileder")
    listing = client.get("/supervision/").get_data(as_text=True)
    assert text_of(listing, f"session-{held.id}") == (
        f"{day.day}.{day.month:02d}.{day.year} 00:30 Case supervision 90 minutes Held Vera Veileder "
        "Eva Erfaring, Kari Kollega, Ole Olsen")
    assert "Individual supervision 45 minutes Planned Vera Veileder Eva Erfaring" in text_of(
        listing, f"session-{coming.id}")
    upcoming = re.search(rf'<li><a href="/supervision/{coming.id}">.*?</li>', listing, re.S).group()
    assert re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", upcoming))).endswith(
        ": Individual supervision · Eva Erfaring")


@pytest.mark.parametrize("username", ["veileder", "leder", "hr"])
def test_the_list_runs_as_many_queries_for_ten_sessions_as_for_three(client, people, username):
    def sessions_with_people(count):
        for n in range(count):
            plan(people.vera, "case", [people.eva, people.ole, people.kari], day=today() - timedelta(days=n),
                 status="held")

    def count():
        client.get("/supervision/")  # warm: the signed-in user's own loads
        with counted_queries() as statements:
            assert client.get("/supervision/").status_code == 200
        return len(statements)

    client.login(username)
    sessions_with_people(3)
    three = count()
    sessions_with_people(7)
    assert count() == three


def test_the_session_page_runs_as_many_queries_for_ten_participants_as_for_three(client, people, make_user):
    others = [make_user(f"deltaker{n}", roles=["ec"], teams=[people.team], role_type="ec") for n in range(7)]

    def page_queries(participants):
        session = plan(people.vera, "case", participants, status="held")
        sessions.save_note(session, "shared", "Notat", version="", actor=people.vera)
        sessions.save_note(session, "private", "Privat", version="", actor=people.vera)
        for user in participants[:3]:
            sessions.add_action(session, text="Gjøre noe", owner_id=user.id, due_date=None, actor=people.vera)
        client.get(f"/supervision/{session.id}")
        with counted_queries() as statements:
            assert client.get(f"/supervision/{session.id}").status_code == 200
        return len(statements)

    client.login("veileder")
    three = page_queries([people.eva, people.ole, people.kari])
    assert page_queries([people.eva, people.ole, people.kari, *others]) == three
    assert len(audit("supervision.content_read", actor_id=people.vera.id)) == 2 * (3 + 10)


def test_shared_with_me_runs_as_many_queries_for_ten_items_as_for_three(client, people, make_user):
    def agreed_items(count, start):
        for n in range(start, start + count):
            person = make_user(f"ek{n + 10}", roles=["ec"], teams=[people.team], full_name=f"Person {n}",
                               supervisor_id=people.vera.id, role_type="ec")
            held = plan(people.vera, participants=[person], status="held")
            item = sessions.write_further(held, recipient="leader", body=f"Sak nummer {n}", actor=people.vera)
            sessions.agree_further(item, version=item.version, actor=person)

    def count():
        client.get("/supervision/shared-with-me")  # warm: the signed-in user's own loads
        with counted_queries() as statements:
            page = client.get("/supervision/shared-with-me")
        assert page.status_code == 200
        return len(statements), page.get_data(as_text=True)

    client.login("leder")
    agreed_items(3, 0)
    three, html = count()
    assert "Sak nummer 2" in html
    agreed_items(7, 3)
    ten, html = count()
    assert all(f"Sak nummer {n}" in html for n in range(10))
    assert ten == three
