"""The reflection log: the author writes, reads, searches, changes and deletes their own notes;
nobody else (supervisor, leader, HR, administrator, a colleague) reaches them by any page or
fragment. The identifier guard, two saves at once, and "bring to supervision"."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from flask_babel import force_locale, format_date
from sqlalchemy import event, update

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision import reflection
from outreach.supervision.agenda import agenda_for
from outreach.supervision.models import ReflectionEntry, SessionParticipant, SupervisionSession

QUESTIONS = ("Did I ask before I shared?", "Why did I share?", "Did I stop in time?", "Was it about me or about them?")


@pytest.fixture
def people(make_user, make_team):
    team = make_team("Unge voksne")
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return SimpleNamespace(
        team=team,
        veileder=veileder,
        eva=make_user("eva", roles=["ec"], teams=[team], full_name="Eva Erfaring", supervisor_id=veileder.id),
        kim=make_user("kim", roles=["ec"], teams=[team], full_name="Kim Kollega", supervisor_id=veileder.id),
        leder=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        hr=make_user("hr", roles=["hr"], full_name="Helga HR"),
        admin=make_user("admin", roles=["admin"], full_name="Ada Admin"),
    )


def today():
    return utcnow().astimezone(OSLO).date()


def entry_data(**fields) -> dict:
    return {"written_on": today().isoformat(), "title": "Delte for mye på kveldsrunden",
            "body": "Jeg fortalte mer enn jeg hadde tenkt.", **fields}


def make_entry(author, **fields) -> ReflectionEntry:
    data = reflection.EntryInput(**{"written_on": today(), "title": "Et notat", **fields})
    return reflection.create_entry(author, data, actor=author)


def audit(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def saved(entry_id):
    db.session.expire_all()
    return db.session.get(ReflectionEntry, entry_id)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no field {name}"
    value = re.search(r'value="([^"]*)"', match.group())
    return unescape(value.group(1)) if value else ""


def textarea(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {field_id}"
    return unescape(match.group(1)).strip()


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def is_checked(html: str, field_id: str) -> bool:
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    assert match, f"no input {field_id}"
    return re.search(r"\schecked[\s>]", match.group()) is not None


def norwegian_date(day) -> str:
    with force_locale("nb"):
        return format_date(day)


# --- the author ---------------------------------------------------------------------------------


def test_the_author_writes_reads_changes_and_deletes_an_entry(client, people, nb):
    client.login("eva")
    form = client.get("/supervision/reflection/new").get_data(as_text=True)
    for question in QUESTIONS:
        assert nb(question) in form
    # The four questions are optional and folded away; "bring" says what reaches the agenda.
    assert re.search(r"<details>\s*<summary>", form)
    assert nb("Only the title goes on the agenda of your next session, never the text.") in form
    assert hidden(form, "written_on") == today().isoformat() or f'value="{today().isoformat()}"' in form

    response = client.form("/supervision/reflection/new", entry_data(
        asked_before_sharing="Nei, det kom brått.", about_whom="Litt mye om meg.", bring_to_supervision="y"))
    assert response.status_code == 303
    entry = db.session.scalar(db.select(ReflectionEntry))
    assert response.headers["Location"].endswith(f"/supervision/reflection/{entry.id}")
    assert entry.author_id == people.eva.id and entry.bring_to_supervision and entry.why_shared == ""
    assert entry.asked_before_sharing == "Nei, det kom brått."

    page = client.get(f"/supervision/reflection/{entry.id}").get_data(as_text=True)
    assert "Jeg fortalte mer enn jeg hadde tenkt." in page and "Nei, det kom brått." in page
    assert nb("Did I ask before I shared?") in page and nb("Why did I share?") not in page  # only what is answered
    [read] = audit("supervision.content_read")
    assert read.kind == "read" and read.subject_user_id == people.eva.id and read.actor_id == people.eva.id
    assert read.summary == "reflection note" and read.object_id == str(entry.id)

    response = client.form(f"/supervision/reflection/{entry.id}/edit", entry_data(
        title="Delte for mye", body="Ny tekst.", version=str(entry.version)))
    assert response.status_code == 303
    entry = saved(entry.id)
    assert entry.title == "Delte for mye" and entry.body == "Ny tekst." and not entry.bring_to_supervision
    assert entry.asked_before_sharing == ""  # emptied by the edit

    entry_id = entry.id
    confirm = client.get(f"/supervision/reflection/{entry_id}/delete")
    assert confirm.status_code == 200 and "Delte for mye" in confirm.get_data(as_text=True)
    assert saved(entry_id) is not None  # asking deletes nothing
    response = client.form(f"/supervision/reflection/{entry_id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith("/supervision/reflection")
    assert saved(entry_id) is None

    changes = [*audit("reflection.create"), *audit("reflection.update"), *audit("reflection.delete")]
    assert [e.action for e in changes] == ["reflection.create", "reflection.update", "reflection.delete"]
    for change in changes:
        assert change.actor_id == people.eva.id and change.subject_user_id == people.eva.id
        # Ids, dates and field names; never what was written.
        for words in ("Delte", "tekst", "brått", "fortalte"):
            assert words not in change.summary


def test_the_list_is_mine_newest_first_searchable_and_paged(client, people, app):
    for n in range(30):
        make_entry(people.eva, title=f"Notat {n:02d}", written_on=today() - timedelta(days=n))
    make_entry(people.eva, title="Møte med en gammel kjent 100%", written_on=today() - timedelta(days=40))
    make_entry(people.kim, title="Kims eget notat")
    client.login("eva")
    page = client.get("/supervision/reflection").get_data(as_text=True)
    titles = re.findall(r'/supervision/reflection/\d+">([^<]+)</a>', page)
    assert titles[:3] == ["Notat 00", "Notat 01", "Notat 02"]
    assert len(titles) == app.config["PAGE_SIZE"] and "Kims eget notat" not in page
    second = client.get("/supervision/reflection?page=2").get_data(as_text=True)
    assert "Møte med en gammel kjent" in second and "Kims eget notat" not in second

    found = client.htmx("GET", "/supervision/reflection?q=GAMMEL KJENT")
    html = found.get_data(as_text=True)
    assert found.status_code == 200 and "<html" not in html and 'id="results"' in html
    assert re.findall(r'/supervision/reflection/\d+">([^<]+)</a>', html) == ["Møte med en gammel kjent 100%"]
    # A % in the search box is a character, not a wildcard.
    assert "Notat 00" not in client.get("/supervision/reflection?q=%25").get_data(as_text=True)
    assert "Kims eget notat" not in client.get("/supervision/reflection?q=Kims").get_data(as_text=True)
    assert client.get("/supervision/reflection?page=-3&q=" + "x" * 5000).status_code == 200


# --- nobody else --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["veileder", "leder", "hr", "admin", "kim"])
def test_nobody_but_the_author_reaches_an_entry(client, people, username):
    entry = make_entry(people.eva, title="Hemmelig tittel", body="Hemmelig innhold", bring_to_supervision=True)
    client.login(username)
    base = f"/supervision/reflection/{entry.id}"
    for url in (base, f"{base}/edit", f"{base}/delete"):
        assert client.get(url).status_code == 404, url
        assert client.htmx("GET", url).status_code == 404, url
    assert client.form(f"{base}/edit", entry_data(title="Overskrevet", version=str(entry.version))).status_code == 404
    assert client.htmx("POST", f"{base}/edit", entry_data(title="Overskrevet")).status_code == 404
    assert client.form(f"{base}/delete").status_code == 404
    for page in (client.get("/supervision/reflection?q=tittel"), client.htmx("GET", "/supervision/reflection")):
        assert "Hemmelig" not in page.get_data(as_text=True)
    entry = saved(entry.id)
    assert entry is not None and entry.title == "Hemmelig tittel"
    # Refused and logged, and no read of the content was.
    denied = audit("access.denied")
    assert denied and all(e.actor_label == username for e in denied)
    assert audit("supervision.content_read") == []


def test_signed_out_visitors_are_sent_to_sign_in(client, people):
    entry = make_entry(people.eva)
    for url in ("/supervision/reflection", "/supervision/reflection/new", f"/supervision/reflection/{entry.id}"):
        response = client.get(url)
        assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


# --- what is typed ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"title": "   "}, "title", "Give the entry a title."),
    ({"title": "x" * 201}, "title", None),
    ({"written_on": ""}, "written_on", "Give a date."),
    ({"written_on": "2026-13-40"}, "written_on", None),
    ({"written_on": (today() + timedelta(days=1)).isoformat()}, "written_on", "The date cannot be in the future."),
    ({"written_on": (today() - timedelta(days=6 * 366)).isoformat()}, "written_on", None),
    ({"body": "x" * 10001}, "body", None),
])
def test_a_form_with_errors_keeps_what_was_typed(client, people, nb, fields, field, message):
    client.login("eva")
    response = client.form("/supervision/reflection/new", entry_data(**{"body": "Min tekst", **fields}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, field)
    if message:
        assert nb(message) in field_error(html, field)
    if field != "body":
        assert textarea(html, "body") == "Min tekst"
    assert db.session.scalar(db.select(db.func.count()).select_from(ReflectionEntry)) == 0


def test_the_htmx_form_answers_with_the_fragment_or_a_redirect(client, people):
    client.login("eva")
    response = client.htmx("POST", "/supervision/reflection/new", entry_data(title=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html and 'id="entry"' in html
    response = client.htmx("POST", "/supervision/reflection/new", entry_data())
    entry = db.session.scalar(db.select(ReflectionEntry))
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/supervision/reflection/{entry.id}"


@pytest.mark.parametrize("field", ["title", "body", "asked_before_sharing", "why_shared", "stopped_in_time",
                                   "about_whom"])
def test_every_text_field_runs_the_identifier_guard(client, people, field):
    client.login("eva")
    url = "/supervision/reflection/new"
    data = entry_data(**{field: "Ring henne på 912 34 567"})
    response = client.form(url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "912 34 567" in field_error(html, field)
    assert 'name="confirm_identifiers"' in html
    if field in reflection.PROMPT_FIELDS:
        assert re.search(r"<details open>", html)  # the finding is not hidden in a folded section
    assert db.session.scalar(db.select(db.func.count()).select_from(ReflectionEntry)) == 0

    response = client.form(url, {**data, "confirm_identifiers": "y",
                                 "shown_identifiers": hidden(html, "shown_identifiers")})
    assert response.status_code == 303
    [confirmation] = audit("supervision.identifiers_confirmed")
    assert confirmation.summary.endswith(f"phone in {field}") and "912" not in confirmation.summary


def test_a_confirmation_covers_only_what_was_shown(client, people):
    client.login("eva")
    html = client.form("/supervision/reflection/new", entry_data(body="Ring 91234567")).get_data(as_text=True)
    response = client.form("/supervision/reflection/new", entry_data(
        body="Ring 91234567, skriv til ola@example.no", confirm_identifiers="y",
        shown_identifiers=hidden(html, "shown_identifiers")))
    assert response.status_code == 422 and "ola@example.no" in field_error(response.get_data(as_text=True), "body")
    assert audit("supervision.identifiers_confirmed") == []


def test_two_saves_at_once_keep_both_texts(client, people, nb):
    entry = make_entry(people.eva, title="Første tittel", body="Første tekst")
    client.login("eva")
    form = client.get(f"/supervision/reflection/{entry.id}/edit").get_data(as_text=True)
    version = hidden(form, "version")
    # Saved from the phone in between.
    reflection.update_entry(saved(entry.id), reflection.EntryInput(
        written_on=today(), title="Fra telefonen", body="Tekst fra telefonen"), version=version)

    response = client.form(f"/supervision/reflection/{entry.id}/edit", entry_data(
        title="Fra PC-en", body="Tekst fra PC-en", why_shared="For å hjelpe", version=version))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert textarea(html, "body") == "Tekst fra telefonen"  # the form shows what is saved
    assert textarea(html, "mine-body") == "Tekst fra PC-en" and textarea(html, "mine-title") == "Fra PC-en"
    assert textarea(html, "mine-why_shared") == "For å hjelpe"
    assert saved(entry.id).body == "Tekst fra telefonen"
    # Saving again from the fresh form works.
    response = client.form(f"/supervision/reflection/{entry.id}/edit", entry_data(
        title="Fra PC-en", body="Tekst fra PC-en", version=hidden(html, "version")))
    assert response.status_code == 303 and saved(entry.id).body == "Tekst fra PC-en"


def test_a_save_that_lands_between_the_check_and_the_write(client, people, meanwhile):
    entry = make_entry(people.eva, body="Første tekst")
    client.login("eva")
    version = hidden(client.get(f"/supervision/reflection/{entry.id}/edit").get_data(as_text=True), "version")
    meanwhile(ReflectionEntry, update(ReflectionEntry).where(ReflectionEntry.id == entry.id)
              .values(body="Fra telefonen", version=ReflectionEntry.version + 1))
    response = client.form(f"/supervision/reflection/{entry.id}/edit",
                           entry_data(body="Fra PC-en", version=version))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert textarea(html, "body") == "Fra telefonen" and textarea(html, "mine-body") == "Fra PC-en"
    assert saved(entry.id).body == "Fra telefonen" and audit("reflection.update") == []


def test_an_entry_deleted_while_being_edited(client, people, nb):
    entry_id = make_entry(people.eva).id
    client.login("eva")
    form = client.get(f"/supervision/reflection/{entry_id}/edit").get_data(as_text=True)
    reflection.delete_entry(saved(entry_id))
    response = client.form(f"/supervision/reflection/{entry_id}/edit",
                           entry_data(version=hidden(form, "version")))
    assert response.status_code == 404
    assert client.form(f"/supervision/reflection/{entry_id}/delete").status_code == 404


# --- bring to supervision -----------------------------------------------------------------------


def _session(supervisor, person, days: int, status: str) -> SupervisionSession:
    session = SupervisionSession(kind="individual", status=status, supervisor_id=supervisor.id,
                                 starts_at=datetime.now(UTC) + timedelta(days=days))
    session.participants = [SessionParticipant(user_id=person.id)]
    db.session.add(session)
    db.session.commit()
    return session


def test_a_marked_title_goes_on_the_next_agenda_and_history_stays(client, people, nb):
    planned = _session(people.veileder, people.eva, 7, "planned")
    client.login("eva")
    client.form("/supervision/reflection/new", entry_data(title="Ta opp dette", bring_to_supervision="y"))
    entry = db.session.scalar(db.select(ReflectionEntry))
    assert [e.title for e in agenda_for(planned)] == ["Ta opp dette"]
    page = client.get(f"/supervision/reflection/{entry.id}").get_data(as_text=True)
    assert nb("The title is on the agenda of your next supervision session; the text is not.") in page

    held = _session(people.veileder, people.eva, -2, "held")
    entry.brought_to_session_id = held.id
    db.session.commit()
    day = held.starts_at.astimezone(OSLO).date()
    brought = nb("Brought to supervision on %(date)s", date=norwegian_date(day))
    assert brought in client.get(f"/supervision/reflection/{entry.id}").get_data(as_text=True)
    assert brought in client.get("/supervision/reflection").get_data(as_text=True)
    form = client.get(f"/supervision/reflection/{entry.id}/edit").get_data(as_text=True)
    assert is_checked(form, "bring_to_supervision")

    # Unticking is allowed; that it was brought to the session stays true.
    response = client.form(f"/supervision/reflection/{entry.id}/edit",
                           entry_data(title="Ta opp dette", version=hidden(form, "version")))
    assert response.status_code == 303
    entry = saved(entry.id)
    assert not entry.bring_to_supervision and entry.brought_to_session_id == held.id
    assert agenda_for(planned) == []
    assert brought in client.get(f"/supervision/reflection/{entry.id}").get_data(as_text=True)


def test_the_list_runs_the_same_queries_for_3_or_10_entries(client, people):
    held = _session(people.veileder, people.eva, -2, "held")
    client.login("eva")

    def statements() -> int:
        seen = []

        def count(*args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/supervision/reflection").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    def add(n):
        for i in range(n):
            entry = make_entry(people.eva, title=f"Notat {i}", bring_to_supervision=True)
            entry.brought_to_session_id = held.id if i % 2 else None
        db.session.commit()

    add(3)
    three = statements()
    add(7)
    assert statements() == three
