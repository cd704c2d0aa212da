"""Fixtures: a fresh database per test, on SQLite or (with DATABASE_URL) PostgreSQL.

The schema is built once per run by the migrations, as production builds it. On SQLite
each test gets a copy of that database file; on PostgreSQL the suite creates its own
database on the server DATABASE_URL names, empties the tables after each test, and drops
the database at the end. The demo data is built once per run and put back for each test
that asks for it (`seeded_once`): building it took minutes of the suite's time.
"""

import copy
import os
import re
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from babel.support import Translations
from flask import has_app_context
from flask.testing import FlaskClient
from page_helpers import written_table
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from config import TestingConfig, database_url
from outreach import create_app
from outreach.extensions import db

PASSWORD = "correct horse battery"


def _uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({**_settings(url)})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _settings(url: str) -> dict:
    return {
        key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()
    } | {"SQLALCHEMY_DATABASE_URI": url, "ENV_NAME": "testing"}


# Rows the migrations themselves insert (seeded reference data, such as the supervision
# themes): on PostgreSQL every test ends by emptying the tables, then these are put back.
_REFERENCE_ROWS: dict[str, list[dict]] = {}


def _rows_after_migration(url: str) -> dict[str, list[dict]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = {table.name: [dict(row._mapping) for row in conn.execute(table.select())]
                for table in db.metadata.sorted_tables}
    engine.dispose()
    return {name: found for name, found in rows.items() if found}


@pytest.fixture(scope="session", autouse=True)
def quick_commits():
    """Commits that do not wait for the disk (SQLite's synchronous=OFF, PostgreSQL's
    synchronous_commit=off): the suite commits tens of thousands of times, and a test
    database lost in a crash costs nothing. What is committed, and when, stays the same."""

    def connected(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        try:
            if isinstance(dbapi_connection, sqlite3.Connection):
                cursor.execute("PRAGMA synchronous=OFF")
            else:
                cursor.execute("SET synchronous_commit = off")
                dbapi_connection.commit()
        finally:
            cursor.close()

    event.listen(Engine, "connect", connected)
    yield
    event.remove(Engine, "connect", connected)


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """(dialect, URL of the migrated database or template)."""
    if _uses_postgres():
        server = make_url(database_url())
        name = f"outreach_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
        _migrate(url)
        _REFERENCE_ROWS.update(_rows_after_migration(url))
        yield "postgresql", url
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        template = tmp_path_factory.mktemp("db") / "template.sqlite3"
        _migrate(f"sqlite:///{template}")
        yield "sqlite", str(template)


class Client(FlaskClient):
    """A test client that finds the page's CSRF token the way a browser form carries it."""

    _csrf: str | None = None

    def open(self, *args, **kwargs):
        # Each request gets its own application context, as in production: otherwise the
        # test's context (and Flask-Login's cached user in `g`) would leak between requests.
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test sees what the request committed
        return response

    def csrf_token(self) -> str:
        if self._csrf is None:
            # /account/password is open to every signed-in user, even one who owes a new password.
            page = self.get("/account/password" if self._signed_in() else "/login")
            match = re.search(rb'name="csrf-token" content="([^"]+)"', page.data)
            assert match, f"no CSRF token on the page ({page.status_code} {page.location})"
            self._csrf = match.group(1).decode()
        return self._csrf

    def _signed_in(self) -> bool:
        with self.session_transaction() as session:
            return "_user_id" in session

    def form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def htmx(self, method: str, url: str, data: dict | None = None, **kwargs):
        """An htmx request: the token travels in the X-CSRFToken header."""
        headers = {"HX-Request": "true", **kwargs.pop("headers", {})}
        if method.upper() != "GET":
            headers["X-CSRFToken"] = self.csrf_token()
        return self.open(url, method=method.upper(), data=data, headers=headers, **kwargs)

    def min_side(self):
        """Min side as a browser shows it: the page, then each panel loaded into its place as
        htmx does (a panel with nothing to show leaves no trace). The response is the page's,
        its body the page with the panels in."""
        page = self.get("/")
        if page.status_code != 200:
            return page

        def loaded(slot: re.Match) -> str:
            panel = self.htmx("GET", slot.group(1))
            assert panel.status_code == 200, f"{slot.group(1)} answered {panel.status_code}"
            return panel.get_data(as_text=True)

        html = re.sub(r'<div class="panel-slot"[^>]*hx-get="([^"]+)".*?</noscript>\s*</div>', loaded,
                      page.get_data(as_text=True), flags=re.DOTALL)
        page.set_data(html)
        return page

    def login(self, username: str, password: str = PASSWORD):
        if self._signed_in():
            self.form("/logout")  # one person at a time in this browser
        self._csrf = None
        response = self.form("/login", {"username": username, "password": password})
        self._csrf = None  # the session was renewed at sign-in
        return response




@pytest.fixture(scope="session")
def live_database(database, tmp_path_factory) -> str:
    """The URL every test's app uses. On SQLite one file, which each test starts as a fresh
    copy of the migrated template; on PostgreSQL the suite's database, emptied after each test."""
    dialect, url = database
    if dialect == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('live') / 'test.sqlite3'}"
    return url


@pytest.fixture(scope="session")
def shared_app(live_database):
    """One application for the whole run: building one per test (180 routes to compile) cost
    more than most tests. Each test gets its own database state and its own copy of the
    settings (the `app` fixture restores them afterwards)."""
    application = create_app(_settings(live_database))
    application.test_client_class = Client
    return application


@pytest.fixture
def app_settings(live_database, tmp_path) -> dict:
    """The settings the test's app is built with (make_app builds another on them)."""
    return _settings(live_database) | {"UPLOAD_FOLDER": str(tmp_path / "uploads")}


@pytest.fixture
def make_app(app, app_settings):
    """Another app on the test's database, with some settings changed: make_app(X=1)."""
    from outreach.extensions import limiter

    # Flask-Limiter keeps some settings on its one (global) object, which building another
    # app changes (RATELIMIT_ENABLED, the storage): the shared app gets them back afterwards.
    saved = dict(vars(limiter))

    def make(**overrides):
        other = create_app(app_settings | overrides)
        other.test_client_class = Client
        return other

    yield make
    vars(limiter).clear()
    vars(limiter).update(saved)


@pytest.fixture
def app(shared_app, app_settings, database):
    dialect, template = database
    application = shared_app
    saved = dict(application.config)
    application.config.update(app_settings)
    with application.app_context():
        db.engine.dispose()  # no connection may hold the file being replaced
        if dialect == "sqlite":
            shutil.copyfile(template, make_url(app_settings["SQLALCHEMY_DATABASE_URI"]).database)
        written: set[str] = set()

        # On PostgreSQL a test's teardown empties only the tables it wrote to.
        def note_write(conn, cursor, statement, parameters, context, executemany):
            if table := written_table(statement):
                written.add(table)

        if dialect == "postgresql":
            event.listen(Engine, "before_cursor_execute", note_write)  # every engine: make_app's too
        yield application
        db.session.remove()
        if dialect == "postgresql":
            event.remove(Engine, "before_cursor_execute", note_write)
            # Only the tables the test wrote to are emptied (and their reference rows put
            # back). DELETE is much faster than TRUNCATE on tables this small; the replica
            # role lets it past the audit log's append-only trigger (the suite runs as superuser).
            tables = [t for t in db.metadata.sorted_tables if t.name in written]
            if tables:
                with db.engine.begin() as conn:
                    conn.execute(text("SET LOCAL session_replication_role = replica"))
                    for table in reversed(tables):
                        conn.execute(table.delete())
                    for table in tables:
                        if rows := _REFERENCE_ROWS.get(table.name):
                            conn.execute(table.insert(), rows)
        db.engine.dispose()
    application.config.clear()
    application.config.update(saved)


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def nb(app):
    """The Norwegian text a user sees for an English message id: nb("Sign in")."""
    translations = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], ["nb"])

    def translate(msgid: str, **variables) -> str:
        message = translations.gettext(msgid)
        return message % variables if variables else message

    return translate


