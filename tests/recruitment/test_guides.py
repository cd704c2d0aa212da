"""The library of interview guides: reading them, editing a draft, publishing it, and what an
interview planned before keeps."""

import re
from html import unescape

import pytest
from hiring_helpers import guide, plan_interview
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.recruitment import guides
from outreach.recruitment.models import GuideQuestion, GuideSection, InterviewGuide


def audit(action, **where):
    query = select(AuditEvent).where(AuditEvent.action == action)
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def draft_url(g) -> str:
    return f"/recruitment/guides/{g.id}/draft"


def start_draft(client, g):
    response = client.form(f"/recruitment/guides/{g.id}/draft/start")
    assert response.status_code == 303 and response.headers["Location"].endswith(draft_url(g))
    db.session.expire_all()
    return db.session.get(InterviewGuide, g.id).draft


def first_question(version) -> GuideQuestion:
    return version.sections[0].questions[0]


# --- reading --------------------------------------------------------------------------------


def test_every_signed_in_user_reads_the_library_with_the_published_versions(client, crew):
    client.login("ek")
    page = client.get("/recruitment/guides").get_data(as_text=True)
    for key in ("ec_first", "ec_second", "professional_first", "peer_intake"):
        assert guide(key).name in unescape(page)
    published = guide("ec_first").published
    assert f"Version {published.number}," in page
    assert "New guide" not in page  # only HR and the administrator create guides


def test_the_guide_page_shows_the_published_version_in_full(client, crew):
    ec_first = guide("ec_first")
    client.login("ek")
    page = client.get(f"/recruitment/guides/{ec_first.id}").get_data(as_text=True)
    questions = ec_first.published.questions
    assert len(questions) == 15
    shown = text(page)
    assert all(unescape(q.text) in shown for q in questions)
    # The lived-experience questions carry a discreet label: six of the fifteen.
    assert page.count("Lived experience: special-category data") == sum(q.lived_experience for q in questions) == 6
    assert "Intervjuet må tilpasses hver enkelt kandidat" in shown
    assert f"/recruitment/guides/{ec_first.id}/versions/{ec_first.published.number}/sheet" in page
    assert "Edit" not in re.sub(r"<title>.*?</title>", "", page)  # not for a plain EC


def test_the_blank_sheet_has_boxes_for_the_checklist_and_a_print_button(client, crew):
    ec_second = guide("ec_second")
    version = ec_second.published
    checklist = next(q for q in version.questions if q.checklist)
    client.login("ek")
    page = client.get(f"/recruitment/guides/{ec_second.id}/versions/{version.number}/sheet").get_data(as_text=True)
    assert "data-print" in page and "Print" in page
    assert page.count("tick-box") >= len(checklist.checklist)
    assert all(unescape(item) in unescape(page) for item in checklist.checklist)
    assert "write-lines" in page


# --- editing ----------------------------------------------------------------------------------


