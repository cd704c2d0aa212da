"""Supervision groups (for example the EC network): name, supervisor, members.

A group's members are who is invited to its sessions from now on; the people of a past
session are that session's own participant rows, so changing the members changes no
history. Members read the minutes, so nobody adds themselves: the group's supervisor or the
administrator decides who else is in it. The name and description run the identifier guard.
Audit summaries hold ids and counts, not the group's name.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import case, func
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified

from outreach.audit.services import record
from outreach.auth.models import Role, User, UserRole
from outreach.core.database import commit_or_conflict, duplicate_refused, is_row_id
from outreach.core.forms import ConflictError, FieldError
from outreach.core.identifiers import findings_summary, guard_fields
from outreach.extensions import db
from outreach.people.models import RoleType, StaffProfile
from outreach.supervision.models import SupervisionGroup

NAME_MAX = 120


@dataclass
class GroupInput:
    name: str
    supervisor_id: int | None
    description: str = ""
    member_ids: list[int] = field(default_factory=list)
    active: bool = True


# --- reading ---------------------------------------------------------------------------------


def group_query(q: str = "", state: str = "active"):
    """The groups list: by name, searched in the name, active/inactive/all."""
    query = db.select(SupervisionGroup).options(joinedload(SupervisionGroup.supervisor))
    if q:
        # autoescape: a % or _ typed in the search box is a character, not a wildcard.
        query = query.where(func.lower(SupervisionGroup.name).contains(q.lower(), autoescape=True))
    if state == "active":
        query = query.where(SupervisionGroup.active.is_(True))
    elif state == "inactive":
        query = query.where(SupervisionGroup.active.is_(False))
    return query.order_by(func.lower(SupervisionGroup.name), SupervisionGroup.id)


def active_groups() -> list[SupervisionGroup]:
    return list(db.session.scalars(group_query(state="active")))


def groups_of(user) -> list[SupervisionGroup]:
    """The active groups `user` is a member of."""
    return [g for g in active_groups() if user.id in g.member_ids]


def supervisors() -> list[User]:
    """Active users with the supervisor role, by name."""
    return list(db.session.scalars(
        db.select(User).join(UserRole)
        .where(UserRole.role == Role.SUPERVISOR.value, User.active.is_(True))
        .order_by(func.lower(User.full_name), User.id)
    ))


def member_candidates() -> list[User]:
    """Active users with a staff profile: experience consultants first, then peers, then the rest."""
    rank = case((StaffProfile.role_type == RoleType.EC.value, 0),
                (StaffProfile.role_type == RoleType.PEER.value, 1), else_=2)
    return list(db.session.scalars(
        db.select(User).join(StaffProfile, StaffProfile.user_id == User.id)
        .where(User.active.is_(True))
        .order_by(rank, func.lower(User.full_name), User.id)
    ))


# --- writing ---------------------------------------------------------------------------------


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    # Compared in Python with casefold(), the same on both databases; groups are few. The
    # database's unique constraint is exact: it catches an identical name written in a race.
    query = db.select(SupervisionGroup.name)
    if exclude_id is not None:
        query = query.where(SupervisionGroup.id != exclude_id)
    wanted = name.strip().casefold()
    return any(other.strip().casefold() == wanted for other in db.session.scalars(query))


def _taken_error() -> FieldError:
    return FieldError("name", _("There is already a group with that name."))


def _validate(data: GroupInput, group: SupervisionGroup | None, actor) -> tuple[str, User, list[User]]:
    name = " ".join((data.name or "").split())
    if not name:
        raise FieldError("name", _("Give the group a name."))
    if len(name) > NAME_MAX:
        raise FieldError("name", _("At most %(n)d characters.", n=NAME_MAX))
    supervisor = db.session.get(User, data.supervisor_id) if is_row_id(data.supervisor_id) else None
    keeps_supervisor = group is not None and supervisor is not None and supervisor.id == group.supervisor_id
    if supervisor is None or not (keeps_supervisor or (supervisor.active and supervisor.has_role(Role.SUPERVISOR))):
        raise FieldError("supervisor_id", _("Choose a supervisor."))
    wanted = set(data.member_ids or [])
    current = group.member_ids if group is not None else set()
    if not all(is_row_id(member_id) for member_id in wanted):
        raise FieldError("members", _("Choose members from the list."))
    if actor is not None and actor.id in wanted - current:
        # A member reads the group's minutes: joining is for someone else to decide.
        raise FieldError("members", _("You cannot add yourself to the group's members. Another person, the "
                                      "group's supervisor or the administrator, must add you."))
    members = list(db.session.scalars(db.select(User).where(User.id.in_(wanted)))) if wanted else []
    # A new member must be an active colleague; a member who has since left may stay.
    if len(members) != len(wanted) or any(
        m.id not in current and (not m.active or m.profile is None) for m in members
    ):
        raise FieldError("members", _("Choose members from the list."))
    return name, supervisor, members


def _guard(name: str, description: str, confirmed: str | None):
    """No client identifiers in a group's name or description (both are shown wherever the
    group is): IdentifiersFound unless the writer confirmed exactly what was found."""
    return guard_fields({"name": name, "description": description}, confirmed)


def _record_confirmed(group: SupervisionGroup, findings, actor) -> None:
    if findings:
        record("supervision.identifiers_confirmed", obj=group, actor=actor,
               summary=f"group {group.id}: confirmed as not client identifiers: {findings_summary(findings)}")


def create_group(data: GroupInput, *, confirmed: str | None = None, actor=None) -> SupervisionGroup:
    """Raises FieldError, or IdentifiersFound unless `confirmed` is the digest of what was found."""
    name, supervisor, members = _validate(data, None, actor)
    if _name_taken(name):
        raise _taken_error()
    description = (data.description or "").strip()
    findings = _guard(name, description, confirmed)
    group = SupervisionGroup(name=name, description=description, supervisor=supervisor,
                             members=members, active=bool(data.active))
    with duplicate_refused(_taken_error(), lambda: _name_taken(name)):
        db.session.add(group)
        db.session.flush()
        record("supervision.group_create", obj=group, actor=actor,
               summary=f"group {group.id}: supervisor {supervisor.id}, {len(members)} members")
        _record_confirmed(group, findings, actor)
        db.session.commit()
    return group


def update_group(group: SupervisionGroup, data: GroupInput, *, version, confirmed: str | None = None,
                 actor=None) -> list[str]:
    """Save the group; `version` is the one the editor started from (a save in between is a
    ConflictError). Returns what changed."""
    if str(group.version) != str(version or ""):
        raise ConflictError()
    group_id = group.id
    name, supervisor, members = _validate(data, group, actor)
    if _name_taken(name, exclude_id=group_id):
        raise _taken_error()
    changed = []
    description = (data.description or "").strip()
    findings = _guard(name, description, confirmed)
    for attr, value in (("name", name), ("description", description), ("supervisor_id", supervisor.id),
                        ("active", bool(data.active))):
        if getattr(group, attr) != value:
            setattr(group, attr, value)
            changed.append(attr)
    before = group.member_ids
    after = {m.id for m in members}
    if before != after:
        group.members = sorted(members, key=lambda u: u.full_name)
        # The members live in another table: touch the row itself so that its version moves
        # and a second editor's stale save is caught.
        flag_modified(group, "name")
        changed.append(f"members +{len(after - before)} -{len(before - after)}")
    if not changed:
        return []
    with duplicate_refused(_taken_error(), lambda: _name_taken(name, exclude_id=group_id)):
        record("supervision.group_update", obj=group, actor=actor,
               summary=f"group {group_id} changed: " + ", ".join(changed))
        _record_confirmed(group, findings, actor)
        commit_or_conflict()
    return changed
