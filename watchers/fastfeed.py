"""The fast reader of RSS and Atom documents: feedparser-rs, trusted only where it reads
as feedparser does.

feedparser's pure-Python parser costs about fifty times what feedparser-rs (a Rust
parser with feedparser's result layout) costs on the same documents, and it is most
of a poll's work when nothing else is. The two agree on plain documents and differ on
odd ones: feedparser-rs reads no Atom 0.3, no base64 content, no Windows-1252
character references, no ``xml:base``/``xml:lang`` inheritance (nor the bare ``lang``
and ``base`` attributes feedparser honours as well), and maps many extension elements
(``dc:date``, ``media:description``, ``itunes:summary``, ...) differently or not at
all. Where an entry (or the channel) gives its title, publication date, id or
alternate link twice, one keeps the first and the other the last. feedparser-rs also
reads the next element's text into an empty ``<description/>``; such elements are
written out (``<description></description>``) before it reads the document.

So :func:`read_fast` returns its reading only for a document that feedparser-rs read
without complaint (no bozo, a known version, one entry per ``<item>``/``<entry>``
tag) and that holds nothing the two read differently; anything else returns None and
goes to feedparser. Which elements count is taken from feedparser itself: an element
feedparser has a handler for may appear only if it is among the core elements below,
whose reading both parsers share on every document of the shared feedparser corpus
and real-feeds captures (``bench/feed_parsers.py`` measures it; the tests check it).
Among them are an entry's ``<source>`` (where it was first published) and Atom's
``<contributor>``: feedparser files what they hold apart from the entry's own fields,
and so does feedparser-rs.
"""

from __future__ import annotations

import re
from typing import Any

import feedparser.mixin
import feedparser_rs