@pytest.fixture
def make_user(app):
    """Create an account with a staff profile: make_user("kari", roles=["ec"], teams=[team])."""
    from outreach.auth import services

    def make(username, roles=("professional",), teams=(), password=PASSWORD, must_change=False, **profile):
        user, _ = services.create_user(
            username=username, full_name=profile.pop("full_name", username.title()), roles=list(roles),
            team_ids=[t.id for t in teams], password=password, must_change_password=must_change,
        )
        if profile:
            from outreach.people.services import update_profile

            update_profile(user.profile, profile)
        return user

    return make


@pytest.fixture
def make_team(app):
    from outreach.people import services

    def make(name="Unge voksne", areas=()):
        team = services.create_team(name=name)
        for area in areas:
            services.add_area(team, name=area)
        return team

    return make


# What seeded_once built: (name, day) -> (the database's rows or file, the uploads, the result).
_SNAPSHOTS: dict[tuple, tuple] = {}


@pytest.fixture
def seeded_once(app, database, app_settings, tmp_path_factory):
    """seeded_once(name, build): the database (and uploads) as build() leaves it. build adds to
    what the fixtures before it made (the same ones each time for one name). The first test
    that asks runs build() and keeps a copy; every later one gets the copy put back, which
    takes a fraction of a second where a demo takes seconds to build. Keyed by the day too:
    the demo data counts from today. build's result must be plain data."""
    from outreach.core.timeutil import today_in_oslo

    dialect, _ = database
    uploads = Path(app_settings["UPLOAD_FOLDER"])
    live_file = make_url(app_settings["SQLALCHEMY_DATABASE_URI"]).database

    def seeded(name: str, build):
        key = (name, today_in_oslo())
        if key in _SNAPSHOTS:
            saved, saved_uploads, result = _SNAPSHOTS[key]
            db.session.remove()
            if dialect == "sqlite":
                db.engine.dispose()
                shutil.copyfile(saved, live_file)
            else:
                _put_rows_back(saved)
            if saved_uploads.exists():
                shutil.copytree(saved_uploads, uploads, dirs_exist_ok=True)
            return copy.deepcopy(result)
        result = build()
        db.session.commit()
        folder = tmp_path_factory.mktemp("seeded")
        if dialect == "sqlite":
            db.session.remove()
            db.engine.dispose()
            saved = folder / "database.sqlite3"
            shutil.copyfile(live_file, saved)
        else:
            with db.engine.connect() as conn:
                saved = {table.name: [dict(row._mapping) for row in conn.execute(table.select())]
                         for table in db.metadata.sorted_tables}
        if uploads.exists():
            shutil.copytree(uploads, folder / "uploads")
        _SNAPSHOTS[key] = (saved, folder / "uploads", copy.deepcopy(result))
        return result

    return seeded


