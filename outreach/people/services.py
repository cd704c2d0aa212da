"""Operations on the organisation: validate, write, audit, commit."""

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.auth.models import Role, User, UserRole
from outreach.core.database import duplicate_refused
from outreach.core.forms import ConflictError, FieldError
from outreach.extensions import db
from outreach.people.models import (
    EXPERIENCE_LABELS,
    Area,
    LivedExperience,
    RoleType,
    StaffProfile,
    Team,
    team_memberships,
)

PROFILE_FIELDS = (
    "title", "discipline", "role_type", "phone", "position_percentage", "contract",
    "start_date", "buddy_id", "supervisor_id",
)


def _check_version(obj, version) -> None:
    if version is not None and str(obj.version) != str(version):
        raise ConflictError()


def _commit() -> None:
    """Commit, turning a lost race on a versioned row into a conflict."""
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError() from error


def role_type_for_roles(roles) -> str:
    roles = {str(role) for role in roles}
    if "ec" in roles:
        return RoleType.EC
    if "peer" in roles:
        return RoleType.PEER
    if roles & {"professional", "leader", "supervisor"}:
        return RoleType.PROFESSIONAL
    return RoleType.ADMINISTRATIVE


def create_profile(user, *, role_type=None, team_ids=(), actor=None, commit=True, **fields) -> StaffProfile:
    profile = StaffProfile(
        user=user,
        role_type=role_type or role_type_for_roles(r.role for r in user.role_rows),
        **fields,
    )
    db.session.add(profile)
    if team_ids:
        profile.teams = list(db.session.scalars(db.select(Team).where(Team.id.in_(team_ids))))
    db.session.flush()
    record("staff.create", obj=profile, subject_user_id=user.id, actor=actor)
    if commit:
        db.session.commit()
    return profile


def update_profile(profile: StaffProfile, data: dict, *, version=None, actor=None, commit: bool = True) -> list[str]:
    """Apply the given fields (a subset of PROFILE_FIELDS plus team_ids); returns what changed.
    With commit=False the caller's transaction goes on."""
    _check_version(profile, version)
    changed = []
    for name in PROFILE_FIELDS:
        if name in data and getattr(profile, name) != data[name]:
            setattr(profile, name, data[name])
            changed.append(name)
    if profile.buddy_id is not None and profile.buddy_id == profile.id:
        raise FieldError("buddy_id", _("A person cannot be their own buddy."))
    if "team_ids" in data and set(data["team_ids"]) != profile.team_ids:
        profile.teams = list(db.session.scalars(db.select(Team).where(Team.id.in_(data["team_ids"]))))
        changed.append("teams")
    if changed:
        record(
            "staff.update", obj=profile, subject_user_id=profile.user_id, actor=actor,
            summary="changed: " + ", ".join(changed),
        )
        if commit:
            _commit()
    return changed


def set_experience(profile: StaffProfile, codes: list[str], area_ids: list[int], *, actor=None) -> None:
    unknown = set(codes) - set(EXPERIENCE_LABELS)
    if unknown:
        raise FieldError("areas", _("Unknown area of experience."))
    profile.experience_rows = [LivedExperience(code=code) for code in sorted(set(codes))]
    profile.known_areas = list(db.session.scalars(db.select(Area).where(Area.id.in_(area_ids))))
    # The summary names no experience: the audit log is read by the administrator.
    record("staff.experience_update", obj=profile, subject_user_id=profile.user_id, actor=actor)
    db.session.commit()


def _name_taken(model, name: str, exclude_id=None, **scope) -> bool:
    # Compared in Python with casefold(), the same on both databases ("ØST" is "øst").
    # Teams and a team's areas are few. The database's unique constraint is exact, not
    # case-blind: it catches only an identical name written in a race (duplicate_refused).
    query = db.select(model.name)
    for column, value in scope.items():
        query = query.where(getattr(model, column) == value)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    wanted = name.strip().casefold()
    return any(other.strip().casefold() == wanted for other in db.session.scalars(query))


