"""A person's limits on the roster: absence, availability, accommodation and an EC's own boundaries."""

import re
from datetime import date, time, timedelta

import pytest

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.services import update_profile
from outreach.shifts import limits, services
from outreach.shifts.models import Absence, Accommodation, Availability, ShiftAssignment

MONDAY = date(2026, 6, 8)


@pytest.fixture
def crew(make_user, make_team):
    team = make_team("Unge voksne", areas=["Sentrum", "Tøyen"])
    other = make_team("Vaterland", areas=["Elvebredden"])
    people = {
        "leder": make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        "fag": make_user("fag", roles=["professional"], teams=[team], full_name="Per Fag"),
        "ek": make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring"),
        "lp": make_user("lp", roles=["peer"], teams=[team], full_name="Lars Likeperson"),
        "lp2": make_user("lp2", roles=["peer"], teams=[team], full_name="Lea Likeperson"),
        "annen": make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
        "veileder": make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder"),
        "hr": make_user("hr", roles=["hr"], full_name="Helga HR"),
        "admin": make_user("admin", roles=["admin"], full_name="Ada Admin"),
    }
    update_profile(people["ek"].profile, {"supervisor_id": people["veileder"].id})
    return team, other, people


def area(team, name):
    return next(a for a in team.areas if a.name == name)


def shift_in(team, area_name="Sentrum", day=MONDAY, start=time(18), end=time(23), kind="outreach"):
    return services.create_shift(team, kind=kind, day=day, start=start, end=end, areas=[area(team, area_name)])


def assign(client, team, shift, user, reason=""):
    db.session.refresh(shift)
    return client.htmx("POST", f"/teams/{team.id}/roster/assign?start={MONDAY}",
                       {"shift": f"{shift.id}:{shift.version}", "staff_id": user.profile.id, "reason": reason})


def people_on(shift_id):
    db.session.expire_all()
    return sorted(a.staff.user.username for a in db.session.scalars(
        db.select(ShiftAssignment).where(ShiftAssignment.shift_id == shift_id)))


