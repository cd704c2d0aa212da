"""Calendar feeds: a secret address per person (and per team for its leaders), renewing it,
stable event UIDs, only published shifts, and the one-off .ics download."""

import hashlib
import re
from datetime import time, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from notes_helpers import build_crew, make_shift, next_day

from outreach.audit.models import AuditEvent
from outreach.auth.models import UserRole
from outreach.extensions import db
from outreach.shifts import services
from outreach.shifts.models import CalendarToken


@pytest.fixture
def crew(make_user, make_team):
    return build_crew(make_user, make_team)


def make_feed(client, url="/calendar/renew") -> str:
    """Press the button that makes (or renews) a feed address; the path of the new address."""
    response = client.form(url)
    assert response.status_code == 200
    match = re.search(r'id="feed-url"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the new address is not shown"
    return urlsplit(match.group(1)).path


def fetch(app, path):
    """The feed as a calendar app fetches it: no session, no cookies."""
    return app.test_client().get(path)


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_person_makes_a_feed_and_a_calendar_reads_their_published_shifts(app, client, crew):
    shift = make_shift(crew.team, next_day(2), people=[crew.fag, crew.ek], title="Kveldsrunde",
                       start=time(21), end=time(2))
    client.login("ek")
    page = client.get("/calendar").get_data(as_text=True)
    assert 'id="feed-url"' not in page  # nothing is made until the person asks for it
    assert db.session.scalar(db.select(db.func.count()).select_from(CalendarToken)) == 0

    path = make_feed(client)
    found = events(fetch(app, path))
    event = found[f"shift-{shift.id}@localhost"]
    assert "Kveldsrunde" in str(event["SUMMARY"]) and "Per Fag" in str(event["SUMMARY"])
    assert "Eva Erfaring" not in str(event["SUMMARY"])  # the partner, not oneself
    assert str(event["LOCATION"]) == "Sentrum"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == timedelta(0) and start == shift.starts_at and end == shift.ends_at
    assert end - start == timedelta(hours=5)  # 21:00 to 02:00, across midnight
    assert b"DTSTART:" in fetch(app, path).data and b"Z\r\n" in fetch(app, path).data  # in UTC


def test_only_the_hash_of_the_token_is_stored(app, client, crew):
    client.login("ek")
    path = make_feed(client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    row = db.session.scalar(db.select(CalendarToken))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in row.token_hash
    assert len(token) >= 40
    # The stored hash is no key to the feed.
    assert fetch(app, f"/calendar/{row.token_hash}.ics").status_code == 404
    created = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "calendar.token_create"))
    assert created.subject_user_id == crew.ek.id and token not in created.summary


def test_uids_stay_the_same_when_the_shift_changes_and_sequence_moves(app, client, crew):
    shift = make_shift(crew.team, next_day(2), people=[crew.fag, crew.ek])
    client.login("ek")
    path = make_feed(client)
    before = events(fetch(app, path))[f"shift-{shift.id}@localhost"]

    services.update_shift(shift, kind="outreach", day=next_day(2), start=time(19), end=time(23),
                          areas=crew.team.areas, title="Flyttet", professionals_needed=1,
                          lived_experience_needed=1, version=shift.version)
    after_all = events(fetch(app, path))
    assert list(after_all) == [f"shift-{shift.id}@localhost"]  # updated, not duplicated
    after = after_all[f"shift-{shift.id}@localhost"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert "Flyttet" in str(after["SUMMARY"]) and str(after["LOCATION"]) == "Sentrum, Tøyen"
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + timedelta(hours=1)


def test_renewing_kills_the_old_address(app, client, crew):
    make_shift(crew.team, next_day(2), people=[crew.fag, crew.ek])
    client.login("ek")
    old = make_feed(client)
    assert fetch(app, old).status_code == 200

    page = client.get("/calendar").get_data(as_text=True)
    assert 'id="feed-url"' not in page  # the address is shown once, when it is made
    confirm = client.get("/calendar/renew")
    assert confirm.status_code == 200 and 'action="/calendar/renew"' in confirm.get_data(as_text=True)
    assert fetch(app, old).status_code == 200  # asking is not renewing

    new = make_feed(client)
    assert new != old
    assert fetch(app, old).status_code == 404
    assert fetch(app, new).status_code == 200
    rows = db.session.scalars(db.select(CalendarToken).order_by(CalendarToken.id)).all()
    assert [r.revoked_at is not None for r in rows] == [True, False]
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "calendar.token_renew"))


def test_a_feed_shows_its_owners_shifts_only_and_no_drafts(app, client, crew):
    theirs = make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek])
    only_per = make_shift(crew.team, next_day(3), people=[crew.fag, crew.kollega])
    draft = make_shift(crew.team, next_day(5), people=[crew.fag, crew.ek], publish=False)
    client.login("ek")
    eva = events(fetch(app, make_feed(client)))
    client.login("fag")
    per = events(fetch(app, make_feed(client)))
    assert set(eva) == {f"shift-{theirs.id}@localhost"}
    assert set(per) == {f"shift-{theirs.id}@localhost", f"shift-{only_per.id}@localhost"}
    assert f"shift-{draft.id}@localhost" not in eva | per

    # Publishing the draft brings it into the feed.
    services.publish(crew.team, next_day(5), next_day(5), actor=crew.leder)
    assert f"shift-{draft.id}@localhost" in events(fetch(app, make_feed(client)))


