"""Vacancies: the list, the needs mapping that starts one, the vacancy page with its status,
checklist, panel and pipeline board, and the public applicant list.

A vacancy is loaded through the policy ("recruitment.view": HR, its leader and its panel;
"recruitment.manage": HR and its leader); anyone else gets 404, and the refusal is logged.
"""

from dataclasses import dataclass
from datetime import date

from flask import Response, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload, lazyload

from outreach.auth.policy import allow, can, get_or_404
from outreach.core.database import optional_id
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.people.models import EXPERIENCE_LABELS, Area, Team
from outreach.people.positions import POSITIONS
from outreach.recruitment import candidates, public_list, rules, vacancies
from outreach.recruitment.forms import NeedForm, PanelForm, StatusForm, VacancyForm
from outreach.recruitment.models import (
    REJECTION_LABELS,
    STAGE_LABELS,
    VACANCY_STATUS_LABELS,
    Vacancy,
    VacancyCheckItem,
)
from outreach.recruitment.views import bp

VACANCY_PAGE = "recruitment/vacancy_detail.html"


def experience_labels(codes) -> str:
    return ", ".join(str(EXPERIENCE_LABELS.get(code, code)) for code in codes)


def _vacancy(vacancy_id: int, rule: str = "recruitment.view") -> Vacancy:
    return get_or_404(Vacancy, vacancy_id, rule)


# --- the list -----------------------------------------------------------------------------------


@bp.get("/")
@allow("recruitment.list")
def index():
    """The vacancies the user takes part in the hiring of: all for HR."""
    args = request.args
    filters = vacancies.VacancyFilter(text=args.get("q", "")[:100], status=args.get("status", ""),
                                      team_id=optional_id(args.get("team")))
    # The list shows the leader's name and the team, not the panel, nor the leader's roles and teams.
    query = vacancies.vacancy_list(current_user, filters).options(
        lazyload(Vacancy.panel), joinedload(Vacancy.leader).lazyload("*"))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = vacancies.candidate_counts([v.id for v in page.items])
    teams = db.session.scalars(db.select(Team).order_by(Team.name)).all()
    return render("recruitment/vacancy_list.html", block="results", page=page, counts=counts, filters=filters,
                  statuses=VACANCY_STATUS_LABELS, teams=teams)


# --- the needs mapping ----------------------------------------------------------------------------


def _need_choices(form: NeedForm) -> None:
    teams = vacancies.team_choices(current_user)
    form.team_id.choices = [(None, _("Choose a team"))] + [(t.id, t.name) for t in teams]
    areas = db.session.scalars(db.select(Area).where(Area.team_id.in_([t.id for t in teams] or [-1]),
                                                     Area.active.is_(True)).order_by(Area.name)).all()
    names = {t.id: t.name for t in teams}
    form.area_id.choices = [(None, _("No particular area"))] + [(a.id, f"{a.name} ({names[a.team_id]})")
                                                                for a in areas]
    form.leader_id.choices = [(None, _("Choose a leader"))] + [(u.id, u.full_name)
                                                               for u in vacancies.leader_choices()]


@bp.route("/needs/new", methods=["GET", "POST"])
@allow("recruitment.create")
def need_new():
    """Map the need first: it becomes a draft vacancy whose ad text starts from it."""
    form = NeedForm()
    _need_choices(form)
    if request.method == "GET":
        if not current_user.has_role("hr"):
            form.leader_id.data = current_user.id
        # From a change of role: "announce the freed EC position as an EC position again".
        if request.args.get("position") in POSITIONS:
            form.position_key.data = request.args["position"]
        form.team_id.data = optional_id(request.args.get("team"))
    if form.validate_on_submit():
        data = vacancies.NeedInput(
            team_id=form.team_id.data, position_key=form.position_key.data, title=form.title.data or "",
            area_id=form.area_id.data, environment=form.environment.data or "",
            experience_codes=list(form.experience_codes.data or []), responsibilities=form.responsibilities.data or "",
            reason=form.reason.data or "", position_percentage=form.position_percentage.data,
            contract=form.contract.data, deadline=form.deadline.data, leader_id=form.leader_id.data,
        )
        try:
            vacancy = vacancies.map_need(data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The need is mapped and a draft vacancy made. Read the ad text through before opening it."),
                  "success")
            return redirect_to(url_for("recruitment.vacancy_detail", vacancy_id=vacancy.id))
    return render("recruitment/need_form.html", block="form", form=form, status=form_status(form))


