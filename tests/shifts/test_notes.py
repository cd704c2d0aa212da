"""Shift notes: the pair's plan and report, who may read and write them, the identifier
guard, two writers at once, and the debrief flag that reaches the supervisor as a count."""

import re
from datetime import time

import pytest
from notes_helpers import build_crew, field_error, hidden, is_checked, make_shift, next_day, textarea
from sqlalchemy import insert, update

from outreach.audit.models import AuditEvent
from outreach.core.forms import ConflictError
from outreach.extensions import db
from outreach.shifts import notes
from outreach.shifts.models import ShiftNote


@pytest.fixture
def crew(make_user, make_team):
    return build_crew(make_user, make_team)


@pytest.fixture
def past_shift(crew):
    """Yesterday evening's outreach shift: Per (professional) and Eva (EC), published."""
    return make_shift(crew.team, next_day(-1), people=[crew.fag, crew.ek], title="Kveldsrunde")


def saved(shift_id, kind):
    db.session.expire_all()
    return db.session.scalar(db.select(ShiftNote).where(ShiftNote.shift_id == shift_id, ShiftNote.kind == kind))


def audit(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)).all()


def report_data(**fields):
    return {"body": "Gikk runden rolig.", "contacts": "12", "themes": "Bolig, kulde", "incidents": "",
            "version": "", **fields}


def test_the_pair_plans_and_reports_and_the_leader_reads_both(client, crew, past_shift):
    sentrum, toyen = crew.team.areas
    client.login("ek")
    page = client.get(f"/shifts/{past_shift.id}/plan")
    assert page.status_code == 200
    assert 'id="note-form"' in page.get_data(as_text=True) and "Per Fag" in page.get_data(as_text=True)
    response = client.form(f"/shifts/{past_shift.id}/plan",
                           {"body": "Eva leder samtalene, Per tar telefonen. Start ved Oslo S.",
                            "areas": [sentrum.id, toyen.id], "version": ""})
    assert response.status_code == 303

    client.login("fag")
    response = client.form(f"/shifts/{past_shift.id}/report",
                           report_data(areas=[toyen.id], incidents="Krangel ved kiosken", needs_debrief="y"))
    assert response.status_code == 303

    client.login("leder")
    plan = client.get(f"/shifts/{past_shift.id}/plan").get_data(as_text=True)
    assert "Eva leder samtalene" in plan and "Eva Erfaring" in plan  # the text, and who saved it
    report = client.get(f"/shifts/{past_shift.id}/report").get_data(as_text=True)
    assert textarea(report, "themes") == "Bolig, kulde" and 'value="12"' in report
    assert is_checked(report, "needs_debrief")
    note = saved(past_shift.id, "report")
    assert note.contacts == 12 and [a.name for a in note.areas] == ["Tøyen"] and note.needs_debrief
    assert note.author.name == "Per Fag"
    assert [a.name for a in saved(past_shift.id, "plan").areas] == ["Sentrum", "Tøyen"]
    created = audit("shift_note.create")
    assert len(created) == 2 and {e.actor_label for e in created} == {"ek", "fag"}
    assert all("Krangel" not in e.summary for e in created)  # the audit log holds no note content


def test_people_who_are_not_on_the_shift_cannot_read_or_write_its_notes(client, crew, past_shift):
    client.login("ek")
    client.form(f"/shifts/{past_shift.id}/report", report_data(body="Hemmelig innhold", needs_debrief="y"))
    for username in ("kollega", "annen", "veileder"):  # same team; another team's leader; the supervisor
        client.login(username)
        for kind in ("plan", "report"):
            assert client.get(f"/shifts/{past_shift.id}/{kind}").status_code == 404
            assert client.form(f"/shifts/{past_shift.id}/{kind}", report_data(body="Overskrevet")).status_code == 404
    assert saved(past_shift.id, "report").body == "Hemmelig innhold"
    assert saved(past_shift.id, "plan") is None


def test_a_draft_shifts_notes_are_the_leaders_until_it_is_published(client, crew):
    draft = make_shift(crew.team, next_day(2), people=[crew.fag], publish=False)
    client.login("fag")
    assert client.get(f"/shifts/{draft.id}/plan").status_code == 404
    client.login("leder")
    assert client.get(f"/shifts/{draft.id}/plan").status_code == 200


def test_only_outreach_shifts_have_notes(client, crew):
    office = make_shift(crew.team, next_day(1), people=[crew.fag], kind="office", start=time(9), end=time(15))
    client.login("fag")
    assert client.get(f"/shifts/{office.id}/plan").status_code == 404


def test_the_day_view_links_to_the_notes_for_those_on_the_shift(client, crew, past_shift):
    url = f"/teams/{crew.team.id}/roster/day/{next_day(-1).isoformat()}"
    client.login("ek")
    page = client.get(url).get_data(as_text=True)
    assert f"/shifts/{past_shift.id}/plan" in page and f"/shifts/{past_shift.id}/report" in page
    client.login("kollega")  # on the team, not on the shift: sees the shift, not its notes
    page = client.get(url).get_data(as_text=True)
    assert "Kveldsrunde" in page and f"/shifts/{past_shift.id}/plan" not in page


