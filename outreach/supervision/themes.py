"""The list of supervision themes an administrator extends (12 are seeded by the migration).

A deactivated theme is offered no more for new sessions but stays on the sessions that have
it. Audit summaries name the theme's id only: themes are what was talked about.
"""

from flask_babel import gettext as _
from sqlalchemy import func

from outreach.audit.services import record
from outreach.core.database import duplicate_refused
from outreach.core.forms import FieldError
from outreach.extensions import db
from outreach.supervision.models import SupervisionTheme

NAME_MAX = 120


def active_themes() -> list[SupervisionTheme]:
    """The themes offered for a new session, in the list's order."""
    return list(db.session.scalars(
        db.select(SupervisionTheme).where(SupervisionTheme.active.is_(True))
        .order_by(SupervisionTheme.position, SupervisionTheme.id)
    ))


def all_themes() -> list[SupervisionTheme]:
    """Active ones first, each part in the list's order."""
    return list(db.session.scalars(
        db.select(SupervisionTheme)
        .order_by(SupervisionTheme.active.desc(), SupervisionTheme.position, SupervisionTheme.id)
    ))


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    # Compared in Python with casefold(): the same on both databases ("TRIGGERE" is "triggere").
    query = db.select(SupervisionTheme.name)
    if exclude_id is not None:
        query = query.where(SupervisionTheme.id != exclude_id)
    wanted = name.strip().casefold()
    return any(other.strip().casefold() == wanted for other in db.session.scalars(query))


def _taken_error() -> FieldError:
    return FieldError("name", _("There is already a theme with that name."))


def _clean(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise FieldError("name", _("Give the theme a name."))
    if len(name) > NAME_MAX:
        raise FieldError("name", _("At most %(n)d characters.", n=NAME_MAX))
    return name


def add_theme(name: str, *, actor=None) -> SupervisionTheme:
    name = _clean(name)
    if _name_taken(name):
        raise _taken_error()
    position = (db.session.scalar(db.select(func.max(SupervisionTheme.position))) or 0) + 10
    theme = SupervisionTheme(name=name, active=True, position=position)
    with duplicate_refused(_taken_error(), lambda: _name_taken(name)):
        db.session.add(theme)
        db.session.flush()
        record("supervision.theme_create", obj=theme, actor=actor, summary=f"theme {theme.id} added")
        db.session.commit()
    return theme


def rename_theme(theme: SupervisionTheme, name: str, *, actor=None) -> None:
    name = _clean(name)
    theme_id = theme.id
    if _name_taken(name, exclude_id=theme_id):
        raise _taken_error()
    if name == theme.name:
        return
    with duplicate_refused(_taken_error(), lambda: _name_taken(name, exclude_id=theme_id)):
        theme.name = name
        record("supervision.theme_update", obj=theme, actor=actor, summary=f"theme {theme_id} renamed")
        db.session.commit()


def set_theme_active(theme: SupervisionTheme, active: bool, *, actor=None) -> None:
    if theme.active == active:
        return
    theme.active = active
    record("supervision.theme_update", obj=theme, actor=actor,
           summary=f"theme {theme.id} {'activated' if active else 'deactivated'}")
    db.session.commit()
