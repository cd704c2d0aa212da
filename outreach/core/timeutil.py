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


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the end of the month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
