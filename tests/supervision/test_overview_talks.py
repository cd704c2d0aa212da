"""The rhythm overview (who is due and overdue, by counts and dates), the rhythm targets per
role, and "ask for a talk" with the supervisor's list of requests."""

import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.services import update_profile
from outreach.shifts.models import Shift, ShiftAssignment, ShiftNote
from outreach.supervision import overview, talks
from outreach.supervision.models import SessionParticipant, SupervisionSession, SupervisionTarget, TalkRequest


def today() -> date:
    return utcnow().astimezone(OSLO).date()


def ago(days: int) -> date:
    return today() - timedelta(days=days)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), OSLO).astimezone(UTC)


@pytest.fixture
def crew(make_user, make_team):
    team = make_team("Unge voksne")
    other = make_team("Vaterland")
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return SimpleNamespace(
        team=team,
        veileder=veileder,
        veileder2=make_user("veileder2", roles=["supervisor", "professional"], full_name="Viggo Veileder"),
        both=make_user("begge", roles=["supervisor", "leader", "professional"], teams=[other],
                       full_name="Bodil Begge"),
        leder=make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        # On time: held a session two weeks ago, long since past the new period.
        ek=make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", supervisor_id=veileder.id,
                     start_date=date(2020, 1, 6)),
        # Overdue: the last session ten weeks ago.
        sen=make_user("sen", roles=["ec"], teams=[team], full_name="Sindre Sen", supervisor_id=veileder.id,
                      start_date=date(2020, 1, 6)),
        lp=make_user("lp", roles=["peer"], teams=[other], full_name="Liv Likeperson", supervisor_id=veileder.id,
                     start_date=date(2021, 3, 1)),
        fag=make_user("fag", roles=["professional"], teams=[team], full_name="Per Fag"),
        admin=make_user("admin", roles=["admin"], full_name="Ada Admin"),
        hr=make_user("hr", roles=["hr"], full_name="Hanne HR"),
    )


def session(kind, day, supervisor, people, *, status="held", attended=True):
    row = SupervisionSession(kind=kind, status=status, starts_at=at(day), supervisor_id=supervisor.id,
                             participants=[SessionParticipant(user_id=u.id, attended=attended if kind == "group"
                                                              else None) for u in people])
    db.session.add(row)
    db.session.commit()
    return row


def shift(team, day, people, *, status="published", debrief=False, report="Tøff kveld ved kiosken"):
    row = Shift(team_id=team.id, kind="outreach", starts_at=at(day, 18), ends_at=at(day, 23), status=status)
    db.session.add(row)
    db.session.flush()
    for user in people:
        db.session.add(ShiftAssignment(shift_id=row.id, staff_id=user.profile.id))
    if debrief:
        db.session.add(ShiftNote(shift_id=row.id, kind="report", body=report, needs_debrief=True,
                                 author_id=people[0].profile.id))
    db.session.commit()
    return row


