"""Each person's job description through its pages: who changes which section, the
employee's proposals and the leader's answers, sign-off and frozen versions, the comparison,
two editors at once, who reads it (and the log of it), the printable view, a change of role,
the Min side panels, the overview list, and the vacancy ad that starts from the template."""

import re
from datetime import timedelta

import pytest
from job_helpers import (
    EVA_PART,
    INDIVIDUAL,
    audit,
    description,
    draft_form,
    english_date,
    flash_of,
    open_proposal,
    page_url,
    panel,
    propose,
    section_text,
    selects,
    sign_both,
    sign_on_page,
    signed,
    start,
    template,
    text_of,
    version_field,
)
from sqlalchemy import select, update

from outreach.auth.models import Role
from outreach.core.timeutil import add_months, today_in_oslo
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.models import DescriptionVersion, Proposal, RoleChange

PROPOSED = "Bruker egen erfaring fra rusbehandling og soning i samtaler med unge voksne på Tøyen og Grønland."
FRAME_REFUSED = "This section is the common frame: HR and your leader change it."
CONFLICT = "Someone else saved this while you were editing."


def template_text(key: str, section: str) -> str:
    return next(s["text"] for s in template(key).sections if s["key"] == section)


def save_draft(client, employee, version=None, frames_off=(), frames_on=(), **texts):
    """The leader's or HR's draft form, posted as loaded now (or from `version`)."""
    form = client.get(page_url(employee, "/draft"))
    shown = description(employee)
    sections = (shown.draft or shown.current).sections
    data = draft_form(sections, **texts)
    for key in frames_off:
        data.pop(f"frame-{key}", None)
    for key in frames_on:
        data[f"frame-{key}"] = "1"
    data["version"] = version_field(form) if version is None else str(version)
    return client.form(page_url(employee, "/draft"), data)


# --- who changes which section ------------------------------------------------------------------


def test_the_employee_cannot_open_or_post_the_leaders_draft_form(client, crew):
    start(crew.ec, crew.leader)
    client.login("ek")
    page = text_of(client.get(page_url(crew.ec)))
    assert "Edit the draft" not in page and "Propose a change to my individual part" in page
    assert client.get(page_url(crew.ec, "/draft")).status_code in (403, 404)
    before = description(crew.ec).draft.sections
    sections = [{**s, "text": "Min egen ramme."} for s in before]
    posted = client.form(page_url(crew.ec, "/draft"), {"version": "1", **draft_form(sections)})
    assert posted.status_code in (403, 404)
    assert description(crew.ec).draft.sections == before


def test_a_proposal_for_a_common_frame_section_is_refused_with_its_message(client, crew):
    start(crew.ec, crew.leader)
    client.login("ek")
    form = client.get(page_url(crew.ec, "/propose"))
    options = re.findall(r'<option[^>]*value="([^"]+)"', form.get_data(as_text=True))
    assert options == [INDIVIDUAL]  # only the individual part is offered
    refused = propose(client, crew.ec, "Jeg vil bestemme formålet selv.", section="purpose")
    assert refused.status_code == 422
    assert FRAME_REFUSED in text_of(refused)
    assert services.open_proposals(description(crew.ec)) == []
    assert section_text(description(crew.ec).draft, "purpose") == template_text("ec", "purpose")


@pytest.mark.parametrize("editor", ["leader", "hr"])
def test_the_leader_and_hr_change_any_section_and_mark_it_frame_or_individual(client, crew, editor):
    start(crew.ec, crew.leader)
    client.login(getattr(crew, editor).username)
    hours = "Jobber kveld tirsdag til torsdag; aldri nattevakt alene."
    saved = save_draft(client, crew.ec, purpose="Et nytt formål for Eva.", hours=hours, frames_off=["hours"],
                       frames_on=[INDIVIDUAL])
    assert saved.status_code == 303
    assert "The draft is saved." in flash_of(client, page_url(crew.ec))
    draft = description(crew.ec).draft
    assert section_text(draft, "purpose") == "Et nytt formål for Eva."
    assert draft.section("hours")["frame"] is False and draft.section(INDIVIDUAL)["frame"] is True
    page = client.get(page_url(crew.ec)).get_data(as_text=True)
    assert re.search(r'id="title-hours">Arbeidstid og tilgjengelighet <small class="jd-mark">Individual', page)
    assert re.search(r'id="title-individual">Individuell del <small class="jd-mark">Common frame', page)
    (row,) = audit("jobs.draft_edit")
    assert row.actor_id == getattr(crew, editor).id and row.subject_user_id == crew.ec.id
    assert "purpose" in row.summary and "hours" in row.summary

    # The employee may now propose for the working hours, and no longer for the individual part.
    client.login("ek")
    options = re.findall(r'<option[^>]*value="([^"]+)"', client.get(page_url(crew.ec, "/propose")).get_data(
        as_text=True))
    assert options == ["hours"]
    assert FRAME_REFUSED in text_of(propose(client, crew.ec, "Noe annet.", section=INDIVIDUAL))
    assert propose(client, crew.ec, hours + " Helst ikke mandag.", section="hours").status_code == 303


@pytest.mark.parametrize(("username", "status"), [("fag", 403), ("ek2", 403), ("annen", 404), ("admin", 403),
                                                  ("veileder", 403)])
