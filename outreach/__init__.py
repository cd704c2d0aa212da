"""The outreach intranet: application factory."""

from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from config import DEV_SECRET_KEY, Config, config_for
from outreach.core.database import MAX_ROW_ID

ROOT = Path(__file__).resolve().parent.parent


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` no larger than an id can be (MAX_ROW_ID, the largest INTEGER): a larger number
    in a URL is a page that does not exist (404), not "integer out of range" from PostgreSQL
    or an OverflowError from the driver (500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config: dict | type[Config] | None = None) -> Flask:
    """Build the app. `config` is a Config class or a dict of overrides."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_path=str(ROOT / "instance"))
    from outreach.core.forms import NulFreeRequest

    app.request_class = NulFreeRequest
    # Before any route is added: every <int:...> in a URL fits the database's integer.
    app.url_map.converters["int"] = DatabaseIntegerConverter
    base = config if isinstance(config, type) else config_for()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    _refuse_unsafe_production(app)
    if hops := app.config.get("PROXY_FIX_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    Path(app.instance_path).mkdir(exist_ok=True)

    from outreach import extensions as ext
    from outreach.core import database

    database.init_app(app)  # before the first connection is made
    ext.db.init_app(app)
    from outreach.core.db_types import compared_with_models, render_migration_type

    ext.migrate.init_app(
        app, ext.db, directory=str(ROOT / "migrations"), render_as_batch=True,
        render_item=render_migration_type, compare_type=True, include_object=compared_with_models,
    )
    ext.csrf.init_app(app)
    ext.htmx.init_app(app)
    ext.limiter.init_app(app)

    from outreach.core import i18n

    ext.babel.init_app(app, locale_selector=i18n.select_locale)

    from outreach.auth import sessions

    sessions.init_app(app)

    from outreach.audit.views import bp as audit_bp
    from outreach.auth.views import bp as auth_bp
    from outreach.core.views import bp as core_bp
    from outreach.hkh.views import bp as hkh_bp
    from outreach.jobs.views import bp as jobs_bp
    from outreach.people.views import bp as people_bp
    from outreach.recruitment.views import bp as recruitment_bp
    from outreach.shifts.views import bp as shifts_bp
    from outreach.supervision.views import bp as supervision_bp

    for blueprint in (core_bp, auth_bp, people_bp, audit_bp, shifts_bp, supervision_bp, recruitment_bp,
                      jobs_bp, hkh_bp):
        app.register_blueprint(blueprint)

    from outreach.auth import policy
    from outreach.core import errors, security, templating
    from outreach.hkh import panels as hkh_panels  # noqa: F401
    from outreach.jobs import panels as job_panels  # noqa: F401
    from outreach.people import panels  # noqa: F401  (registers its Min side panels)
    from outreach.recruitment import panels as recruitment_panels  # noqa: F401
    from outreach.shifts import panels as shift_panels  # noqa: F401
    from outreach.supervision import panels as supervision_panels  # noqa: F401

    policy.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)

    from outreach import cli

    cli.init_app(app)
    return app


def _refuse_unsafe_production(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "Production mode needs a real SECRET_KEY (at least 32 random characters) "
            "in the environment."
        )
