"""Deciding which parsed items are new, edited or already known (pure).

An item is the same as a stored one when, in this order, it has the same guid
in the same feed, the same link (in any feed), or the same content. A known
item whose title or text changed is an edit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from watchers.model import Item

# Query parameters that only track where a click came from; two links that
# differ only in these are the same article.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "spm")


# A poll asks for each item's key several times (looking up, classifying, storing), and
# parsing a URL's query costs more than the rest of de-duplication.
@functools.lru_cache(maxsize=2048)
def link_key(link: str) -> str:
    """A normalised form of ``link`` for de-duplication ("" for no link)."""
    link = link.strip()
    if not link:
        return ""
    parts = urlsplit(link)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), "")
    )[:700]


@dataclass(frozen=True)
class KnownItem:
    """What the store holds about an item, enough to compare."""

    id: int
    feed_id: str
    guid: str
    link_key: str
    content_hash: str
    title: str
    text: str
    version: int


class Change(StrEnum):
    NEW = "new"
    EDITED = "edited"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Classified:
    item: Item
    change: Change
    known: KnownItem | None = None


class _Index:
    def __init__(self, known: Iterable[KnownItem]) -> None:
        self.by_guid: dict[tuple[str, str], KnownItem] = {}
        self.by_link: dict[str, KnownItem] = {}
        self.by_hash: dict[str, KnownItem] = {}
        for k in known:
            self.add(k)

    def add(self, k: KnownItem) -> None:
        if k.guid:
            self.by_guid[(k.feed_id, k.guid)] = k
        if k.link_key:
            self.by_link[k.link_key] = k
        self.by_hash[k.content_hash] = k

    def find(self, item: Item) -> KnownItem | None:
        if item.guid and (k := self.by_guid.get((item.feed_id, item.guid))):
            return k
        if (key := link_key(item.link)) and (k := self.by_link.get(key)):
            return k
        return self.by_hash.get(item.content_hash)


def classify(items: Sequence[Item], known: Iterable[KnownItem]) -> list[Classified]:
    """Label each parsed item NEW, EDITED or UNCHANGED against what is stored.

    An article listed more than once in ``items`` yields one entry: the newest
    copy (by updated/published date, then document order) stands for it.
    """
    index = _Index(known)
    out: list[Classified] = []
    slot_of: dict[int, int] = {}  # id(placeholder) -> position in out
    for item in sorted(items, key=_oldest_first):
        match = index.find(item)
        if match is not None and id(match) in slot_of:
            earlier = out[slot_of[id(match)]]
            out[slot_of[id(match)]] = Classified(item, earlier.change, earlier.known)
            continue
        if match is None:
            entry = Classified(item, Change.NEW)
        elif match.content_hash == item.content_hash:
            entry = Classified(item, Change.UNCHANGED, match)
        else:
            entry = Classified(item, Change.EDITED, match)
        placeholder = _placeholder(item)
        index.add(placeholder)
        slot_of[id(placeholder)] = len(out)
        out.append(entry)
    return out


def _oldest_first(item: Item) -> float:
    stamp = item.updated or item.published
    return stamp.timestamp() if stamp else float("-inf")


def _placeholder(item: Item) -> KnownItem:
    return KnownItem(
        id=0,
        feed_id=item.feed_id,
        guid=item.guid,
        link_key=link_key(item.link),
        content_hash=item.content_hash,
        title=item.title,
        text=item.text,
        version=0,
    )
