"""Reading the dates feeds write, in the formats real feeds use.

Feeds parse their own dates here rather than trusting feedparser's reading, which
silently misreads some forms; a wrong date is worse than none.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# "2020/1/10 14:33:00", "2025.3.4", "2025年3月4日 08:05" (forum and Chinese CMS styles).
_SLASHED = re.compile(
    r"(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)


def parse_date(value: str) -> datetime | None:
    """RFC 822, ISO 8601 / RFC 3339, or "2020/1/10 14:33:00" style, as aware UTC; else None.

    Times without a zone are taken as UTC.
    """
    value = value.strip()
    if not value:
        return None
    for parse in (parsedate_to_datetime, datetime.fromisoformat, _slashed_date):
        try:
            parsed = parse(value)
        except (ValueError, TypeError, IndexError, OverflowError):
            continue
        if parsed is not None:
            return _as_utc(parsed)
    return None


def _slashed_date(value: str) -> datetime | None:
    match = _SLASHED.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups(default="0"))
    return datetime(year, month, day, hour, minute, second)


def _as_utc(moment: datetime) -> datetime | None:
    try:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
