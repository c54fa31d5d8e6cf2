"""How much an alert matters to a China tech-policy desk: a score from 0 to about 2.

Pure: every function takes values and returns a number. The score weighs what an item
bears on, in this order of strength:

- a label on a claim (it corroborates or contradicts one) outranks any mention;
- a mention in the title counts more than one in the lead, which counts more than one
  in passing; a name inside a list (``Beijing, Shanghai and Shenzhen``, ``华为、中兴、大疆``)
  counts less than a name the sentence is about;
- a body, party organ, law, regulation, plan or programme counts more than an official,
  an official more than an event, a firm or a place;
- an item that speaks of technology, data, the internet or trade policy counts more than
  one that does not: the same official named in a history lesson is not tech-policy news;
  one whose title is about China and that subject counts even if it names tracked
  entities only in passing.

An item naming several tracked entities scores as the noisy-or of their scores, so that
each further entity raises it without any one alone reaching a label's weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from watchers.model import EntityKind, Mention, Stance

KIND_WEIGHT: dict[EntityKind, float] = {
    EntityKind.BODY: 1.0,
    EntityKind.PARTY_ORGAN: 0.9,
    EntityKind.LAW: 1.0,
    EntityKind.REGULATION: 1.0,
    EntityKind.PLAN: 0.9,
    EntityKind.PROGRAMME: 0.9,
    EntityKind.PERSON: 0.9,
    EntityKind.EVENT: 0.6,
    EntityKind.FIRM: 0.35,
    EntityKind.PLACE: 0.3,
}

TITLE, LEAD, PASSING = 1.0, 0.6, 0.25
"""How much a mention counts by where it is: in the title, in the lead, further down."""

LEAD_CHARS = 280
"""The lead: about two English sentences, or a short Chinese paragraph."""

IN_LIST = 0.5
"""What a name inside an enumeration keeps of its weight."""

LABELLED = 1.1
"""The floor of a corroboration or contradiction: above any mention's score (at most 1)."""

NO_TOPIC, BODY_TOPIC, LEAD_TOPIC = 0.45, 0.75, 1.0
"""Factors for an item that speaks of no desk topic, only further down, in title or lead.

Off topic, nothing reaches the default floor of 0.5 (:mod:`watchers.digestpolicy`)."""

CHINA_SUBJECT = 0.5
"""What an item whose title names China and the desk's subject scores by itself, enough for
the default floor: a China desk reads "How China caught up on AI" whichever tracked
names it mentions, and wherever."""

_LIST_SEPARATORS = re.compile(r"[、,，/]|\band\b|和|及|与")
_LIST_WINDOW = 12

# Words that mark an item as being about the desk's subject: technology and its policy,
# in English and Chinese. Kept short and broad; a score, not a filter, uses it.
_TOPIC = re.compile(
    r"\bAI\b|artificial intelligence|\bchips?\b|semiconductor|internet|online|"
    r"data (?:security|protection|privacy|governance|locali[sz]ation|transfers?)|"
    r"personal (?:data|information)|"
    r"cyber|digital|\btech(?:nolog(?:y|ies|ical))?\b|algorithm|platforms?\b|telecom|\b5G\b|"
    r"export controls?|sanction|tariff|trade (?:war|deal|talks|truce)|regulat(?:or|ion|ory)|"
    r"antitrust|privacy|software|robot|quantum|\bEVs?\b|electric vehicle|innovation|"
    r"人工智能|智能|芯片|半导体|数据安全|数据治理|数据出境|个人信息|网络|互联网|网信|科技|技术|数字|平台|算法|通信|信息化|"
    r"电商|软件|开源|专利|深度学习|监管|立法|创新|出口管制|制裁|关税|贸易",
    re.IGNORECASE,
)
_CHINA = re.compile(r"\bChina\b|\bChinese\b|\bBeijing\b|中国|我国|中华", re.IGNORECASE)
_BODY_TOPICS = 3
"""Distinct topic words needed further down for an item to count as on topic there."""


def kind_weight(kind: EntityKind) -> float:
    return KIND_WEIGHT[kind]


def position_weight(mention: Mention) -> float:
    """Title, lead or passing, from where the mention starts."""
    if mention.field == "title":
        return TITLE
    return LEAD if mention.start < LEAD_CHARS else PASSING


def in_list(mention: Mention, title: str, text: str) -> bool:
    """Whether the name sits in an enumeration: list separators on both sides, or two on one."""
    field = title if mention.field == "title" else text
    before = field[max(0, mention.start - _LIST_WINDOW) : mention.start]
    after = field[mention.end : mention.end + _LIST_WINDOW]
    seps_before = len(_LIST_SEPARATORS.findall(before))
    seps_after = len(_LIST_SEPARATORS.findall(after))
    near_before = bool(_LIST_SEPARATORS.search(before[-3:]))
    near_after = bool(_LIST_SEPARATORS.match(after.lstrip()[:3]))
    return (
        (near_before and near_after)
        or (near_before and seps_before >= 2)
        or (near_after and seps_after >= 2)
    )


def mention_score(kind: EntityKind, mentions: Sequence[Mention], title: str, text: str) -> float:
    """One entity's weight in an item, from its best-placed mention; 0 without mentions.

    Each further mention of the entity adds a little: an item that keeps returning to
    a body is about it.
    """
    if not mentions:
        return 0.0
    best = max(position_weight(m) * (IN_LIST if in_list(m, title, text) else 1.0) for m in mentions)
    repeated = 1.0 + 0.1 * min(len(mentions) - 1, 5)
    return min(1.0, kind_weight(kind) * best * repeated)


def topic_factor(title: str, text: str) -> float:
    """1 when the title or lead speaks of the desk's subject, less when only the body does."""
    if _TOPIC.search(title) or _TOPIC.search(text[:LEAD_CHARS]):
        return LEAD_TOPIC
    found = {m.group(0).lower() for m in _TOPIC.finditer(text)}
    return BODY_TOPIC if len(found) >= _BODY_TOPICS else NO_TOPIC


def combine(scores: Iterable[float]) -> float:
    """Noisy-or: each further entity raises the score, none pushes it past 1."""
    rest = 1.0
    for s in scores:
        rest *= 1.0 - max(0.0, min(1.0, s))
    return 1.0 - rest


def item_relevance(entity_scores: Iterable[float], title: str, text: str) -> float:
    """An item's relevance from what it mentions and what it is about, before any label."""
    topic = topic_factor(title, text)
    about_china = _CHINA.search(title) and _TOPIC.search(title)
    return combine([*entity_scores, CHINA_SUBJECT if about_china else 0.0]) * topic


def labelled_relevance(stance: Stance, confidence: float) -> float:
    """A corroboration or contradiction: above every mention, contradictions first."""
    bonus = 0.2 if stance is Stance.CONTRADICTS else 0.0
    return LABELLED + bonus + max(0.0, min(1.0, confidence)) * 0.5