def audit(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def row_of(html: str, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {element_id}"
    return unescape(match.group(1))


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def fmt(day: date) -> str:
    """A date as the pages show it (|date, Norwegian medium format)."""
    from flask_babel import force_locale, format_date

    with force_locale("nb"):
        return format_date(day, "medium")


@pytest.fixture
def history(crew):
    session("individual", ago(14), crew.veileder, [crew.ek])
    session("individual", ago(70), crew.veileder, [crew.sen])
    session("group", ago(10), crew.veileder, [crew.ek, crew.sen], attended=True)
    session("group", ago(10), crew.veileder, [crew.lp], attended=False)  # invited, did not come
    session("individual", ago(-5), crew.veileder, [crew.sen], status="planned")
    return crew


# --- the overview ------------------------------------------------------------------------------


def test_the_supervisor_sees_their_supervisees_overdue_first_with_dates(client, history):
    crew = history
    client.login("veileder")
    html = client.get("/supervision/rhythm").get_data(as_text=True)
    rows = re.findall(r'<tr id="supervisees-(\d+)"', html)
    # Sindre (ten weeks) and Liv (never at a group session, none held alone) are overdue; Eva is not.
    assert rows[-1] == str(crew.ek.profile.id)
    sen = row_of(html, f"supervisees-{crew.sen.profile.id}")
    assert fmt(ago(70)) in sen and fmt(ago(-5)) in sen  # the last session, the next one planned
    assert fmt(ago(70) + timedelta(weeks=4)) in sen
    assert re.search(r"\b42\b", sen)  # days overdue
    ek = row_of(html, f"supervisees-{crew.ek.profile.id}")
    assert fmt(ago(14)) in ek and fmt(ago(14) + timedelta(weeks=4)) in ek and fmt(ago(10)) in ek
    assert "overdue" not in re.search(rf'<tr id="supervisees-{crew.ek.profile.id}"[^>]*>', html).group()
    count = unescape(re.search(r'<p id="overdue-count">(.*?)</p>', html, re.S).group(1))
    assert overdue_text(2) in count
    assert "Per Fag" not in html and "Lise Leder" not in html  # not theirs


def overdue_text(num: int) -> str:
    from flask_babel import force_locale, ngettext

    with force_locale("nb"):
        return ngettext("%(num)d person overdue", "%(num)d people overdue", num)


def test_people_overdue_are_counted_with_the_plural_form(client, crew):
    session("individual", ago(70), crew.veileder, [crew.sen])
    session("group", ago(3), crew.veileder, [crew.sen, crew.ek, crew.lp])
    session("individual", ago(3), crew.veileder, [crew.ek])
    session("individual", ago(3), crew.veileder, [crew.lp])
    client.login("veileder")
    html = client.get("/supervision/rhythm").get_data(as_text=True)
    count = unescape(re.search(r'<p id="overdue-count">(.*?)</p>', html, re.S).group(1))
    assert overdue_text(1) in count


def test_the_first_independent_shift_sets_the_first_session(client, crew):
    # Eva as a new EC with no history, whose first published shift was 20 days ago.
    update_profile(crew.ek.profile, {"start_date": ago(40)})
    shift(crew.team, ago(30), [crew.ek], status="draft")  # a draft is not a shift worked
    shift(crew.team, ago(20), [crew.ek, crew.fag])
    rows = overview.rhythm_rows(overview.supervisees(crew.veileder))
    [row] = [r for r in rows if r.profile.id == crew.ek.profile.id]
    assert row.individual.due == ago(20) + timedelta(days=14)
    assert row.individual.reason == "first" and row.individual.overdue_days == 6


def test_a_first_shift_after_the_last_held_session_asks_for_a_first_session_again(client, crew):
    # Eva had a session 30 days ago, before any shift: her first shift 20 days ago counts.
    # Sindre worked (a draft does not count) before his session 30 days ago: the regular interval.
    for person in (crew.ek, crew.sen):
        session("individual", ago(30), crew.veileder, [person])
    shift(crew.team, ago(40), [crew.sen], status="draft")
    shift(crew.team, ago(20), [crew.ek, crew.sen])
    rows = {r.profile.id: r for r in overview.rhythm_rows(overview.supervisees(crew.veileder))}
    eva, sindre = rows[crew.ek.profile.id], rows[crew.sen.profile.id]
    assert (eva.individual.due, eva.individual.reason) == (ago(20) + timedelta(days=14), "first")
    assert sindre.individual.reason == "first"  # the draft before the session is no shift worked
    shift(crew.team, ago(35), [crew.sen])
    rows = {r.profile.id: r for r in overview.rhythm_rows(overview.supervisees(crew.veileder))}
    sindre = rows[crew.sen.profile.id]
    assert (sindre.individual.due, sindre.individual.reason) == (ago(30) + timedelta(weeks=4), "regular")


def test_each_person_is_checked_against_their_own_last_session(client, crew):
    # One query checks everyone, each against the day of their own last session: Eva's shift
    # 20 days ago came after hers (30 days ago), Sindre's before his (10 days ago).
    session("individual", ago(30), crew.veileder, [crew.ek])
    session("individual", ago(10), crew.veileder, [crew.sen])
    shift(crew.team, ago(20), [crew.ek, crew.sen])
    rows = {r.profile.id: r for r in overview.rhythm_rows(overview.supervisees(crew.veileder))}
    eva, sindre = rows[crew.ek.profile.id], rows[crew.sen.profile.id]
    assert (eva.individual.due, eva.individual.reason) == (ago(20) + timedelta(days=14), "first")
    assert (sindre.individual.due, sindre.individual.reason) == (ago(10) + timedelta(weeks=4), "regular")


def test_a_last_session_years_ago_still_counts_as_the_last(client, crew):
    # The dates are looked up in the last RECENT_SESSIONS first, then further back for whoever
    # had none there: Eva's last individual session was two years ago, Sindre's last group
    # session he attended too (he missed the one a month ago), and both show as theirs.
    long_ago = ago(730)
    session("individual", long_ago, crew.veileder, [crew.ek])
    session("individual", ago(900), crew.veileder, [crew.ek])
    session("individual", ago(10), crew.veileder, [crew.sen])
    session("group", long_ago, crew.veileder, [crew.sen])
    session("group", ago(30), crew.veileder, [crew.sen], attended=False)
    rows = {r.profile.id: r for r in overview.rhythm_rows(overview.supervisees(crew.veileder))}
    eva, sindre = rows[crew.ek.profile.id], rows[crew.sen.profile.id]
    assert eva.last_individual == long_ago and eva.individual.overdue_days > 600
    assert (sindre.last_individual, sindre.last_group) == (ago(10), long_ago)
    assert rows[crew.lp.profile.id].last_individual is None  # never had one


def test_debrief_flags_show_a_count_and_a_date_never_the_report(client, crew):
    shift(crew.team, ago(3), [crew.ek, crew.fag], debrief=True, report="Hemmelig rapporttekst")
    shift(crew.team, ago(8), [crew.ek], debrief=True, report="Mer hemmelig tekst")
    shift(crew.team, ago(5), [crew.sen], debrief=False)
    shift(crew.team, ago(60), [crew.sen], debrief=True)  # too old to count
    client.login("veileder")
    html = client.get("/supervision/rhythm").get_data(as_text=True)
    ek = row_of(html, f"supervisees-{crew.ek.profile.id}")
    assert re.search(r"\b2\b", ek.split("</td>")[-2]) and fmt(ago(3)) in ek
    sen = row_of(html, f"supervisees-{crew.sen.profile.id}")
    assert "–" in sen.split("</td>")[-2]
    assert "Hemmelig" not in html and "Tøff kveld" not in html


def test_a_leader_sees_the_people_on_their_teams_without_debriefs(client, history):
    crew = history
    shift(crew.team, ago(3), [crew.ek], debrief=True)
    client.login("leder")
    html = client.get("/supervision/rhythm").get_data(as_text=True)
    assert 'id="supervisees"' not in html and 'id="talk-requests"' not in html
    people = re.findall(r'<tr id="team-(\d+)"', html)
    assert set(people) == {str(crew.ek.profile.id), str(crew.sen.profile.id), str(crew.fag.profile.id)}
    assert people[0] == str(crew.sen.profile.id)  # overdue first
    assert "Liv Likeperson" not in html  # on another team


def test_someone_who_both_supervises_and_leads_sees_both_sections(client, crew, make_user):
    make_user("ek9", roles=["ec"], full_name="Nora Ny", supervisor_id=crew.both.id, start_date=ago(400))
    client.login("begge")
    html = client.get("/supervision/rhythm").get_data(as_text=True)
    assert "Nora Ny" in re.search(r'<table id="supervisees">(.*?)</table>', html, re.S).group(1)
    assert "Liv Likeperson" in re.search(r'<table id="team">(.*?)</table>', html, re.S).group(1)


def test_a_professional_has_no_target_and_is_never_overdue(client, crew):
    update_profile(crew.fag.profile, {"supervisor_id": crew.veileder.id, "start_date": date(2019, 1, 1)})
    rows = overview.rhythm_rows(overview.supervisees(crew.veileder))
    [row] = [r for r in rows if r.profile.id == crew.fag.profile.id]
    assert row.individual.due is None and row.group.due is None and not row.overdue


def test_the_rhythm_page_is_for_supervisors_and_leaders(client, crew):
    for username in ("ek", "fag", "hr", "admin"):
        client.login(username)
        assert client.get("/supervision/rhythm").status_code == 403


def test_the_rhythm_page_runs_the_same_number_of_queries_for_3_and_12_people(client, crew, make_user):
    def build(n, supervisor):
        for i in range(n):
            person = make_user(f"p{supervisor.username}{i}", roles=["ec"], teams=[crew.team],
                               full_name=f"Person {i}", supervisor_id=supervisor.id, start_date=ago(300))
            session("individual", ago(20 + i), supervisor, [person])
            session("group", ago(10), supervisor, [person])
            session("individual", ago(-3), supervisor, [person], status="planned")
            shift(crew.team, ago(2 + i), [person], debrief=True)
        talks.ask_for_talk(db.session.scalar(db.select(type(crew.ek)).where(
            type(crew.ek).username == f"p{supervisor.username}0")), "Om grenser")

    def statements_for(username):
        client.login(username)
        client.get("/supervision/rhythm")  # the first read of the request topics writes its audit rows
        counted = []

        def counter(connection, cursor, statement, *args):
            counted.append(statement)

        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            html = client.get("/supervision/rhythm").get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
        return counted, html.count('<tr id="supervisees-')

    third = make_user("veileder3", roles=["supervisor", "professional"], full_name="Vilde Veileder")
    build(3, crew.veileder2)
    build(12, third)
    few, rows_few = statements_for("veileder2")
    many, rows_many = statements_for("veileder3")
    assert (rows_few, rows_many) == (3, 12)
    assert len(few) == len(many), set(many) - set(few)


# --- targets -----------------------------------------------------------------------------------


def target_data(prefix="ec", **values):
    data = {"individual_weeks": "4", "new_individual_weeks": "2", "new_period_months": "6",
            "first_session_days": "14", "group_months": "1", "version": ""} | values
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_the_administrator_changes_a_roles_rhythm_and_the_overview_follows(client, history):
    crew = history
    client.login("admin")
    page = client.get("/supervision/targets").get_data(as_text=True)
    assert 'id="target-ec"' in page and 'id="target-peer"' in page and 'id="target-professional"' in page
    assert re.search(r'id="ec-individual_weeks"[^>]*value="4"', page)
    response = client.form("/supervision/targets/ec", target_data(individual_weeks="12", group_months=""))
    assert response.status_code == 303
    row = db.session.scalar(db.select(SupervisionTarget).where(SupervisionTarget.role_type == "ec"))
    assert row.individual_weeks == 12 and row.group_months is None
    [changed] = audit("supervision.target_update")
    assert "individual_weeks 4->12" in changed.summary and "group_months 1->None" in changed.summary
    rows = {r.profile.id: r for r in overview.rhythm_rows(overview.supervisees(crew.veileder))}
    sen = rows[crew.sen.profile.id]
    assert sen.individual.due == ago(70) + timedelta(weeks=12) and not sen.overdue
    assert sen.group.due is None  # no group target now


def test_a_target_form_with_errors_answers_422_and_keeps_the_input(client, crew):
    client.login("admin")
    response = client.htmx("POST", "/supervision/targets/peer",
                           target_data("peer", individual_weeks="0", group_months="tre"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="target-peer"' in html
    assert field_error(html, "peer-individual_weeks") and field_error(html, "peer-group_months")
    assert re.search(r'id="peer-group_months"[^>]*value="tre"', html)
    assert db.session.scalar(db.select(SupervisionTarget)) is None


def test_two_administrators_saving_the_same_target_get_a_conflict(client, crew):
    client.login("admin")
    assert client.form("/supervision/targets/ec", target_data(individual_weeks="5")).status_code == 303
    response = client.form("/supervision/targets/ec", target_data(individual_weeks="8", version=""))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert re.search(r'id="ec-individual_weeks"[^>]*value="5"', html)
    row = db.session.scalar(db.select(SupervisionTarget).where(SupervisionTarget.role_type == "ec"))
    assert row.individual_weeks == 5
    response = client.form("/supervision/targets/ec", target_data(individual_weeks="8", version=str(row.version)))
    assert response.status_code == 303


def test_only_the_administrator_sets_targets(client, crew):
    for username in ("veileder", "leder", "hr", "ek"):
        client.login(username)
        assert client.get("/supervision/targets").status_code == 403
        assert client.form("/supervision/targets/ec", target_data()).status_code == 403
    client.login("admin")
    assert client.form("/supervision/targets/nobody", target_data("nobody")).status_code == 404


# --- ask for a talk ----------------------------------------------------------------------------


def test_asking_for_a_talk_reaches_the_supervisor_and_the_topic_stays_out_of_the_audit_log(client, crew, nb):
    client.login("ek")
    page = client.get("/supervision/ask")
    assert page.status_code == 200
    response = client.form("/supervision/ask", {"topic": "Møtte en gammel venn på Plata"})
    assert response.status_code == 303
    [talk] = db.session.scalars(db.select(TalkRequest)).all()
    assert talk.supervisor_id == crew.veileder.id and talk.status == "open"
    assert talk.topic == "Møtte en gammel venn på Plata"
    [created] = audit("supervision.request_create")
    assert "Plata" not in created.summary and created.subject_user_id == crew.ek.id
    mine = client.get("/supervision/ask").get_data(as_text=True)
    assert "Møtte en gammel venn" in re.search(r'id="my-open-requests"(.*?)</ul>', mine, re.S).group(1)

    client.login("veileder")
    html = client.get("/supervision/requests").get_data(as_text=True)
    row = row_of(html, f"talk-{talk.id}")
    assert "Eva Erfaring" in row and "Møtte en gammel venn på Plata" in row
    assert f"/supervision/new?request={talk.id}" in row
    # The supervisor's reading of the topic is in Eva's "who has looked at my data".
    [read] = audit("supervision.content_read")
    assert read.subject_user_id == crew.ek.id and read.actor_label == "veileder" and "Plata" not in read.summary
    rhythm = client.get("/supervision/rhythm").get_data(as_text=True)
    assert "Møtte en gammel venn på Plata" in row_of(rhythm, f"talk-{talk.id}")

    client.login("veileder2")  # not Eva's supervisor
    assert f'id="talk-{talk.id}"' not in client.get("/supervision/requests").get_data(as_text=True)
    assert client.get(f"/supervision/requests/{talk.id}/close").status_code == 404


def test_a_talk_without_a_topic_and_from_the_start_page_box(client, crew, nb):
    client.login("sen")
    response = client.htmx("POST", "/supervision/ask", {"topic": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and nb("Your request is sent to your supervisor.") in html
    assert 'id="my-open-requests"' in html
    [talk] = db.session.scalars(db.select(TalkRequest)).all()
    assert talk.topic == "" and talk.requester_id == crew.sen.id


def test_a_topic_with_a_phone_number_needs_a_confirmation(client, crew):
    client.login("ek")
    response = client.form("/supervision/ask", {"topic": "Ring meg på 912 34 567"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "912 34 567" in field_error(html, "topic")
    assert 'name="confirm_identifiers"' in html
    assert "Ring meg på 912 34 567" in html  # the input is kept
    assert db.session.scalar(db.select(TalkRequest)) is None
    shown = re.search(r'name="shown_identifiers"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="shown_identifiers"',
                      html)
    digest = shown.group(1) or shown.group(2)
    response = client.form("/supervision/ask", {"topic": "Ring meg på 912 34 567", "confirm_identifiers": "y",
                                                "shown_identifiers": digest})
    assert response.status_code == 303
    [confirmed] = audit("supervision.identifiers_confirmed")
    assert "phone in topic" in confirmed.summary and "912" not in confirmed.summary


def test_a_topic_is_at_most_500_characters(client, crew):
    client.login("ek")
    response = client.form("/supervision/ask", {"topic": "x" * 501})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "topic") and "x" * 501 in html
    assert db.session.scalar(db.select(TalkRequest)) is None


def test_only_someone_with_a_supervisor_can_ask(client, crew):
    for username in ("fag", "admin"):
        client.login(username)
        assert client.get("/supervision/ask").status_code == 403
        assert client.form("/supervision/ask", {"topic": "Hei"}).status_code == 403
    assert db.session.scalar(db.select(TalkRequest)) is None


def test_the_supervisor_closes_a_request_after_being_asked(client, crew, nb):
    talk = talks.ask_for_talk(crew.ek, "")
    client.login("veileder")
    page = client.get(f"/supervision/requests/{talk.id}/close")
    assert page.status_code == 200 and "Eva Erfaring" in page.get_data(as_text=True)
    assert db.session.get(TalkRequest, talk.id).status == "open"  # asking first changes nothing
    assert client.form(f"/supervision/requests/{talk.id}/close").status_code == 303
    db.session.expire_all()
    talk = db.session.get(TalkRequest, talk.id)
    assert talk.status == "closed" and talk.handled_at is not None
    [closed] = audit("supervision.request_update")
    assert closed.summary == f"request {talk.id} closed"
    assert f'id="talk-{talk.id}"' not in client.get("/supervision/requests").get_data(as_text=True)
    client.login("ek")
    assert 'id="my-open-requests"' not in client.get("/supervision/ask").get_data(as_text=True)


def test_requests_are_for_supervisors(client, crew):
    talk = talks.ask_for_talk(crew.ek, "")
    for username in ("ek", "leder", "hr", "admin"):
        client.login(username)
        assert client.get("/supervision/requests").status_code == 403
        assert client.form(f"/supervision/requests/{talk.id}/close").status_code == 403
    assert db.session.get(TalkRequest, talk.id).status == "open"


def test_mark_planned_ties_the_request_to_its_session(crew):
    talk = talks.ask_for_talk(crew.ek, "Grenser")
    planned = session("individual", ago(-7), crew.veileder, [crew.ek], status="planned")
    assert talks.mark_planned(talk, planned, crew.veileder)
    db.session.expire_all()
    talk = db.session.get(TalkRequest, talk.id)
    assert (talk.status, talk.session_id) == ("planned", planned.id) and talk.handled_at is not None
    assert talks.open_requests_for(crew.veileder) == []
    [updated] = audit("supervision.request_update")
    assert updated.summary == f"request {talk.id} planned: session {planned.id}"
    assert not talks.mark_planned(talk, planned, crew.veileder)  # already answered: nothing more


def test_a_nul_character_is_dropped_not_a_server_error(client, crew):
    client.login("ek")
    assert client.form("/supervision/ask", {"topic": "Om\x00 grenser"}).status_code == 303
    assert db.session.scalar(db.select(TalkRequest.topic)) == "Om grenser"


def test_after_the_supervisor_changes_neither_the_old_nor_the_new_one_reads_the_topic(client, crew, nb):
    """The topic was written to Vera. When Eva's supervisor becomes Viggo, Vera no longer sees the
    request and Viggo does not get it; Eva still sees it, takes it back, and asks Viggo."""
    talk = talks.ask_for_talk(crew.ek, "Møtte en gammel venn på Plata", actor=crew.ek)
    update_profile(crew.ek.profile, {"supervisor_id": crew.veileder2.id})
    db.session.commit()
    for username in ("veileder", "veileder2"):
        client.login(username)
        for url in ("/supervision/requests", "/supervision/rhythm", "/"):
            html = client.get(url).get_data(as_text=True)
            assert "Plata" not in html and f'id="talk-{talk.id}"' not in html, (username, url)
        assert nb("No open requests for a talk.") in client.min_side().get_data(as_text=True)
        assert client.get(f"/supervision/new?request={talk.id}").status_code == 404
        assert client.get(f"/supervision/requests/{talk.id}/close").status_code == 404
        assert client.form(f"/supervision/requests/{talk.id}/close").status_code == 404
    assert talks.open_count_for(crew.veileder) == 0 and talks.open_requests_for(crew.veileder) == []
    assert audit("supervision.content_read") == []  # nobody read it

    client.login("ek")
    box = client.get("/supervision/ask").get_data(as_text=True)
    mine = unescape(re.search(r'id="my-open-requests"(.*?)</ul>', box, re.S).group(1))
    assert "Møtte en gammel venn på Plata" in mine
    assert nb("Your supervisor has changed since you asked: nobody sees this request now. Take it back, and ask "
              "again if you still want a talk.") in mine
    confirm = client.get(f"/supervision/ask/{talk.id}/close")
    assert confirm.status_code == 200
    assert nb("Take back your request for a talk?") in unescape(confirm.get_data(as_text=True))
    assert db.session.get(TalkRequest, talk.id).status == "open"
    done = client.form(f"/supervision/ask/{talk.id}/close", follow_redirects=True)
    assert nb("Your request for a talk is taken back.") in unescape(done.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "closed"
    assert audit("supervision.request_update")[-1].summary == f"request {talk.id} closed by the requester"
    assert client.form("/supervision/ask", {"topic": "Ny samtale"}).status_code == 303
    client.login("veileder2")
    assert "Ny samtale" in client.get("/supervision/requests").get_data(as_text=True)


def test_a_request_is_taken_back_by_its_asker_only(client, crew):
    talk = talks.ask_for_talk(crew.ek, "Grenser", actor=crew.ek)
    for username in ("sen", "veileder", "admin"):
        client.login(username)
        assert client.get(f"/supervision/ask/{talk.id}/close").status_code == 404
        assert client.form(f"/supervision/ask/{talk.id}/close").status_code == 404
    assert db.session.get(TalkRequest, talk.id).status == "open"
    client.login("ek")
    box = client.htmx("GET", f"/supervision/ask/{talk.id}/close")
    assert box.status_code == 200
    answer = client.htmx("POST", f"/supervision/ask/{talk.id}/close")
    assert answer.status_code == 204 and answer.headers["HX-Redirect"] == "/supervision/ask"
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "closed"
