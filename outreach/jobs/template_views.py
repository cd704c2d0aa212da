"""The role templates: everyone reads them; HR and the administrator change them."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.policy import allow
from outreach.core.forms import ConflictError, FieldError
from outreach.core.htmx import redirect_to, render
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.forms import TemplateForm, section_texts
from outreach.jobs.views import bp


def _template(key: str):
    template = services.template_for(key)
    if template is None:
        abort(404)
    return template


@bp.get("/templates")
@allow("jobs.templates")
def template_list():
    return render("jobs/template_list.html", templates=services.templates())


@bp.get("/templates/<key>")
@allow("jobs.templates")
def template_detail(key: str):
    return render("jobs/template_detail.html", role_template=_template(key))


@bp.route("/templates/<key>/edit", methods=["GET", "POST"])
@allow("jobs.edit_templates")
def template_edit(key: str):
    template = _template(key)
    form = TemplateForm(formdata=None, obj=template) if request.method == "GET" else TemplateForm()
    if request.method == "GET":
        form.version.data = str(template.version)
        return render("jobs/template_form.html", block="form", role_template=template, form=form,
                      sections=template.sections, typed=None, conflict=False, error=None)
    texts, _frames = section_texts(request.form, template.sections)
    typed = [{**s, "text": texts[s["key"]]} for s in template.sections]
    status, conflict, error = 422, False, None
    if form.validate_on_submit():
        try:
            services.update_template(template, summary=form.summary.data or "", frame_note=form.frame_note.data or "",
                                     texts=texts, version=form.version.data, actor=current_user)
        except FieldError as refusal:
            db.session.rollback()
            error = refusal
        except ConflictError:
            db.session.rollback()
            template = services.template_for(key)
            kept = {"summary": form.summary.data or "", "frame_note": form.frame_note.data or ""}
            form = TemplateForm(formdata=None, obj=template)
            form.version.data = str(template.version)
            kept = {name: text for name, text in kept.items() if text != (getattr(template, name) or "")}
            return render("jobs/template_form.html", block="form", status=409, role_template=template, form=form,
                          sections=template.sections, typed=typed, kept=kept, conflict=True, error=None)
        else:
            flash(_("The template is saved. Descriptions started from now on use it; existing ones keep theirs."),
                  "success")
            return redirect_to(url_for("jobs.template_detail", key=template.key))
    return render("jobs/template_form.html", block="form", status=status, role_template=template, form=form,
                  sections=typed, typed=None, conflict=conflict, error=error)