# --- the vacancy page -----------------------------------------------------------------------------


def _panel_form(vacancy: Vacancy, formdata=None) -> PanelForm:
    form = PanelForm(formdata=formdata, prefix="panel")
    form.panel.choices = vacancies.panel_choices(vacancy)
    if formdata is None:
        form.panel.data = sorted(vacancy.panel_ids)
        form.version.data = str(vacancy.version)
    return form


def _id_url(endpoint: str, key: str):
    """url_for(endpoint, key=id) for many ids: built once, the id put in by string (a board of
    a hundred cards would otherwise build four URLs a card)."""
    head, tail = url_for(endpoint, **{key: _MARK}).split(str(_MARK))
    return lambda value: f"{head}{value}{tail}"


_MARK = 987654321


@dataclass(frozen=True)
class Card:
    """A card on the board, its URLs and texts made in the view: the same work for each card
    in the template was most of the page's time."""

    url: str
    applied: str
    move_url: str = ""
    move_label: str = ""
    options: tuple = ()  # (stage, label) the select offers: every move but rejection
    reject_url: str = ""  # when rejection is among the moves
    hire_url: str = ""


def _cards(shown, moves: dict, manage: bool) -> dict[int, Card]:
    detail, move = _id_url("recruitment.candidate_detail", "candidate_id"), _id_url("recruitment.candidate_move",
                                                                                     "candidate_id")
    reject, hire = _id_url("recruitment.candidate_reject", "candidate_id"), _id_url("recruitment.hire", "candidate_id")
    stage_names = {stage: str(label) for stage, label in STAGE_LABELS.items()}
    rejection_names = {code: str(label) for code, label in REJECTION_LABELS.items()}
    # The translations once, filled in per card (the page escapes the result, names included).
    applied, move_to = _("Applied %(day)s"), _("Move %(name)s to")
    cards = {}
    for c in shown:
        # The pattern "d.MM.y" in digits, as the date filter wrote it before.
        day = f"{c.received_on.day}.{c.received_on.month:02d}.{c.received_on.year}"
        text = applied % {"day": day}
        if c.stage == rules.REJECTED and c.rejected_reason:
            text += " · " + rejection_names.get(c.rejected_reason, c.rejected_reason)
        options = moves.get(c.id, ())
        cards[c.id] = Card(
            url=detail(c.id), applied=text,
            move_url=move(c.id) if options else "", move_label=move_to % {"name": c.full_name},
            options=tuple((o, stage_names[o]) for o in options if o != rules.REJECTED),
            reject_url=reject(c.id) if rules.REJECTED in options else "",
            hire_url=hire(c.id) if manage and c.stage == rules.OFFER else "",
        )
    return cards


def panel_checkboxes(field) -> Markup:
    """The options of the panel's checkboxes, as macros/forms.html `checkboxes` writes them. The
    list holds everyone working in the service (hundreds at scale): one WTForms widget, or one
    template loop pass, per person was most of the page's time."""
    chosen = set(field.data or ())
    return Markup("\n".join(
        f'<label for="{field.id}-{i}"><input id="{field.id}-{i}" name="{field.name}" type="checkbox" '
        f'value="{value}"{" checked" if value in chosen else ""}> {escape(name)}</label>'
        for i, (value, name) in enumerate(field.choices)))


