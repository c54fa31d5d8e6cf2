"""Regions read from English and Chinese sentences, directly or through a province."""

from __future__ import annotations

import pytest

from watchers.facts import derive_facts
from watchers.facts.geography import region_of
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, FactKind

MATCHER = Matcher.build(
    Entity(id_, EntityKind.PLACE, en, zh)
    for id_, en, zh in (
        ("wuxi", "Wuxi", "无锡"),
        ("chengdu", "Chengdu", "成都"),
        ("guangdong", "Guangdong", "广东省"),
        ("shenzhen", "Shenzhen", "深圳市"),
    )
)


def regions(text: str) -> set[tuple[str, str]]:
    found = derive_facts(text, MATCHER.find(text))
    return {(f.subject, f.value) for f in found if f.kind is FactKind.LOCATION}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wuxi is a city in southern China.", {("wuxi", "south")}),
        ("Wuxi, in eastern Jiangsu province, makes chips.", {("wuxi", "east")}),
        # The direction describes the province; the province places the city.
        ("Wuxi, in southern Jiangsu province, makes chips.", {("wuxi", "east")}),
        ("the southern Jiangsu city of Wuxi", {("wuxi", "east")}),
        ("a plant in the southwestern city of Chengdu", {("chengdu", "southwest")}),
        ("Sichuan's Chengdu is growing.", {("chengdu", "southwest")}),
        ("Shenzhen, in Guangdong province, is a tech hub.", {("shenzhen", "south")}),
        ("Wuxi is a city of 7 million people.", set()),
        ("Wuxi invests in southern China.", set()),
        ("SK Hynix has a plant in Wuxi.", set()),
        ("Guangdong, in Beijing's view, is a model.", set()),
        ("Sichuan's Guangdong office opened.", set()),
    ],
)
def test_english(text: str, expected: set[tuple[str, str]]) -> None:
    assert regions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("江苏省无锡市", {("wuxi", "east")}),
        ("位于江苏南部的无锡", {("wuxi", "east")}),
        ("华东城市无锡", {("wuxi", "east")}),
        ("无锡位于中国东部。", {("wuxi", "east")}),
        ("四川成都", {("chengdu", "southwest")}),
        ("西南地区的成都", {("chengdu", "southwest")}),
        ("东南亚市场与无锡企业合作。", set()),
        ("广东省深圳市", {("shenzhen", "south")}),
    ],
)
def test_chinese(text: str, expected: set[tuple[str, str]]) -> None:
    assert regions(text) == expected


@pytest.mark.parametrize(
    ("place", "region"),
    [
        ("jiangsu", "east"),
        ("Jiangsu", "east"),
        ("江苏", "east"),
        ("wuxi", "east"),
        ("chengdu", "southwest"),
        ("chongqing", "southwest"),
        ("shenzhen", "south"),
        ("zhejiang", "east"),
        ("xinjiang", "northwest"),
        ("atlantis", ""),
    ],
)
def test_region_table(place: str, region: str) -> None:
    assert region_of(place) == region
