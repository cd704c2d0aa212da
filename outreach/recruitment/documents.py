"""Candidates' documents: PDF or DOCX only, within a size limit, stored outside the static
folder under a random name, served only through a view that asks the policy.

The type is judged by the content, not by the name or the browser's word: a PDF starts
with "%PDF-", a DOCX is a ZIP holding a Word document and no macros. A renamed program is
neither.
"""

import hashlib
import secrets
import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from outreach.audit.services import record
from outreach.core.forms import FieldError
from outreach.extensions import db
from outreach.recruitment.models import DOCUMENT_KIND_LABELS, Candidate, CandidateDocument

PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX}


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "candidates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    return int(current_app.config["UPLOAD_MAX_MB"] * 1024 * 1024)


def sniff(content: bytes) -> str | None:
    """PDF or DOCX by what the bytes are, or None."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        # A macro project makes it a .docm under another name: not a Word document to open.
        macros = any(name.lower().endswith("vbaproject.bin") for name in names)
        if "[Content_Types].xml" in names and "word/document.xml" in names and not macros:
            return DOCX
    return None


def display_name(filename: str) -> str:
    """The name as the uploader gave it, without a path or control characters (it is only
    shown and offered as the download name; the file is stored under a random one)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:140] + dot + ext[:9]) if dot else name[:150]
    return name or "dokument"


def check(filename: str, content: bytes) -> str:
    """The content type of an acceptable upload, or FieldError("document", why not)."""
    if not filename:
        raise FieldError("document", _("Choose a file to upload."))
    extension = Path(filename.lower()).suffix
    if extension not in EXTENSIONS:
        raise FieldError("document", _("Only PDF and Word (.docx) files can be uploaded."))
    if len(content) > max_bytes():
        raise FieldError("document", _("The file is larger than %(mb)s MB.", mb=current_app.config["UPLOAD_MAX_MB"]))
    if not content:
        raise FieldError("document", _("The file is empty."))
    kind = sniff(content)
    if kind != EXTENSIONS[extension]:
        raise FieldError("document", _("The file is not a real %(kind)s document. Save it again as PDF or Word "
                                       "and upload that.", kind="PDF" if extension == ".pdf" else "Word"))
    return kind


def upload(candidate: Candidate, *, filename: str, content: bytes, kind: str, actor) -> CandidateDocument:
    if kind not in DOCUMENT_KIND_LABELS:
        raise FieldError("kind", _("Choose what kind of document it is."))
    content_type = check(filename, content)
    stored = secrets.token_hex(16)
    path = folder() / stored
    path.write_bytes(content)
    document = CandidateDocument(
        candidate_id=candidate.id, kind=kind, filename=display_name(filename), stored_name=stored,
        content_type=content_type, size_bytes=len(content), sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    try:
        db.session.flush()
        record("recruitment.document_upload", obj=candidate, actor=actor,
               summary=f"candidate {candidate.id}: document {document.id} ({kind}, {len(content)} bytes)")
        db.session.commit()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)  # no file without its row
        raise
    return document


def path_of(document: CandidateDocument) -> Path:
    return folder() / document.stored_name


def log_download(document: CandidateDocument, reader) -> None:
    from outreach.audit.models import AuditKind

    record("recruitment.document_read", kind=AuditKind.READ, obj=document.candidate, actor=reader,
           summary=f"candidate {document.candidate_id}: document {document.id} downloaded")
    db.session.commit()


def delete(document: CandidateDocument, *, actor) -> None:
    path = path_of(document)
    candidate_id, document_id = document.candidate_id, document.id
    db.session.delete(document)
    record("recruitment.document_delete", object_type=Candidate.__tablename__, object_id=candidate_id, actor=actor,
           summary=f"candidate {candidate_id}: document {document_id} deleted")
    db.session.commit()
    path.unlink(missing_ok=True)


def remove_files(stored_names) -> None:
    """Delete stored files whose rows are gone (the retention purge)."""
    base = folder()
    for name in stored_names:
        (base / name).unlink(missing_ok=True)
