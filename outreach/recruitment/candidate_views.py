"""Candidates: registering one, the candidate page, moving through the pipeline, rejection,
comments, documents and reference checks.

Every page that shows a candidate logs the read ("recruitment.candidate_read"); the lived
experience an application tells of, and the reference notes, are logged as reads of their own.
"""

from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.policy import allow, can, get_or_404
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.extensions import db
from outreach.recruitment import candidates, documents, interviews, references
from outreach.recruitment.forms import CandidateForm, CommentForm, DocumentForm, MoveForm, ReferenceForm, RejectForm
from outreach.recruitment.models import (
    REJECTION_LABELS,
    STAGE_LABELS,
    Candidate,
    CandidateDocument,
    ReferenceCheck,
    Vacancy,
)
from outreach.recruitment.vacancy_views import experience_labels, render_vacancy_page
from outreach.recruitment.views import bp

CANDIDATE_PAGE = "recruitment/candidate_detail.html"


def _candidate(candidate_id: int, rule: str = "recruitment.view_candidate") -> Candidate:
    return get_or_404(Candidate, candidate_id, rule)


def _url(candidate: Candidate, anchor: str | None = None) -> str:
    return url_for("recruitment.candidate_detail", candidate_id=candidate.id, _anchor=anchor)


def _input(form: CandidateForm):
    return candidates.CandidateInput(
        full_name=form.full_name.data or "", email=form.email.data or "", phone=form.phone.data or "",
        birth_year=form.birth_year.data, occupation=form.occupation.data or "",
        municipality=form.municipality.data or "", gender=form.gender.data or "",
        public_exempt=bool(form.public_exempt.data), experience_codes=list(form.experience_codes.data or []),
        received_on=form.received_on.data,
    )