def test_nobody_else_edits_the_draft(client, crew, username, status):
    start(crew.ec, crew.leader)
    client.login(username)
    assert client.get(page_url(crew.ec, "/draft")).status_code == status
    posted = client.form(page_url(crew.ec, "/draft"), {"version": "1", **draft_form(
        description(crew.ec).draft.sections, individual="Overskrevet.")})
    assert posted.status_code == status
    assert section_text(description(crew.ec).draft) == EVA_PART


# --- proposals and sign-off through the pages ----------------------------------------------------


def test_proposal_accepted_signed_by_both_then_frozen_while_the_next_version_is_written(client, crew):
    today = today_in_oslo()
    # The leader starts the description from the EC template.
    client.login("leder")
    assert "There is no job description yet." in text_of(client.get(page_url(crew.ec)))
    assert client.form(page_url(crew.ec, "/start")).status_code == 303
    assert "The description is started from the role's template." in flash_of(client, page_url(crew.ec))
    shown = text_of(client.get(page_url(crew.ec)))
    assert "Nothing signed yet" in shown and "Version 1 is being written" in shown
    assert template_text("ec", "purpose") in shown
    save_draft(client, crew.ec, individual=EVA_PART)

    # Eva proposes a change to her individual part.
    client.login("ek")
    sent = propose(client, crew.ec, PROPOSED, note="Jeg har også erfaring fra soning.")
    assert sent.status_code == 303
    assert "Your proposal is sent to your leader." in flash_of(client, page_url(crew.ec))
    assert "Waiting for the leader" in text_of(client.get(page_url(crew.ec)))

    # Lise sees it next to the text as it is now, the added words marked.
    client.login("leder")
    html = client.get(page_url(crew.ec)).get_data(as_text=True)
    proposal = open_proposal(crew.ec)
    box = html[html.index(f'id="proposal-{proposal.id}"'):].split("</article>")[0]
    now, proposed = box.split('<h3 class="small-heading">Proposed</h3>')
    assert EVA_PART in text_of(now) and "<ins>" not in now
    assert re.search(r"<ins>[^<]*soning[^<]*</ins>", proposed)
    assert re.search(r"<ins>[^<]*Grønland\.[^<]*</ins>", proposed)
    assert "Jeg har også erfaring fra soning." in text_of(box)
    assert "Answer the open proposals before signing." in text_of(html)

    # She accepts it: the text is in the draft.
    assert client.form(f"/jobs/proposals/{proposal.id}/accept").status_code == 303
    assert "The proposal is taken into the draft." in flash_of(client, page_url(crew.ec))
    assert section_text(description(crew.ec).draft) == PROPOSED
    assert PROPOSED in text_of(client.get(page_url(crew.ec)))

    # Both sign, Eva first.
    client.login("ek")
    assert sign_on_page(client, crew.ec).status_code == 303
    assert "Signed. It is frozen once both have signed." in flash_of(client, page_url(crew.ec))
    client.login("leder")
    sign_on_page(client, crew.ec)
    next_review = add_months(today, 12)  # Eva started in March 2025: past her first six months
    assert (f"Signed by both: version 1 is frozen. Next review: {english_date(next_review)}."
            in flash_of(client, page_url(crew.ec)))
    shown = text_of(client.get(page_url(crew.ec)))
    assert f"Version 1, signed by both {english_date(today)}" in shown
    assert f"Next review {english_date(next_review)}" in shown
    assert "Signing version" not in shown  # nothing left to sign
    assert description(crew.ec).next_review_on == next_review

    # The next change starts version 2; version 1 stays as it was signed.
    assert save_draft(client, crew.ec, individual=PROPOSED + " Fadder for nye likepersoner.").status_code == 303
    found = description(crew.ec)
    assert [v.number for v in found.versions] == [1, 2]
    assert section_text(found.current) == PROPOSED and found.current.number == 1
    shown = text_of(client.get(page_url(crew.ec)))
    assert "Version 1, signed by both" in shown and "Version 2 is being written" in shown
    assert "Fadder for nye likepersoner." in shown
    old = text_of(client.get(page_url(crew.ec, "/versions/1")))
    assert PROPOSED in old and "Fadder for nye likepersoner." not in old
    assert f"signed by both {english_date(today)}" in old

    subject = {r.action for r in audit_rows_about(crew.ec)}
    assert {"jobs.description_create", "jobs.draft_edit", "jobs.proposal_create", "jobs.proposal_accept",
            "jobs.sign", "jobs.draft_start"} <= subject


def audit_rows_about(user):
    from outreach.audit.models import AuditEvent

    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.subject_user_id == user.id,
                                                           AuditEvent.action.like("jobs.%"))))


