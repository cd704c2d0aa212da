"""The recruitment settings HR and the administrator keep: the hiring checklist for EC
positions and the onboarding template.

A new EC vacancy copies the checklist's active items, and a hire copies the onboarding
template's active items for the new colleague's role type: changing either here leaves the
vacancies and plans that exist as they are. Nothing is deleted, only deactivated. Audit
summaries name ids and numbers, never the texts (they could name someone).
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from outreach.audit.services import record
from outreach.core.database import check_version, commit_or_conflict
from outreach.core.forms import FieldError, no_nul
from outreach.extensions import db
from outreach.people.models import ROLE_TYPE_LABELS
from outreach.recruitment.models import ONBOARDING_OWNER_LABELS, ChecklistTemplateItem, OnboardingTemplateItem

TEXT_MAX = 300
MONTHS_RANGE = (0, 24)
DAYS_RANGE = (-90, 365)
AUDIT = "recruitment.settings"


def _clean(text: str, field_name: str, empty: str) -> str:
    text = " ".join(no_nul(text or "").split())
    if not text:
        raise FieldError(field_name, empty)
    if len(text) > TEXT_MAX:
        raise FieldError(field_name, _("At most %(n)d characters.", n=TEXT_MAX))
    return text


def _next_position(model) -> int:
    return (db.session.scalar(select(func.max(model.position))) or 0) + 1


# --- the hiring checklist -----------------------------------------------------------------------


def checklist_items() -> list[ChecklistTemplateItem]:
    """All the items in their order, the inactive ones too (marked on the page)."""
    return list(db.session.scalars(
        select(ChecklistTemplateItem).order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)))


def add_checklist_item(text: str, *, actor) -> ChecklistTemplateItem:
    text = _clean(text, "text", _("Write the checklist item."))
    item = ChecklistTemplateItem(text=text, position=_next_position(ChecklistTemplateItem), active=True)
    db.session.add(item)
    db.session.flush()
    record(AUDIT, obj=item, actor=actor, summary=f"hiring checklist: item {item.id} added")
    db.session.commit()
    return item


def update_checklist_item(item: ChecklistTemplateItem, text: str, *, actor, version=None) -> None:
    """`version`: the item's as the form showed it; a save by someone else since is a ConflictError."""
    if version is not None:
        check_version(item, version)
    text = _clean(text, "text", _("Write the checklist item."))
    if text == item.text:
        return
    item.text = text
    record(AUDIT, obj=item, actor=actor, summary=f"hiring checklist: item {item.id} reworded")
    commit_or_conflict()


def move_checklist_item(item: ChecklistTemplateItem, step: int, *, actor) -> bool:
    """Move the item one place up (step -1) or down (+1); False at either end."""
    items = checklist_items()
    index = items.index(item)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    # Renumber the whole list: positions from older data may repeat or have gaps.
    for position, row in enumerate(items, start=1):
        row.position = position
    record(AUDIT, obj=item, actor=actor,
           summary=f"hiring checklist: item {item.id} moved {'down' if step > 0 else 'up'} to place {other + 1}")
    db.session.commit()
    return True


def set_checklist_item_active(item: ChecklistTemplateItem, active: bool, *, actor) -> None:
    if item.active == active:
        return
    item.active = active
    record(AUDIT, obj=item, actor=actor,
           summary=f"hiring checklist: item {item.id} {'activated' if active else 'deactivated'}")
    db.session.commit()


# --- the onboarding template --------------------------------------------------------------------


@dataclass
class OnboardingItemInput:
    title: str
    offset_months: int | None = 0
    offset_days: int | None = 0
    owner: str = "leader"
    role_types: list[str] = field(default_factory=list)


def onboarding_items() -> list[OnboardingTemplateItem]:
    """All the items in the order a plan gets them: by when they fall due."""
    return list(db.session.scalars(
        select(OnboardingTemplateItem).order_by(OnboardingTemplateItem.offset_months,
                                                OnboardingTemplateItem.offset_days,
                                                OnboardingTemplateItem.position, OnboardingTemplateItem.id)))


def _validate(data: OnboardingItemInput) -> OnboardingItemInput:
    data.title = _clean(data.title, "title", _("Write what is to be done."))
    low, high = MONTHS_RANGE
    if data.offset_months is None or not low <= data.offset_months <= high:
        raise FieldError("offset_months", _("From %(min)d to %(max)d months.", min=low, max=high))
    low, high = DAYS_RANGE
    if data.offset_days is None or not low <= data.offset_days <= high:
        raise FieldError("offset_days", _("From %(min)d to %(max)d days.", min=low, max=high))
    if data.owner not in ONBOARDING_OWNER_LABELS:
        raise FieldError("owner", _("Choose who sees to it."))
    known = [kind.value for kind in ROLE_TYPE_LABELS]
    if set(data.role_types or []) - set(known):
        raise FieldError("role_types", _("Choose among the options."))
    data.role_types = [kind for kind in known if kind in set(data.role_types or [])]
    return data


def when_label(months: int, days: int) -> str:
    """When an item falls due, in words: "14 days before the start", "2 months after the start"."""
    if not months and not days:
        return _("On the first day")
    month_text = ngettext("%(num)d month", "%(num)d months", months)
    day_text = ngettext("%(num)d day", "%(num)d days", abs(days))
    if not months:
        return (_("%(days)s after the start", days=day_text) if days > 0
                else _("%(days)s before the start", days=day_text))
    if not days:
        return _("%(months)s after the start", months=month_text)
    if days > 0:
        return _("%(months)s and %(days)s after the start", months=month_text, days=day_text)
    return _("%(days)s before %(months)s after the start", months=month_text, days=day_text)


def _describe(item: OnboardingTemplateItem) -> str:
    kinds = ",".join(item.role_types) if item.role_types else "everyone"
    return f"{item.offset_months} months {item.offset_days:+d} days, owner {item.owner}, for {kinds}"


def add_onboarding_item(data: OnboardingItemInput, *, actor) -> OnboardingTemplateItem:
    data = _validate(data)
    item = OnboardingTemplateItem(title=data.title, offset_months=data.offset_months, offset_days=data.offset_days,
                                  owner=data.owner, role_types=data.role_types,
                                  position=_next_position(OnboardingTemplateItem), active=True)
    db.session.add(item)
    db.session.flush()
    record(AUDIT, obj=item, actor=actor, summary=f"onboarding template: item {item.id} added ({_describe(item)})")
    db.session.commit()
    return item


def update_onboarding_item(item: OnboardingTemplateItem, data: OnboardingItemInput, *, actor, version=None) -> None:
    """`version`: the item's as the form showed it; a save by someone else since is a ConflictError."""
    if version is not None:
        check_version(item, version)
    data = _validate(data)
    before = (item.title, item.offset_months, item.offset_days, item.owner, list(item.role_types or []))
    after = (data.title, data.offset_months, data.offset_days, data.owner, data.role_types)
    if before == after:
        return
    item.title, item.offset_months, item.offset_days, item.owner = after[:4]
    item.role_types = data.role_types
    record(AUDIT, obj=item, actor=actor, summary=f"onboarding template: item {item.id} changed ({_describe(item)})")
    commit_or_conflict()


def set_onboarding_item_active(item: OnboardingTemplateItem, active: bool, *, actor) -> None:
    if item.active == active:
        return
    item.active = active
    record(AUDIT, obj=item, actor=actor,
           summary=f"onboarding template: item {item.id} {'activated' if active else 'deactivated'}")
    db.session.commit()
