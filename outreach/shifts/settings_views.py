"""A team's roster settings: weekly patterns (and rolling them out) and the rule settings."""

from datetime import timedelta

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from outreach.auth.policy import allow, get_or_404
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.models import Area, Team
from outreach.shifts import rules, services, settings
from outreach.shifts.limits_forms import MODE_LABELS, WEEKDAY_LABELS, PatternForm, RollOutForm, rule_form
from outreach.shifts.models import RULE_LABELS, SHIFT_KIND_LABELS, ShiftPattern
from outreach.shifts.views import bp

# --- weekly patterns ----------------------------------------------------------------------------


@bp.get("/teams/<int:team_id>/patterns")
@allow("roster.plan")
def pattern_list(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    return render("shifts/settings/patterns.html", team=team, patterns=settings.team_patterns(team),
                  weekdays=WEEKDAY_LABELS, kinds=SHIFT_KIND_LABELS)


def _pattern_areas(team: Team, pattern: ShiftPattern | None) -> list[tuple[int, str]]:
    choices = [(a.id, a.name) for a in team.areas if a.active]
    if pattern is not None:
        choices += [(a.id, f"{a.name} ({_('archived')})") for a in pattern.areas if not a.active]
    return choices


def _save_pattern(team: Team, pattern: ShiftPattern | None):
    form = PatternForm(obj=pattern if request.method == "GET" else None)
    form.areas.choices = _pattern_areas(team, pattern)
    if request.method == "GET":
        if pattern is not None:
            form.start.data, form.end.data = pattern.start_time, pattern.end_time
            form.areas.data = [a.id for a in pattern.areas]
    if form.validate_on_submit():
        areas = db.session.scalars(db.select(Area).where(Area.id.in_(form.areas.data or []))).all()
        try:
            settings.save_pattern(
                team, pattern, weekday=form.weekday.data, kind=form.kind.data, title=form.title.data,
                start=form.start.data, end=form.end.data, areas=areas,
                professionals_needed=form.professionals_needed.data,
                lived_experience_needed=form.lived_experience_needed.data, actor=current_user,
            )
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            flash(_("The weekly pattern is saved. Roll it out to make shifts from it."), "success")
            return redirect_to(url_for("shifts.pattern_list", team_id=team.id))
    return render("shifts/settings/pattern_form.html", block="form", form=form, team=team, pattern=pattern,
                  status=form_status(form))


@bp.route("/teams/<int:team_id>/patterns/new", methods=["GET", "POST"])
@allow("roster.plan")
def pattern_new(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    return _save_pattern(team, None)


@bp.route("/patterns/<int:pattern_id>/edit", methods=["GET", "POST"])
@allow("roster.plan")
def pattern_edit(pattern_id: int):
    pattern = get_or_404(ShiftPattern, pattern_id, "roster.plan_shift")
    return _save_pattern(pattern.team, pattern)


@bp.route("/patterns/<int:pattern_id>/active", methods=["GET", "POST"])
@allow("roster.plan")
def pattern_active(pattern_id: int):
    """GET asks first; POST with active=0 or 1 acts. Shifts already made stay."""
    pattern = get_or_404(ShiftPattern, pattern_id, "roster.plan_shift")
    form = ConfirmForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        settings.set_pattern_active(pattern, active, actor=current_user)
        flash(_("The pattern is active again.") if active else _("The pattern is deactivated."), "success")
        return redirect_to(url_for("shifts.pattern_list", team_id=pattern.team_id))
    return render("shifts/settings/pattern_active.html", pattern=pattern, team=pattern.team, form=form,
                  weekdays=WEEKDAY_LABELS)


@bp.route("/teams/<int:team_id>/patterns/roll-out", methods=["GET", "POST"])
@allow("roster.plan")
def roll_out(team_id: int):
    """The period (GET), what it would make, asked first (GET with the period), then done (POST)."""
    team = get_or_404(Team, team_id, "roster.plan")
    if request.method == "POST":
        form = RollOutForm()
        valid = form.validate_on_submit()
    else:
        asked = bool(request.args.get("first") or request.args.get("last"))
        form = RollOutForm(formdata=request.args if asked else None, meta={"csrf": False})
        valid = asked and form.validate()
        if not asked:  # the next four weeks, from Monday
            today = utcnow().astimezone(OSLO).date()
            form.first.data = today + timedelta(days=7 - today.weekday())
            form.last.data = form.first.data + timedelta(days=27)
    if valid:
        try:
            settings.check_roll_out_period(form.first.data, form.last.data)
        except FieldError as error:
            add_field_error(form, error)
            valid = False
    status = 422 if form.errors else 200
    if valid and request.method == "POST":
        count = settings.roll_out(team, form.first.data, form.last.data, actor=current_user)
        flash(ngettext("%(num)d draft shift was made from the weekly patterns.",
                       "%(num)d draft shifts were made from the weekly patterns.", count), "success")
        monday = form.first.data - timedelta(days=form.first.data.weekday())
        return redirect_to(url_for("shifts.roster", team_id=team.id, start=monday.isoformat(),
                                   weeks=4 if (form.last.data - form.first.data).days > 6 else 1))
    preview = settings.roll_out_preview(team, form.first.data, form.last.data) if valid else None
    return render("shifts/settings/roll_out.html", form=form, team=team, preview=preview,
                  active=[p for p in settings.team_patterns(team) if p.active], status=status)


# --- rule settings --------------------------------------------------------------------------------


def _rule_item(team: Team, rule: str, row, base, effective, *, form=None, saved=False, conflict=False) -> dict:
    specs = settings.PARAM_SPECS.get(rule, {})
    if form is None:
        current = effective[rule]
        form = rule_form(rule, specs, mode=current.mode, seen=settings.fingerprint(row),
                         **{name: current.params[name] for name in specs})
    return {
        "rule": rule, "label": RULE_LABELS.get(rule, rule), "help": settings.RULE_HELP.get(rule, ""),
        "specs": specs, "row": row, "default": base[rule], "form": form, "saved": saved, "conflict": conflict,
    }


def _render_rule(team: Team, rule: str, *, status: int = 200, **kwargs):
    """One rule's card (for htmx), or the whole page with that card as given."""
    rows, base, effective = settings.team_rows(team), settings.base_settings(), services.team_settings(team)
    item = _rule_item(team, rule, rows.get(rule), base, effective, **kwargs)
    if wants_fragment():
        return render("shifts/settings/rule_card.html", item=item, team=team, modes=MODE_LABELS, status=status)
    items = [item if r == rule else _rule_item(team, r, rows.get(r), base, effective) for r in rules.RULES]
    return render("shifts/settings/rules.html", team=team, items=items, modes=MODE_LABELS, status=status)


@bp.get("/teams/<int:team_id>/rules")
@allow("roster.plan")
def rule_settings(team_id: int):
    team = get_or_404(Team, team_id, "roster.plan")
    rows, base, effective = settings.team_rows(team), settings.base_settings(), services.team_settings(team)
    items = [_rule_item(team, rule, rows.get(rule), base, effective) for rule in rules.RULES]
    return render("shifts/settings/rules.html", team=team, items=items, modes=MODE_LABELS)


@bp.post("/teams/<int:team_id>/rules/<rule>")
@allow("roster.plan")
def rule_save(team_id: int, rule: str):
    team = get_or_404(Team, team_id, "roster.plan")
    if rule not in rules.RULES:
        abort(404)
    specs = settings.PARAM_SPECS.get(rule, {})
    form = rule_form(rule, specs, submitted=True)
    if form.validate_on_submit():
        try:
            changed = settings.save_rule_setting(
                team, rule, mode=form.mode.data, params={name: form[name].data for name in specs},
                seen=form.seen.data or "", actor=current_user,
            )
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            return _render_rule(team, rule, status=409, conflict=True)
        else:
            if not wants_fragment():
                if changed:
                    flash(_("The setting for “%(rule)s” is saved.", rule=RULE_LABELS.get(rule, rule)), "success")
                return redirect_to(url_for("shifts.rule_settings", team_id=team.id) + f"#rule-{rule}")
            return _render_rule(team, rule, saved=changed)
    return _render_rule(team, rule, status=422 if form.errors else 200, form=form)


@bp.route("/teams/<int:team_id>/rules/<rule>/reset", methods=["GET", "POST"])
@allow("roster.plan")
def rule_reset(team_id: int, rule: str):
    team = get_or_404(Team, team_id, "roster.plan")
    if rule not in rules.RULES:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        if settings.reset_rule_setting(team, rule, actor=current_user):
            flash(_("“%(rule)s” follows the default again.", rule=RULE_LABELS.get(rule, rule)), "success")
        return redirect_to(url_for("shifts.rule_settings", team_id=team.id) + f"#rule-{rule}")
    row = settings.team_rows(team).get(rule)
    return render("shifts/settings/rule_reset.html", team=team, rule=rule, label=RULE_LABELS.get(rule, rule),
                  row=row, default=settings.base_settings()[rule], specs=settings.PARAM_SPECS.get(rule, {}),
                  modes=MODE_LABELS, form=form)

