"""Ids for records added from chat without one: readable, valid, and not taken (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Words that say little in an id.
_SLUG_STOP = frozenset({"the", "a", "an", "of", "on", "in", "is", "was", "to", "for", "and", "by"})


def slug(text: str, *, limit: int = 48) -> str:
    """Lower-case ASCII words of ``text`` joined by ``-``, at most ``limit`` characters."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def feed_id_for(url: str, taken: set[str]) -> str:
    """An id for a feed added without one: its host and path, e.g. ``example-org-rss``."""
    stripped = re.sub(r"^[a-z]+://(www\.)?", "", url.lower())
    stripped = re.sub(r"\.(xml|rss|atom|json)$", "", stripped.split("?")[0].rstrip("/"))
    return unique_id(slug(stripped) or "feed", taken)


def claim_id_for(text: str, taken: set[str]) -> str:
    """An id for a claim added from chat: its first content words, e.g. ``data-security-law``."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _SLUG_STOP]
    return unique_id(slug(" ".join(words[:6])) or "claim", taken)


def ids_in(documents: Mapping[str, Any], file: str) -> set[str]:
    """The ids used in one file of ``documents``."""
    doc = documents.get(file)
    records = doc.get(file.removesuffix(".yaml")) if isinstance(doc, dict) else None
    return {str(r.get("id")) for r in records or [] if isinstance(r, dict)}
