"""Facts about documents: who issued one (ISSUER) and whether its text is public.

ISSUER: subject the document, predicate "issued_by", value the issuing body; several
issuers named together ("the Central Committee and the State Council", 中共中央、国务院)
give one fact each. Only verbs of issuing count (issued, promulgated, released by;
印发, 颁布, 制定, 出台): a newspaper that *published* or 发布 a document did not issue it.

Publication is an EXISTS fact with predicate "public": ``"false"`` for "the full text
… has not been made public" (尚未公开), ``"true"`` for "published the full text of …"
(公布…全文).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchers.facts.skeleton import ANY_ENTITY, Skeleton, entity
from watchers.model import Fact, FactKind

ISSUED_BY = "issued_by"
PUBLIC = "public"

_ENTITY = re.compile(ANY_ENTITY)
_AND = r"(?:\s*,\s*|\s+and\s+|\s*、\s*|和|与)"
_LIST = rf"(?P<list>(?:the\s+)?{ANY_ENTITY}(?:{_AND}(?:the\s+)?{ANY_ENTITY})*)"
_GAP = r"[^\ue000;；。]{0,40}?"
# Between a document and "issued by": a comma, a relative pronoun, a passive auxiliary
# and no other words, so "the plan, according to notes released by Xinhua" is not read.
_BY_GAP = (
    r"(?:\s*,)?\s*(?:(?:which|that)\s+)?(?:(?:was|were|has\s+been|had\s+been|is|are)\s+)?"
    r"(?:\w+ly\s+)?"
)
_ISSUERS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{entity('d')}{_BY_GAP}(?:jointly\s+)?"
        rf"\b(?:issued|promulgated|released|drawn\s+up|formulated)\s+by\s+{_LIST}",
        rf"{_LIST}\s+(?:has\s+|have\s+|had\s+)?(?:jointly\s+)?(?:issued|promulgated|released|"
        rf"unveiled)\s+(?:the\s+|a\s+|its\s+)?{entity('d')}",
        rf"{_LIST}(?:联合)?(?:印发|颁布|制定|出台)(?:了)?[《“\"]?{entity('d')}",
        rf"{entity('d')}[^\ue000，。；,]{{0,6}}?由{_LIST}(?:联合)?(?:印发|颁布|制定|出台|发布)",
    )
)
_UNPUBLISHED = r"made\s+public|published|released|disclosed"
_PUBLIC = (
    (
        "false",
        rf"{entity('d')}{_GAP}\b(?:(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?:{_UNPUBLISHED})"
        rf"|(?:was|were|is|are)\s+(?:not|never)\s+(?:{_UNPUBLISHED})"
        rf"|(?:has|have)\s+yet\s+to\s+be\s+(?:{_UNPUBLISHED})"
        rf"|(?:remains?|is|was)\s+(?:unpublished|secret|classified|confidential))\b",
    ),
    (
        "false",
        rf"{entity('d')}[^\ue000，。；,]{{0,8}}?(?:尚未|并未|仍未|没有|未)(?:对外)?(?:公开|公布)",
    ),
    (
        "true",
        rf"\b(?:published|released|disclosed|made\s+public)\s+the\s+full\s+text\s+of\s+"
        rf"(?:the\s+)?{entity('d')}",
    ),
    (
        "true",
        rf"\bfull\s+text\s+of\s+(?:the\s+)?{entity('d')}{_GAP}\b(?:was|were|has\s+been|"
        rf"have\s+been|is|are)\s+(?:now\s+)?(?:{_UNPUBLISHED})\b",
    ),
    (
        "true",
        rf"{entity('d')}{_GAP}\b(?:was|were|has\s+been|have\s+been)\s+(?:made\s+public|"
        rf"(?:published|released)\s+in\s+full)\b",
    ),
    ("true", rf"(?:公布|公开|刊发|刊登|发布)(?:了)?[《“\"]?{entity('d')}[》”\"]?(?:的)?全文"),
    ("true", rf"{entity('d')}[》”\"]?(?:的)?全文(?:已|已经|正式)?(?:公布|公开|发布|刊发)"),
)
_PUBLIC_PATTERNS = tuple((value, re.compile(p, re.IGNORECASE)) for value, p in _PUBLIC)


def issuer_facts(sk: Skeleton) -> list[Fact]:
    """ISSUER facts for ``sk``, each once."""
    if len(sk.entities) < 2:
        return []
    found: dict[Fact, None] = {}
    for pattern in _ISSUERS:
        for m in pattern.finditer(sk.text):
            document = sk.entities[int(m["d"])]
            for issuer in _listed(sk, m):
                if issuer != document:
                    found[Fact(FactKind.ISSUER, document, ISSUED_BY, issuer)] = None
    return list(found)


def _listed(sk: Skeleton, m: re.Match[str]) -> Iterator[str]:
    for slot in _ENTITY.finditer(m["list"]):
        yield sk.entities[int(slot.group()[1:-1])]


def publication_facts(sk: Skeleton) -> list[Fact]:
    """EXISTS facts with predicate "public"; a denial beats an assertion for one document."""
    if not sk.entities:
        return []
    said: dict[str, str] = {}
    for value, pattern in _PUBLIC_PATTERNS:
        for m in pattern.finditer(sk.text):
            said.setdefault(sk.entities[int(m["d"])], value)
    return [Fact(FactKind.EXISTS, subject, PUBLIC, value) for subject, value in said.items()]
