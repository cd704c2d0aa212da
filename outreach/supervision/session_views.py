"""Supervision sessions: the list, planning, the session page and what is written in it.

Routes carry a None-tolerant rule ("supervision.view", "supervision.plan", ...); the rule
that decides about a session, a note or an item is asked when it is loaded (`get_or_404`,
which logs a refusal and answers 404, so that nobody learns what they may not see).
"""

from datetime import date

from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from outreach.audit.services import record_denied
from outreach.auth.policy import allow, can, get_child_or_404, get_or_404, in_session
from outreach.core.database import optional_id
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.identifiers import IdentifiersFound
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision import agenda, sessions, talks
from outreach.supervision.forms import (
    ActionDoneForm,
    ActionForm,
    AgreeForm,
    AttendanceForm,
    FurtherForm,
    PreparationForm,
    SessionForm,
    TextForm,
)
from outreach.supervision.models import (
    SESSION_KIND_LABELS,
    SESSION_STATUS_LABELS,
    FurtherItem,
    NoteKind,
    Recipient,
    SessionAction,
    SessionKind,
    SessionStatus,
    SupervisionSession,
    TalkRequest,
)
from outreach.supervision.views import bp

SESSION_PAGE = "supervision/session_detail.html"


def _today() -> date:
    return utcnow().astimezone(OSLO).date()


def _date_arg(name: str, errors: dict) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not (sessions.FIRST_DAY <= day <= sessions.LAST_DAY):
        errors[name] = _("Not a valid date.")
        return None
    return day


def _session(session_id: int, rule: str) -> SupervisionSession:
    return get_or_404(SupervisionSession, session_id, rule)


def _refuse(action: str, obj):
    record_denied(action, obj)
    abort(404)


def _session_url(session: SupervisionSession, anchor: str | None = None) -> str:
    return url_for("supervision.session_detail", session_id=session.id, _anchor=anchor)


# --- the list -------------------------------------------------------------------------------