def audit(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def gone(model, ident) -> bool:
    return db.session.scalar(db.select(model.id).where(model.id == ident)) is None


def absence_form(person, kind="holiday", first="2026-06-08", last="2026-06-12"):
    return {"staff_id": person.profile.id, "kind": kind, "starts_on": first, "ends_on": last}


def next_monday() -> date:
    today = utcnow().astimezone(OSLO).date()
    return today + timedelta(days=7 - today.weekday())


# --- absence ----------------------------------------------------------------------------------------


def test_a_leader_enters_absence_and_it_blocks_a_shift_that_day(client, crew):
    team, _, people = crew
    client.login("leder")
    response = client.form(f"/teams/{team.id}/absence/new", absence_form(people["fag"]))
    assert response.status_code == 303
    absence = db.session.scalar(db.select(Absence))
    assert (absence.staff_id, absence.kind, absence.starts_on, absence.ends_on) == (
        people["fag"].profile.id, "holiday", date(2026, 6, 8), date(2026, 6, 12))
    listing = client.get(response.location).get_data(as_text=True)
    assert "Per Fag" in listing and f'id="absence-{absence.id}"' in listing

    shift = shift_in(team, day=MONDAY + timedelta(days=2))
    response = assign(client, team, shift, people["fag"])
    assert response.status_code == 422
    assert "Per Fag er borte (ferie)" in response.get_data(as_text=True)
    assert people_on(shift.id) == []

    row = audit("absence.create")[0]
    assert row.actor_label == "leder" and row.subject_user_id == people["fag"].id
    assert "holiday" not in row.summary  # the kind stays out of the log (sick leave is health-related)


def test_absence_shows_in_the_grid_for_leaders_and_for_the_person_only(client, crew):
    team, _, people = crew
    limits.create_absence(people["ek"].profile, kind="sick_leave", starts_on=MONDAY + timedelta(days=1),
                          ends_on=MONDAY + timedelta(days=2))
    client.login("leder")
    html = client.get(f"/teams/{team.id}/roster?start={MONDAY}").get_data(as_text=True)
    assert html.count('class="absence-mark"') == 2
    assert re.search(r'class="absence-mark" title="(Sykefravær|Sick leave)"', html)

    client.login("fag")  # a colleague does not see why, or that, Eva is away
    assert 'class="absence-mark"' not in client.get(f"/teams/{team.id}/roster?start={MONDAY}").get_data(as_text=True)
    client.login("ek")  # Eva sees her own
    assert client.get(f"/teams/{team.id}/roster?start={MONDAY}").get_data(as_text=True).count(
        'class="absence-mark"') == 2


def test_absence_form_errors_keep_the_input_and_save_nothing(client, crew):
    team, _, people = crew
    client.login("leder")
    response = client.form(f"/teams/{team.id}/absence/new",
                           absence_form(people["ek"], kind="course", first="2026-06-12", last="2026-06-08"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="ends_on-error"' in html and 'value="2026-06-12"' in html
    assert re.search(r'<option selected value="course">|<option value="course" selected>', html)
    assert db.session.scalar(db.select(db.func.count()).select_from(Absence)) == 0
    # No free text: sick leave is entered without any health details.
    assert "<textarea" not in html


def test_absence_may_not_overlap_the_persons_other_absence(client, crew):
    team, _, people = crew
    limits.create_absence(people["ek"].profile, kind="holiday", starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 20))
    client.login("leder")
    response = client.form(f"/teams/{team.id}/absence/new",
                           absence_form(people["ek"], first="2026-07-20", last="2026-07-25"))
    assert response.status_code == 422
    assert 'id="starts_on-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Absence)) == 1


def test_absence_list_filters_and_pages(client, crew, app):
    team, _, people = crew
    for week in range(30):
        first = date(2026, 1, 5) + timedelta(weeks=week)
        limits.create_absence(people["fag"].profile, kind="course" if week % 2 else "holiday", starts_on=first,
                              ends_on=first + timedelta(days=1))
    limits.create_absence(people["ek"].profile, kind="leave", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 3))
    client.login("leder")
    url = f"/teams/{team.id}/absence"
    assert client.get(url).get_data(as_text=True).count('class="absence-row') == app.config["PAGE_SIZE"]
    assert client.get(url + "?page=2").get_data(as_text=True).count('class="absence-row') == 31 - 25
    only_eva = client.get(f"{url}?person={people['ek'].profile.id}").get_data(as_text=True)
    assert only_eva.count('class="absence-row') == 1 and "Eva Erfaring" in only_eva
    assert client.get(f"{url}?kind=course").get_data(as_text=True).count('class="absence-row') == 15
    march = client.htmx("GET", f"{url}?from=2026-03-01&to=2026-03-31")
    html = march.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="results">')
    assert html.count('class="absence-row') == 6  # Per's five Mondays in March and Eva's leave
    bad = client.get(f"{url}?from=31.03.2026").get_data(as_text=True)
    assert 'id="from-error"' in bad


def test_absence_edit_and_delete_ask_first_and_are_audited(client, crew):
    team, _, people = crew
    absence = limits.create_absence(people["ek"].profile, kind="holiday", starts_on=date(2026, 7, 1),
                                    ends_on=date(2026, 7, 3))
    client.login("leder")
    response = client.form(f"/absence/{absence.id}/edit?team={team.id}",
                           {"kind": "leave", "starts_on": "2026-07-01", "ends_on": "2026-07-10"})
    assert response.status_code == 303
    db.session.expire_all()
    assert (absence.kind, absence.ends_on) == ("leave", date(2026, 7, 10))
    assert "changed: kind, ends_on" in audit("absence.update")[0].summary

    page = client.get(f"/absence/{absence.id}/delete?team={team.id}").get_data(as_text=True)
    assert "Eva Erfaring" in page and 'type="submit"' in page
    assert db.session.get(Absence, absence.id) is not None
    absence_id = absence.id
    assert client.form(f"/absence/{absence_id}/delete?team={team.id}").status_code == 303
    assert gone(Absence, absence_id)
    assert audit("absence.delete")[0].subject_user_id == people["ek"].id


def test_a_person_sees_their_own_absence_and_nobody_elses(client, crew):
    team, other, people = crew
    limits.create_absence(people["ek"].profile, kind="course", starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 2))
    fag_absence = limits.create_absence(people["fag"].profile, kind="sick_leave", starts_on=date(2026, 9, 7),
                                        ends_on=date(2026, 9, 8))
    client.login("ek")
    mine = client.get("/absence/mine").get_data(as_text=True)
    assert re.search("Kurs|Course", mine) and not re.search("Sykefravær|Sick leave", mine)
    assert client.get(f"/teams/{team.id}/absence").status_code == 403
    assert client.get(f"/absence/{fag_absence.id}/edit").status_code == 403
    client.login("annen")  # a leader, of another team
    assert client.get(f"/teams/{team.id}/absence").status_code == 404
    assert client.get(f"/absence/{fag_absence.id}/edit").status_code == 404
    assert client.form(f"/absence/{fag_absence.id}/delete").status_code == 404
    assert db.session.get(Absence, fag_absence.id) is not None


