"""Definite descriptions that name an entity again: "the bureau", "the law", 该局.

News names a body once and then calls it "the bureau" or "the new regulator" for the
rest of the story; a fact stated in that later sentence ("The bureau was created in
March 2023") is about the body. A description counts when its head word is the last
word of the name the item used before (the last character or two in Chinese: 国家数据局
→ 该局), and only one entity named so far fits it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watchers.model import Mention

_EN = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:new|newly[- ]created|new[- ]born|proposed|planned)\s+)?"
    r"([a-z]{3,})\b"
)
_ZH = re.compile(r"(?:该|此)([\u4e00-\u9fff]{1,2})")
# 该法律 is 该法: a law named …法.
_SAME_HEAD = {"法律": "法"}
# Heads too general to point back at one body ("the country", "the party" may be others).
_VAGUE = frozenset({"country", "government", "party", "state", "people", "nation", "company"})


def heads(name: str) -> tuple[str, ...]:
    """The words a later description may use for ``name`` as written."""
    words = re.findall(r"[A-Za-z]+", name)
    if words:
        # "the Cybersecurity Law of China" is "the law": the head is the word before "of".
        lowered = [w.lower() for w in words]
        head = lowered[: lowered.index("of")] if "of" in lowered[1:] else lowered
        found = dict.fromkeys((head[-1], lowered[-1]))
        return tuple(w for w in found if w not in _VAGUE and len(w) >= 3)
    han = re.sub(r"[^\u4e00-\u9fff]", "", name)
    return tuple(han[-n:] for n in (1, 2) if len(han) > n)


# What a story calls a tracked entity of a kind once it has named it: "the company" for
# the one firm it names. Counted like a name's own head: only when one entity fits.
_KIND_HEADS = {"firm": ("company", "firm"), "law": ("law",), "regulation": ("measures", "rules")}


def kind_heads(kind: str) -> tuple[str, ...]:
    """The general nouns a story may use for an entity of ``kind``."""
    return _KIND_HEADS.get(kind, ())


def described(
    sentence: str, earlier: dict[str, tuple[str, ...]], present: Sequence[Mention]
) -> list[Mention]:
    """Mentions for descriptions in ``sentence`` of entities named earlier in the item.

    ``earlier`` maps entity id to the heads of the names it was given; entities the
    sentence names itself, or whose head fits more than one entity, are left out.
    """
    named = {m.entity_id for m in present}
    out = []
    for pattern in (_EN, _ZH):
        for m in pattern.finditer(sentence):
            head = _SAME_HEAD.get(m.group(1), m.group(1).lower())
            fits = [e for e, hs in earlier.items() if head in hs]
            if len(fits) == 1 and fits[0] not in named and not _inside(m, present):
                out.append(Mention(fits[0], m.group(), m.start(), m.end()))
                named.add(fits[0])
    return out


def _inside(m: re.Match[str], present: Sequence[Mention]) -> bool:
    return any(p.start < m.end() and m.start() < p.end for p in present)
