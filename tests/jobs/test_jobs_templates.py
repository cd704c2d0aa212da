"""The role templates: everyone signed in reads them, only HR and the administrator change
them, a change is audited and reaches only descriptions started afterwards, and two HR
editors at once lose nothing."""

import pytest
from job_helpers import audit, description, page_url, section_text, start, template, text_of, version_field

from outreach.jobs.models import RoleTemplate
from outreach.jobs.seed_texts import SECTIONS

ROLE_NAMES = ["Erfaringskonsulent", "Likeperson", "Oppsøkende miljøterapeut", "Psykolog", "Sosionom", "Teamleder",
              "Fagkonsulent for erfaringskonsulentene", "HR-rådgiver"]
ROLE_KEYS = ["ec", "peer", "miljoterapeut", "psykolog", "sosionom", "teamleder", "fagkonsulent_ek", "hr"]
SECTION_TITLES = ["Formål med stillingen", "Ansvarsområder", "Hovedoppgaver", "Hva ligger innenfor og utenfor rollen",
                  "Samarbeid med de andre rollene", "Veiledning", "Arbeidstid og tilgjengelighet",
                  "Kvalifikasjoner og personlig egnethet", "Utvikling og kompetanseplan"]
NEW_PURPOSE = "Erfaringskonsulenten bygger bro mellom de unge voksne på Tøyen og hjelpeapparatet."
CONFLICT = "Someone else saved this while you were editing."


def template_text(key: str, section: str) -> str:
    return next(s["text"] for s in template(key).sections if s["key"] == section)


def template_form(role_template: RoleTemplate, version=None, summary=None, frame_note=None, **texts) -> dict:
    """What the edit form posts: the version it was loaded from, the summary, the note and every text."""
    data = {"version": str(role_template.version if version is None else version),
            "summary": role_template.summary if summary is None else summary,
            "frame_note": role_template.frame_note if frame_note is None else frame_note}
    for s in role_template.sections:
        data[f"text-{s['key']}"] = texts.get(s["key"], s["text"])
    return data


def test_every_signed_in_user_reads_the_templates_of_all_eight_roles(client, crew):
    for username in ("ek", "fag", "admin", "veileder"):
        client.login(username)
        page = client.get("/jobs/templates")
        assert page.status_code == 200
        shown = text_of(page)
        for name in ROLE_NAMES:
            assert name in shown, f"{username} does not see the template {name}"
    shown = text_of(client.get("/jobs/templates/ec"))
    for title in SECTION_TITLES:
        assert title in shown
    assert "Alltid på oppsøkende arbeid sammen med en fagansatt." in shown  # the EC's frame line
    assert "Deltar ikke i oppfølgingsarbeid." in text_of(client.get("/jobs/templates/peer"))


def test_each_role_template_holds_the_common_frame_in_norwegian(client, crew):
    client.login("ek")
    for key in ROLE_KEYS:
        page = client.get(f"/jobs/templates/{key}")
        assert page.status_code == 200, key
        shown = text_of(page)
        assert all(title in shown for title in SECTION_TITLES), key
        assert all(s["text"].strip() for s in template(key).sections), f"{key} has an empty section"
    assert [s["key"] for s in template("ec").sections] == [s["key"] for s in SECTIONS]
    assert client.get("/jobs/templates/nosuchrole").status_code == 404


def test_the_templates_are_for_signed_in_users_only(client, crew):
    page = client.get("/jobs/templates")
    assert page.status_code in (302, 303) and "/login" in page.location


@pytest.mark.parametrize("who", ["ec", "leader", "pro", "supervisor"])
def test_only_hr_and_the_administrator_change_a_template(client, crew, who):
    before = template("ec").sections
    user = getattr(crew, who)
    client.login(user.username)
    assert "Change the template" not in text_of(client.get("/jobs/templates/ec"))
    assert client.get("/jobs/templates/ec/edit").status_code == 403
    refused = client.form("/jobs/templates/ec/edit", template_form(template("ec"), purpose=NEW_PURPOSE))
    assert refused.status_code == 403
    assert template("ec").sections == before
    assert len(audit("access.denied", actor_id=user.id)) == 2  # the page and the post, each logged


