"""HKH field work through its pages: the triangulation matrix, the field log with the
identifier guard, who sees the raw notes, linking entries to findings, and how findings are
supported."""

import re
from datetime import timedelta

import pytest
from hkh_helpers import counted_queries, finding, log, make_project, text_of, today
from sqlalchemy import func, select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.hkh import fieldwork, projects
from outreach.hkh.models import Finding, LogEntry

NOTES = "Hemmelig-notat: de unge sa at vekterne jager dem fra trappa."
PLACE = "Bak kiosken ved Jernbanetorget"


def audit(action: str, **where) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).where(AuditEvent.action == action)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def entries() -> list[LogEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(LogEntry).order_by(LogEntry.id)))


def entry_form(crew, **changes) -> dict:
    data = {"method": "interview", "source": "target_group", "held_on": (today() - timedelta(days=1)).isoformat(),
            "place": "Oslo S", "age_group": "18_25", "informants": "3", "team_ids": [str(crew.ec.id)],
            "notes": "Tre unge fortalte om kveldene ved stasjonen."}
    data.update(changes)
    return data


def cell(html: str, ident: str) -> str:
    match = re.search(rf'<(td|tr) id="{ident}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, ident
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


# --- the plan: the triangulation matrix -----------------------------------------------------------


@pytest.fixture
def planned(crew, project):
    """Three interviews with the target group and two focus groups with professionals planned;
    two of the interviews, an observation nobody planned and one focus group done."""
    fieldwork.set_plan(project, {("interview", "target_group"): 3, ("focus_group", "professionals"): 2},
                       actor=crew.pro)
    log(project, crew.ec)
    log(project, crew.ec, days_ago=5)
    log(project, crew.ec, method="observation", source="target_group")
    log(project, crew.ec, method="focus_group", source="professionals")
    return project


def test_the_matrix_shows_planned_and_done_per_cell_with_totals(client, crew, planned):
    client.login("utenfor")  # everyone reads the plan
    html = client.get(f"/hkh/{planned.id}/plan").get_data(as_text=True)
    assert cell(html, "cell-interview-target_group") == "3 planned, 2 done"
    assert cell(html, "cell-observation-target_group") == "0 planned, 1 done"
    assert cell(html, "cell-focus_group-professionals") == "2 planned, 1 done"
    assert cell(html, "cell-survey-others") == "0 planned, 0 done"
    assert cell(html, "method-interview").endswith("3 planned, 2 done")  # the row's total
    totals = cell(html, "totals")
    assert totals == ("Total 3 planned, 3 done 2 planned, 1 done 0 planned, 0 done 0 planned, 0 done "
                      "5 planned, 4 done")
    assert "<input" not in html.split('id="plan"')[1]  # no form for a reader


def test_the_working_group_plans_in_one_form(client, crew, planned):
    client.login("ek")
    html = client.get(f"/hkh/{planned.id}/plan").get_data(as_text=True)
    assert re.search(r'id="plan-interview-target_group"[^>]*value="3"', html)
    assert "2 done" in cell(html, "cell-interview-target_group")
    response = client.form(f"/hkh/{planned.id}/plan", {"plan-interview-target_group": "4",
                                                       "plan-survey-others": "1", "plan-focus_group-professionals": ""})
    assert response.status_code == 303
    assert fieldwork.planned_counts(planned) == {("interview", "target_group"): 4, ("focus_group", "professionals"): 0,
                                                 ("survey", "others"): 1}
    html = client.get(f"/hkh/{planned.id}/plan").get_data(as_text=True)
    assert cell(html, "totals").endswith("5 planned, 4 done")
    assert "plan of 5 activities" in audit("hkh.plan", actor_id=crew.ec.id)[-1].summary


def test_a_bad_count_is_refused_next_to_its_cell_and_nothing_is_saved(client, crew, planned):
    client.login("ek")
    response = client.htmx("POST", f"/hkh/{planned.id}/plan", {"plan-interview-target_group": "1000",
                                                                "plan-survey-others": "2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert "From 0 to 999." in cell(html, "cell-interview-target_group")
    assert 'aria-invalid="true"' in cell_html(html, "cell-interview-target_group")
    assert fieldwork.planned_counts(planned)[("interview", "target_group")] == 3


def cell_html(html: str, ident: str) -> str:
    return re.search(rf'<td id="{ident}"[^>]*>(.*?)</td>', html, re.S).group(1)


def seen_field(html: str) -> str:
    return re.search(r'name="seen" type="hidden" value="([^"]*)"', html).group(1)


def test_two_writers_changing_different_cells_both_keep_their_change(client, crew, planned, make_app):
    """Eva and the leader open the plan at once; Eva adds a survey, then the leader (whose
    form still shows no survey) changes the interviews: both changes are in the plan."""
    client.login("ek")
    eva_seen = seen_field(client.get(f"/hkh/{planned.id}/plan").get_data(as_text=True))
    leader = make_app().test_client()
    leader.login("leder")
    leader_seen = seen_field(leader.get(f"/hkh/{planned.id}/plan").get_data(as_text=True))
    assert client.form(f"/hkh/{planned.id}/plan", {"seen": eva_seen, "plan-interview-target_group": "3",
                                                   "plan-focus_group-professionals": "2",
                                                   "plan-survey-others": "1"}).status_code == 303
    assert leader.form(f"/hkh/{planned.id}/plan", {"seen": leader_seen, "plan-interview-target_group": "6",
                                                   "plan-focus_group-professionals": "2"}).status_code == 303
    assert fieldwork.planned_counts(planned) == {("interview", "target_group"): 6,
                                                 ("focus_group", "professionals"): 2, ("survey", "others"): 1}


def test_a_cell_both_writers_changed_is_a_conflict_that_keeps_what_was_typed(client, crew, planned, make_app):
    client.login("ek")
    eva_seen = seen_field(client.get(f"/hkh/{planned.id}/plan").get_data(as_text=True))
    leader = make_app().test_client()
    leader.login("leder")
    assert leader.form(f"/hkh/{planned.id}/plan", {"plan-interview-target_group": "6",
                                                   "plan-focus_group-professionals": "4"}).status_code == 303
    # Eva changes the interviews too (3 → 5), and the observations, but not the focus groups.
    response = client.htmx("POST", f"/hkh/{planned.id}/plan", {
        "seen": eva_seen, "plan-interview-target_group": "5", "plan-focus_group-professionals": "2",
        "plan-observation-partners": "2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved the plan while you were editing it" in html
    assert re.search(r'id="plan-interview-target_group"[^>]*value="5"', html)  # hers, typed
    assert "Saved as 6 by someone else meanwhile." in cell(html, "cell-interview-target_group")
    assert re.search(r'id="plan-observation-partners"[^>]*value="2"', html)  # hers, no conflict
    assert re.search(r'id="plan-focus_group-professionals"[^>]*value="4"', html)  # the leader's, not her old 2
    assert fieldwork.planned_counts(planned) == {("interview", "target_group"): 6,
                                                 ("focus_group", "professionals"): 4}  # nothing of hers saved
    # Saving the form as it now stands keeps her numbers and the leader's focus groups.
    again = {"seen": seen_field(html), "plan-interview-target_group": "5", "plan-focus_group-professionals": "4",
             "plan-observation-partners": "2"}
    assert client.form(f"/hkh/{planned.id}/plan", again).status_code == 303
    assert fieldwork.planned_counts(planned) == {("interview", "target_group"): 5,
                                                 ("focus_group", "professionals"): 4, ("observation", "partners"): 2}


def test_a_tampered_seen_field_saves_the_form_as_given(client, crew, planned):
    client.login("ek")
    for tampered in ("interview:nowhere=1 x", "interview:target_group=" + "9" * 5000):
        response = client.form(f"/hkh/{planned.id}/plan", {"seen": tampered, "plan-survey-others": "2"})
        assert response.status_code == 303
    assert fieldwork.planned_counts(planned) == {("interview", "target_group"): 0,
                                                 ("focus_group", "professionals"): 0, ("survey", "others"): 2}


def test_only_the_working_group_and_leaders_change_the_plan(client, crew, planned):
    client.login("utenfor")
    assert client.form(f"/hkh/{planned.id}/plan", {"plan-survey-others": "9"}).status_code == 404
    assert ("survey", "others") not in fieldwork.planned_counts(planned)
    assert len(audit("access.denied", actor_id=crew.outsider.id)) == 1
    client.login("leder")  # a leader, not in the group
    assert client.form(f"/hkh/{planned.id}/plan", {"plan-survey-others": "9"}).status_code == 303
    assert fieldwork.planned_counts(planned)[("survey", "others")] == 9


# --- the field log ----------------------------------------------------------------------------------


def test_the_working_group_logs_an_activity_with_who_took_part(client, crew, project):
    client.login("ek")
    form = client.get(f"/hkh/{project.id}/log")
    assert form.status_code == 200
    assert "Eva Erfaring (experience consultant)" in text_of(form)  # a checkbox of the working group
    response = client.form(f"/hkh/{project.id}/log", entry_form(crew, team_ids=[str(crew.ec.id), str(crew.pro.id)]))
    assert response.status_code == 303
    [entry] = entries()
    assert (entry.method, entry.source, entry.informants, entry.age_group) == ("interview", "target_group", 3, "18_25")
    assert {u.id for u in entry.team} == {crew.ec.id, crew.pro.id}
    page = text_of(client.get(f"/hkh/{project.id}/log"))
    assert "Tre unge fortalte om kveldene ved stasjonen." in page
    assert "An experience consultant took part" in page
    assert len(audit("hkh.log_create", actor_id=crew.ec.id)) == 1


def test_the_log_shows_when_no_ec_was_there(client, crew, project):
    log(project, crew.pro, team=[crew.pro])
    client.login("fag")
    page = text_of(client.get(f"/hkh/{project.id}/log"))
    assert "No experience consultant took part" in page and "An experience consultant took part" not in page


def test_a_new_entry_is_refused_next_to_the_field_and_keeps_what_was_typed(client, crew, project):
    client.login("ek")
    cases = [
        ({"team_ids": [str(crew.outsider.id)]}, "Choose among the working group."),
        ({"held_on": (today() + timedelta(days=1)).isoformat()}, "the date cannot be in the future"),
        ({"held_on": ""}, "Give the date."),
        ({"informants": "0"}, "A number from 1, or leave it empty."),
    ]
    for changes, message in cases:
        response = client.form(f"/hkh/{project.id}/log", entry_form(crew, **changes))
        assert response.status_code == 422, changes
        page = text_of(response)
        assert message in page and "Tre unge fortalte om kveldene ved stasjonen." in page
    assert entries() == []


def test_a_phone_number_in_the_notes_is_held_back_until_confirmed(client, crew, project):
    client.login("ek")
    notes = "Oppfølging: ring 912 34 567 neste uke."
    response = client.form(f"/hkh/{project.id}/log", entry_form(crew, notes=notes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<small id="notes-error" class="field-error">(.*?)</small>', html, re.S).group(1)
    assert "This looks like a phone number: 912 34 567" in error
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*>', html)
    assert "I have checked: this is not a client identifier" in text_of(response)
    assert entries() == []

    digest = re.search(r'name="shown_identifiers" type="hidden" value="([^"]+)"', html).group(1)
    confirmed = client.form(f"/hkh/{project.id}/log", entry_form(crew, notes=notes, shown_identifiers=digest,
                                                                  confirm_identifiers="y"))
    assert confirmed.status_code == 303
    assert [e.notes for e in entries()] == [notes]
    [row] = audit("hkh.identifiers_confirmed", actor_id=crew.ec.id)
    assert "phone" in row.summary and "912" not in row.summary and "567" not in row.summary


def test_an_identifier_in_the_place_is_shown_next_to_the_place(client, crew, project):
    client.login("ek")
    response = client.htmx("POST", f"/hkh/{project.id}/log", entry_form(crew, place="Hos kari@example.no"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert "This looks like an e-mail address: kari@example.no" in re.search(
        r'<small id="place-error" class="field-error">(.*?)</small>', html, re.S).group(1)
    assert entries() == []


def test_confirming_other_text_than_was_shown_asks_again(client, crew, project):
    client.login("ek")
    first = client.form(f"/hkh/{project.id}/log", entry_form(crew, notes="Ring 912 34 567"))
    digest = re.search(r'name="shown_identifiers" type="hidden" value="([^"]+)"',
                       first.get_data(as_text=True)).group(1)
    again = client.form(f"/hkh/{project.id}/log", entry_form(crew, notes="Ring 913 45 678",
                                                              shown_identifiers=digest, confirm_identifiers="y"))
    assert again.status_code == 422 and "913 45 678" in text_of(again)
    assert entries() == []


def test_an_entry_is_edited_and_a_save_meanwhile_is_a_conflict(client, crew, project):
    entry = log(project, crew.ec, notes="Første versjon.")
    client.login("ek")
    form = client.get(f"/hkh/{project.id}/log/{entry.id}/edit")
    assert "Første versjon." in text_of(form)
    version = str(entry.version)
    saved = client.form(f"/hkh/{project.id}/log/{entry.id}/edit",
                        entry_form(crew, notes="Andre versjon.", version=version))
    assert saved.status_code == 303
    assert entries()[0].notes == "Andre versjon."
    stale = client.form(f"/hkh/{project.id}/log/{entry.id}/edit",
                        entry_form(crew, notes="Min tredje versjon.", place="Jernbanetorget nord", version=version))
    page = text_of(stale)
    assert stale.status_code == 409
    assert "Someone else saved this while you were editing." in page
    kept = page.split("Your text, not saved", 1)[1]
    assert "Min tredje versjon." in kept and "Jernbanetorget nord" in kept  # every typed field, not just the notes
    assert entries()[0].notes == "Andre versjon."
    assert len(audit("hkh.log_update", actor_id=crew.ec.id)) == 1


def test_someone_who_left_the_group_stays_on_the_entries_they_took_part_in(client, crew, project):
    entry = log(project, crew.ec, team=[crew.ec, crew.pro])
    per = next(m for m in project.members if m.user_id == crew.pro.id)
    projects.remove_member(project, per, actor=crew.leader)
    client.login("ek")
    form = text_of(client.get(f"/hkh/{project.id}/log/{entry.id}/edit"))
    assert "Per Fagansatt" in form
    response = client.form(f"/hkh/{project.id}/log/{entry.id}/edit", entry_form(
        crew, notes="Rettet.", team_ids=[str(crew.ec.id), str(crew.pro.id)], version=str(entry.version)))
    assert response.status_code == 303
    assert {u.id for u in entries()[0].team} == {crew.ec.id, crew.pro.id}
    # A new entry offers only who is in the group now.
    assert client.form(f"/hkh/{project.id}/log", entry_form(crew, team_ids=[str(crew.pro.id)])).status_code == 422


def test_the_log_is_paged_and_filtered_by_method(app, client, crew, project):
    for n in range(3):
        log(project, crew.ec, notes=f"Intervju {n}", days_ago=n + 1)
    log(project, crew.ec, method="observation", notes="Observasjon på trappa", days_ago=10)
    app.config["PAGE_SIZE"] = 2
    client.login("ek")
    first = text_of(client.get(f"/hkh/{project.id}/log"))
    assert "Intervju 0" in first and "Intervju 1" in first and "Intervju 2" not in first
    assert "Page 1 of 2" in first
    observed = client.htmx("GET", f"/hkh/{project.id}/log?method=observation")
    assert "<html" not in observed.get_data(as_text=True) and 'id="entries"' in observed.get_data(as_text=True)
    assert "Observasjon på trappa" in text_of(observed) and "Intervju" not in text_of(observed)


# --- who sees the raw notes ---------------------------------------------------------------------------


@pytest.fixture
def noted(crew, project):
    """An entry with notes and a place, supporting a finding."""
    entry = log(project, crew.ec, notes=NOTES, place=PLACE, team=[crew.ec])
    found = finding(project, crew.ec, "Vekterne jager de unge", entries=[entry])
    return project, entry, found


def test_the_working_group_reads_the_notes_on_the_log_the_project_and_the_findings(client, crew, noted):
    project, entry, _found = noted
    client.login("ek")
    assert NOTES in text_of(client.get(f"/hkh/{project.id}/log"))
    assert NOTES in text_of(client.get(f"/hkh/{project.id}"))  # the latest entries
    findings_page = text_of(client.get(f"/hkh/{project.id}/findings"))
    assert NOTES[:60] in findings_page and PLACE in findings_page


@pytest.mark.parametrize("username", ["leder", "ek2", "admin"])
def test_outside_the_working_group_the_log_is_not_found_and_the_notes_are_on_no_page(client, crew, noted, username):
    """A leader not in the group, another EC and the administrator: 404 on the log's pages,
    refusals logged, and neither the notes nor the place on any page or fragment."""
    project, entry, found = noted
    user = {"leder": crew.leader, "ek2": crew.other_ec, "admin": crew.admin}[username]
    client.login(username)
    refused = [
        client.get(f"/hkh/{project.id}/log"),
        client.htmx("GET", f"/hkh/{project.id}/log"),
        client.get(f"/hkh/{project.id}/log/{entry.id}/edit"),
        client.form(f"/hkh/{project.id}/log", entry_form(crew)),
        client.form(f"/hkh/{project.id}/log/{entry.id}/link", {"finding_id": str(found.id), "linked": "0"}),
    ]
    assert [r.status_code for r in refused] == [404] * 5
    assert len(audit("access.denied", actor_id=user.id)) == 5
    assert len(entries()) == 1 and len(found.evidence) == 1

    pages = [client.get(f"/hkh/{project.id}"), client.get(f"/hkh/{project.id}/findings"),
             client.htmx("GET", f"/hkh/{project.id}/findings"), client.get(f"/hkh/{project.id}/plan"),
             client.htmx("GET", f"/hkh/{project.id}/plan"), client.get(f"/hkh/{project.id}/report"),
             client.get(f"/hkh/{project.id}/actions"), client.get("/hkh/")]
    if username == "leder":  # a leader edits findings, with the entries by date, method and source
        pages.append(client.get(f"/hkh/{project.id}/findings/{found.id}/edit"))
        pages.append(client.get(f"/hkh/{project.id}/findings/new"))
    for response in pages:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "Hemmelig-notat" not in body and "vekterne jager dem" not in body and "Bak kiosken" not in body
    project_page = text_of(pages[0])
    assert "1 activity logged" in project_page and "Field log" not in project_page
    assert "Supported by 1 log entry" in text_of(pages[1])


def test_a_leader_outside_the_group_links_entries_to_findings_by_date_method_and_source(client, crew, noted):
    project, entry, _found = noted
    client.login("leder")
    form = text_of(client.get(f"/hkh/{project.id}/findings/new"))
    assert "Interviews · The target group" in form
    response = client.form(f"/hkh/{project.id}/findings/new", {"title": "Trygge steder mangler",
                                                               "entry_ids": [str(entry.id)]})
    assert response.status_code == 303
    new = db.session.scalar(select(Finding).where(Finding.title == "Trygge steder mangler"))
    assert [e.id for e in new.evidence] == [entry.id]


# --- linking entries to findings and how findings are supported -----------------------------------------


def test_an_entry_is_linked_to_a_finding_from_the_log(client, crew, project):
    entry = log(project, crew.ec, notes="Intervju ved trappa.")
    theme = finding(project, crew.ec, "Mangel på trygge steder")
    client.login("ek")
    assert "Not supported by the field log yet." in text_of(client.get(f"/hkh/{project.id}/findings"))
    response = client.form(f"/hkh/{project.id}/log/{entry.id}/link", {"finding_id": str(theme.id)})
    assert response.status_code == 303 and response.location.endswith(f"#entry-{entry.id}")
    page = text_of(client.get(f"/hkh/{project.id}/findings"))
    assert "Mangel på trygge steder Supported by 1 log entry · 1 method · 1 source" in page
    assert "Rests on one method only." in page
    assert f"log entry {entry.id} linked to finding {theme.id}" in audit("hkh.finding")[-1].summary


def test_linking_with_htmx_answers_with_the_entry_and_unlinking_takes_it_away(client, crew, project):
    entry = log(project, crew.ec)
    theme = finding(project, crew.ec, "Mangel på trygge steder")
    client.login("ek")
    linked = client.htmx("POST", f"/hkh/{project.id}/log/{entry.id}/link", {"finding_id": str(theme.id)})
    html = linked.get_data(as_text=True)
    assert linked.status_code == 200 and "<html" not in html and html.lstrip().startswith("<article")
    assert "Linked to “Mangel på trygge steder”." in text_of(linked)
    assert "Supports: Mangel på trygge steder" in text_of(linked)
    unlinked = client.htmx("POST", f"/hkh/{project.id}/log/{entry.id}/link", {"finding_id": str(theme.id),
                                                                               "linked": "0"})
    assert "No longer linked" in text_of(unlinked) and "Supports:" not in text_of(unlinked)
    db.session.expire_all()
    assert db.session.get(Finding, theme.id).evidence == []


def test_a_link_to_nothing_or_to_another_projects_finding_is_refused(client, crew, project):
    entry = log(project, crew.ec)
    finding(project, crew.ec, "Et funn")
    elsewhere = finding(make_project(crew, "Et annet prosjekt", members=[(crew.ec, "ec")]), crew.ec, "Annet funn")
    client.login("ek")
    nothing = client.htmx("POST", f"/hkh/{project.id}/log/{entry.id}/link", {"finding_id": ""})
    assert nothing.status_code == 422 and "Choose a finding." in text_of(nothing)
    other = client.form(f"/hkh/{project.id}/log/{entry.id}/link", {"finding_id": str(elsewhere.id)})
    assert other.status_code == 422 and "Choose a finding of the project." in text_of(other)
    assert db.session.scalar(select(func.count()).select_from(Finding).where(Finding.evidence.any())) == 0


def test_one_method_is_marked_and_two_are_not(client, crew, project):
    interviews = [log(project, crew.ec), log(project, crew.ec, source="professionals")]
    observed = log(project, crew.ec, method="observation")
    finding(project, crew.ec, "Bare intervjuer", entries=interviews)
    finding(project, crew.ec, "Triangulert", entries=[interviews[0], observed])
    client.login("fag")
    html = client.get(f"/hkh/{project.id}/findings").get_data(as_text=True)
    articles = dict(re.findall(r'<h2 id="finding-\d+-title">([^<]+)</h2>(.*?)</article>', html, re.S))
    single = text_of(articles["Bare intervjuer"])
    assert "Supported by 2 log entries · 1 method · 2 sources" in single and "Rests on one method only." in single
    both = text_of(articles["Triangulert"])
    assert "Supported by 2 log entries · 2 methods · 1 source" in both and "one method only" not in both


def test_a_finding_saved_meanwhile_is_a_conflict_that_keeps_what_was_typed(client, crew, project):
    theme = finding(project, crew.ec, "Første tittel")
    client.login("ek")
    version = str(theme.version)
    fieldwork.update_finding(theme, project, fieldwork.FindingInput(title="Annens tittel"), version=theme.version,
                             actor=crew.pro)
    response = client.form(f"/hkh/{project.id}/findings/{theme.id}/edit", {"title": "Min tittel",
                                                                            "version": version})
    assert response.status_code == 409
    page = text_of(response)
    assert "What you typed, not saved Title Min tittel" in page
    assert 'value="Annens tittel"' in response.get_data(as_text=True)


def test_only_editors_write_findings(client, crew, project):
    theme = finding(project, crew.ec, "Et funn")
    client.login("utenfor")
    assert "New finding" not in text_of(client.get(f"/hkh/{project.id}/findings"))
    assert client.get(f"/hkh/{project.id}/findings/new").status_code == 404
    assert client.form(f"/hkh/{project.id}/findings/{theme.id}/edit", {"title": "Nei"}).status_code == 404
    assert len(audit("access.denied", actor_id=crew.outsider.id)) == 2


# --- query counts ----------------------------------------------------------------------------------------


def test_the_log_runs_as_many_queries_for_many_entries_as_for_few(client, crew):
    def log_queries(project, count):
        logged = [log(project, crew.ec, notes=f"Notat {n}", team=[crew.ec, crew.pro], days_ago=n + 1)
                  for n in range(count)]
        for n in range(0, count, 3):
            finding(project, crew.ec, f"Funn {project.id}-{n}", entries=logged[n:n + 3])
        client.login("ek")
        client.get(f"/hkh/{project.id}/log")
        with counted_queries() as statements:
            assert client.get(f"/hkh/{project.id}/log").status_code == 200
        return len(statements)

    few = log_queries(make_project(crew, "Lite", members=[(crew.ec, "ec")]), 2)
    many = log_queries(make_project(crew, "Stort", members=[(crew.ec, "ec")]), 12)
    assert many == few
