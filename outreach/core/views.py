"""The start page (Min side) and the health check."""

from flask import Blueprint, abort, jsonify
from flask_login import current_user
from sqlalchemy import text

from outreach.audit.services import record_denied
from outreach.auth.policy import PUBLIC, SIGNED_IN, allow, can
from outreach.core.htmx import render, wants_fragment
from outreach.core.startpage import source_named, sources_for
from outreach.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
@allow(SIGNED_IN)
def index():
    return render("core/index.html", sources=sources_for(current_user))


@bp.get("/panels/<name>")
@allow(SIGNED_IN)
def panel(name: str):
    """One Min side panel: what the page loads into its place (empty when it has nothing to
    show, so the place goes), or on its own page for a browser without JavaScript."""
    source = source_named(name)
    if source is None:
        abort(404)
    if not can(current_user, source.action):
        # Not found, as a panel that does not exist; the refusal is logged like every other.
        record_denied(source.action, summary=f"{source.action}: panel {name}")
        abort(404)
    shown = source.build(current_user)
    if wants_fragment():
        return render("core/panel.html", source=source, panel=shown)
    return render("core/panel_page.html", source=source, panel=shown)


@bp.get("/healthz")
@allow(PUBLIC)
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "error", database=database), status
