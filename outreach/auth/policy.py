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


def in_hiring(user, vacancy) -> bool:
    """HR, the vacancy's leader and its panel: the only ones who see its candidates."""
    return vacancy is not None and (
        user.has_role(Role.HR) or vacancy.leader_id == user.id or user.id in vacancy.panel_ids
    )


def runs_hiring(user, vacancy) -> bool:
    """HR and the vacancy's leader move candidates, plan interviews and hire."""
    return vacancy is not None and (user.has_role(Role.HR) or vacancy.leader_id == user.id)


def sees_ratings(user, interview) -> bool:
    """A panel member sees the others' ratings only once their own are submitted; HR and the
    vacancy's leader, when not on that panel, see them as they come."""
    panelist = interview.panelist(user)
    if panelist is not None:
        return panelist.submitted_at is not None
    return runs_hiring(user, interview.candidate.vacancy)


def follows_onboarding(user, plan) -> bool:
    """The new colleague, their buddy, the leader following the plan, and HR."""
    return plan is not None and (
        plan.staff.user_id == user.id or plan.leader_id == user.id or user.has_role(Role.HR)
        or (plan.buddy is not None and plan.buddy.user_id == user.id)
    )


def leads_section(user) -> bool:
    """A leader on every active team: the section leader, who also leads the staff on no team."""
    from outreach.people.models import Team

    own = _profile(user)
    if own is None or not user.has_role(Role.LEADER):
        return False
    active = set(db.session.scalars(db.select(Team.id).where(Team.active.is_(True))))
    return bool(active) and active <= own.team_ids


def answers_for(user, profile) -> bool:
    """Who answers for a person's job description as the leader: their leader; HR (for the
    leaders, whom nobody on their teams leads); and for staff on no team (HR, office), the
    section leader. Never the person themselves."""
    if profile is None or is_self(user, profile):
        return False
    return (leads(user, profile) or user.has_role(Role.HR)
            or (not profile.teams and not profile.user.has_role(Role.LEADER) and leads_section(user)))


def _job_profile(obj):
    """The staff profile a job description, a version or a proposal belongs to."""
    if obj is None:
        return None
    if hasattr(obj, "staff"):
        return obj.staff
    description = getattr(obj, "description", None) or getattr(getattr(obj, "draft", None), "description", None)
    return description.staff if description is not None else obj


def in_working_group(user, project) -> bool:
    return project is not None and user.id in project.member_user_ids


def leads_project(user, project) -> bool:
    return project is not None and any(m.user_id == user.id and m.role == "lead" for m in project.members)


# --- the rules ------------------------------------------------------------------------


def _roles(*roles: Role) -> Callable:
    return lambda user, obj=None: user.has_role(*roles)


