"""The reflection log pages: only the author reaches an entry (rule "supervision.reflect");
anyone else, the supervisor, leader, HR and the administrator included, gets a 404."""

from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.audit.services import record_read
from outreach.auth.policy import allow, get_or_404
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render
from outreach.core.identifiers import IdentifiersFound
from outreach.extensions import db
from outreach.supervision import reflection
from outreach.supervision.models import ReflectionEntry
from outreach.supervision.reflection_forms import ReflectionForm
from outreach.supervision.views import bp

READ_SUMMARY = "reflection note"


def _read(entry: ReflectionEntry) -> None:
    # The author reading their own entry: logged like every read of supervision content.
    record_read("supervision.content_read", entry, entry.author_id, READ_SUMMARY)


@bp.get("/reflection")
@allow("supervision.reflect")
def reflection_list():
    q = request.args.get("q", "").strip()[:200]
    page = db.paginate(reflection.entries_query(current_user, q), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("supervision/reflection_list.html", block="results", page=page, q=q,
                  brought=reflection.brought_dates(page.items))


def _saved_form(entry: ReflectionEntry) -> ReflectionForm:
    form = ReflectionForm(formdata=None, obj=entry)
    form.version.data = str(entry.version)
    return form


def _mine(form: ReflectionForm) -> dict:
    """What the writer typed, kept beside the saved state after a conflict."""
    return {name: form[name].data for name in (*reflection.TEXT_FIELDS, "written_on", "bring_to_supervision")}


def _form_page(entry: ReflectionEntry | None):
    posted = request.method == "POST"
    if posted:
        form = ReflectionForm()
    elif entry is not None:
        _read(entry)
        form = _saved_form(entry)
    else:
        form = ReflectionForm(formdata=None)
        form.written_on.data = reflection.today()
    context = {"conflict": False, "mine": None, "identifiers": False}
    status = 200
    if form.validate_on_submit():
        try:
            if entry is None:
                entry = reflection.create_entry(current_user, form.to_input(),
                                                confirmed=form.confirmed_identifiers(), actor=current_user)
                message = _("The entry is saved.")
            else:
                reflection.update_entry(entry, form.to_input(), version=form.version.data,
                                        confirmed=form.confirmed_identifiers(), actor=current_user)
                message = _("Your changes are saved.")
        except FieldError as error:
            db.session.rollback()
            status = 422
            add_field_error(form, error)
        except IdentifiersFound as found:
            # Shown next to each field; the writer removes them, or confirms and saves again.
            db.session.rollback()
            status = 422
            context["identifiers"] = True
            form.show_identifiers(found)
        except ConflictError:
            # Saved in another tab or device meanwhile: show what is saved, keep this text beside it.
            db.session.rollback()
            entry_id = entry.id
            entry = db.session.get(ReflectionEntry, entry_id)
            if entry is None:
                flash(_("The entry was deleted while you were editing it. Nothing was saved."), "error")
                return redirect_to(url_for("supervision.reflection_list"))
            status = 409
            context.update(conflict=True, mine=_mine(form))
            form = _saved_form(entry)
        else:
            flash(message, "success")
            return redirect_to(url_for("supervision.reflection_view", entry_id=entry.id))
    else:
        status = form_status(form)
    brought = reflection.brought_dates([entry]).get(entry.id) if entry is not None else None
    return render("supervision/reflection_form.html", block="entry_form", status=status, form=form, entry=entry,
                  brought=brought, **context)


@bp.route("/reflection/new", methods=["GET", "POST"])
@allow("supervision.reflect")
def reflection_new():
    return _form_page(None)


@bp.get("/reflection/<int:entry_id>")
@allow("supervision.reflect")
def reflection_view(entry_id: int):
    entry = get_or_404(ReflectionEntry, entry_id, "supervision.reflect")
    _read(entry)
    return render("supervision/reflection_entry.html", entry=entry,
                  brought=reflection.brought_dates([entry]).get(entry.id))


@bp.route("/reflection/<int:entry_id>/edit", methods=["GET", "POST"])
@allow("supervision.reflect")
def reflection_edit(entry_id: int):
    return _form_page(get_or_404(ReflectionEntry, entry_id, "supervision.reflect"))


@bp.route("/reflection/<int:entry_id>/delete", methods=["GET", "POST"])
@allow("supervision.reflect")
def reflection_delete(entry_id: int):
    entry = get_or_404(ReflectionEntry, entry_id, "supervision.reflect")
    form = ConfirmForm()
    if form.validate_on_submit():
        reflection.delete_entry(entry, actor=current_user)
        flash(_("The entry is deleted."), "success")
        return redirect_to(url_for("supervision.reflection_list"))
    return render("supervision/reflection_delete.html", entry=entry, form=form)
