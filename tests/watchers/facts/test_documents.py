"""Facts about documents: the years they cover, who issued them, whether they are public."""

from __future__ import annotations

import pytest

from watchers.facts import derive_facts
from watchers.matcher import Matcher
from watchers.model import Alias, Entity, EntityKind, FactKind

PLAN, BODY = EntityKind.PLAN, EntityKind.BODY
MATCHER = Matcher.build(
    [
        Entity(
            "outline",
            PLAN,
            "Implementation Outline for Building a Rule-of-Law Government (2021-2025)",
            "法治政府建设实施纲要（2021－2025年）",
            (Alias("rule-of-law government outline"), Alias("法治政府建设实施纲要")),
        ),
        Entity("plan", PLAN, "national security five-year plan", "国家安全战略"),
        Entity("sc", BODY, "State Council", "国务院"),
        Entity("cc", BODY, "Central Committee", "中共中央"),
        Entity("ndrc", BODY, "NDRC", "国家发展改革委"),
        Entity("xinhua", BODY, "Xinhua", "新华社"),
    ]
)
PER, ISS, EX = FactKind.PERIOD, FactKind.ISSUER, FactKind.EXISTS


def facts(text: str, kind: FactKind) -> set[tuple[str, str, str]]:
    found = derive_facts(text, MATCHER.find(text))
    return {(f.subject, f.predicate, f.value) for f in found if f.kind is kind}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The national security five-year plan covers 2021 to 2025.", {"2021/2025"}),
        ("China set out a national security five-year plan from 2021 to 2025.", {"2021/2025"}),
        ("The national security five-year plan, spanning 2021-2030, was reviewed.", {"2021/2030"}),
        ("The 2021-2025 national security five-year plan was reviewed.", {"2021/2025"}),
        ("《国家安全战略（2021—2025年）》", {"2021/2025"}),
        ("国家安全战略的规划期为2021年至2025年。", {"2021/2025"}),
        # The official name carries its span.
        ("法治政府建设实施纲要（2021－2025年）印发。", {"2021/2025"}),
        ("The national security five-year plan was reviewed in 2021.", set()),
        ("The national security five-year plan covers 2025 to 2021.", set()),
    ],
)
def test_periods(text: str, expected: set[str]) -> None:
    assert {value for _, _, value in facts(text, PER)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rule-of-law government outline was issued by the State Council.", {"sc"}),
        ("The rule-of-law government outline, issued by the State Council, took effect.", {"sc"}),
        (
            "The rule-of-law government outline was jointly issued by the Central Committee and "
            "the State Council.",
            {"cc", "sc"},
        ),
        ("The NDRC issued the rule-of-law government outline.", {"ndrc"}),
        ("中共中央、国务院印发了《法治政府建设实施纲要》。", {"cc", "sc"}),
        ("《法治政府建设实施纲要》由国家发展改革委印发。", {"ndrc"}),
        # Publishing is not issuing.
        ("新华社发布《法治政府建设实施纲要》。", set()),
        ("The rule-of-law government outline was published by Xinhua.", set()),
        (
            "The rule-of-law government outline, according to notes released by Xinhua, is long.",
            set(),
        ),
    ],
)
def test_issuers(text: str, expected: set[str]) -> None:
    assert {value for _, _, value in facts(text, ISS)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The full text of the national security five-year plan has not been made public.",
            {("plan", "public", "false")},
        ),
        ("The national security five-year plan remains secret.", {("plan", "public", "false")}),
        (
            "Xinhua published the full text of the national security five-year plan.",
            {("plan", "public", "true")},
        ),
        (
            "The full text of the national security five-year plan was released on Friday.",
            {("plan", "public", "true")},
        ),
        ("国家安全战略全文尚未公开。", {("plan", "public", "false")}),
        ("新华社受权公布《国家安全战略》全文。", {("plan", "public", "true")}),
        ("The national security five-year plan was reviewed.", set()),
    ],
)
def test_publication(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert facts(text, EX) == expected