def test_hr_edits_a_draft_and_publishing_makes_it_the_version_new_interviews_use(client, crew, hiring):
    ec_first = guide("ec_first")
    old = ec_first.published
    old_text = first_question(old).text
    before = plan_interview(hiring.first, [crew.ec, crew.pro])

    client.login("hr")
    draft = start_draft(client, ec_first)
    assert draft.number == old.number + 1 and len(draft.questions) == 15
    question = first_question(draft)
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/questions/{question.id}", {
        f"question-{question.id}-text": "Fortell om deg selv.", f"question-{question.id}-guidance": "Kort.",
        f"question-{question.id}-checklist": "Punkt A\n\nPunkt B\n"})
    assert response.status_code == 303
    db.session.expire_all()
    assert question.text == "Fortell om deg selv." and question.checklist == ["Punkt A", "Punkt B"]
    response = client.htmx("POST", f"/recruitment/guides/{ec_first.id}/draft/intro", {"intro-intro": "Ny veiledning."})
    assert response.status_code == 200 and "The guidance is saved." in response.get_data(as_text=True)
    editor = client.get(draft_url(ec_first)).get_data(as_text=True)
    assert "Fortell om deg selv." in editor and "Ny veiledning." in editor and "Punkt B" in editor
    # The published version is unchanged while the draft is being edited: the library still reads it.
    assert first_question(old).text == old_text
    client.login("ek")
    assert "Fortell om deg selv." not in client.get(f"/recruitment/guides/{ec_first.id}").get_data(as_text=True)
    assert client.get(f"/recruitment/guides/{ec_first.id}/versions/{draft.number}").status_code == 404

    client.login("hr")
    page = client.get(draft_url(ec_first)).get_data(as_text=True)
    token = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/publish", {"version": token})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "New interviews use it from now on" in page
    db.session.expire_all()
    assert guide("ec_first").published.id == draft.id
    assert guides.published_versions("ec")[0].id in {draft.id, guide("ec_second").published.id}
    assert draft.id in [v.id for v in guides.published_versions("ec")]
    assert len(audit("recruitment.guide_publish")) == 1

    # The interview planned before keeps its version, and its sheet prints the old text.
    assert before.guide_version_id == old.id
    client.login("leder")
    sheet = client.get(f"/recruitment/interviews/{before.id}/sheet").get_data(as_text=True)
    assert unescape(old_text) in unescape(sheet) and "Fortell om deg selv." not in sheet
    # A new interview is offered the new version.
    form = client.get(f"/recruitment/candidates/{hiring.second.id}/interviews/new").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="(\d+)"', re.search(r'<select[^>]*id="guide_version_id".*?</select>',
                                                                form, re.S).group(0))
    assert str(draft.id) in options and str(old.id) not in options


def test_a_published_version_cannot_be_edited(client, crew):
    ec_first = guide("ec_first")
    published = ec_first.published
    question = first_question(published)
    section = published.sections[0]
    client.login("hr")
    start_draft(client, ec_first)  # there is a draft, but these belong to the published version
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/questions/{question.id}", {
        f"question-{question.id}-text": "Endret."})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "That version is published and can no longer be changed" in page
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/sections/{section.id}/delete")
    assert response.status_code == 303
    db.session.expire_all()
    assert question.text != "Endret." and db.session.get(GuideSection, section.id) is not None
    with pytest.raises(guides.PublishedVersion):
        guides.update_intro(published, "Ny tekst", actor=crew.hr)


def test_draft_changes_are_refused_for_a_plain_ec_and_logged(client, crew):
    ec_first = guide("ec_first")
    client.login("hr")
    draft = start_draft(client, ec_first)
    question = first_question(draft)
    client.login("ek")
    assert client.get(draft_url(ec_first)).status_code == 403
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/questions/{question.id}", {
        f"question-{question.id}-text": "Endret av EK."})
    assert response.status_code == 403
    assert client.form(f"/recruitment/guides/{ec_first.id}/draft/start").status_code == 403
    db.session.expire_all()
    assert question.text != "Endret av EK."
    assert len(audit("access.denied", actor_id=crew.ec.id)) == 3


