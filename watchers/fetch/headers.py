"""HTTP headers of a feed fetch: the ones we send and the Retry-After we read back.

Pure: values in, values out; the time a Retry-After date is measured from is an argument.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from watchers.fetch.policy import FetchPolicy
from watchers.model import FeedState

_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml,"
    " application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
# Retry-After values beyond this are clamped before any arithmetic can overflow.
_LONGEST_RETRY_AFTER = timedelta(days=3650)


def request_headers(state: FeedState, policy: FetchPolicy) -> dict[bytes, bytes]:
    """The headers of a conditional GET: who we are, what we accept, and the validators
    stored in ``state`` (left out when empty)."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": _ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        "If-None-Match": state.etag,
        "If-Modified-Since": state.last_modified,
    }
    return {name.encode(): _header_value(value) for name, value in headers.items() if value}


def _header_value(value: str) -> bytes:
    # Stored validators come from servers; one that sent a non-ASCII ETag must not
    # make every later request fail to encode (httpx encodes str values as ASCII).
    return value.replace("\r", "").replace("\n", "").encode("utf-8")


def parse_retry_after(value: str, now: datetime) -> timedelta | None:
    """Read a Retry-After header: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3).

    Returns how long to wait from ``now`` (zero for a date in the past), or
    None when the value is neither form.
    """
    value = value.strip()
    if value.isdigit():
        return min(timedelta(seconds=min(int(value), 10**10)), _LONGEST_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(when - now, timedelta(0)), _LONGEST_RETRY_AFTER)
