"""What the feed readers share: their result, and how a raw field becomes clean text.

Feed documents hold any JSON or XML value where text is expected; these turn such
a value into a plain string (or "") so a malformed field never fails a whole feed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from watchers.htmltext import html_to_text, normalise_whitespace
from watchers.model import Item

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and items, with what was odd about the document."""

    title: str
    items: tuple[Item, ...]
    warnings: tuple[str, ...] = ()


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
