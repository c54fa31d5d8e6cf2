"""Ranks read from English and Chinese sentences: the phrase, its holder, a rank lost."""

from __future__ import annotations

import pytest

from watchers.facts import derive_facts
from watchers.facts.rank_phrases import RankPhrase, mark_phrases
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, FactKind

MATCHER = Matcher.build(
    [
        Entity("change_3", EntityKind.PROGRAMME, "Chang'e 3", "嫦娥三号"),
        Entity("huawei", EntityKind.FIRM, "Huawei", "华为"),
    ]
)


def ranks(text: str) -> set[tuple[str, str, str, str]]:
    found = derive_facts(text, MATCHER.find(text))
    return {(f.subject, f.predicate, f.value, f.unit) for f in found if f.kind is FactKind.RANK}


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("China's first lunar mission", [RankPhrase("first", "lunar_mission", "china")]),
        (
            "the world's second-largest telecom equipment maker",
            [RankPhrase("largest#2", "telecom_equipment_maker", "world")],
        ),
        ("the largest chipmakers in Asia", [RankPhrase("largest", "chipmaker", "asia")]),
        ("Europe's largest chipmaker", [RankPhrase("largest", "chipmaker", "europe")]),
        ("欧洲最大的通信设备制造商", [RankPhrase("largest", "telecom_equipment_maker", "欧洲")]),
        ("the first lunar mission in 2007", [RankPhrase("first", "lunar_mission", "")]),
        (
            "the biggest smartphone vendor in China",
            [RankPhrase("largest", "smartphone_vendor", "china")],
        ),
        ("中国首颗探月卫星", [RankPhrase("first", "lunar_mission", "china")]),
        ("全球第二大通信设备商", [RankPhrase("largest#2", "telecom_equipment_maker", "world")]),
        ("the first time he spoke", []),
        ("首都北京", []),
    ],
)
def test_rank_phrases(text: str, phrases: list[RankPhrase]) -> None:
    assert mark_phrases(text)[1] == phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chang'e 3 was China's first lunar mission.",
            {("change_3", "first:lunar_mission", "china", "")},
        ),
        (
            "Chang'e 1, China's first lunar mission, launched in 2007.",
            {("Chang'e 1", "first:lunar_mission", "china", "")},
        ),
        (
            "China's first lunar mission, Chang'e 1, launched in 2007.",
            {("Chang'e 1", "first:lunar_mission", "china", "")},
        ),
        (
            "Huawei, the world's largest telecommunications equipment maker and formerly "
            "China's biggest smartphone vendor, was hit.",
            {
                ("huawei", "largest:telecom_equipment_maker", "world", ""),
                ("huawei", "largest:smartphone_vendor", "china", "ended"),
            },
        ),
        (
            "Ericsson overtook Huawei as the world's largest telecom equipment maker.",
            {
                ("Ericsson", "largest:telecom_equipment_maker", "world", ""),
                ("huawei", "largest:telecom_equipment_maker", "world", "ended"),
            },
        ),
        (
            "Huawei is no longer the largest telecom equipment maker.",
            {("huawei", "largest:telecom_equipment_maker", "", "ended")},
        ),
        # An apposition belongs to the name before it, not to the one after.
        (
            "Huawei, the world's largest telecom equipment maker, Ericsson said, grew.",
            {("huawei", "largest:telecom_equipment_maker", "world", "")},
        ),
        ("The company is the world's largest telecom equipment maker.", set()),
        ("Chang'e 3 made China's first soft landing on the moon.", set()),
    ],
)
def test_english(text: str, expected: set[tuple[str, str, str, str]]) -> None:
    assert ranks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("嫦娥一号是中国首个探月卫星。", {("嫦娥一号", "first:lunar_mission", "china", "")}),
        (
            "中国首颗探月卫星嫦娥一号于2007年发射。",
            {("嫦娥一号", "first:lunar_mission", "china", "")},
        ),
        (
            "华为是全球最大的通信设备制造商。",
            {("huawei", "largest:telecom_equipment_maker", "world", "")},
        ),
        (
            "爱立信超越华为成为全球最大的通信设备制造商。",
            {
                ("爱立信", "largest:telecom_equipment_maker", "world", ""),
                ("huawei", "largest:telecom_equipment_maker", "world", "ended"),
            },
        ),
        (
            "华为曾是中国最大的手机厂商。",
            {("huawei", "largest:smartphone_vendor", "china", "ended")},
        ),
        ("中国首颗探月卫星成功发射。", set()),
    ],
)
def test_chinese(text: str, expected: set[tuple[str, str, str, str]]) -> None:
    assert ranks(text) == expected
