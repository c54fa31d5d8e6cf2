"""LOCATION facts: the region of China a place lies in.

Subject: the place (an entity id); predicate "region"; value a region of
:mod:`watchers.facts.geography` ("east", "southwest"). It is read from a direction
("Wuxi is a city in southern China", "the southwestern city of Chengdu", 华东城市无锡)
or from the province the sentence puts the place in ("Wuxi, in eastern Jiangsu
province", 江苏省无锡市), through the province's region. A direction written on the
province ("southern Jiangsu") describes the province's part, not the country's, so the
province decides. A place merely named says nothing: the table is never consulted
without a sentence that places it.
"""

from __future__ import annotations

import re

from watchers.facts.geography import is_province, province_names, region_of
from watchers.facts.skeleton import Skeleton, entity
from watchers.model import Fact, FactKind

REGION = "region"

_DIR = r"(?P<dir>(?:north|south)[- ]?(?:east|west)|north|south|east|west|central)(?:ern)?"
_DIR_ZH = (
    r"(?P<dzh>西南|西北|东北|东南(?!亚)|华东|华南|华北|华中|东部|南部|北部|西部|中部|南方|北方)"
)
_PROV = rf"(?:(?P<prov>{'|'.join(province_names())})|{entity('pe')})"
_PLACE_WORDS = r"city|province|region|municipality|metropolis|hub|town|port"
# "E, …" or "E is / lies …": the words that may stand between a place and "in".
_PLACED = (
    rf"{entity('s')}(?:,\s+(?:which\s+)?(?:is\s+|lies\s+)?|\s+(?:is|was|lies|sits)\s+)"
    rf"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){{0,3}}?(?:located\s+|situated\s+)?in\s+(?:the\s+)?"
)
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{_PLACED}(?:[\w-]+\s+)?{_PROV}(?:\s+province)?\b",
        rf"\b{_PROV}(?:'s|\s+province's)\s+(?:(?:city|town)\s+of\s+)?{entity('s')}",
        rf"\b{_PROV}\s+(?:province\s+)?(?:city|town)\s+of\s+{entity('s')}",
        rf"{_PLACED}{_DIR}(?:\s+(?:part|region)\s+of)?\s+China\b",
        rf"\b{_DIR}(?:\s+Chinese)?\s+(?:{_PLACE_WORDS})\s+of\s+{entity('s')}",
        rf"\b{_DIR}\s+China's\s+{entity('s')}",
        rf"{_PROV}(?:省|市|自治区)?(?:{_DIR_ZH})?(?:的)?{entity('s')}",
        rf"{entity('s')}(?:市)?(?:位于|地处|坐落于|坐落在)(?:中国)?(?:{_PROV}|{_DIR_ZH})",
        rf"(?:(?<![\u4e00-\u9fff])|中国|我国){_DIR_ZH}(?:地区)?(?:的)?(?:重要|中心|核心|主要)?"
        rf"(?:城市|重镇|省份|都市)?{entity('s')}",
        rf"{entity('s')}是(?:中国|我国)?{_DIR_ZH}(?:地区)?(?:的)?[^，。；,]{{0,6}}?(?:城市|重镇|省份|中心)",
    )
)
_ZH_REGIONS = {"华东": "east", "东部": "east", "华南": "south", "南部": "south", "南方": "south"}
_ZH_REGIONS.update({"华北": "north", "北部": "north", "北方": "north", "华中": "central"})
_ZH_REGIONS.update({"中部": "central", "西部": "west", "西南": "southwest", "西北": "northwest"})
_ZH_REGIONS.update({"东北": "northeast", "东南": "southeast"})


def region_facts(sk: Skeleton) -> list[Fact]:
    """LOCATION facts for ``sk``: one per place, from the first pattern that places it."""
    if not sk.entities:
        return []
    found: dict[str, str] = {}
    for pattern in _PATTERNS:
        for m in pattern.finditer(sk.text):
            region = _region(sk, m)
            if region:
                found.setdefault(sk.entities[int(m["s"])], region)
    return [Fact(FactKind.LOCATION, place, REGION, region) for place, region in found.items()]


def _region(sk: Skeleton, m: re.Match[str]) -> str:
    """The region the match gives its place; "" when it gives none. A province is in no
    other province, so "Beijing's Xinjiang policy" places nothing."""
    groups = m.groupdict()
    if groups.get("prov") or groups.get("pe"):
        if is_province(sk.entities[int(m["s"])]):
            return ""
        return region_of(groups["prov"] or sk.entities[int(groups["pe"])])
    if groups.get("dzh"):
        return _ZH_REGIONS[groups["dzh"]]
    if groups.get("dir"):
        return re.sub(r"[- ]|ern$", "", groups["dir"].lower())
    return ""