def _put_rows_back(saved: dict[str, list[dict]]) -> None:
    """Every table as it was saved (PostgreSQL), and each id sequence past the highest id."""
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # past the audit trigger
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        for table in db.metadata.sorted_tables:
            if rows := saved.get(table.name):
                conn.execute(table.insert(), rows)
                if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT max(id) FROM \"{table.name}\"))"))


def seed_demo_people() -> None:
    from outreach.people.demo import seed

    seed()


def seed_demo_roster() -> None:
    from outreach.shifts.demo import seed

    seed()


@pytest.fixture
def demo(app, seeded_once):
    """The demo section from `flask seed-demo`."""
    seeded_once("people", seed_demo_people)
    return app


@pytest.fixture
def demo_roster(demo, seeded_once):
    """The demo section with its roster: four weeks of shifts from this week's Monday, the first
    two published (outreach/shifts/demo.py, as `flask seed-demo` loads it)."""
    seeded_once("roster", seed_demo_roster)
    return demo


@pytest.fixture
def meanwhile(app):
    """meanwhile(Model, statement): another request's write, committed on its own connection
    at the moment the code under test is about to write a `Model` row (at that flush): after
    the code's checks have read the database, before its own write reaches it. Once."""
    from sqlalchemy import event

    pending, listeners = [], []  # not yet run; all, to remove afterwards

    def arrange(model, statement):
        def write(session, flush_context, instances):
            if write not in pending or not any(
                isinstance(obj, model) for obj in (*session.new, *session.dirty)
            ):
                return
            pending.remove(write)
            with db.engine.begin() as connection:
                connection.execute(statement)

        pending.append(write)
        listeners.append(write)
        event.listen(db.session.session_factory, "before_flush", write)

    yield arrange
    for write in listeners:
        event.remove(db.session.session_factory, "before_flush", write)
    assert not pending, "the other request never ran: the code under test wrote no such row"
