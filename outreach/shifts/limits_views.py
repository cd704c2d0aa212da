"""Absence, availability, accommodation (tilrettelegging) and an EC's own boundaries."""

from datetime import date, timedelta

from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.audit.services import record_read
from outreach.auth.policy import SIGNED_IN, allow, get_or_404, leads, leads_team
from outreach.core.forms import ConfirmForm, FieldError, add_field_error, form_status, id_arg, page_number
from outreach.core.htmx import redirect_to, render
from outreach.core.timeutil import OSLO, parse_day, utcnow
from outreach.extensions import db
from outreach.people.models import StaffProfile, Team
from outreach.shifts import limits
from outreach.shifts.limits_forms import AbsenceForm, AccommodationForm, AvailabilityForm, BoundariesForm, fmt_num
from outreach.shifts.models import ABSENCE_LABELS, SHIFT_KIND_LABELS, Absence, Accommodation, Availability
from outreach.shifts.services import team_staff
from outreach.shifts.views import bp

bp.add_app_template_global(fmt_num, "fmt_num")


def _today() -> date:
    return utcnow().astimezone(OSLO).date()


def _page(query, per_page: int | None = None):
    return db.paginate(query, page=page_number(), per_page=per_page or current_app.config["PAGE_SIZE"],
                       error_out=False)


def _date_arg(name: str, errors: dict) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    day = parse_day(value)
    if day is None:
        errors[name] = _("Not a valid date.")
    return day


def _back_team(profile: StaffProfile) -> Team | None:
    """The team to go back to: the one in the address, else the first the user leads the person on."""
    wanted = id_arg("team")
    teams = [t for t in profile.teams if leads_team(current_user, t)]
    return next((t for t in teams if t.id == wanted), teams[0] if teams else None)


# --- absence ------------------------------------------------------------------------------------


@bp.get("/teams/<int:team_id>/absence")
@allow("roster.plan")
def absence_list(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    errors: dict[str, str] = {}
    staff_id = id_arg("person")
    kind = request.args.get("kind", "")
    first, last = _date_arg("from", errors), _date_arg("to", errors)
    page = _page(limits.team_absences(team, staff_id=staff_id, kind=kind, first=first, last=last))
    return render("shifts/limits/absence_list.html", block="results", team=team, page=page,
                  people=team_staff(team, active_only=False), staff_id=staff_id, kind=kind, args=request.args,
                  errors=errors, kinds=ABSENCE_LABELS, today=_today())


def _absence_people(team: Team) -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in team_staff(team) if leads(current_user, p)]


