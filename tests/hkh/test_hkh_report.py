"""The report: four sections written in the app, each saved on its own with its version; an
export makes the next numbered version, printable and as Markdown, which keeps the text it
had when exported. Everyone reads; the working group and leaders write."""

import re
from html import unescape

import pytest
from hkh_helpers import finding, log, text_of
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.hkh import outcome
from outreach.hkh.models import ReportSection, ReportVersion


def url(project, *parts) -> str:
    return "/".join([f"/hkh/{project.id}/report", *parts])


def save(client, project, key, text, version=""):
    return client.form(url(project, "sections", key),
                       {f"section-{key}-text": text, f"section-{key}-version": str(version)})


def section_version(project, key) -> int:
    return db.session.scalar(select(ReportSection.version).where(ReportSection.project_id == project.id,
                                                                 ReportSection.key == key))


def textarea(html: str, key: str) -> str:
    match = re.search(rf'<textarea[^>]*name="section-{key}-text"[^>]*>(.*?)</textarea>', html, re.S)
    return unescape(match.group(1)).strip() if match else ""


def test_two_exports_make_versions_one_and_two_and_version_one_keeps_its_text(client, crew, project):
    client.login("fag")
    entry = log(project, crew.pro)
    finding(project, crew.pro, "Mangel på trygge steder", [entry])
    assert save(client, project, "background", "Unge samles ved Oslo S.").status_code == 303
    assert save(client, project, "findings", "Tre funn går igjen.").status_code == 303
    page = client.get(url(project))
    assert page.status_code == 200
    assert textarea(page.get_data(as_text=True), "background") == "Unge samles ved Oslo S."
    assert "Mangel på trygge steder" in text_of(page)  # the findings as a reminder under their section

    assert client.form(url(project, "export")).status_code == 303
    save(client, project, "background", "Ny tekst etter eksporten.", section_version(project, "background"))
    finding(project, crew.pro, "Funnet som kom etterpå", [entry])
    response = client.form(url(project, "export"))
    assert response.status_code == 303
    assert "Version 2 of the report is exported." in text_of(client.get(response.location))

    listed = text_of(client.get(url(project)))
    assert "Printable version 1" in listed and "Printable version 2" in listed and "Markdown of version 1" in listed

    printed = client.get(url(project, "versions", "1"))
    shown = text_of(printed)
    assert printed.status_code == 200
    assert "Unge samles ved Oslo S." in shown and "Mangel på trygge steder" in shown
    assert "Ny tekst etter eksporten." not in shown and "Funnet som kom etterpå" not in shown
    assert 'data-print' in printed.get_data(as_text=True) and 'class="jd-print' in printed.get_data(as_text=True)
    assert "Ny tekst etter eksporten." in text_of(client.get(url(project, "versions", "2")))

    md = client.get(url(project, "versions", "1.md"))
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert md.headers["Content-Disposition"] == 'attachment; filename="hkh-ungdom-pa-oslo-s-versjon-1.md"'
    body = md.get_data(as_text=True)
    assert body.startswith("# Ungdom på Oslo S\n") and "versjon 1" in body
    for heading in ("## Bakgrunn", "## Metode", "## Funn", "## Anbefalinger"):
        assert f"\n{heading}\n" in body
    assert "Unge samles ved Oslo S." in body and "- **Mangel på trygge steder**" in body
    assert "Ny tekst etter eksporten." not in body and "Funnet som kom etterpå" not in body
    assert client.get(url(project, "versions", "3")).status_code == 404
    assert client.get(url(project, "versions", "3.md")).status_code == 404


def test_a_second_writers_stale_save_gets_409_with_their_text_kept(client, crew, project):
    client.login("fag")
    assert save(client, project, "method", "Intervjuer og observasjon.").status_code == 303
    client.login("ek")  # Eva loaded the empty section before Per saved
    response = save(client, project, "method", "Eva sin tekst om metoden.", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert textarea(html, "method") == "Intervjuer og observasjon."  # the saved text in the field
    assert "Your text, not saved" in html and "Eva sin tekst om metoden." in html
    assert db.session.scalar(select(ReportSection.text).where(ReportSection.key == "method")) == \
        "Intervjuer og observasjon."
    # With htmx: only the section comes back, to be swapped in; her text kept there too.
    response = client.htmx("POST", url(project, "sections", "method"),
                           {"section-method-text": "Eva igjen.", "section-method-version": ""})
    assert response.status_code == 409 and "<html" not in response.get_data(as_text=True)
    assert "Eva igjen." in response.get_data(as_text=True)
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]
    # From the saved version, her save goes through.
    response = client.htmx("POST", url(project, "sections", "method"),
                           {"section-method-text": "Eva sin tekst.", "section-method-version":
                            section_version(project, "method")})
    assert response.status_code == 200 and "Saved." in text_of(response)
    assert db.session.scalar(select(ReportSection.text).where(ReportSection.key == "method")) == "Eva sin tekst."


def test_nothing_to_export_and_an_unknown_section_are_refused(client, crew, project):
    client.login("fag")
    response = client.form(url(project, "export"))
    assert response.status_code == 422 and "Write at least one section before exporting" in text_of(response)
    assert db.session.scalar(select(ReportVersion.id)) is None
    assert save(client, project, "appendix", "Noe").status_code == 404


@pytest.mark.parametrize("username", ["ek2", "admin"])
def test_everyone_reads_the_report_but_only_the_group_and_leaders_write(client, crew, project, username):
    outcome.save_section(project, "background", "Bakgrunnen.", version="", actor=crew.pro)
    outcome.export_report(project, actor=crew.pro)
    client.login(username)
    page = client.get(url(project))
    assert page.status_code == 200 and "Bakgrunnen." in text_of(page)
    assert "<textarea" not in page.get_data(as_text=True) and "Export a version" not in text_of(page)
    assert client.get(url(project, "versions", "1")).status_code == 200
    assert client.get(url(project, "versions", "1.md")).status_code == 200
    before = db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "access.denied", AuditEvent.object_id == str(project.id)))
    for response in (save(client, project, "background", "Overskrevet."), client.form(url(project, "export"))):
        assert response.status_code in (403, 404)
    denied = db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "access.denied", AuditEvent.object_type == "hkh_projects",
        AuditEvent.object_id == str(project.id)))
    assert denied == before + 2
    assert db.session.scalar(select(ReportSection.text)) == "Bakgrunnen."
    assert db.session.scalar(select(db.func.count()).select_from(ReportVersion)) == 1


def test_a_leader_outside_the_group_writes_and_exports(client, crew, project):
    client.login("leder")
    assert save(client, project, "recommendations", "Et kveldstilbud.").status_code == 303
    assert client.form(url(project, "export")).status_code == 303
    assert [v.number for v in outcome.versions_of(project)] == [1]
