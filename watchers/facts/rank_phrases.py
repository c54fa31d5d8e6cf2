"""Rank phrases: "China's first lunar mission", "the world's second-largest telecom
equipment maker", 全球最大的通信设备制造商, 中国首颗探月卫星.

A phrase has a rank ("first", "largest", "largest#2" for a second place), a category
(a key from :data:`CATEGORIES`, or in English the words as written, "chipmaker") and
a scope ("world", "china" or "" when none is named). :func:`mark_phrases` replaces each
phrase in a skeleton text by a numbered marker, so that :mod:`watchers.facts.ranks` can
write its holder patterns around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchers.facts.values import parse_number

CATEGORIES: tuple[tuple[str, str], ...] = (
    (
        "lunar_landing",
        r"(?:lunar|moon)\s+(?:soft[- ])?(?:landings?|landers?|rovers?)|(?:soft[- ])?landings?\s+"
        r"on\s+the\s+moon|月球软着陆|落月|月面着陆|着陆器|月球车",
    ),
    (
        "lunar_mission",
        r"(?:lunar|moon)\s+(?:exploration\s+)?(?:missions?|probes?|orbiters?|satellites?"
        r"|spacecraft)|探月(?:卫星|任务|探测器|器)|绕月(?:探测)?卫星|月球探测(?:器|任务|卫星)",
    ),
    (
        "telecom_equipment_maker",
        r"tele(?:com|communications?)\s+(?:network\s+)?(?:equipment|gear)\s+(?:makers?"
        r"|manufacturers?|vendors?|suppliers?|providers?|compan(?:y|ies)|firms?)"
        r"|(?:电信|通信|通讯)(?:网络)?设备(?:制造商|供应商|厂商|商|企业)",
    ),
    (
        "smartphone_vendor",
        r"smart\s*phone\s+(?:vendors?|makers?|brands?|sellers?|manufacturers?)"
        r"|(?:智能)?手机(?:厂商|品牌|制造商|供应商)",
    ),
)
_CATEGORY = re.compile("|".join(f"(?P<{key}>{p})" for key, p in CATEGORIES), re.IGNORECASE)
_EN_RANK = re.compile(
    r"\b(?:(?P<place>second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?"
    r"(?P<rank>largest|biggest|first|earliest)\b(?:\s+(?P<adj>Chinese|global|domestic))?\s+",
    re.IGNORECASE,
)
# Read backwards from the rank word: "the world's", "China's", "the".
_EN_SCOPE = re.compile(r"(?:(?:the\s+)?(?P<scope>[A-Za-z]+)(?:'s|s')\s+|\bthe\s+)$", re.IGNORECASE)
_ZH_RANK = re.compile(
    r"(?:(?P<scope>全球|世界|全世界|国际|中国|我国|国内|全国|亚洲|欧洲|美国|日本|韩国|印度|欧盟"
    r"|亚太|北美|非洲|拉美)(?:上)?(?:的)?)?"
    r"(?P<rank>第一大|第(?P<place>[二三四五])大|最大|首|第一)(?:个|颗|艘|台|座|款|家|的)?"
)
_EN_WORD = re.compile(r"[a-z][a-z-]*")
_STOP_WORDS = (
    "in of to and for by with that which since after before on at as from than among "
    "was is were are be been has have had will would can could should may might it its "
    "the a an"
)
_STOP = frozenset(_STOP_WORDS.split())
# "the first time", "her first few months", "in the first place": occasions, not ranks.
_NOT_CATEGORIES = frozenset({"time", "times", "few", "step", "steps", "place", "half"})
_SCOPE_AFTER = re.compile(r"\s+in\s+(?:the\s+)?(world|country|[A-Z][\w-]*)\b")
_PLACES = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3}
_PLACES.update({"4th": 4, "5th": 5})
# Scopes the same under several names; any other scope ("Europe's", 亚洲) is its own.
_SCOPES = {"world": "world", "globe": "world", "global": "world", "全球": "world"}
_SCOPES.update({"世界": "world", "全世界": "world", "china": "china", "country": "china"})
_SCOPES.update({"nation": "china", "chinese": "china", "domestic": "china", "中国": "china"})
_SCOPES.update({"我国": "china", "国内": "china", "全国": "china", "国际": "world"})

MARK_OPEN, MARK_CLOSE = "\ue008", "\ue009"


@dataclass(frozen=True)
class RankPhrase:
    rank: str  # "first", "largest" or "largest#<n>"
    category: str
    scope: str


def mark_phrases(text: str) -> tuple[str, list[RankPhrase]]:
    """``text`` with each rank phrase replaced by ``\\ue008N\\ue009``, and the phrases."""
    phrases: list[RankPhrase] = []
    pieces: list[str] = []
    pos = 0
    for start, end, phrase in _find(text):
        if start < pos:
            continue
        pieces += [text[pos:start], f"{MARK_OPEN}{len(phrases)}{MARK_CLOSE}"]
        phrases.append(phrase)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), phrases


def _find(text: str) -> list[tuple[int, int, RankPhrase]]:
    found = []
    for m in _EN_RANK.finditer(text):
        category, end = _en_category(text, m.end())
        if category:
            before = _EN_SCOPE.search(text, max(0, m.start() - 20), m.start())
            after = _SCOPE_AFTER.match(text, end)
            scope = (before["scope"] if before else "") or m["adj"] or (after[1] if after else "")
            rank = _rank_key(m["rank"], _PLACES.get((m["place"] or "").lower(), 1))
            start = before.start() if before else m.start()
            found.append((start, after.end() if after else end, _phrase(rank, category, scope)))
    for m in _ZH_RANK.finditer(text):
        category_match = _CATEGORY.match(text, m.end())
        if category_match:
            place = int(parse_number(m["place"])) if m["place"] else 1
            rank = _rank_key(m["rank"], place)
            phrase = _phrase(rank, category_match.lastgroup or "", m["scope"] or "")
            found.append((m.start(), category_match.end(), phrase))
    return sorted(found, key=lambda f: f[0])


def _en_category(text: str, pos: int) -> tuple[str, int]:
    """The category starting at ``pos`` and where it ends; ("", pos) if there is none.

    In English a category not in :data:`CATEGORIES` is up to four words, up to the
    first function word: "the largest chipmaker in Asia" counts "chipmaker".
    """
    known = _CATEGORY.match(text, pos)
    if known:
        return known.lastgroup or "", known.end()
    kept: list[str] = []
    end = pos
    for m in _EN_WORD.finditer(text, pos):
        if m.start() != end and (kept == [] or text[end : m.start()].strip()):
            break
        if m.group().lower() in _STOP or len(kept) == 4:
            break
        kept.append(m.group().lower())
        end = m.end()
    if not kept or kept[0] in _NOT_CATEGORIES:
        return "", pos
    last = kept[-1]
    kept[-1] = last[:-1] if len(last) > 3 and last.endswith("s") else last
    return "_".join(kept), end


def _rank_key(word: str, place: int) -> str:
    base = "first" if word.lower() in ("first", "earliest", "首", "第一") else "largest"
    return base if place == 1 else f"{base}#{place}"


def _phrase(rank: str, category: str, scope: str) -> RankPhrase:
    return RankPhrase(rank, category, _SCOPES.get(scope.lower(), scope.lower()))
