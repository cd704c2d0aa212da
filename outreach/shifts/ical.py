"""Shifts as iCalendar (RFC 5545): for calendar feeds and the one-off .ics download.

No Flask and no database: the caller passes the shifts and the words (kind labels, names,
links), already in the reader's language.

Each shift keeps one UID for good ("shift-<id>@<domain>"), so that a calendar that fetches
the feed again updates the event instead of adding a copy; SEQUENCE follows the shift's
version, which moves on every change to the shift and to who is on it. Times are in UTC.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//Uteseksjonen//Outreach intranet//NB"
# How often a subscribed calendar should fetch the feed again (a hint; clients decide).
REFRESH = timedelta(hours=1)


def shift_uid(shift_id: int, domain: str, scope: str = "") -> str:
    """The shift's event UID. `scope` tells a team feed's copy of a shift from the copy in a
    person's own feed, for calendar apps that show both side by side."""
    return f"shift-{shift_id}{'-' + scope if scope else ''}@{domain}"


@dataclass(frozen=True)
class ShiftEvent:
    """One shift as it goes into a calendar."""

    shift_id: int
    version: int
    starts_at: datetime
    ends_at: datetime
    kind_label: str
    title: str = ""
    people: tuple[str, ...] = ()  # for a person's own feed: the others on the shift
    areas: tuple[str, ...] = ()
    team: str = ""
    url: str | None = None

    @property
    def summary(self) -> str:
        text = f"{self.kind_label}: {self.title}" if self.title else self.kind_label
        return f"{text} ({', '.join(self.people)})" if self.people else text


def build_calendar(events: Iterable[ShiftEvent], *, name: str, domain: str, scope: str = "",
                   stamp: datetime | None = None) -> Calendar:
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for item in events:
        event = Event()
        event.add("uid", shift_uid(item.shift_id, domain, scope))
        event.add("sequence", item.version)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(UTC))
        event.add("dtend", item.ends_at.astimezone(UTC))
        event.add("summary", item.summary)
        if item.areas:
            event.add("location", ", ".join(item.areas))
        description = [line for line in (item.team, ", ".join(item.people)) if line]
        if item.url:
            description.append(item.url)
            event.add("url", item.url)
        if description:
            event.add("description", "\n".join(description))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar
