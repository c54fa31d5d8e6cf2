"""Topics: what an action or a counted phrase is about, in keys English and Chinese share.

"Censured for monopolistic behaviour" and 垄断行为…行政处罚 are both about ``antitrust``;
"'opening up'" and “对外开放” both count ``opening_up``. The list is small on purpose:
it names the subjects the tracked claims turn on, and a phrase outside it is compared
by its own words (English only).
"""

from __future__ import annotations

import re

TOPICS: tuple[tuple[str, str], ...] = (
    (
        "antitrust",
        r"monopol\w*|anti-?trust|anti-monopoly|market\s+dominance|dominant\s+(?:market\s+)?"
        r"position|垄断|经营者集中|二选一",
    ),
    ("cybersecurity", r"cyber\s*-?security|network\s+security|网络安全"),
    ("data_security", r"data\s+security|personal\s+(?:data|information)|数据安全|个人信息"),
    ("technology_security", r"(?:technology|tech)\s+security|科技安全|技术安全"),
    ("self_reliance", r"self-?relian\w*|self-?sufficien\w*|自立自强|自主可控|自力更生"),
    ("supply_chain", r"supply\s+chains?|产业链|供应链"),
    ("negative_list", r"negative\s+list|负面清单"),
    (
        "overseas_listing",
        r"overseas\s+(?:IPOs?|listings?|initial\s+public\s+offerings?)|(?:IPOs?|listings?)\s+"
        r"(?:abroad|overseas)|境外上市|海外上市|赴美上市",
    ),
    ("expansion", r"expan(?:sion|d|ded|ding)\b|扩产|扩建|扩张"),
    ("opening_up", r"opening[- ]up|对外开放|扩大开放"),
    ("production_factor", r"factors?\s+of\s+production|production\s+factors?|生产要素"),
    ("domestic_consumption", r"domestic\s+(?:consumption|demand)|国内消费|扩大内需|内需"),
)
_TOPICS = re.compile("|".join(f"(?P<{key}>{p})" for key, p in TOPICS), re.IGNORECASE)
_WORDS = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]+")


def topics_in(text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
    """The topic keys named in ``text[start:end]``, sorted, each once."""
    stop = len(text) if end is None else end
    return tuple(sorted({m.lastgroup or "" for m in _TOPICS.finditer(text, start, stop)}))


def term_key(term: str) -> str:
    """A quoted term as a key: its topic when it names one ("对外开放" is ``opening_up``),
    else its words lower-cased and joined by "_" ("common_prosperity", "共同富裕")."""
    found = topics_in(term)
    if found:
        return found[0]
    return "_".join(_WORDS.findall(term.lower()))
