"""Make SQLite behave like PostgreSQL where the application relies on it.

SQLite's built-in lower() folds ASCII only, so a search for "øystein" would not find
"Øystein", and SQLite ignores foreign keys unless each connection asks for them. Every new
SQLite connection (the app's, the migrations', the tests') gets a Unicode-aware lower()
and `PRAGMA foreign_keys=ON`. PostgreSQL connections get JIT compilation turned off, and a
transaction that wrote nothing ends with COMMIT, not ROLLBACK (see _end_reads_with_commit).

Also: turning a lost race on a unique name into the form's message (duplicate_refused), and
a lost race on a versioned row into a conflict (check_version, commit_or_conflict).
"""

import os
import sqlite3
from collections.abc import Callable
from contextlib import contextmanager

import psycopg
from psycopg.pq import TransactionStatus
from sqlalchemy import bindparam, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from outreach.core.forms import ConflictError, FieldError
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


def _begin(conn) -> None:
    conn.info["wrote"] = False


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        conn.info["wrote"] = True


def _end_reads_with_commit(conn) -> None:
    """psycopg forgets the statements it prepared on every ROLLBACK (one could have undone a
    PREPARE), and every request that only read ends with one: each of its queries was planned
    anew each time (most of a millisecond for the roster grid's period). A transaction that ran
    nothing but SELECTs is committed instead, which is the same to PostgreSQL; the rollback that
    follows finds no transaction and leaves the prepared statements be. Any other statement, a
    failed one or an unknown state: rolled back as before."""
    if conn.dialect.name != "postgresql" or conn.closed or conn.invalidated or conn.info.get("wrote", True):
        return  # (the event comes before the rollback of a broken connection too)
    dbapi_connection = conn.connection.dbapi_connection
    if dbapi_connection.info.transaction_status == TransactionStatus.INTRANS:
        try:
            dbapi_connection.commit()
        except psycopg.Error:
            pass  # the rollback that follows meets the same trouble, and SQLAlchemy handles it there


def init_app(app=None) -> None:
    """Listen on every engine's new connections (once, however many apps are created). On
    PostgreSQL, the app's connections start with JIT compilation off: its queries are short,
    and compiling one that the planner guesses to be costly took longer than running it
    (+85 ms on the first-shift lookup, benchmarks/page_speed.py)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _begin)
        event.listen(Engine, "before_cursor_execute", _note_write)
        event.listen(Engine, "rollback", _end_reads_with_commit)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") if app is not None else None
    if uri and make_url(uri).get_backend_name() == "postgresql":
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        # Added to what was asked for: libpq takes one `options`, and an explicit one hides the
        # URL's ?options= and PGOPTIONS.
        asked = connect_args.get("options") or make_url(uri).query.get("options") or os.environ.get("PGOPTIONS", "")
        asked = " ".join(asked) if isinstance(asked, tuple) else asked
        if "jit" not in asked:
            connect_args["options"] = f"{asked} -c jit=off".strip()
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


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


# The largest INTEGER: every id column a URL, query string or form names is an INTEGER (32 bits
# on PostgreSQL, which refuses a larger number with "integer out of range"). The audit log's
# BIGINT ids are never looked up by a number a user gives.
MAX_ROW_ID = 2**31 - 1


def is_row_id(value) -> bool:
    """An int that can be a row's id. An id typed into or tampered with in a form or a URL may
    be any number; one beyond an INTEGER is refused like an unknown id before it reaches a query."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def optional_id(value) -> int | None:
    """A select's (or any field's) id as an int, or None: for nothing chosen, for text that is
    no number, and for a number no row can have (the coerce of the id selects)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if is_row_id(number) else None


def check_version(obj, version) -> None:
    """The form was loaded from `version` of `obj` ("" for an object not yet made): anything
    else means someone saved in between."""
    current = "" if obj is None else str(obj.version)
    if current != str(version or ""):
        raise ConflictError()


def flush_or_conflict() -> None:
    """Flush (to get ids or run checks before the commit); a lost race is a ConflictError."""
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        raise ConflictError() from error


def commit_or_conflict() -> None:
    """Commit; a lost race on a versioned row or a unique key becomes a ConflictError."""
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        raise ConflictError() from error


def ids_param(name: str):
    """An IN list given when the statement runs (`expanding`: one placeholder per id), so that
    a statement can be built once, at import, and reused: SQLAlchemy then keeps its cache key
    and compiled form instead of working them out on every call."""
    return bindparam(name, expanding=True)


def plain_rows(statement, params: dict) -> list:
    """A statement of plain columns run on the session's connection, its rows fetched at once:
    the ORM adds nothing to such rows but its own overhead (a tenth of a millisecond a
    statement), and iterating a result fetches row by row. Pending changes are flushed first,
    as the session does before its own queries (a change's rule check reads the roster with
    the change in)."""
    if db.session.autoflush:
        db.session.flush()
    return db.session.connection().execute(statement, params).all()
