"""The recruitment settings (HR and the administrator): the hiring checklist for EC
positions and the onboarding template. The services are in `settings.py`.

Each list is a section of one page. With htmx a change answers with its section again (the
add form with its errors, status 422, or the list with what changed); a plain form is
redirected back to the page.
"""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.policy import allow, get_or_404
from outreach.core.forms import ConfirmForm, ConflictError, FieldError, add_field_error, form_status
from outreach.core.htmx import redirect_to, render, wants_fragment
from outreach.extensions import db
from outreach.people.models import ROLE_TYPE_LABELS
from outreach.recruitment import settings
from outreach.recruitment.models import ONBOARDING_OWNER_LABELS, ChecklistTemplateItem, OnboardingTemplateItem
from outreach.recruitment.onboarding_forms import ChecklistItemForm, OnboardingItemForm
from outreach.recruitment.views import bp

PAGE = "recruitment/settings_page.html"
RULE = "recruitment.settings"


def _page(*, block: str | None = None, status: int = 200, checklist_form=None, onboarding_form=None, **extra):
    return render(
        PAGE, block=block, status=status,
        checklist=settings.checklist_items(), onboarding=settings.onboarding_items(),
        checklist_form=checklist_form or ChecklistItemForm(formdata=None),
        onboarding_form=onboarding_form or OnboardingItemForm(formdata=None),
        owner_labels=ONBOARDING_OWNER_LABELS, role_type_labels=ROLE_TYPE_LABELS, when_label=settings.when_label,
        notice=extra.pop("notice", None), focus=extra.pop("focus", None), **extra,
    )


def _saved_form(form_class, item):
    """After a conflict: the form as the item is saved now, with its version."""
    db.session.rollback()
    db.session.refresh(item)
    return form_class(obj=item, formdata=None)


def _done(section: str, notice: str, focus: str | None = None):
    """After a change: the section again for htmx, else back to the page."""
    if wants_fragment():
        return _page(block=section, notice=notice, focus=focus)
    flash(notice, "success")
    return redirect_to(url_for("recruitment.settings", _anchor=section))


@bp.get("/settings", endpoint="settings")
@allow(RULE)
def settings_page():
    return _page()


# --- the hiring checklist -----------------------------------------------------------------------


@bp.post("/settings/checklist")
@allow(RULE)
def settings_checklist_add():
    form = ChecklistItemForm()
    if form.validate_on_submit():
        try:
            settings.add_checklist_item(form.text.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            return _done("checklist", _("The item is added to the checklist."))
    return _page(block="checklist", checklist_form=form, status=form_status(form))


@bp.route("/settings/checklist/<int:item_id>/edit", methods=["GET", "POST"])
@allow(RULE)
def settings_checklist_edit(item_id: int):
    item = get_or_404(ChecklistTemplateItem, item_id, RULE)
    form = ChecklistItemForm(obj=item if request.method == "GET" else None)
    conflict, mine = False, None  # mine: what the writer typed, kept beside the saved form after a conflict
    if form.validate_on_submit():
        try:
            settings.update_checklist_item(item, form.text.data, actor=current_user, version=form.version.data or "")
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            mine, form, conflict = form.text.data, _saved_form(ChecklistItemForm, item), True
        else:
            flash(_("The checklist item is saved."), "success")
            return redirect_to(url_for("recruitment.settings", _anchor=f"check-{item.id}"))
    return render("recruitment/settings_checklist_edit.html", block="form", form=form, item=item,
                  conflict=conflict, mine=mine, status=409 if conflict else form_status(form))


@bp.post("/settings/checklist/<int:item_id>/move")
@allow(RULE)
def settings_checklist_move(item_id: int):
    item = get_or_404(ChecklistTemplateItem, item_id, RULE)
    direction = request.form.get("direction")
    if ConfirmForm().validate_on_submit() and direction in ("up", "down"):
        moved = settings.move_checklist_item(item, -1 if direction == "up" else 1, actor=current_user)
        notice = _("The item is moved.") if moved else _("The item is already at that end of the list.")
        return _done("checklist", notice, focus=f"check-{item.id}-{direction}")
    return _done("checklist", _("Nothing was changed."))


@bp.post("/settings/checklist/<int:item_id>/active")
@allow(RULE)
def settings_checklist_active(item_id: int):
    item = get_or_404(ChecklistTemplateItem, item_id, RULE)
    if not ConfirmForm().validate_on_submit():
        return _done("checklist", _("Nothing was changed."))
    active = request.form.get("active") == "1"
    settings.set_checklist_item_active(item, active, actor=current_user)
    notice = (_("The item is in the checklist of new EC vacancies again.") if active else
              _("The item is left out of new EC vacancies' checklists. Vacancies that have it keep it."))
    return _done("checklist", notice, focus=f"check-{item.id}-active")


# --- the onboarding template --------------------------------------------------------------------


def _onboarding_input(form: OnboardingItemForm) -> settings.OnboardingItemInput:
    return settings.OnboardingItemInput(title=form.title.data, offset_months=form.offset_months.data,
                                        offset_days=form.offset_days.data, owner=form.owner.data,
                                        role_types=list(form.role_types.data or []))


@bp.post("/settings/onboarding")
@allow(RULE)
def settings_onboarding_add():
    form = OnboardingItemForm()
    if form.validate_on_submit():
        try:
            settings.add_onboarding_item(_onboarding_input(form), actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        else:
            return _done("onboarding", _("The item is added to the onboarding template."))
    return _page(block="onboarding", onboarding_form=form, status=form_status(form))


@bp.route("/settings/onboarding/<int:item_id>/edit", methods=["GET", "POST"])
@allow(RULE)
def settings_onboarding_edit(item_id: int):
    item = get_or_404(OnboardingTemplateItem, item_id, RULE)
    form = OnboardingItemForm(obj=item if request.method == "GET" else None)
    conflict, mine = False, None  # mine: what the writer typed, kept beside the saved form after a conflict
    if form.validate_on_submit():
        try:
            settings.update_onboarding_item(item, _onboarding_input(form), actor=current_user,
                                            version=form.version.data or "")
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            mine, form, conflict = form.title.data, _saved_form(OnboardingItemForm, item), True
        else:
            flash(_("The onboarding item is saved."), "success")
            return redirect_to(url_for("recruitment.settings", _anchor=f"template-{item.id}"))
    return render("recruitment/settings_onboarding_edit.html", block="form", form=form, item=item,
                  conflict=conflict, mine=mine, status=409 if conflict else form_status(form))


@bp.post("/settings/onboarding/<int:item_id>/active")
@allow(RULE)
def settings_onboarding_active(item_id: int):
    item = get_or_404(OnboardingTemplateItem, item_id, RULE)
    if not ConfirmForm().validate_on_submit():
        return _done("onboarding", _("Nothing was changed."))
    active = request.form.get("active") == "1"
    settings.set_onboarding_item_active(item, active, actor=current_user)
    notice = (_("New colleagues' plans get the item again.") if active else
              _("New colleagues' plans no longer get the item. Plans that have it keep it."))
    return _done("onboarding", notice, focus=f"template-{item.id}-active")
