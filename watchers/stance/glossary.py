"""The English words a Chinese policy text uses, so that a claim written in English and
a Chinese sentence can be seen to speak of the same thing.

Claims are mostly written in English and much of the news about them is Chinese; word
overlap, which ties a sentence to a claim (the same rule, the same measure), finds
nothing across the two. Each entry gives the content words (as
:func:`watchers.text.content_tokens` makes them) that a Chinese term stands for. Only
the vocabulary of the field is here: rules, incidents, data, networks, offices and
bodies' work; names of bodies, laws and people are the entity list's business.
"""

from __future__ import annotations

import re

from watchers.text import content_tokens

_TERMS: dict[str, str] = {
    "网络安全": "cyber cybersecurity security network",
    "网络": "network cyber internet",
    "安全事件": "incident security",
    "事件": "incident",
    "关键信息基础设施": "critical information infrastructure",
    "基础设施": "infrastructure",
    "报告": "report",
    "上报": "report",
    "小时": "hour",
    "分钟": "minute",
    "数据": "data",
    "数字经济": "digital economy",
    "个人信息": "personal information",
    "出境": "cross-border transfer",
    "跨境": "cross-border",
    "评估": "assessment",
    "生产要素": "factor production",
    "要素": "factor",
    "施行": "effect",
    "生效": "effect",
    "成立": "established",
    "挂牌": "established inaugurated",
    "揭牌": "established unveiled",
    "组建": "established",
    "书记": "secretary",
    "党委": "party committee",
    "政治局": "politburo",
    "全会": "plenum plenary",
    "公报": "communique",
    "规划": "plan",
    "纲要": "outline plan",
    "法治政府": "rule law government",
    "国家安全": "national security",
    "科技安全": "technology security",
    "垄断": "monopoly monopolistic antitrust",
    "反垄断": "antitrust monopoly",
    "处罚": "penalty fined censured",
    "审查": "review probe",
    "扩产": "expansion",
    "扩大生产": "expansion production",
    "监管": "regulating regulation",
    "负责": "responsible",
}
_PATTERN = re.compile("|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)))
_WORDS = {term: content_tokens(words) for term, words in _TERMS.items()}


def english_words(text: str) -> frozenset[str]:
    """The English content words that the Chinese terms in ``text`` stand for."""
    found: set[str] = set()
    for m in _PATTERN.finditer(text):
        found |= _WORDS[m.group()]
    return frozenset(found)
