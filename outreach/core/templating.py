"""Template globals: Norwegian dates, navigation by role, the start-page panels."""

from dataclasses import dataclass

from flask import Flask
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from outreach.audit.labels import action_label
from outreach.auth.policy import can


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    action: str


NAV_ITEMS = [
    NavItem("core.index", _l("My page"), "signed_in"),
    NavItem("shifts.my_roster", _l("Roster"), "signed_in"),
    NavItem("supervision.index", _l("Supervision"), "supervision.list"),
    NavItem("recruitment.index", _l("Recruitment"), "recruitment.nav"),
    NavItem("jobs.index", _l("Job descriptions"), "signed_in"),
    NavItem("hkh.index", _l("HKH"), "hkh.view"),
    NavItem("people.staff_list", _l("Staff"), "people.list"),
    NavItem("people.team_list", _l("Teams"), "teams.view"),
    NavItem("auth.user_list", _l("Accounts"), "accounts.manage"),
    NavItem("audit.search", _l("Audit log"), "audit.search"),
]


def _date(value, format="medium"):
    return "" if value is None else format_date(value, format)


def _datetime(value, format="medium"):
    return "" if value is None else format_datetime(value, format)


def _time(value, format="short"):
    return "" if value is None else format_time(value, format)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["time"] = _time
    app.jinja_env.globals["action_label"] = action_label
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def navigation():
        items = []
        if current_user.is_authenticated and not current_user.must_change_password:
            items = [item for item in NAV_ITEMS if can(current_user, item.action)]
        return {"nav_items": items}
