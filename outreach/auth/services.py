"""Account operations: each validates, writes, audits and commits in one go."""

import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _

from outreach.audit.models import AuditKind
from outreach.audit.services import record, record_now
from outreach.auth.models import Role, User, UserRole, find_user_by_username
from outreach.auth.passwords import DEMO_PASSWORD, hash_password, needs_rehash, verify_password
from outreach.auth.sessions import end_all_sessions
from outreach.core.database import duplicate_refused
from outreach.core.forms import ConflictError, FieldError
from outreach.core.timeutil import utcnow
from outreach.extensions import db


def authenticate(username: str, password: str) -> User | None:
    """The user if the credentials are right and the account active; audits both outcomes.

    The answer never tells an unknown username from a wrong password.
    """
    user = find_user_by_username(username)
    ok = verify_password(user.password_hash if user else None, password)
    if ok and password == DEMO_PASSWORD and current_app.config.get("ENV_NAME") == "production":
        ok = False  # demo accounts never work in production
    if not ok or user is None or not user.active:
        # Only a known username goes into the log: a password typed into the username
        # field must not end up there.
        record_now(
            "auth.login_failed", kind=AuditKind.AUTH, object_type="users",
            object_id=user.id if user else None, subject_user_id=user.id if user else None,
            summary=f"username={user.username}" if user else "unknown username", actor=None,
        )
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record("auth.login", kind=AuditKind.AUTH, obj=user, subject_user_id=user.id, actor=user)
    db.session.commit()
    return user


def generate_temporary_password() -> str:
    return secrets.token_urlsafe(9)


def _set_roles(user: User, roles: list[str]) -> None:
    wanted = {Role(role).value for role in roles}
    user.role_rows = [row for row in user.role_rows if row.role in wanted]
    have = {row.role for row in user.role_rows}
    user.role_rows.extend(UserRole(role=role) for role in sorted(wanted - have))


def create_user(
    *,
    username: str,
    full_name: str,
    roles: list[str],
    email: str | None = None,
    role_type: str | None = None,
    team_ids: list[int] | None = None,
    password: str | None = None,
    must_change_password: bool = True,
    actor=None,
    commit: bool = True,
) -> tuple[User, str]:
    """Create an account and its staff profile; returns the user and the first password.
    With commit=False the caller's transaction goes on (hiring makes more in the same one)."""
    from outreach.people.services import create_profile

    username = username.strip().lower()
    if find_user_by_username(username) is not None:
        raise FieldError("username", _("That username is taken."))
    password = password or generate_temporary_password()
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=(email or "").strip() or None,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    _set_roles(user, roles)
    taken = FieldError("username", _("That username is taken."))
    # Two administrators creating the same username at once: the second is refused alike.
    with duplicate_refused(taken, lambda: find_user_by_username(username) is not None):
        db.session.add(user)
        db.session.flush()
        create_profile(user, role_type=role_type, team_ids=team_ids or [], actor=actor, commit=False)
        record(
            "user.create", obj=user, subject_user_id=user.id, actor=actor,
            summary=f"{username}: {', '.join(sorted(r.role for r in user.role_rows))}",
        )
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    return user, password


def update_user(user: User, *, full_name: str, email: str | None, roles: list[str], version: str | None, actor) -> None:
    if version is not None and version != edit_token(user):
        raise ConflictError()
    before = sorted(r.role for r in user.role_rows)
    if user.id == getattr(actor, "id", None) and Role.ADMIN.value not in roles:
        raise FieldError("roles", _("You cannot remove your own administrator role."))
    user.full_name = full_name.strip()
    user.email = (email or "").strip() or None
    _set_roles(user, roles)
    after = sorted(r.role for r in user.role_rows)
    summary = f"roles {before} -> {after}" if before != after else "name/email"
    record("user.update", obj=user, subject_user_id=user.id, actor=actor, summary=summary)
    db.session.commit()


WORKING_ROLES = frozenset({Role.EC.value, Role.PEER.value, Role.PROFESSIONAL.value})


def set_position_roles(user: User, *, remove, add, actor) -> set[str]:
    """A change of position (an EC who becomes a miljøterapeut): the old position's working
    roles (EC, peer, professional) give way to the new one's. Roles that give rights (admin,
    HR, leader, supervisor) are never given or taken here: the administrator decides those.
    Returns such roles the new position would want and the account lacks, or has and the new
    position does not want, for the caller to pass on. The caller commits."""
    before = {r.role for r in user.role_rows}
    added = [role for role in add if role in WORKING_ROLES]
    if added:  # a position without a working role (HR) leaves the old one until the administrator acts
        keep = [role for role in before if role not in set(remove) & WORKING_ROLES]
        _set_roles(user, [*keep, *added])
    after = {r.role for r in user.role_rows}
    if before != after:
        record("user.update", obj=user, subject_user_id=user.id, actor=actor,
               summary=f"roles {sorted(before)} -> {sorted(after)}")
    rights_wanted = set(add) - WORKING_ROLES
    rights_left = (set(remove) - WORKING_ROLES) - set(add)
    return (rights_wanted - after) | (rights_left & after)


def edit_token(user: User) -> str:
    """A fingerprint of the editable fields, carried by the edit form, so that a save
    made by another administrator in between is noticed instead of overwritten."""
    state = f"{user.full_name}|{user.email}|{sorted(r.role for r in user.role_rows)}|{user.active}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def change_own_password(user: User, new_password: str) -> None:
    """Set a new password; every other session of the user ends."""
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    end_all_sessions(user)
    record("user.password_changed", kind=AuditKind.AUTH, obj=user, subject_user_id=user.id, actor=user)
    db.session.commit()


def reset_password(user: User, *, actor) -> str:
    """An administrator gives the user a new first password; their sessions end."""
    password = generate_temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_all_sessions(user)
    record("user.password_reset", obj=user, subject_user_id=user.id, actor=actor)
    db.session.commit()
    return password


def set_active(user: User, active: bool, *, actor) -> None:
    if not active and user.id == getattr(actor, "id", None):
        raise FieldError("active", _("You cannot deactivate your own account."))
    user.active = active
    if not active:
        end_all_sessions(user)
    record("user.activate" if active else "user.deactivate", obj=user, subject_user_id=user.id, actor=actor)
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    record("user.settings", obj=user, subject_user_id=user.id, actor=user, summary=f"locale={locale}")
    db.session.commit()
