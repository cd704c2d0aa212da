"""Interval arithmetic: laws checked with hypothesis, and the clock changes in Oslo."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from outreach.shifts.timespan import hours, local_span, longest_gap, overlaps, subtract, union

BASE = datetime(2026, 1, 5, tzinfo=UTC)


@st.composite
def spans(draw):
    start = draw(st.integers(min_value=0, max_value=24 * 60))
    length = draw(st.integers(min_value=1, max_value=12 * 60))
    return (BASE + timedelta(minutes=start), BASE + timedelta(minutes=start + length))


def covered_minutes(span_list) -> set[int]:
    minutes = set()
    for start, end in span_list:
        first = int((start - BASE) / timedelta(minutes=1))
        last = int((end - BASE) / timedelta(minutes=1))
        minutes.update(range(first, last))
    return minutes


@given(st.lists(spans(), max_size=8))
def test_union_covers_the_same_minutes_with_disjoint_sorted_spans(span_list):
    merged = union(span_list)
    assert covered_minutes(merged) == covered_minutes(span_list)
    for first, second in zip(merged, merged[1:], strict=False):
        assert first[1] < second[0]


@given(spans(), st.lists(spans(), max_size=8))
def test_subtract_leaves_exactly_the_uncovered_minutes(span, others):
    rest = subtract(span, others)
    assert covered_minutes(rest) == covered_minutes([span]) - covered_minutes(others)
    assert all(start < end for start, end in rest)


@given(spans(), spans())
def test_overlap_is_symmetric_and_means_a_shared_minute(a, b):
    assert overlaps(a, b) == overlaps(b, a)
    assert overlaps(a, b) == bool(covered_minutes([a]) & covered_minutes([b]))


@given(spans(), st.lists(spans(), max_size=6))
def test_someone_is_uncovered_exactly_when_subtract_is_not_empty(span, others):
    assert (subtract(span, others) == []) == (covered_minutes([span]) <= covered_minutes(others))


def test_touching_spans_do_not_overlap_but_join_in_a_union():
    a = (BASE, BASE + timedelta(hours=2))
    b = (BASE + timedelta(hours=2), BASE + timedelta(hours=3))
    assert not overlaps(a, b)
    assert union([a, b]) == [(BASE, BASE + timedelta(hours=3))]


def test_longest_gap_counts_the_window_edges():
    window = (BASE, BASE + timedelta(days=1))
    busy = [(BASE + timedelta(hours=2), BASE + timedelta(hours=4))]
    assert longest_gap(busy, window) == timedelta(hours=20)
    assert longest_gap([window], window) == timedelta(0)


def test_night_shift_lengths_follow_the_clock_changes_in_oslo():
    # The clocks go back at 03:00 on 25 October 2026 and forward at 02:00 on 29 March 2026.
    assert hours(local_span(date(2026, 10, 24), time(22), time(6))) == 9
    assert hours(local_span(date(2026, 3, 28), time(22), time(6))) == 7
    assert hours(local_span(date(2026, 6, 12), time(22), time(6))) == 8


def test_a_shift_ending_at_or_before_its_start_ends_the_next_day():
    start, end = local_span(date(2026, 6, 12), time(18), time(2))
    assert end - start == timedelta(hours=8)
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert hours(local_span(date(2026, 6, 12), time(9), time(9))) == 24