def test_a_phone_number_is_refused_until_the_writer_confirms_it_is_no_client_identifier(client, crew, past_shift):
    client.login("ek")
    url = f"/shifts/{past_shift.id}/report"
    response = client.form(url, report_data(incidents="Kontaktet mor på 912 34 567"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "912 34 567" in field_error(html, "incidents")  # next to the field it is in
    assert field_error(html, "body") == ""
    assert 'name="confirm_identifiers"' in html
    assert textarea(html, "incidents") == "Kontaktet mor på 912 34 567"  # the input is kept
    assert saved(past_shift.id, "report") is None

    # Confirming saves, and the confirmation is audited without the number itself.
    response = client.form(url, report_data(incidents="Kontaktet mor på 912 34 567", confirm_identifiers="y",
                                            shown_identifiers=hidden(html, "shown_identifiers")))
    assert response.status_code == 303
    assert saved(past_shift.id, "report").incidents == "Kontaktet mor på 912 34 567"
    [confirmation] = audit("shift_note.identifiers_confirmed")
    assert "phone" in confirmation.summary and "incidents" in confirmation.summary
    assert "912" not in confirmation.summary and confirmation.actor_label == "ek"


def test_a_confirmation_covers_only_what_was_shown(client, crew, past_shift):
    client.login("ek")
    url = f"/shifts/{past_shift.id}/report"
    html = client.form(url, report_data(body="Ring 91234567")).get_data(as_text=True)
    # The writer ticks the box, but has added an e-mail address since the warning.
    response = client.form(url, report_data(body="Ring 91234567, skriv til ola@example.no", confirm_identifiers="y",
                                            shown_identifiers=hidden(html, "shown_identifiers")))
    assert response.status_code == 422
    assert "ola@example.no" in field_error(response.get_data(as_text=True), "body")
    assert saved(past_shift.id, "report") is None


def test_removing_the_identifier_saves_without_confirmation(client, crew, past_shift):
    client.login("fag")
    url = f"/shifts/{past_shift.id}/plan"
    assert client.form(url, {"body": "Møt Ola, fnr 15108695088", "version": ""}).status_code == 422
    assert client.form(url, {"body": "Møt kontakten ved kiosken", "version": ""}).status_code == 303
    assert saved(past_shift.id, "plan").body == "Møt kontakten ved kiosken"
    assert audit("shift_note.identifiers_confirmed") == []


def test_eleven_digits_that_are_no_national_id_and_ordinary_times_pass(client, crew, past_shift):
    client.login("fag")
    body = "22:00-02:00, 14 kontakter, saksnr 15108695077, møtes 22.06.2026 kl 21.30"
    assert client.form(f"/shifts/{past_shift.id}/plan", {"body": body, "version": ""}).status_code == 303
    assert saved(past_shift.id, "plan").body == body


def test_the_guard_answers_htmx_with_the_form_fragment(client, crew, past_shift):
    client.login("fag")
    response = client.htmx("POST", f"/shifts/{past_shift.id}/plan", {"body": "mail: per@example.no", "version": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="note">') and "<html" not in html
    assert "per@example.no" in field_error(html, "body")


def test_the_second_writer_gets_a_conflict_with_both_texts_and_loses_nothing(app, client, crew, past_shift):
    url = f"/shifts/{past_shift.id}/plan"
    client.login("ek")
    first_form = client.get(url).get_data(as_text=True)
    second = app.test_client()
    second.login("fag")
    second_form = second.get(url).get_data(as_text=True)

    assert client.form(url, {"body": "Planen til Eva", "version": hidden(first_form, "version")}).status_code == 303
    response = second.form(url, {"body": "Planen til Per", "version": hidden(second_form, "version")})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert textarea(html, "body") == "Planen til Eva"  # the form shows what is saved
    assert textarea(html, "mine-body") == "Planen til Per"  # and the writer's own text, to copy
    assert saved(past_shift.id, "plan").body == "Planen til Eva"

    # Saving again from the refreshed form works, on top of the first writer's version.
    response = second.form(url, {"body": "Planen til Eva og Per", "version": hidden(html, "version")})
    assert response.status_code == 303
    assert saved(past_shift.id, "plan").body == "Planen til Eva og Per"

    # The first writer's old form is now stale as well.
    response = client.form(url, {"body": "Eva igjen", "version": hidden(first_form, "version") or "1"})
    assert response.status_code == 409
    assert saved(past_shift.id, "plan").body == "Planen til Eva og Per"


def test_a_save_that_races_another_is_a_conflict(app, crew, past_shift, meanwhile):
    notes.save_note(past_shift, "plan", notes.NoteInput(body="Først"), author=crew.ek.profile, version="")
    note = saved(past_shift.id, "plan")
    meanwhile(ShiftNote, update(ShiftNote).where(ShiftNote.id == note.id)
              .values(body="Den andre", version=ShiftNote.version + 1))
    with pytest.raises(ConflictError):
        notes.save_note(past_shift, "plan", notes.NoteInput(body="Min endring"), author=crew.fag.profile,
                        version=str(note.version))
    assert saved(past_shift.id, "plan").body == "Den andre"


def test_two_first_saves_at_once_are_a_conflict_not_an_error(app, crew, past_shift, meanwhile):
    meanwhile(ShiftNote, insert(ShiftNote).values(shift_id=past_shift.id, kind="plan", body="Den andre",
                                                  author_id=crew.ek.profile.id, version=1, needs_debrief=False,
                                                  themes="", incidents="", updated_at=past_shift.starts_at))
    with pytest.raises(ConflictError):
        notes.save_note(past_shift, "plan", notes.NoteInput(body="Min plan"), author=crew.fag.profile, version="")
    assert saved(past_shift.id, "plan").body == "Den andre"


def test_changing_only_the_areas_moves_the_version(client, crew, past_shift):
    sentrum, toyen = crew.team.areas
    client.login("fag")
    url = f"/shifts/{past_shift.id}/plan"
    client.form(url, {"body": "Plan", "areas": [sentrum.id], "version": ""})
    before = saved(past_shift.id, "plan").version
    client.form(url, {"body": "Plan", "areas": [toyen.id], "version": str(before)})
    assert saved(past_shift.id, "plan").version > before
    # A second window that still had the first version cannot overwrite the area change.
    assert client.form(url, {"body": "Plan", "areas": [sentrum.id], "version": str(before)}).status_code == 409


def test_report_fields_are_checked(client, crew, past_shift):
    client.login("fag")
    url = f"/shifts/{past_shift.id}/report"
    response = client.form(url, report_data(contacts="-1"))
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "contacts")
    plata = crew.other.areas[0]  # another team's area is not offered, nor accepted
    assert "Plata" not in client.get(url).get_data(as_text=True)
    assert client.form(url, report_data(areas=[plata.id])).status_code == 422
    assert saved(past_shift.id, "report") is None


def test_the_report_waits_until_the_shift_has_begun(client, crew):
    coming = make_shift(crew.team, next_day(3), people=[crew.fag, crew.ek])
    client.login("ek")
    page = client.get(f"/shifts/{coming.id}/report").get_data(as_text=True)
    assert 'id="note-form"' not in page
    assert client.form(f"/shifts/{coming.id}/report", report_data()).status_code == 422
    assert saved(coming.id, "report") is None
    assert client.form(f"/shifts/{coming.id}/plan", {"body": "Planen", "version": ""}).status_code == 303


def test_an_htmx_save_stays_on_the_page_with_the_new_version(client, crew, past_shift):
    client.login("ek")
    response = client.htmx("POST", f"/shifts/{past_shift.id}/plan", {"body": "Planen", "version": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="note">')
    assert hidden(html, "version") == str(saved(past_shift.id, "plan").version)


def test_the_supervisor_gets_a_count_and_a_list_of_shifts_not_the_report(client, crew, past_shift):
    client.login("ek")
    client.form(f"/shifts/{past_shift.id}/report",
                report_data(incidents="Tung samtale om egen rusfortid", needs_debrief="y"))

    client.login("veileder")  # Eva's supervisor
    start = client.min_side().get_data(as_text=True)
    count = re.search(r'id="debrief-count">(.*?)</p>', start, re.S).group(1)
    assert re.search(r"\b1\b", count) and "/shifts/debriefs" in count
    listing = client.get("/shifts/debriefs")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert "Eva Erfaring" in html and "Kveldsrunde" in html
    assert "Per Fag" not in html  # not the supervisor's supervisee
    assert "Tung samtale" not in html and "Bolig" not in html
    assert client.get(f"/shifts/{past_shift.id}/report").status_code == 404

    client.login("veileder2")  # supervises nobody on the shift
    assert "Eva Erfaring" not in client.get("/shifts/debriefs").get_data(as_text=True)
    count = re.search(r'id="debrief-count">(.*?)</p>', client.min_side().get_data(as_text=True), re.S).group(1)
    assert "/shifts/debriefs" not in count

    client.login("ek")
    assert client.get("/shifts/debriefs").status_code == 403


def test_clearing_the_flag_takes_the_shift_off_the_supervisors_count(client, crew, past_shift):
    client.login("ek")
    url = f"/shifts/{past_shift.id}/report"
    client.form(url, report_data(needs_debrief="y"))
    assert notes.debrief_count(crew.veileder) == 1
    client.form(url, report_data(version=str(saved(past_shift.id, "report").version)))
    assert notes.debrief_count(crew.veileder) == 0
