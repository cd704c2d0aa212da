"""Who sees candidates: HR, the vacancy's leader and its panel, on every page, fragment and
export; nobody else (another team's leader, an EC not on the panel, the administrator, a
supervisor), and each refusal is logged. Every read of a candidate is logged, and the lived
experience an application tells of is logged as a read of its own."""

import pytest
from hiring_helpers import docx_bytes, text_of
from sqlalchemy import func, select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.recruitment import candidates, documents, references

INSIDE = ["hr", "leder", "ek", "fag"]  # HR, the vacancy's leader, the panel (an EC, a professional)
OUTSIDE = ["annen", "ek2", "admin", "veileder"]
MANAGERS = ["hr", "leder"]


@pytest.fixture
def scene(crew, hiring):
    candidate = hiring.first
    candidate.experience_codes = ["child_welfare"]
    db.session.commit()
    doc = documents.upload(candidate, filename="søknad.docx", content=docx_bytes(), kind="application",
                           actor=crew.hr)
    ref = references.add_reference(candidate, references.ReferenceInput(
        referee_name="Referanse Rita", notes="Referansens ord om kandidaten"), actor=crew.hr)
    candidates.add_comment(candidate, "Kommentar om kandidaten", actor=crew.leader)
    return {"vacancy": hiring.vacancy.id, "candidate": candidate.id, "document": doc.id, "reference": ref.id}


# (path, whether it shows the candidate's name, who besides HR and the leader may open it)
PAGES = [
    ("/recruitment/{vacancy}", True, "panel"),
    ("/recruitment/candidates/{candidate}", True, "panel"),
    ("/recruitment/candidates/{candidate}/edit", True, "managers"),
    ("/recruitment/candidates/{candidate}/reject", True, "managers"),
    ("/recruitment/references/{reference}/edit", True, "managers"),
    ("/recruitment/{vacancy}/applicants", True, "managers"),
    ("/recruitment/{vacancy}/applicants.csv", True, "managers"),
    ("/recruitment/documents/{document}", False, "panel"),
]


def allowed(username: str, who: str) -> bool:
    return username in MANAGERS or (who == "panel" and username in INSIDE)


@pytest.mark.parametrize("username", INSIDE + OUTSIDE)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_page_fragment_and_export_shows_candidates_to_the_hiring_only(client, scene, username, htmx):
    client.login(username)
    for template, shows_name, who in PAGES:
        path = template.format(**scene)
        response = client.htmx("GET", path) if htmx else client.get(path)
        body = response.data.decode("utf-8", "replace")
        if allowed(username, who):
            assert response.status_code == 200, (path, response.status_code)
            if shows_name and not htmx:  # a fragment may be only the form
                assert "Kari Kandidat" in body, path
        else:  # 403 where the role may not open such pages at all, 404 where it may but not this one
            assert response.status_code in (403, 404), (path, response.status_code)
            assert "Kari Kandidat" not in body and "Kommentar om kandidaten" not in body, path


@pytest.mark.parametrize("username", OUTSIDE)
def test_each_refusal_writes_a_denial_row(client, scene, username):
    client.login(username)
    client.get(f"/recruitment/candidates/{scene['candidate']}")
    client.get(f"/recruitment/{scene['vacancy']}")
    denials = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert {(d.object_type, d.object_id) for d in denials} >= {
        ("recruitment_candidates", str(scene["candidate"])), ("recruitment_vacancies", str(scene["vacancy"]))}


def test_the_list_and_the_nav_show_nothing_to_those_outside(client, scene):
    client.login("admin")
    page = client.get("/recruitment/")
    assert page.status_code == 200 and "Nothing found." in text_of(page)
    assert 'href="/recruitment/"' not in client.min_side().get_data(as_text=True)  # no menu item either
    client.login("leder")
    assert 'href="/recruitment/"' in client.min_side().get_data(as_text=True)


def reads(candidate_id, action="recruitment.candidate_read"):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_id == str(candidate_id))).all()


def test_reading_the_candidate_is_logged_with_who_and_never_the_name(client, crew, scene):
    client.login("ek")
    client.get(f"/recruitment/candidates/{scene['candidate']}")
    rows = [r for r in reads(scene["candidate"]) if r.actor_id == crew.ec.id]
    assert len(rows) == 1 and rows[0].kind == "read" and "Kari" not in rows[0].summary
    client.get(f"/recruitment/{scene['vacancy']}")  # the board shows both candidates
    assert len([r for r in reads(scene["candidate"]) if r.actor_id == crew.ec.id]) == 2
    assert all("Kandidat" not in r.summary for r in db.session.scalars(select(AuditEvent)))


def test_lived_experience_and_reference_notes_are_reads_of_their_own(client, crew, scene):
    client.login("fag")
    page = text_of(client.get(f"/recruitment/candidates/{scene['candidate']}"))
    assert "Child welfare" in page and "Referansens ord om kandidaten" in page
    assert [r.actor_id for r in reads(scene["candidate"], "recruitment.experience_read")] == [crew.pro.id]
    assert [r.actor_id for r in reads(scene["candidate"], "recruitment.reference_read")] == [crew.pro.id]


def test_hr_sees_who_has_read_the_candidate(client, crew, scene):
    client.login("ek")
    client.get(f"/recruitment/candidates/{scene['candidate']}")
    client.login("hr")
    page = text_of(client.get(f"/recruitment/candidates/{scene['candidate']}"))
    assert "Who has read this candidate" in page and "Eva Erfaring" in page and "Candidate read" in page
    client.login("leder")
    assert "Who has read this candidate" not in text_of(client.get(f"/recruitment/candidates/{scene['candidate']}"))


def test_the_audit_log_of_a_move_names_ids_and_stages_not_the_person(client, crew, scene):
    client.login("leder")
    client.form(f"/recruitment/candidates/{scene['candidate']}/move", {"stage": "screened"})
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "recruitment.candidate_stage"))
    assert row.summary == f"candidate {scene['candidate']}: received -> screened"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.summary.contains("Kari"))) == 0
