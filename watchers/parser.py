"""Feed documents to items: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

Pure: bytes and headers in, a ``ParsedFeed`` or a ``FeedParseError`` out. This is
the only module that imports feedparser.

Decoding is done here before feedparser sees the document, because feedparser
trusts declarations that real servers get wrong (a UTF-8 body declared UTF-16
loses every entry) and, without chardet, reads undeclared GBK as windows-1252.
The body is handed to feedparser re-encoded as UTF-8 with a matching declaration.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from watchers.errors import FeedParseError
from watchers.htmltext import html_to_text, normalise_whitespace
from watchers.model import Item


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and items, with what was odd about the document."""

    title: str
    items: tuple[Item, ...]
    warnings: tuple[str, ...] = ()


def parse_feed(
    body: bytes,
    *,
    feed_id: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    language: str = "",
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
    JSON, binary data); nothing else escapes.
    """
    if body.startswith(b"\x1f\x8b"):
        raise FeedParseError(url, "not a feed: gzip data (sent without Content-Encoding?)")
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    mime, charset = _content_type(lowered.get("content-type", ""))
    text, notes = _decode(body, charset)
    if _looks_like_json(text, mime):
        parsed = _parse_json_feed(text, feed_id=feed_id, url=url, language=language)
    else:
        parsed = _parse_xml_feed(text, mime, lowered, feed_id=feed_id, url=url, language=language)
    return ParsedFeed(parsed.title, parsed.items, notes + parsed.warnings)


# --- decoding ---------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Without a BOM, the first bytes of "<" or "<?" tell the wide encodings apart
# (XML 1.0, appendix F).
_WIDE_STARTS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
# Supersets read their subsets correctly and survive the odd character outside
# the declared set; browsers read Latin-1 labels as windows-1252 for the same reason.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


def _content_type(value: str) -> tuple[str, str]:
    """Split a Content-Type header into its lower-cased media type and charset."""
    mime, _, params = value.partition(";")
    match = re.search(r"""charset\s*=\s*["']?([^"';\s]+)""", params, re.I)
    return mime.strip().lower(), match.group(1) if match else ""


def _decode(body: bytes, http_charset: str) -> tuple[str, tuple[str, ...]]:
    """Decode ``body`` to text, returning it with notes on any guess that was made.

    Order: a BOM; a wide (UTF-16/32) first character; valid UTF-8 (whatever is
    declared, since GBK or Latin-1 bytes almost never form valid UTF-8 while
    UTF-8 is often mislabelled); the HTTP charset, then the declared one;
    GB18030 when the text reads as common Chinese; finally windows-1252.
    Latin-1 and ASCII labels are tried only after GB18030, because they are
    the default of many servers and say nothing about the document.
    """
    wide = _wide_codec(body)
    if wide:
        return body.decode(wide, errors="replace"), ()
    try:
        return body.decode("utf-8"), _mislabel_note(body, http_charset)
    except UnicodeDecodeError:
        pass
    labels = (_usable_codec(http_charset), _usable_codec(_declared_charset(body)))
    return _decode_labelled(body, [label for label in labels if label])


def _wide_codec(body: bytes) -> str:
    """The codec a BOM or a UTF-16/32 first character announces, else ""."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec
    for start, codec in _WIDE_STARTS:
        if body.startswith(start):
            return codec
    return ""


def _decode_labelled(body: bytes, labels: list[str]) -> tuple[str, tuple[str, ...]]:
    """Decode non-UTF-8 bytes with the first label that fits, or a guess."""
    specific = [label for label in labels if label != "cp1252"]
    for codec in dict.fromkeys([*specific, "gb18030", *labels]):
        decoded = _try_decode(body, codec)
        if decoded is not None and codec in labels:
            return decoded, ()
        if decoded is not None and _reads_as_chinese(decoded):
            return decoded, ("charset guessed: GB18030",)
    if labels:
        note = f"bytes not valid in {labels[0]}; unreadable bytes replaced"
        return body.decode(labels[0], errors="replace"), (note,)
    return body.decode("cp1252", errors="replace"), ("charset guessed: windows-1252",)


def _mislabel_note(body: bytes, http_charset: str) -> tuple[str, ...]:
    """A note for each declared charset that would have read this valid UTF-8 differently."""
    if body.isascii():
        return ()
    labels = [label for label in (http_charset, _declared_charset(body)) if label]
    return tuple(
        f"declared charset {label!r} does not match the bytes; read as UTF-8"
        for label in labels
        if _usable_codec(label) != "utf-8"
    )


def _declared_charset(body: bytes) -> str:
    head = body[:2048]
    match = _DECLARED.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else ""


def _usable_codec(label: str) -> str | None:
    """The Python codec for a charset label, if it is known and ASCII-compatible.

    A UTF-16 label on a body that starts with a one-byte "<" is a mislabel, so
    codecs that do not encode ASCII as itself are refused.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
        name = _SUPERSETS.get(name, name)
        ascii_compatible = "<?xml".encode(name) == b"<?xml"
    except (LookupError, UnicodeError):  # unknown labels and bytes-to-bytes codecs
        return None
    return name if ascii_compatible else None


def _try_decode(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _reads_as_chinese(text: str, sample: int = 4000) -> bool:
    """Whether nearly all non-ASCII characters are in GB2312, the common Chinese set.

    Latin-1 or Big5 bytes read as GB18030 land mostly on rare characters
    outside GB2312, so this tells real Chinese from an accidental decoding.
    """
    wide = [c for c in text[: sample * 4] if ord(c) > 0x7F][:sample]
    if not wide:
        return False
    common = sum(1 for c in wide if _in_gb2312(c))
    return common >= 0.95 * len(wide)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# --- plain-text fields ------------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean(value: object) -> str:
    """A string value with control characters removed; anything else becomes ""."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return _CONTROLS.sub("", value).strip() if isinstance(value, str) else ""


def _plain(value: str, content_type: str) -> str:
    """Text of a field that is HTML when its type says so, plain otherwise."""
    text = html_to_text(value) if "html" in content_type else normalise_whitespace(value)
    return _clean(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_date(value: str) -> datetime | None:
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


# "2020/1/10 14:33:00", "2025.3.4", "2025年3月4日 08:05" (forum and Chinese CMS styles).
_SLASHED = re.compile(
    r"(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)


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


def _absolute(base: str, link: str) -> str:
    """``link`` resolved against the feed's URL when that is a web URL."""
    if not link or urlsplit(base).scheme not in ("http", "https"):
        return link
    try:
        return urljoin(base, link)
    except ValueError:  # a malformed link (e.g. a bad IPv6 literal) is kept as written
        return link


def _language(*candidates: object) -> str:
    for candidate in candidates:
        cleaned = _clean(candidate).lower()
        if cleaned:
            return cleaned
    return ""


# --- JSON Feed --------------------------------------------------------------------------------


def _looks_like_json(text: str, mime: str) -> bool:
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return start in ("{", "[") or ("json" in mime and start != "<")


def _parse_json_feed(text: str, *, feed_id: str, url: str, language: str) -> ParsedFeed:
    """Read a JSON Feed (https://jsonfeed.org/version/1 or 1.1)."""
    try:
        doc = json.loads(text, strict=False)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FeedParseError(url, f"not a feed: invalid JSON ({exc})") from None
    if not isinstance(doc, dict) or "jsonfeed.org/version/" not in _clean(doc.get("version")):
        raise FeedParseError(url, "not a feed: JSON without a JSON Feed version")
    entries = doc.get("items", [])
    if not isinstance(entries, list):
        raise FeedParseError(url, "not a feed: JSON Feed 'items' is not a list")
    feed_language = _language(doc.get("language"), language)
    items, warnings = [], []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            items.append(_json_item(entry, feed_id=feed_id, url=url, language=feed_language))
        else:
            warnings.append(f"items[{index}] is not an object; skipped")
    title = _one_line(normalise_whitespace(_clean(doc.get("title"))))
    return ParsedFeed(title, tuple(items), tuple(warnings))


def _json_item(entry: dict[str, Any], *, feed_id: str, url: str, language: str) -> Item:
    bodies = (
        html_to_text(_clean(entry.get("content_html"))),
        normalise_whitespace(_clean(entry.get("content_text"))),
        normalise_whitespace(_clean(entry.get("summary"))),
    )
    return Item(
        feed_id=feed_id,
        title=_one_line(_clean(entry.get("title"))),
        text=_clean(max(bodies, key=len)),
        guid=_clean(entry.get("id")),
        link=_absolute(url, _clean(entry.get("url")) or _clean(entry.get("external_url"))),
        published=_parse_date(_clean(entry.get("date_published"))),
        updated=_parse_date(_clean(entry.get("date_modified"))),
        language=_language(entry.get("language"), language),
    )


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
) -> ParsedFeed:
    # No Content-Location: feedparser would resolve relative guids against it, and a
    # guid that changes with the feed's URL breaks deduplication. Links are resolved
    # by _absolute instead. Sanitizing is left out because only text is kept, and
    # html_to_text drops what sanitizing would (and hidden fallback text besides).
    response_headers = {"content-type": f"{mime or 'application/xml'}; charset=utf-8"}
    if headers.get("content-language"):
        response_headers["content-language"] = headers["content-language"]
    try:
        result = feedparser.parse(
            io.BytesIO(_as_utf8_xml(text)),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser's lenient parser has crashed on odd input before
        raise FeedParseError(url, f"not a feed: the parser failed ({exc!r})") from None
    entries = result.get("entries") or []
    if not entries and not result.get("version"):
        raise FeedParseError(url, f"not a feed: {_not_a_feed_reason(text, result)}")
    feed: dict[str, Any] = result.get("feed") or {}
    feed_language = _language(dict.get(feed, "language"), language)
    items = tuple(_xml_item(e, feed_id=feed_id, url=url, language=feed_language) for e in entries)
    title = _detail_text(feed, "title")
    return ParsedFeed(title, items, _bozo_warnings(result, len(items)))


def _xml_item(entry: dict[str, Any], *, feed_id: str, url: str, language: str) -> Item:
    details = [d for d in (entry.get("title_detail"), entry.get("summary_detail")) if d]
    return Item(
        feed_id=feed_id,
        title=_detail_text(entry, "title"),
        text=_entry_text(entry),
        guid=_clean(entry.get("id")),
        link=_absolute(url, _clean(entry.get("link"))),
        published=_entry_date(entry, "published"),
        updated=_entry_date(entry, "updated"),
        language=_language(*(d.get("language") for d in details), language),
    )


def _detail_text(node: Mapping[str, Any], key: str) -> str:
    detail = node.get(f"{key}_detail") or {}
    return _one_line(_plain(_clean(node.get(key)), _clean(detail.get("type"))))


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest plain text among the entry's contents and summary."""
    details = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    texts = [_plain(_clean(d.get("value")), _clean(d.get("type"))) for d in details]
    return max(texts, key=len)


def _entry_date(entry: dict[str, Any], key: str) -> datetime | None:
    """The entry's date as written, parsed here.

    feedparser's own reading is not used: it silently misreads "2020/1/10
    14:33:00" as 1 November and rolls "2025-13-45" into the next year, and a
    wrong date is worse than none.
    """
    # dict.get: FeedParserDict maps a missing "updated" to "published", with a warning.
    return _parse_date(_clean(dict.get(entry, key)))


def _bozo_warnings(result: Mapping[str, Any], count: int) -> tuple[str, ...]:
    if not result.get("bozo"):
        return ()
    exc = result.get("bozo_exception")
    return (f"read leniently ({type(exc).__name__}: {exc}); {count} entries kept",)


def _not_a_feed_reason(text: str, result: Mapping[str, Any]) -> str:
    """Why a document with no feed root and no entries was rejected, for the error message."""
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    lowered = head.lower()
    if not head:
        return "the document is empty"
    if "\x00" in head:
        return "binary data, not text"
    if "<script" in lowered and ("location" in lowered or "document.cookie" in lowered):
        return "an HTML page that redirects by JavaScript (likely an anti-bot challenge)"
    if "<html" in lowered or lowered.startswith("<!doctype html"):
        title = re.search(r"<title[^>]*>(.*?)</title", head, re.I | re.S)
        name = _one_line(html_to_text(title.group(1))) if title else ""
        return f"an HTML page titled {name!r}" if name else "an HTML page"
    if "<" not in head:
        return f"no markup; starts with {_one_line(head[:60])!r}"
    exc = result.get("bozo_exception")
    return f"no RSS, RDF or Atom root element ({exc or 'no entries'})"
