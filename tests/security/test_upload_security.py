"""Uploads, attacked: candidates' documents (the app's only file field) refuse what is not a
real PDF or Word document whatever its name says, refuse what is too large with a Norwegian
message (the app's own limit next to the field, the server's limit as a page), keep nothing
of a refused upload, store an accepted one under a generated name whatever it was called,
and serve it as an attachment the browser may not sniff.

tests/recruitment/test_candidate_documents.py proves the basics (a PDF and a DOCX accepted,
a renamed .exe and ELF refused, the size messages in English, the random stored name, who
may download); this file adds the rest, as a Norwegian user sees it.
"""

import io
import re
import zipfile
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.http import parse_options_header

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.recruitment import candidates, vacancies
from outreach.recruitment.models import CandidateDocument

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_of(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 52 + b"\x80\x00\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def candidate(app, make_user, make_team):
    """An open vacancy's candidate; `hr` (Norwegian, the default) may upload to it."""
    team = make_team("Unge voksne")
    leader = make_user("leder", roles=["leader", "professional"], teams=[team])
    make_user("hr", roles=["hr"], role_type="administrative")
    vacancy = vacancies.map_need(vacancies.NeedInput(
        team_id=team.id, position_key="ec", deadline=today_in_oslo() + timedelta(days=14), leader_id=leader.id,
    ), actor=leader)
    vacancies.set_status(vacancy, "open", version=vacancy.version, actor=leader)
    return candidates.add_candidate(vacancy, candidates.CandidateInput(full_name="Kari Kandidat"), actor=leader)


def upload(client, candidate, content: bytes, filename: str, content_type=None, htmx=False):
    token = client.csrf_token()
    headers = {"HX-Request": "true", "X-CSRFToken": token} if htmx else {}
    return client.post(f"/recruitment/candidates/{candidate.id}/documents", headers=headers, data={
        "csrf_token": token, "doc-kind": "cv",
        "doc-document": (io.BytesIO(content), filename, content_type) if content_type else (io.BytesIO(content),
                                                                                             filename),
    }, content_type="multipart/form-data")


def field_error(response, field_id="doc-document") -> str:
    """The message shown next to the field (templates/macros/forms.html)."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<small id="{field_id}-error" class="field-error">(.*?)</small>', html, re.S)
    return unescape(match.group(1)).strip() if match else ""


def stored(app) -> list[Path]:
    """Every file under UPLOAD_FOLDER (and nothing escaped beside it)."""
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.parent.rglob("*") if p.is_file())


def nothing_kept(app):
    assert db.session.scalar(select(func.count()).select_from(CandidateDocument)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "recruitment.document_upload")) == 0
    assert stored(app) == []


NOT_REAL_PDF = ("The file is not a real %(kind)s document. Save it again as PDF or Word and upload that.", "PDF")
NOT_REAL_WORD = ("The file is not a real %(kind)s document. Save it again as PDF or Word and upload that.", "Word")
WRONG_KIND = ("Only PDF and Word (.docx) files can be uploaded.", None)


REFUSED = [  # content, filename, (message, the kind it names)
    (b"Bare tekst, ikke en CV.\n", "cv.txt", WRONG_KIND),
    (PNG, "bilde.png", WRONG_KIND),
    (PNG, "cv.pdf", NOT_REAL_PDF),  # an image renamed
    (HTML, "cv.pdf", NOT_REAL_PDF),  # a page that would run script if a browser opened it
    (HTML, "cv.html", WRONG_KIND),
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "cv.docx", NOT_REAL_WORD),
    (ELF, "cv.pdf", NOT_REAL_PDF),  # programs renamed (the swap of the basic test's cases)
    (PE, "cv.docx", NOT_REAL_WORD),
    (PDF, "cv.docx", NOT_REAL_WORD),  # a real PDF with the wrong name is refused too: the name is a lie
    (DOCX, "cv.pdf", NOT_REAL_PDF),
    (zip_of({"META-INF/MANIFEST.MF": "Main-Class: X\n", "X.class": b"\xca\xfe\xba\xbe"}), "cv.docx", NOT_REAL_WORD),
    (zip_of({"word/document.xml": "<w:document/>"}), "cv.docx", NOT_REAL_WORD),  # half a document
    # A Word file with a macro project (a .docm renamed): the checker judges content, so it refuses it.
    (zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>",
             "word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64}), "cv.docx", NOT_REAL_WORD),
    (b"%PDF", "kort.pdf", NOT_REAL_PDF),
    (PDF, "cv.pdf.exe", WRONG_KIND),
    (PDF, "cv", WRONG_KIND),
    (PDF, "", ("Choose a file to upload.", None)),
]


def test_what_is_not_a_real_pdf_or_word_file_is_refused_next_to_the_field(client, candidate, app, nb):
    client.login("hr")
    for content, filename, (msgid, kind) in REFUSED:
        response = upload(client, candidate, content, filename)
        assert response.status_code == 422, filename
        assert field_error(response) == (nb(msgid, kind=kind) if kind else nb(msgid)), filename
        nothing_kept(app)


def test_a_refusal_through_htmx_is_the_form_again_with_the_message(client, candidate, app, nb):
    client.login("hr")
    response = upload(client, candidate, HTML, "cv.pdf", htmx=True)
    assert response.status_code == 422
    assert field_error(response) == nb(NOT_REAL_PDF[0], kind="PDF")
    nothing_kept(app)


def test_over_the_apps_limit_the_message_is_next_to_the_field_over_the_servers_a_norwegian_page(
        make_app, candidate, nb):
    """UPLOAD_MAX_MB is checked by the app; MAX_CONTENT_LENGTH (a request a little larger than
    that) by the server before the request is read, with the 413 page."""
    small = make_app(UPLOAD_MAX_MB=1, MAX_CONTENT_LENGTH=1_200_000)
    client = small.test_client()
    client.login("hr")
    over_limit = PDF + b"0" * (1024 * 1024)
    response = upload(client, candidate, over_limit, "stor.pdf")
    assert response.status_code == 422
    assert field_error(response) == nb("The file is larger than %(mb)s MB.", mb=1)
    for htmx in (False, True):
        response = upload(client, candidate, PDF + b"0" * 1_300_000, "enorm.pdf", htmx=htmx)
        assert response.status_code == 413
        page = response.get_data(as_text=True)
        assert nb("Too large") in page and nb(
            "What was sent is larger than the server accepts. Nothing was saved. "
            "Go back and choose a smaller file.") in unescape(page)
        assert ("<html" in page) is not htmx  # a whole page, or the part htmx swaps in
    with small.app_context():
        nothing_kept(small)


NAMES = [  # as uploaded, as shown and offered for download
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("/tmp/../../cv.pdf", "cv.pdf"),
    ("cv\u202etxt.pdf", "cvtxt.pdf"),  # a right-to-left override would make it read "cvfdp.txt"
    ("søknad – Åse Ødegård 履歴書 🙂.pdf", "søknad – Åse Ødegård 履歴書 🙂.pdf"),
    ("cv\t\x07\x1b[31m<script>.pdf", "cv[31m<script>.pdf"),  # control characters go
    ("cv; filename=evil.html; x=.pdf", "cv; filename=evil.html; x=.pdf"),
    ("ø" * 300 + ".pdf", "ø" * 140 + ".pdf"),
]


def test_any_filename_is_stored_under_a_generated_name_and_served_safely(client, candidate, app):
    client.login("hr")
    folder = Path(app.config["UPLOAD_FOLDER"]) / "candidates"
    for n, (filename, shown) in enumerate(NAMES, start=1):
        response = upload(client, candidate, PDF, filename, content_type="text/html")  # the browser's word is ignored
        assert response.status_code == 303, filename
        document = db.session.scalar(select(CandidateDocument).order_by(CandidateDocument.id.desc()))
        assert document.filename == shown
        files = stored(app)
        assert len(files) == n and all(path.parent == folder for path in files)  # nothing beside the folder
        assert re.fullmatch(r"[0-9a-f]{32}", document.stored_name) and folder / document.stored_name in files
        download = client.get(f"/recruitment/documents/{document.id}")
        assert download.status_code == 200 and download.data == PDF
        assert download.mimetype == "application/pdf"  # what the content is, not what was declared
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        disposition = download.headers["Content-Disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        # Read back as a browser reads it: an attachment, under the one name shown on the page (a
        # quote or semicolon in the name does not end it early or add a parameter).
        assert parse_options_header(disposition) == ("attachment", {"filename": shown})


def test_a_windows_path_in_the_name_is_dropped_too():
    """Old browsers send the whole path; and a line break in a name (which the test client
    cannot put into a multipart header unbroken) goes like any control character."""
    from outreach.recruitment.documents import display_name

    assert display_name("C:\\Users\\kari\\..\\..\\Windows\\cv.pdf") == "cv.pdf"
    assert display_name("..\\..\\\x00\x07") == "dokument"
    assert display_name("cv\r\nContent-Type: text/html\r\n\r\n.pdf") == "html.pdf"


def test_a_quote_in_a_stored_name_does_not_break_the_download_header(client, candidate, app):
    """Browsers send a quote in a filename escaped; a name with one must still be served as
    one attachment name (the test client cannot send it, so the service stores it)."""
    from outreach.auth.models import User
    from outreach.recruitment import documents

    hr = db.session.scalar(select(User).where(User.username == "hr"))
    name = 'cv"; filename="evil.html'
    document = documents.upload(candidate, filename=name + ".pdf", content=PDF, kind="cv", actor=hr)
    client.login("hr")
    download = client.get(f"/recruitment/documents/{document.id}")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert parse_options_header(download.headers["Content-Disposition"]) == ("attachment", {"filename": name + ".pdf"})
