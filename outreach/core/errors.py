"""Error pages in the user's language, as whole pages or as HTMX fragments."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from outreach.core.htmx import render
from outreach.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("No access"), _l("You do not have access to this page.")),
    404: (_l("Not found"), _l("The page does not exist, or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    409: (_l("Conflict"), _l("Someone else changed this in the meantime.")),
    413: (_l("Too large"), _l("What was sent is larger than the server accepts. Nothing was saved. "
                              "Go back and choose a smaller file.")),
    422: (_l("Could not save"), _l("Some of what was entered is not valid.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Wait a minute and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An error occurred on our side. Nothing was saved. "
           "Try again, or contact the administrator if it keeps happening."),
    ),
}


def error_page(status: int, detail: str | None = None):
    title, message = MESSAGES.get(status, MESSAGES[500])
    return render(
        "errors/error.html", block="content", status=status,
        status_code=status, title=title, message=detail or message,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = _l("The form had expired or was sent from elsewhere. Reload the page and try again.")
        return error_page(400, str(message))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return error_page(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return error_page(500)
