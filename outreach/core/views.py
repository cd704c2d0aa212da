"""The start page (Min side) and the health check."""

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import text

from outreach.auth.policy import PUBLIC, SIGNED_IN, allow
from outreach.core.htmx import render
from outreach.core.startpage import panels_for
from outreach.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
@allow(SIGNED_IN)
def index():
    return render("core/index.html", panels=panels_for(current_user))


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
