"""Feed documents to items: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

Pure: bytes and headers in, a ``ParsedFeed`` or a ``FeedParseError`` out. This module
and :mod:`watchers.fastfeed` are the only ones that import a feed parser.

The body is decoded first (:mod:`watchers.fetch.charset`) and re-encoded as UTF-8
with a matching declaration; JSON Feed documents go to :mod:`watchers.jsonfeed`
instead. An RSS or Atom document is read by :func:`watchers.fastfeed.read_fast` when
it gives feedparser's reading (most real feeds, at a fiftieth of the cost), else by
feedparser itself; both readings become items the same way.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

import feedparser

from watchers.dedupe import link_key
from watchers.errors import FeedParseError
from watchers.fastfeed import read_fast
from watchers.feeddates import parse_date
from watchers.feedfields import (
    ParsedFeed,
    absolute,
    clean,
    first_language,
    one_line,
    plain,
    read_entries,
)
from watchers.fetch.charset import content_type, decode
from watchers.jsonfeed import looks_like_json, parse_json_feed
from watchers.model import Item

__all__ = ["ParsedFeed", "parse_feed"]


def parse_feed(
    body: bytes,
    *,
    feed_id: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    language: str = "",
    fast: bool = True,
    seen: Collection[str] = (),
) -> ParsedFeed:
    """Parse a feed document into plain-text items.

    ``headers`` are the HTTP response headers (any case); a charset in
    Content-Type is honoured and Content-Language is the document's default
    language. Relative item links are resolved against ``url``. ``language``
    is the fallback when neither the entry nor the feed states one.

    Returns the items in document order, possibly none for an empty feed.
    Problems that still left entries readable (not well-formed XML, a wrong
    declared charset) become ``warnings``. Raises ``FeedParseError`` saying
    "not a feed: ..." when nothing readable is a feed (an HTML page, broken
    JSON, binary data); nothing else escapes. ``fast=False`` reads every RSS and
    Atom document with feedparser, to compare the two readings. ``seen`` holds the
    entry digests of the feed's last document read (``ParsedFeed.entries``): entries
    read then are left out of the items (see :func:`~watchers.feedfields.to_read`).
    """
    if body.startswith(b"\x1f\x8b"):
        raise FeedParseError(url, "not a feed: gzip data (sent without Content-Encoding?)")
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    mime, charset = content_type(lowered.get("content-type", ""))
    text, notes = decode(body, charset)
    if looks_like_json(text, mime):
        parsed = parse_json_feed(text, feed_id=feed_id, url=url, language=language, seen=seen)
    else:
        parsed = _parse_xml_feed(
            text, mime, lowered, feed_id=feed_id, url=url, language=language, fast=fast, seen=seen
        )
    return replace(parsed, warnings=notes + parsed.warnings)


# --- RSS, RDF and Atom ------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>")
_ENCODING_ATTR = re.compile(r"""encoding\s*=\s*["'][^"']*["']""")
# Characters XML 1.0 forbids; one stray byte would otherwise force the lenient parser.
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _as_utf8_xml(text: str) -> bytes:
    """The document as UTF-8 bytes whose declaration (if any) says so.

    Leading whitespace is dropped: PHP templates often emit blank lines before
    the declaration, which makes the document not well-formed.
    """
    text = _XML_FORBIDDEN.sub("", text.lstrip("\ufeff \t\r\n"))
    declaration = _XML_DECLARATION.match(text)
    if declaration:
        fixed = _ENCODING_ATTR.sub('encoding="utf-8"', declaration.group(0))
        text = fixed + text[declaration.end() :]
    return text.encode("utf-8")


def _parse_xml_feed(
    text: str,
    mime: str,
    headers: Mapping[str, str],
    *,
    feed_id: str,
    url: str,
    language: str,
    fast: bool,
    seen: Collection[str],
) -> ParsedFeed:
    # No Content-Location: feedparser would resolve relative guids against it, and a
    # guid that changes with the feed's URL breaks deduplication. Links are resolved
    # by absolute() instead. Sanitizing is left out because only text is kept, and
    # html_to_text drops what sanitizing would (and hidden fallback text besides).
    data = _as_utf8_xml(text)
    quick = read_fast(data, headers.get("content-language", "")) if fast else None
    result: Mapping[str, Any] = (
        quick if quick is not None else _feedparser(data, mime, headers, url)
    )
    entries = result.get("entries") or []
    if not entries and not result.get("version"):
        raise FeedParseError(url, f"not a feed: {_not_a_feed_reason(text, result)}")
    feed: dict[str, Any] = result.get("feed") or {}
    feed_language = first_language(dict.get(feed, "language"), language)
    items, digests = read_entries(
        entries,
        lambda e: (url, feed_language, *_source(e)),
        lambda e: _keys(e, url),
        lambda e: _xml_item(e, feed_id=feed_id, url=url, language=feed_language),
        seen,
    )
    title = _detail_text(feed, "title")
    return ParsedFeed(title, items, _bozo_warnings(result, len(entries)), digests)


_READ = ("title", "id", "link", "published", "updated")
_DETAILS = ("title_detail", "summary_detail")


def _source(entry: dict[str, Any]) -> tuple[object, ...]:
    """What :func:`_xml_item` makes an item of (dict.get: see :func:`_entry_date`)."""
    details = [dict.get(entry, k) for k in _DETAILS] + list(dict.get(entry, "content") or [])
    return (
        *(dict.get(entry, k) for k in _READ),
        *((dict.get(d, "type"), dict.get(d, "value"), dict.get(d, "language")) if d else None
          for d in details),
    )  # fmt: skip


def _keys(entry: dict[str, Any], url: str) -> tuple[str, str]:
    """The entry's guid and link key, as de-duplication compares them."""
    return clean(entry.get("id")), link_key(absolute(url, clean(entry.get("link"))))