# --- availability -----------------------------------------------------------------------------------


def test_a_peer_offers_a_time_across_midnight_and_the_leader_sees_it(client, crew):
    team, _, people = crew
    day = next_monday()
    client.login("lp")
    response = client.form("/availability/mine", {"day": day.isoformat(), "start": "22:00", "end": "02:00",
                                                   "note": "Helst Tøyen"})
    assert response.status_code == 303
    slot = db.session.scalar(db.select(Availability))
    assert slot.ends_at - slot.starts_at == timedelta(hours=4)
    assert slot.starts_at.astimezone(OSLO).date() == day and slot.ends_at.astimezone(OSLO).date() == day + timedelta(1)
    assert "Helst Tøyen" in client.get("/availability/mine").get_data(as_text=True)

    client.login("leder")
    listing = client.get(f"/teams/{team.id}/availability?from={day}&to={day}").get_data(as_text=True)
    assert "Lars Likeperson" in listing and "22:00–02:00" in listing
    grid = client.get(f"/teams/{team.id}/roster?start={day}").get_data(as_text=True)
    assert re.search(r'class="offered"[^>]*>.*22:00–02:00', grid)
    assert audit("availability.create")[0].subject_user_id == people["lp"].id


def test_availability_errors_keep_input(client, crew):
    client.login("lp")
    day = next_monday()
    response = client.form("/availability/mine", {"day": day.isoformat(), "start": "18:00", "end": "18:00",
                                                   "note": "Kveld"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="end-error"' in html and 'value="Kveld"' in html
    yesterday = utcnow().astimezone(OSLO).date() - timedelta(days=1)
    response = client.form("/availability/mine", {"day": yesterday.isoformat(), "start": "10:00", "end": "12:00"})
    assert response.status_code == 422 and 'id="day-error"' in response.get_data(as_text=True)
    # Inside the hour the clocks skip on 28 March 2027 (02:00 is 03:00 that night): no time at all.
    response = client.form("/availability/mine", {"day": "2027-03-28", "start": "02:00", "end": "03:00",
                                                   "note": "Tidlig"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "28.3.2027" in html.split('id="end-error"')[1].split("</")[0] and 'value="Tidlig"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Availability)) == 0


def test_only_peers_offer_times_and_only_their_own_can_be_deleted(client, crew):
    team, _, people = crew
    slot = limits.offer_availability(people["lp"].profile, day=next_monday(), start=time(18), end=time(23))
    client.login("fag")
    assert client.get("/availability/mine").status_code == 403
    client.login("lp2")
    assert client.form(f"/availability/{slot.id}/delete").status_code == 404
    client.login("lp")
    assert "18:00" in client.get(f"/availability/{slot.id}/delete").get_data(as_text=True)
    assert db.session.get(Availability, slot.id) is not None
    slot_id = slot.id
    assert client.form(f"/availability/{slot_id}/delete").status_code == 303
    assert gone(Availability, slot_id)
    assert audit("availability.delete")[0].actor_label == "lp"


def test_a_peer_on_a_shift_they_did_not_offer_needs_a_reason(client, crew):
    team, _, people = crew
    day = next_monday()
    shift = shift_in(team, day=day, kind="group", start=time(17), end=time(21))
    client.login("leder")
    response = assign(client, team, shift, people["lp"])
    assert response.status_code == 422 and "HX-Retarget" in response.headers  # a warning: asks why
    assert people_on(shift.id) == []
    limits.offer_availability(people["lp"].profile, day=day, start=time(16), end=time(22))
    assert assign(client, team, shift, people["lp"]).status_code == 200
    assert people_on(shift.id) == ["lp"]


# --- accommodation ---------------------------------------------------------------------------------


def accommodation_form(team, **fields):
    return {"starts_on": "2026-06-01", "ends_on": "2026-06-30", "avoid_areas": [area(team, "Tøyen").id],
            "avoid_shift_kinds": ["follow_up"], "max_hours_per_week": "20", "note": "Korte vakter", **fields}


def test_the_leader_records_accommodation_and_the_roster_respects_it(client, crew):
    team, _, people = crew
    client.login("leder")
    form_page = client.get(f"/people/{people['ek'].profile.id}/accommodation/new").get_data(as_text=True)
    assert "Tøyen" in form_page and "Elvebredden" not in form_page  # the person's teams' areas only
    response = client.form(f"/people/{people['ek'].profile.id}/accommodation/new",
                           accommodation_form(team, max_hours_per_week="7,5"))
    assert response.status_code == 303
    row = db.session.scalar(db.select(Accommodation))
    assert [a.name for a in row.avoid_areas] == ["Tøyen"] and row.avoid_shift_kinds == ["follow_up"]
    assert row.max_hours_per_week == 7.5

    toyen = shift_in(team, "Tøyen")
    assert assign(client, team, toyen, people["fag"]).status_code == 200
    response = assign(client, team, toyen, people["ek"])
    assert response.status_code == 422 and "tilrettelegging" in response.get_data(as_text=True)
    assert people_on(toyen.id) == ["fag"]
    # Eight hours in the week is more than the 7,5 agreed.
    sentrum = shift_in(team, "Sentrum", day=MONDAY + timedelta(days=2), start=time(16), end=time(0))
    assign(client, team, sentrum, people["fag"])
    response = assign(client, team, sentrum, people["ek"])
    assert response.status_code == 422 and "høyst 7,5 t i uka" in response.get_data(as_text=True)


def test_accommodation_form_errors_keep_input(client, crew):
    team, _, people = crew
    client.login("leder")
    url = f"/people/{people['ek'].profile.id}/accommodation/new"
    response = client.form(url, accommodation_form(team, max_hours_per_week="mange", note="Ikke Tøyen"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="max_hours_per_week-error"' in html and 'value="mange"' in html and "Ikke Tøyen" in html
    response = client.form(url, accommodation_form(team, starts_on="2026-07-01", ends_on="2026-06-01"))
    assert response.status_code == 422 and 'id="ends_on-error"' in response.get_data(as_text=True)
    response = client.form(url, accommodation_form(team, max_hours_per_week="0"))
    assert response.status_code == 422 and 'id="max_hours_per_week-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Accommodation)) == 0


def test_accommodation_is_seen_by_the_person_their_leader_and_supervisor_only(client, crew):
    team, _, people = crew
    ek = people["ek"]
    limits.save_accommodation(ek.profile, None, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 30),
                              area_ids=[area(team, "Tøyen").id], shift_kinds=[], max_hours_per_week=None,
                              note="Unngå Tøyen en periode")
    url = f"/people/{ek.profile.id}/accommodation"
    for username in ("ek", "leder", "veileder"):
        client.login(username)
        response = client.get(url)
        assert response.status_code == 200, username
        assert "Unngå Tøyen en periode" in response.get_data(as_text=True)
    for username in ("hr", "admin", "fag", "lp", "annen"):
        client.login(username)
        assert client.get(url).status_code == 404, username

    reads = [(e.actor_label, e.kind, e.subject_user_id) for e in audit("accommodation.read")]
    assert reads == [(name, "read", ek.id) for name in ("ek", "leder", "veileder")]
    denied = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "access.denied", AuditEvent.object_type == "staff_profiles",
        AuditEvent.object_id == str(ek.profile.id))).all()
    assert sorted(e.actor_label for e in denied) == ["admin", "annen", "fag", "hr", "lp"]
    assert all("shifts.view_accommodation" in e.summary for e in denied)

    # The person sees who looked, in "who has looked at my data".
    client.login("ek")
    mine = client.get("/audit/me").get_data(as_text=True)
    assert "Lise Leder" in mine and "Vera Veileder" in mine
    assert "Helga HR" not in mine


def test_only_the_leader_changes_accommodation(client, crew):
    team, _, people = crew
    row = limits.save_accommodation(people["ek"].profile, None, starts_on=date(2026, 6, 1),
                                    ends_on=date(2026, 6, 30), area_ids=[], shift_kinds=["outreach"],
                                    max_hours_per_week=None, note="")
    for username, status in (("ek", 403), ("veileder", 403), ("annen", 404), ("hr", 403)):
        client.login(username)
        assert client.get(f"/accommodation/{row.id}/edit").status_code == status, username
        assert client.form(f"/accommodation/{row.id}/delete").status_code == status, username
    client.login("leder")
    edit = client.get(f"/accommodation/{row.id}/edit").get_data(as_text=True)
    assert re.search(r'value="outreach"[^>]*checked|checked[^>]*value="outreach"', edit)
    assert [e.actor_label for e in audit("accommodation.read")] == ["leder"]  # opening the form is a read
    assert "2026" in client.get(f"/accommodation/{row.id}/delete").get_data(as_text=True)
    row_id = row.id
    assert client.form(f"/accommodation/{row_id}/delete").status_code == 303
    assert gone(Accommodation, row_id)
    assert audit("accommodation.delete")[0].subject_user_id == people["ek"].id


# --- an EC's own boundaries --------------------------------------------------------------------------


def test_an_ec_sets_their_own_boundaries_and_the_roster_respects_them(client, crew):
    team, _, people = crew
    ek = people["ek"]
    client.login("ek")
    experience = client.get(f"/people/{ek.profile.id}/experience").get_data(as_text=True)
    assert f"/people/{ek.profile.id}/boundaries" in experience
    response = client.form(f"/people/{ek.profile.id}/boundaries/edit", {"areas": [area(team, "Sentrum").id]})
    assert response.status_code == 303
    assert [a.name for a in limits.boundaries_of(ek.profile)] == ["Sentrum"]
    update = audit("boundaries.update")[0]
    assert update.subject_user_id == ek.id and "Sentrum" not in update.summary

    client.login("leder")
    shift = shift_in(team, "Sentrum")
    assign(client, team, shift, people["fag"])
    response = assign(client, team, shift, ek)
    assert response.status_code == 422 and "valgt å holde seg unna" in response.get_data(as_text=True)
    assert people_on(shift.id) == ["fag"]

    # Put on anyway (as by an import): the rule check on the roster names the problem.
    db.session.add(ShiftAssignment(shift=shift, staff=ek.profile))
    db.session.commit()
    html = client.get(f"/teams/{team.id}/roster?start={MONDAY}").get_data(as_text=True)
    checks = html.split('id="violations"')[1]
    assert "Eva Erfaring har valgt å holde seg unna" in checks and "violation-block" in checks


def test_boundaries_are_the_ecs_own_seen_by_leader_and_supervisor_with_reads_logged(client, crew):
    team, _, people = crew
    ek = people["ek"]
    limits.set_boundaries(ek.profile, [area(team, "Tøyen").id])
    url = f"/people/{ek.profile.id}/boundaries"
    for username in ("leder", "veileder"):
        client.login(username)
        assert "Tøyen" in client.get(url).get_data(as_text=True)
        assert client.get(url + "/edit").status_code == 404  # seen, not changed
        assert client.form(url + "/edit", {"areas": []}).status_code == 404
    for username in ("hr", "admin", "fag"):
        client.login(username)
        assert client.get(url).status_code == 404
    assert [a.name for a in limits.boundaries_of(ek.profile)] == ["Tøyen"]
    assert [(e.actor_label, e.kind) for e in audit("boundaries.read")] == [("leder", "read"), ("veileder", "read")]


def test_boundaries_offer_only_the_persons_teams_areas(client, crew):
    team, other, people = crew
    client.login("ek")
    url = f"/people/{people['ek'].profile.id}/boundaries/edit"
    assert "Elvebredden" not in client.get(url).get_data(as_text=True)
    response = client.form(url, {"areas": [other.areas[0].id]})
    assert response.status_code == 422
    assert limits.boundaries_of(people["ek"].profile) == []
