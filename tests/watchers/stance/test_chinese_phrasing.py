"""Chinese phrasings of tenures, fines, parents and terms, in both scripts: a date
between the holder and the verb (自2021年起担任), a transfer that dates a tenure (调任),
the agent of a passive fine (被…罚款), a parent said to be direct (直接管理, "directly"),
and 新一届 (the new term, not the first). Sentences written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from support.labelling import assert_labelled
from watchers.facts.skeleton import build_skeleton
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind

_NAMES = {
    "li_ming": (EntityKind.PERSON, "Li Ming", "李明"),
    "hebei": (EntityKind.PLACE, "Hebei", "河北"),
    "bureau": (EntityKind.BODY, "National Data Bureau", "国家数据局"),
    "council": (EntityKind.BODY, "State Council", "国务院"),
    "regulator": (EntityKind.BODY, "Network Regulator", "网络监管局"),
    "firm": (EntityKind.FIRM, "Hengda Data", "恒达数据"),
    "politburo": (EntityKind.PARTY_ORGAN, "Politburo", "政治局"),
}
# A commission within the State Council: under it is under the council, but not directly.
PLANNER = Entity("planner", EntityKind.BODY, "Planning Commission", "规划委员会", within="council")
MATCHER = Matcher.build([*(Entity(key, *names) for key, names in _NAMES.items()), PLANNER])
DAY = datetime(2022, 3, 8)


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        ("李明自2021年起担任河北省委书记。", "2021年12月，李明调任河北省委书记。", "c"),
        ("李明自2021年起擔任河北省委書記。", "李明2020年起任河北省委书记。", "x"),
        ("李明自2021年起担任河北省委书记。", "李明于2019年出任河北省委书记。", "x"),
        ("恒达数据被网络监管局罚款5亿元。", "网络监管局依法对恒达数据处以人民币5亿元罚款。", "c"),
        ("Li Ming heads the National Data Bureau.", "其中，李明获任命为国家数据局局长。", "c"),
        ("Zhang Wei is party secretary of Hebei.", "上周宣布，李明将北上，出任河北省委书记。", "x"),
        (
            "Li Ming is party secretary of Hebei.",
            "河北省委常委成员有12人：李明(省委书记)、张伟(省长)。",
            "c",
        ),
        (
            "国家数据局由国务院直接管理。",
            "新组建的国家数据局负责协调推进数据基础制度建设，统筹数据资源整合共享，由规划委员会管理。",
            "x",
        ),
        # A verb after a two-character name is not the name's third character.
        ("Li Ming is party secretary of Hebei.", "河北省委书记李明出席会议并讲话。", "c"),
        ("政治局共有24名委员。", "The Politburo has 24 members.", "c"),
        ("政治局共有24名委员。", "The new Politburo has 25 members.", "x"),
        ("恒达数据被网络监管局罚款5亿元。", "網絡監管局對恒達數據處以人民幣8億元罰款。", "x"),
        ("国家数据局由国务院直接管理。", "国家数据局由规划委员会管理。", "x"),
        ("国家数据局由国务院管理。", "国家数据局由规划委员会管理。", "c"),
        ("国家数据局由规划委员会管理。", "国家数据局为规划委员会管理的国家局。", "c"),
        (
            "The National Data Bureau reports directly to the State Council.",
            "The National Data Bureau is administered by the Planning Commission.",
            "x",
        ),
    ],
)
def test_chinese_phrasings(claim: str, text: str, stance: str) -> None:
    assert_labelled(MATCHER, claim, text, stance, DAY)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("新一届政治局", "politburo"),
        ("第一届政治局", "politburo#1"),
        ("上一届政治局", "politburo"),
        ("二十届政治局", "politburo#20"),
    ],
)
def test_the_new_term_is_not_the_first(text: str, body: str) -> None:
    assert build_skeleton(text, MATCHER.find(text, "text")).entities == (body,)
