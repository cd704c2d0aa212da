"""Backups of the database and of the uploaded documents, taken while the app runs.

SQLite: the online backup API, which copies the database as one consistent snapshot (other
connections may go on reading and writing meanwhile). PostgreSQL: `pg_dump` in its custom
format, which dumps one transaction snapshot; restore it with `pg_restore` (docs/DEPLOY.md).
The uploads go into a tar next to it.

Each file is written under a temporary name and renamed when complete, so that a half-written
backup is never taken for a whole one, and readable by its owner only: it holds everything
the app keeps about its staff and applicants. No Flask here: the command in outreach/cli.py
passes the URL and the paths.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup that could not be written; the message says why, for the operator."""


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def default_path(url: str, folder: Path, now: datetime) -> Path:
    """folder/outreach-YYYYmmdd-HHMMSS.sqlite3 (or .dump for PostgreSQL)."""
    suffix = ".dump" if is_postgresql(url) else ".sqlite3"
    return Path(folder) / f"outreach-{now:%Y%m%d-%H%M%S}{suffix}"


def uploads_path(database_backup: Path) -> Path:
    """Where the uploads of a database backup go: next to it, outreach-...-uploads.tar."""
    return database_backup.with_name(f"{database_backup.stem}-uploads.tar")


def backup_database(url: str, target: Path, *, pg_dump: str = "pg_dump") -> Path:
    """Write a consistent backup of the database at `url` to `target` (which must not exist)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up.")
        return backup_sqlite(Path(parsed.database), target)
    if backend == "postgresql":
        return backup_postgresql(url, target, pg_dump=pg_dump)
    raise BackupError(f"Backups of {backend} databases are not supported (SQLite and PostgreSQL are).")


def backup_sqlite(database: Path, target: Path) -> Path:
    if not database.is_file():
        raise BackupError(f"The SQLite database {database} does not exist.")
    # Read-only, so that a wrong path can never create an empty database.
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with _writing(target) as partial:
            copy = sqlite3.connect(partial)
            try:
                # pages=-1: the whole database in one step, under one read lock: a snapshot.
                source.backup(copy)
            finally:
                copy.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup of {database} failed: {error}") from error
    finally:
        source.close()
    return target


def libpq_connection(url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection string of a PostgreSQL URL, without its password, and the
    environment for a client program, with the password in PGPASSWORD only: a command line
    is visible to every user of the host."""
    parsed = make_url(url)
    # Query parameters are libpq's own (sslmode, host for a socket directory, ...).
    options = {key: value if isinstance(value, str) else value[-1] for key, value in parsed.query.items()}
    options |= {key: value for key, value in {
        "host": parsed.host, "port": parsed.port, "user": parsed.username, "dbname": parsed.database,
    }.items() if value is not None}
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if parsed.password is not None:
        env["PGPASSWORD"] = parsed.password
    return make_conninfo("", **options), env


def pg_dump_command(url: str, *, pg_dump: str = "pg_dump") -> tuple[list[str], dict[str, str]]:
    """The pg_dump command line for the database at `url`, and the environment it needs."""
    conninfo, env = libpq_connection(url)
    # --no-password: a timer has nobody to answer a prompt; fail instead.
    return [pg_dump, "--format=custom", "--no-password", f"--dbname={conninfo}"], env


def backup_postgresql(url: str, target: Path, *, pg_dump: str = "pg_dump") -> Path:
    if shutil.which(pg_dump) is None:
        raise BackupError(f"{pg_dump} was not found. Install the PostgreSQL client tools of the server's major "
                          "version (Debian: postgresql-client-15 for PostgreSQL 15).")
    command, env = pg_dump_command(url, pg_dump=pg_dump)
    with _writing(target) as partial, open(partial, "wb") as out:
        result = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, env=env, check=False)
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip()
            raise BackupError(f"pg_dump failed (exit status {result.returncode}): {message}")
    return target


def backup_uploads(folder: Path, target: Path) -> Path | None:
    """A tar of everything in `folder` (the uploads), named relative to it so that
    `tar -xf TARGET -C UPLOAD_FOLDER` puts it back; None if there is no such folder."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    with _writing(target) as partial, open(partial, "wb") as out, tarfile.open(fileobj=out, mode="w") as tar:
        for child in sorted(folder.iterdir()):
            tar.add(child, arcname=child.name)
    return target


@contextmanager
def _writing(target: Path):
    """Yield a new, empty file readable by its owner only, next to `target`; rename it to
    `target` if the block succeeds, delete it if not. An existing `target` is never replaced."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; choose another name.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError as error:
        raise BackupError(f"{partial} exists: another backup is being written, or one was interrupted "
                          "(delete the file if no backup is running).") from error
    except OSError as error:
        raise BackupError(f"Cannot write to {target.parent}: {error.strerror}.") from error
    try:
        yield partial
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"
