"""Shift notes: the plan before an outreach shift, the report after it, and the supervisor's
list of shifts whose report asks for a debrief (which shift and who, not what was written)."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from outreach.auth.policy import allow, get_or_404
from outreach.core.forms import ConflictError, IdentifierCheckMixin, MultiCheckboxField, clean_text, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.identifiers import IdentifiersFound
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.people.models import Area
from outreach.shifts import notes
from outreach.shifts.models import Shift
from outreach.shifts.views import bp


class NoteForm(IdentifierCheckMixin, FlaskForm):
    body = TextAreaField(validators=[Length(max=5000)], filters=[clean_text])
    areas = MultiCheckboxField(coerce=int, validate_choice=True)
    contacts = IntegerField(_l("Number of contacts"), validators=[
        Optional(), NumberRange(min=0, max=10000, message=_l("Give a whole number, 0 or more."))])
    themes = TextAreaField(_l("Themes"), validators=[Length(max=2000)], filters=[clean_text])
    incidents = TextAreaField(_l("Incidents"), validators=[Length(max=2000)], filters=[clean_text])
    needs_debrief = BooleanField(_l("Needs debrief"))
    version = HiddenField()


def _form(shift: Shift, kind: str, note, *, saved: bool) -> NoteForm:
    """The note form: with what is saved (`saved`), or with what was just posted."""
    form = NoteForm(formdata=None, obj=note) if saved else NoteForm()
    if kind == notes.PLAN:
        form.body.label.text = _("The plan: roles, where to go, what is happening in the environments")
        form.areas.label.text = _("Areas we plan to visit")
    else:
        form.body.label.text = _("Short report")
        form.areas.label.text = _("Areas visited")
    chosen = {a.id for a in note.areas} if note is not None else set()
    form.areas.choices = [(a.id, a.name) for a in shift.team.areas if a.active or a.id in chosen]
    if saved:
        form.areas.data = sorted(chosen)
        form.version.data = "" if note is None else str(note.version)
    return form


def _note_page(shift_id: int, kind: str):
    posted = request.method == "POST"
    shift = get_or_404(Shift, shift_id, "shifts.write_note" if posted else "shifts.read_note")
    if not notes.has_notes(shift):
        abort(404)
    note = notes.note_for(shift, kind)
    too_early = kind == notes.REPORT and not notes.report_open(shift)
    context = {"shift": shift, "kind": kind, "note": note, "too_early": too_early, "conflict": False,
               "mine": None, "identifiers": False, "saved": None, "day": shift.starts_at.astimezone(OSLO).date()}
    form = _form(shift, kind, note, saved=not posted)
    status = 200
    if posted and too_early:
        status = 422
    elif form.validate_on_submit():
        data = notes.NoteInput(
            body=form.body.data or "", themes=form.themes.data or "", incidents=form.incidents.data or "",
            contacts=form.contacts.data, needs_debrief=form.needs_debrief.data,
            areas=db.session.scalars(db.select(Area).where(Area.id.in_(form.areas.data or []))).all(),
        )
        confirmed = form.confirmed_identifiers()
        try:
            note = notes.save_note(shift, kind, data, author=current_user.profile, version=form.version.data,
                                   confirmed=confirmed, actor=current_user)
        except IdentifiersFound as found:
            # Shown next to each field; the writer removes them, or confirms and saves again.
            status = 422
            context["identifiers"] = True
            form.show_identifiers(found)
        except ConflictError:
            # Someone else saved first: show what is saved now, and keep the writer's own text
            # beside it to copy from. Nothing is lost and nothing is overwritten.
            db.session.rollback()
            status = 409
            context["mine"] = {
                "body": form.body.data, "themes": form.themes.data, "incidents": form.incidents.data,
                "contacts": form.contacts.data, "needs_debrief": form.needs_debrief.data,
                "areas": [name for value, name in form.areas.choices if value in (form.areas.data or [])],
            }
            shift = db.session.get(Shift, shift_id)
            note = notes.note_for(shift, kind)
            context.update(shift=shift, note=note, conflict=True)
            form = _form(shift, kind, note, saved=True)
        else:
            message = _("The plan is saved.") if kind == notes.PLAN else _("The report is saved.")
            if not wants_fragment():
                flash(message, "success")
                return redirect_to(url_for(f"shifts.note_{kind}", shift_id=shift.id))
            context.update(note=note, saved=message)
            form = _form(shift, kind, note, saved=True)
    else:
        status = form_status(form)
    return render("shifts/notes/note.html", block="note", status=status, form=form, **context)


@bp.route("/shifts/<int:shift_id>/plan", methods=["GET", "POST"])
@allow("shifts.read_note")
def note_plan(shift_id: int):
    return _note_page(shift_id, notes.PLAN)


@bp.route("/shifts/<int:shift_id>/report", methods=["GET", "POST"])
@allow("shifts.read_note")
def note_report(shift_id: int):
    return _note_page(shift_id, notes.REPORT)


@bp.get("/shifts/debriefs")
@allow("shifts.debriefs")
def debriefs():
    """For a supervisor: the shifts of the last weeks whose report asks for a debrief, and
    which of their supervisees were on them. Not what the report says."""
    rows = notes.debrief_rows(current_user)
    return render("shifts/notes/debriefs.html", rows=rows, days=notes.DEBRIEF_DAYS)
