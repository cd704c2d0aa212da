"""`flask --app wsgi backup`, restored the way docs/DEPLOY.md says, gives back the same data.

On SQLite the backup is restored into a new, empty database file (as sqlite3's `.restore`); on
PostgreSQL with `pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error`
into a fresh database made for the test. The restored database is then compared with the one the app was
using: the same tables, the same number of rows in each, the same content in all of them (a
hash of every row, ordered by primary key); and the uploads tar with the uploads folder.
"""

import hashlib
import sqlite3
import subprocess
import tarfile
import threading
import uuid
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from outreach.core import backup as backups
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db

# The tables where a lost or changed row would hurt most: they are named in the failures.
SENSITIVE = ["audit_events", "users", "staff_profiles", "lived_experience", "recruitment_candidates",
             "recruitment_documents"]


@pytest.fixture
def seeded(demo):
    """The demo section (teams, 42 staff, lived experience, the audit rows of it all), and a
    vacancy on Unge voksne with two candidates and their application documents."""
    from outreach.auth.models import User
    from outreach.people.models import Team
    from outreach.recruitment import candidates, documents, vacancies
    from outreach.recruitment.demo import tiny_pdf

    leader = db.session.scalar(select(User).where(User.username == "tl2"))
    team = db.session.scalar(select(Team).where(Team.name == "Unge voksne"))
    vacancy = vacancies.map_need(vacancies.NeedInput(
        team_id=team.id, position_key="ec", title="", experience_codes=["drugs"],
        responsibilities="Oppsøkende arbeid i sentrum.", position_percentage=100, contract="permanent",
        deadline=today_in_oslo() + timedelta(days=14), leader_id=leader.id,
    ), actor=leader)
    vacancies.set_status(vacancy, "open", version=vacancy.version, actor=leader)
    for name, born in [("Kari Kandidat", 1990), ("Ola Søker", 1985)]:
        candidate = candidates.add_candidate(vacancy, candidates.CandidateInput(
            full_name=name, email="kandidat@example.org", phone="40000000", birth_year=born,
            occupation="Miljøarbeider", municipality="Oslo", experience_codes=["drugs"],
        ), actor=leader)
        documents.upload(candidate, filename=f"Søknad {name}.pdf", kind="application", actor=leader,
                         content=tiny_pdf([f"Søknad fra {name}"]))
    return demo


def _snapshot(url: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, sha256 of all rows ordered by primary key)} of every table."""
    engine = create_engine(url)
    try:
        found = {}
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            for name in sorted(names):
                table = db.metadata.tables.get(name)
                if table is not None:
                    order = list(table.primary_key.columns) or list(table.columns)
                    rows = conn.execute(select(table).order_by(*order)).all()
                else:  # alembic_version
                    rows = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY 1')).all()
                digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
                found[name] = (len(rows), digest)
        return found
    finally:
        engine.dispose()


def _run_backup(app, *args: str):
    result = app.test_cli_runner().invoke(args=["backup", *args])
    assert result.exit_code == 0, result.output
    return result


def _restore(app, backup: Path, created: list[str]) -> str:
    """Restore `backup` into an empty database, as docs/DEPLOY.md does; its URL. A database
    made for it goes into `created`, to be dropped afterwards."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        # `sqlite3 restored.sqlite3 ".restore backup.sqlite3"`: into a new, empty database file.
        restored = backup.with_name("restored.sqlite3")
        with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(restored)) as empty:
            source.backup(empty)
        return f"sqlite:///{restored}"
    name = f"outreach_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    target = url.set(database=name).render_as_string(hide_password=False)
    created.append(target)
    conninfo, env = backups.libpq_connection(target)
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                             "--exit-on-error", f"--dbname={conninfo}", str(backup)],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture
def restored_databases(app):
    """Drops the PostgreSQL databases a test restored into."""
    urls: list[str] = []
    yield urls
    for url in urls:
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql":
            admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
            admin.dispose()