def _panel_context(vacancy: Vacancy) -> dict:
    """What the panel's section shows. The form lists every colleague (hundreds): it is made only
    when "Change the panel" is opened (vacancy_panel, GET) or the panel was just posted."""
    return {"vacancy": vacancy, "manage": can(current_user, "recruitment.manage", vacancy),
            "panel_lacks_ec": vacancies.panel_lacks_ec(vacancy, vacancy.panel), "panel_form": None,
            "panel_open": False, "panel_checkboxes": panel_checkboxes}


def _page_context(vacancy: Vacancy) -> dict:
    """What the vacancy page shows: the panel's section and the board. The board is candidate
    data, so its cards are logged as read."""
    ctx = _panel_context(vacancy)
    manage = ctx["manage"]
    board = candidates.board(vacancy)
    shown = [c for column in board.values() for c in column]
    # The user, not the proxy: the log reads its id and name once per card.
    candidates.log_reads(shown, current_user._get_current_object(), "pipeline board")
    moves = candidates.moves_on_board(vacancy, shown, candidates.references_done_on(vacancy)) if manage else {}
    ctx.update({
        "board": board, "stages": STAGE_LABELS, "moves": moves, "cards": _cards(shown, moves, manage),
        "checklist_open": vacancies.checklist_open(vacancy),
        "status_options": vacancies.status_options(vacancy, shown) if manage else [],
        "move_errors": {},
        "status_labels": VACANCY_STATUS_LABELS, "refusals": vacancies.STATUS_REFUSALS,
        "rejection_labels": REJECTION_LABELS, "experience_labels": experience_labels,
    })
    return ctx


def render_vacancy_page(vacancy: Vacancy, block: str | None = None, status: int = 200, **extra):
    """The vacancy page, or one block of it for htmx. The panel's section alone reads no board
    (and logs no candidate as read)."""
    only_panel = block == "panel" and wants_fragment()
    context = _panel_context(vacancy) if only_panel else _page_context(vacancy)
    return render(VACANCY_PAGE, block=block, status=status, **(context | extra))


@bp.get("/<int:vacancy_id>")
@allow("recruitment.view")
def vacancy_detail(vacancy_id: int):
    return render_vacancy_page(_vacancy(vacancy_id))


def _edit_form(vacancy: Vacancy, saved: bool) -> VacancyForm:
    form = VacancyForm(formdata=None, obj=vacancy) if saved else VacancyForm()
    form.leader_id.choices = [(u.id, u.full_name) for u in vacancies.leader_choices()]
    if saved:
        form.version.data = str(vacancy.version)
    if not current_user.has_role("hr"):
        del form.leader_id
    return form