@bp.route("/teams/<int:team_id>/absence/new", methods=["GET", "POST"])
@allow("shifts.manage_absence")
def absence_new(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    form = AbsenceForm()
    form.staff_id.choices = [(None, _("Choose a person"))] + _absence_people(team)
    if request.method == "GET":
        form.staff_id.data = id_arg("staff")
    if form.validate_on_submit():
        staff = get_or_404(StaffProfile, form.staff_id.data, "shifts.manage_absence")
        try:
            absence = limits.create_absence(staff, kind=form.kind.data, starts_on=form.starts_on.data,
                                            ends_on=form.ends_on.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            _flash_absence_saved(absence)
            return redirect_to(url_for("shifts.absence_list", team_id=team.id))
    return render("shifts/limits/absence_form.html", block="form", form=form, team=team, absence=None,
                  status=form_status(form))


def _flash_absence_saved(absence: Absence) -> None:
    flash(_("The absence is saved."), "success")
    count = limits.shifts_during(absence.staff, absence.starts_on, absence.ends_on)
    if count:
        flash(_("%(name)s is on %(n)d shifts in this period. The roster's rule check shows them.",
                name=absence.staff.name, n=count), "info")


@bp.route("/absence/<int:absence_id>/edit", methods=["GET", "POST"])
@allow("shifts.manage_absence")
def absence_edit(absence_id: int):
    absence = get_or_404(Absence, absence_id, "shifts.manage_absence")
    team = _back_team(absence.staff)
    form = AbsenceForm(obj=absence if request.method == "GET" else None)
    del form.staff_id  # the person stays; a wrong person is a delete and a new entry
    if form.validate_on_submit():
        try:
            limits.update_absence(absence, kind=form.kind.data, starts_on=form.starts_on.data,
                                  ends_on=form.ends_on.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            _flash_absence_saved(absence)
            return redirect_to(url_for("shifts.absence_list", team_id=team.id) if team
                               else url_for("shifts.my_absence"))
    return render("shifts/limits/absence_form.html", block="form", form=form, team=team, absence=absence,
                  status=form_status(form))


@bp.route("/absence/<int:absence_id>/delete", methods=["GET", "POST"])
@allow("shifts.manage_absence")
def absence_delete(absence_id: int):
    absence = get_or_404(Absence, absence_id, "shifts.manage_absence")
    team = _back_team(absence.staff)
    form = ConfirmForm()
    if form.validate_on_submit():
        limits.delete_absence(absence, actor=current_user)
        flash(_("The absence is deleted."), "success")
        return redirect_to(url_for("shifts.absence_list", team_id=team.id) if team else url_for("shifts.my_absence"))
    return render("shifts/limits/absence_delete.html", absence=absence, team=team, form=form,
                  kinds=ABSENCE_LABELS)


@bp.get("/absence/mine")
@allow(SIGNED_IN)
def my_absence():
    profile = current_user.profile
    page = _page(limits.own_absences(profile)) if profile else None
    return render("shifts/limits/my_absence.html", block="results", page=page, kinds=ABSENCE_LABELS,
                  today=_today())


# --- availability -------------------------------------------------------------------------------


@bp.route("/availability/mine", methods=["GET", "POST"])
@allow("shifts.offer_availability")
def my_availability():
    profile = current_user.profile
    form = AvailabilityForm()
    if request.method == "GET" and not form.day.data:
        form.day.data = _today()
    if form.validate_on_submit():
        try:
            limits.offer_availability(profile, day=form.day.data, start=form.start.data, end=form.end.data,
                                      note=form.note.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("Thank you. The time is offered to your team's leaders."), "success")
            return redirect_to(url_for("shifts.my_availability"))
    page = _page(limits.own_availability(profile))
    return render("shifts/limits/my_availability.html", block="form" if request.method == "POST" else None,
                  form=form, page=page, status=form_status(form))


@bp.route("/availability/<int:availability_id>/delete", methods=["GET", "POST"])
@allow("shifts.offer_availability")
def availability_delete(availability_id: int):
    slot = get_or_404(Availability, availability_id, "shifts.offer_availability")
    form = ConfirmForm()
    if form.validate_on_submit():
        limits.delete_availability(slot, actor=current_user)
        flash(_("The offered time is deleted."), "success")
        return redirect_to(url_for("shifts.my_availability"))
    return render("shifts/limits/availability_delete.html", slot=slot, form=form)


@bp.get("/teams/<int:team_id>/availability")
@allow("roster.plan")
def team_availability(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    errors: dict[str, str] = {}
    first = _date_arg("from", errors) or _today()
    last = _date_arg("to", errors) or first + timedelta(days=27)
    if last < first:
        errors["to"] = _("The last day must be on or after the first day.")
        last = first + timedelta(days=27)
    page = _page(limits.team_availability(team, first, last), per_page=current_app.config["PAGE_SIZE"] * 2)
    return render("shifts/limits/team_availability.html", block="results", team=team, page=page, first=first,
                  last=last, errors=errors, args=request.args)


# --- accommodation (tilrettelegging) ------------------------------------------------------------


@bp.get("/people/<int:staff_id>/accommodation")
@allow(SIGNED_IN)
def accommodation(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "shifts.view_accommodation")
    record_read("accommodation.read", profile, profile.user_id)
    return render("shifts/limits/accommodation.html", profile=profile, rows=limits.accommodations_of(profile),
                  kinds=SHIFT_KIND_LABELS, today=_today())


def _accommodation_form(profile: StaffProfile, row: Accommodation | None) -> AccommodationForm:
    form = AccommodationForm(obj=row if request.method == "GET" else None)
    areas = limits.area_choices(profile, row.avoid_areas if row else [])
    form.avoid_areas.choices = [(a.id, f"{a.team.name}: {a.name}" if len(profile.teams) > 1 else a.name)
                                for a in areas]
    if request.method == "GET" and row is not None:
        form.avoid_areas.data = [a.id for a in row.avoid_areas]
        form.avoid_shift_kinds.data = list(row.avoid_shift_kinds or [])
    return form


def _save_accommodation(profile: StaffProfile, row: Accommodation | None):
    form = _accommodation_form(profile, row)
    if form.validate_on_submit():
        try:
            limits.save_accommodation(
                profile, row, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                area_ids=form.avoid_areas.data or [], shift_kinds=form.avoid_shift_kinds.data or [],
                max_hours_per_week=form.max_hours_per_week.data, note=form.note.data, actor=current_user,
            )
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The accommodation is saved."), "success")
            return redirect_to(url_for("shifts.accommodation", staff_id=profile.id))
    return render("shifts/limits/accommodation_form.html", block="form", form=form, profile=profile, row=row,
                  status=form_status(form))


@bp.route("/people/<int:staff_id>/accommodation/new", methods=["GET", "POST"])
@allow("shifts.edit_accommodation")
def accommodation_new(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "shifts.edit_accommodation")
    return _save_accommodation(profile, None)


@bp.route("/accommodation/<int:accommodation_id>/edit", methods=["GET", "POST"])
@allow("shifts.edit_accommodation")
def accommodation_edit(accommodation_id: int):
    row = get_or_404(Accommodation, accommodation_id, "shifts.edit_accommodation")
    if request.method == "GET":
        record_read("accommodation.read", row, row.staff.user_id)
    return _save_accommodation(row.staff, row)


@bp.route("/accommodation/<int:accommodation_id>/delete", methods=["GET", "POST"])
@allow("shifts.edit_accommodation")
def accommodation_delete(accommodation_id: int):
    row = get_or_404(Accommodation, accommodation_id, "shifts.edit_accommodation")
    profile = row.staff
    form = ConfirmForm()
    if form.validate_on_submit():
        limits.delete_accommodation(row, actor=current_user)
        flash(_("The accommodation is deleted."), "success")
        return redirect_to(url_for("shifts.accommodation", staff_id=profile.id))
    return render("shifts/limits/accommodation_delete.html", row=row, profile=profile, form=form)


# --- an EC's own boundaries ---------------------------------------------------------------------


@bp.get("/people/<int:staff_id>/boundaries")
@allow(SIGNED_IN)
def boundaries(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "shifts.view_boundaries")
    record_read("boundaries.read", profile, profile.user_id)
    return render("shifts/limits/boundaries.html", profile=profile, areas=limits.boundaries_of(profile))


@bp.route("/people/<int:staff_id>/boundaries/edit", methods=["GET", "POST"])
@allow(SIGNED_IN)
def boundaries_edit(staff_id: int):
    profile = get_or_404(StaffProfile, staff_id, "shifts.edit_boundaries")
    current = limits.boundaries_of(profile)
    form = BoundariesForm()
    form.areas.choices = [(a.id, f"{a.team.name}: {a.name}") for a in limits.area_choices(profile, current)]
    if request.method == "GET":
        record_read("boundaries.read", profile, profile.user_id)
        form.areas.data = [a.id for a in current]
    if form.validate_on_submit():
        try:
            limits.set_boundaries(profile, form.areas.data or [], actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("Saved. The roster's rule check now takes these environments into account."), "success")
            return redirect_to(url_for("shifts.boundaries", staff_id=profile.id))
    return render("shifts/limits/boundaries_edit.html", block="form", form=form, profile=profile,
                  status=form_status(form))