RULES: dict[str, Callable] = {
    SIGNED_IN: lambda user, obj=None: True,
    # Min side's panels (core/startpage): who is shown which. A panel reads only the person's
    # own data or what their role's own rules let them see; these decide who is shown it.
    "panel.staff": lambda user, obj=None: _profile(user) is not None,  # my shifts, supervision, profile
    "panel.leader": _roles(Role.LEADER),  # rule problems and supervision on my teams
    "panel.supervisor": _roles(Role.SUPERVISOR),  # supervision follow-up, debriefs
    "panel.leader_or_hr": _roles(Role.LEADER, Role.HR),  # job descriptions, open vacancies
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
    # A request's topic was written to one supervisor: it is theirs while they are still the
    # requester's supervisor. After a change neither the old nor the new one reads it.
    "supervision.requests": lambda user, obj=None: (
        user.has_role(Role.SUPERVISOR) if obj is None
        else obj.supervisor_id == user.id and getattr(_profile(obj.requester), "supervisor_id", None) == user.id
    ),
    # The requester's own request: they see it and may take it back.
    "supervision.own_request": lambda user, obj=None: obj is None or obj.requester_id == user.id,
    # The rhythm overview: counts and dates, for supervisors (their supervisees) and leaders (their teams).
    "supervision.rhythm": _roles(Role.SUPERVISOR, Role.LEADER),
    "supervision.groups": _roles(Role.SUPERVISOR, Role.ADMIN),
    "supervision.manage_group": lambda user, obj=None: (
        user.has_role(Role.SUPERVISOR, Role.ADMIN) if obj is None
        else user.has_role(Role.ADMIN) or obj.supervisor_id == user.id
    ),
    "supervision.themes": _roles(Role.ADMIN),
    "supervision.targets": _roles(Role.ADMIN),
    # --- recruitment (outreach/recruitment) ---
    # Candidates are seen by HR, the vacancy's leader and its panel only; not by the admin.
    "recruitment.list": lambda user, obj=None: True,  # the list shows only the user's own hiring
    "recruitment.nav": _roles(Role.HR, Role.LEADER),
    "recruitment.create": lambda user, obj=None: (
        user.has_role(Role.HR, Role.LEADER) if obj is None else user.has_role(Role.HR) or leads_team(user, obj)
    ),
    "recruitment.view": lambda user, obj=None: obj is None or in_hiring(user, obj),
    "recruitment.manage": lambda user, obj=None: (
        user.has_role(Role.HR, Role.LEADER) if obj is None else runs_hiring(user, obj)
    ),
    "recruitment.view_candidate": lambda user, obj=None: obj is None or in_hiring(user, obj.vacancy),
    "recruitment.manage_candidate": lambda user, obj=None: (
        user.has_role(Role.HR, Role.LEADER) if obj is None else runs_hiring(user, obj.vacancy)
    ),
    "recruitment.view_interview": lambda user, obj=None: obj is None or in_hiring(user, obj.candidate.vacancy),
    "recruitment.rate": lambda user, obj=None: obj is None or (
        (p := obj.panelist(user)) is not None and p.submitted_at is None
    ),
    "recruitment.see_ratings": lambda user, obj: sees_ratings(user, obj),
    "recruitment.guides": lambda user, obj=None: True,
    "recruitment.edit_guides": _roles(Role.HR, Role.ADMIN),
    "recruitment.settings": _roles(Role.HR, Role.ADMIN),
    "recruitment.onboarding": lambda user, obj=None: obj is None or follows_onboarding(user, obj),
    # --- job descriptions (outreach/jobs); the object is a StaffProfile (or what belongs to one) ---
    "jobs.templates": lambda user, obj=None: True,
    "jobs.edit_templates": _roles(Role.HR, Role.ADMIN),
    "jobs.overview": _roles(Role.HR, Role.LEADER),
    "jobs.view": lambda user, obj=None: obj is None or (
        is_self(user, _job_profile(obj)) or answers_for(user, _job_profile(obj))
    ),
    "jobs.lead": lambda user, obj=None: (
        user.has_role(Role.HR, Role.LEADER) if obj is None else answers_for(user, _job_profile(obj))
    ),
    "jobs.propose": lambda user, obj=None: obj is None or is_self(user, _job_profile(obj)),
    # --- HKH projects (outreach/hkh): the object is an HkhProject ---
    # The mandate, findings, report and action plan are the service's own work: everyone reads
    # them. The working group and leaders change them; the raw field notes (and the log) are
    # for the working group only.
    "hkh.view": lambda user, obj=None: True,
    "hkh.create": _roles(Role.LEADER),
    "hkh.edit": lambda user, obj=None: obj is None or in_working_group(user, obj) or user.has_role(Role.LEADER),
    "hkh.fieldwork": lambda user, obj=None: obj is None or in_working_group(user, obj),
    # Who is in the working group (and so reads the raw notes): the project lead and leaders
    # decide, and nobody adds themselves (hkh/projects.add_member).
    "hkh.manage_group": lambda user, obj=None: (
        obj is None or leads_project(user, obj) or user.has_role(Role.LEADER)
    ),
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


def _load_or_404(model, ident):
    from outreach.core.database import is_row_id

    if ident is None or (isinstance(ident, int) and not is_row_id(ident)):
        abort(404)  # no id given (a missing ?staff=), or one beyond an INTEGER: no row has it
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def _refuse_unless_under(obj, action: str, belongs: Callable[[object], bool]) -> None:
    from outreach.audit.services import record_denied

    if not belongs(obj):
        record_denied(action, obj, summary=f"{action}: not under the parent in {request.method} {request.path}")
        abort(404)


def get_or_404(model, ident, action: str, under: Callable[[object], bool] | None = None):
    """Load an object the current user may act on, or answer 404 (and log a denial). `under`:
    for one named through a parent in the URL, whether it is that parent's (see get_child_or_404)."""
    from outreach.audit.services import record_denied

    obj = _load_or_404(model, ident)
    if not can(current_user, action, obj):
        record_denied(action, obj)
        abort(404)
    if under is not None:
        _refuse_unless_under(obj, action, under)
    return obj


def get_child_or_404(model, ident, action: str, belongs: Callable[[object], bool]):
    """Load an object through the parent its URL names (a session's action, a project's
    finding), or answer 404. One of another parent's is refused like a forbidden object, and
    logged: the parent's rule let the user in, not to that parent's neighbours."""
    obj = _load_or_404(model, ident)
    _refuse_unless_under(obj, action, belongs)
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
