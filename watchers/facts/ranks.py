"""RANK facts: who or what is first or largest of its kind.

Subject: the holder, an entity id or, when it is not tracked, the name as written
("Chang'e 1", 嫦娥一号). Predicate: ``"<rank>:<category>"`` ("first:lunar_mission",
"largest#2:telecom_equipment_maker"); value: the scope ("world", "china", ""); see
:mod:`watchers.facts.rank_phrases`. ``unit`` is :data:`ENDED` for a rank lost or
denied: "formerly China's biggest smartphone vendor", "is no longer", 曾是, 不再是,
and for the one overtaken in "X overtook Huawei as the largest …".

The holder is read from a copula ("Huawei is the world's largest …", 华为是…), an
apposition on either side ("Chang'e 1, China's first lunar mission," / "China's first
lunar mission, Chang'e 1"; 中国首颗探月卫星嫦娥一号) or an overtaking. A phrase gets
one holder, the first pattern's: in "Huawei, the world's largest maker, Ericsson said",
Ericsson is not read as the holder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchers.facts.lexicon import ENDED, NOT_NAME_WORDS
from watchers.facts.rank_phrases import MARK_CLOSE, MARK_OPEN, RankPhrase, mark_phrases
from watchers.facts.skeleton import Skeleton, entity
from watchers.model import Fact, FactKind

_MARK = f"{MARK_OPEN}\\d+{MARK_CLOSE}"
_FORMER = r"(?:formerly|once|previously|no\s+longer|not|never|曾经是|曾是|不再是)"
_ONE = rf"(?:{_FORMER}\s*)?{_MARK}"
_CHAIN = rf"(?P<chain>{_ONE}(?:(?:\s*,\s*|\s+and\s+|\s*、\s*|和|且)(?:also\s+)?{_ONE})*)"
_EN_NAME = r"(?-i:\b[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|\d+))*)"
_ZH_NAME = r"[\u4e00-\u9fff]{1,4}[一二三四五六七八九十\d]+号"
_SUFFIX = r"(?:\s+(?:Co|Corp|Inc|Ltd|Group)\b\.?)?"
_BE = r"is|was|became|becomes|remains|remained|has\s+been|had\s+been|is\s+now"
_OVERTAKE = r"overtook|overtakes|overtaken|surpassed|surpasses|displaced|unseated|dethroned"


def _en(name: str) -> str:
    return rf"(?:{entity(name)}|(?P<{name}_name>{_EN_NAME})){_SUFFIX}"


def _zh(name: str, loose: bool = True) -> str:
    written = r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}?" if loose else _ZH_NAME
    return rf"(?:{entity(name)}|(?P<{name}_name>{written}))"


# Overtakings first: in 爱立信超越华为成为…, 华为成为… must not be read as Huawei's rank.
_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = tuple(
    (re.compile(p, re.IGNORECASE), swap)
    for p, swap in (
        (
            rf"{_en('h')}\s+(?:has\s+|had\s+)?(?:{_OVERTAKE}|replaced|passed)\s+{_en('o')}"
            rf"\s+(?:as|to\s+become)\s+{_CHAIN}",
            True,
        ),
        (
            rf"{_en('o')}\s+(?:was|has\s+been|had\s+been)\s+(?:{_OVERTAKE}|replaced)"
            rf"\s+(?:by\s+{_en('h')}\s+)?as\s+{_CHAIN}",
            True,
        ),
        (
            rf"{_zh('h')}(?:已经|已)?(?:超越|超过|取代|赶超)(?:了)?{_zh('o')}[，,]?(?:成为|位居)"
            rf"{_CHAIN}",
            True,
        ),
        (rf"{_en('h')},?\s+(?:which\s+|who\s+)?(?:{_BE})\s+(?:also\s+)?{_CHAIN}", False),
        (rf"{_en('h')},\s+(?:and\s+)?{_CHAIN}", False),
        (rf"(?P<chain>{_MARK})(?:\s*,\s*|\s+(?:is|was|has\s+been)\s+){_en('h')}", False),
        (
            rf"{_zh('h')}(?:已经|已|则|也)?(?P<zf>曾经|曾|不再)?(?:是|为|系|成为|作为)(?:了)?{_CHAIN}",
            False,
        ),
        (rf"(?P<chain>{_MARK})(?:的)?{_zh('h', loose=False)}", False),
    )
)
_IN_CHAIN = re.compile(rf"(?P<former>{_FORMER})?\s*{MARK_OPEN}(?P<p>\d+){MARK_CLOSE}", re.I)
_PRONOUNS = "It This That They These Those Which Who He She Its Instead However Meanwhile But And"
_NOT_HOLDERS = frozenset(_PRONOUNS.split())


def rank_facts(sk: Skeleton) -> list[Fact]:
    """RANK facts for ``sk``, each once."""
    text, phrases = mark_phrases(sk.text)
    if not phrases:
        return []
    facts: dict[Fact, None] = {}
    used: set[int] = set()
    for pattern, swap in _PATTERNS:
        for m in pattern.finditer(text):
            facts.update(dict.fromkeys(_facts_of(sk, m, phrases, swap, used)))
    return list(facts)


def _facts_of(
    sk: Skeleton, m: re.Match[str], phrases: list[RankPhrase], swap: bool, used: set[int]
) -> Iterator[Fact]:
    holder, overtaken = _holder(sk, m, "h"), _holder(sk, m, "o") if swap else ""
    lost = bool(m.groupdict().get("zf"))  # 华为曾是… : every phrase after it is past
    for part in _IN_CHAIN.finditer(m["chain"]):
        slot = int(part["p"])
        if slot in used or not (holder or overtaken):
            continue
        used.add(slot)
        phrase = phrases[slot]
        predicate = f"{phrase.rank}:{phrase.category}"
        if holder:
            ended = ENDED if part["former"] or lost else ""
            yield Fact(FactKind.RANK, holder, predicate, phrase.scope, ended)
        if overtaken:
            yield Fact(FactKind.RANK, overtaken, predicate, phrase.scope, ENDED)


def _holder(sk: Skeleton, m: re.Match[str], name: str) -> str:
    """The holder in group ``name``: an entity id, a written name, or "" (none)."""
    groups = m.groupdict()
    if groups.get(name):
        return sk.entities[int(groups[name])]
    written = (groups.get(f"{name}_name") or "").strip()
    words = written.split()
    if not written or words[0] in _NOT_HOLDERS or any(w in NOT_NAME_WORDS for w in words):
        return ""
    return written