@bp.route("/<int:vacancy_id>/edit", methods=["GET", "POST"])
@allow("recruitment.manage")
def vacancy_edit(vacancy_id: int):
    vacancy = _vacancy(vacancy_id, "recruitment.manage")
    form = _edit_form(vacancy, saved=request.method == "GET")
    conflict = False
    if form.validate_on_submit():
        data = vacancies.VacancyInput(
            title=form.title.data, deadline=form.deadline.data, ad_text=form.ad_text.data or "",
            position_percentage=form.position_percentage.data, contract=form.contract.data,
            positions=form.positions.data, leader_id=form.leader_id.data if "leader_id" in form else None,
        )
        try:
            vacancies.update_vacancy(vacancy, data, version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            conflict = True
            vacancy = db.session.get(Vacancy, vacancy_id)
            mine = form
            form = _edit_form(vacancy, saved=True)
            form.ad_text.description = mine.ad_text.data  # the writer's text, shown beside the saved one
        else:
            flash(_("The vacancy is saved."), "success")
            return redirect_to(url_for("recruitment.vacancy_detail", vacancy_id=vacancy.id))
    status = 409 if conflict else form_status(form)
    return render("recruitment/vacancy_form.html", block="form", form=form, vacancy=vacancy, conflict=conflict,
                  status=status)


@bp.post("/<int:vacancy_id>/status")
@allow("recruitment.manage")
def vacancy_status(vacancy_id: int):
    vacancy = _vacancy(vacancy_id, "recruitment.manage")
    form = StatusForm()
    if not form.validate_on_submit():
        return render_vacancy_page(vacancy, "status", 422, status_error=_("Choose a status."))
    try:
        vacancies.set_status(vacancy, form.status.data, version=form.version.data, actor=current_user)
    except FieldError as error:
        db.session.rollback()
        return render_vacancy_page(vacancy, "status", 422, status_error=error.message)
    except ConflictError:
        db.session.rollback()
        vacancy = db.session.get(Vacancy, vacancy_id)
        return render_vacancy_page(vacancy, "status", 409, status_error=_(
            "Someone else changed the vacancy in the meantime. Here is how it stands now."))
    flash(_("The vacancy is now: %(status)s.", status=vacancy.status_label), "success")
    return redirect_to(url_for("recruitment.vacancy_detail", vacancy_id=vacancy.id))


@bp.post("/checklist/<int:item_id>")
@allow("recruitment.manage")
def checklist_tick(item_id: int):
    item = db.get_or_404(VacancyCheckItem, item_id)
    vacancy = _vacancy(item.vacancy_id, "recruitment.manage")
    vacancies.tick(item, request.form.get("done") == "1", actor=current_user)
    if wants_fragment():
        return render_vacancy_page(vacancy, "checklist")
    return redirect_to(url_for("recruitment.vacancy_detail", vacancy_id=vacancy.id, _anchor="checklist"))


# One rule for both methods: two rules on one path made werkzeug answer a POST to a path whose
# number no database integer holds with 405 instead of 404.
@bp.route("/<int:vacancy_id>/panel", methods=["GET", "POST"])
@allow("recruitment.manage")
def vacancy_panel(vacancy_id: int):
    """GET: the panel with its form open, the section for htmx when "Change the panel" is
    opened, the vacancy page without JavaScript. POST: save the panel."""
    vacancy = _vacancy(vacancy_id, "recruitment.manage")
    if request.method == "GET":
        return render_vacancy_page(vacancy, "panel", panel_form=_panel_form(vacancy), panel_open=True)
    form = _panel_form(vacancy, formdata=request.form)
    if form.validate_on_submit():
        try:
            vacancies.set_panel(vacancy, list(form.panel.data or []), version=form.version.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            vacancy = db.session.get(Vacancy, vacancy_id)
            return render_vacancy_page(vacancy, "panel", 409, panel_conflict=True, panel_form=_panel_form(vacancy),
                                       panel_open=True)
        else:
            if not wants_fragment():
                flash(_("The panel is saved."), "success")
                return redirect_to(url_for("recruitment.vacancy_detail", vacancy_id=vacancy.id, _anchor="panel"))
            return render_vacancy_page(vacancy, "panel", panel_saved=True, panel_form=_panel_form(vacancy))
    return render_vacancy_page(vacancy, "panel", 422, panel_form=form)


# --- the public applicant list --------------------------------------------------------------------


def _applicants(vacancy: Vacancy) -> tuple[list, date]:
    listed = public_list.applicants(vacancy)
    candidates.log_reads(listed, current_user, "applicant list")
    day = today_in_oslo()
    return public_list.rows(listed, day), day


@bp.get("/<int:vacancy_id>/applicants")
@allow("recruitment.manage")
def applicant_list(vacancy_id: int):
    """The søkerliste for publication: only the fields that may be published."""
    vacancy = _vacancy(vacancy_id, "recruitment.manage")
    rows, day = _applicants(vacancy)
    return render("recruitment/applicant_list.html", vacancy=vacancy, rows=rows, day=day)


@bp.get("/<int:vacancy_id>/applicants.csv")
@allow("recruitment.manage")
def applicant_list_csv(vacancy_id: int):
    vacancy = _vacancy(vacancy_id, "recruitment.manage")
    rows, day = _applicants(vacancy)
    body = public_list.as_csv(vacancy, rows, day)
    filename = f"sokerliste-{vacancy.id}-{day.isoformat()}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
