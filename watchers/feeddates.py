"""Reading the dates feeds write, in the formats real feeds use.

Feeds parse their own dates here rather than trusting feedparser's reading, which
silently misreads some forms; a wrong date is worse than none.

Dates that people type (an item given to ``policywatch stance``) are looser: partial
("2025-07"), approximate ("2025-07 (approx.)", "c. 2021") or in words ("July 2025",
"2025年7月1日"). :func:`parse_loose_date` reads those as the first moment they can
mean, using python-dateutil's fuzzy parser (about 0.1 ms a date, no clock, no
network; dateparser was tried and took 2-4 ms a date, read a bare year with the
current month, and gave up on "(approx.)").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

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


# A year in Chinese, with its month and day when given: "2023年10月25日挂牌", "约2025年7月".
_CHINESE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?")
_YEAR = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")
# What dateutil fills in for a part the text does not give; year 1 means "no year".
_NO_PARTS = datetime(1, 1, 1, tzinfo=UTC)


def parse_loose_date(value: str) -> datetime | None:
    """:func:`parse_date`, or else the earliest moment a partial, approximate or worded
    date can mean ("2025-07 (approx.)" is 1 July 2025), as aware UTC; else None.

    A date without a year ("July 1") is None: reading one would need a clock.
    """
    exact = parse_date(value)
    if exact is not None:
        return exact
    chinese = _CHINESE.search(value)
    if chinese is not None:
        year, month, day = (int(part) for part in chinese.groups(default="1"))
        return _valid(year, month, day)
    try:
        parsed = dateutil_parser.parse(value, default=_NO_PARTS, fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        parsed = _NO_PARTS
    if parsed.year != 1:
        return _as_utc(parsed)
    bare = _YEAR.search(value)  # "2025-13": the year, at least
    return _valid(int(bare.group()), 1, 1) if bare is not None else None


def _valid(year: int, month: int, day: int) -> datetime | None:
    """The date, or its month, or its year, whichever is the most that exists."""
    for parts in ((year, month, day), (year, month, 1), (year, 1, 1)):
        try:
            return datetime(*parts, tzinfo=UTC)
        except ValueError:
            continue
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
