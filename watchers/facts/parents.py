"""PARENT_BODY facts: which body a body sits under.

Subject is the body, value the parent, predicate "parent". ``unit`` is "ended" when the
sentence negates the link ("no longer sits under", 不再隶属于). Bare "under" counts only
after a verb of placement ("sits under", "was brought under", "established … within")
or right between two entities ("the NDB under the NDRC"), so "fined under the
Cybersecurity Law" is not read as a parent.
"""

from __future__ import annotations

import re

from watchers.facts.lexicon import DIRECT, ENDED
from watchers.facts.skeleton import ANY_DATE, Skeleton, entity
from watchers.model import Fact, FactKind

_GAP = r"(?P<gap>[^\ue000;；。]{0,60}?)"
_NEG = r"(?P<neg>(?:not|no\s+longer|never)\s+)?"
_CONTROL = (
    r"(?:(?:direct|centralized|centralised|unified|overall)\s+)?"
    r"(?:control|leadership|supervision|oversight|auspices|management|umbrella)\s+of\s+(?:the\s+)?"
)
# How wire copy describes a parent named by what it does: "China's powerful state planner".
_DESCRIBED = r"(?:(?:China|Beijing)['’]s\s+)?(?:(?:powerful|top|main|chief|central)\s+){0,2}"
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{entity('a')}{_GAP}\b(?:sits?|sitting|is|are|was|were|be|been|being|falls?|fell|"
        rf"placed|brought|put|established|set\s+up|created|housed|operates?|operating|located|"
        rf"moved|transferred)\s+{_NEG}(?:(?:directly|now)\s+)?(?:in\s+{ANY_DATE}\s+)?"
        rf"(?:under|within|inside)\s+(?:the\s+)?(?:{_CONTROL})?{_DESCRIBED}{entity('b')}",
        rf"{entity('a')}{_GAP}\b{_NEG}(?:administered|managed|overseen|supervised|run|governed|"
        rf"led|controlled)\s+by\s+(?:the\s+)?{_DESCRIBED}{entity('b')}",
        rf"{entity('a')}{_GAP}\b{_NEG}(?:reports?|reporting|answers?|answerable|subordinate"
        rf"|accountable)\s+(?:directly\s+)?to\s+(?:the\s+)?{_DESCRIBED}{entity('b')}",
        rf"{entity('a')}(?P<gap>,?\s+(?:is\s+|was\s+)?{_NEG}(?:now\s+)?)(?:a\s+|an\s+)?"
        rf"(?:part|arm|unit|branch|division|subsidiary|agency)\s+(?:of|under)\s+(?:the\s+)?"
        rf"{entity('b')}",
        rf"{entity('a')}\s+(?:under|within)\s+(?:the\s+)?{entity('b')}",
        # "was brought under the party's direct control"
        rf"{entity('a')}{_GAP}\b(?:is|are|was|were|be|been|being|placed|brought|put|came|come|"
        rf"falls?|fell)\s+{_NEG}(?:(?:directly|now)\s+)?under\s+(?:the\s+)?{entity('b')}['’]s?\s+"
        rf"(?:(?:direct|centralized|centralised|unified|overall|absolute)\s+)?"
        rf"(?:control|leadership|supervision|oversight|auspices|management|umbrella)\b",
        rf"{entity('a')}(?P<gap>[^\ue000，。；]{{0,6}}?)(?:隶属于|隶属|归属于?|归口|划归|并入)(?:于)?"
        rf"{entity('b')}",
        # 国家数据局负责…，统筹…，由国家发展和改革委员会管理: the body stays the subject.
        rf"{entity('a')}(?P<gap>[^\ue000，。；]{{0,4}}?"
        rf"|[^\ue000，,。；]{{0,40}}(?:[，,][^\ue000，,。；]{{1,60}}){{0,4}}[，,])"
        rf"由{entity('b')}(?:负责|直接|统一|集中)?"
        rf"(?:归口管理|管理|领导|代管|主管)",
        rf"{entity('b')}(?:管理|代管|下属|直属|主管)的{entity('a')}",
        # 国家数据局为国家发展改革委管理的国家局: a bureau of the kind B manages.
        rf"{entity('a')}(?:为|是|系)(?:由)?{entity('b')}(?:管理|代管|主管)的",
        rf"{entity('b')}下设(?:的)?{entity('a')}",
        rf"{entity('a')}(?:设在|设于){entity('b')}",
        rf"在{entity('b')}(?:内|下)?(?:设立|组建)(?:了)?{entity('a')}",
    )
)
# "the NDB left the NDRC and now reports to X": the entity before "and" is not the one
# that reports.
_COORDINATED = re.compile(r"\band\b|\bbut\b|而|并且")
_NEGATED = re.compile(r"\b(?:not|never|no\s+longer)\b|n't|不再|不|并非|非", re.IGNORECASE)


def parent_facts(sk: Skeleton) -> list[Fact]:
    """PARENT_BODY facts for ``sk``, each once."""
    if len(sk.entities) < 2:
        return []
    facts: dict[Fact, None] = {}
    for pattern in _PATTERNS:
        for m in pattern.finditer(sk.text):
            child, parent = sk.entities[int(m["a"])], sk.entities[int(m["b"])]
            if child == parent or _COORDINATED.search(m.groupdict().get("gap") or ""):
                continue
            groups = m.groupdict()
            negated = bool(groups.get("neg")) or bool(_NEGATED.search(groups.get("gap") or ""))
            unit = ENDED if negated else DIRECT if _DIRECT.search(m.group()) else ""
            facts[Fact(FactKind.PARENT_BODY, child, "parent", parent, unit)] = None
    return list(facts)


# Only the adverb: "the Party's direct control" is said of Party organs at every remove.
_DIRECT = re.compile(r"\bdirectly\b|直接|直属", re.IGNORECASE)
