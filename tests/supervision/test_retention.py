"""Retention: `flask purge-expired` deletes what was said in sessions older than the setting and
keeps that they happened; old reflection notes go, and old requests for a talk lose their topic."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event, func, select

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision import retention
from outreach.supervision.models import (
    FurtherItem,
    PreparationNote,
    ReflectionEntry,
    SessionAction,
    SessionNote,
    SessionParticipant,
    SupervisionSession,
    SupervisionTheme,
    TalkRequest,
    session_themes,
)

TODAY = date(2026, 3, 12)
SAID = "Vi snakket om triggere på kveldsrunden."


@pytest.fixture
def people(make_user):
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    return {
        "veileder": veileder,
        "eva": make_user("eva", roles=["ec"], full_name="Eva Erfaring", supervisor_id=veileder.id),
        "kim": make_user("kim", roles=["ec"], full_name="Kim Kollega", supervisor_id=veileder.id),
    }


def oslo(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO).astimezone(UTC)


def years_ago(years: int, today: date = TODAY, days: int = 0) -> date:
    return today.replace(year=today.year - years) - timedelta(days=days)


def full_session(people, starts_at: datetime, kind: str = "individual") -> int:
    """A held session with every kind of content; returns its id."""
    veileder, eva, kim = people["veileder"], people["eva"], people["kim"]
    session = SupervisionSession(kind=kind, status="held", starts_at=starts_at, duration_minutes=75,
                                 supervisor_id=veileder.id)
    session.participants = [SessionParticipant(user_id=eva.id, attended=True)]
    if kind == "group":
        session.participants.append(SessionParticipant(user_id=kim.id, attended=False))
    session.themes = list(db.session.scalars(select(SupervisionTheme).order_by(SupervisionTheme.id).limit(2)))
    db.session.add(session)
    db.session.flush()
    db.session.add_all([
        SessionNote(session_id=session.id, kind="shared", body=SAID, updated_by_id=eva.id),
        SessionNote(session_id=session.id, kind="private", body="Veileders egne notater.",
                    updated_by_id=veileder.id),
        SessionAction(session=session, text="Skrive ned tre tegn", owner_id=eva.id, due_date=TODAY),
        SessionAction(session=session, text="Sende kursinfo", owner_id=veileder.id),
        FurtherItem(session=session, supervisee_id=eva.id, recipient="leader", body="Færre nattrunder",
                    written_by_id=veileder.id, agreed_at=starts_at),
        PreparationNote(session=session, author_id=eva.id, body="Jeg vil snakke om søvn", shared=True),
    ])
    db.session.commit()
    return session.id


def content_of(session_id: int) -> dict[str, int]:
    db.session.expire_all()
    count = lambda model: db.session.scalar(  # noqa: E731
        select(func.count()).select_from(model).where(model.session_id == session_id))
    return {
        "notes": count(SessionNote), "actions": count(SessionAction), "further": count(FurtherItem),
        "preparations": count(PreparationNote),
        "themes": db.session.scalar(select(func.count()).select_from(session_themes)
                                    .where(session_themes.c.session_id == session_id)),
    }


FULL = {"notes": 2, "actions": 2, "further": 1, "preparations": 1, "themes": 2}
EMPTY = dict.fromkeys(FULL, 0)


def purges():
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "supervision.purge")).all()


def test_an_old_session_loses_its_content_and_keeps_its_facts(people):
    old = full_session(people, oslo(years_ago(6)), kind="group")
    recent = full_session(people, oslo(years_ago(4)))
    before = db.session.get(SupervisionSession, old)
    version = before.version

    result = retention.purge_expired(today=TODAY)

    assert content_of(old) == EMPTY and content_of(recent) == FULL
    session = db.session.get(SupervisionSession, old)
    # That it happened: when, what kind, how long, who supervised, who was there and who came.
    assert (session.kind, session.status, session.duration_minutes) == ("group", "held", 75)
    assert session.starts_at == oslo(years_ago(6)) and session.supervisor_id == people["veileder"].id
    assert {(p.user_id, p.attended) for p in session.participants} == {
        (people["eva"].id, True), (people["kim"].id, False)}
    assert session.content_purged_at is not None and session.version == version + 1
    assert db.session.get(SupervisionSession, recent).content_purged_at is None

    assert (result.sessions, result.notes, result.actions, result.further_items, result.preparations,
            result.theme_links) == (1, 2, 2, 1, 1, 2)
    [row] = purges()
    assert row.actor_id is None and row.kind == "change"  # the system, not a person
    assert "before 2021-03-12" in row.summary and "sessions 1" in row.summary and "notes 2" in row.summary
    for said in ("triggere", "Veileders", "tegn", "nattrunder", "søvn", "eva", "Eva"):
        assert said not in row.summary


def test_the_boundary_is_a_day_in_oslo(people):
    cutoff = years_ago(5)  # 12 March 2021: from this day on, content is kept
    assert retention.cutoff_date(TODAY, 5) == cutoff
    first_kept = full_session(people, oslo(cutoff, 0, 5))
    last_purged = full_session(people, oslo(cutoff - timedelta(days=1), 23, 55))
    retention.purge_expired(today=TODAY)
    assert content_of(first_kept) == FULL and content_of(last_purged) == EMPTY
    # The next day, the session of the boundary day goes too.
    retention.purge_expired(today=TODAY + timedelta(days=1))
    assert content_of(first_kept) == EMPTY


def test_29_february_counts_from_28_february():
    assert retention.cutoff_date(date(2028, 2, 29), 5) == date(2023, 2, 28)
    assert retention.cutoff_date(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_the_setting_decides_how_long(app, people):
    app.config["SUPERVISION_RETENTION_YEARS"] = 2
    three = full_session(people, oslo(years_ago(3)))
    one = full_session(people, oslo(years_ago(1)))
    result = retention.purge_expired(today=TODAY)
    assert result.years == 2 and result.cutoff == date(2024, 3, 12)
    assert content_of(three) == EMPTY and content_of(one) == FULL


def test_old_reflection_notes_go_and_old_requests_lose_their_topic(people):
    eva, veileder = people["eva"], people["veileder"]
    db.session.add_all([
        ReflectionEntry(author_id=eva.id, written_on=years_ago(5, days=1), title="Gammelt notat"),
        ReflectionEntry(author_id=eva.id, written_on=years_ago(5), title="Notat fra grensedagen"),
        ReflectionEntry(author_id=eva.id, written_on=years_ago(1), title="Nytt notat"),
        TalkRequest(requester_id=eva.id, supervisor_id=veileder.id, topic="Gammelt tema",
                    created_at=oslo(years_ago(6)), status="closed"),
        TalkRequest(requester_id=eva.id, supervisor_id=veileder.id, topic="Nytt tema", created_at=oslo(TODAY)),
    ])
    db.session.commit()
    result = retention.purge_expired(today=TODAY)
    assert (result.reflections, result.request_topics, result.sessions) == (1, 1, 0)
    assert set(db.session.scalars(select(ReflectionEntry.title))) == {"Notat fra grensedagen", "Nytt notat"}
    requests = db.session.scalars(select(TalkRequest).order_by(TalkRequest.id)).all()
    assert [(r.topic, r.status) for r in requests] == [("", "closed"), ("Nytt tema", "open")]  # the rows stay
    assert len(purges()) == 1


def test_a_dry_run_counts_and_changes_nothing(people):
    old = full_session(people, oslo(years_ago(7)))
    full_session(people, oslo(years_ago(2)))
    db.session.add(ReflectionEntry(author_id=people["eva"].id, written_on=years_ago(6), title="Gammelt"))
    db.session.commit()
    result = retention.purge_expired(today=TODAY, dry_run=True)
    assert result.dry_run and result.counts() == {
        "sessions": 1, "notes": 2, "actions": 2, "further_items": 1, "preparations": 1, "theme_links": 2,
        "reflections": 1, "request_topics": 0}
    assert content_of(old) == FULL and db.session.get(SupervisionSession, old).content_purged_at is None
    assert db.session.scalar(select(func.count()).select_from(ReflectionEntry)) == 1
    assert purges() == []
    # And the real run deletes what the dry run counted.
    assert retention.purge_expired(today=TODAY).counts() == result.counts()


def test_purging_again_changes_nothing(people):
    old = full_session(people, oslo(years_ago(6)))
    retention.purge_expired(today=TODAY)
    purged_at = db.session.get(SupervisionSession, old).content_purged_at
    again = retention.purge_expired(today=TODAY)
    assert again.total == 0 and len(purges()) == 1
    assert db.session.get(SupervisionSession, old).content_purged_at == purged_at


def test_many_sessions_go_in_batches(people):
    old = [full_session(people, oslo(years_ago(6, days=n))) for n in range(5)]
    commits = []

    def committed(session):
        commits.append(1)

    event.listen(db.session.session_factory, "after_commit", committed)
    try:
        result = retention.purge_expired(today=TODAY, batch_size=2)
    finally:
        event.remove(db.session.session_factory, "after_commit", committed)
    assert result.sessions == 5 and result.notes == 10
    assert all(content_of(session_id) == EMPTY for session_id in old)
    assert len(commits) == 4  # three batches of sessions (2, 2, 1), then the rest and the audit row
    assert len(purges()) == 1


def test_the_command(app, people):
    today = utcnow().astimezone(OSLO).date()
    old = full_session(people, oslo(years_ago(6, today)))
    recent = full_session(people, oslo(years_ago(1, today)))
    runner = app.test_cli_runner()

    result = runner.invoke(args=["purge-expired", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "1 sessions, 2 notes, 2 actions" in result.output
    assert content_of(old) == FULL and purges() == []

    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert "Deleted" in result.output and "1 sessions" in result.output and "(5 years)" in result.output
    assert content_of(old) == EMPTY and content_of(recent) == FULL and len(purges()) == 1

    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0 and "No supervision content" in result.output and len(purges()) == 1


@pytest.mark.parametrize("years", [0, -1])
def test_the_command_refuses_a_setting_that_would_delete_everything(app, people, years):
    old = full_session(people, oslo(years_ago(6, utcnow().astimezone(OSLO).date())))
    app.config["SUPERVISION_RETENTION_YEARS"] = years
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert result.exit_code != 0 and "SUPERVISION_RETENTION_YEARS" in result.output
    assert content_of(old) == FULL
