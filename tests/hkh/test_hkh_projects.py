"""HKH projects through their pages: the list, a new project, the mandate, the phases with
what each still lacks, the working group and its warnings, origins, and query counts."""

import re
from datetime import timedelta

from hkh_helpers import counted_queries, finding, log, make_project, measure, text_of, today
from sqlalchemy import func, select

from outreach.audit.models import AuditEvent
from outreach.auth.models import User
from outreach.extensions import db
from outreach.hkh import fieldwork, outcome, projects
from outreach.hkh.models import FollowUpReview, HkhProject


def english(text) -> str:
    """A lazily translated text as the tests' English accounts read it (outside a request the
    interface's default, Norwegian, would be used)."""
    from flask_babel import force_locale

    with force_locale("en"):
        return str(text)


def audit(action: str, **where) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).where(AuditEvent.action == action)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def new_project_form(crew, **changes) -> dict:
    data = {"title": "Rus i Vaterland", "commissioner": "Velferdsetaten", "problem": "Åpen rusbruk om natta.",
            "target_group": "Voksne i det åpne rusmiljøet", "area": "Vaterland",
            "starts_on": today().isoformat(), "ends_on": (today() + timedelta(days=210)).isoformat(),
            "kickoff_on": "", "origin_project_id": "", "lead_id": str(crew.pro.id)}
    data.update(changes)
    return data


def mandate_form(project, **changes) -> dict:
    data = {name: getattr(project, name) or "" for name in ("title", "commissioner", "problem", "target_group",
                                                            "area")}
    data.update({name: getattr(project, name).isoformat() if getattr(project, name) else ""
                 for name in ("starts_on", "ends_on", "kickoff_on")})
    data.update(origin_project_id=project.origin_project_id or "", version=str(project.version))
    data.update(changes)
    return data


def move(client, project, target, **extra):
    db.session.refresh(project)
    return client.form(f"/hkh/{project.id}/phase", {"target": target, "version": str(project.version), **extra})


def phase_of(project) -> str:
    db.session.expire_all()
    return db.session.get(HkhProject, project.id).phase


# --- the list ----------------------------------------------------------------------------------


def test_the_list_searches_title_and_commissioner_and_filters_by_phase(client, crew, project):
    other = make_project(crew, "Rus i Vaterland", commissioner="Velferdsetaten")
    client.login("fag")
    page = text_of(client.get("/hkh/"))
    assert "Ungdom på Oslo S" in page and "Rus i Vaterland" in page and "Bydel Gamle Oslo" in page
    found = text_of(client.get("/hkh/?q=VATERLAND"))
    assert "Rus i Vaterland" in found and "Ungdom på Oslo S" not in found
    by_commissioner = text_of(client.get("/hkh/?q=gamle oslo"))
    assert "Ungdom på Oslo S" in by_commissioner and "Rus i Vaterland" not in by_commissioner
    other.phase = "analysis"
    db.session.commit()
    analysis = text_of(client.get("/hkh/?phase=analysis"))
    assert "Rus i Vaterland" in analysis and "Ungdom på Oslo S" not in analysis
    fragment = client.htmx("GET", "/hkh/?q=vaterland")
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    assert "Rus i Vaterland" in text_of(fragment) and "Ungdom på Oslo S" not in text_of(fragment)


def test_earlier_projects_are_a_tab_of_their_own(client, crew, project):
    earlier = make_project(crew, "Innenfor utenfor", commissioner="Uteseksjonen")
    earlier.archived = True
    db.session.commit()
    client.login("fag")
    running = text_of(client.get("/hkh/"))
    assert "Ungdom på Oslo S" in running and "Innenfor utenfor" not in running
    archived = text_of(client.get("/hkh/?show=earlier"))
    assert "Innenfor utenfor" in archived and "Ungdom på Oslo S" not in archived
    assert "archived" in archived
    # The search stays within the tab.
    assert "Innenfor utenfor" in text_of(client.get("/hkh/?show=earlier&q=innenfor"))
    assert "Innenfor utenfor" not in text_of(client.get("/hkh/?q=innenfor"))


