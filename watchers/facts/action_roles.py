"""Whose action it is: the entity an action was done to, or the one that did it.

Both functions look at a skeleton text around an action cue at ``text[start:end]``
within its clause ``[lo, hi)`` and return entity slot numbers: several for a list
("Alibaba and Tencent censured"), none (``[]``) when the sentence names no such entity,
or None when no fact can be had at all.
"""

from __future__ import annotations

import re

from watchers.facts.skeleton import ANY_DATE, ANY_ENTITY, entity, slot_number
from watchers.text import is_han

_ENTITY = re.compile(ANY_ENTITY)
_OBJECT = re.compile(
    rf"\s*(?:了)?(?:(?:the|its|their|a|an|China's|tech|internet|giant|firm|company|"
    rf"ride-hailing|e-commerce)\s+){{0,3}}{entity('e')}",
    re.I,
)
_BY = re.compile(rf"\s+(?:[\w-]+\s+){{0,4}}?by\s+(?:the\s+)?{entity('e')}", re.I)
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been|being|be|got|gets|get)\s+(?:(?:not|never|also|\w+ly)\s+)*$", re.I
)
# "DiDi probed for cybersecurity": a participle right after its entity, followed by no
# object (else it is the active voice, "the CAC fined the firm").
_BARE = re.compile(r"\s+(?:\w+ly\s+)?")
_NO_OBJECT = re.compile(
    rf"\s*(?:$|[,.;]|(?:in|on|at|by|as|over|for|after|amid|under|with|and)\b|{ANY_DATE})", re.I
)
_AND = re.compile(r"\s*,\s*|\s+and\s+|\s*、\s*|和|与")
# Before an agent: a place ("in Chengdu") or a party acted on (对, 向, 将, 把) is not one,
# nor is a title in book brackets (《纲要》发布: the document is what was published).
_NOT_AGENT = re.compile(
    r"(?:\b(?:in|at|near|from|of|to|with|for|on)\s+(?:the\s+)?|在|于|对|向|从|与|和|同|将|把|《)$",
    re.I,
)
_ZH_PASSIVE = re.compile(
    rf"{entity('e')}[^\ue000，。；]{{0,30}}?(?:被|遭到|遭|受到|接受|面临)[^\ue000，。；]{{0,20}}$"
)
_ZH_TARGET = re.compile(rf"对{entity('e')}[^\ue000，。；]{{0,40}}$")
_ZH_BY = re.compile(rf"被{entity('e')}(?:了)?$")


def patient_slots(text: str, start: int, end: int, lo: int, hi: int) -> list[int] | None:
    """The entity an action was done to: the object ("fined Alibaba"), the entity before a
    passive or a bare participle ("DiDi was probed", "DiDi probed for …"), 对E…, E被…;
    None when there is none."""
    if is_han(text[start]):
        m = _ZH_TARGET.search(text, lo, start) or _ZH_PASSIVE.search(text, lo, start)
        return [int(m["e"])] if m else None
    obj = _OBJECT.match(text, end, hi)
    if obj:
        return [int(obj["e"])]
    before = list(_ENTITY.finditer(text, lo, start))
    if not before:
        return None
    gap = text[before[-1].end() : start]
    bare = _BARE.fullmatch(gap) is not None and _NO_OBJECT.match(text, end) is not None
    return _listed(text, before) if bare or _PASSIVE.search(gap) else None


def agent_slots(
    text: str, start: int, end: int, lo: int, hi: int, *, document_object: bool = True
) -> list[int] | None:
    """The entity that acted: after "by" or 被, the first entity of a passive clause (its
    owner: "Intel's plan was shelved"), else the nearest entity before the verb that is
    not a place or a target. None when the object is an entity and
    ``document_object`` is False (a document published is its own event, see
    :mod:`watchers.facts.events`)."""
    if not document_object and _OBJECT.match(text, end, hi):
        return None
    chinese = is_han(text[start])
    by = _ZH_BY.search(text, lo, start) if chinese else _BY.match(text, end, hi)
    if by:
        return [int(by["e"])]
    before = list(_ENTITY.finditer(text, lo, start))
    if before and not chinese and _PASSIVE.search(text, lo, start):
        return [slot_number(before[0])]
    for m in reversed(before):
        if not _NOT_AGENT.search(text, lo, m.start()):
            return [slot_number(m)]
    return []


def _listed(text: str, before: list[re.Match[str]]) -> list[int]:
    """The last entity of ``before`` with those listed with it ("Alibaba and Tencent")."""
    slots = [slot_number(before[-1])]
    for prev, nxt in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        if not _AND.fullmatch(text, prev.end(), nxt.start()):
            break
        slots.insert(0, slot_number(prev))
    return slots