def test_the_draft_editor_adds_moves_and_deletes_with_htmx(client, crew):
    client.login("hr")
    response = client.form("/recruitment/guides/new", {"name": "Oppfølgingssamtale", "position_kind": "peer"})
    assert response.status_code == 303
    g = db.session.scalar(select(InterviewGuide).where(InterviewGuide.name == "Oppfølgingssamtale"))
    assert g.position_kind == "peer" and g.draft.number == 1

    response = client.htmx("POST", f"/recruitment/guides/{g.id}/draft/sections", {
        "new-section-title": "Arbeidet", "new-section-guidance": ""})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="draft">') and "<html" not in body
    assert "The section is added." in body
    section = db.session.scalar(select(GuideSection).where(GuideSection.version_id == g.draft.id))
    for wording, flagged in (("Hva vet du om oppsøkende arbeid?", False), ("Hva trenger du av støtte?", True)):
        response = client.htmx("POST", f"/recruitment/guides/{g.id}/draft/sections/{section.id}/questions", {
            f"new-question-{section.id}-text": wording, f"new-question-{section.id}-lived_experience": "y" if flagged
            else ""})
        assert response.status_code == 200
    db.session.expire_all()
    first, second = section.questions
    assert second.lived_experience and not first.lived_experience

    response = client.htmx("POST", f"/recruitment/guides/{g.id}/draft/questions/{second.id}/move",
                           {"direction": "up"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.index("Hva trenger du av støtte?") < body.index("Hva vet du om oppsøkende arbeid?")

    # Deleting asks first: the confirmation is a state of the page, then a POST.
    asked = client.htmx("GET", f"/recruitment/guides/{g.id}/draft?confirm=delete-question-{first.id}")
    assert "Delete question 2?" in asked.get_data(as_text=True)
    assert db.session.get(GuideQuestion, first.id) is not None
    response = client.htmx("POST", f"/recruitment/guides/{g.id}/draft/questions/{first.id}/delete")
    assert response.status_code == 200 and "The question is deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [q.text for q in section.questions] == ["Hva trenger du av støtte?"]

    response = client.form(f"/recruitment/guides/{g.id}/draft/publish", {"version": str(g.draft.version)})
    assert response.status_code == 303
    db.session.expire_all()
    assert g.published is not None and g.published.number == 1


def test_an_empty_question_is_refused_next_to_the_field_with_the_text_kept(client, crew):
    client.login("hr")
    draft = start_draft(client, guide("peer_intake"))
    section = draft.sections[0]
    count = len(section.questions)
    key = f"new-question-{section.id}"
    response = client.htmx("POST", f"/recruitment/guides/{draft.guide_id}/draft/sections/{section.id}/questions", {
        f"{key}-text": "   ", f"{key}-guidance": "Spør om tidligere erfaring."})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert field_error(body, f"{key}-text") == "This cannot be empty."
    assert f'aria-describedby="{key}-text-error"' in body or f"{key}-text-error" in body
    assert "Spør om tidligere erfaring." in body
    db.session.expire_all()
    assert len(section.questions) == count


def test_publishing_a_draft_changed_meanwhile_is_a_conflict(client, crew):
    ec_first = guide("ec_first")
    client.login("hr")
    draft = start_draft(client, ec_first)
    token = str(draft.version)
    # Someone else edits a question after this publisher loaded the draft.
    guides.update_question(first_question(draft), text="Ny tekst", guidance="", lived_experience=False,
                           checklist=[], actor=crew.admin)
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/publish", {"version": token})
    assert response.status_code == 409
    assert "The draft was changed since you loaded it" in response.get_data(as_text=True)
    db.session.expire_all()
    assert guide("ec_first").draft is not None


def test_discarding_a_draft_asks_first_and_keeps_the_published_version(client, crew):
    ec_first = guide("ec_first")
    published = ec_first.published
    client.login("hr")
    start_draft(client, ec_first)
    page = client.get(f"/recruitment/guides/{ec_first.id}/draft?confirm=discard").get_data(as_text=True)
    assert "Discard the draft?" in page
    response = client.form(f"/recruitment/guides/{ec_first.id}/draft/discard")
    assert response.status_code == 303
    db.session.expire_all()
    assert guide("ec_first").draft is None and guide("ec_first").published.id == published.id


def test_hr_renames_and_retires_a_guide(client, crew):
    peer = guide("peer_intake")
    client.login("hr")
    response = client.form(f"/recruitment/guides/{peer.id}/settings", {
        "name": "Intake – likeperson", "position_kind": "peer"})  # the box unticked: retired
    assert response.status_code == 303
    db.session.expire_all()
    assert peer.name == "Intake – likeperson" and not peer.active
    assert peer.published.id not in [v.id for v in guides.published_versions("peer")]
    client.login("ek")
    assert "Intake – likeperson" not in client.get("/recruitment/guides").get_data(as_text=True)
    client.login("hr")
    response = client.form(f"/recruitment/guides/{peer.id}/settings", {
        "name": guide("ec_first").name, "position_kind": "peer", "active": "y"})
    assert response.status_code == 422
    assert "There is already a guide with that name." in unescape(response.get_data(as_text=True))