def test_the_list_is_paged(app, client, crew, project):
    for n in range(2):
        make_project(crew, f"Prosjekt {n}", starts_on=today() - timedelta(days=400 + n))
    app.config["PAGE_SIZE"] = 2
    client.login("fag")
    first = text_of(client.get("/hkh/"))
    assert "Page 1 of 2" in first and "3 in all" in first
    assert "Ungdom på Oslo S" in first and "Prosjekt 0" in first and "Prosjekt 1" not in first
    second = text_of(client.get("/hkh/?page=2"))
    assert "Prosjekt 1" in second and "Ungdom på Oslo S" not in second


# --- a new project -----------------------------------------------------------------------------


def test_a_leader_creates_a_project_with_its_lead(client, crew):
    client.login("leder")
    assert "New project" in text_of(client.get("/hkh/"))
    response = client.form("/hkh/new", new_project_form(crew))
    assert response.status_code == 303
    project = db.session.scalar(select(HkhProject))
    page = text_of(client.get(response.location))
    assert "Rus i Vaterland" in page and "Velferdsetaten" in page and "Åpen rusbruk om natta." in page
    assert "Per Fagansatt Project lead" in page
    assert [(m.user_id, m.role) for m in project.members] == [(crew.pro.id, "lead")]
    assert len(audit("hkh.project_create", actor_id=crew.leader.id)) == 1


def test_only_leaders_create_projects(client, crew):
    client.login("fag")
    assert "New project" not in text_of(client.get("/hkh/"))
    assert client.get("/hkh/new").status_code == 403
    assert client.form("/hkh/new", new_project_form(crew)).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(HkhProject)) == 0


def test_a_new_project_is_refused_next_to_the_field_and_keeps_what_was_typed(client, crew, project):
    former = crew.outsider
    former.active = False
    db.session.commit()
    client.login("leder")
    cases = [
        ({"title": ""}, "Give the project a title."),
        ({"title": "ungdom på oslo s"}, "There is already a project with that title."),
        ({"lead_id": ""}, "Choose the project lead."),
        ({"lead_id": str(former.id)}, "Choose an active colleague."),
        ({"lead_id": "99999999999999999999"}, "Choose the project lead."),
        ({"ends_on": (today() - timedelta(days=1)).isoformat()}, "The period cannot end before it starts."),
    ]
    for changes, message in cases:
        response = client.form("/hkh/new", new_project_form(crew, **changes))
        page = text_of(response)
        assert response.status_code == 422, changes
        assert message in page and "Åpen rusbruk om natta." in page
    assert db.session.scalar(select(func.count()).select_from(HkhProject)) == 1


def test_a_project_that_grew_out_of_another_shows_both_ways(client, crew):
    innenfor = make_project(crew, "Innenfor utenfor")
    client.login("leder")
    form = text_of(client.get(f"/hkh/new?origin={innenfor.id}"))
    assert "Grew out of the project" in form
    response = client.form("/hkh/new", new_project_form(crew, title="Perspektiv", origin_project_id=str(innenfor.id)))
    assert response.status_code == 303
    perspektiv = db.session.scalar(select(HkhProject).where(HkhProject.title == "Perspektiv"))
    assert "Grew out of Innenfor utenfor" in text_of(client.get(f"/hkh/{perspektiv.id}"))
    assert "Grown from this project Perspektiv" in text_of(client.get(f"/hkh/{innenfor.id}"))


# --- the mandate -------------------------------------------------------------------------------


def test_the_working_group_changes_the_mandate(client, crew, project):
    client.login("ek")
    response = client.form(f"/hkh/{project.id}/edit", mandate_form(project, area="Oslo S og Vaterland"))
    assert response.status_code == 303
    assert "Oslo S og Vaterland" in text_of(client.get(f"/hkh/{project.id}"))
    assert len(audit("hkh.project_update", actor_id=crew.ec.id)) == 1