def test_a_comment_instead_reaches_the_employee_and_the_proposal_is_not_taken_in(client, crew):
    start(crew.ec, crew.leader)
    client.login("ek")
    propose(client, crew.ec, PROPOSED)
    proposal = open_proposal(crew.ec)
    client.login("leder")
    empty = client.form(f"/jobs/proposals/{proposal.id}/comment", {"comment": "  "})
    assert empty.status_code == 422 and "Write the comment to the employee." in text_of(empty)
    answered = client.form(f"/jobs/proposals/{proposal.id}/comment",
                           {"comment": "La oss snakke om soning på neste oppfølgingssamtale."})
    assert answered.status_code == 303
    assert "Your comment is sent to the employee." in flash_of(client, page_url(crew.ec))
    assert section_text(description(crew.ec).draft) == EVA_PART
    (row,) = audit("jobs.proposal_comment")
    assert row.actor_id == crew.leader.id and row.subject_user_id == crew.ec.id

    client.login("ek")
    shown = text_of(client.get(page_url(crew.ec)))
    assert "Commented: not taken in" in shown
    assert "La oss snakke om soning på neste oppfølgingssamtale." in shown
    assert "No proposals waiting." in shown
    assert PROPOSED not in shown.split("The draft (version 1)")[1]
    # Answered once: accepting it afterwards is refused.
    client.login("leder")
    client.form(f"/jobs/proposals/{proposal.id}/accept")
    assert "The proposal has already been answered." in flash_of(client, page_url(crew.ec))
    assert section_text(description(crew.ec).draft) == EVA_PART


def test_signing_with_an_open_proposal_is_refused(client, crew):
    start(crew.ec, crew.leader)
    client.login("leder")
    sign_form = f'action="{page_url(crew.ec, "/sign")}"'
    assert sign_form in client.get(page_url(crew.ec)).get_data(as_text=True)
    services.propose(description(crew.ec), section_key=INDIVIDUAL, text=PROPOSED, note="", actor=crew.ec)
    page = client.get(page_url(crew.ec))
    assert "Answer the open proposals before signing." in text_of(page)
    assert sign_form not in page.get_data(as_text=True)
    # A page opened before the proposal came still has the button: signing is refused all the same.
    client.form(page_url(crew.ec, "/sign"), {"version": str(description(crew.ec).draft.version)})
    assert "Answer the open proposals before signing." in flash_of(client, page_url(crew.ec))
    assert description(crew.ec).draft.leader_signed_at is None
    assert audit("jobs.sign") == []


def test_signing_a_version_that_changed_after_it_was_opened_is_refused(client, app, crew):
    start(crew.ec, crew.leader)
    eva = app.test_client()
    eva.login("ek")
    opened = eva.get(page_url(crew.ec))  # Eva reads the draft
    client.login("leder")
    save_draft(client, crew.ec, individual=EVA_PART + " Kun kveldsvakter.")
    refused = eva.form(page_url(crew.ec, "/sign"), {"version": version_field(opened)})
    assert refused.status_code == 303
    assert "The draft changed after you opened it. Read it again before you sign." in flash_of(eva, page_url(crew.ec))
    assert description(crew.ec).draft.employee_signed_at is None
    assert sign_on_page(eva, crew.ec).status_code == 303  # read again, then signed
    assert description(crew.ec).draft.employee_signed_at is not None


def test_a_change_after_one_signature_takes_it_back(client, crew):
    start(crew.ec, crew.leader)
    client.login("leder")
    sign_on_page(client, crew.ec)
    assert "The leader: signed" in text_of(client.get(page_url(crew.ec)))
    # Eva proposes: Lise signed another text, her signature is taken back.
    client.login("ek")
    assert "Your leader has signed: your signature is missing." in panel(
        client.min_side().get_data(as_text=True), "My job description")
    propose(client, crew.ec, PROPOSED)
    shown = text_of(client.get(page_url(crew.ec)))
    assert "The leader: not signed" in shown
    assert "signatures taken back" in audit("jobs.proposal_create")[0].summary

    client.login("leder")
    client.form(f"/jobs/proposals/{open_proposal(crew.ec).id}/accept")
    client.login("ek")
    sign_on_page(client, crew.ec)
    assert "The employee: signed" in text_of(client.get(page_url(crew.ec)))
    # Lise edits after Eva's signature: Eva's is taken back.
    client.login("leder")
    save_draft(client, crew.ec, individual=PROPOSED + " Med fadder.")
    shown = text_of(client.get(page_url(crew.ec)))
    assert "The employee: not signed" in shown and "The leader: not signed" in shown
    assert description(crew.ec).current is None


def test_accepting_after_the_leader_rewrote_the_section_is_refused(client, crew):
    found = start(crew.ec, crew.leader)
    proposal = services.propose(found, section_key=INDIVIDUAL, text=PROPOSED, note="", actor=crew.ec)
    client.login("leder")
    save_draft(client, crew.ec, individual="Lise har skrevet om hele delen.")
    client.form(f"/jobs/proposals/{proposal.id}/accept")
    assert "The section has changed since the proposal was made." in flash_of(client, page_url(crew.ec))
    assert section_text(description(crew.ec).draft) == "Lise har skrevet om hele delen."
    assert db.session.get(Proposal, proposal.id).status == "open"


def test_the_employee_withdraws_a_proposal_or_replaces_it_with_a_newer_one(client, crew):
    start(crew.ec, crew.leader)
    client.login("ek")
    propose(client, crew.ec, PROPOSED)
    first = open_proposal(crew.ec)
    propose(client, crew.ec, PROPOSED + " Og Grünerløkka.")
    second = open_proposal(crew.ec)
    assert second.id != first.id and second.text.endswith("Og Grünerløkka.")
    assert db.session.get(Proposal, first.id).status == "withdrawn"
    assert client.form(f"/jobs/proposals/{second.id}/withdraw").status_code == 303
    assert "The proposal is withdrawn." in flash_of(client, page_url(crew.ec))
    assert services.open_proposals(description(crew.ec)) == []
    (row,) = audit("jobs.proposal_withdraw")
    assert row.actor_id == crew.ec.id and str(second.id) in row.summary
    # Lise cannot withdraw for her; Ola cannot even see it.
    propose(client, crew.ec, PROPOSED)
    third = open_proposal(crew.ec)
    client.login("leder")
    assert client.form(f"/jobs/proposals/{third.id}/withdraw").status_code == 404
    client.login("ek2")
    assert client.form(f"/jobs/proposals/{third.id}/accept").status_code == 403
    client.login("annen")
    assert client.form(f"/jobs/proposals/{third.id}/accept").status_code == 404
    assert db.session.get(Proposal, third.id).status == "open"


