"""Time: instants are stored in UTC and shown in Europe/Oslo."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_oslo(value: datetime) -> datetime:
    return value.astimezone(OSLO)