@pytest.mark.parametrize("username", ["hr", "admin"])
def test_hr_or_the_administrator_changes_a_template_and_the_change_is_audited(client, crew, username):
    client.login(username)
    assert "Change the template" in text_of(client.get("/jobs/templates/ec"))
    form = client.get("/jobs/templates/ec/edit")
    assert form.status_code == 200 and "Formål med stillingen" in text_of(form)
    saved = client.form("/jobs/templates/ec/edit", template_form(template("ec"), version=version_field(form),
                                                                  purpose=NEW_PURPOSE))
    assert saved.status_code == 303 and saved.location.endswith("/jobs/templates/ec")
    page = client.get("/jobs/templates/ec")
    assert NEW_PURPOSE in text_of(page)
    assert "Descriptions started from now on use it; existing ones keep theirs." in text_of(page)
    (row,) = audit("jobs.template_update")
    actor = crew.hr if username == "hr" else crew.admin
    assert row.actor_id == actor.id and row.object_id == str(template("ec").id)
    assert "purpose" in row.summary


def test_existing_descriptions_keep_their_text_and_one_started_afterwards_gets_the_new_text(client, crew):
    old_purpose = template_text("ec", "purpose")
    start(crew.ec, crew.leader)
    client.login("hr")
    client.form("/jobs/templates/ec/edit", template_form(template("ec"), purpose=NEW_PURPOSE))
    assert NEW_PURPOSE in text_of(client.get("/jobs/templates/ec"))

    client.login("leder")
    eva = text_of(client.get(page_url(crew.ec)))
    assert old_purpose in eva and NEW_PURPOSE not in eva
    assert section_text(description(crew.ec).draft, "purpose") == old_purpose

    started = client.form(page_url(crew.colleague, "/start"))
    assert started.status_code == 303
    ola = text_of(client.get(page_url(crew.colleague)))
    assert NEW_PURPOSE in ola and old_purpose not in ola


def test_two_hr_editors_at_once_the_second_gets_a_conflict_and_keeps_their_text(client, app, crew, make_user):
    hr2 = make_user("hr2", roles=["hr"], full_name="Hedda Hr", role_type="administrative")
    first, second = client, app.test_client()
    first.login("hr")
    second.login("hr2")
    first_form, second_form = first.get("/jobs/templates/ec/edit"), second.get("/jobs/templates/ec/edit")
    loaded = template("ec")
    mine = "Erfaringskonsulenten løfter brukerperspektivet i alt teamet gjør."

    assert first.form("/jobs/templates/ec/edit", template_form(
        loaded, version=version_field(first_form), purpose=NEW_PURPOSE)).status_code == 303
    refused = second.form("/jobs/templates/ec/edit", template_form(
        loaded, version=version_field(second_form), purpose=mine))
    assert refused.status_code == 409
    shown = text_of(refused)
    assert CONFLICT in shown
    assert "Your text, not saved" in shown and mine in shown  # what the second editor typed
    assert NEW_PURPOSE in shown  # the form now shows what is saved
    assert template_text("ec", "purpose") == NEW_PURPOSE  # nothing of the first is lost

    # The form carries the saved version: the second editor can now save on top of it.
    again = second.form("/jobs/templates/ec/edit", template_form(
        template("ec"), version=version_field(refused), purpose=NEW_PURPOSE + "\n" + mine))
    assert again.status_code == 303
    assert template_text("ec", "purpose") == NEW_PURPOSE + "\n" + mine
    assert [r.actor_id for r in audit("jobs.template_update")] == [crew.hr.id, hr2.id]


def test_on_a_template_conflict_the_second_editors_summary_is_kept_too(client, app, crew, make_user):
    make_user("hr2", roles=["hr"], full_name="Hedda Hr", role_type="administrative")
    other = app.test_client()
    other.login("hr2")
    loaded = template("ec").version
    client.login("hr")
    client.form("/jobs/templates/ec/edit", template_form(template("ec"), purpose=NEW_PURPOSE))
    typed = "Ny kortversjon av rollen, skrevet av den andre."
    refused = other.form("/jobs/templates/ec/edit", template_form(template("ec"), version=loaded, summary=typed))
    assert refused.status_code == 409
    assert typed in text_of(refused)


def test_a_text_too_long_is_refused_with_its_message_and_the_typed_text_kept(client, crew):
    client.login("hr")
    long_text = "ord " * 2600
    refused = client.form("/jobs/templates/ec/edit", template_form(template("ec"), purpose=long_text,
                                                                    main_tasks="Nye hovedoppgaver."))
    assert refused.status_code == 422
    shown = text_of(refused)
    assert "At most 10000 characters." in shown and "Nothing was saved." in shown
    assert "Nye hovedoppgaver." in shown
    assert template_text("ec", "main_tasks") != "Nye hovedoppgaver."
    assert audit("jobs.template_update") == []