def _feedparser(data: bytes, mime: str, headers: Mapping[str, str], url: str) -> Any:
    response_headers = {"content-type": f"{mime or 'application/xml'}; charset=utf-8"}
    if headers.get("content-language"):
        response_headers["content-language"] = headers["content-language"]
    try:
        return feedparser.parse(
            io.BytesIO(data),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser's lenient parser has crashed on odd input before
        raise FeedParseError(url, f"not a feed: the parser failed ({exc!r})") from None


def _xml_item(entry: dict[str, Any], *, feed_id: str, url: str, language: str) -> Item:
    details = [d for d in (entry.get("title_detail"), entry.get("summary_detail")) if d]
    published = _entry_date(entry, "published")
    updated = _entry_date(entry, "updated")
    return Item(
        feed_id=feed_id,
        title=_detail_text(entry, "title"),
        text=_entry_text(entry),
        guid=clean(entry.get("id")),
        link=absolute(url, clean(entry.get("link"))),
        published=published,
        # Only a date that says more than the publication date: one parser repeats
        # pubDate as the update date, the other does not.
        updated=updated if updated != published else None,
        language=first_language(*(d.get("language") for d in details), language),
    )


def _detail_text(node: Mapping[str, Any], key: str) -> str:
    detail = node.get(f"{key}_detail") or {}
    return one_line(plain(clean(node.get(key)), clean(detail.get("type"))))


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest plain text among the entry's contents and summary."""
    details = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    texts = [plain(clean(d.get("value")), clean(d.get("type"))) for d in details]
    return max(texts, key=len)


def _entry_date(entry: dict[str, Any], key: str) -> datetime | None:
    """The entry's date as written, parsed by :func:`~watchers.feeddates.parse_date`.

    feedparser's own reading is not used: it silently misreads "2020/1/10
    14:33:00" as 1 November and rolls "2025-13-45" into the next year, and a
    wrong date is worse than none.
    """
    # dict.get: FeedParserDict maps a missing "updated" to "published", with a warning.
    return parse_date(clean(dict.get(entry, key)))


def _bozo_warnings(result: Mapping[str, Any], count: int) -> tuple[str, ...]:
    if not result.get("bozo"):
        return ()
    exc = result.get("bozo_exception")
    return (f"read leniently ({type(exc).__name__}: {exc}); {count} entries kept",)


def _not_a_feed_reason(text: str, result: Mapping[str, Any]) -> str:
    """Why a document with no feed root and no entries was rejected, for the error message.

    It says what kind of document came, never what it said: the message reaches chat,
    and the document may be the answer of a server nobody should read from outside.
    """
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    lowered = head.lower()
    if not head:
        return "the document is empty"
    if "\x00" in head:
        return "binary data, not text"
    if "<script" in lowered and ("location" in lowered or "document.cookie" in lowered):
        return "an HTML page that redirects by JavaScript (likely an anti-bot challenge)"
    if "<html" in lowered or lowered.startswith("<!doctype html"):
        return "an HTML page"
    if "<" not in head:
        return "text without markup"
    exc = result.get("bozo_exception")
    return f"no RSS, RDF or Atom root element ({exc or 'no entries'})"
