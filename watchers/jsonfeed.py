"""Reading JSON Feed documents into items, by hand (no library needed for JSON).

Pure: decoded text in, a :class:`~watchers.feedfields.ParsedFeed` or a
:class:`~watchers.errors.FeedParseError` out.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from watchers.dedupe import link_key
from watchers.errors import FeedParseError
from watchers.feeddates import parse_date
from watchers.feedfields import ParsedFeed, absolute, clean, first_language, one_line, read_entries
from watchers.htmltext import html_to_text, normalise_whitespace
from watchers.model import Item


def looks_like_json(text: str, mime: str) -> bool:
    """Whether a decoded document is JSON: it opens like JSON, or is typed JSON and not XML."""
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return start in ("{", "[") or ("json" in mime and start != "<")


def parse_json_feed(
    text: str, *, feed_id: str, url: str, language: str, seen: Collection[str] = ()
) -> ParsedFeed:
    """Read a JSON Feed (https://jsonfeed.org/version/1 or 1.1).

    Entries that are not objects are skipped with a warning; entries read before
    (``seen``: see :func:`~watchers.feedfields.to_read`) are left out. Raises
    :class:`FeedParseError` saying "not a feed: ..." for invalid JSON, JSON without a
    JSON Feed version, or ``items`` that is not a list.
    """
    try:
        doc = json.loads(text, strict=False)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FeedParseError(url, f"not a feed: invalid JSON ({exc})") from None
    if not isinstance(doc, dict) or "jsonfeed.org/version/" not in clean(doc.get("version")):
        raise FeedParseError(url, "not a feed: JSON without a JSON Feed version")
    entries = doc.get("items", [])
    if not isinstance(entries, list):
        raise FeedParseError(url, "not a feed: JSON Feed 'items' is not a list")
    feed_language = first_language(doc.get("language"), language)
    objects, warnings = [], []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            objects.append(entry)
        else:
            warnings.append(f"items[{index}] is not an object; skipped")
    items, digests = read_entries(
        objects,
        lambda entry: (url, feed_language, entry),
        lambda entry: _keys(entry, url),
        lambda entry: _json_item(entry, feed_id=feed_id, url=url, language=feed_language),
        seen,
    )
    title = one_line(normalise_whitespace(clean(doc.get("title"))))
    return ParsedFeed(title, items, tuple(warnings), digests)


def _keys(entry: dict[str, Any], url: str) -> tuple[str, str]:
    """The entry's guid and link key, as de-duplication compares them."""
    link = absolute(url, clean(entry.get("url")) or clean(entry.get("external_url")))
    return clean(entry.get("id")), link_key(link)


def _json_item(entry: dict[str, Any], *, feed_id: str, url: str, language: str) -> Item:
    bodies = (
        html_to_text(clean(entry.get("content_html"))),
        normalise_whitespace(clean(entry.get("content_text"))),
        normalise_whitespace(clean(entry.get("summary"))),
    )
    return Item(
        feed_id=feed_id,
        title=one_line(clean(entry.get("title"))),
        text=clean(max(bodies, key=len)),
        guid=clean(entry.get("id")),
        link=absolute(url, clean(entry.get("url")) or clean(entry.get("external_url"))),
        published=parse_date(clean(entry.get("date_published"))),
        updated=parse_date(clean(entry.get("date_modified"))),
        language=first_language(entry.get("language"), language),
    )
