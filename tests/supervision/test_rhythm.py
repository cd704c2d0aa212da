"""The rhythm, computed: due dates around month ends and leap years, the new period's
boundary, the first session after the first independent shift, no target, no history."""

from datetime import date, timedelta

import pytest

from outreach.supervision.rhythm import (
    DEFAULT_TARGETS,
    NO_TARGET,
    Reason,
    Target,
    add_months,
    default_target,
    group_due,
    individual_due,
)

EC = DEFAULT_TARGETS["ec"]
PEER = DEFAULT_TARGETS["peer"]


def individual(target=EC, *, start=date(2024, 1, 1), first_shift=None, last=None, planned=None,
               today=date(2026, 3, 1)):
    return individual_due(target, start_date=start, first_shift=first_shift, last_held=last,
                          next_planned=planned, today=today)


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 5, 10), 0, date(2026, 5, 10)),
])
def test_months_are_added_clamped_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_the_defaults_per_role():
    assert (EC.individual_weeks, EC.new_individual_weeks, EC.new_period_months, EC.first_session_days,
            EC.group_months) == (4, 2, 6, 14, 1)
    assert (PEER.individual_weeks, PEER.new_individual_weeks, PEER.new_period_months, PEER.first_session_days,
            PEER.group_months) == (6, 4, 6, 14, 1)
    professional = default_target("professional")
    assert not professional.has_individual and professional.group_months is None
    assert default_target("someone new") == NO_TARGET


def test_group_supervision_after_31_january_is_due_on_28_february_and_overdue_on_1_march():
    last = date(2026, 1, 31)
    on_due = group_due(EC, start_date=date(2020, 1, 1), last_attended=last, today=date(2026, 2, 28))
    assert on_due.due == date(2026, 2, 28) and not on_due.overdue and on_due.overdue_days == 0
    after = group_due(EC, start_date=date(2020, 1, 1), last_attended=last, today=date(2026, 3, 1))
    assert after.overdue and after.overdue_days == 1 and after.reason == Reason.REGULAR


def test_group_supervision_in_a_leap_year_is_due_on_29_february():
    due = group_due(EC, start_date=None, last_attended=date(2024, 1, 30), today=date(2024, 3, 1))
    assert due.due == date(2024, 2, 29) and due.overdue_days == 1


def test_group_supervision_with_no_history_counts_from_the_start_date():
    due = group_due(EC, start_date=date(2026, 1, 31), last_attended=None, today=date(2026, 2, 1))
    assert due.due == date(2026, 2, 28) and due.reason == Reason.FIRST and not due.overdue
    nothing = group_due(EC, start_date=None, last_attended=None, today=date(2026, 2, 1))
    assert nothing.due is None and nothing.reason == Reason.NO_START and not nothing.overdue


def test_no_group_target_means_nothing_is_due():
    due = group_due(default_target("professional"), start_date=date(2020, 1, 1), last_attended=None,
                    today=date(2026, 2, 1))
    assert due.due is None and due.reason == Reason.NO_TARGET and not due.overdue and due.overdue_days == 0


def test_regular_individual_supervision_is_due_four_weeks_after_the_last_one():
    last = date(2026, 1, 5)
    on_due = individual(last=last, today=date(2026, 2, 2))
    assert on_due.due == date(2026, 2, 2) and on_due.reason == Reason.REGULAR and not on_due.overdue
    late = individual(last=last, today=date(2026, 2, 12))
    assert late.overdue and late.overdue_days == 10


def test_a_peer_is_due_every_six_weeks():
    assert individual(PEER, last=date(2026, 1, 5)).due == date(2026, 2, 16)


def test_while_new_the_interval_is_shorter_and_the_boundary_is_the_end_of_the_sixth_month():
    start = date(2026, 1, 31)  # the new period runs to 30 July (31 July is add_months(start, 6))
    assert add_months(start, 6) == date(2026, 7, 31)
    # Two weeks after 16 July is 30 July: still new.
    still_new = individual(start=start, first_shift=date(2026, 2, 2), last=date(2026, 7, 16))
    assert still_new.due == date(2026, 7, 30) and still_new.reason == Reason.NEW
    # Two weeks after 17 July is 31 July: no longer new, the regular four weeks apply.
    regular = individual(start=start, first_shift=date(2026, 2, 2), last=date(2026, 7, 17))
    assert regular.due == date(2026, 8, 14) and regular.reason == Reason.REGULAR


def test_the_first_session_is_due_14_days_after_the_first_independent_shift():
    due = individual(start=date(2026, 1, 1), first_shift=date(2026, 1, 20), today=date(2026, 2, 3))
    assert due.due == date(2026, 2, 3) and due.reason == Reason.FIRST and not due.overdue
    late = individual(start=date(2026, 1, 1), first_shift=date(2026, 1, 20), today=date(2026, 2, 4))
    assert late.overdue and late.overdue_days == 1


def test_a_session_before_the_first_shift_does_not_count_as_the_first_one():
    # An introductory talk on 2 January; the first shift on 20 January: the new interval
    # from the talk (16 January) comes before the first-session date and wins.
    due = individual(start=date(2026, 1, 1), first_shift=date(2026, 1, 20), last=date(2026, 1, 2))
    assert due.due == date(2026, 1, 16) and due.reason == Reason.NEW
    # With only the regular interval (someone who is no longer new), the first-session date wins.
    due = individual(start=date(2020, 1, 1), first_shift=date(2026, 1, 20), last=date(2026, 1, 10))
    assert due.due == date(2026, 2, 3) and due.reason == Reason.FIRST


def test_after_the_first_session_the_interval_applies():
    due = individual(start=date(2026, 1, 1), first_shift=date(2026, 1, 20), last=date(2026, 1, 30))
    assert due.due == date(2026, 2, 13) and due.reason == Reason.NEW


def test_no_history_and_no_shift_yet_means_nothing_is_due_yet():
    due = individual(start=date(2026, 1, 1), first_shift=None, last=None)
    assert due.due is None and due.reason == Reason.NO_SHIFT_YET and not due.overdue


def test_no_first_session_target_counts_from_the_start_date():
    target = Target(individual_weeks=4, new_individual_weeks=2, new_period_months=6)
    due = individual(target, start=date(2026, 1, 1), today=date(2026, 1, 16))
    assert due.due == date(2026, 1, 15) and due.reason == Reason.NEW and due.overdue_days == 1
    no_start = individual(target, start=None, today=date(2026, 1, 16))
    assert no_start.due is None and no_start.reason == Reason.NO_START


def test_no_individual_target_means_nothing_is_due_whatever_the_history():
    for last in (None, date(2020, 1, 1)):
        due = individual(NO_TARGET, first_shift=date(2020, 1, 1), last=last)
        assert due.due is None and due.reason == Reason.NO_TARGET and not due.overdue


def test_a_planned_session_is_shown_but_does_not_cancel_being_overdue():
    today = date(2026, 3, 1)
    planned_late = individual(last=date(2026, 1, 5), planned=today + timedelta(days=3), today=today)
    assert planned_late.overdue and not planned_late.planned_in_time
    planned_in_time = individual(last=date(2026, 2, 20), planned=date(2026, 3, 10), today=today)
    assert planned_in_time.due == date(2026, 3, 20) and planned_in_time.planned_in_time


def test_without_a_new_period_interval_a_new_person_has_the_regular_interval():
    target = Target(individual_weeks=3, new_individual_weeks=None, first_session_days=None)
    due = individual(target, start=date(2026, 1, 1), last=date(2026, 1, 10))
    assert due.due == date(2026, 1, 31) and due.reason == Reason.REGULAR