def _team_name_taken() -> FieldError:
    return FieldError("name", _("A team with that name exists."))


def _area_name_taken() -> FieldError:
    return FieldError("name", _("The team already has an area with that name."))


def create_team(*, name: str, description: str = "", actor=None) -> Team:
    if _name_taken(Team, name):
        raise _team_name_taken()
    team = Team(name=name.strip(), description=(description or "").strip())
    with duplicate_refused(_team_name_taken(), lambda: _name_taken(Team, name)):
        db.session.add(team)
        db.session.flush()
        record("team.create", obj=team, actor=actor, summary=team.name)
        db.session.commit()
    return team


def update_team(team: Team, *, name: str, description: str, version=None, actor=None) -> None:
    _check_version(team, version)
    team_id = team.id
    if _name_taken(Team, name, exclude_id=team_id):
        raise _team_name_taken()
    with duplicate_refused(_team_name_taken(), lambda: _name_taken(Team, name, exclude_id=team_id)):
        team.name, team.description = name.strip(), (description or "").strip()
        record("team.update", obj=team, actor=actor, summary=team.name)
        _commit()


def add_area(team: Team, *, name: str, description: str = "", actor=None) -> Area:
    team_id, team_name = team.id, team.name
    if _name_taken(Area, name, team_id=team_id):
        raise _area_name_taken()
    area = Area(team=team, name=name.strip(), description=(description or "").strip())
    with duplicate_refused(_area_name_taken(), lambda: _name_taken(Area, name, team_id=team_id)):
        db.session.add(area)
        db.session.flush()
        record("area.create", obj=area, actor=actor, summary=f"{team_name}: {area.name}")
        db.session.commit()
    return area


def update_area(area: Area, *, name: str, description: str, actor=None) -> None:
    area_id, team_id = area.id, area.team_id
    if _name_taken(Area, name, exclude_id=area_id, team_id=team_id):
        raise _area_name_taken()
    with duplicate_refused(_area_name_taken(),
                           lambda: _name_taken(Area, name, exclude_id=area_id, team_id=team_id)):
        area.name, area.description = name.strip(), (description or "").strip()
        record("area.update", obj=area, actor=actor, summary=area.name)
        db.session.commit()


def set_area_active(area: Area, active: bool, *, actor=None) -> None:
    area.active = active
    record("area.restore" if active else "area.archive", obj=area, actor=actor, summary=area.name)
    db.session.commit()


def led_user_ids(user):
    """The accounts `user` leads, as a subquery: `policy.leads` in SQL (people on a team the
    leader is on, except the leader and other leaders)."""
    own_teams = (
        select(team_memberships.c.team_id).join(StaffProfile, StaffProfile.id == team_memberships.c.staff_id)
        .where(StaffProfile.user_id == user.id)
    )
    is_leader = exists().where(UserRole.user_id == StaffProfile.user_id, UserRole.role == Role.LEADER.value)
    return (
        select(StaffProfile.user_id).join(team_memberships, team_memberships.c.staff_id == StaffProfile.id)
        .where(team_memberships.c.team_id.in_(own_teams), StaffProfile.user_id != user.id, ~is_leader)
    )


WORKING_ROLES = (Role.LEADER, Role.HR, Role.SUPERVISOR, Role.PROFESSIONAL, Role.EC, Role.PEER)


def working_staff():
    """Active colleagues with a staff role, the names sorted (a select): whom to offer as a panel
    member or a measure's owner. Not an account that is only the system administrator's."""
    has_role = select(UserRole.user_id).where(UserRole.role.in_([r.value for r in WORKING_ROLES]))
    return (select(User).join(StaffProfile, StaffProfile.user_id == User.id)
            .where(User.active.is_(True), User.id.in_(has_role))
            .order_by(func.lower(User.full_name), User.id))
