"""Interval arithmetic on instants: the ground the shift rules stand on. Pure Python.

A span is a (start, end) pair of timezone-aware datetimes with start < end. Durations
are real elapsed time, so a night shift across a daylight-saving change is as long as
the clock on the wall says it was, not as long as the wall-clock difference.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from outreach.core.timeutil import OSLO

Span = tuple[datetime, datetime]


def overlaps(a: Span, b: Span) -> bool:
    """Do the spans share a moment? Touching ends (a ends as b starts) do not."""
    return a[0] < b[1] and b[0] < a[1]


def union(spans: Iterable[Span]) -> list[Span]:
    """The spans merged into disjoint, sorted spans (touching spans join)."""
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(span: Span, others: Iterable[Span]) -> list[Span]:
    """The parts of `span` that none of `others` covers."""
    remaining: list[Span] = []
    cursor = span[0]
    for start, end in union(others):
        if end <= cursor or start >= span[1]:
            continue
        if start > cursor:
            remaining.append((cursor, start))
        cursor = max(cursor, end)
        if cursor >= span[1]:
            break
    if cursor < span[1]:
        remaining.append((cursor, span[1]))
    return remaining


def clip(span: Span, window: Span) -> Span | None:
    start, end = max(span[0], window[0]), min(span[1], window[1])
    return (start, end) if start < end else None


def hours(span: Span) -> float:
    return (span[1] - span[0]) / timedelta(hours=1)


def longest_gap(busy: Iterable[Span], window: Span) -> timedelta:
    """The longest stretch inside `window` that no busy span covers."""
    gaps = subtract(window, busy)
    return max((end - start for start, end in gaps), default=timedelta(0))


def local_span(day: date, start: time, end: time) -> Span:
    """The span of a shift given as wall-clock times in Oslo; an end at or before the start
    is on the next day (22:00-06:00). Returned in UTC, so its length is real elapsed time."""
    end_day = day if end > start else day + timedelta(days=1)
    starts = datetime.combine(day, start, OSLO)
    ends = datetime.combine(end_day, end, OSLO)
    return starts.astimezone(UTC), ends.astimezone(UTC)
