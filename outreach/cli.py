"""Flask commands: `flask --app wsgi seed-demo`, `create-user`, `purge-expired`, `backup`."""

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func

from outreach.auth.models import ROLE_LABELS
from outreach.extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(purge_expired)
    app.cli.add_command(backup)


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Add demo data even if the database has users.")
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) if the database has users.")
def seed_demo(force: bool, if_empty: bool) -> None:
    """Build the demo section: four teams, about 40 staff, all with the password 'demo', four
    weeks of rosters from this week's Monday, and a year of supervision back from today."""
    from outreach.auth.models import User
    from outreach.people.demo import DEMO_LOGINS, seed

    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("seed-demo refuses to run in production mode.")
    has_users = db.session.scalar(db.select(func.count()).select_from(User)) > 0
    if has_users and not force:
        if if_empty:
            click.echo("The database has data already; demo data not loaded.")
            return
        raise click.ClickException("The database has users already. Use --force to add demo data anyway.")
    seed()
    from outreach.shifts.demo import seed as seed_roster

    roster = seed_roster()
    click.echo(f"Demo roster: {roster['shifts']} shifts from {roster['first']:%d.%m.%Y} to {roster['last']:%d.%m.%Y}, "
               f"the first two weeks published.")
    from outreach.supervision.demo import seed as seed_supervision

    supervision = seed_supervision()
    click.echo(f"Demo supervision: {supervision['held']} sessions held in the last year "
               f"({supervision['group']} of them in the EC network), {supervision['planned']} planned, "
               f"{supervision['requests']} requests for a talk, {supervision['reflections']} reflection notes.")
    from outreach.recruitment.demo import seed as seed_recruitment

    hiring = seed_recruitment()
    click.echo(f"Demo recruitment: {hiring.get('vacancies', 0)} vacancies, {hiring.get('candidates', 0)} candidates, "
               f"{hiring.get('interviews', 0)} interviews, {hiring.get('plans', 0)} onboarding plan(s).")
    from outreach.jobs.demo import seed as seed_jobs

    jobs = seed_jobs()
    click.echo(f"Demo job descriptions: {jobs['descriptions']} signed, with ek1's three versions and a proposal.")
    from outreach.hkh.demo import seed as seed_hkh

    hkh = seed_hkh()
    click.echo(f"Demo HKH: {hkh['archived']} earlier projects; «{hkh['running']}» running, with "
               f"{hkh['entries']} field log entries and {hkh['findings']} findings.")
    click.echo("Demo data loaded. Sign in with password 'demo' as: " + ", ".join(DEMO_LOGINS))


@click.command("create-user")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option("--email", default=None)
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([role.value for role in ROLE_LABELS]), help="Repeat for several roles.")
def create_user(username: str, full_name: str, email: str | None, roles: tuple[str, ...]) -> None:
    """Create an account with a one-time password that must be changed at first sign-in."""
    from outreach.auth import services
    from outreach.core.forms import FieldError

    try:
        user, password = services.create_user(
            username=username, full_name=full_name, email=email, roles=list(roles)
        )
    except FieldError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.username}. First password (shown once): {password}")


@click.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge_expired(dry_run: bool) -> None:
    """Delete personal data past its retention: supervision content older than
    SUPERVISION_RETENTION_YEARS (default 5: notes, summaries, actions, items taken further,
    preparation and reflection notes, the topics of requests for a talk; that a session
    happened is kept), and candidates not hired, RECRUITMENT_RETENTION_MONTHS (default 6)
    after their vacancy closed (anonymous counts are kept)."""
    from outreach.recruitment.retention import purge_expired as purge_candidates
    from outreach.supervision.retention import purge_expired as purge_supervision

    try:
        result = purge_supervision(dry_run=dry_run)
        hiring = purge_candidates(dry_run=dry_run)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in result.counts().items())
    before = f"from before {result.cutoff:%d.%m.%Y} ({result.years} years)"
    closed = f"of vacancies closed before {hiring.cutoff:%d.%m.%Y} ({hiring.months} months)"
    found = f"{hiring.candidates} candidate(s) and {hiring.documents} document(s) of {hiring.vacancies} vacancies"
    if dry_run:
        click.echo(f"Dry run, nothing deleted. Would delete supervision content {before}: {counts}.")
        click.echo(f"Would delete candidates not hired {closed}: {found}.")
        return
    if result.total:
        click.echo(f"Deleted supervision content {before}: {counts}.")
    else:
        click.echo(f"No supervision content {before} to delete.")
    if hiring.total:
        click.echo(f"Deleted candidates not hired {closed}: {found}.")
    else:
        click.echo(f"No candidates to delete {closed}.")


@click.command("backup")
@click.option("--output", default=None,
              help="The backup file, or a folder (existing, or ending in /) for the default name "
                   "(default: instance/backups/outreach-<YYYYmmdd-HHMMSS>.sqlite3 or .dump, UTC).")
@click.option("--with-uploads/--without-uploads", default=True, show_default=True,
              help="Also write the uploaded documents (UPLOAD_FOLDER) as a tar next to the database backup.")
def backup(output: str | None, with_uploads: bool) -> None:
    """Write a consistent backup of the database while the app runs (SQLite: the online
    backup API; PostgreSQL: pg_dump in custom format), and of the uploaded documents.
    The restore is in docs/DEPLOY.md."""
    from outreach.core import backup as backups
    from outreach.core.timeutil import utcnow

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if output is None:
        target = backups.default_path(url, Path(current_app.instance_path) / "backups", utcnow())
    elif output.endswith("/") or Path(output).is_dir():
        target = backups.default_path(url, Path(output), utcnow())
    else:
        target = Path(output)
    try:
        _echo_written(backups.backup_database(url, target))
        if with_uploads:
            # After the database: a document uploaded meanwhile is in the tar without its row
            # (harmless), never a row without its document.
            folder = Path(current_app.config["UPLOAD_FOLDER"])
            if uploads := backups.backup_uploads(folder, backups.uploads_path(target)):
                _echo_written(uploads)
            else:
                click.echo(f"No upload folder at {folder}; no uploads written.")
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error


def _echo_written(path: Path) -> None:
    from outreach.core.backup import human_size

    click.echo(f"Wrote {path} ({human_size(path.stat().st_size)})")