def test_someone_outside_the_group_reads_the_mandate_but_cannot_change_it(client, crew, project):
    client.login("utenfor")
    page = text_of(client.get(f"/hkh/{project.id}"))
    assert "Unge som samles ved Oslo S om kvelden." in page
    assert "Change the mandate" not in page and "Move to the next phase" not in page
    assert client.get(f"/hkh/{project.id}/edit").status_code == 404
    assert client.form(f"/hkh/{project.id}/edit", mandate_form(project, area="Borte")).status_code == 404
    assert len(audit("access.denied", actor_id=crew.outsider.id)) == 2


def test_a_mandate_saved_meanwhile_is_a_conflict_that_keeps_what_was_typed(client, crew, project):
    client.login("ek")
    loaded = mandate_form(project)
    projects.update_mandate(project, projects.MandateInput(
        title=project.title, commissioner="Bydel Sentrum", problem=project.problem, target_group=project.target_group,
        area=project.area, starts_on=project.starts_on, ends_on=project.ends_on, kickoff_on=project.kickoff_on,
    ), version=project.version, actor=crew.pro)
    response = client.form(f"/hkh/{project.id}/edit", {**loaded, "problem": "Min nye problemstilling"})
    page = text_of(response)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing." in page
    assert 'value="Bydel Sentrum"' in response.get_data(as_text=True)  # the form shows what is saved now
    assert "What you typed, not saved" in page and "Min nye problemstilling" in page
    db.session.expire_all()
    assert db.session.get(HkhProject, project.id).problem == "Unge som samles ved Oslo S om kvelden."


# --- phases ------------------------------------------------------------------------------------


def test_the_phase_is_a_step_list_with_the_current_one_marked(client, crew, project):
    client.login("fag")
    html = client.get(f"/hkh/{project.id}").get_data(as_text=True)
    current = html[html.index('aria-current="step"'):][:200]
    assert "Preparation: mandate and kick-off" in current and "current phase" in current
    assert html.count('aria-current="step"') == 1


def test_an_empty_preparation_shows_everything_it_lacks(client, crew):
    bare = projects.create_project(projects.MandateInput(title="Tomt prosjekt"), actor=crew.leader)
    client.login("leder")
    page = text_of(client.get(f"/hkh/{bare.id}"))
    for code in ("mandate", "period", "kickoff", "lead", "method_plan"):
        assert english(projects.GAP_TEXTS[code]) in page


def test_moving_on_with_gaps_shows_them_and_needs_a_confirmation(client, crew, project):
    client.login("fag")
    page = text_of(client.get(f"/hkh/{project.id}"))
    assert "Still missing before the next phase: No methods are planned against the sources." in page
    first = move(client, project, "data_collection")
    assert first.status_code == 422
    asked = text_of(first)
    assert "The current phase still lacks something: No methods are planned against the sources." in asked
    assert "Move on anyway" in asked
    assert phase_of(project) == "preparation" and audit("hkh.phase") == []

    confirmed = move(client, project, "data_collection", accept_gaps="y")
    assert confirmed.status_code == 303
    assert phase_of(project) == "data_collection"
    [row] = audit("hkh.phase", actor_id=crew.pro.id)
    assert "preparation -> data_collection" in row.summary and "method_plan" in row.summary
    assert "Data collection (current phase)" in text_of(client.get(f"/hkh/{project.id}"))