_MIXIN: Any = feedparser.mixin._FeedParserMixin
# Every element name feedparser gives a meaning to, as ``prefix_local`` in lower case.
_HANDLED = frozenset(
    n.removeprefix("_start_").lower() for n in dir(_MIXIN) if n.startswith("_start_")
)
# Namespace URI (lower case) → the prefix feedparser files its elements under.
_PREFIXES: dict[str, str] = {uri.lower(): prefix for uri, prefix in _MIXIN.namespaces.items()}
_looks_like_html = _MIXIN.looks_like_html


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SHARED = (
    "dc_creator dc_subject dc_publisher dc_rights media_content media_thumbnail media_credit "
    "media_category media_rating media_license media_player media_restriction "
)
# Handled elements whose reading the two parsers share, as spelled in the specifications.
_READ_ALIKE = {
    "rss": _names(
        _SHARED + "rss channel item title link description guid pubDate language author "
        "category enclosure image url width height textInput name generator copyright cloud "
        "webMaster managingEditor lastBuildDate content_encoded source"
    ),
    "atom": _names(
        _SHARED + "feed entry title link id updated published summary content author name "
        "email uri category generator rights subtitle source contributor"
    ),
}
# Elements whose type attribute feedparser honours; feedparser-rs only Atom's text and html.
_TYPED = _names("title subtitle summary content description rights")
# Fields that feedparser takes from the first of two such elements in one item, entry,
# channel or feed and feedparser-rs from the last (or the other way round); a link counts
# when it is an alternate one.
_ONCE = _names("title pubDate published id link")
# What holds such fields. As end tags are not looked at, what follows an Atom source or
# an RSS image or text input in its entry or channel counts as theirs: at worst a
# document goes to feedparser needlessly.
_HOLDERS = {"rss": _names("channel item image textInput"), "atom": _names("feed entry source")}
_NOT_ALTERNATE = re.compile(rb"""\brel\s*=\s*["'](?!alternate["'])""")
_VERSIONS = _names("rss090 rss091n rss091u rss092 rss093 rss094 rss10 rss20 atom10")
# An element that holds a field's text, written empty: <description/>. feedparser-rs reads
# the next element's text into it, and reads <description></description> right.
_EMPTY_TEXT = re.compile(
    rb"<((?:[\w.\-]+:)?(?:title|description|summary|content|encoded|guid|id|pubDate|published"
    rb"|updated|author|name|email|uri|language|link|source))(\s[^<>]*?)?\s*/>"
)
_START_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*)(?::([A-Za-z_][\w.\-]*))?([^>]*)>")
_DECLARATION = re.compile(rb"""xmlns(?::([\w.\-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTRY_TAG = re.compile(rb"<(?:[\w.\-]+:)?(?:item|entry)[\s>/]")
_IMAGE_TAG = re.compile(rb"<image[\s>/]")
_HREF = re.compile(rb"\bhref\s*=")
_TYPE = re.compile(rb"""\btype\s*=\s*["']([^"']*)""")
_MODE = re.compile(rb"""mode\s*=\s*["']""")
# xml:lang and xml:base, and the bare lang and base that feedparser honours alike: a
# language for the element's texts, a base its links and ids are resolved against.
# Found by the name (one pattern each: see _ODD), then told from hreflang="..." or
# x:lang="..." by what precedes it.
_SCOPE = tuple(re.compile(name + rb"""\s*=\s*["']""") for name in (b"lang", b"base"))
# Doctypes and entities, C1 controls (in UTF-8) and the character references feedparser
# reads as Windows-1252.
# One search each: a pattern that begins with a literal is found many times faster.
_ODD = tuple(
    re.compile(p)
    for p in (
        rb"<!(?:DOCTYPE|ENTITY)",
        rb"\xc2[\x80-\x9f]",
        rb"&#0*(?:12[89]|1[3-5]\d);",
        rb"&#[xX]0*[89][0-9a-fA-F];",
    )
)
# What is not markup: character data sections and comments, with their closing marks.
_ASIDE = ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->"))


def read_fast(data: bytes, content_language: str = "") -> dict[str, Any] | None:
    """feedparser's reading of ``data`` (UTF-8), when feedparser-rs can give it.

    The result has the layout of feedparser's for the fields policywatch reads: a feed
    with title, title_detail and language, and entries with title(_detail),
    summary(_detail), content, id, link, published and updated. ``content_language``
    (the Content-Language header) is, as in feedparser, every text's language and the
    feed's when it states none. None when the document must go to feedparser (see the
    module docstring).
    """
    opened = _EMPTY_TEXT.sub(rb"<\1\2></\1>", data)
    result = feedparser_rs.parse(opened, sanitize_html=False, resolve_relative_uris=False)
    version = str(result.version or "")
    if result.bozo or version not in _VERSIONS:
        return None
    entries = result.entries
    if len(entries) != len(_ENTRY_TAG.findall(data)):
        return None
    family = "atom" if version.startswith("atom") else "rss"
    if not _plain(data, family):
        return None
    feed = _node(result.feed, family, content_language)
    feed["language"] = feed["language"] or content_language or None
    return {
        "version": version,
        "feed": feed,
        "entries": [_node(e, family, content_language) for e in entries],
    }


def _node(node: Any, family: str, language: str) -> dict[str, Any]:
    """The fields policywatch reads from a feed or entry, as feedparser lays them out."""
    title = node.get("title")
    title_detail = _detail(node.get("title_detail"), language)
    if family == "rss" and title_detail is not None:
        # feedparser calls an RSS title plain text unless it looks like HTML.
        plain = not (isinstance(title, str) and _looks_like_html(title))
        title_detail["type"] = "text/plain" if plain else "text/html"
    return {
        "title": title,
        "title_detail": title_detail,
        "summary_detail": _detail(node.get("summary_detail"), language),
        "content": [_detail(c, language) for c in node.get("content") or []],
        "id": node.get("id"),
        "link": node.get("link"),
        "published": node.get("published"),
        "updated": node.get("updated"),
        "language": node.get("language"),
    }


def _detail(detail: Any, language: str) -> dict[str, Any] | None:
    if detail is None:
        return None
    return {
        "type": detail.get("type"),
        "value": detail.get("value"),
        "language": detail.get("language") or language or None,
    }


def _plain(data: bytes, family: str) -> bool:
    """Whether the document holds only what both parsers read alike."""
    if any(p.search(data) for p in _ODD) or any(
        data[m.start() - 1 : m.start()].isspace() for m in _MODE.finditer(data)
    ):
        return False  # Atom 0.3's mode attribute (base64 and escaped content)
    bare = _markup(data)
    if any(_scoping(bare, m.start()) for p in _SCOPE for m in p.finditer(bare)):
        return False  # xml:lang, xml:base, lang or base (in a tag, or by chance in text)
    first = _ENTRY_TAG.search(bare)
    if first and _IMAGE_TAG.search(bare, first.start()):
        return False  # an image inside an entry lends it its link in feedparser-rs
    tags = [
        (a.decode("ascii"), b.decode("ascii"), attributes)
        for a, b, attributes in _START_TAG.findall(bare)
    ]
    namespaces = _namespaces(tags)
    if namespaces is None:
        return False
    names = {(a, b): _name(a, b, namespaces) for a, b in {(a, b) for a, b, _ in tags}}
    alike = _READ_ALIKE[family]
    return not _repeats(tags, names, _HOLDERS[family]) and all(
        _shared(names[a, b], attributes, alike, family) for a, b, attributes in set(tags)
    )


def _repeats(
    tags: list[tuple[str, str, bytes]], names: dict[tuple[str, str], str], holders: frozenset[str]
) -> bool:
    """Whether an item, entry, channel or feed holds one of the ``_ONCE`` fields twice."""
    held: set[str] = set()
    for first, second, attributes in tags:
        name = names[first, second]
        if name in holders:
            held = set()
        elif name in _ONCE:
            if name == "link" and _NOT_ALTERNATE.search(attributes):
                continue
            if name in held:
                return True
            held.add(name)
    return False


def _scoping(bare: bytes, at: int) -> bool:
    """Whether the lang= or base= at ``at`` is an attribute feedparser honours."""
    before = bare[max(at - 5, 0) : at]
    return before[-1:].isspace() or (before.endswith(b"xml:") and before[:1].isspace())


def _markup(data: bytes) -> bytes:
    """``data`` without its character data sections and comments (found with find, which
    is many times faster than a regular expression on a megabyte of CDATA)."""
    parts, position = [], 0
    upcoming = {opening: data.find(opening) for opening, _ in _ASIDE}
    while True:
        for opening, _ in _ASIDE:
            if 0 <= upcoming[opening] < position:
                upcoming[opening] = data.find(opening, position)
        found = [(upcoming[opening], close) for opening, close in _ASIDE if upcoming[opening] >= 0]
        if not found:
            parts.append(data[position:])
            return b"".join(parts)
        at, close = min(found)
        parts.append(data[position:at])
        end = data.find(close, at)
        if end < 0:
            return b"".join(parts)
        position = end + len(close)


def _namespaces(tags: list[tuple[str, str, bytes]]) -> dict[str, str] | None:
    """Prefix → namespace URI, None when a prefix is bound to two URIs."""
    bound: dict[str, str] = {}
    for _, _, attributes in tags:
        if b"xmlns" not in attributes:
            continue
        for prefix, double, single in _DECLARATION.findall(attributes):
            uri = (double or single).decode("utf-8", "replace")
            if bound.setdefault(prefix.decode("ascii"), uri) != uri:
                return None
    return bound


def _name(first: str, second: str, namespaces: dict[str, str]) -> str:
    """A tag's name as feedparser files it: ``prefix_local``, the prefix its own."""
    written, local = (first, second) if second else ("", first)
    uri = namespaces.get(written, "")
    prefix = _PREFIXES.get(uri.lower(), written) if uri or written else ""
    return f"{prefix}_{local}" if prefix else local


def _shared(name: str, attributes: bytes, alike: frozenset[str], family: str) -> bool:
    if name.lower() in _HANDLED and name not in alike:
        return False
    closed = attributes.rstrip().endswith(b"/")
    if name == "link" and not _HREF.search(attributes):
        # Atom links carry href; one without it (or an empty RSS <link/>) reads apart.
        return family == "rss" and not closed
    kind = _TYPE.search(attributes) if name in _TYPED else None
    return kind is None or (family == "atom" and kind.group(1) in (b"text", b"html"))
