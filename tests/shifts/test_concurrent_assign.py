"""Two leaders put the same person on two overlapping shifts at the same moment: each check
must see the other's change, or both pass and the person is booked twice. The second assign
waits for the first to commit (a lock on the person), then is refused as a double booking.

The lock tests are PostgreSQL only: SQLite has no row locks (and one writer at a time). The
planner's check after writing runs on both."""

import os
import threading
from datetime import time, timedelta

import pytest
from notes_helpers import build_crew, make_shift, next_day
from sqlalchemy import event, func, select

from outreach.core.forms import ConflictError
from outreach.extensions import db
from outreach.people.models import StaffProfile
from outreach.shifts import services
from outreach.shifts.models import Shift, ShiftAssignment

postgresql_only = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                     reason="row locks: PostgreSQL only")


def _assign(app, shift_id, person_id, outcome, *, hold=None):
    """A leader's assign in a request of its own; `hold`: (ready, go) events, to stop it just
    before it commits, after its rule check."""
    with app.app_context():
        session = db.session()
        if hold is not None:
            ready, go = hold
            event.listen(session, "before_commit", lambda _session: (ready.set(), go.wait(30)))
        try:
            shift = db.session.get(Shift, shift_id)
            services.assign(shift, db.session.get(StaffProfile, person_id), version=shift.version, reason="Samtidig")
            outcome["result"] = "assigned"
        except services.RuleBlocked as refused:
            outcome["result"] = "refused"
            outcome["rules"] = {v.rule for v in refused.violations}
        except ConflictError:
            outcome["result"] = "conflict"
        finally:
            db.session.remove()


@postgresql_only
def test_the_second_of_two_simultaneous_overlapping_assigns_waits_and_is_refused(app, make_user, make_team):
    crew = build_crew(make_user, make_team)
    day = next_day(9)
    first = make_shift(crew.team, day, people=[], start=time(18), end=time(23), publish=False)
    second = make_shift(crew.team, day, people=[], start=time(20), end=time(23, 30), publish=False)
    person_id, first_id, second_id = crew.fag.profile.id, first.id, second.id
    db.session.commit()

    ready, go = threading.Event(), threading.Event()
    one, two = {}, {}
    leader_one = threading.Thread(target=_assign, args=(app, first_id, person_id, one), kwargs={"hold": (ready, go)})
    leader_one.start()
    assert ready.wait(30), "the first assign did not get to its commit"
    # The first has checked and written, not committed. The second starts now.
    leader_two = threading.Thread(target=_assign, args=(app, second_id, person_id, two))
    leader_two.start()
    leader_two.join(timeout=1.5)
    waited = leader_two.is_alive()
    go.set()
    leader_one.join(timeout=30)
    leader_two.join(timeout=30)

    assert one.get("result") == "assigned"
    assert waited, f"the second assign did not wait for the first: {two}"
    assert two.get("result") == "refused" and "double_booking" in two["rules"]
    db.session.expire_all()
    booked = db.session.scalar(select(func.count()).select_from(ShiftAssignment)
                               .where(ShiftAssignment.staff_id == person_id))
    assert booked == 1


@postgresql_only
def test_the_same_person_put_on_the_same_shift_twice_at_once_is_a_conflict_not_an_error(app, make_user, make_team):
    crew = build_crew(make_user, make_team)
    shift = make_shift(crew.team, next_day(9), people=[], publish=False)
    person_id, shift_id = crew.fag.profile.id, shift.id
    db.session.commit()

    ready, go = threading.Event(), threading.Event()
    one, two = {}, {}
    leader_one = threading.Thread(target=_assign, args=(app, shift_id, person_id, one), kwargs={"hold": (ready, go)})
    leader_one.start()
    assert ready.wait(30)
    leader_two = threading.Thread(target=_assign, args=(app, shift_id, person_id, two))
    leader_two.start()
    leader_two.join(timeout=1.5)
    go.set()
    leader_one.join(timeout=30)
    leader_two.join(timeout=30)

    # The second leader saw the shift without the person: told someone changed it, not a 500.
    assert one.get("result") == "assigned" and two.get("result") == "conflict"


def test_a_plan_a_double_booking_came_into_while_the_solver_ran_is_refused(app, make_user, make_team, monkeypatch):
    # Runs on both databases: the planner's re-check after writing needs no lock to see a
    # change that was committed while it solved.
    from outreach.shifts import planner, planning

    crew = build_crew(make_user, make_team)
    day = next_day(9)
    planned = make_shift(crew.team, day, people=[], start=time(18), end=time(23), publish=False)
    elsewhere = make_shift(crew.other, day, people=[], start=time(20), end=time(23, 30), publish=False)
    planned_id, elsewhere_id = planned.id, elsewhere.id
    solve = planner.solve

    def solve_while_another_leader_assigns(instance):
        result = solve(instance)
        # Meanwhile a leader of the other team puts the planned person on an overlapping shift.
        person_id = next(pid for sid, pid in result.assignments if sid == planned_id)
        shift = db.session.get(Shift, elsewhere_id)
        services.assign(shift, db.session.get(StaffProfile, person_id), version=shift.version, reason="Samtidig")
        return result

    monkeypatch.setattr(planner, "solve", solve_while_another_leader_assigns)
    monday = day - timedelta(days=day.weekday())
    with pytest.raises(ConflictError):
        planning.plan_period(crew.team, monday, monday + timedelta(days=6), actor=crew.leder,
                             time_limit=3)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ShiftAssignment)
                             .where(ShiftAssignment.shift_id == planned_id)) == 0
