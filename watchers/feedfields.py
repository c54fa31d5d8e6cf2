"""What the feed readers share: their result, and how a raw field becomes clean text.

Feed documents hold any JSON or XML value where text is expected; these turn such
a value into a plain string (or "") so a malformed field never fails a whole feed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

from watchers.htmltext import html_to_text, normalise_whitespace
from watchers.model import Item

T = TypeVar("T")

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and items, with what was odd about the document.

    ``entries`` holds a digest of each entry as read (see :func:`entry_digest`), in
    document order, for the next reading of the feed; an entry read before is left out
    of ``items`` (see :func:`to_read`).
    """

    title: str
    items: tuple[Item, ...]
    warnings: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()


def entry_digest(*source: object) -> str:
    """A short digest of everything an item is made from: the entry's fields as the
    reader gave them, and whatever else goes into the item (the feed's URL, its language).
    The same digest means the same item, so the entry need not be made one again."""
    return hashlib.blake2b(repr(source).encode(), digest_size=8).hexdigest()


def read_entries(
    entries: Sequence[T],
    source: Callable[[T], tuple[object, ...]],
    keys: Callable[[T], tuple[str, str]],
    make: Callable[[T], Item],
    seen: Collection[str],
) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """The items of the entries not read before (see :func:`to_read`), and every entry's
    digest. ``source`` gives what an entry's item is made from, ``keys`` its guid and link
    key, ``make`` its item."""
    digests = [entry_digest(*source(e)) for e in entries]
    wanted = to_read(digests, [keys(e) for e in entries] if seen else [], seen)
    return tuple(make(e) for e, read in zip(entries, wanted, strict=True) if read), tuple(digests)


def to_read(
    digests: Sequence[str], keys: Sequence[tuple[str, str]], seen: Collection[str]
) -> list[bool]:
    """Which entries to make items of: those whose digest is not in ``seen`` (the
    digests of the feed's last document read, whose items are stored).

    An entry read before is unchanged since, and de-duplication would only find it so,
    at the cost of turning its HTML into text first. But only an entry whose guid and
    link (``keys``) no other entry of the document shares is left out: where copies of
    one article stand for each other, they are de-duplicated together, as before.
    """
    if not seen:
        return [True] * len(digests)
    count = Counter((n, k) for key in keys for n, k in enumerate(key) if k)
    return [
        digest not in seen or any(count[(n, k)] > 1 for n, k in enumerate(key) if k)
        for digest, key in zip(digests, keys, strict=True)
    ]


def clean(value: object) -> str:
    """A string value with control characters removed; anything else becomes ""."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return _CONTROLS.sub("", value).strip() if isinstance(value, str) else ""


def plain(value: str, content_type: str) -> str:
    """Text of a field that is HTML when its type says so, plain otherwise."""
    text = html_to_text(value) if "html" in content_type else normalise_whitespace(value)
    return clean(text)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, made one space."""
    return " ".join(text.split())


def absolute(base: str, link: str) -> str:
    """``link`` resolved against the feed's URL when that is a web URL."""
    if not link or urlsplit(base).scheme not in ("http", "https"):
        return link
    try:
        return urljoin(base, link)
    except ValueError:  # a malformed link (e.g. a bad IPv6 literal) is kept as written
        return link


def first_language(*candidates: object) -> str:
    """The first candidate that is a non-blank language tag, lower-cased; else ""."""
    for candidate in candidates:
        cleaned = clean(candidate).lower()
        if cleaned:
            return cleaned
    return ""
