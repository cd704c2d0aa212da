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
    "shift_note.create": _l("Shift plan or report written"),
    "shift_note.update": _l("Shift plan or report changed"),
    "shift_note.identifiers_confirmed": _l("Possible identifiers confirmed as not a client's"),
    "calendar.token_create": _l("Calendar feed address made"),
    "calendar.token_renew": _l("Calendar feed address renewed"),
    "absence.create": _l("Absence entered"),
    "absence.update": _l("Absence changed"),
    "absence.delete": _l("Absence deleted"),
    "availability.create": _l("Time offered to work"),
    "availability.delete": _l("Offered time deleted"),
    "accommodation.read": _l("Accommodation read"),
    "accommodation.create": _l("Accommodation created"),
    "accommodation.update": _l("Accommodation changed"),
    "accommodation.delete": _l("Accommodation deleted"),
    "boundaries.read": _l("Own boundaries read"),
    "boundaries.update": _l("Own boundaries changed"),
    "pattern.create": _l("Weekly pattern created"),
    "pattern.update": _l("Weekly pattern changed"),
    "pattern.activate": _l("Weekly pattern activated"),
    "pattern.deactivate": _l("Weekly pattern deactivated"),
    "roster.roll_out": _l("Weekly patterns rolled out"),
    "roster.rule_setting": _l("Roster rule changed"),
    "roster.rule_reset": _l("Roster rule reset to default"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
