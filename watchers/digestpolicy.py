"""What a route keeps of its digest: a relevance floor and how many mentions per entity.

``mentions`` reads ``none``, ``top N`` or ``all``. The defaults are what a China desk
keeps: news about claims always, and up to three mentions per entity that score at least
0.5 (a body or official named in the title or lead of an item about technology and its
policy; a name in passing, or a place or a firm named in a list, falls below it).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MIN_RELEVANCE = 0.5
DEFAULT_TOP_MENTIONS = 3


@dataclass(frozen=True)
class MentionPolicy:
    """How many mention lines per entity a digest keeps: ``limit`` None keeps them all."""

    limit: int | None = DEFAULT_TOP_MENTIONS

    def __str__(self) -> str:
        if self.limit is None:
            return "all"
        return "none" if self.limit == 0 else f"top {self.limit}"


DEFAULT_MENTIONS = MentionPolicy()


def parse_mentions(text: str) -> MentionPolicy:
    """Parse ``none``, ``all`` or ``top N`` (N at least 1); ``ValueError`` otherwise."""
    words = text.lower().split()
    if words == ["none"]:
        return MentionPolicy(0)
    if words == ["all"]:
        return MentionPolicy(None)
    if len(words) == 2 and words[0] == "top" and words[1].isdigit() and int(words[1]) > 0:
        return MentionPolicy(int(words[1]))
    raise ValueError(f"expected 'none', 'all' or 'top N' such as 'top 3', got {text!r}")


def parse_min_relevance(value: object) -> float:
    """A number from 0 to 2 (labels score from 1); ``ValueError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number such as 0.5, got {value!r}")
    if not 0 <= value <= 2:
        raise ValueError(f"expected a number from 0 to 2, got {value!r}")
    return float(value)
