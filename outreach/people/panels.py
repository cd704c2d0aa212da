"""What the organisation contributes to Min side."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from outreach.auth.models import User
from outreach.core.startpage import Panel, panel_provider
from outreach.extensions import db
from outreach.people.models import RoleType, StaffProfile


@panel_provider("my-profile", _l("Me and my teams"), order=10, action="panel.staff")
def my_profile(user) -> Panel | None:
    profile = user.profile
    buddy_of = db.session.scalars(db.select(StaffProfile).where(StaffProfile.buddy_id == profile.id)).all()
    return Panel("core/panel_profile.html",
                 {"profile": profile, "buddy_of": buddy_of, "is_ec": profile.role_type in (RoleType.EC, RoleType.PEER)})


@panel_provider("accounts", _l("Accounts"), order=90, action="accounts.manage")
def accounts_attention(user) -> Panel | None:
    waiting = db.session.scalar(
        db.select(func.count()).select_from(User).where(User.active.is_(True), User.must_change_password.is_(True))
    )
    return Panel("core/panel_accounts.html", {"waiting": waiting})
