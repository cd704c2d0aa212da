"""The demo supervision (outreach/supervision/demo.py): a year of it for the demo ECs, with the
overdue, new and waiting cases it means to show, and no client identifiers in any text."""

from datetime import timedelta

import pytest

from outreach.auth.models import User
from outreach.core.identifiers import find_identifiers
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.supervision import demo as supervision_demo
from outreach.supervision.agenda import agenda_for
from outreach.supervision.models import (
    FurtherItem,
    PreparationNote,
    ReflectionEntry,
    SessionAction,
    SessionNote,
    SessionParticipant,
    SupervisionGroup,
    SupervisionSession,
    TalkRequest,
)


@pytest.fixture
def seeded(demo_roster, seeded_once):
    """People, roster and supervision, as `flask seed-demo` loads them."""
    return seeded_once("supervision demo", supervision_demo.seed)


def _today():
    return utcnow().astimezone(OSLO).date()


def _users() -> dict[str, User]:
    return {u.username: u for u in db.session.scalars(db.select(User))}


def _sessions(username: str, kind: str, status: str) -> list[SupervisionSession]:
    user = _users()[username]
    return list(db.session.scalars(
        db.select(SupervisionSession).join(SessionParticipant)
        .where(SessionParticipant.user_id == user.id, SupervisionSession.kind == kind,
               SupervisionSession.status == status)
        .order_by(SupervisionSession.starts_at)))


def _day(session: SupervisionSession):
    return session.starts_at.astimezone(OSLO).date()


def test_every_ec_and_peer_has_the_demo_supervisor_and_ek6_is_new(seeded):
    users = _users()
    supervisor = users["veileder"]
    for username in (*supervision_demo.ECS, *supervision_demo.PEERS):
        assert users[username].profile.supervisor_id == supervisor.id, username
    start = users["ek6"].profile.start_date
    assert 58 <= (_today() - start).days <= 62  # two months ago
    held = _sessions("ek6", "individual", "held")
    assert len(held) == 1 and _day(held[0]) >= start


def test_a_year_of_individual_supervision_with_two_overdue_and_most_planned(seeded):
    today = _today()
    last_held = {}
    for ec in supervision_demo.ECS:
        held = _sessions(ec, "individual", "held")
        assert all(today - timedelta(days=366) <= _day(s) < today for s in held), ec
        assert all(_day(s).weekday() < 5 for s in held), ec
        if ec != "ek6":
            assert len(held) >= 9, (ec, len(held))  # about every four weeks
        last_held[ec] = _day(held[-1])
    overdue = {ec for ec, day in last_held.items() if day < today - timedelta(weeks=8)}
    assert overdue == {"ek4", "ek5"}
    assert all((today - day).days <= 28 for ec, day in last_held.items() if ec not in overdue)

    soon = {ec for ec in supervision_demo.ECS
            if any(today <= _day(s) <= today + timedelta(days=14) for s in _sessions(ec, "individual", "planned"))}
    assert soon == {"ek1", "ek2", "ek3", "ek5", "ek6"}
    assert len(_sessions("ek2", "individual", "cancelled")) == 1

    # Held sessions have themes, a shared summary, mostly private notes and an agreed action.
    held = db.session.scalars(db.select(SupervisionSession).where(SupervisionSession.kind == "individual",
                                                                  SupervisionSession.status == "held")).all()
    assert seeded["individual"] == len(held) > 50
    notes = db.session.scalars(db.select(SessionNote)).all()
    shared = {n.session_id for n in notes if n.kind == "shared"}
    private = {n.session_id for n in notes if n.kind == "private"}
    assert all(s.id in shared and s.themes for s in held)
    assert len(held) / 2 < len(private & {s.id for s in held}) < len(held)
    actions = db.session.scalars(db.select(SessionAction)).all()
    assert {a.session_id for a in actions} >= {s.id for s in held}
    done = [a for a in actions if a.done_at is not None]
    assert len(actions) / 2 < len(done) < len(actions)
    # The latest actions are still open; an EC owns most of them, the supervisor some.
    assert {a.owner.username for a in actions} >= {"veileder", "ek1"}


