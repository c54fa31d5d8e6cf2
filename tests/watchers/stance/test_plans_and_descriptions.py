"""A founding dated by the plan that decided it, and a parent named by what it does.

Sentences written for these tests, after the way wire copy tells a reorganisation."""

from __future__ import annotations

from datetime import datetime

import pytest

from support.labelling import label_pair
from watchers.matcher import Matcher
from watchers.model import Alias, Entity, EntityKind, Stance, Verdict

ENTITIES = [
    Entity("bureau", EntityKind.BODY, "National Data Bureau", "国家数据局"),
    Entity(
        "planner",
        EntityKind.BODY,
        "Development Commission",
        aliases=(Alias("state planner", ("China", "Chinese")),),
    ),
]
MATCHER = Matcher.build(ENTITIES)


def _label(claim_text: str, text: str) -> Verdict:
    return label_pair(MATCHER, claim_text, text, published=datetime(2023, 7, 20))


PLAN = (
    "The plan to set up the National Data Bureau, a body meant to pool records across "
    "ministries, was announced in March."
)


def test_the_plans_date_confirms_a_founding_dated_alike() -> None:
    verdict = _label("The National Data Bureau was established in March 2023.", PLAN)
    assert verdict.stance is Stance.CORROBORATES, verdict
    assert "date of the plan" in verdict.reason, verdict


def test_the_plans_date_does_not_refute_a_later_opening() -> None:
    verdict = _label("The National Data Bureau was established in October 2023.", PLAN)
    assert verdict.stance is not Stance.CONTRADICTS, verdict


@pytest.mark.parametrize(
    "text",
    [
        "The National Data Bureau, which is under China's powerful state planner, opened.",
        "The National Data Bureau is run by China's state planner.",
    ],
)
def test_a_parent_named_by_what_it_does(text: str) -> None:
    claim = "The National Data Bureau sits under the Development Commission."
    verdict = _label(claim, text)
    assert verdict.stance is Stance.CORROBORATES, verdict
    assert verdict.reason.startswith("parent-match"), verdict


def test_a_description_without_its_country_names_no_body() -> None:
    claim = "The National Data Bureau sits under the Development Commission."
    verdict = _label(claim, "The National Data Bureau is run by the state planner of Ruritania.")
    assert not verdict.reason.startswith("parent"), verdict


def test_a_chinese_plan_dates_a_founding_and_its_parent_across_clauses() -> None:
    claim = (
        "The National Data Bureau was established in March 2023 under the Development Commission."
    )
    text = (
        "今年3月，会议提出组建国家数据局，负责推进数据制度建设，统筹数据共享，"
        "由Development Commission管理。"
    )
    verdict = _label(claim, text)
    assert verdict.stance is Stance.CORROBORATES, verdict


def test_this_law_names_the_law_named_before() -> None:
    matcher = Matcher.build([Entity("netlaw", EntityKind.LAW, "Network Safety Law")])
    text = (
        "On 7 November 2016 the Network Safety Law of Ruritania was approved. This new law, "
        "which will take effect from June 1, 2017, sets out duties for operators."
    )
    claim = "The Network Safety Law took effect on June 1, 2017."
    verdict = label_pair(matcher, claim, text)
    assert verdict.stance is Stance.CORROBORATES, verdict
