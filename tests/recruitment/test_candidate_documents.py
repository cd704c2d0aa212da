"""Candidates' documents: PDF or DOCX only, within the size limit, judged by content, stored
outside the static folder, served only to those in the hiring, every download logged."""

import io
from pathlib import Path

import pytest
from hiring_helpers import docx_bytes, pdf_bytes, text_of
from sqlalchemy import func, select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.recruitment.models import CandidateDocument


def upload(client, candidate, content: bytes, filename: str, kind="cv"):
    return client.post(f"/recruitment/candidates/{candidate.id}/documents", data={
        "csrf_token": client.csrf_token(), "doc-csrf_token": client.csrf_token(), "doc-kind": kind,
        "doc-document": (io.BytesIO(content), filename),
    }, content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "candidates"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_pdf_is_uploaded_listed_and_downloaded_by_the_panel(client, crew, hiring, app):
    client.login("hr")
    response = upload(client, hiring.first, pdf_bytes(), "CV Kari Kandidat.pdf")
    assert response.status_code == 303
    page = text_of(client.get(f"/recruitment/candidates/{hiring.first.id}"))
    assert "CV Kari Kandidat.pdf" in page and "CV" in page
    document = db.session.scalar(select(CandidateDocument))
    client.login("ek")  # on the panel
    download = client.get(f"/recruitment/documents/{document.id}")
    assert download.status_code == 200 and download.data == pdf_bytes()
    assert download.mimetype == "application/pdf" and "attachment" in download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "recruitment.document_read", AuditEvent.actor_id == crew.ec.id)) == 1


def test_a_real_word_document_is_accepted(client, crew, hiring):
    client.login("hr")
    assert upload(client, hiring.first, docx_bytes(), "søknad.docx", kind="application").status_code == 303
    assert db.session.scalar(select(CandidateDocument)).filename == "søknad.docx"


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"MZ\x90\x00" + b"\x00" * 200, "program.exe", "Only PDF and Word (.docx) files can be uploaded."),
    (b"MZ\x90\x00" + b"\x00" * 200, "cv.pdf", "The file is not a real PDF document."),
    (b"\x7fELF" + b"\x00" * 200, "cv.docx", "The file is not a real Word document."),
    (b"PK\x03\x04 not really a zip", "cv.docx", "The file is not a real Word document."),
    (b"", "tom.pdf", "The file is empty."),
    (b"%PDF-1.4", "notes.txt", "Only PDF and Word (.docx) files can be uploaded."),
])
def test_a_wrong_type_or_a_renamed_program_is_refused_and_nothing_is_stored(client, crew, hiring, app, content,
                                                                            filename, message):
    client.login("hr")
    response = upload(client, hiring.first, content, filename)
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(CandidateDocument)) == 0
    assert stored_files(app) == []


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(client, crew, hiring, app):
    app.config["UPLOAD_MAX_MB"] = 1
    client.login("hr")
    response = upload(client, hiring.first, pdf_bytes(1024 * 1024 + 10), "stor.pdf")
    assert response.status_code == 422 and "The file is larger than 1 MB." in text_of(response)
    assert stored_files(app) == []


def test_a_request_far_over_the_limit_gets_a_page_that_says_so(client, crew, hiring, app):
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    client.login("hr")
    response = upload(client, hiring.first, pdf_bytes(300_000), "enorm.pdf")
    assert response.status_code == 413
    assert "larger than the server accepts" in text_of(response)


def test_files_are_stored_outside_the_static_folder_under_a_random_name(client, crew, hiring, app):
    client.login("hr")
    upload(client, hiring.first, pdf_bytes(), "../../etc/passwd.pdf")
    document = db.session.scalar(select(CandidateDocument))
    (path,) = stored_files(app)
    assert path.name == document.stored_name and "passwd" not in path.name
    assert Path(app.static_folder).resolve() not in path.resolve().parents
    assert document.filename == "passwd.pdf"
    assert client.get(f"/static/{document.stored_name}").status_code == 404


@pytest.mark.parametrize("username", ["annen", "ek2", "admin", "veileder"])
def test_those_outside_the_hiring_cannot_download_and_the_refusal_is_logged(client, crew, hiring, username):
    client.login("hr")
    upload(client, hiring.first, pdf_bytes(), "cv.pdf")
    document = db.session.scalar(select(CandidateDocument))
    client.login(username)
    assert client.get(f"/recruitment/documents/{document.id}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "access.denied", AuditEvent.object_id == str(hiring.first.id))) >= 1


def test_deleting_a_document_asks_first_and_removes_the_file(client, crew, hiring, app):
    client.login("hr")
    upload(client, hiring.first, pdf_bytes(), "cv.pdf")
    document = db.session.scalar(select(CandidateDocument))
    assert "Delete cv.pdf?" in text_of(client.get(f"/recruitment/documents/{document.id}/delete"))
    assert stored_files(app)
    assert client.form(f"/recruitment/documents/{document.id}/delete").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(CandidateDocument)) == 0
    assert stored_files(app) == []


def test_a_panel_member_cannot_upload_or_delete(client, crew, hiring, app):
    client.login("hr")
    upload(client, hiring.first, pdf_bytes(), "cv.pdf")
    document = db.session.scalar(select(CandidateDocument))
    client.login("ek")
    assert upload(client, hiring.first, pdf_bytes(), "mer.pdf").status_code == 403
    assert client.form(f"/recruitment/documents/{document.id}/delete").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(CandidateDocument)) == 1