def test_a_colleague_cannot_propose_for_someone_else(client, crew):
    start(crew.ec, crew.leader)
    client.login("ek2")
    assert client.get(page_url(crew.ec, "/propose")).status_code == 404
    assert propose(client, crew.ec, PROPOSED).status_code == 404
    client.login("leder")
    assert client.get(page_url(crew.ec, "/propose")).status_code == 404
    assert services.open_proposals(description(crew.ec)) == []


def test_a_refused_proposal_on_a_signed_description_changes_nothing(client, crew):
    signed(crew.ec, crew.leader)
    client.login("ek")
    refused = propose(client, crew.ec, EVA_PART)  # the same text as now
    assert refused.status_code == 422
    assert "The text is the same as now: change it before proposing." in text_of(refused)
    assert "is being written" not in text_of(client.get(page_url(crew.ec)))
    assert [v.number for v in description(crew.ec).versions] == [1]


def test_a_proposal_sent_while_the_leader_saves_the_draft_gets_a_clear_message(client, crew, meanwhile):
    found = start(crew.ec, crew.leader)
    services.sign(found, as_employee=False, version=found.draft.version, actor=crew.leader)
    draft = description(crew.ec).draft
    meanwhile(DescriptionVersion, update(DescriptionVersion).where(DescriptionVersion.id == draft.id)
              .values(version=DescriptionVersion.version + 1))  # Lise saves at that moment
    client.login("ek")
    answer = propose(client, crew.ec, PROPOSED)
    assert answer.status_code in (303, 409)
    assert "Something went wrong" not in text_of(answer)


def test_two_answers_to_one_proposal_at_once_the_second_is_refused(client, crew, meanwhile):
    found = start(crew.ec, crew.leader)
    proposal = services.propose(found, section_key=INDIVIDUAL, text=PROPOSED, note="", actor=crew.ec)
    meanwhile(Proposal, update(Proposal).where(Proposal.id == proposal.id)
              .values(status="accepted", decided_by_id=crew.hr.id))  # HR accepts at that moment
    client.login("leder")
    client.form(f"/jobs/proposals/{proposal.id}/comment", {"comment": "Vi venter med dette."})
    assert db.session.get(Proposal, proposal.id).status == "accepted"


# --- versions and their comparison -----------------------------------------------------------------


def three_versions(crew):
    """Eva's description signed three times: the individual part grows, and the working hours
    become individual in version 3."""
    found = signed(crew.ec, crew.leader, "Kveld i sentrum.")
    for text, frames_off in (("Kveld i sentrum og på Tøyen.", ()), ("Kveld og dag på Tøyen.", ("hours",))):
        draft = services.draft_of(found, actor=crew.leader)
        texts = {s["key"]: s["text"] for s in draft.sections} | {INDIVIDUAL: text}
        frames = {s["key"] for s in draft.sections if s["frame"]} - set(frames_off)
        services.edit_sections(draft, texts=texts, frames=frames, version=draft.version, actor=crew.leader)
        sign_both(found, crew.ec, crew.leader)
    return found


