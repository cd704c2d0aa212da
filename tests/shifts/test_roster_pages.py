"""The roster as leaders and staff use it: grids, the day view, assigning, conflicts, publishing."""

import re
from datetime import date, time, timedelta

import pytest

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.shifts import services
from outreach.shifts.models import Shift, ShiftAssignment, ViolationOverride

MONDAY = date(2026, 6, 8)


@pytest.fixture
def crew(make_user, make_team):
    team = make_team("Unge voksne", areas=["Sentrum", "Tøyen"])
    other = make_team("Vaterland")
    people = {
        "leder": make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        "fag": make_user("fag", roles=["professional"], teams=[team], full_name="Per Fag"),
        "ek": make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring"),
        "lp": make_user("lp", roles=["peer"], teams=[team], full_name="Lars Likeperson"),
        "annen": make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
    }
    return team, other, people


def outreach_shift(team, day=MONDAY, start=time(18), end=time(2)):
    return services.create_shift(team, kind="outreach", day=day, start=start, end=end, areas=team.areas[:1])


def grid(client, team, **args):
    query = "&".join(f"{k}={v}" for k, v in {"start": MONDAY.isoformat(), **args}.items())
    return client.get(f"/teams/{team.id}/roster?{query}")


def assign(client, team, shift, staff, reason="", htmx=True):
    data = {"shift": f"{shift.id}:{shift.version}", "staff_id": staff.profile.id, "reason": reason}
    url = f"/teams/{team.id}/roster/assign?start={MONDAY.isoformat()}"
    if htmx:
        return client.htmx("POST", url, data)
    return client.form(url, data)


def people_on(shift_id):
    db.session.expire_all()
    return sorted(a.staff.user.username for a in db.session.scalars(
        db.select(ShiftAssignment).where(ShiftAssignment.shift_id == shift_id)))


def test_week_grid_has_a_row_per_person_and_marks_holidays(client, crew):
    team, _, people = crew
    client.login("leder")
    page = grid(client, team, start="2026-05-11").get_data(as_text=True)  # 17 May is that Sunday
    for name in ("Lise Leder", "Per Fag", "Eva Erfaring", "Lars Likeperson"):
        assert name in page
    assert "Grunnlovsdag" in page
    assert page.count('scope="col"') == 8  # staff column and seven days


def test_four_week_grid_shows_twenty_eight_days(client, crew):
    team, _, _ = crew
    client.login("leder")
    page = grid(client, team, weeks=4).get_data(as_text=True)
    assert page.count('scope="col"') == 29


def test_leader_pairs_an_ec_with_a_professional_and_the_badge_comes_and_goes(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    client.login("leder")

    response = assign(client, team, shift, people["ek"])
    # An EC alone on outreach breaks a blocking rule: refused, nothing saved.
    assert response.status_code == 422
    assert "Eva Erfaring" in response.get_data(as_text=True) and "ingen fagansatt" in response.get_data(as_text=True)
    assert people_on(shift.id) == []

    assert assign(client, team, shift, people["fag"]).status_code == 200
    db.session.refresh(shift)
    response = assign(client, team, shift, people["ek"])
    assert response.status_code == 200
    assert people_on(shift.id) == ["ek", "fag"]
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="roster-grid">') and "<html" not in html
    assert "badge-block" not in html

    # Taking the professional off leaves the EC alone: the badge appears in the grid.
    db.session.refresh(shift)
    response = client.htmx("POST", f"/teams/{team.id}/roster/unassign?start={MONDAY}",
                           {"assignment": f"{shift.id}:{people['fag'].profile.id}:{shift.version}"})
    assert response.status_code == 200
    assert "badge-block" in response.get_data(as_text=True)
    assert people_on(shift.id) == ["ek"]


def test_every_assignment_is_audited(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    client.login("leder")
    assign(client, team, shift, people["fag"])
    row = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "shift.assign"))
    assert row.actor_label == "leder" and row.object_id == str(shift.id)
    assert row.subject_user_id == people["fag"].id


