"""Make SQLite behave like PostgreSQL where the application relies on it.

SQLite's built-in lower() folds ASCII only, so a search for "øystein" would not find
"Øystein", and SQLite ignores foreign keys unless each connection asks for them. Every new
SQLite connection (the app's, the migrations', the tests') gets a Unicode-aware lower()
and `PRAGMA foreign_keys=ON`. PostgreSQL connections are left alone.

Also: turning a lost race on a unique name into the form's message (duplicate_refused).
"""

import sqlite3
from collections.abc import Callable
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from outreach.core.forms import FieldError
from outreach.extensions import db


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def _on_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def init_app(app=None) -> None:
    """Listen on every engine's new connections (once, however many apps are created)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


@contextmanager
def duplicate_refused(error: FieldError, taken: Callable[[], bool]):
    """Run the writes of a service that checked a unique name first.

    Two requests can both pass the check and then race to write the same name: the second
    one hits the database's unique constraint. That is rolled back and refused with the
    check's own message (`error`), if the name is indeed taken now; any other integrity
    error is raised as it is.
    """
    try:
        yield
    except IntegrityError as exc:
        db.session.rollback()
        if taken():
            raise error from exc
        raise