def compared(client, employee, a=None, b=None):
    query = "" if a is None else f"?a={a}&b={b}"
    page = client.get(page_url(employee, f"/compare{query}"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = {key: row for key, row in re.findall(r'<tr class="\w+" id="compare-(\w+)">(.*?)</tr>', html, re.S)}
    return html, rows


def test_any_two_versions_side_by_side_with_the_differences_marked(client, crew):
    three_versions(crew)
    client.login("ek")
    html, rows = compared(client, crew.ec)  # the two newest by default
    assert "Version 2" in text_of(html) and "Version 3" in text_of(html)
    assert re.search(r"<del>[^<]*sentrum[^<]*</del>", rows[INDIVIDUAL])
    assert re.search(r"<ins>[^<]*dag[^<]*</ins>", rows[INDIVIDUAL])

    html, rows = compared(client, crew.ec, 3, 1)  # either order: the older on the left
    head = text_of(html.split("<tbody>")[0])
    assert head.index("Version 1") < head.index("Version 3")
    left, right = re.findall(r'<td class="pre">(.*?)</td>', rows[INDIVIDUAL], re.S)
    assert "<del>" in left and "<ins>" not in left and "<ins>" in right and "<del>" not in right
    assert text_of(left) == "Kveld i sentrum." and text_of(right) == "Kveld og dag på Tøyen."
    # The working hours kept their text but became individual: a change too.
    assert "changed" in text_of(rows["hours"]) and "now individual" in text_of(rows["hours"])
    assert "<ins>" not in rows["hours"] and "<del>" not in rows["hours"]
    assert "changed" not in text_of(rows["purpose"]) and 'class="same" id="compare-purpose"' in html

    assert client.get(page_url(crew.ec, "/compare?a=1&b=9")).status_code == 404
    assert client.get(page_url(crew.ec, "/versions/9")).status_code == 404


def test_each_version_keeps_its_own_text(client, crew):
    three_versions(crew)
    client.login("leder")
    texts = [text_of(client.get(page_url(crew.ec, f"/versions/{n}"))) for n in (1, 2, 3)]
    assert "Kveld i sentrum." in texts[0] and "Tøyen" not in texts[0]
    assert "Kveld i sentrum og på Tøyen." in texts[1]
    assert "Kveld og dag på Tøyen." in texts[2]
    shown = text_of(client.get(page_url(crew.ec)))
    assert "Version 3, signed by both" in shown and "Kveld og dag på Tøyen." in shown


# --- two editors at once --------------------------------------------------------------------------


def test_two_editors_saving_the_same_draft_the_second_gets_a_conflict_and_loses_nothing(client, app, crew):
    start(crew.ec, crew.leader)
    hr = app.test_client()
    client.login("leder")
    hr.login("hr")
    lise_form, hanne_form = client.get(page_url(crew.ec, "/draft")), hr.get(page_url(crew.ec, "/draft"))
    sections = description(crew.ec).draft.sections
    lise = "Lise: kveldsvakter i sentrum, dagtid på Tøyen."
    hanne = "Hanne: 80 % stilling fra januar."

    assert client.form(page_url(crew.ec, "/draft"), {"version": version_field(lise_form), **draft_form(
        sections, individual=lise)}).status_code == 303
    refused = hr.form(page_url(crew.ec, "/draft"), {"version": version_field(hanne_form), **draft_form(
        sections, individual=hanne)})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert CONFLICT in text_of(html)
    saved_box = re.search(r'<textarea id="text-individual"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert saved_box.strip() == lise  # the form shows what is saved now
    kept = re.search(r'<div class="pre kept-text">(.*?)</div>', html, re.S).group(1)
    assert "Your text, not saved" in text_of(html) and kept.strip() == hanne  # and keeps what she typed
    assert section_text(description(crew.ec).draft) == lise

    again = hr.form(page_url(crew.ec, "/draft"), {"version": version_field(refused), **draft_form(
        sections, individual=lise + " " + hanne)})
    assert again.status_code == 303
    assert section_text(description(crew.ec).draft) == lise + " " + hanne
    assert len(audit("jobs.draft_edit")) == 2


def test_two_editors_changing_a_signed_description_start_only_one_new_version(client, app, crew):
    signed(crew.ec, crew.leader)
    hr = app.test_client()
    client.login("leder")
    hr.login("hr")
    lise_form, hanne_form = client.get(page_url(crew.ec, "/draft")), hr.get(page_url(crew.ec, "/draft"))
    sections = description(crew.ec).current.sections
    assert client.form(page_url(crew.ec, "/draft"), {"version": version_field(lise_form), **draft_form(
        sections, individual="Lise sin endring.")}).status_code == 303
    refused = hr.form(page_url(crew.ec, "/draft"), {"version": version_field(hanne_form), **draft_form(
        sections, individual="Hanne sin endring.")})
    assert refused.status_code == 409
    assert "Hanne sin endring." in text_of(refused) and "Lise sin endring." in text_of(refused)
    found = description(crew.ec)
    assert [v.number for v in found.versions] == [1, 2]
    assert section_text(found.draft) == "Lise sin endring." and section_text(found.current) == EVA_PART


# --- who reads it -------------------------------------------------------------------------------------


READ_PAGES = ["", "/versions/1", "/compare", "/print"]


@pytest.mark.parametrize("username", ["ek", "leder", "hr"])
def test_the_employee_their_leader_and_hr_read_the_description(client, crew, username):
    signed(crew.ec, crew.leader)
    client.login(username)
    for rest in READ_PAGES:
        page = client.get(page_url(crew.ec, rest))
        assert page.status_code == 200, rest
        assert EVA_PART in text_of(page), rest


@pytest.mark.parametrize("outsider", ["other_leader", "colleague", "admin", "supervisor", "pro"])
def test_nobody_else_reads_it_and_each_refusal_is_logged(client, crew, outsider):
    signed(crew.ec, crew.leader)
    user = getattr(crew, outsider)
    client.login(user.username)
    for rest in READ_PAGES:
        page = client.get(page_url(crew.ec, rest))
        assert page.status_code == 404, rest
        assert EVA_PART not in text_of(page)
    denied = audit("access.denied", actor_id=user.id)
    assert len(denied) == len(READ_PAGES)
    assert all(row.object_id == str(crew.ec.profile.id) and "jobs.view" in row.summary for row in denied)
    assert audit("jobs.description_read") == []


def test_every_read_by_someone_else_shows_on_the_employees_who_has_looked_page(client, crew):
    signed(crew.ec, crew.leader)
    client.login("ek")
    for rest in READ_PAGES:
        client.get(page_url(crew.ec, rest))
    assert audit("jobs.description_read") == []  # her own reads are not logged
    client.login("leder")
    for rest in READ_PAGES:
        client.get(page_url(crew.ec, rest))
    client.login("hr")
    client.get(page_url(crew.ec))
    rows = audit("jobs.description_read")
    assert [r.actor_id for r in rows] == [crew.leader.id] * 4 + [crew.hr.id]
    assert all(r.subject_user_id == crew.ec.id and r.kind == "read" for r in rows)

    client.login("ek")
    shown = text_of(client.get("/audit/me"))
    assert "Lise Leder" in shown and "Hanne HR" in shown
    assert "Job description read" in shown and "jobs.description_read" not in shown  # named in words
    found = description(crew.ec)
    assert f"job description {found.id}: version 1 printed" in shown
    assert f"job description {found.id}: description" in shown


def test_opening_the_draft_form_is_a_read_that_is_logged(client, crew):
    signed(crew.ec, crew.leader)
    client.login("hr")
    page = client.get(page_url(crew.ec, "/draft"))
    assert EVA_PART in page.get_data(as_text=True)
    assert [r.actor_id for r in audit("jobs.description_read")] == [crew.hr.id]


def test_no_description_yet_the_leader_may_start_it_the_employee_is_told_who_does(client, crew):
    client.login("ek")
    shown = text_of(client.get(page_url(crew.ec)))
    assert "There is no job description yet." in shown and "Your leader starts it" in shown
    assert "Start it from the role's template" not in shown
    assert client.form(page_url(crew.ec, "/start")).status_code == 403
    client.login("annen")
    assert client.form(page_url(crew.ec, "/start")).status_code == 404
    assert description(crew.ec) is None
    client.login("hr")
    assert "Start it from the role's template" in text_of(client.get(page_url(crew.ec)))
    client.form(page_url(crew.ec, "/start"))
    client.form(page_url(crew.ec, "/start"))  # twice: refused, still one description
    assert "This person already has a job description." in flash_of(client, page_url(crew.ec))
    assert [v.number for v in description(crew.ec).versions] == [1]
    (row,) = audit("jobs.description_create")
    assert row.actor_id == crew.hr.id and row.subject_user_id == crew.ec.id


# --- the printable view --------------------------------------------------------------------------------


def test_the_printable_view_holds_every_section_and_both_signatures(client, crew):
    signed(crew.ec, crew.leader)
    client.login("ek")
    page = client.get(page_url(crew.ec, "/print"))
    html, shown = page.get_data(as_text=True), text_of(page)
    for s in description(crew.ec).current.sections:
        assert s["title"] in shown and s["text"].split("\n")[0] in shown, s["key"]
    assert "Print or save as PDF" in shown and "data-print" in html
    today = english_date(today_in_oslo(), "MMM d, y")
    assert f"The employee: signed {today}" in shown
    assert f"The leader: signed {today}, Lise Leder" in shown
    assert "Eva Erfaring" in shown and "Experience consultant" in shown and "Unge voksne" in shown
    assert "Common frame" not in shown  # the marks are for the screen, not the document


def test_a_draft_prints_unsigned_with_lines_to_sign_on(client, crew):
    signed(crew.ec, crew.leader)
    client.login("leder")
    save_draft(client, crew.ec, individual="Ny individuell del.")
    draft = text_of(client.get(page_url(crew.ec, "/print?version=2")))
    assert "draft, not signed" in draft and "Ny individuell del." in draft
    assert "The employee: The leader:" in draft  # nothing after either: lines to sign on
    current = text_of(client.get(page_url(crew.ec, "/print")))
    assert "Ny individuell del." not in current and EVA_PART in current  # what holds now


# --- a change of role ------------------------------------------------------------------------------


def test_an_ec_who_becomes_a_miljoterapeut_changes_role_and_the_ec_position_is_suggested_again(client, crew):
    signed(crew.ec, crew.leader)
    client.login("leder")
    assert "Record a change of role" in text_of(client.get(page_url(crew.ec)))
    day = today_in_oslo()
    done = client.form(page_url(crew.ec, "/role"), {"to_key": "miljoterapeut", "changed_on": day.isoformat(),
                                                    "note": "Ferdig utdannet vernepleier."})
    assert done.status_code == 200
    shown = text_of(done)
    assert (f"Eva Erfaring: Experience consultant → Outreach social worker (miljøterapeut) from "
            f"{english_date(day)}." in shown)
    assert "announce it as an experience consultant position again" in shown
    link = f'href="/recruitment/needs/new?position=ec&amp;team={crew.team.id}"'
    assert link in done.get_data(as_text=True)

    # The history line, the profile, the account's roles.
    page = text_of(client.get(page_url(crew.ec)))
    assert "Changes of role" in page
    assert "Experience consultant → Outreach social worker (miljøterapeut) · Ferdig utdannet vernepleier." in page
    profile = crew.ec.profile
    db.session.refresh(profile)
    assert profile.title == "Oppsøkende miljøterapeut" and profile.role_type == "professional"
    roles = set(crew.ec.roles)
    assert Role.PROFESSIONAL in roles and Role.EC not in roles
    assert db.session.scalar(select(RoleChange.from_key)) == "ec"
    assert audit("jobs.role_change", subject_user_id=crew.ec.id)

    # The next draft starts from the miljøterapeut template, the individual part kept.
    found = description(crew.ec)
    assert found.template_key == "miljoterapeut" and found.draft.number == 2
    assert section_text(found.draft, "purpose") == template_text("miljoterapeut", "purpose")
    assert section_text(found.draft) == EVA_PART
    assert section_text(found.current, "purpose") == template_text("ec", "purpose")  # version 1 as signed
    assert "Version 2 is being written (Ny rolle)" in page

    # The suggested link opens the needs mapping with the EC position and the team chosen.
    need = client.get(f"/recruitment/needs/new?position=ec&team={crew.team.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="ec">|<option value="ec" selected>', need)
    assert re.search(rf'<option selected value="{crew.team.id}">|<option value="{crew.team.id}" selected>', need)


def test_a_change_of_role_keeps_the_employees_open_proposal(client, crew):
    found = signed(crew.ec, crew.leader)
    proposal_id = services.propose(found, section_key=INDIVIDUAL, text=PROPOSED, note="", actor=crew.ec).id
    client.login("leder")
    done = client.form(page_url(crew.ec, "/role"), {"to_key": "miljoterapeut",
                                                    "changed_on": today_in_oslo().isoformat()})
    assert done.status_code == 200
    assert db.session.scalar(select(Proposal.text).where(Proposal.id == proposal_id)) == PROPOSED


def test_a_change_of_role_from_another_role_suggests_no_ec_position(client, crew):
    signed(crew.pro, crew.leader, "Jobber mest med unge voksne.")
    client.login("hr")
    done = client.form(page_url(crew.pro, "/role"), {"to_key": "psykolog", "changed_on": today_in_oslo().isoformat()})
    assert done.status_code == 200
    assert "announce it as an experience consultant position again" not in text_of(done)
    assert "/recruitment/needs/new" not in done.get_data(as_text=True)
    same = client.form(page_url(crew.pro, "/role"), {"to_key": "psykolog", "changed_on": today_in_oslo().isoformat()})
    assert same.status_code == 422 and "That is the role the person has now." in text_of(same)
    assert db.session.scalar(select(db.func.count()).select_from(RoleChange)) == 1


def test_only_the_leader_and_hr_record_a_change_of_role(client, crew):
    signed(crew.ec, crew.leader)
    for username, status in (("ek", 403), ("annen", 404), ("admin", 403)):
        client.login(username)
        posted = client.form(page_url(crew.ec, "/role"), {"to_key": "miljoterapeut",
                                                          "changed_on": today_in_oslo().isoformat()})
        assert posted.status_code == status, username
    assert db.session.scalar(select(db.func.count()).select_from(RoleChange)) == 0
    assert description(crew.ec).template_key == "ec"


# --- review dates on Min side --------------------------------------------------------------------------


def test_a_new_ec_sees_the_review_due_on_min_side_and_her_leader_too(client, crew, make_user):
    today = today_in_oslo()
    new = make_user("ek3", roles=["ec"], teams=[crew.team], full_name="Nina Ny", role_type="ec",
                    start_date=add_months(today, -2) + timedelta(days=5))
    signed(new, crew.leader, "Ny i teamet.")
    due = add_months(new.profile.start_date, 2)
    assert description(new).next_review_on == due  # the review after two months

    client.login("ek3")
    mine = panel(client.min_side().get_data(as_text=True), "My job description")
    assert mine is not None and f"Review due {english_date(due, 'MMM d, y')}" in mine
    client.login("leder")
    follow = panel(client.min_side().get_data(as_text=True), "Job descriptions")
    assert follow is not None and "Reviews due" in follow
    assert re.search(rf"Nina Ny ?: {english_date(due, 'MMM d, y')}", follow)
    client.login("annen")
    assert panel(client.min_side().get_data(as_text=True), "Job descriptions") is None


def test_nothing_on_min_side_when_the_description_is_signed_and_the_review_is_far(client, crew):
    signed(crew.ec, crew.leader)
    client.login("ek")
    assert panel(client.min_side().get_data(as_text=True), "My job description") is None
    client.login("leder")
    assert panel(client.min_side().get_data(as_text=True), "Job descriptions") is None


def test_an_overdue_review_and_a_proposal_to_answer_on_the_leaders_min_side(client, crew):
    found = signed(crew.ec, crew.leader)
    found.next_review_on = today_in_oslo() - timedelta(days=30)
    db.session.commit()
    services.propose(found, section_key=INDIVIDUAL, text=PROPOSED, note="", actor=crew.ec)
    client.login("leder")
    html = client.min_side().get_data(as_text=True)
    follow = panel(html, "Job descriptions")
    assert "Eva Erfaring" in follow and "(overdue)" in follow and "Proposals to answer" in follow
    assert f'href="/jobs/people/{crew.ec.profile.id}#proposal-{open_proposal(crew.ec).id}"' in html
    client.login("ek")
    mine = panel(client.min_side().get_data(as_text=True), "My job description")
    assert "1 proposal waiting for your leader." in mine and "Review due" in mine


# --- the overview for leaders and HR ---------------------------------------------------------------------


def rows_of(page) -> list[str]:
    html = page.get_data(as_text=True)
    return [text_of(name) for name in re.findall(r'<td><a href="/jobs/people/\d+">(.*?)</a></td>', html)]


def test_the_overview_lists_the_people_a_leader_follows_and_hr_everyone(client, crew):
    signed(crew.ec, crew.leader)
    client.login("leder")
    assert rows_of(client.get("/jobs/")) == ["Eva Erfaring", "Ola Kollega", "Per Fagansatt"]  # reviewed first
    client.login("annen")
    assert rows_of(client.get("/jobs/")) == []
    client.login("hr")
    everyone = rows_of(client.get("/jobs/"))
    assert {"Eva Erfaring", "Anne Annen", "Lise Leder", "Vera Veileder"} <= set(everyone)
    client.login("ek")
    page = text_of(client.get("/jobs/"))
    assert "Descriptions I follow" not in page and "My job description" in page and "Open my description" in page


def test_the_overview_is_searched_by_name_and_paged(client, crew, make_app):
    client.login("hr")
    assert rows_of(client.get("/jobs/?q=eva")) == ["Eva Erfaring"]
    fragment = client.htmx("GET", "/jobs/?q=KOLLEGA")
    assert fragment.status_code == 200 and rows_of(fragment) == ["Ola Kollega"]
    assert "<html" not in fragment.get_data(as_text=True)  # only the results
    assert rows_of(client.get("/jobs/?q=%25")) == []  # a wildcard is a character like any other

    small = make_app(PAGE_SIZE=3).test_client()
    small.login("hr")
    everyone = sorted(u.full_name for u in vars(crew).values() if hasattr(u, "full_name"))
    pages = [rows_of(small.get(f"/jobs/?page={n}")) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [3, 3, len(everyone) - 6, 0]
    assert sorted(sum(pages, [])) == everyone  # each person once
    assert 'href="/jobs/?page=2' in small.get("/jobs/").get_data(as_text=True).replace("&amp;", "&")


def test_the_overview_shows_the_signed_version_and_when_a_review_is_due(client, crew):
    found = signed(crew.ec, crew.leader)
    found.next_review_on = today_in_oslo() - timedelta(days=1)
    db.session.commit()
    start(crew.colleague, crew.leader, "Ny.")
    client.login("leder")
    html = client.get("/jobs/").get_data(as_text=True)
    rows = {text_of(m.group(1)): text_of(m.group(0)) for m in re.finditer(
        r'<tr>\s*<td><a href="/jobs/people/\d+">(.*?)</a></td>.*?</tr>', html, re.S)}
    assert rows["Eva Erfaring"].endswith("overdue") and "Experience consultant 1" in rows["Eva Erfaring"]
    assert "Draft" in rows["Ola Kollega"]
    assert "None yet" in rows["Per Fagansatt"]


def review_round(found, crew, n: int) -> None:
    """Eva proposes, HR comments or Lise accepts, both sign: one more version and one more answer."""
    services.draft_of(found, actor=crew.leader)
    proposal = services.propose(found, section_key=INDIVIDUAL, text=f"Forslag {n}.", note="", actor=crew.ec)
    if n % 2:
        services.accept(proposal, actor=crew.leader)
    else:
        services.comment(proposal, "Nei.", actor=crew.hr)
    sign_both(description(crew.ec), crew.ec, crew.leader)


def test_the_overview_and_a_description_cost_the_same_queries_for_more_people_and_versions(client, crew, make_user):
    for user in (crew.ec, crew.colleague):
        signed(user, crew.leader)
    review_round(description(crew.ec), crew, 0)
    client.login("hr")
    few_list = selects(client, "/jobs/")
    few_page = selects(client, page_url(crew.ec))

    for n in range(6):
        user = make_user(f"ny{n}", roles=["professional"], teams=[crew.team], full_name=f"Ny Kollega {n}")
        signed(user, crew.leader, f"Del {n}.")
    for n in range(1, 5):
        review_round(description(crew.ec), crew, n)
    assert len(description(crew.ec).versions) == 6
    assert len(rows_of(client.get("/jobs/"))) == 14
    assert selects(client, "/jobs/") == few_list
    assert selects(client, page_url(crew.ec)) == few_page
    assert selects(client, page_url(crew.ec, "/compare?a=1&b=6")) <= few_page


# --- the vacancy ad starts from the template -----------------------------------------------------------


def map_ec_need(crew):
    from outreach.recruitment import vacancies

    return vacancies.map_need(vacancies.NeedInput(
        team_id=crew.team.id, position_key="ec", experience_codes=["drugs"], responsibilities="Oppsøkende arbeid.",
        position_percentage=100, contract="permanent", deadline=today_in_oslo() + timedelta(days=14),
        leader_id=crew.leader.id), actor=crew.leader)


def test_a_vacancy_ad_text_starts_from_the_role_template_and_follows_its_changes(client, crew):
    first = map_ec_need(crew)
    assert template_text("ec", "purpose") in first.ad_text
    assert template_text("ec", "qualifications").splitlines()[0] in first.ad_text
    assert "Formål med stillingen:" in first.ad_text
    client.login("hr")
    form = client.get("/jobs/templates/ec/edit")
    data = {"version": version_field(form), "summary": template("ec").summary,
            "frame_note": template("ec").frame_note}
    data |= {f"text-{s['key']}": s["text"] for s in template("ec").sections}
    data["text-purpose"] = "Et helt nytt formål for erfaringskonsulentene i Uteseksjonen."
    assert client.form("/jobs/templates/ec/edit", data).status_code == 303
    second = map_ec_need(crew)
    assert "Et helt nytt formål for erfaringskonsulentene i Uteseksjonen." in second.ad_text
    assert "Et helt nytt formål" not in db.session.get(type(first), first.id).ad_text  # the first ad keeps its text