def test_backup_restores_to_the_same_data_and_documents(app, seeded, tmp_path, restored_databases):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    before = _snapshot(url)
    uploads = Path(app.config["UPLOAD_FOLDER"])
    documents = {path.relative_to(uploads).as_posix(): path.read_bytes()
                 for path in uploads.rglob("*") if path.is_file()}
    assert len(documents) == 2

    result = _run_backup(app, "--output", f"{tmp_path / 'backups'}/")

    written = sorted((tmp_path / "backups").iterdir())
    suffix = ".dump" if backups.is_postgresql(url) else ".sqlite3"
    assert [path.suffix for path in written] == [".tar", suffix]
    uploads_tar, database_backup = written
    assert uploads_tar.name == f"{database_backup.stem}-uploads.tar"
    for path in written:
        assert f"Wrote {path} (" in result.output
        assert path.stat().st_mode & 0o077 == 0, "a backup is readable by its owner only"

    restored = _restore(app, database_backup, restored_databases)
    after = _snapshot(restored)
    assert sorted(after) == sorted(before)
    assert "alembic_version" in after
    for name in SENSITIVE:
        assert before[name][0] > 0, f"the demo has {name}"
        assert after[name] == before[name], name
    assert after == before

    with tarfile.open(uploads_tar) as tar:
        extracted = tmp_path / "extracted"
        tar.extractall(extracted, filter="data")  # `tar -xf ... -C "$UPLOAD_FOLDER"`
    assert {path.relative_to(extracted).as_posix(): path.read_bytes()
            for path in extracted.rglob("*") if path.is_file()} == documents


def test_backup_without_uploads_and_to_a_named_file(app, make_user, tmp_path):
    make_user("kari")
    target = tmp_path / "nightly" / "outreach.backup"

    _run_backup(app, "--output", str(target), "--without-uploads")

    assert [path.name for path in target.parent.iterdir()] == ["outreach.backup"]
    # Never replaces an existing backup.
    again = app.test_cli_runner().invoke(args=["backup", "--output", str(target)])
    assert again.exit_code != 0
    assert "exists already" in again.output


def test_a_failed_backup_says_why_and_leaves_no_file(app, tmp_path):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'missing.sqlite3'}"
        expected = "does not exist"
    else:
        app.config["SQLALCHEMY_DATABASE_URI"] = url.set(database="outreach_no_such_database").render_as_string(
            hide_password=False)
        expected = "pg_dump failed"

    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path / "out")])

    assert result.exit_code != 0
    assert expected in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_pg_dump_is_named(tmp_path):
    with pytest.raises(backups.BackupError, match="postgresql-client"):
        backups.backup_postgresql("postgresql+psycopg://outreach@127.0.0.1/outreach", tmp_path / "x.dump",
                                  pg_dump="pg_dump-not-installed")
    assert not list(tmp_path.iterdir())


def test_the_password_is_never_on_the_command_line():
    command, env = backups.pg_dump_command("postgresql+psycopg://outreach:s3cr%40t@db.example:5433/outreach?sslmode=require")

    assert env["PGPASSWORD"] == "s3cr@t"
    assert not any("s3cr" in part for part in command)
    assert "host=db.example port=5433 user=outreach dbname=outreach" in command[-1]
    assert "sslmode=require" in command[-1]


def test_a_backup_taken_while_the_app_writes_is_a_consistent_snapshot(app, make_team, tmp_path, restored_databases):
    """Another connection keeps writing a team with its area, one transaction each, while the
    backup runs: the restored database has every such team with its area, none half."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    make_team("Første")
    db.session.remove()
    teams, areas = db.metadata.tables["teams"], db.metadata.tables["areas"]
    writer = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    written, stop = [], threading.Event()

    def write():
        while not stop.is_set():
            with writer.begin() as conn:
                n = len(written)
                team_id = conn.execute(teams.insert().values(name=f"Skriving {n}", description="", active=True,
                                                             version=1)).inserted_primary_key[0]
                conn.execute(areas.insert().values(team_id=team_id, name=f"Område {n}", description="",
                                                   active=True))
            written.append(team_id)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while len(written) < 5:  # writing before the backup starts
            stop.wait(0.01)
        at_start = len(written)
        name = "backup.dump" if backups.is_postgresql(url) else "backup.sqlite3"
        _run_backup(app, "--output", str(tmp_path / name), "--without-uploads")
        at_end = len(written)
    finally:
        stop.set()
        thread.join()
        writer.dispose()
    print(f"\nteams written: {at_start} before the backup, {at_end - at_start} while it ran")
    restored = create_engine(_restore(app, tmp_path / name, restored_databases))
    try:
        with restored.connect() as conn:
            team_count = conn.scalar(text("SELECT count(*) FROM teams WHERE name LIKE 'Skriving %'"))
            halves = conn.scalar(text(
                "SELECT count(*) FROM teams t WHERE t.name LIKE 'Skriving %' "
                "AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.team_id = t.id)"))
    finally:
        restored.dispose()
    assert at_start <= team_count <= at_end + 1  # what was committed while the backup ran, at most one more
    assert halves == 0, "a team without its area: the backup is not one snapshot"
