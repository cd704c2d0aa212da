"""Recruitment pages. The blueprint lives here; each part has its own views module."""

from flask import Blueprint

bp = Blueprint("recruitment", __name__, url_prefix="/recruitment")

from outreach.recruitment import (  # noqa: E402, F401  (they register their routes on bp)
    candidate_views,
    guide_views,
    interview_views,
    models,
    onboarding_views,
    settings_views,
    vacancy_views,
)
