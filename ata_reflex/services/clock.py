"""The current time, behind one seam that tests can replace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """Return a datetime in UTC; SQLite hands back naive values that were stored in UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


CHINA_STANDARD_TIME = timezone(timedelta(hours=8))


def format_local_time(value: datetime | None) -> str:
    """Format a stored UTC time in China Standard Time (UTC+8), the time zone of the app's users."""
    if value is None:
        return ""
    return as_utc(value).astimezone(CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M")