def test_the_ec_network_meets_monthly_with_attendance_and_minutes(seeded):
    today = _today()
    group = db.session.scalar(db.select(SupervisionGroup).where(SupervisionGroup.name == "EC-nettverket"))
    assert group.supervisor.username == "veileder"
    assert {u.username for u in group.members} == {*supervision_demo.ECS, *supervision_demo.PEERS}
    sessions = db.session.scalars(db.select(SupervisionSession).where(SupervisionSession.group_id == group.id)
                                  .order_by(SupervisionSession.starts_at)).all()
    held = [s for s in sessions if s.status == "held"]
    planned = [s for s in sessions if s.status == "planned"]
    assert 11 <= len(held) == seeded["group"] <= 13
    assert len(planned) == 1 and _day(planned[0]) >= today
    months = {(_day(s).year, _day(s).month) for s in held}
    assert len(months) == len(held)  # one a month
    for session in held:
        assert session.kind == "group" and session.duration_minutes == 120
        assert all(p.attended is not None for p in session.participants)
        assert any(p.attended for p in session.participants)
        assert db.session.scalar(db.select(SessionNote).where(SessionNote.session_id == session.id,
                                                              SessionNote.kind == "shared")).body
    # The new EC joined the network when she started.
    ek6 = _users()["ek6"]
    assert all(ek6.id not in s.participant_ids for s in held if _day(s) < ek6.profile.start_date)


def test_case_supervision_take_further_requests_and_preparation(seeded):
    case = db.session.scalars(db.select(SupervisionSession).where(SupervisionSession.kind == "case")).all()
    assert len(case) == 1 and case[0].status == "held" and len(case[0].participants) >= 2

    items = db.session.scalars(db.select(FurtherItem).order_by(FurtherItem.id)).all()
    agreed = [i for i in items if i.is_shared]
    waiting = [i for i in items if i.agreed_at is None]
    assert len(items) == 2 and len(agreed) == 1 and len(waiting) == 1
    assert agreed[0].recipient == "leader" and agreed[0].session.supervisee.id == agreed[0].supervisee_id

    requests = db.session.scalars(db.select(TalkRequest).where(TalkRequest.status == "open")).all()
    assert len(requests) == 2 and sorted(bool(r.topic) for r in requests) == [False, True]
    assert {r.supervisor.username for r in requests} == {"veileder"}

    preparation = db.session.scalar(db.select(PreparationNote))
    assert preparation.shared and preparation.session.status == "planned"
    assert preparation.author_id in preparation.session.participant_ids


def test_ek1_has_reflection_notes_one_on_the_agenda_of_the_next_session(seeded):
    ek1 = _users()["ek1"]
    entries = db.session.scalars(db.select(ReflectionEntry).where(ReflectionEntry.author_id == ek1.id)).all()
    assert len(entries) == seeded["reflections"] >= 3
    waiting = [e for e in entries if e.bring_to_supervision and e.brought_to_session_id is None]
    brought = [e for e in entries if e.brought_to_session_id is not None]
    assert len(waiting) == 1 and len(brought) == 1
    planned = _sessions("ek1", "individual", "planned")[0]
    assert [e.title for e in agenda_for(planned)] == [waiting[0].title]
    assert brought[0].brought_to_session_id == _sessions("ek1", "individual", "held")[-1].id


def test_no_client_identifiers_in_any_demo_text(seeded):
    texts = supervision_demo.demo_texts()
    texts += db.session.scalars(db.select(SessionNote.body)).all()
    texts += db.session.scalars(db.select(SessionAction.text)).all()
    texts += db.session.scalars(db.select(FurtherItem.body)).all()
    texts += db.session.scalars(db.select(TalkRequest.topic)).all()
    texts += db.session.scalars(db.select(PreparationNote.body)).all()
    for entry in db.session.scalars(db.select(ReflectionEntry)):
        texts += [entry.title, entry.body, entry.asked_before_sharing, entry.why_shared, entry.stopped_in_time,
                  entry.about_whom]
    assert len(texts) > 100
    assert [(text, find_identifiers(text)) for text in texts if find_identifiers(text)] == []


def _snapshot() -> list:
    sessions = db.session.scalars(db.select(SupervisionSession).order_by(SupervisionSession.starts_at,
                                                                         SupervisionSession.kind))
    return [(s.kind, s.status, s.starts_at, s.duration_minutes, sorted((p.user.username, p.attended)
             for p in s.participants), [t.name for t in s.themes]) for s in sessions]


def test_the_demo_is_the_same_for_the_same_day(seeded):
    """Dates come from `today` and choices from a fixed seed: the same day gives the same year."""
    first = _snapshot()
    texts = sorted(db.session.scalars(db.select(SessionNote.body)).all())
    for table in reversed(db.metadata.sorted_tables):  # everything the demo wrote, not the themes
        if table.name.startswith(("supervision_", "reflection_")) and table.name not in (
                "supervision_themes", "supervision_targets"):
            db.session.execute(table.delete())
    db.session.commit()
    supervision_demo.seed()
    assert _snapshot() == first and len(first) > 80
    assert sorted(db.session.scalars(db.select(SessionNote.body)).all()) == texts
