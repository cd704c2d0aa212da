"""What the organisation contributes to Min side."""

from flask_babel import gettext as _
from sqlalchemy import func

from outreach.auth.models import Role, User
from outreach.core.startpage import Panel, panel_provider
from outreach.extensions import db
from outreach.people.models import RoleType, StaffProfile


@panel_provider
def my_profile(user) -> Panel | None:
    profile = user.profile
    if profile is None:
        return None
    buddy_of = db.session.scalars(db.select(StaffProfile).where(StaffProfile.buddy_id == profile.id)).all()
    return Panel(_("Me and my teams"), "core/panel_profile.html",
                 {"profile": profile, "buddy_of": buddy_of, "is_ec": profile.role_type in (RoleType.EC, RoleType.PEER)},
                 order=10)


@panel_provider
def accounts_attention(user) -> Panel | None:
    if not user.has_role(Role.ADMIN):
        return None
    waiting = db.session.scalar(
        db.select(func.count()).select_from(User).where(User.active.is_(True), User.must_change_password.is_(True))
    )
    return Panel(_("Accounts"), "core/panel_accounts.html", {"waiting": waiting}, order=90)
