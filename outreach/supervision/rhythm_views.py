"""The rhythm: who is due for supervision (counts and dates), the targets per role, and
"ask for a talk" with the supervisor's list of requests."""

from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.models import Role
from outreach.auth.policy import allow, can, get_or_404
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.identifiers import IdentifiersFound
from outreach.extensions import db
from outreach.people.models import ROLE_TYPE_LABELS
from outreach.supervision import overview, rhythm, talks
from outreach.supervision.admin_forms import TalkForm, TargetForm
from outreach.supervision.models import TalkRequest
from outreach.supervision.panels import talk_context
from outreach.supervision.views import bp

# --- the rhythm overview -----------------------------------------------------------------------


@bp.get("/rhythm")
@allow("supervision.rhythm")
def rhythm_page():
    result = overview.overview_for(current_user)
    requests = []
    if current_user.has_role(Role.SUPERVISOR):
        requests = talks.open_requests_for(current_user)
        talks.log_topic_reads(requests, current_user)
    return render("supervision/rhythm.html", overview=result, requests=requests)


# --- targets per role --------------------------------------------------------------------------


def _target_form(role_type: str, row, *, saved: bool) -> TargetForm:
    """A role's form (prefixed by the role, several are on one page): with what is saved
    (`saved`: the row, else the defaults in code), or with what was just posted."""
    if not saved:
        return TargetForm(prefix=role_type)
    target = overview.target_from_row(row) if row is not None else rhythm.default_target(role_type)
    form = TargetForm(formdata=None, prefix=role_type, obj=target)
    form.version.data = "" if row is None else str(row.version)
    return form


def _card(role_type: str, form: TargetForm, row, **extra) -> dict:
    return {"role_type": role_type, "label": ROLE_TYPE_LABELS[role_type], "form": form, "row": row,
            "default": rhythm.default_target(role_type), "conflict": False, "saved": None, **extra}


@bp.get("/targets")
@allow("supervision.targets")
def target_list():
    rows = overview.target_rows()
    cards = [_card(role, _target_form(role, rows.get(role), saved=True), rows.get(role))
             for role in overview.ROLE_TYPES]
    return render("supervision/target_list.html", cards=cards)


@bp.post("/targets/<role_type>")
@allow("supervision.targets")
def target_save(role_type: str):
    if role_type not in overview.ROLE_TYPES:
        abort(404)
    rows = overview.target_rows()
    form = _target_form(role_type, None, saved=False)
    status, extra = 200, {}
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in overview.TARGET_FIELDS}
        try:
            row = overview.save_target(role_type, values, version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
            status = 422
        except ConflictError:
            # Another administrator saved this role first: show what is saved now.
            db.session.rollback()
            row = overview.target_rows().get(role_type)
            form = _target_form(role_type, row, saved=True)
            rows[role_type] = row
            status, extra = 409, {"conflict": True}
        else:
            message = _("The rhythm for %(role)s is saved.", role=ROLE_TYPE_LABELS[role_type])
            if not wants_fragment():
                flash(message, "success")
                return redirect_to(url_for("supervision.target_list"))
            rows[role_type] = row
            form = _target_form(role_type, row, saved=True)
            extra = {"saved": message}
    else:
        status = form_status(form)
    card = _card(role_type, form, rows.get(role_type), **extra)
    if wants_fragment():
        return render("supervision/target_card.html", card=card, status=status)
    cards = [card if role == role_type else _card(role, _target_form(role, rows.get(role), saved=True), rows.get(role))
             for role in overview.ROLE_TYPES]
    return render("supervision/target_list.html", cards=cards, status=status)


# --- ask for a talk ----------------------------------------------------------------------------


@bp.route("/ask", methods=["GET", "POST"])
@allow("supervision.ask_for_talk")
def ask_for_talk():
    form = TalkForm() if request.method == "POST" else TalkForm(formdata=None)
    extra, status = {}, 200
    if form.validate_on_submit():
        try:
            talks.ask_for_talk(current_user, form.topic.data, confirmed=form.confirmed_identifiers(),
                               actor=current_user)
        except IdentifiersFound as found:
            status, extra = 422, {"identifiers": True}
            form.show_identifiers(found)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
            status = 422
        else:
            message = _("Your request is sent to your supervisor.")
            if not wants_fragment():
                flash(message, "success")
                return redirect_to(url_for("supervision.ask_for_talk"))
            form, extra = TalkForm(formdata=None), {"sent": message}
    else:
        status = form_status(form)
    return render("supervision/talk_ask.html", block="talk", status=status, **talk_context(current_user, form, **extra))


@bp.route("/ask/<int:request_id>/close", methods=["GET", "POST"])
@allow("supervision.own_request")
def talk_withdraw(request_id: int):
    """The requester takes back their own open request (asks first)."""
    talk = get_or_404(TalkRequest, request_id, "supervision.own_request")
    back = url_for("supervision.ask_for_talk") if can(current_user, "supervision.ask_for_talk") \
        else url_for("core.index")
    if talk.status != talks.OPEN:
        flash(_("This request is already answered."), "info")
        return redirect_to(back)
    form = ConfirmForm()
    if form.validate_on_submit():
        talks.close_request(talk, actor=current_user)
        flash(_("Your request for a talk is taken back."), "success")
        return redirect_to(back)
    return render("supervision/talk_withdraw.html", talk=talk, form=form, back=back)


@bp.get("/requests")
@allow("supervision.requests")
def talk_requests():
    page = db.paginate(talks.open_requests_query(current_user), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    talks.log_topic_reads(page.items, current_user)
    return render("supervision/talk_requests.html", block="results", page=page)


@bp.route("/requests/<int:request_id>/close", methods=["GET", "POST"])
@allow("supervision.requests")
def talk_close(request_id: int):
    talk = get_or_404(TalkRequest, request_id, "supervision.requests")
    if talk.status != talks.OPEN:
        flash(_("This request is already answered."), "info")
        return redirect_to(url_for("supervision.talk_requests"))
    form = ConfirmForm()
    if form.validate_on_submit():
        talks.close_request(talk, actor=current_user)
        flash(_("The request from %(name)s is closed.", name=talk.requester.full_name), "success")
        return redirect_to(url_for("supervision.talk_requests"))
    return render("supervision/talk_close.html", talk=talk, form=form)
