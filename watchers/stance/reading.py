"""An item read for labelling: its sentences with their entities, facts and words.

Read once per item and shared by every claim it is labelled against. Sentences are
read in order so that a body named once and then called "the bureau" keeps its name
(see :mod:`watchers.stance.anaphora`), and against the item's publication date so
that "on July 18" is dated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

import pycountry

from watchers.facts import sentence_facts
from watchers.hanzi import to_simplified
from watchers.model import Item, Mention
from watchers.stance.anaphora import described, heads, kind_heads
from watchers.stance.findings import ABROAD, CHINA, Reading
from watchers.stance.glossary import english_words
from watchers.text import content_tokens, mentions_by_sentence, split_sentences

# Words that place a sentence in China, for claims that name no body ("incidents must be
# reported within 24 hours"): the same rule in another country's news is not evidence.
_CHINA = re.compile(
    r"\b(?:China|Chinese|PRC|Beijing)\b|中国|中華|中华|我国|全国|全國|国家|國家|国务院|國務院"
)

_COUNTRIES = sorted(
    {
        name
        for c in pycountry.countries
        for name in (c.name, getattr(c, "common_name", ""))
        if name and not re.search("China|Taiwan|Hong Kong|Macao", name)
    },
    key=len,
    reverse=True,
)
_ABROAD = re.compile(
    r"\b(?:"
    + "|".join(re.escape(name) for name in _COUNTRIES)
    # How news abbreviates the countries and unions it names most, which ISO does not.
    + r"|US|UK|EU|European Union)\b|\bU\.[SK]\."
)
# The first word of every name _ABROAD finds. A whole-word match begins with one of
# them as a whole word of the sentence, so a sentence holding none (most) is not
# scanned: the scan of some 250 names costs more than the rest of its places.
_WORD = re.compile(r"\w+")
_ABBREVIATED = ("US", "UK", "EU", "European", "U")
_FIRST_WORDS = frozenset(m.group() for name in _COUNTRIES if (m := _WORD.match(name)))
_FIRST_WORDS |= frozenset(_ABBREVIATED)
assert all(_WORD.match(name) for name in _COUNTRIES), "a country name opens with a mark"


def _places(sentence: str) -> frozenset[str]:
    """Markers for a sentence set in China or naming another country (see findings)."""
    found = set()
    if _CHINA.search(sentence):
        found.add(CHINA)
    if not _FIRST_WORDS.isdisjoint(_WORD.findall(sentence)) and _ABROAD.search(sentence):
        found.add(ABROAD)
    return frozenset(found)


def _no_kind(entity_id: str) -> str:
    return ""


def read_item(
    item: Item, mentions: Sequence[Mention], kinds: Callable[[str], str] = _no_kind
) -> tuple[Reading, ...]:
    """The item's title and text as sentences with their entities, facts and words.

    ``mentions`` carry field "title" or "text" and offsets into that field; ``kinds``
    gives a tracked entity's kind, so that "the company" can point back at the one firm
    the item has named (see :func:`watchers.stance.anaphora.kind_heads`).
    """
    by_field: dict[str, list[Mention]] = {"title": [], "text": []}
    for m in mentions:
        if m.field not in by_field:
            raise ValueError(f"mention of {m.entity_id!r} has field {m.field!r}, not title or text")
        by_field[m.field].append(m)
    as_of = item.published.date() if item.published else None
    earlier: dict[str, tuple[str, ...]] = {}
    title = _read(item.title, by_field["title"], as_of, earlier, kinds, headline=True)
    return title + _read(item.text, by_field["text"], as_of, earlier, kinds)


def _read(
    text: str,
    mentions: Sequence[Mention],
    as_of: dt.date | None,
    earlier: dict[str, tuple[str, ...]],
    kinds: Callable[[str], str],
    headline: bool = False,
) -> tuple[Reading, ...]:
    """Sentences of one field; ``earlier`` gathers the heads of names used so far."""
    readings = []
    sentences = split_sentences(text)
    for sentence, inside in zip(sentences, mentions_by_sentence(sentences, mentions), strict=True):
        inside += described(sentence.text, earlier, inside)
        for m in inside:
            named = heads(sentence.text[m.start : m.end]) + kind_heads(kinds(m.entity_id))
            earlier[m.entity_id] = tuple(dict.fromkeys(earlier.get(m.entity_id, ()) + named))
        readings.append(
            Reading(
                text=sentence.text,
                entities=frozenset(m.entity_id for m in inside) | _places(sentence.text),
                facts=sentence_facts(sentence.text, inside, as_of, headline),
                words=content_tokens(sentence.text, [(m.start, m.end) for m in inside])
                | english_words(to_simplified(sentence.text)),
            )
        )
    return tuple(readings)
