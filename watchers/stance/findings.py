"""What the structured checks share: a sentence as read, what a check may consult, and
what it finds.

Pure values and small helpers; the checks themselves live in the ``check_*`` modules
and :mod:`watchers.stance.rules` puts them in order.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from typing import Protocol

# A name's characters take every reading each has (see name_keys), so pypinyin's phrase
# dictionary, which pins the reading of words and is most of its 57 MB, is left
# unloaded: pypinyin's documented switch, read when it is first imported.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")

from pypinyin import Style, pinyin

from watchers.model import Claim, Fact, Stance
from watchers.text import is_han

C, X = Stance.CORROBORATES, Stance.CONTRADICTS

# Stand among a sentence's entities when it places itself in China, or names another
# country (see reading.py): a rule stated without its regulator is China's only in an
# item that is not about somewhere else.
CHINA, ABROAD = "@china", "@abroad"


def in_china(item_entities: frozenset[str]) -> bool:
    """Whether an item with these entities is about China: it names a tracked body or
    China, or at least no other country."""
    return bool(item_entities - {ABROAD}) or ABROAD not in item_entities


WEAK_OVERLAP = 0.34  # share of claim words a sentence needs to be about the same thing


@dataclass(frozen=True)
class Reading:
    """One sentence of an item, read once: its entities, facts, and content words other
    than entity names."""

    text: str
    entities: frozenset[str]
    facts: tuple[Fact, ...]
    words: frozenset[str]


@dataclass(frozen=True)
class Finding:
    stance: Stance
    score: float
    reason: str


class Bodies(Protocol):
    """What the entity list says of a body beyond its names (see :class:`Matcher`)."""

    def series(self, entity_id: str) -> str:
        """The body whose term numbers this one's; itself when none."""
        ...

    def kind(self, entity_id: str) -> str:
        """The entity's kind ("body", "party_organ" …); "" for an untracked name."""
        ...

    def contains(self, outer: str, inner: str) -> bool:
        """Whether ``inner`` sits within ``outer``, directly or through other bodies."""
        ...


class _Unknown:
    """No entity list: every body its own series, of no known kind."""

    def series(self, entity_id: str) -> str:
        return entity_id

    def kind(self, entity_id: str) -> str:
        return ""

    def contains(self, outer: str, inner: str) -> bool:
        return False


UNKNOWN_BODIES: Bodies = _Unknown()


@dataclass(frozen=True)
class Context:
    """What a comparison may consult besides the two facts."""

    claim: Claim
    reading: Reading
    item_entities: frozenset[str]
    claim_words: frozenset[str]
    age_days: int | None = None  # how old the item is, when its date and today are known
    bodies: Bodies = UNKNOWN_BODIES


def found(agree: bool, score: float, topic: str, detail: str) -> Finding:
    """A finding whose reason reads "<topic>-match: …" or "<topic>-mismatch: …"."""
    return Finding(
        C if agree else X, score, f"{topic}-{'match' if agree else 'mismatch'}: {detail}"
    )


def same(claimed: str, stated: str) -> bool:
    """Same entity; a claim about "the Politburo" covers "the 20th Politburo", but a claim
    about the 13th does not cover the 20th (see the skeleton's ordinals). Two people who
    are not tracked are the same when their names read alike: "Chen Xiaojiang" and
    陈小江 (or 陳小江) both read chenxiaojiang."""
    if claimed == stated or ("#" not in claimed and stated.split("#")[0] == claimed):
        return True
    return _written(claimed) and _written(stated) and bool(name_keys(claimed) & name_keys(stated))


def _written(value: str) -> bool:
    """Whether a fact's subject or value is a name as written, not an entity id."""
    return value != value.lower() or any(is_han(ch) for ch in value)


_MAX_READINGS = 64  # combinations kept of a name's readings, the first in order


@functools.lru_cache(maxsize=4096)
def name_keys(name: str) -> frozenset[str]:
    """A person's name in toneless pinyin, lower case, letters only: every reading of a
    character that has several (栅 reads zha and shan: 郑栅洁 is Zheng Shanjie)."""
    readings = pinyin(name, style=Style.NORMAL, heteronym=True)
    keys = {""}
    for options in readings:
        keys = {k + o for k in keys for o in options[:3]}
        if len(keys) > _MAX_READINGS:
            keys = set(sorted(keys)[:_MAX_READINGS])
    return frozenset(re.sub(r"[^a-z]", "", k.lower()) for k in keys)
