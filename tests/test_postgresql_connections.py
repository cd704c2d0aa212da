"""The app's PostgreSQL connections start with JIT compilation off: on the app's short queries
it cost more than it saved (docs/PERFORMANCE.md). A PostgreSQL server runs wherever the tests
do, so this is checked in the SQLite run too, by an app built in a process of its own (a
second app in this process would share the extensions' signal handlers with the test app)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")

SHOW_JIT = """
from sqlalchemy import text
from outreach import create_app
from outreach.extensions import db
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "TESTING": True, "SECRET_KEY": "x"})
with app.app_context():
    print(db.session.execute(text("SHOW jit")).scalar(), db.session.execute(text("SHOW statement_timeout")).scalar())
"""


def _settings_of(url: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", "import sys\n" + SHOW_JIT, url], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, env={**os.environ, "OUTREACH_ENV": "testing"})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_apps_postgresql_connections_have_jit_off():
    assert _settings_of(f"{SERVER}/postgres") == ["off", "0"]


def test_options_given_in_the_database_url_are_kept_beside_it():
    assert _settings_of(f"{SERVER}/postgres?options=-c%20statement_timeout%3D1234") == ["off", "1234ms"]


READS_AND_WRITES = """
from sqlalchemy import text
from sqlalchemy.exc import DataError, OperationalError
from outreach import create_app
from outreach.extensions import db
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "TESTING": True, "SECRET_KEY": "x"})
with app.app_context(), db.engine.connect() as conn:
    conn.execute(text("CREATE TEMP TABLE counted (n integer)"))
    conn.commit()
    for n in range(6):  # as six requests that only read, each ended with a rollback
        conn.execute(text("SELECT count(*) FROM counted WHERE n > :n"), {"n": n}).scalar()
        conn.rollback()
    prepared = conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
    conn.rollback()
    conn.execute(text("INSERT INTO counted VALUES (1)"))
    conn.rollback()
    kept = conn.execute(text("SELECT count(*) FROM counted")).scalar()
    conn.rollback()
    try:
        conn.execute(text("SELECT 1 / 0"))
    except DataError:
        conn.rollback()
    after_failure = conn.execute(text("SELECT 2")).scalar()
    pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    with db.engine.connect() as other:  # the server ends this connection in a read
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    try:
        conn.execute(text("SELECT 3"))
    except OperationalError:
        conn.rollback()
    print(prepared, kept, after_failure, conn.execute(text("SELECT 4")).scalar())
"""


def test_reads_keep_their_prepared_statements_and_a_write_is_still_rolled_back():
    """A transaction that only read ends with COMMIT (core/database.py), so psycopg keeps what
    it prepared; one that wrote, or failed, is rolled back as ever, and a connection the server
    ended is given up and replaced."""
    result = subprocess.run([sys.executable, "-c", "import sys\n" + READS_AND_WRITES, f"{SERVER}/postgres"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, env={**os.environ, "OUTREACH_ENV": "testing"})
    assert result.returncode == 0, result.stderr
    prepared, kept, after_the_failure, after_the_broken_connection = (int(word) for word in result.stdout.split())
    assert prepared >= 1
    assert kept == 0
    assert after_the_failure == 2
    assert after_the_broken_connection == 4
