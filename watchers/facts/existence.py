"""EXISTS facts: that a body, law or programme exists (was established, is in force)
or does not (was never set up, was abolished or repealed).

A denial beats an assertion about the same entity in one sentence: "No such office
has been established" holds "has been established" but says the opposite. A positive
EXISTS is left out when the sentence already dates the entity's establishment or
entry into force, since that EVENT_DATE says more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from watchers.facts.lexicon import AGENT
from watchers.facts.skeleton import AMENDED, Skeleton, entity
from watchers.model import Fact, FactKind

_GAP = r"(?P<gap>[^\ue000;；。]{0,40}?)"
_UNMADE = (
    r"abolished|dissolved|repealed|revoked|scrapped|suspended|annulled|rescinded|"
    r"disbanded|invalidated|withdrawn|terminated|merged\s+into"
)
_MADE = r"established|set\s+up|created|formed|founded|launched|inaugurated|unveiled"
_NEGATIVE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{entity('s')}{_GAP}\b(?:(?:does|did|do)\s+not\s+exist|(?:doesn't|didn't)\s+exist"
        rf"|never\s+existed|no\s+longer\s+exists?|ceased\s+to\s+exist"
        rf"|(?:has|have|had)\s+(?:not|never)\s+(?:yet\s+)?been\s+(?:{_MADE})"
        rf"|(?:hasn't|haven't)\s+(?:yet\s+)?been\s+(?:{_MADE})"
        rf"|(?:was|were)\s+never\s+(?:{_MADE})|(?:has|have|is|are)\s+yet\s+to\s+be\s+(?:{_MADE})"
        rf"|(?:has|have)\s+not\s+(?:yet\s+)?(?:taken|come\s+into)\s+(?:effect|force)"
        rf"|(?:did|does)\s+not\s+(?:take|come\s+into)\s+(?:effect|force)"
        rf"|(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being|is|are)\s+"
        rf"(?:\w+ly\s+)?(?:{_UNMADE}))\b",
        rf"\b(?:no\s+such|there\s+(?:is|was|are|were)\s+no(?:\s+such)?)\s+(?:[\w-]+\s+){{0,3}}?"
        rf"(?:the\s+)?{entity('s')}",
        rf"\bno\s+{entity('s')}\s+(?:has|have|had|was|were|is|are|exists?)\b",
        rf"\b(?:abolished|dissolved|repealed|revoked|scrapped|annulled|rescinded|disbanded)\s+"
        rf"(?:the\s+)?{entity('s')}",
        rf"\b(?:abolition|repeal|revocation|scrapping|dissolution|suspension)\s+of\s+"
        rf"(?:the\s+)?{entity('s')}",
        rf"{entity('s')}[^\ue000，。；,;]{{0,8}}?(?:已被|已经被|被|已经|已|正式|宣布)?"
        rf"(?:废止|废除|撤销|撤并|取消|失效|停止施行|暂停施行|暂停实施|不存在|并不存在"
        rf"|尚未成立|未成立|没有成立|并未成立|从未成立|尚未设立|并未设立|尚未组建|未组建"
        rf"|尚未施行|未施行|尚未生效|未生效)",
        rf"(?:废止|废除|撤销|取消|撤并)(?:了)?{entity('s')}",
        rf"(?:不存在|并无|没有)(?:所谓的?|任何)?{entity('s')}",
    )
)
_POSITIVE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{entity('s')}{_GAP}\b(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been)"
        rf"\s+(?:\w+ly\s+)?(?:{_MADE})|exists?|(?:took|has\s+taken|came|has\s+come|went|entered)"
        rf"\s+(?:into\s+)?(?:effect|force)|(?:is|was)\s+in\s+(?:force|effect))\b",
        rf"{entity('s')},\s+(?:which\s+was\s+)?(?:{_MADE})\b",
        rf"\b(?:newly[- ])?(?:established|created|formed|founded|set\s+up)\s+(?:the\s+|a\s+)?"
        rf"{entity('s')}",
        rf"{entity('s')}(?P<gap>[^\ue000;；。，,]{{0,16}}?)(?:成立|组建|挂牌|设立|揭牌|施行|生效"
        rf"|实施(?=[了的后以，。；、,;\s]|$))",
        rf"(?:成立|组建|设立)(?:了)?{entity('s')}",
    )
)
# A law never amended: its amendment (``<id>~amended``, see the skeleton) does not exist.
# "has not been amended since it took effect", "has never been revised", 未经修改, 从未修订.
_UNAMENDED = re.compile(
    rf"{entity('s')}{_GAP}\b(?:(?:has|have|had)\s+(?:not|never)\s+(?:yet\s+)?been|"
    rf"(?:hasn't|haven't|hadn't)\s+(?:yet\s+)?been|(?:was|were)\s+never)\s+"
    rf"(?:\w+ly\s+)?(?:amended|revised|changed)\b"
    rf"|{entity('s2')}(?P<zgap>[^\ue000，。；,;]{{0,12}}?)(?:从未|未曾|尚未|未经|没有|并未|未)"
    rf"(?:作过|进行过|进行)?(?:修改|修订|修正)",
    re.IGNORECASE,
)
_NEGATOR = re.compile(r"\b(?:not|never|no|yet)\b|n't|未|没|不|尚|否|非")
_RELATIVE = re.compile(r"\b(?:that|which|who)\b", re.IGNORECASE)
_OWN_RELATIVE = re.compile(r"\s*,?\s*(?:which|that)\b", re.IGNORECASE)
_DATED = frozenset({"established", "took_effect"})


def existence_facts(sk: Skeleton, events: Sequence[Fact]) -> list[Fact]:
    """EXISTS facts for ``sk``; ``events`` are its EVENT_DATE facts."""
    if not sk.entities:
        return []
    denied = _subjects(sk, _NEGATIVE, lambda gap: True)
    asserted = _subjects(sk, _POSITIVE, lambda gap: not _NEGATOR.search(gap))
    dated = {f.subject for f in events if f.predicate in _DATED}
    facts = [Fact(FactKind.EXISTS, s, "exists", "false") for s in denied]
    facts += [Fact(FactKind.EXISTS, s, "exists", "false") for s in _unamended(sk)]
    facts += [
        Fact(FactKind.EXISTS, s, "exists", "true")
        for s in asserted
        if s not in denied and s not in dated
    ]
    return facts


def _unamended(sk: Skeleton) -> list[str]:
    """The amendments that a sentence says were never made."""
    found = []
    for m in _UNAMENDED.finditer(sk.text):
        law = sk.entities[int(m["s"] or m["s2"])]
        if _own_gap(m["gap"] or m["zgap"] or ""):
            found.append(law if law.endswith(AMENDED) else f"{law}{AMENDED}")
    return list(dict.fromkeys(found))


def _subjects(
    sk: Skeleton, patterns: Sequence[re.Pattern[str]], gap_ok: Callable[[str], bool]
) -> list[str]:
    """Entities that one of ``patterns`` is about, in order, each once."""
    found: dict[str, None] = {}
    for pattern in patterns:
        for m in pattern.finditer(sk.text):
            gap = m.groupdict().get("gap") or ""
            agent = AGENT.search(sk.text, 0, m.start("s") - 1)
            if _own_gap(gap) and gap_ok(gap) and not agent:
                found[sk.entities[int(m["s"])]] = None
    return list(found)


def _own_gap(gap: str) -> bool:
    """False when the words between an entity and its cue start a clause about
    something else ("the DSL replaced rules that were repealed") or name something the
    entity owns ("Ant Group's IPO was suspended")."""
    if gap.startswith("'s"):
        return False
    return not _RELATIVE.search(gap) or _OWN_RELATIVE.match(gap) is not None
