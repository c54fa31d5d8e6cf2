"""Parsers for the records that say what is watched: entities, claims and feeds.

Each turns one value, as YAML produced it, into a domain value of
:mod:`watchers.model` and raises :class:`~watchers.errors.ConfigError` naming the file
and the path (an :class:`~watchers.config.values.At`). Routes and settings are
:mod:`watchers.config.service`'s; whole documents and references between files are
:mod:`watchers.config.documents`' concern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit
from urllib.request import url2pathname

from watchers.config.values import (
    ENTITY_ID,
    At,
    describe,
    duration,
    fields,
    flag,
    identifier,
    listed,
    references,
    text,
    texts,
)
from watchers.model import Alias, Article, Claim, Entity, EntityKind, FeedSpec, SourceRef
from watchers.schedules import MIN_SCHEDULE

_T = TypeVar("_T")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def parse_entity(value: object, at: At) -> Entity:
    """One ``entities`` record."""
    m = fields(
        value,
        at,
        ("id", "kind", "name_en"),
        ("name_zh", "aliases", "unverified", "sources", "note", "numbered_after", "within"),
    )
    return Entity(
        id=identifier(m["id"], at.key("id"), ENTITY_ID),
        kind=_entity_kind(m["kind"], at.key("kind")),
        name_en=text(m["name_en"], at.key("name_en")),
        name_zh=text(m.get("name_zh", ""), at.key("name_zh"), empty=True),
        aliases=_items(m.get("aliases"), at.key("aliases"), parse_alias),
        unverified=flag(m.get("unverified", False), at.key("unverified")),
        sources=_items(m.get("sources"), at.key("sources"), parse_source),
        note=text(m.get("note", ""), at.key("note"), empty=True),
        numbered_after=_reference(m, "numbered_after", at),
        within=_reference(m, "within", at),
    )


def _reference(m: Mapping[str, object], key: str, at: At) -> str:
    """An optional entity id under ``key``; checked against the list once it is read."""
    return identifier(m[key], at.key(key), ENTITY_ID) if key in m else ""


def _items(value: object, at: At, parse: Callable[[object, At], _T]) -> tuple[_T, ...]:
    return tuple(parse(v, at.index(i)) for i, v in enumerate(listed(value, at)))


def _entity_kind(value: object, at: At) -> EntityKind:
    kinds = [k.value for k in EntityKind]
    if not isinstance(value, str) or value not in kinds:
        raise at.error(f"expected one of {', '.join(kinds)}, got {describe(value)}")
    return EntityKind(value)


def parse_alias(value: object, at: At) -> Alias:
    """An alias: a plain string, or ``{text, context: [words]}`` for an ambiguous one."""
    if isinstance(value, str):
        return Alias(text(value, at))
    m = fields(value, at, ("text",), ("context",))
    context = texts(m.get("context"), at.key("context"))
    if "context" in m and not context:
        raise at.key("context").error("expected at least one context word")
    return Alias(text(m["text"], at.key("text")), context)


def parse_source(value: object, at: At) -> SourceRef:
    """Where something was asserted: ``{article, quote, url}``; an article or url is needed."""
    m = fields(value, at, (), ("article", "quote", "url"))
    source = SourceRef(
        article=text(m.get("article", ""), at.key("article"), empty=True),
        quote=text(m.get("quote", ""), at.key("quote"), empty=True),
        url=text(m.get("url", ""), at.key("url"), empty=True),
    )
    if not (source.article.strip() or source.url.strip()):
        raise at.error("a source needs an article or a url")
    return source


def parse_article(value: object, at: At) -> Article:
    """One ``articles`` record: ``{id, title, description, publisher, date, url}``; the id
    and a title or a description are needed."""
    m = fields(value, at, ("id",), ("title", "description", "publisher", "date", "url"))
    article = Article(
        id=text(m["id"], at.key("id")),
        **{
            key: text(m.get(key, ""), at.key(key), empty=True)
            for key in ("title", "description", "publisher", "date", "url")
        },
    )
    if not (article.title.strip() or article.description.strip()):
        raise at.error("an article needs a title or a description")
    return article


def parse_claim(value: object, at: At, entity_ids: frozenset[str]) -> Claim:
    """One ``claims`` record; its entities must be declared. Facts are derived later."""
    m = fields(value, at, ("id", "text", "source"), ("entities", "retired", "note"))
    return Claim(
        id=identifier(m["id"], at.key("id")),
        text=text(m["text"], at.key("text")),
        entities=references(m.get("entities"), at.key("entities"), entity_ids, "entity"),
        source=parse_source(m["source"], at.key("source")),
        retired=flag(m.get("retired", False), at.key("retired")),
        note=text(m.get("note", ""), at.key("note"), empty=True),
    )


def parse_feed(value: object, at: At, directory: Path) -> FeedSpec:
    """One ``feeds`` record. A url without a scheme is a file relative to ``directory``."""
    m = fields(value, at, ("id", "url"), ("interval", "language", "tags", "title"))
    url = feed_url(m["url"], at.key("url"), directory)
    # Remote feeds are polled at most once a minute; reading a local file costs nothing.
    minimum = MIN_SCHEDULE if url.startswith("http") else timedelta(0)
    return FeedSpec(
        id=identifier(m["id"], at.key("id")),
        url=url,
        interval=duration(m.get("interval", "30m"), at.key("interval"), minimum),
        language=text(m.get("language", ""), at.key("language"), empty=True),
        tags=texts(m.get("tags"), at.key("tags")),
        title=text(m.get("title", ""), at.key("title"), empty=True),
    )


def feed_url(value: object, at: At, directory: Path) -> str:
    """An http(s) URL as written, or an absolute ``file://`` URL for a file path."""
    url = text(value, at).strip()
    if url.startswith(("http://", "https://")):
        if not urlsplit(url).hostname:
            raise at.error(f"expected a URL with a host name, got {url!r}")
        return url
    if url.startswith("file://"):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise at.error(f"expected an absolute file:///path URL, got {url!r}")
        return Path(url2pathname(parts.path)).resolve().as_uri()
    if _SCHEME.match(url) or url.startswith("www."):
        raise at.error(f"expected an http(s) URL or a file path, got {url!r}")
    return (directory / url).resolve().as_uri()