def test_every_phase_shows_what_it_actually_lacks_and_moves_without_asking_once_complete(client, crew, project):
    client.login("fag")

    def lacks(code):
        page = text_of(client.get(f"/hkh/{project.id}"))
        assert english(projects.GAP_TEXTS[code]) in page, code
        return page

    def moves_on(target):
        response = move(client, project, target)
        assert response.status_code == 303, text_of(response)
        assert phase_of(project) == target

    lacks("method_plan")
    fieldwork.set_plan(project, {("interview", "target_group"): 2}, actor=crew.pro)
    assert "Nothing is missing in this phase." in text_of(client.get(f"/hkh/{project.id}"))
    moves_on("data_collection")
    lacks("field_log")
    entry = log(project, crew.ec)
    moves_on("analysis")
    lacks("findings")
    finding(project, crew.ec, entries=[entry])
    moves_on("report")
    lacks("report")
    outcome.save_section(project, "background", "Bakgrunnen for kartleggingen.", version="", actor=crew.pro)
    outcome.export_report(project, actor=crew.pro)
    moves_on("action")
    lacks("action_plan")
    open_measure = measure(project, crew.pro)
    page = lacks("measure_owners")
    assert english(projects.GAP_TEXTS["action_plan"]) not in page
    outcome.update_measure(open_measure, project, outcome.MeasureInput(
        title=open_measure.title, owner_id=crew.pro.id, deadline=today() + timedelta(days=60)),
        version=open_measure.version, actor=crew.pro)
    moves_on("follow_up")
    page = text_of(client.get(f"/hkh/{project.id}"))
    assert "Follow-up (current phase)" in page and "Move to the next phase" not in page
    assert [r.months for r in db.session.scalars(select(FollowUpReview).order_by(FollowUpReview.months))] == [6, 12]
    assert len(audit("hkh.phase")) == 5


def test_moving_back_one_phase_and_never_two_steps(client, crew, project):
    fieldwork.set_plan(project, {("interview", "target_group"): 2}, actor=crew.pro)
    client.login("ek")
    assert move(client, project, "data_collection").status_code == 303
    assert "Back to the previous phase: Preparation: mandate and kick-off" in text_of(client.get(f"/hkh/{project.id}"))
    assert move(client, project, "preparation").status_code == 303
    assert phase_of(project) == "preparation"
    assert "data_collection -> preparation" in audit("hkh.phase")[-1].summary
    jump = move(client, project, "analysis", accept_gaps="y")
    assert jump.status_code == 422 and "A project moves one phase at a time." in text_of(jump)
    assert phase_of(project) == "preparation"


def test_an_archived_project_does_not_move(client, crew, project):
    project.archived = True
    db.session.commit()
    client.login("leder")
    page = text_of(client.get(f"/hkh/{project.id}"))
    assert "archived: it no longer moves between phases" in page and "Move to the next phase" not in page
    response = move(client, project, "data_collection", accept_gaps="y")
    assert response.status_code == 422 and "The project is archived." in text_of(response)
    assert phase_of(project) == "preparation" and audit("hkh.phase") == []


def test_a_move_on_a_page_loaded_before_someone_elses_move_is_a_conflict(client, crew, project):
    fieldwork.set_plan(project, {("interview", "target_group"): 2}, actor=crew.pro)
    client.login("ek")
    stale = str(project.version)
    projects.move_phase(project, "data_collection", version=project.version, accept_gaps=False, actor=crew.pro)
    response = client.form(f"/hkh/{project.id}/phase", {"target": "analysis", "version": stale, "accept_gaps": "y"})
    assert response.status_code == 409
    assert "Someone else changed the project in the meantime." in text_of(response)
    assert phase_of(project) == "data_collection"


def test_the_phase_moves_in_place_with_htmx(client, crew, project):
    client.login("fag")
    db.session.refresh(project)
    asked = client.htmx("POST", f"/hkh/{project.id}/phase", {"target": "data_collection",
                                                              "version": str(project.version)})
    assert asked.status_code == 422 and "<html" not in asked.get_data(as_text=True)
    assert 'id="phase"' in asked.get_data(as_text=True) and "Move on anyway" in text_of(asked)
    moved = client.htmx("POST", f"/hkh/{project.id}/phase", {"target": "data_collection", "accept_gaps": "y",
                                                              "version": str(project.version)})
    assert moved.status_code == 200 and "<html" not in moved.get_data(as_text=True)
    assert "Moved on to Data collection, although something was missing." in text_of(moved)
    assert moved.headers["Vary"] == "HX-Request" or "HX-Request" in moved.headers["Vary"]


def test_someone_outside_the_group_cannot_move_the_phase(client, crew, project):
    client.login("utenfor")
    assert move(client, project, "data_collection", accept_gaps="y").status_code == 404
    assert phase_of(project) == "preparation"
    assert len(audit("access.denied", actor_id=crew.outsider.id)) == 1


