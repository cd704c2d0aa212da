"""Authorization: every decision about who may do what lives here. Deny by default.

Routes declare their rule with `@allow("action")`; a request to a view without one is
refused. Object- and field-level checks call `can(user, action, obj)`, and views load
objects through `get_or_404`, which hides what the user may not see.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, request
from flask_login import current_user

from outreach.auth.models import Role
from outreach.extensions import db, login_manager

PUBLIC = "public"
SIGNED_IN = "signed_in"


# --- relations between people -------------------------------------------------------


def _profile(user):
    return getattr(user, "profile", None)


def is_self(user, profile) -> bool:
    return profile is not None and profile.user_id == user.id


def leads(user, profile) -> bool:
    """A leader leads the people on the teams they belong to, except themselves and other
    leaders: a leader's own profile (position, contract, supervisor) is edited by HR or
    the administrator, not by the leader or a fellow leader."""
    if profile is None or not user.has_role(Role.LEADER) or is_self(user, profile):
        return False
    if profile.user.has_role(Role.LEADER):
        return False
    own = _profile(user)
    return own is not None and bool(own.team_ids & profile.team_ids)


def leads_team(user, team) -> bool:
    own = _profile(user)
    return user.has_role(Role.LEADER) and own is not None and team.id in own.team_ids


def member_of(user, team) -> bool:
    own = _profile(user)
    return own is not None and team.id in own.team_ids


def supervises(user, profile) -> bool:
    return profile is not None and profile.supervisor_id == user.id and user.has_role(Role.SUPERVISOR)


def on_shift(user, shift) -> bool:
    """The user is on a published shift (a draft is the leaders' until it is published)."""
    own = _profile(user)
    return own is not None and shift.is_published and any(a.staff_id == own.id for a in shift.assignments)


def _staff(obj):
    """The staff profile an absence, availability or accommodation belongs to (or obj itself)."""
    return getattr(obj, "staff", obj)


def _is_peer(user) -> bool:
    own = _profile(user)
    return own is not None and own.role_type == "peer"


def _near(user, profile) -> bool:
    """The person, their leader or their supervisor."""
    return is_self(user, profile) or leads(user, profile) or supervises(user, profile)


def in_session(user, session) -> bool:
    """The supervisor or a participant of a supervision session: the people in the room."""
    return session is not None and (session.supervisor_id == user.id or user.id in session.participant_ids)


def leads_participant(user, session) -> bool:
    return any(leads(user, _profile(p.user)) for p in session.participants)


def _further_reader(user, item) -> bool:
    """A take-further item: the supervisor and the supervisee always; the supervisee's team
    leader only when it is for the leader and the supervisee has agreed (and not withdrawn)."""
    if item.supervisee_id == user.id or item.session.supervisor_id == user.id:
        return True
    return item.recipient == "leader" and item.is_shared and leads(user, _profile(item.supervisee))


# --- the rules ------------------------------------------------------------------------


def _roles(*roles: Role) -> Callable:
    return lambda user, obj=None: user.has_role(*roles)


RULES: dict[str, Callable] = {
    SIGNED_IN: lambda user, obj=None: True,
    # Accounts and the audit log are the administrator's.
    "accounts.manage": _roles(Role.ADMIN),
    "audit.search": _roles(Role.ADMIN),
    "audit.mine": lambda user, obj=None: True,
    # The staff directory (name, title, teams, phone) is open to every colleague.
    "people.list": lambda user, obj=None: True,
    "people.view": lambda user, obj=None: True,
    # Employment details: the person, HR, the admin and the person's leader.
    "people.view_employment": lambda user, obj: (
        is_self(user, obj) or user.has_role(Role.ADMIN, Role.HR) or leads(user, obj)
    ),
    "people.edit": lambda user, obj=None: (
        user.has_role(Role.ADMIN, Role.HR) if obj is None
        else user.has_role(Role.ADMIN, Role.HR) or leads(user, obj)
    ),
    "people.edit_any": _roles(Role.ADMIN, Role.HR, Role.LEADER),
    # Lived experience is special-category data: the person, their leader and their
    # supervisor only. Not HR, not the admin.
    "people.view_experience": lambda user, obj: (
        is_self(user, obj) or leads(user, obj) or supervises(user, obj)
    ),
    "people.edit_experience": lambda user, obj: is_self(user, obj) or leads(user, obj),
    "teams.view": lambda user, obj=None: True,
    "teams.create": _roles(Role.ADMIN),
    "teams.edit": lambda user, obj=None: (
        user.has_role(Role.ADMIN) or (obj is not None and leads_team(user, obj))
    ),
    "teams.edit_any": _roles(Role.ADMIN, Role.LEADER),
    # The roster: the team's leaders plan it; the team's members see what is published.
    "roster.view": lambda user, obj=None: obj is None or member_of(user, obj) or leads_team(user, obj),
    "roster.plan": lambda user, obj=None: (
        user.has_role(Role.LEADER) if obj is None else leads_team(user, obj)
    ),
    "roster.plan_shift": lambda user, obj: leads_team(user, obj.team),
    # Shift notes (the pair's plan, the report after): the people on the shift and the
    # team's leaders. A supervisor sees only how many reports ask for a debrief, never them.
    "shifts.read_note": lambda user, obj=None: obj is None or on_shift(user, obj) or leads_team(user, obj.team),
    "shifts.write_note": lambda user, obj=None: obj is None or on_shift(user, obj) or leads_team(user, obj.team),
    "shifts.debriefs": _roles(Role.SUPERVISOR),
    # A team's calendar feed is for the team's leaders.
    "calendar.team_feed": lambda user, obj=None: (
        user.has_role(Role.LEADER) if obj is None else leads_team(user, obj)
    ),
    # A person's limits for the roster (shifts/limits.py). The object is a StaffProfile, or
    # the absence, availability or accommodation that belongs to one.
    "shifts.manage_absence": lambda user, obj=None: (
        user.has_role(Role.LEADER) if obj is None else leads(user, _staff(obj))
    ),
    "shifts.offer_availability": lambda user, obj=None: (
        _is_peer(user) and (obj is None or is_self(user, _staff(obj)))
    ),
    # Accommodation (tilrettelegging) and an EC's own boundaries are health-related: the
    # person, their leader and their supervisor only, as lived experience. Not HR, not the admin.
    "shifts.view_accommodation": lambda user, obj: obj is not None and _near(user, _staff(obj)),
    "shifts.edit_accommodation": lambda user, obj=None: (
        user.has_role(Role.LEADER) if obj is None else leads(user, _staff(obj))
    ),
    "shifts.view_boundaries": lambda user, obj: obj is not None and _near(user, _staff(obj)),
    "shifts.edit_boundaries": lambda user, obj: obj is not None and is_self(user, _staff(obj)),
    # --- supervision (outreach/supervision) ---
    # What was said in a session is for the people in the room. Leaders (of a participant),
    # HR and the admin see that it happened (date, kind, duration, participants), never the
    # text: no rule below that reads content names a role.
    "supervision.list": lambda user, obj=None: True,
    "supervision.view": lambda user, obj=None: obj is None or (
        in_session(user, obj) or leads_participant(user, obj) or user.has_role(Role.HR, Role.ADMIN)
    ),
    "supervision.plan": lambda user, obj=None: (
        user.has_role(Role.SUPERVISOR) if obj is None else obj.supervisor_id == user.id
    ),
    "supervision.read_private": lambda user, obj: obj.supervisor_id == user.id,
    "supervision.read_content": lambda user, obj: in_session(user, obj),
    "supervision.write_content": lambda user, obj: in_session(user, obj) and obj.content_purged_at is None,
    "supervision.further_write": lambda user, obj: (
        obj.is_individual and in_session(user, obj) and obj.content_purged_at is None
    ),
    "supervision.further_read": lambda user, obj: _further_reader(user, obj),
    "supervision.further_consent": lambda user, obj: obj.supervisee_id == user.id,
    "supervision.shared_with_me": lambda user, obj=None: True,
    "supervision.prepare": lambda user, obj: (
        user.id in obj.participant_ids and obj.status == "planned"
    ),
    "supervision.read_preparation": lambda user, obj: (
        obj.author_id == user.id or (obj.shared and obj.session.supervisor_id == user.id)
    ),
    "supervision.reflect": lambda user, obj=None: obj is None or obj.author_id == user.id,
    "supervision.ask_for_talk": lambda user, obj=None: (
        _profile(user) is not None and _profile(user).supervisor_id is not None
    ),
    "supervision.requests": lambda user, obj=None: (
        user.has_role(Role.SUPERVISOR) if obj is None else obj.supervisor_id == user.id
    ),
    # The rhythm overview: counts and dates, for supervisors (their supervisees) and leaders (their teams).
    "supervision.rhythm": _roles(Role.SUPERVISOR, Role.LEADER),
    "supervision.groups": _roles(Role.SUPERVISOR, Role.ADMIN),
    "supervision.manage_group": lambda user, obj=None: (
        user.has_role(Role.SUPERVISOR, Role.ADMIN) if obj is None
        else user.has_role(Role.ADMIN) or obj.supervisor_id == user.id
    ),
    "supervision.themes": _roles(Role.ADMIN),
    "supervision.targets": _roles(Role.ADMIN),
}


def can(user, action: str, obj=None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    rule = RULES.get(action)
    if rule is None:
        raise KeyError(f"no authorization rule named {action!r}")
    return bool(rule(user, obj))


def allow(action: str):
    """Declare the rule a route is guarded by (checked before the view runs)."""
    if action != PUBLIC and action not in RULES:
        raise KeyError(f"no authorization rule named {action!r}")

    def decorate(view):
        view.policy_action = action
        return view

    return decorate


def rule_for(endpoint: str) -> str | None:
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "policy_action", None)


def get_or_404(model, ident, action: str):
    """Load an object the current user may act on, or answer 404 (and log a denial)."""
    from outreach.audit.services import record_denied

    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    if not can(current_user, action, obj):
        record_denied(action, obj)
        abort(404)
    return obj


def require(action: str, obj=None) -> None:
    """Refuse with 403 (and log it) unless the current user may do `action`."""
    from outreach.audit.services import record_denied

    if not can(current_user, action, obj):
        record_denied(action, obj)
        abort(403)


def _enforce_route_rule():
    if request.endpoint is None:
        return None  # routing will answer 404 or 405
    action = rule_for(request.endpoint)
    if action == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if action is None:
        _deny_unruled()
    require(action)
    return None


def _deny_unruled():
    from outreach.audit.services import record_denied

    record_denied("no rule for route")
    abort(403)


def init_app(app: Flask) -> None:
    app.before_request(_enforce_route_rule)

    @app.context_processor
    def inject_can():
        return {"can": lambda action, obj=None: can(current_user, action, obj)}