def test_assigning_works_as_a_plain_form_too(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    client.login("leder")
    response = assign(client, team, shift, people["fag"], htmx=False)
    assert response.status_code == 303
    assert "Per Fag" in client.get(response.location).get_data(as_text=True)
    assert people_on(shift.id) == ["fag"]


def test_taking_someone_off_works_as_a_plain_form_too(client, crew):
    # Without JavaScript a "×" submits the grid's one unassign form (form="unassign-form"),
    # which carries the token, to the address it names, with the button's own value.
    team, _, people = crew
    shift = outreach_shift(team)
    _put_on(shift, people["fag"])
    client.login("leder")
    page = grid(client, team).get_data(as_text=True)
    form = re.search(r'<form id="unassign-form" method="post" action="([^"]+)".*?name="csrf_token" value="([^"]+)"',
                     page, re.S)
    button = re.search(r'<button type="submit" form="unassign-form" name="assignment" value="([^"]+)"[^>]*'
                       r'title="Ta Per Fag av vakten', page)
    assert form and button
    response = client.post(form.group(1).replace("&amp;", "&"),
                           data={"csrf_token": form.group(2), "assignment": button.group(1)})
    assert response.status_code == 303
    assert "Per Fag er tatt av vakten" in client.get(response.location).get_data(as_text=True)
    assert people_on(shift.id) == []


@pytest.mark.parametrize("value", ["", "1:2", "a:b:c", "1:2:3:4", "٣:1:1", f"{2**70}:1:1"])
def test_a_malformed_unassign_is_refused_and_changes_nothing(client, crew, value):
    team, _, people = crew
    shift = outreach_shift(team)
    _put_on(shift, people["fag"])
    client.login("leder")
    response = client.htmx("POST", f"/teams/{team.id}/roster/unassign?start={MONDAY}", {"assignment": value})
    assert response.status_code in (400, 404)
    assert people_on(shift.id) == ["fag"]


@pytest.mark.parametrize("choice", ["²:1", "1:²", "x:1", ":", "", "9" * 5000 + ":1"])
def test_a_malformed_shift_choice_is_refused_and_changes_nothing(client, crew, choice):
    team, _, people = crew
    shift = outreach_shift(team)
    client.login("leder")
    response = client.htmx("POST", f"/teams/{team.id}/roster/assign?start={MONDAY}",
                           {"shift": choice, "staff_id": people["fag"].profile.id})
    assert response.status_code in (400, 422)
    assert people_on(shift.id) == []


@pytest.mark.parametrize("staff_id", ["abc", "²", "-1", "9" * 5000])
def test_a_malformed_person_is_refused_and_changes_nothing(client, crew, staff_id):
    team, _, _ = crew
    shift = outreach_shift(team)
    client.login("leder")
    response = client.htmx("POST", f"/teams/{team.id}/roster/assign?start={MONDAY}",
                           {"shift": f"{shift.id}:{shift.version}", "staff_id": staff_id})
    assert response.status_code == 400
    assert people_on(shift.id) == []


def test_a_warning_asks_for_a_reason_which_is_kept_and_audited(client, crew):
    team, _, people = crew
    from outreach.people.services import update_profile

    client.login("leder")
    # A new EC is paired with their buddy where possible: a warning, not a block.

    update_profile(people["ek"].profile, {"start_date": MONDAY - timedelta(weeks=2),
                                          "buddy_id": people["leder"].profile.id})
    shift = outreach_shift(team, day=MONDAY + timedelta(days=1))
    assign(client, team, shift, people["fag"])
    db.session.refresh(shift)
    response = assign(client, team, shift, people["ek"])
    assert response.status_code == 422
    assert response.headers["HX-Retarget"].startswith("#cellform-")
    assert "fadder" in response.get_data(as_text=True)
    assert people_on(shift.id) == ["fag"]

    db.session.refresh(shift)
    response = assign(client, team, shift, people["ek"], reason="Fadderen har ferie; Per kjenner miljøet.")
    assert response.status_code == 200
    assert people_on(shift.id) == ["ek", "fag"]
    kept = db.session.scalar(db.select(ViolationOverride))
    assert kept.reason == "Fadderen har ferie; Per kjenner miljøet." and kept.key.startswith("new_ec_buddy:")
    assert "Fadderen har ferie" in response.get_data(as_text=True)
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "roster.override"))
    assert "Fadderen har ferie" in audit.summary