@bp.get("/")
@allow("supervision.list")
def index():
    """The sessions the user may see the facts of, the latest first; their own coming sessions
    above. Never themes or text: leaders, HR and the administrator read this list too."""
    errors: dict[str, str] = {}
    args = request.args
    filters = sessions.SessionFilter(kind=args.get("kind", ""), status=args.get("status", ""),
                                     person=args.get("person", "")[:100],
                                     first=_date_arg("from", errors), last=_date_arg("to", errors))
    page = db.paginate(sessions.session_list(current_user, filters), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    upcoming = [] if wants_fragment() else sessions.coming_up(current_user)
    return render("supervision/index.html", block="results", page=page, upcoming=upcoming, args=args,
                  errors=errors, filters=filters, **_list_texts([*page.items, *upcoming]))


def _list_texts(shown: list[SupervisionSession]) -> dict:
    """What the list writes of the sessions `shown` beyond their own columns: the participants'
    names, when each starts, and the kind, status and duration texts translated once per value
    (per row, the translations were most of the page's time)."""
    local = {s.id: s.starts_at.astimezone(OSLO) for s in shown}
    return {
        "people": sessions.participant_names([s.id for s in shown]),
        # The patterns "d.MM.y HH:mm" in digits, as the date and time filters wrote them.
        "starts": {session_id: f"{at.day}.{at.month:02d}.{at.year} {at.hour:02d}:{at.minute:02d}"
                   for session_id, at in local.items()},
        "kinds": {kind.value: str(label) for kind, label in SESSION_KIND_LABELS.items()},
        "statuses": {status.value: str(label) for status, label in SESSION_STATUS_LABELS.items()},
        "durations": {minutes: ngettext("%(num)d minute", "%(num)d minutes", minutes)
                      for minutes in {s.duration_minutes for s in shown}},
    }


# --- planning and the facts -----------------------------------------------------------------


def _talk_request() -> TalkRequest | None:
    """The request for a talk a session is planned from (?request=, or the form's request_id)."""
    talk_id = request.args.get("request", type=int)
    if request.method == "POST":
        raw = request.form.get("request_id", "")
        talk_id = optional_id(raw)
        if raw and talk_id is None:  # no request can have it: not found, like another's request
            abort(404)
    if not talk_id:
        return None
    talk = get_or_404(TalkRequest, talk_id, "supervision.requests")
    return talk if talk.status == talks.OPEN else None


def _fill_choices(form: SessionForm, session: SupervisionSession | None) -> None:
    present = session.participant_ids if session is not None else set()
    if "participant_ids" in form:
        form.participant_ids.choices = [
            (user.id, _("%(name)s (your supervisee)", name=user.full_name) if own else user.full_name)
            for user, own in sessions.participant_choices(current_user, keep_ids=present)
        ]
    if "group_id" in form:
        groups = sessions.manageable_groups(current_user, keep_id=session.group_id if session else None)
        form.group_id.choices = [(None, _("Choose a group"))] + [(g.id, g.name) for g in groups]
    if "theme_ids" in form:
        keep = [t.id for t in session.themes] if session is not None else []
        form.theme_ids.choices = [(t.id, t.name) for t in sessions.theme_choices(keep)]


def _input(form: SessionForm, session: SupervisionSession | None) -> sessions.SessionInput:
    return sessions.SessionInput(
        kind=form.kind.data if "kind" in form else session.kind,
        day=form.day.data, start=form.start.data, duration_minutes=form.duration_minutes.data,
        status=form.status.data if "status" in form else session.status,
        participant_ids=list(form.participant_ids.data or []) if "participant_ids" in form else [],
        group_id=form.group_id.data if "group_id" in form else None,
        theme_ids=list(form.theme_ids.data or []) if "theme_ids" in form else [],
    )


@bp.route("/new", methods=["GET", "POST"])
@allow("supervision.plan")
def session_new():
    """Plan a session, or register one that was held; from a request for a talk with ?request=."""
    talk = _talk_request()
    form = SessionForm()
    if request.method == "GET":
        form.day.data = _today()
        if talk is not None:
            form.kind.data = SessionKind.INDIVIDUAL.value
            form.participant_ids.data = [talk.requester_id]
            form.request_id.data = str(talk.id)
            talks.log_topic_reads([talk], current_user)
    _fill_choices(form, None)
    if form.validate_on_submit():
        try:
            session = sessions.create_session(current_user, _input(form, None), talk=talk, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The session is saved."), "success")
            return redirect_to(_session_url(session))
    if talk is not None and request.method == "POST":
        talks.log_topic_reads([talk], current_user)  # the form with its errors shows the topic again
    return render("supervision/session_form.html", block="form", form=form, session=None, talk=talk,
                  status=form_status(form))


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@allow("supervision.plan")
def session_edit(session_id: int):
    """Change the facts and themes (the supervisor). The kind stays; who takes part only while planned."""
    session = _session(session_id, "supervision.plan")
    form = _edit_form(session, saved=request.method == "GET")
    status, conflict = 200, False
    if request.method == "GET":
        _log_themes_read(session)
    if form.validate_on_submit():
        try:
            sessions.update_session(session, _input(form, session), version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            # Someone saved the session meanwhile: show what is saved now.
            db.session.rollback()
            status, conflict = 409, True
            session = db.session.get(SupervisionSession, session_id)
            form = _edit_form(session, saved=True)
            _log_themes_read(session)
        else:
            flash(_("The session is saved."), "success")
            return redirect_to(_session_url(session))
    return render("supervision/session_form.html", block="form", form=form, session=session, talk=None,
                  conflict=conflict, status=status if conflict else form_status(form))


def _log_themes_read(session: SupervisionSession) -> None:
    """The form shows the saved themes, which are the session's content, as the session page does."""
    if session.themes:
        sessions.log_content_read(session, current_user, ["themes"])


def _edit_form(session: SupervisionSession, *, saved: bool) -> SessionForm:
    form = SessionForm(formdata=None) if saved else SessionForm()
    del form.kind, form.status, form.request_id
    if session.content_purged_at is not None:
        del form.theme_ids  # deleted with the rest of what was said
    if session.status != SessionStatus.PLANNED or session.kind == SessionKind.GROUP:
        del form.participant_ids
    if session.status != SessionStatus.PLANNED or session.kind != SessionKind.GROUP:
        del form.group_id
    _fill_choices(form, session)
    if saved:
        local = session.starts_at.astimezone(OSLO)
        form.day.data, form.start.data = local.date(), local.time().replace(tzinfo=None)
        form.duration_minutes.data = session.duration_minutes
        if "theme_ids" in form:
            form.theme_ids.data = [t.id for t in session.themes]
        form.version.data = str(session.version)
        if "participant_ids" in form:
            form.participant_ids.data = sorted(session.participant_ids)
        if "group_id" in form:
            form.group_id.data = session.group_id
    return form


@bp.route("/<int:session_id>/held", methods=["GET", "POST"])
@allow("supervision.plan")
def session_held(session_id: int):
    """Mark a planned session held, after asking: it cannot be undone, and what waited on its
    agenda is brought to it."""
    session = _session(session_id, "supervision.plan")
    form = ConfirmForm()
    if session.status != SessionStatus.PLANNED:
        flash(_("Only a planned session can be marked held."), "error")
        return redirect_to(_session_url(session))
    if sessions.is_future(session):
        flash(_("The session is dated after today: it can be marked held on the day or afterwards."), "error")
        return redirect_to(_session_url(session))
    if form.validate_on_submit():
        try:
            sessions.mark_held(session, actor=current_user)
        except sessions.WrongStatus:
            flash(_("Only a planned session can be marked held."), "error")
        except sessions.NotYet:
            flash(_("The session is dated after today: it can be marked held on the day or afterwards."), "error")
        else:
            flash(_("The session is marked held."), "success")
        return redirect_to(_session_url(session))
    return render("supervision/session_held.html", session=session, form=form,
                  agenda_count=len(agenda.agenda_for(session)))


@bp.route("/<int:session_id>/cancel", methods=["GET", "POST"])
@allow("supervision.plan")
def session_cancel(session_id: int):
    session = _session(session_id, "supervision.plan")
    form = ConfirmForm()
    if session.status != SessionStatus.PLANNED:
        flash(_("Only a planned session can be cancelled."), "error")
        return redirect_to(_session_url(session))
    if form.validate_on_submit():
        sessions.cancel_session(session, actor=current_user)
        flash(_("The session is cancelled."), "success")
        return redirect_to(_session_url(session))
    return render("supervision/session_cancel.html", session=session, form=form)


@bp.route("/<int:session_id>/attendance", methods=["POST"])
@allow("supervision.plan")
def session_attendance(session_id: int):
    """Who came to a held group session."""
    session = _session(session_id, "supervision.plan")
    if session.kind != SessionKind.GROUP or session.status != SessionStatus.HELD:
        abort(404)
    form = AttendanceForm(prefix="attendance")
    form.attended.choices = [(u.id, u.full_name) for u in session.people]
    if form.validate_on_submit():
        sessions.set_attendance(session, form.attended.data, actor=current_user)
        if not wants_fragment():
            flash(_("Attendance is saved."), "success")
            return redirect_to(_session_url(session, "attendance"))
        return _render_session(session, "attendance", attendance_saved=True)
    return _render_session(session, "attendance", status=422, attendance_form=form)


# --- the session page -----------------------------------------------------------------------


def _context(session: SupervisionSession, blocks: set[str] | None, quiet: set[str] = frozenset()) -> dict:
    """What the session page (or the `blocks` of it being re-rendered) shows the current user.

    Content only for the people in the room, and each part of it shown is logged as read for
    the others in the room (`quiet` parts are the reader's own just-saved text, not a read)."""
    user = current_user
    content = can(user, "supervision.read_content", session)
    purged = session.content_purged_at is not None
    ctx = {"session": session, "content": content, "purged": purged, "today": _today(),
           "write": can(user, "supervision.write_content", session) if content else False,
           "manage": can(user, "supervision.plan", session), "shared_title": _shared_title(session),
           # Marking held is for the day of the session or after.
           "held_possible": session.status == SessionStatus.PLANNED and not sessions.is_future(session)}
    if session.kind == SessionKind.GROUP and session.status == SessionStatus.HELD and ctx["manage"]:
        form = AttendanceForm(prefix="attendance", formdata=None)
        form.attended.choices = [(u.id, u.full_name) for u in session.people]
        form.attended.data = [p.user_id for p in session.participants if p.attended]
        ctx["attendance_form"] = form
    if not content or purged:
        return ctx

    def wanted(name: str) -> bool:
        return blocks is None or name in blocks

    parts: list[str] = []
    if wanted("shared"):
        ctx["shared_note"] = sessions.note_for(session, NoteKind.SHARED)
        if ctx["shared_note"] is not None and ctx["shared_note"].body and "shared" not in quiet:
            parts.append(sessions.shared_part(session))
    ctx["read_private"] = can(user, "supervision.read_private", session)
    if wanted("private") and ctx["read_private"]:
        ctx["private_note"] = sessions.note_for(session, NoteKind.PRIVATE)
        if ctx["private_note"] is not None and ctx["private_note"].body and "private" not in quiet:
            parts.append("private notes")
    if blocks is None:  # themes and the agenda are only on the whole page
        ctx["themes"] = list(session.themes)
        if ctx["themes"]:
            parts.append("themes")
        authors = {u.id: u for u in sessions.people_in_room(session)}
        entries = agenda.agenda_for(session)
        if not session.is_individual and session.supervisor_id != user.id:
            # A title was brought to the supervisor, not to the other people in a group.
            entries = [e for e in entries if e.author_id == user.id]
        ctx["agenda"] = [(entry, authors.get(entry.author_id)) for entry in entries]
        if any(entry.author_id != user.id for entry in entries):
            parts.append("agenda")
    if wanted("actions"):
        ctx["actions"] = sessions.actions_of(session)
        ctx.setdefault("action_form", _action_form(session, formdata=None))
        if ctx["actions"] and "actions" not in quiet:
            parts.append("actions")
    if wanted("further") and session.is_individual:
        ctx["further"] = sessions.further_items(session)
        ctx["further_write"] = can(user, "supervision.further_write", session)
        ctx.setdefault("further_form", FurtherForm(prefix="further", formdata=None))
        if ctx["further"] and "further" not in quiet:
            parts.append("items to take further")
    if wanted("preparation"):
        _preparation_context(session, ctx, quiet)
    sessions.log_content_read(session, user, parts)
    return ctx


def _shared_title(session: SupervisionSession) -> str:
    if session.kind == SessionKind.INDIVIDUAL:
        return _("Shared summary")
    return _("Minutes") if session.kind == SessionKind.GROUP else _("Shared notes")


def _preparation_context(session: SupervisionSession, ctx: dict, quiet) -> None:
    user = current_user
    if user.id in session.participant_ids:
        own = sessions.preparation_of(session, user)
        ctx["own_preparation"] = own
        if can(user, "supervision.prepare", session) and "preparation_form" not in ctx:
            form = PreparationForm(prefix="prep", formdata=None, obj=own)
            form.version.data = "" if own is None else str(own.version)
            ctx["preparation_form"] = form
    if session.supervisor_id == user.id:
        shared = [n for n in sessions.shared_preparations(session) if can(user, "supervision.read_preparation", n)]
        ctx["shared_preparations"] = shared
        if "preparation" not in quiet:
            sessions.log_preparation_reads(shared, user)


def _render_session(session: SupervisionSession, block: str | None = None, *, status: int = 200,
                    quiet: set[str] = frozenset(), **extra):
    """The session page, or only `block` of it for htmx (then only that part is read).
    `extra` overrides the page's context: a form with its errors, a message."""
    blocks = {block} if block and wants_fragment() else None
    ctx = _context(session, blocks, quiet)
    ctx.update(extra)
    return render(SESSION_PAGE, block=block, status=status, **ctx)


@bp.get("/<int:session_id>")
@allow("supervision.view")
def session_detail(session_id: int):
    """The facts for everyone allowed to see the session; the content for the people in it."""
    session = _session(session_id, "supervision.view")
    return _render_session(session)


# --- the shared summary (minutes, shared notes) and the private notes -----------------------


def _text_view(session_id: int, kind: str):
    posted = request.method == "POST"
    if kind == NoteKind.SHARED:
        rule = "supervision.write_content" if posted else "supervision.read_content"
        session = _session(session_id, rule)
    else:
        session = _session(session_id, "supervision.read_private")
        if posted and not can(current_user, "supervision.write_content", session):
            _refuse("supervision.write_content", session)
    if session.content_purged_at is not None:
        abort(404)
    if not posted and request.args.get("cancel"):
        return _render_session(session, kind, quiet={kind})
    note = sessions.note_for(session, kind)
    ctx = {"session": session, "kind": kind, "note": note, "conflict": False, "mine": None, "identifiers": False,
           "title": _shared_title(session) if kind == NoteKind.SHARED else _("My private notes")}
    if not posted:
        form = _text_form(kind, note, saved=True)
        if note is not None and note.body:
            part = sessions.shared_part(session) if kind == NoteKind.SHARED else "private notes"
            sessions.log_content_read(session, current_user, [part])
        return render("supervision/session_text.html", block="editor", form=form, **ctx)
    form = _text_form(kind, note, saved=False)
    status = 200
    if form.validate_on_submit():
        try:
            sessions.save_note(session, kind, form.body.data or "", version=form.version.data,
                               confirmed=form.confirmed_identifiers(), actor=current_user)
        except IdentifiersFound as found:
            status, ctx["identifiers"] = 422, True
            form.show_identifiers(found)
        except ConflictError:
            # Someone else saved first: the form shows what is saved now, the writer's own
            # text stays beside it to copy from. Nothing is lost, nothing overwritten.
            db.session.rollback()
            status = 409
            session = db.session.get(SupervisionSession, session_id)
            note = sessions.note_for(session, kind)
            ctx.update(session=session, note=note, conflict=True, mine=form.body.data)
            form = _text_form(kind, note, saved=True)
            part = sessions.shared_part(session) if kind == NoteKind.SHARED else "private notes"
            sessions.log_content_read(session, current_user, [part])
        else:
            if not wants_fragment():
                flash(_("Saved."), "success")
                return redirect_to(_session_url(session, kind))
            return _render_session(session, kind, quiet={kind}, saved=kind)
    else:
        status = form_status(form)
    return render("supervision/session_text.html", block="editor", status=status, form=form, **ctx)


def _text_form(kind: str, note, *, saved: bool) -> TextForm:
    form = TextForm(prefix=kind, formdata=None, obj=note) if saved else TextForm(prefix=kind)
    if saved:
        form.version.data = "" if note is None else str(note.version)
    return form


@bp.route("/<int:session_id>/shared", methods=["GET", "POST"])
@allow("supervision.view")
def session_shared(session_id: int):
    """The shared summary (individual), minutes (group) or shared notes: rule
    supervision.read_content to read, supervision.write_content to write."""
    return _text_view(session_id, NoteKind.SHARED.value)


@bp.route("/<int:session_id>/private", methods=["GET", "POST"])
@allow("supervision.view")
def session_private(session_id: int):
    """The supervisor's private notes: rule supervision.read_private."""
    return _text_view(session_id, NoteKind.PRIVATE.value)


# --- agreed actions -------------------------------------------------------------------------


def _action_form(session: SupervisionSession, formdata=None) -> ActionForm:
    form = ActionForm(prefix="action") if formdata is not None else ActionForm(prefix="action", formdata=None)
    form.owner_id.choices = [(None, _("Choose who does it"))] + [
        (u.id, u.full_name) for u in sessions.people_in_room(session)]
    return form


@bp.route("/<int:session_id>/actions", methods=["POST"])
@allow("supervision.view")
def action_add(session_id: int):
    session = _session(session_id, "supervision.write_content")
    form = _action_form(session, formdata=request.form)
    status, identifiers = 200, False
    if form.validate_on_submit():
        try:
            sessions.add_action(session, text=form.text.data, owner_id=form.owner_id.data,
                                due_date=form.due_date.data, confirmed=form.confirmed_identifiers(),
                                actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
            status = 422
        except IdentifiersFound as found:
            status, identifiers = 422, True
            form.show_identifiers(found)
        else:
            if not wants_fragment():
                flash(_("The action is added."), "success")
                return redirect_to(_session_url(session, "actions"))
            return _render_session(session, "actions", quiet={"actions"}, action_saved=True)
    else:
        status = form_status(form)
    return _render_session(session, "actions", status=status, action_form=form, action_identifiers=identifiers)


@bp.route("/<int:session_id>/actions/<int:action_id>/done", methods=["POST"])
@allow("supervision.view")
def action_done(session_id: int, action_id: int):
    """Mark an agreed action done (done=1) or not done (done=0)."""
    session = _session(session_id, "supervision.write_content")
    action = get_child_or_404(SessionAction, action_id, "supervision.write_content",
                              lambda action: action.session_id == session.id)
    form = ActionDoneForm()
    if form.validate_on_submit():
        sessions.set_action_done(action, form.done.data == "1", actor=current_user)
        if not wants_fragment():
            return redirect_to(_session_url(session, "actions"))
        return _render_session(session, "actions", quiet={"actions"})
    abort(400)


# --- take this further ----------------------------------------------------------------------


def _item(session_id: int, item_id: int, rule: str) -> FurtherItem:
    return get_or_404(FurtherItem, item_id, rule, under=lambda item: item.session_id == session_id)


@bp.route("/<int:session_id>/further", methods=["POST"])
@allow("supervision.view")
def further_new(session_id: int):
    """Write an item to take further (individual sessions; supervisor or supervisee)."""
    session = _session(session_id, "supervision.further_write")
    form = FurtherForm(prefix="further")
    status, identifiers = 200, False
    if form.validate_on_submit():
        try:
            sessions.write_further(session, recipient=form.recipient.data, body=form.body.data,
                                   confirmed=form.confirmed_identifiers(), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
            status = 422
        except IdentifiersFound as found:
            status, identifiers = 422, True
            form.show_identifiers(found)
        else:
            if not wants_fragment():
                flash(_("Written. Nobody else sees it until %(name)s agrees.", name=session.supervisee.full_name),
                      "success")
                return redirect_to(_session_url(session, "further"))
            return _render_session(session, "further", quiet={"further"}, further_saved=True)
    else:
        status = form_status(form)
    return _render_session(session, "further", status=status, further_form=form, further_identifiers=identifiers)


@bp.route("/<int:session_id>/further/<int:item_id>/edit", methods=["GET", "POST"])
@allow("supervision.view")
def further_edit(session_id: int, item_id: int):
    """Change an item (supervisor or supervisee). A change needs the supervisee's agreement again."""
    item = _item(session_id, item_id, "supervision.further_read")
    session = item.session
    if not can(current_user, "supervision.further_write", session):
        _refuse("supervision.further_write", item)
    posted = request.method == "POST"
    form = FurtherForm(prefix="further") if posted else FurtherForm(prefix="further", formdata=None, obj=item)
    if not posted:
        form.version.data = str(item.version)
        sessions.log_further_reads([item], current_user)
    status, conflict, identifiers, mine = 200, False, False, None
    if form.validate_on_submit():
        try:
            sessions.update_further(item, recipient=form.recipient.data, body=form.body.data,
                                    version=form.version.data, confirmed=form.confirmed_identifiers(),
                                    actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
            status = 422
        except IdentifiersFound as found:
            status, identifiers = 422, True
            form.show_identifiers(found)
        except ConflictError:
            db.session.rollback()
            status, conflict, mine = 409, True, form.body.data
            item = db.session.get(FurtherItem, item_id)
            form = FurtherForm(prefix="further", formdata=None, obj=item)
            form.version.data = str(item.version)
            sessions.log_further_reads([item], current_user)
        else:
            flash(_("Saved."), "success")
            return redirect_to(_session_url(session, "further"))
    elif posted:
        status = form_status(form)
    return render("supervision/session_further_edit.html", block="form", status=status, form=form, item=item,
                  session=session, conflict=conflict, identifiers=identifiers, mine=mine)


@bp.route("/<int:session_id>/further/<int:item_id>/agree", methods=["POST"])
@allow("supervision.view")
def further_agree(session_id: int, item_id: int):
    """The supervisee agrees that the item goes to its recipient (rule supervision.further_consent)."""
    item = _item(session_id, item_id, "supervision.further_consent")
    session = item.session
    form = AgreeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        sessions.agree_further(item, version=form.version.data, actor=current_user)
    except ConflictError:
        # The text changed since the supervisee read it: they agree to what they have read.
        db.session.rollback()
        session = db.session.get(SupervisionSession, session_id)
        return _render_session(session, "further", status=409, further_changed=True)
    if not wants_fragment():
        flash(item.text("agreed"), "success")
        return redirect_to(_session_url(session, "further"))
    return _render_session(session, "further", quiet={"further"}, further_agreed=True)


@bp.route("/<int:session_id>/further/<int:item_id>/withdraw", methods=["GET", "POST"])
@allow("supervision.view")
def further_withdraw(session_id: int, item_id: int):
    """The supervisee withdraws the agreement (asks first)."""
    item = _item(session_id, item_id, "supervision.further_consent")
    if not item.is_shared:
        return redirect_to(_session_url(item.session, "further"))
    form = ConfirmForm()
    if form.validate_on_submit():
        sessions.withdraw_further(item, actor=current_user)
        flash(item.text("withdrawn"), "success")
        return redirect_to(_session_url(item.session, "further"))
    return render("supervision/session_further_withdraw.html", item=item, session=item.session, form=form)


@bp.get("/<int:session_id>/further/<int:item_id>/print")
@allow("supervision.view")
def further_print(session_id: int, item_id: int):
    """An agreed item for the occupational health service, printed to hand over: only the
    supervisor and the supervisee open it; nobody else in the system reads these."""
    item = _item(session_id, item_id, "supervision.further_read")
    if not (in_session(current_user, item.session) and item.recipient == Recipient.OCCUPATIONAL_HEALTH
            and item.is_shared):
        _refuse("supervision.further_read", item)
    sessions.log_further_reads([item], current_user)
    return render("supervision/session_further_print.html", item=item, session=item.session)


@bp.get("/shared-with-me")
@allow("supervision.shared_with_me")
def shared_with_me():
    """For a team leader: what the people they lead agreed to take further to them."""
    page = db.paginate(sessions.shared_with(current_user), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    items = [item for item in page.items if can(current_user, "supervision.further_read", item)]
    sessions.log_further_reads(items, current_user)
    return render("supervision/shared_with_me.html", block="results", page=page, items=items)


# --- preparation ----------------------------------------------------------------------------


@bp.route("/<int:session_id>/preparation", methods=["POST"])
@allow("supervision.view")
def preparation(session_id: int):
    """A participant's preparation for a planned session (rule supervision.prepare)."""
    session = _session(session_id, "supervision.prepare")
    form = PreparationForm(prefix="prep")
    status, extra = 200, {}
    if form.validate_on_submit():
        try:
            sessions.save_preparation(session, current_user, body=form.body.data or "", shared=form.shared.data,
                                      version=form.version.data, confirmed=form.confirmed_identifiers(),
                                      actor=current_user)
        except IdentifiersFound as found:
            status, extra["preparation_identifiers"] = 422, True
            form.show_identifiers(found)
        except ConflictError:
            db.session.rollback()
            status = 409
            session = db.session.get(SupervisionSession, session_id)
            own = sessions.preparation_of(session, current_user)
            mine = form.body.data
            form = PreparationForm(prefix="prep", formdata=None, obj=own)
            form.version.data = "" if own is None else str(own.version)
            extra.update(preparation_conflict=True, preparation_mine=mine)
        else:
            if not wants_fragment():
                flash(_("Your preparation is saved."), "success")
                return redirect_to(_session_url(session, "preparation"))
            return _render_session(session, "preparation", quiet={"preparation"}, preparation_saved=True)
    else:
        status = form_status(form)
    return _render_session(session, "preparation", status=status, preparation_form=form, **extra)
