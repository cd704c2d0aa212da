"""Supervision pages. The blueprint lives here; each part has its own views module."""

from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

from outreach.supervision import (  # noqa: E402, F401  (they register their routes on bp)
    group_views,
    models,
    reflection_views,
    rhythm_views,
    session_views,
)
