"""Min side: my next shifts with my partner, my open shift reports, the open rule problems
on the teams I lead, and (for a supervisor) how many reports ask for a debrief."""

import re
from datetime import time

import pytest
from notes_helpers import build_crew, make_shift, next_day

from outreach.extensions import db
from outreach.shifts.models import ShiftAssignment


@pytest.fixture
def crew(make_user, make_team):
    return build_crew(make_user, make_team)


def section(html: str, element_id: str) -> str:
    match = re.search(rf'<(ul|p)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    return match.group(2) if match else ""


def test_my_next_shifts_with_my_partner_published_only(client, crew):
    soon = make_shift(crew.team, next_day(1), people=[crew.fag, crew.ek], title="Kveldsrunde")
    make_shift(crew.team, next_day(-2), people=[crew.fag, crew.ek], title="Forbi")
    make_shift(crew.team, next_day(2), people=[crew.fag, crew.ek], title="Utkast", publish=False)
    client.login("ek")
    shifts = section(client.min_side().get_data(as_text=True), "next-shifts")
    assert "Kveldsrunde" in shifts and "Per Fag" in shifts
    assert "Forbi" not in shifts and "Utkast" not in shifts
    assert f"/shifts/{soon.id}/plan" in shifts


def test_my_next_shifts_are_the_next_five_in_order(client, crew):
    for n in range(1, 8):  # every other day, to keep within the rest rules
        make_shift(crew.team, next_day(2 * n), people=[crew.fag], title=f"Vakt{n}", kind="office",
                   start=time(9), end=time(15))
    client.login("fag")
    shifts = section(client.min_side().get_data(as_text=True), "next-shifts")
    assert re.findall(r"Vakt(\d)", shifts) == ["1", "2", "3", "4", "5"]


def test_an_outreach_shift_without_report_waits_on_my_page_until_the_report_is_written(client, crew):
    done = make_shift(crew.team, next_day(-1), people=[crew.fag, crew.ek], title="I går")
    make_shift(crew.team, next_day(-20), people=[crew.fag, crew.ek], title="Lenge siden")
    make_shift(crew.team, next_day(-2), people=[crew.fag, crew.kollega], title="Ikke min")
    client.login("ek")
    waiting = section(client.min_side().get_data(as_text=True), "open-reports")
    assert f"/shifts/{done.id}/report" in waiting
    assert "Lenge siden" not in waiting and "Ikke min" not in waiting

    client.form(f"/shifts/{done.id}/report", {"body": "Rolig kveld", "contacts": "4", "version": ""})
    assert 'id="open-reports"' not in client.min_side().get_data(as_text=True)
    client.login("fag")  # one report for the pair
    waiting = section(client.min_side().get_data(as_text=True), "open-reports")
    assert "Ikke min" in waiting and f"/shifts/{done.id}/report" not in waiting


def test_a_leader_sees_open_rule_problems_on_their_teams(client, crew):
    # An EC alone on outreach breaks a blocking rule; it cannot be assigned so through the
    # services, so it is put in directly, as an old roster might hold it.
    shift = make_shift(crew.team, next_day(7), people=[], publish=False)
    db.session.add(ShiftAssignment(shift=shift, staff=crew.ek.profile))
    db.session.commit()
    client.login("leder")
    page = client.min_side().get_data(as_text=True)
    problems = section(page, "rule-problems")
    assert "Unge voksne" in problems and f"/teams/{crew.team.id}/roster" in problems and "weeks=4" in problems
    line = re.search(rf'id="rule-problems-{crew.team.id}">(.*?)</li>', page, re.S).group(1)
    assert re.search(r"\b1\b", line) and "violation-block" in line

    client.login("annen")  # leads another team, whose roster is in order
    other = client.min_side().get_data(as_text=True)
    assert "Unge voksne" not in section(other, "rule-problems")
    assert "violation-block" not in section(other, "rule-problems")
    client.login("fag")
    assert 'id="rule-problems"' not in client.min_side().get_data(as_text=True)


def test_the_problems_panel_counts_what_the_roster_shows(client, crew):
    shift = make_shift(crew.team, next_day(3), people=[], publish=False)
    db.session.add(ShiftAssignment(shift=shift, staff=crew.ek.profile))
    db.session.commit()
    client.login("leder")
    page = client.min_side().get_data(as_text=True)
    problems = section(page, "rule-problems")
    link = re.search(r'href="([^"#]*)[^"]*"[^>]*>Unge voksne', problems).group(1).replace("&amp;", "&")
    roster = client.get(link).get_data(as_text=True)
    assert roster.count('class="violation-block"') == 1


def test_a_supervisor_sees_the_debrief_count_and_others_do_not(client, crew):
    shift = make_shift(crew.team, next_day(-1), people=[crew.fag, crew.ek])
    client.login("ek")
    client.form(f"/shifts/{shift.id}/report", {"body": "Tøff kveld", "needs_debrief": "y", "version": ""})
    client.login("veileder")
    count = section(client.min_side().get_data(as_text=True), "debrief-count")
    assert re.search(r"\b1\b", count) and 'href="/shifts/debriefs"' in count and "Tøff" not in count
    client.login("leder")
    assert 'id="debrief-count"' not in client.min_side().get_data(as_text=True)


def test_an_old_debrief_drops_off_the_count(client, crew):
    old = make_shift(crew.team, next_day(-40), people=[crew.fag, crew.ek])
    client.login("ek")
    client.form(f"/shifts/{old.id}/report", {"body": "Lenge siden", "needs_debrief": "y", "version": ""})
    client.login("veileder")
    count = section(client.min_side().get_data(as_text=True), "debrief-count")
    assert "/shifts/debriefs" not in count