@bp.route("/<int:vacancy_id>/candidates/new", methods=["GET", "POST"])
@allow("recruitment.manage")
def candidate_new(vacancy_id: int):
    vacancy = get_or_404(Vacancy, vacancy_id, "recruitment.manage")
    form = CandidateForm()
    if form.validate_on_submit():
        try:
            candidate = candidates.add_candidate(vacancy, _input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The candidate is registered."), "success")
            return redirect_to(_url(candidate))
    return render("recruitment/candidate_form.html", block="form", form=form, vacancy=vacancy, candidate=None,
                  status=form_status(form))


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def candidate_edit(candidate_id: int):
    candidate = _candidate(candidate_id, "recruitment.manage_candidate")
    form = CandidateForm(formdata=None, obj=candidate) if request.method == "GET" else CandidateForm()
    if request.method == "GET":
        form.version.data = str(candidate.version)
        candidates.log_reads([candidate], current_user, "edit form")
    conflict = False
    if form.validate_on_submit():
        try:
            candidates.update_candidate(candidate, _input(form), version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            conflict = True
            candidate = db.session.get(Candidate, candidate_id)
            form = CandidateForm(formdata=None, obj=candidate)
            form.version.data = str(candidate.version)
        else:
            flash(_("The candidate is saved."), "success")
            return redirect_to(_url(candidate))
    return render("recruitment/candidate_form.html", block="form", form=form, vacancy=candidate.vacancy,
                  candidate=candidate, conflict=conflict, status=409 if conflict else form_status(form))


# --- the candidate page -----------------------------------------------------------------------------


def _context(candidate: Candidate, blocks: set[str] | None = None, **extra) -> dict:
    manage = can(current_user, "recruitment.manage_candidate", candidate)

    def wanted(name: str) -> bool:
        return blocks is None or name in blocks

    ctx = {"candidate": candidate, "vacancy": candidate.vacancy, "manage": manage, "stages": STAGE_LABELS,
           "reasons": REJECTION_LABELS, "move_error": None, "experience_labels": experience_labels}
    if wanted("stage"):
        ctx["moves"] = candidates.moves_for(candidate) if manage else []
    if wanted("comments"):
        ctx["comments"] = candidates.comments(candidate)
        ctx.setdefault("comment_form", CommentForm(formdata=None, prefix="comment"))
    if blocks is None:
        ctx["documents"] = candidate.documents
        ctx["document_form"] = DocumentForm(formdata=None, prefix="doc")
        ctx["interviews"] = interviews.interviews_of(candidate)
        ctx["references"] = references.references_of(candidate)
        references.log_reads(ctx["references"], candidate, current_user)
        ctx["reads"] = candidates.reads_of(candidate) if current_user.has_role("hr") else []
        if candidate.experience_codes:
            candidates.log_experience_read(candidate, current_user, "candidate page")
    candidates.log_reads([candidate], current_user, "candidate page" if blocks is None else "candidate page part")
    ctx.update(extra)
    return ctx


def _render(candidate: Candidate, block: str | None = None, status: int = 200, **extra):
    blocks = {block} if block and wants_fragment() else None
    return render(CANDIDATE_PAGE, block=block, status=status, **_context(candidate, blocks, **extra))


@bp.get("/candidates/<int:candidate_id>")
@allow("recruitment.view_candidate")
def candidate_detail(candidate_id: int):
    return _render(_candidate(candidate_id))


@bp.post("/candidates/<int:candidate_id>/move")
@allow("recruitment.manage_candidate")
def candidate_move(candidate_id: int):
    """Move along the pipeline, from the candidate page or a card on the board (htmx swaps the
    part the request came from). A refused move says why and changes nothing."""
    candidate = _candidate(candidate_id, "recruitment.manage_candidate")
    form = MoveForm()
    from_board = request.form.get("from") == "board"
    error = None
    if not form.validate_on_submit():
        error = _("Choose a stage.")
    else:
        try:
            candidates.move(candidate, form.stage.data, version=form.version.data or None, actor=current_user)
        except FieldError as refusal:
            db.session.rollback()
            error = refusal.message
        except ConflictError:
            db.session.rollback()
            error = _("Someone else moved the candidate in the meantime. Here is how it stands now.")
    candidate = db.session.get(Candidate, candidate_id)
    if from_board and (wants_fragment() or error):
        return render_vacancy_page(candidate.vacancy, "board", 422 if error else 200,
                                   move_errors={candidate.id: error} if error else {})
    if error:
        if wants_fragment():
            return _render(candidate, "stage", 422, move_error=error)
        flash(error, "error")
    else:
        flash(_("%(name)s is moved to: %(stage)s.", name=candidate.full_name, stage=candidate.stage_label), "success")
    if from_board:
        return redirect_to(url_for("recruitment.vacancy_detail", vacancy_id=candidate.vacancy_id, _anchor="board"))
    return redirect_to(_url(candidate, "stage"))


@bp.route("/candidates/<int:candidate_id>/reject", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def candidate_reject(candidate_id: int):
    """Rejection asks first, and for the reason (kept as an anonymous count after the purge)."""
    candidate = _candidate(candidate_id, "recruitment.manage_candidate")
    form = RejectForm()
    if request.method == "GET":
        form.version.data = str(candidate.version)
    if form.validate_on_submit():
        try:
            candidates.move(candidate, "rejected", reason=form.reason.data or None, version=form.version.data,
                            actor=current_user)
            if form.comment.data:
                candidates.add_comment(candidate, form.comment.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, error.message]
        except ConflictError:
            db.session.rollback()
            flash(_("Someone else moved the candidate in the meantime. Here is how it stands now."), "error")
            return redirect_to(_url(candidate, "stage"))
        else:
            flash(_("%(name)s is rejected.", name=candidate.full_name), "success")
            return redirect_to(_url(candidate, "stage"))
    candidates.log_reads([candidate], current_user, "rejection form")
    return render("recruitment/candidate_reject.html", block="form", form=form, candidate=candidate,
                  status=form_status(form))


@bp.post("/candidates/<int:candidate_id>/comments")
@allow("recruitment.view_candidate")
def candidate_comment(candidate_id: int):
    """Everyone in the hiring may comment: HR, the leader and the panel."""
    candidate = _candidate(candidate_id)
    form = CommentForm(prefix="comment")
    if form.validate_on_submit():
        try:
            candidates.add_comment(candidate, form.body.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            if not wants_fragment():
                flash(_("The comment is saved."), "success")
                return redirect_to(_url(candidate, "comments"))
            return _render(candidate, "comments")
    return _render(candidate, "comments", 422, comment_form=form)


# --- documents --------------------------------------------------------------------------------------


@bp.post("/candidates/<int:candidate_id>/documents")
@allow("recruitment.manage_candidate")
def document_upload(candidate_id: int):
    candidate = _candidate(candidate_id, "recruitment.manage_candidate")
    form = DocumentForm(prefix="doc")
    if form.validate_on_submit():
        upload = form.document.data
        try:
            documents.upload(candidate, filename=getattr(upload, "filename", "") or "",
                             content=upload.read() if upload else b"", kind=form.kind.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The document is uploaded."), "success")
            return redirect_to(_url(candidate, "documents"))
    return _render(candidate, None, 422, document_form=form)


def _document(document_id: int, rule: str) -> CandidateDocument:
    document = db.get_or_404(CandidateDocument, document_id)
    get_or_404(Candidate, document.candidate_id, rule)
    return document


@bp.get("/documents/<int:document_id>")
@allow("recruitment.view_candidate")
def document_download(document_id: int):
    document = _document(document_id, "recruitment.view_candidate")
    path = documents.path_of(document)
    if not path.is_file():
        abort(404)
    documents.log_download(document, current_user)
    response = send_file(path, mimetype=document.content_type, as_attachment=True,
                         download_name=document.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/documents/<int:document_id>/delete", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def document_delete(document_id: int):
    document = _document(document_id, "recruitment.manage_candidate")
    candidate = document.candidate
    form = ConfirmForm()
    if form.validate_on_submit():
        documents.delete(document, actor=current_user)
        flash(_("The document is deleted."), "success")
        return redirect_to(_url(candidate, "documents"))
    return render("recruitment/document_delete.html", document=document, candidate=candidate, form=form)


# --- reference checks -------------------------------------------------------------------------------


def _reference_input(form: ReferenceForm) -> references.ReferenceInput:
    return references.ReferenceInput(
        referee_name=form.referee_name.data or "", relation=form.relation.data or "", contact=form.contact.data or "",
        questions=form.questions.data or "", notes=form.notes.data or "", checked_on=form.checked_on.data,
    )


@bp.route("/candidates/<int:candidate_id>/references/new", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def reference_new(candidate_id: int):
    candidate = _candidate(candidate_id, "recruitment.manage_candidate")
    form = ReferenceForm()
    if request.method == "GET":
        form.questions.data = references.default_questions()
    if form.validate_on_submit():
        try:
            references.add_reference(candidate, _reference_input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The reference check is saved."), "success")
            return redirect_to(_url(candidate, "references"))
    return render("recruitment/reference_form.html", block="form", form=form, candidate=candidate, reference=None,
                  status=form_status(form))


@bp.route("/references/<int:reference_id>/edit", methods=["GET", "POST"])
@allow("recruitment.manage_candidate")
def reference_edit(reference_id: int):
    reference = db.get_or_404(ReferenceCheck, reference_id)
    candidate = _candidate(reference.candidate_id, "recruitment.manage_candidate")
    form = ReferenceForm(formdata=None, obj=reference) if request.method == "GET" else ReferenceForm()
    conflict = False
    if request.method == "GET":
        form.version.data = str(reference.version)
        references.log_reads([reference], candidate, current_user)
    if form.validate_on_submit():
        try:
            references.update_reference(reference, _reference_input(form), version=form.version.data,
                                        actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            conflict = True
            reference = db.session.get(ReferenceCheck, reference_id)
            form = ReferenceForm(formdata=None, obj=reference)
            form.version.data = str(reference.version)
        else:
            flash(_("The reference check is saved."), "success")
            return redirect_to(_url(candidate, "references"))
    return render("recruitment/reference_form.html", block="form", form=form, candidate=candidate,
                  reference=reference, conflict=conflict, status=409 if conflict else form_status(form))