# --- the working group -------------------------------------------------------------------------


def test_a_group_without_an_ec_is_warned_about_until_one_joins(client, crew):
    project = make_project(crew, "Uten erfaringskonsulent")
    client.login("fag")
    warning = english(projects.WARNING_TEXTS["no_ec"])
    assert warning in text_of(client.get(f"/hkh/{project.id}"))
    response = client.form(f"/hkh/{project.id}/members", {"member-user_id": str(crew.other_ec.id),
                                                          "member-role": "member"})
    assert response.status_code == 303
    page = text_of(client.get(f"/hkh/{project.id}"))
    assert warning not in page
    assert "Ola Annen (experience consultant) Member" in page  # an EC by position, a member by role


def test_an_external_partner_joins_with_their_organisation(client, crew, project):
    client.login("fag")
    response = client.form(f"/hkh/{project.id}/members", {
        "member-user_id": "", "member-name": "Kari Korus", "member-organisation": "KORUS Oslo",
        "member-role": "external"})
    assert response.status_code == 303
    assert "Kari Korus (external) External partner KORUS Oslo" in text_of(client.get(f"/hkh/{project.id}"))
    assert "added as external" in audit("hkh.member")[-1].summary


def test_the_colleague_select_offers_the_working_staff_not_yet_in_the_group(client, crew, project, make_user):
    make_user("ny", roles=["professional"], full_name="Nina <Ny> & Co")
    client.login("fag")
    # Not on the project page until "Add to the working group" is opened: it lists every colleague.
    assert 'id="member-user_id"' not in client.get(f"/hkh/{project.id}").get_data(as_text=True)
    opened = client.htmx("GET", f"/hkh/{project.id}/members")
    assert opened.status_code == 200 and "<html" not in opened.get_data(as_text=True)
    assert client.get(f"/hkh/{project.id}/members").get_data(as_text=True).count("<details open>") == 1
    page = opened.get_data(as_text=True)
    select = page.split('<select id="member-user_id" name="member-user_id">', 1)[1].split("</select>", 1)[0]
    offered = re.findall(r'<option (selected )?value="([^"]+)">([^<]*)</option>', select)
    # The external member first and chosen; then by name, without the group's members, the
    # viewer or the administrator's account; a name's markup shown as text.
    assert offered == [("selected ", "None", "An external member (write the name)"),
                       ("", str(crew.leader.id), "Lise Leder"),
                       ("", str(db.session.scalar(db.select(User.id).where(User.username == "ny"))),
                        "Nina &lt;Ny&gt; &amp; Co"),
                       ("", str(crew.other_ec.id), "Ola Annen"), ("", str(crew.outsider.id), "Ulf Utenfor")]


def test_adding_nobody_or_someone_twice_is_refused_next_to_the_field(client, crew, project):
    client.login("fag")
    nobody = client.form(f"/hkh/{project.id}/members", {"member-user_id": "", "member-role": "member"})
    assert nobody.status_code == 422
    assert "Choose a colleague, or write an external member's name." in text_of(nobody)
    twice = client.htmx("POST", f"/hkh/{project.id}/members", {"member-user_id": str(crew.ec.id),
                                                                "member-role": "ec"})
    assert twice.status_code == 422 and "<html" not in twice.get_data(as_text=True)
    assert "Choose an active colleague." in text_of(twice)  # Eva is in the group: not offered again
    assert len(project.members) == 2


def test_a_member_is_removed_after_asking(client, crew, project):
    eva = next(m.id for m in project.members if m.user_id == crew.ec.id)
    client.login("fag")
    question = client.get(f"/hkh/{project.id}/members/{eva}/remove")
    assert question.status_code == 200
    assert "Remove Eva Erfaring from the working group?" in text_of(question)
    assert len(projects.group_warnings(project)) == 1  # only the size so far
    response = client.form(f"/hkh/{project.id}/members/{eva}/remove")
    assert response.status_code == 303
    page = text_of(client.get(f"/hkh/{project.id}"))
    assert "Eva Erfaring" not in page.split("Working group")[1].split("Add to the working group")[0]
    assert english(projects.WARNING_TEXTS["no_ec"]) in page
    assert f"member {eva} removed" in audit("hkh.member")[-1].summary