def test_nobody_reaches_another_persons_feed_without_their_token(app, client, crew):
    make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek], title="Evas vakt")
    client.login("ek")
    make_feed(client)
    client.login("kollega")
    # Signed in or not, there is no address for "Eva's feed" other than her secret one.
    assert client.get("/calendar/ek.ics").status_code == 404
    assert client.get(f"/calendar/{crew.ek.id}.ics").status_code == 404
    assert fetch(app, "/calendar/" + "A" * 43 + ".ics").status_code == 404
    own = client.get("/calendar/download.ics")
    assert b"Evas vakt" not in own.data


def test_a_closed_account_s_feed_stops(app, client, crew):
    make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek])
    client.login("ek")
    path = make_feed(client)
    crew.ek.active = False
    db.session.commit()
    assert fetch(app, path).status_code == 404


def test_the_team_feed_is_for_the_teams_leaders(app, client, crew):
    first = make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek])
    second = make_shift(crew.team, next_day(2), people=[crew.fag, crew.kollega])
    draft = make_shift(crew.team, next_day(4), people=[crew.fag], publish=False)
    elsewhere = make_shift(crew.other, next_day(1), people=[crew.annen])

    client.login("leder")
    page = client.get("/calendar").get_data(as_text=True)
    assert f"/calendar/teams/{crew.team.id}/renew" in page and f"/calendar/teams/{crew.other.id}/renew" not in page
    path = make_feed(client, f"/calendar/teams/{crew.team.id}/renew")
    found = events(fetch(app, path))
    # Every published shift of the team, with everyone on it, whether or not the leader is.
    assert set(found) == {f"shift-{first.id}-team@localhost", f"shift-{second.id}-team@localhost"}
    assert "Eva Erfaring" in str(found[f"shift-{first.id}-team@localhost"]["SUMMARY"])
    assert all(f"shift-{s.id}" not in uid for s in (draft, elsewhere) for uid in found)
    # The leader's personal feed is a different address.
    assert events(fetch(app, make_feed(client))) == {}
    assert fetch(app, path).status_code == 200

    client.login("fag")
    assert client.form(f"/calendar/teams/{crew.team.id}/renew").status_code == 403
    client.login("annen")  # a leader, of another team
    assert client.form(f"/calendar/teams/{crew.team.id}/renew").status_code == 404
    assert client.get(f"/calendar/teams/{crew.team.id}/renew").status_code == 404

    # A leader who is no longer one loses the team feed.
    db.session.execute(db.delete(UserRole).where(UserRole.user_id == crew.leder.id, UserRole.role == "leader"))
    db.session.commit()
    assert fetch(app, path).status_code == 404


def test_renewing_the_team_feed_asks_first_and_leaves_the_personal_feed_alone(app, client, crew):
    make_shift(crew.team, next_day(1), people=[crew.fag, crew.leder])
    client.login("leder")
    personal = make_feed(client)
    team = make_feed(client, f"/calendar/teams/{crew.team.id}/renew")
    assert client.get(f"/calendar/teams/{crew.team.id}/renew").status_code == 200
    new_team = make_feed(client, f"/calendar/teams/{crew.team.id}/renew")
    assert fetch(app, team).status_code == 404
    assert fetch(app, new_team).status_code == 200 and fetch(app, personal).status_code == 200


def test_the_download_is_a_file_of_my_published_shifts(client, crew):
    mine = make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek])
    make_shift(crew.team, next_day(3), people=[crew.fag, crew.ek], publish=False)
    assert client.get("/calendar/download.ics").status_code in (302, 303)  # signed in only
    client.login("ek")
    response = client.get("/calendar/download.ics")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert set(events(response)) == {f"shift-{mine.id}@localhost"}
    assert db.session.scalar(db.select(db.func.count()).select_from(CalendarToken)) == 0  # no address made


def test_a_person_on_part_of_a_shift_sees_their_own_hours(app, client, crew):
    from outreach.shifts.models import ShiftAssignment

    shift = make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek], start=time(18), end=time(23))
    assignment = db.session.scalar(db.select(ShiftAssignment).where(
        ShiftAssignment.shift_id == shift.id, ShiftAssignment.staff_id == crew.ek.profile.id))
    assignment.starts_at = shift.starts_at + timedelta(hours=1)
    assignment.ends_at = shift.ends_at
    db.session.commit()
    client.login("ek")
    event = events(client.get("/calendar/download.ics"))[f"shift-{shift.id}@localhost"]
    assert event.decoded("DTSTART") == shift.starts_at + timedelta(hours=1)


def test_the_feed_is_not_cached_and_names_itself(app, client, crew):
    client.login("ek")
    response = fetch(app, make_feed(client))
    assert "no-store" in response.headers["Cache-Control"]
    calendar = Calendar.from_ical(response.data)
    assert "Eva Erfaring" in str(calendar["X-WR-CALNAME"])
    assert calendar.walk("VEVENT") == []  # no shifts yet: an empty calendar, still a valid one
