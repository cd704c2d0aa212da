"""HKH pages. The blueprint lives here; each part has its own views module."""

from flask import Blueprint

bp = Blueprint("hkh", __name__, url_prefix="/hkh")

from outreach.hkh import fieldwork_views, models, outcome_views, project_views  # noqa: E402, F401
