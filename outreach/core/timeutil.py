"""Time: instants are stored in UTC and shown in Europe/Oslo. Pure: no Flask."""

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_oslo(value: datetime) -> datetime:
    return value.astimezone(OSLO)


def today_in_oslo() -> date:
    return utcnow().astimezone(OSLO).date()


# The days a page can be asked for. Outside them the arithmetic around a day (its week, the
# hours either side, Oslo midnight in UTC) would leave the calendar: 1 January of year 1 less a day.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def parse_day(value: str | None) -> date | None:
    """An ISO day (2026-12-03) from FIRST_DAY to LAST_DAY, or None for anything else."""
    try:
        day = date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None
    return day if in_calendar(day) else None


def in_calendar(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the end of the month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
