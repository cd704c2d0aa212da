"""Interview guides: the library, a guide and its versions, the blank sheet to print, and the
draft editor.

Everyone signed in reads the library and the published versions ("recruitment.guides"); a
draft is seen and changed only by those who edit guides ("recruitment.edit_guides"). The
editor loads sections and questions of the guide's draft only: a published version is
frozen (guides.PublishedVersion), and an edit that reaches one is turned away with a message.

The draft page has one block, "draft", that every editing form swaps. Which part is open for
editing (?edit=) or asks for confirmation (?confirm=) is in the address, so the page works
the same as plain links and forms without JavaScript.
"""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.audit.services import record_denied
from outreach.auth.policy import allow, can, get_child_or_404, get_or_404
from outreach.core.database import optional_id
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.extensions import db
from outreach.recruitment import guides
from outreach.recruitment.guide_forms import (
    POSITION_KIND_LABELS,
    GuideForm,
    IntroForm,
    MoveForm,
    PublishForm,
    QuestionForm,
    SectionForm,
)
from outreach.recruitment.models import RECOMMENDATION_LABELS, GuideQuestion, GuideSection, GuideVersion, InterviewGuide
from outreach.recruitment.views import bp

DRAFT_PAGE = "recruitment/guide_draft.html"


def _guide(guide_id: int, rule: str = "recruitment.guides") -> InterviewGuide:
    return get_or_404(InterviewGuide, guide_id, rule)


def _version(guide: InterviewGuide, number: int) -> GuideVersion:
    """A version of the guide: a draft only for those who edit guides."""
    version = next((v for v in guide.versions if v.number == number), None)
    if version is None:
        abort(404)
    if version.is_draft and not can(current_user, "recruitment.edit_guides"):
        record_denied("recruitment.edit_guides", guide)
        abort(404)
    return version


@bp.errorhandler(guides.PublishedVersion)
def _published(error):
    """An edit that reached a published version (it was published while the editor was open)."""
    flash(_("That version is published and can no longer be changed. Edit the guide to start a new version."),
          "error")
    guide_id = (request.view_args or {}).get("guide_id")
    return redirect_to(url_for("recruitment.guide_detail", guide_id=guide_id) if guide_id
                       else url_for("recruitment.guide_list"))


# --- the library ----------------------------------------------------------------------------


@bp.get("/guides")
@allow("recruitment.guides")
def guide_list():
    """The guides in use with their newest published version; for editors the retired ones too."""
    editor = can(current_user, "recruitment.edit_guides")
    library = guides.library(include_inactive=editor)
    return render("recruitment/guide_list.html", active=[g for g in library if g.active],
                  retired=[g for g in library if not g.active], editor=editor, kinds=POSITION_KIND_LABELS)