def test_a_member_of_another_project_is_not_found(client, crew, project):
    other = make_project(crew, "Et annet prosjekt")
    client.login("fag")
    assert client.get(f"/hkh/{project.id}/members/{other.members[0].id}/remove").status_code == 404
    assert client.form(f"/hkh/{project.id}/members/{other.members[0].id}/remove").status_code == 404
    assert len(other.members) == 1


# --- query counts ------------------------------------------------------------------------------


def test_the_project_page_runs_as_many_queries_for_many_entries_and_members_as_for_few(client, crew, make_user):
    def page_queries(project, entries, extra_members):
        for user in extra_members:
            projects.add_member(project, user_id=user.id, name="", organisation="", role="member", actor=crew.leader)
        logged = [log(project, crew.ec, notes=f"Notat {n}", team=[crew.ec], days_ago=n + 1) for n in range(entries)]
        for n in range(0, entries, 2):
            finding(project, crew.ec, f"Funn {project.id}-{n}", entries=logged[n:n + 2])
        client.login("ek")
        client.get(f"/hkh/{project.id}")
        with counted_queries() as statements:
            assert client.get(f"/hkh/{project.id}").status_code == 200
        return len(statements)

    others = [make_user(f"med{n}", roles=["professional"], full_name=f"Medlem {n}") for n in range(4)]
    few = page_queries(make_project(crew, "Lite", members=[(crew.ec, "ec")]), 1, [])
    many = page_queries(make_project(crew, "Stort", members=[(crew.ec, "ec")]), 8, others)
    assert many == few


def test_nobody_adds_themselves_so_a_leader_outside_the_group_never_reads_the_notes(client, crew, make_user):
    other = make_user("leder2", roles=["leader", "professional"], full_name="Lars Leder")
    project = make_project(crew, title="Uten lederen", members=[(crew.ec, "ec")])
    client.login("leder2")
    form = client.get(f"/hkh/{project.id}").get_data(as_text=True)
    assert f'value="{other.id}"' not in form  # not offered to add oneself
    response = client.htmx("POST", f"/hkh/{project.id}/members",
                           {"member-user_id": str(other.id), "member-role": "member", "member-name": "",
                            "member-organisation": ""})
    assert response.status_code == 422  # the form never offered them (the service refuses it too)
    assert "Choose an active colleague." in text_of(response)
    assert other.id not in db.session.get(type(project), project.id).member_user_ids
    assert client.get(f"/hkh/{project.id}/log").status_code == 404


def test_a_member_who_is_not_the_lead_does_not_change_the_group(client, crew, project):
    lead = next(m for m in project.members if m.role == "lead")
    client.login("ek")  # in the group, not its lead
    assert client.form(f"/hkh/{project.id}/members/{lead.id}/remove").status_code == 404
    assert lead.id in {m.id for m in db.session.get(type(project), project.id).members}
    client.login("fag")  # the project lead
    assert client.form(f"/hkh/{project.id}/members/{lead.id}/remove").status_code == 303


def test_a_leader_archives_a_finished_project_after_asking(client, crew, project):
    client.login("leder")
    assert "Archive «" in text_of(client.get(f"/hkh/{project.id}/archive"))
    assert client.form(f"/hkh/{project.id}/archive").status_code == 303
    assert db.session.get(type(project), project.id).archived
    assert project.title not in text_of(client.get("/hkh/"))
    client.login("ek")
    assert client.form(f"/hkh/{project.id}/archive").status_code == 403


def test_the_service_refuses_adding_oneself_too(crew, project):
    import pytest

    from outreach.core.forms import FieldError

    with pytest.raises(FieldError):
        projects.add_member(project, user_id=crew.leader.id, name="", organisation="", role="member",
                            actor=crew.leader)
