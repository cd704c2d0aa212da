"""Job description pages. The blueprint lives here; each part has its own views module."""

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.app_template_global()
def role_frame(profile) -> str:
    """The one line of a person's role that matters on other pages (the roster, supervision):
    for a peer, that they never do follow-up work."""
    from outreach.jobs import services

    if profile is None:
        return ""
    description = services.description_of(profile)
    template = services.template_for(description.template_key if description else services.position_key_for(profile))
    return template.frame_note if template is not None else ""

from outreach.jobs import description_views, models, template_views  # noqa: E402, F401
