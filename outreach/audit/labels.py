"""Readable names for audit actions, shown on the audit pages."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.logout": _l("Signed out"),
    "access.denied": _l("Access refused"),
    "user.create": _l("Account created"),
    "user.update": _l("Account changed"),
    "user.password_changed": _l("Password changed"),
    "user.password_reset": _l("Password reset by administrator"),
    "user.activate": _l("Account activated"),
    "user.deactivate": _l("Account deactivated"),
    "user.settings": _l("Settings changed"),
    "staff.create": _l("Staff profile created"),
    "staff.update": _l("Staff profile changed"),
    "staff.experience_read": _l("Lived experience read"),
    "staff.experience_update": _l("Lived experience changed"),
    "team.create": _l("Team created"),
    "team.update": _l("Team changed"),
    "area.create": _l("Area created"),
    "area.update": _l("Area changed"),
    "area.archive": _l("Area archived"),
    "area.restore": _l("Area restored"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
