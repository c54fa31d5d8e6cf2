"""Actions read from English and Chinese sentences: whose, when, about what, undone."""

from __future__ import annotations

import pytest

from watchers.facts import derive_facts
from watchers.facts.actions import action_base, action_topics
from watchers.matcher import Matcher
from watchers.model import Alias, Entity, EntityKind, FactKind

MATCHER = Matcher.build(
    Entity(id_, EntityKind.FIRM, en, zh, tuple(Alias(a) for a in aliases))
    for id_, en, zh, *aliases in (
        ("alibaba", "Alibaba", "阿里巴巴集团", "阿里巴巴"),
        ("tencent", "Tencent", "腾讯"),
        ("didi", "DiDi", "滴滴出行"),
        ("intel", "Intel", "英特尔"),
        ("chengdu", "Chengdu", "成都"),
        ("cac", "CAC", "网信办"),
        ("daily", "Science and Technology Daily", "科技日报"),
        ("xi", "Xi Jinping", "习近平"),
        ("ma", "Ma Xingrui", "马兴瑞"),
        ("change_3", "Chang'e 3", "嫦娥三号"),
        ("outline", "rule-of-law government outline", "法治政府建设实施纲要"),
    )
)


def actions(text: str) -> set[tuple[str, str, str, str]]:
    """(subject, predicate, value, unit) of the action facts in ``text``."""
    found = derive_facts(text, MATCHER.find(text))
    return {
        (f.subject, f.predicate, f.value, f.unit)
        for f in found
        if f.kind is FactKind.EVENT_DATE and action_base(f.predicate) in _ACTIONS
    }


_ACTIONS = {"penalised", "investigated", "suspended", "shelved", "published", "called_for", "led"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Alibaba was censured for monopolistic behavior in 2021.",
            {("alibaba", "penalised:antitrust", "2021", "")},
        ),
        (
            "Regulators fined Alibaba 18.2 billion yuan in April 2021 for abusing its dominant "
            "market position.",
            {("alibaba", "penalised:antitrust", "2021-04", "")},
        ),
        # Bare participles after a list of entities, each with the topic of its phrase.
        (
            "The crackdown saw Alibaba and Tencent censured for monopolistic behavior, DiDi "
            "probed for cybersecurity.",
            {
                ("alibaba", "penalised:antitrust", "", ""),
                ("tencent", "penalised:antitrust", "", ""),
                ("didi", "investigated:cybersecurity", "", ""),
            },
        ),
        (
            "The CAC launched a cybersecurity review of DiDi in July 2021.",
            {("didi", "investigated:cybersecurity", "2021-07", "")},
        ),
        # An active verb with an object that is not tracked says nothing of the agent.
        ("The CAC fined the firm under the new rules.", set()),
        (
            "DiDi has never been investigated, the company said.",
            {("didi", "investigated", "", "negated")},
        ),
        ("Intel shelved its expansion plan in Chengdu.", {("intel", "shelved:expansion", "", "")}),
        (
            "Intel's expansion plan in Chengdu was shelved in 2022.",
            {("intel", "shelved:expansion", "2022", "")},
        ),
        (
            "Intel resumed its Chengdu expansion.",
            {
                ("intel", "shelved:expansion", "", "reversed"),
                ("intel", "suspended:expansion", "", "reversed"),
            },
        ),
        (
            "China suspended overseas IPOs for large companies in 2021.",
            {("", "suspended:overseas_listing", "2021", "")},
        ),
        (
            "Science and Technology Daily published an opinion piece on technology security "
            "in April 2021.",
            {("daily", "published:technology_security", "2021-04", "")},
        ),
        (
            "Xi Jinping called for self-reliant industrial supply chains in April 2020.",
            {("xi", "called_for:self_reliance+supply_chain", "2020-04", "")},
        ),
        ("Chang'e 3, led by Ma Xingrui, reached the moon.", {("ma", "led", "", "")}),
        ("Ma Xingrui did not lead the Chang'e 3 mission.", {("ma", "led", "", "negated")}),
        ("The reforms led to growth; LED lamps and U.S.-led talks followed.", set()),
        ("Led Zeppelin reunited.", set()),
        # Plans, possibilities and refusals report nothing done.
        ("Intel may shelve its Chengdu expansion.", set()),
        ("Intel has no plans to resume its Chengdu expansion.", set()),
        ("Intel said it would resume the expansion.", set()),
        ("Led by Ma Xingrui, the team built Chang'e 3.", {("ma", "led", "", "")}),
        # A document published is the document's own event, not the publisher's action.
        ("The CAC published the rule-of-law government outline.", set()),
    ],
)
def test_english(text: str, expected: set[tuple[str, str, str, str]]) -> None:
    assert actions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2021年4月10日，市场监管总局依法对阿里巴巴集团实施“二选一”垄断行为作出行政处罚。",
            {("alibaba", "penalised:antitrust", "2021-04-10", "")},
        ),
        (
            "2021年7月，腾讯因违法实施经营者集中被处以罚款。",
            {("tencent", "penalised:antitrust", "2021-07", "")},
        ),
        (
            "2021年7月2日，网络安全审查办公室对滴滴出行实施网络安全审查。",
            {("didi", "investigated:cybersecurity", "2021-07-02", "")},
        ),
        ("调查显示，多数用户支持新规。", set()),
        ("滴滴出行未被调查。", {("didi", "investigated", "", "negated")}),
        ("英特尔搁置了在成都的扩产计划。", {("intel", "shelved:expansion", "", "")}),
        (
            "英特尔恢复了成都工厂的扩产计划。",
            {
                ("intel", "shelved:expansion", "", "reversed"),
                ("intel", "suspended:expansion", "", "reversed"),
            },
        ),
        (
            "科技日报2021年4月发表评论文章，强调科技安全。",
            {("daily", "published:technology_security", "2021-04", "")},
        ),
        (
            "2020年4月，习近平呼吁加强产业链供应链自主可控。",
            {("xi", "called_for:self_reliance+supply_chain", "2020-04", "")},
        ),
        ("主持人宣布会议开始。", set()),
        ("英特尔拟恢复成都扩产。", set()),
        ("英特尔将成都扩产计划搁置。", {("intel", "shelved:expansion", "", "")}),
    ],
)
def test_chinese(text: str, expected: set[tuple[str, str, str, str]]) -> None:
    assert actions(text) == expected


def test_the_years_of_a_span_date_no_action() -> None:
    assert actions("Intel shelved its 2021-2025 expansion plan.") == {
        ("intel", "shelved:expansion", "", "")
    }
    assert actions("英特尔搁置了2021-2025年扩产计划。") == {("intel", "shelved:expansion", "", "")}


def test_a_title_published_is_no_publisher() -> None:
    assert actions("《法治政府建设实施纲要》发布。") == {("", "published", "", "")}


def test_predicates_split_into_action_and_topics() -> None:
    assert action_base("called_for:self_reliance+supply_chain") == "called_for"
    assert action_topics("called_for:self_reliance+supply_chain") == {
        "self_reliance",
        "supply_chain",
    }
    assert action_topics("led") == frozenset()