@bp.route("/guides/new", methods=["GET", "POST"])
@allow("recruitment.edit_guides")
def guide_new():
    form = GuideForm()
    del form.active
    if form.validate_on_submit():
        try:
            guide = guides.create_guide(name=form.name.data, position_kind=form.position_kind.data,
                                        actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The guide is created. Write its first version, then publish it."), "success")
            return redirect_to(url_for("recruitment.guide_draft", guide_id=guide.id))
    return render("recruitment/guide_form.html", block="form", form=form, guide=None, status=form_status(form))


@bp.route("/guides/<int:guide_id>/settings", methods=["GET", "POST"])
@allow("recruitment.edit_guides")
def guide_settings(guide_id: int):
    """Rename a guide, say who it is for, retire it (interviews that used it keep their version)."""
    guide = _guide(guide_id, "recruitment.edit_guides")
    form = GuideForm() if request.method == "POST" else GuideForm(formdata=None, obj=guide)
    status = 200
    if form.validate_on_submit():
        try:
            guides.update_guide(guide, name=form.name.data, position_kind=form.position_kind.data,
                                active=form.active.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            status = 409
            guide = db.session.get(InterviewGuide, guide_id)
            form = GuideForm(formdata=None, obj=guide)
        else:
            flash(_("The guide is saved."), "success")
            return redirect_to(url_for("recruitment.guide_detail", guide_id=guide.id))
    return render("recruitment/guide_form.html", block="form", form=form, guide=guide, conflict=status == 409,
                  status=status if status == 409 else form_status(form))


# --- a guide and its versions ---------------------------------------------------------------


def _render_version(guide: InterviewGuide, version: GuideVersion | None):
    editor = can(current_user, "recruitment.edit_guides")
    versions = [v for v in reversed(guide.versions) if not v.is_draft or editor]
    return render("recruitment/guide_detail.html", guide=guide, version=version, versions=versions,
                  editor=editor, kinds=POSITION_KIND_LABELS, start_form=ConfirmForm(formdata=None))


@bp.get("/guides/<int:guide_id>")
@allow("recruitment.guides")
def guide_detail(guide_id: int):
    """The newest published version in full: the one new interviews use."""
    guide = _guide(guide_id)
    return _render_version(guide, guide.published)


@bp.get("/guides/<int:guide_id>/versions/<int:number>")
@allow("recruitment.guides")
def guide_version(guide_id: int, number: int):
    """An earlier (or the newest) version, as interviews that used it asked it."""
    guide = _guide(guide_id)
    return _render_version(guide, _version(guide, number))


@bp.get("/guides/<int:guide_id>/versions/<int:number>/sheet")
@allow("recruitment.guides")
def guide_sheet(guide_id: int, number: int):
    """A blank interview sheet of the version, to print and write on by hand."""
    guide = _guide(guide_id)
    return render("recruitment/guide_sheet.html", guide=guide, version=_version(guide, number),
                  recommendations=list(RECOMMENDATION_LABELS.values()))


# --- the draft editor -----------------------------------------------------------------------


def _draft_url(guide: InterviewGuide, anchor: str | None = None, **args) -> str:
    return url_for("recruitment.guide_draft", guide_id=guide.id, _anchor=anchor, **args)


def _editor_guide(guide_id: int) -> InterviewGuide:
    return _guide(guide_id, "recruitment.edit_guides")


def _draft_section(guide: InterviewGuide, section_id: int) -> GuideSection:
    section = get_child_or_404(GuideSection, section_id, "recruitment.edit_guides",
                               lambda section: section.guide_version.guide_id == guide.id)
    if not section.guide_version.is_draft:
        raise guides.PublishedVersion()
    return section


def _draft_question(guide: InterviewGuide, question_id: int) -> GuideQuestion:
    question = get_child_or_404(GuideQuestion, question_id, "recruitment.edit_guides",
                                lambda question: question.section.guide_version.guide_id == guide.id)
    if not question.section.guide_version.is_draft:
        raise guides.PublishedVersion()
    return question


def _open_form(draft: GuideVersion, edit: str):
    """The form for the part of the draft named by `edit`, filled from what is saved."""
    kind, _sep, ident = edit.rpartition("-")
    if edit == "intro":
        return IntroForm(prefix="intro", formdata=None, data={"intro": draft.intro})
    number = optional_id(ident)
    if number is None:
        return None
    if kind == "section":
        section = next((s for s in draft.sections if s.id == number), None)
        return SectionForm(prefix=edit, formdata=None, obj=section) if section else None
    if kind == "question":
        question = next((q for q in draft.questions if q.id == number), None)
        if question is None:
            return None
        return QuestionForm(prefix=edit, formdata=None, data={
            "text": question.text, "guidance": question.guidance, "lived_experience": question.lived_experience,
            "checklist": "\n".join(question.checklist or [])})
    if kind == "new-question" and any(s.id == number for s in draft.sections):
        return QuestionForm(prefix=edit, formdata=None)
    return None


def _render_draft(guide: InterviewGuide, *, status: int = 200, edit: str = "", form=None, confirm: str = "",
                  saved: str = "", notice: str = "", new_section=None, conflict: bool = False):
    draft = guide.draft
    if draft is None:
        flash(_("The guide has no draft. Choose Edit to start a new version."), "info")
        return redirect_to(url_for("recruitment.guide_detail", guide_id=guide.id))
    if form is None and edit:
        form = _open_form(draft, edit)
    if form is None:
        edit = ""
    return render(DRAFT_PAGE, block="draft", status=status, guide=guide, draft=draft, edit=edit, form=form,
                  confirm=confirm, saved=saved, notice=notice, conflict=conflict,
                  new_section=new_section or SectionForm(prefix="new-section", formdata=None),
                  publish_form=PublishForm(formdata=None, data={"version": str(draft.version)}),
                  confirm_form=ConfirmForm(formdata=None), move_form=MoveForm(formdata=None),
                  kinds=POSITION_KIND_LABELS)


def _change(guide: InterviewGuide, form, edit: str, call, saved: str, anchor: str, *, new_section=False):
    """Run one edit of the draft: the draft block again (htmx) or the draft page (a plain form);
    with the form and its errors (422), or what is saved now after a conflict (409)."""
    extra = {"new_section": form} if new_section else {"form": form}
    if not form.validate_on_submit():
        return _render_draft(guide, status=form_status(form) if form.errors else 400, edit=edit, **extra)
    try:
        call()
    except FieldError as error:
        db.session.rollback()
        add_field_error(form, error)
        return _render_draft(guide, status=422, edit=edit, **extra)
    except ConflictError:
        db.session.rollback()
        guide = db.session.get(InterviewGuide, guide.id)
        return _render_draft(guide, status=409, conflict=True)
    if not wants_fragment():
        flash(saved, "success")
        return redirect_to(_draft_url(guide, anchor))
    return _render_draft(guide, saved=saved)


@bp.post("/guides/<int:guide_id>/draft/start")
@allow("recruitment.edit_guides")
def draft_start(guide_id: int):
    """Edit: continue the draft, or start one as a copy of the newest published version."""
    guide = _editor_guide(guide_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        guides.start_draft(guide, actor=current_user)
    except ConflictError:
        db.session.rollback()  # someone else started it at the same moment: theirs is the draft
    return redirect_to(_draft_url(db.session.get(InterviewGuide, guide_id)))


@bp.get("/guides/<int:guide_id>/draft")
@allow("recruitment.edit_guides")
def guide_draft(guide_id: int):
    guide = _editor_guide(guide_id)
    return _render_draft(guide, edit=request.args.get("edit", "")[:40], confirm=request.args.get("confirm", "")[:40])


@bp.post("/guides/<int:guide_id>/draft/intro")
@allow("recruitment.edit_guides")
def draft_intro(guide_id: int):
    guide = _editor_guide(guide_id)
    draft = guide.draft or abort(404)
    form = IntroForm(prefix="intro")
    return _change(guide, form, "intro", lambda: guides.update_intro(draft, form.intro.data, actor=current_user),
                   _("The guidance is saved."), "intro")


@bp.post("/guides/<int:guide_id>/draft/sections")
@allow("recruitment.edit_guides")
def section_add(guide_id: int):
    guide = _editor_guide(guide_id)
    draft = guide.draft or abort(404)
    form = SectionForm(prefix="new-section")
    return _change(guide, form, "", lambda: guides.add_section(
        draft, title=form.title.data, guidance=form.guidance.data, actor=current_user),
        _("The section is added."), "sections", new_section=True)


@bp.post("/guides/<int:guide_id>/draft/sections/<int:section_id>")
@allow("recruitment.edit_guides")
def section_update(guide_id: int, section_id: int):
    guide = _editor_guide(guide_id)
    section = _draft_section(guide, section_id)
    edit = f"section-{section.id}"
    form = SectionForm(prefix=edit)
    return _change(guide, form, edit, lambda: guides.update_section(
        section, title=form.title.data, guidance=form.guidance.data, actor=current_user),
        _("The section is saved."), edit)


@bp.post("/guides/<int:guide_id>/draft/sections/<int:section_id>/delete")
@allow("recruitment.edit_guides")
def section_delete(guide_id: int, section_id: int):
    """Delete a section and its questions (the page asked first: ?confirm=delete-section-N)."""
    guide = _editor_guide(guide_id)
    section = _draft_section(guide, section_id)
    return _change(guide, ConfirmForm(), "", lambda: guides.delete_section(section, actor=current_user),
                   _("The section is deleted."), "sections")


@bp.post("/guides/<int:guide_id>/draft/sections/<int:section_id>/move")
@allow("recruitment.edit_guides")
def section_move(guide_id: int, section_id: int):
    guide = _editor_guide(guide_id)
    section = _draft_section(guide, section_id)
    form = MoveForm()
    delta = -1 if form.direction.data == "up" else 1
    return _change(guide, form, "", lambda: guides.move_section(section, delta, actor=current_user),
                   _("The section is moved."), f"section-{section.id}")


@bp.post("/guides/<int:guide_id>/draft/sections/<int:section_id>/questions")
@allow("recruitment.edit_guides")
def question_add(guide_id: int, section_id: int):
    guide = _editor_guide(guide_id)
    section = _draft_section(guide, section_id)
    edit = f"new-question-{section.id}"
    form = QuestionForm(prefix=edit)
    return _change(guide, form, edit, lambda: guides.add_question(
        section, text=form.text.data, guidance=form.guidance.data, lived_experience=form.lived_experience.data,
        checklist=form.checklist_lines(), actor=current_user),
        _("The question is added."), f"section-{section.id}")


@bp.post("/guides/<int:guide_id>/draft/questions/<int:question_id>")
@allow("recruitment.edit_guides")
def question_update(guide_id: int, question_id: int):
    guide = _editor_guide(guide_id)
    question = _draft_question(guide, question_id)
    edit = f"question-{question.id}"
    form = QuestionForm(prefix=edit)
    return _change(guide, form, edit, lambda: guides.update_question(
        question, text=form.text.data, guidance=form.guidance.data, lived_experience=form.lived_experience.data,
        checklist=form.checklist_lines(), actor=current_user),
        _("The question is saved."), edit)


@bp.post("/guides/<int:guide_id>/draft/questions/<int:question_id>/delete")
@allow("recruitment.edit_guides")
def question_delete(guide_id: int, question_id: int):
    guide = _editor_guide(guide_id)
    question = _draft_question(guide, question_id)
    anchor = f"section-{question.section_id}"
    return _change(guide, ConfirmForm(), "", lambda: guides.delete_question(question, actor=current_user),
                   _("The question is deleted."), anchor)


@bp.post("/guides/<int:guide_id>/draft/questions/<int:question_id>/move")
@allow("recruitment.edit_guides")
def question_move(guide_id: int, question_id: int):
    guide = _editor_guide(guide_id)
    question = _draft_question(guide, question_id)
    form = MoveForm()
    delta = -1 if form.direction.data == "up" else 1
    return _change(guide, form, "", lambda: guides.move_question(question, delta, actor=current_user),
                   _("The question is moved."), f"question-{question.id}")


@bp.post("/guides/<int:guide_id>/draft/publish")
@allow("recruitment.edit_guides")
def draft_publish(guide_id: int):
    """Freeze the draft as the publisher saw it (its version): new interviews use it from now on."""
    guide = _editor_guide(guide_id)
    draft = guide.draft or abort(404)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        guides.publish(draft, version_token=form.version.data, actor=current_user)
    except FieldError as error:
        db.session.rollback()
        return _render_draft(guide, status=422, notice=error.message)
    except ConflictError:
        db.session.rollback()
        guide = db.session.get(InterviewGuide, guide_id)
        return _render_draft(guide, status=409, conflict=True, notice=_(
            "The draft was changed since you loaded it. Read it through and publish again."))
    flash(_("Version %(n)d is published. New interviews use it from now on; interviews planned earlier keep "
            "the version they were planned with.", n=draft.number), "success")
    return redirect_to(url_for("recruitment.guide_detail", guide_id=guide.id))


@bp.post("/guides/<int:guide_id>/draft/discard")
@allow("recruitment.edit_guides")
def draft_discard(guide_id: int):
    """Throw the draft away (the page asked first: ?confirm=discard)."""
    guide = _editor_guide(guide_id)
    draft = guide.draft or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        guides.discard_draft(draft, actor=current_user)
    except FieldError as error:
        db.session.rollback()
        return _render_draft(guide, status=422, notice=error.message)
    except ConflictError:
        db.session.rollback()
        return _render_draft(db.session.get(InterviewGuide, guide_id), status=409, conflict=True)
    flash(_("The draft is discarded."), "success")
    return redirect_to(url_for("recruitment.guide_detail", guide_id=guide_id))
