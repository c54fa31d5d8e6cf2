"""OFFICE_HOLDER facts: who holds an office, and who no longer does.

A fact's subject is the holder (an entity id, or the written name of a person who is
not tracked), its predicate the role ("party_secretary"), its value the place or body
(an entity id, "" when the sentence leaves it out). ``unit`` is :data:`ENDED` when the
sentence says the tenure is over: "former party secretary", "was replaced by",
"stepped down", 不再担任, 免去…职务; otherwise "".

Replacements name both sides: "Chen Xiaojiang replaced Ma Xingrui as party secretary
of Xinjiang" gives Chen the office and ends Ma's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchers.facts.holders import COMPASS, PLACE_WORDS, holder, person
from watchers.facts.lexicon import ENDED, FORMER, FORMER_ZH, HEADS_A_PLACE, ZH_NAME
from watchers.facts.office_verbs import verb_offices
from watchers.facts.skeleton import Skeleton, entity, role
from watchers.model import Fact, FactKind
from watchers.text import is_han

_QUALIFIER = r"new|current|incumbent|top|regional|provincial|local|first|founding|acting"
# "secretary of the CPC Zhejiang Provincial Committee": the party's name before the place.
_PARTY = r"(?:\ue000\d+\ue001\s+(?=\ue000))?"
_OFFICE = (
    rf"(?P<off>(?:(?:{FORMER}|{_QUALIFIER})\s*)*"
    rf"(?:{role('ra')}(?:\s+(?:of|for|in)\s+(?:the\s+|{COMPASS}China's\s+)?{PLACE_WORDS}?{_PARTY}"
    rf"{entity('pa')})?"
    rf"|{entity('pb')}(?:'s)?\s+(?:(?:{FORMER}|{_QUALIFIER})\s*)*{role('rb')}))"
)
# Appointment notices list a body's titles lowest first, the office that counts last:
# 重庆市委委员、常委、书记.
_LISTED_ZH = r"(?:(?:[省市区县州党]?委)?(?:常委|\ue006\d+\ue007)、){0,3}?"
_OFFICE_ZH = (
    rf"(?P<off>(?:{FORMER_ZH}|现任|新任|首任)?"
    rf"(?:{entity('pb')}(?:的)?(?:{FORMER_ZH}|首任|现任|新任)?{_LISTED_ZH}{role('rb')}|{role('ra')}))"
)
_BECOMES = (
    r"is|has\s+been|became|becomes|serves\s+as|has\s+served\s+as|remains|will\s+become|"
    # Passive, a participle after a comma, or a headline's bare participle before the
    # office itself ("Wang elected governor of Guangdong"); but "X appointed Y party
    # chief" makes Y one, not X.
    r"(?:(?:was|has\s+been|had\s+been|is|will\s+be)\s+|(?<=,\s))(?:\w+ly\s+)?"
    r"(?:appointed|named|made|elected|tapped|picked)(?:\s+as)?|"
    r"(?:appointed|named|elected|tapped|picked)(?!\s+(?:the\s+)?\ue000)(?:\s+as)?|"
    r"(?:(?:is|will\s+be)\s+)?t(?:ook|akes|aking)\s+over\s+as|"
    r"(?:has\s+been\s+|was\s+|is\s+)?assigned\s+(?:the\s+)?(?:role|post|position)\s+of"
)
# A tenure told in the past tense is over: "Chen Quanguo was party secretary of Xinjiang".
_WAS = r"was|had\s+been|served\s+as|used\s+to\s+be"
_REPLACES = (
    r"(?:has\s+)?(?:replaced|replaces|replacing|succeeded|succeeds|succeeding"
    r"|took\s+over\s+from|takes\s+over\s+from|taking\s+over\s+from)"
)
_LEAVES = (
    r"(?:has\s+|had\s+)?(?:stepped\s+down|steps\s+down|resigned|resigns|retired|retires|"
    r"(?:was|has\s+been|had\s+been)\s+(?:removed|dismissed|sacked|ousted|relieved)|"
    r"left\s+(?:his|her)\s+post|(?:is\s+)?out\s+as)"
)
# When, between the holder and the verb: 马兴瑞自2021年起担任…, 李明于3月出任….
_WHEN_ZH = r"(?:(?:自|从|于)?\ue002\d+\ue003(?:起|开始)?)?"
# A short clause between a holder and the post taken: 马兴瑞将北上，出任新疆党委书记.
_ON_THE_WAY_ZH = r"(?:[^\ue000，,。；、]{1,6}[，,])?"
_TAKES_ZH = (
    r"(?:已经?)?(?:被|获)?任命为|获任|现任|担任|兼任|出任|升任|调任|改任|当选为?|接任|任|为|是"
)
_IS_NOT = (
    r"(?:is|was|will\s+be)\s+no\s+longer|(?:will\s+)?no\s+longer\s+(?:concurrently\s+)?"
    r"(?:serves?|serving|hold"
    r"|holds)\s+(?:as\s+)?|(?:is|was)\s+not|isn't|wasn't"
)
# Someone else ends a tenure: "authorities replaced Ma Xingrui with …", "removed X as …".
_ENDS_OTHER = r"(?:replac(?:ed|es|ing)|remov(?:ed|es|ing)|dismiss(?:ed|es|ing)|oust(?:ed|s|ing))"
# What may stand between a holder and the verb or before the office: "X, who joined the
# Politburo in October, has been appointed …", "named China's party chief for …".
# … or a title: "Liu Liehong, chairman of China Unicom, has served as …".
_ASIDE = r"(?:(?:who|which|a|an|the)\s+[^,;]{1,80}|\ue006\d+\ue007[^,;]{0,60}),\s+"
# What may follow a name before its verb: an age (", 59,"), a bracket ("(Chinese: 郑栅洁;
# born November 1961)"), or what they are ("is a Chinese politician who").
_APPOSED = (
    r"(?:,\s*\d{2}(?=,))?(?:\s*\([^()]{0,120}\))?"
    r"(?:\s+is\s+an?\s+[^,;.()]{0,60}?\s+who(?=\s))?"
)
_ARTICLE = r"(?:the\s+|an?\s+|China's\s+|its\s+)?"
_TAKES_OVER = r"took|takes|will\s+take|has\s+taken|is\s+taking|taking"
_NAMES = r"(?:appointed|appoints|appointing|named|names|naming|tapped|picked|elected)"

# (pattern, sense): "current" gives group h the office; "ended" ends group o's tenure;
# "swap" does both.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), sense)
    for p, sense in (
        (
            rf"{holder('h')}{_APPOSED},?\s+(?:{_ASIDE})?(?:who\s+)?(?:{_BECOMES})\s+{_ARTICLE}{_OFFICE}",
            "current",
        ),
        (
            rf"{holder('o')}{_APPOSED},?\s+(?:who\s+)?(?:\w+ly\s+)?(?:{_WAS})\s+(?:the\s+|an?\s+)?"
            rf"{_OFFICE}",
            "ended",
        ),
        (rf"{holder('h')},\s+(?:the\s+|a\s+)?{_OFFICE}", "current"),
        (rf"{_OFFICE},?\s+{holder('h')}", "current"),
        # "The current secretary is Yuan Jiajun", "Its head has been Li Ming since 2020".
        (rf"{_OFFICE}\s+(?:is|has\s+been)\s+(?:now\s+)?{holder('h')}", "current"),
        (
            rf"{holder('h')}{_APPOSED},?\s+(?:{_ASIDE})?(?:who\s+)?{_REPLACES}\s+{holder('o')}"
            rf"(?:\s+as\s+(?:the\s+)?{_OFFICE})?",
            "swap",
        ),
        (
            rf"{holder('o')}\s+(?:was|has\s+been|is\s+being|will\s+be)\s+(?:replaced|succeeded)"
            rf"(?:\s+by\s+{holder('h')})?(?:\s+as\s+(?:the\s+)?{_OFFICE})?",
            "swap",
        ),
        (
            rf"{holder('o')},?\s+(?:who\s+)?{_LEAVES}(?:\s+(?:as|from)\s+(?:the\s+)?"
            rf"(?:post\s+of\s+)?{_OFFICE})?",
            "ended",
        ),
        (
            rf"{holder('o')},?\s+(?:[^,]{{0,60}},\s+)?(?:who\s+)?(?:{_IS_NOT})\s*"
            rf"(?:the\s+)?{_OFFICE}",
            "ended",
        ),
        (
            rf"(?<!\bwas\s)(?<!\bbeen\s)\b{_ENDS_OTHER}\s+{holder('o')}(?![,\s]+(?:as|who)\b)",
            "ended",
        ),
        # "appointed He Lifeng, 62, as the new head of …"
        (
            rf"\b{_NAMES}\s+{holder('h')}(?:,\s*\d{{2}},)?,?\s+(?:as\s+)?{_ARTICLE}{_OFFICE}",
            "current",
        ),
        # "…was named minister, taking over from Miao Wei": whoever is named, Miao is out.
        (rf",\s+(?:taking|having\s+taken|who\s+took)\s+over\s+from\s+{holder('o')}", "ended"),
        # "Li took over Peng's former post in Guangxi": Peng's tenure there is over.
        (
            rf"{holder('h')},?\s+(?:who\s+)?(?:{_TAKES_OVER})\s+over\s+{holder('o')}'s\s+"
            rf"(?:(?:former|old|previous|vacated)\s+)?(?:post|position|job|seat)"
            rf"(?:\s+(?:in|of)\s+(?:the\s+)?{PLACE_WORDS}?{entity('pa')})?",
            "ended",
        ),
        (
            rf"(?<!接替)(?<!接任){holder('h', True)}(?:同志)?{_WHEN_ZH}{_ON_THE_WAY_ZH}"
            rf"(?:{_TAKES_ZH})(?:了)?{_OFFICE_ZH}",
            "current",
        ),
        # A roll of members with their titles in brackets: 陈敏尔(市委书记)、唐良智(副书记、市长).
        (rf"{holder('h', True)}[(（]{_OFFICE_ZH}[)）、，,]", "current"),
        (rf"{_OFFICE_ZH}由{holder('h', True)}(?:同志)?(?:担任|接任|出任)", "current"),
        (rf"{_OFFICE_ZH}(?:的|是|为)?{holder('h', True)}", "current"),
        # A headline's title, a space, then the new holder: 新疆党委书记 陈小江接任.
        (rf"{_OFFICE_ZH}\s(?P<h_name>{ZH_NAME})(?:同志)?(?:接任|出任|担任)", "current"),
        (
            rf"{holder('h', True)}(?:同志)?[，,]?接替{holder('o', True)}(?:同志)?"
            rf"(?:的职务)?[，,]?"
            rf"(?:任|担任|兼任|出任|成为)?(?:{_OFFICE_ZH})?",
            "swap",
        ),
        (
            rf"{holder('o', True)}(?:同志)?{_WHEN_ZH}"
            rf"(?:不再担任|不再兼任|卸任|辞去|离任|被免去)(?:了)?(?:{_OFFICE_ZH})?",
            "ended",
        ),
        (rf"免去{holder('o', True)}(?:同志)?(?:的)?(?:{_OFFICE_ZH})?", "ended"),
        # A tenure told with its end: 马兴瑞调任新疆党委书记，直到今年7月被调离.
        (
            rf"{holder('o', True)}(?:同志)?[^，,。；]{{0,4}}?(?:{_TAKES_ZH}){_OFFICE_ZH}[，,]?"
            r"(?:直到|直至)[^。；]{0,24}?(?:被)?(?:调离|免职|卸任|离任|退休|落马)",
            "ended",
        ),
    )
)
_CHANGE = re.compile(
    rf"{_REPLACES}|(?:{_TAKES_OVER})\s+over\b|{_ENDS_OTHER}|{_LEAVES}|replaced|succeeded|接替|不再担任|不再兼任|卸任|辞去|离任|免去",
    re.IGNORECASE,
)
_FORMER = re.compile(rf"\b{FORMER}|{FORMER_ZH}", re.IGNORECASE)


def office_facts(sk: Skeleton) -> list[Fact]:
    """OFFICE_HOLDER facts for ``sk``, in pattern order, each once.

    When the sentence both titles someone with an office and ends their tenure
    ("Xinjiang party secretary Ma Xingrui was replaced"), the ending stands: the title
    describes the state the sentence reports a change from.
    """
    facts: dict[Fact, None] = dict.fromkeys(verb_offices(sk))
    if not sk.roles and not _CHANGE.search(sk.text):
        return list(facts)  # every other pattern needs an office or a change of holder
    moves: set[tuple[str, str]] = set()
    for pattern, sense in _PATTERNS:
        for m in pattern.finditer(sk.text):
            found = list(_facts_of(sk, m, sense))
            facts.update(dict.fromkeys(found))
            if _MOVES.search(m.group()):
                moves.update((f.subject, f.value) for f in found if _heads_a_place(f))
    ended = [f for f in facts if f.unit == ENDED]
    kept = [f for f in facts if f.unit == ENDED or not any(_ends(e, f) for e in ended)]
    return [_left_for(f, moves) for f in kept]


# Verbs of taking a post, by which a sentence reports a move: the holder's other titles
# in it are the posts they leave ("Chen Min'er, secretary of the Chongqing committee,
# succeeded Li Hongzhong as Tianjin's secretary").
_MOVES = re.compile(
    r"\b(?:became|appointed|named|elected|tapped|picked|promoted|transferred|assigned"
    r"|succeed\w*|replac\w*|t(?:ook|akes|aking)\s+over)\b|接替|接任|调任|升任|出任",
    re.IGNORECASE,
)


def _heads_a_place(fact: Fact) -> bool:
    usable = fact.value not in ("", UNNAMED_PLACE)
    return fact.unit != ENDED and fact.predicate in HEADS_A_PLACE and usable


def _left_for(fact: Fact, moves: set[tuple[str, str]]) -> Fact:
    """A top post titled in a sentence that moves its holder to a top post elsewhere is
    one they leave."""
    if not _heads_a_place(fact) or (fact.subject, fact.value) in moves:
        return fact
    if any(holder == fact.subject for holder, _ in moves):
        return Fact(fact.kind, fact.subject, fact.predicate, fact.value, ENDED)
    return fact


def _ends(ended: Fact, current: Fact) -> bool:
    """Whether an ended tenure is the current one's: same holder, the same role or none
    named, the same place or none named ("the former Zhejiang party secretary, now
    Chongqing's" holds the second)."""
    return (
        ended.subject == current.subject
        and ended.predicate in ("", current.predicate)
        and ended.value in ("", current.value)
    )


def _facts_of(sk: Skeleton, m: re.Match[str], sense: str) -> Iterator[Fact]:
    role_name, place = _office(sk, m)
    office = m.groupdict().get("off") or ""
    former = _FORMER.search(office) is not None
    if sense in ("current", "swap"):
        holder = person(sk, m, "h")
        if holder and role_name:
            yield Fact(FactKind.OFFICE_HOLDER, holder, role_name, place, ENDED if former else "")
    if sense in ("ended", "swap"):
        holder = person(sk, m, "o")
        if holder:
            yield Fact(FactKind.OFFICE_HOLDER, holder, role_name, place, ENDED)


# A verb or qualifier before a title is no body's name: 刘烈宏担任首任局长.
_TAKEN = re.compile(r"(?:首任|现任|新任|担任|出任|兼任|任|为|是|的|了)$")
# The place of an office titled after a body no entity names: 中央军委主席 is the chair of
# a commission not tracked, not of whatever tracked body the sentence also names.
UNNAMED_PLACE = "?"


def _office(sk: Skeleton, m: re.Match[str]) -> tuple[str, str]:
    """The role key and place entity of the match's office ("", "" when absent)."""
    groups = m.groupdict()
    slot = groups.get("ra") or groups.get("rb")
    place = groups.get("pa") or groups.get("pb")
    if place:
        return (sk.roles[int(slot)] if slot else "", sk.entities[int(place)])
    if not slot:
        return "", ""
    start = m.start("ra") - 1 if groups.get("ra") else -1  # the slot marker
    titled = start > 0 and is_han(sk.text[start - 1]) and not _TAKEN.search(sk.text, 0, start)
    return sk.roles[int(slot)], UNNAMED_PLACE if titled else ""