def test_two_leaders_on_the_same_shift_the_second_gets_a_conflict(app, client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    stale_version = shift.version
    client.login("leder")
    assert assign(client, team, shift, people["fag"]).status_code == 200

    second = app.test_client()  # the same leader in a second window, working from the old state
    second.login("leder")
    response = second.htmx("POST", f"/teams/{team.id}/roster/assign?start={MONDAY}",
                           {"shift": f"{shift.id}:{stale_version}", "staff_id": people["ek"].profile.id})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed the roster" in html or "Noen andre har endret vaktplanen" in html
    assert "Per Fag" in html  # the current state is shown
    assert people_on(shift.id) == ["fag"]


def test_staff_see_only_published_shifts_of_their_own_teams(client, crew):
    team, other, people = crew
    draft = outreach_shift(team, start=time(17), end=time(23))
    services.assign(draft, people["fag"].profile, version=draft.version)
    client.login("fag")
    page = grid(client, team).get_data(as_text=True)
    assert "17:00" not in page
    assert client.get(f"/teams/{other.id}/roster").status_code == 404

    client.login("leder")
    confirm = client.get(f"/teams/{team.id}/roster/publish?start={MONDAY}")
    assert "1" in confirm.get_data(as_text=True)
    assert client.form(f"/teams/{team.id}/roster/publish?start={MONDAY}").status_code == 303
    db.session.expire_all()
    assert db.session.get(Shift, draft.id).status == "published"

    client.login("fag")
    assert "17:00" in grid(client, team).get_data(as_text=True)


def test_publishing_is_refused_while_a_blocking_rule_is_broken(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    db.session.add(ShiftAssignment(shift=shift, staff=people["ek"].profile))  # EC alone, put in directly
    db.session.commit()
    client.login("leder")
    page = client.get(f"/teams/{team.id}/roster/publish?start={MONDAY}").get_data(as_text=True)
    assert "ingen fagansatt" in page
    client.form(f"/teams/{team.id}/roster/publish?start={MONDAY}")
    db.session.expire_all()
    assert db.session.get(Shift, shift.id).status == "draft"


def test_a_professional_cannot_change_the_roster(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    client.login("fag")
    assert assign(client, team, shift, people["fag"]).status_code == 403
    assert client.get(f"/teams/{team.id}/shifts/new").status_code == 403
    assert people_on(shift.id) == []


def test_a_leader_of_another_team_cannot_touch_this_roster(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    client.login("annen")
    assert assign(client, team, shift, people["fag"]).status_code == 404
    assert client.get(f"/shifts/{shift.id}/edit").status_code == 404
    denied = db.session.scalars(db.select(AuditEvent).where(AuditEvent.kind == "denied")).all()
    assert denied


# The last Sunday of March 2027: at 02:00 the clocks go forward to 03:00.
SPRING_FORWARD = "2027-03-28"
SKIPPED_HOUR = ("On %(day)s the clocks go forward from 02:00 to 03:00: these times come to no time at all. "
                "Choose times outside that hour.")


def test_times_inside_the_hour_the_clocks_skip_are_refused_and_a_night_across_it_is_four_hours(client, crew, nb):
    team, _, _ = crew
    client.login("leder")
    url = f"/teams/{team.id}/shifts/new"
    form = {"kind": "outreach", "title": "Natt", "day": SPRING_FORWARD, "start": "02:30", "end": "03:00",
            "professionals_needed": "1", "lived_experience_needed": "0"}
    # 02:30-03:00 would end before it starts (02:30 does not exist; 02:00-03:00 would be no time).
    for start in ("02:30", "02:00"):
        response = client.form(url, {**form, "start": start})
        assert response.status_code == 422, start
        html = response.get_data(as_text=True)
        error = html.split('id="end-error"')[1].split("</")[0]
        assert nb(SKIPPED_HOUR, day="28.3.2027") in error
        assert f'value="{start}"' in html and 'value="Natt"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Shift)) == 0

    # Saturday 22:00 to Sunday 02:00, the moment the clocks jump: four hours of work.
    response = client.form(url, {**form, "day": "2027-03-27", "start": "22:00", "end": "02:00"})
    assert response.status_code == 303
    night = db.session.scalar(db.select(Shift))
    assert night.ends_at - night.starts_at == timedelta(hours=4)

    # Moved into the skipped hour: refused, and the shift is as it was.
    response = client.form(f"/shifts/{night.id}/edit", {**form, "version": str(night.version)})
    assert response.status_code == 422 and 'id="end-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    night = db.session.scalar(db.select(Shift))
    assert night.starts_at.astimezone(OSLO).date() == date(2027, 3, 27)
    assert night.ends_at - night.starts_at == timedelta(hours=4)


def test_new_shift_form_keeps_input_after_an_error_and_crosses_midnight(client, crew):
    team, _, _ = crew
    client.login("leder")
    url = f"/teams/{team.id}/shifts/new"
    response = client.form(url, {"kind": "outreach", "title": "Kveld", "day": "2026-06-09", "start": "22:00",
                                 "end": "", "professionals_needed": "1", "lived_experience_needed": "1"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Kveld"' in html and re.search(r'id="end-error"', html)
    assert db.session.scalar(db.select(db.func.count()).select_from(Shift)) == 0

    response = client.form(url, {"kind": "outreach", "title": "Kveld", "day": "2026-06-09", "start": "22:00",
                                 "end": "06:00", "professionals_needed": "1", "lived_experience_needed": "1",
                                 "areas": [team.areas[0].id]})
    assert response.status_code == 303
    shift = db.session.scalar(db.select(Shift))
    assert shift.ends_at - shift.starts_at == timedelta(hours=8) and shift.status == "draft"
    assert [a.name for a in shift.areas] == ["Sentrum"]


def test_day_view_lists_the_days_shifts_with_people_and_problems(client, crew):
    team, _, people = crew
    shift = outreach_shift(team)
    db.session.add(ShiftAssignment(shift=shift, staff=people["ek"].profile))
    db.session.commit()
    client.login("leder")
    page = client.get(f"/teams/{team.id}/roster/day/{MONDAY}").get_data(as_text=True)
    assert "Eva Erfaring" in page and "18:00" in page and "ingen fagansatt" in page


def test_shift_delete_asks_first(client, crew):
    team, _, _ = crew
    shift = outreach_shift(team)
    shift_id, version = shift.id, shift.version
    client.login("leder")
    assert re.search("Slett|Delete", client.get(f"/shifts/{shift_id}/delete").get_data(as_text=True))
    assert db.session.get(Shift, shift_id) is not None
    client.form(f"/shifts/{shift_id}/delete", {"version": version})
    db.session.expire_all()
    assert db.session.scalar(db.select(Shift).where(Shift.id == shift_id)) is None


def _put_on(shift, *users):
    """Straight into the roster, past the rules: what a person may have from another team."""
    for user in users:
        db.session.add(ShiftAssignment(shift_id=shift.id, staff_id=user.profile.id))
    db.session.commit()


def test_rest_after_a_night_on_another_team_the_day_before_shows_in_the_grid(client, crew):
    team, other, people = crew
    night = services.create_shift(other, kind="outreach", day=MONDAY - timedelta(days=1), start=time(22),
                                  end=time(7))
    _put_on(night, people["fag"])
    _put_on(services.create_shift(team, kind="follow_up", day=MONDAY, start=time(12), end=time(18)), people["fag"])
    # A night long before the period counts for nothing here.
    _put_on(services.create_shift(other, kind="outreach", day=MONDAY - timedelta(days=60), start=time(22),
                                  end=time(7)), people["fag"])
    client.login("leder")
    page = grid(client, team, weeks=4).get_data(as_text=True)
    assert page.count("Per Fag har bare 5 t hvile") == 2  # the badge on Monday and the rule check
    assert "badge-block" in page


def test_a_shift_on_another_team_moved_next_to_the_period_shows_in_the_grid(client, crew):
    """The rule check finds a person's other shifts by their assignments' copy of the start,
    which the database moves with the shift (migration 0014)."""
    team, other, people = crew
    night = services.create_shift(other, kind="outreach", day=MONDAY - timedelta(days=60), start=time(22),
                                  end=time(7))
    _put_on(night, people["fag"])
    _put_on(services.create_shift(team, kind="follow_up", day=MONDAY, start=time(12), end=time(18)), people["fag"])
    client.login("leder")
    assert "Per Fag har bare 5 t hvile" not in grid(client, team).get_data(as_text=True)

    client.login("annen")  # leads the other team: moves its night to the eve of the period
    response = client.form(f"/shifts/{night.id}/edit", {
        "kind": "outreach", "title": "", "day": (MONDAY - timedelta(days=1)).isoformat(), "start": "22:00",
        "end": "07:00", "professionals_needed": 1, "lived_experience_needed": 0, "version": night.version})
    assert response.status_code == 303
    db.session.expire_all()
    moved = db.session.get(Shift, night.id)
    assert [a.shift_starts_at for a in moved.assignments] == [moved.starts_at]
    client.login("leder")
    assert grid(client, team).get_data(as_text=True).count("Per Fag har bare 5 t hvile") == 2


def test_markup_in_names_and_titles_is_shown_as_text_in_every_cell(client, make_user, make_team, nb):
    """The cells' texts are escaped in views._grid_rows, not by the template: a name or a title
    holding markup is text on the leader's grid (the "+" and "×" labels, the shift, the rule
    problem) and on a colleague's."""
    team = make_team("Natt")
    make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder")
    ek = make_user("ek", roles=["ec"], teams=[team], full_name='Eva <script>alert("x")</script> & Co')
    shift = services.create_shift(team, kind="outreach", day=MONDAY, start=time(18), end=time(23),
                                  title="<i>natt</i> 'ute'")
    _put_on(shift, ek)  # alone on outreach: a rule problem that names her
    name = "Eva &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co"
    title = "&lt;i&gt;natt&lt;/i&gt; &#39;ute&#39;"

    client.login("leder")
    page = grid(client, team).get_data(as_text=True)
    assert "<script>" not in page and "<i>natt</i>" not in page
    assert nb("Put %(name)s on a shift %(day)s", name=name, day="9.6.") in page
    assert nb("Take %(name)s off the shift %(shift)s", name=name, shift="8.6. 18:00–23:00") in page
    assert title in page
    badge = re.search(r'<span class="badge badge-block" title="([^"]*)"', page)
    assert badge and name in badge.group(1)

    shift.status = "published"
    db.session.commit()
    client.login("ek")
    page = grid(client, team).get_data(as_text=True)
    assert "<script>" not in page and "<i>natt</i>" not in page
    assert title in page and name in page


def test_the_grid_costs_the_same_queries_with_more_people_and_history(client, crew, make_user):
    from page_helpers import counted_queries

    team, _, people = crew
    _put_on(outreach_shift(team), people["fag"])
    client.login("leder")

    def selects():
        with counted_queries() as statements:
            assert grid(client, team, weeks=4).status_code == 200
        return len(statements)

    few = selects()
    crowd = [make_user(f"ny{n}", roles=["professional"], teams=[team], full_name=f"Ny Kollega {n}")
             for n in range(6)]
    for week in range(-8, 4):
        shift = outreach_shift(team, day=MONDAY + timedelta(weeks=week))
        _put_on(shift, people["fag"], crowd[week % 6])
    page = grid(client, team, weeks=4).get_data(as_text=True)
    assert "Ny Kollega 5" in page and page.count('class="unassign"') == 9
    assert selects() == few


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-27", "0001-01-01", "0001-01-03"])
def test_a_day_at_the_ends_of_the_calendar_is_never_a_server_error(client, crew, day):
    """The week, the shift windows and Oslo midnight in UTC around such a day leave the calendar:
    the grids fall back to this week, a day's own page is not found."""
    team, _, people = crew
    client.login("leder")
    def period_and_grid(response) -> str:  # the heading's dates and the table, not the page's CSRF token
        html = response.get_data(as_text=True)
        heading = html[html.index("<hgroup>"):html.index("</hgroup>")]
        return heading + html[html.index('<table class="roster">'):html.index("</table>")]

    for weeks in ("", "&weeks=4"):
        asked = client.get(f"/teams/{team.id}/roster?start={day}{weeks}")
        assert asked.status_code == 200
        assert period_and_grid(asked) == period_and_grid(client.get(f"/teams/{team.id}/roster?x=1{weeks}"))
    for url in (f"/teams/{team.id}/roster/day/{day}",
                f"/teams/{team.id}/roster/cell?staff={people['fag'].profile.id}&day={day}"):
        assert client.get(url).status_code == 404, url
    for url in (f"/teams/{team.id}/roster/plan?start={day}", f"/teams/{team.id}/roster/plan?first={day}&last={day}",
                f"/teams/{team.id}/roster/publish?start={day}&weeks=4", f"/teams/{team.id}/shifts/new?day={day}",
                f"/teams/{team.id}/availability?from={day}&to={day}"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/teams/{team.id}/patterns/roll-out?first={day}&last={day}").status_code < 500
