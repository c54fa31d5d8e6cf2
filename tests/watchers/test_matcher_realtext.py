"""Matching on text as real reports write it: both Chinese scripts, hyphenated line
ends, names cut out of other words, abbreviations an item defines, context across
title and text."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchers.config.file import load_config
from watchers.matcher import Matcher
from watchers.model import Alias, Entity, EntityKind, Item

REPO = Path(__file__).resolve().parents[2]

ENTITIES = (
    Entity("ma_xingrui", EntityKind.PERSON, "Ma Xingrui", "马兴瑞"),
    Entity("xinjiang", EntityKind.PLACE, "Xinjiang", "新疆", (Alias("新疆维吾尔自治区"),)),
    Entity(
        "cac",
        EntityKind.BODY,
        "Cyberspace Administration of China",
        "国家互联网信息办公室",
        (Alias("Cyberspace Administration"), Alias("网信办"), Alias("CAC", ("cyber", "网信"))),
    ),
    Entity(
        "ccp", EntityKind.PARTY_ORGAN, "Chinese Communist Party", "中国共产党", (Alias("中共"),)
    ),
    Entity("huawei", EntityKind.FIRM, "Huawei", "华为"),
    Entity("taiwan", EntityKind.PLACE, "Taiwan", "台灣"),  # configured in traditional script
    Entity(
        "nda",
        EntityKind.BODY,
        "National Data Administration",
        "国家数据局",
        (Alias("National Data Bureau"), Alias("NDB", ("data", "数据"))),
    ),
    Entity(
        "ndb_bank",
        EntityKind.BODY,
        "New Development Bank",
        aliases=(Alias("NDB", ("bank", "loan", "BRICS")),),
    ),
    Entity(
        "ndrc",
        EntityKind.BODY,
        "National Development and Reform Commission",
        "国家发展和改革委员会",
        (Alias("NDRC"), Alias("国家发展改革委"), Alias("发改委")),
    ),
    Entity("state_owned", EntityKind.PROGRAMME, "state-owned enterprise reform"),
)

MATCHER = Matcher.build(ENTITIES)


def found(text: str) -> list[tuple[str, str, str]]:
    """(entity id, configured alias, original text covered) for each mention."""
    return [(m.entity_id, m.alias, text[m.start : m.end]) for m in MATCHER.find(text)]


def in_item(title: str, text: str) -> list[tuple[str, str, str, str]]:
    """(field, entity id, alias, original text covered) for each mention in an item."""
    item = Item(feed_id="f", title=title, text=text, guid="g")
    fields = {"title": title, "text": text}
    return [
        (m.field, m.entity_id, m.alias, fields[m.field][m.start : m.end])
        for m in MATCHER.find_in_item(item)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "中共中央決定，馬興瑞不再兼任新疆黨委書記",
            [
                ("ccp", "中共", "中共"),
                ("ma_xingrui", "马兴瑞", "馬興瑞"),
                ("xinjiang", "新疆", "新疆"),
            ],
        ),
        ("國家互聯網信息辦公室發佈新規", [("cac", "国家互联网信息办公室", "國家互聯網信息辦公室")]),
        ("港媒：網信辦約談平台", [("cac", "网信办", "網信辦")]),
        ("台湾与台灣", [("taiwan", "台灣", "台湾"), ("taiwan", "台灣", "台灣")]),
        (
            "Ma Xingrui (馬興瑞) left",
            [("ma_xingrui", "Ma Xingrui", "Ma Xingrui"), ("ma_xingrui", "马兴瑞", "馬興瑞")],
        ),
    ],
)
def test_traditional_script_is_found_where_it_is_written(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the Cyber-\nspace Administration said",
            [("cac", "Cyberspace Administration", "Cyber-\nspace Administration")],
        ),
        (
            "the Cyber-  \n  space Administration of China",
            [
                (
                    "cac",
                    "Cyberspace Administration of China",
                    "Cyber-  \n  space Administration of China",
                )
            ],
        ),
        (
            "a state-\nowned enterprise reform plan",
            [("state_owned", "state-owned enterprise reform", "state-\nowned enterprise reform")],
        ),
        ("a cyber-\nspace race", []),
    ],
)
def test_words_hyphenated_at_a_line_end_match_both_ways(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("其中共享单车的数据", []),
        ("中共享有执政地位", [("ccp", "中共", "中共")]),
        ("清华为什么要扩招", []),
        ("北大清華為什麼", []),
        ("华为公司发布新机", [("huawei", "华为", "华为")]),
        ("美国制裁华为", [("huawei", "华为", "华为")]),
        ("据报道网信办发布通知", [("cac", "网信办", "网信办")]),
    ],
)
def test_chinese_aliases_do_not_cut_through_words(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("国家发展改革委印发通知", {"ndrc"}),
        ("发改委主任表示", {"ndrc"}),
        ("國家發展和改革委員會", {"ndrc"}),
    ],
)
def test_official_short_forms(text: str, ids: set[str]) -> None:
    assert MATCHER.entity_ids(text) == ids


def test_an_abbreviation_defined_in_an_item_counts_for_all_of_it() -> None:
    title = "NDB sets out first-year priorities"
    text = (
        "Officials at the National Data Bureau (NDB) said on Monday that pilots would "
        "start in several provinces. "
        + "The plan runs to twenty pages. " * 8
        + "The NDB will report in June."
    )
    assert in_item(title, text) == [
        ("title", "nda", "NDB", "NDB"),
        ("text", "nda", "National Data Bureau", "National Data Bureau"),
        ("text", "nda", "NDB", "NDB"),
        ("text", "nda", "NDB", "NDB"),
    ]


def test_a_definition_settles_an_ambiguous_abbreviation_for_the_item() -> None:
    text = "The New Development Bank (NDB) said the NDB approved a loan and more data."
    assert [m[1] for m in in_item("", text)] == ["ndb_bank"] * 3


def test_an_unconfigured_abbreviation_is_reported_as_the_item_wrote_it() -> None:
    text = (
        "The National Development and Reform Commission (NDRC) and the Cyberspace "
        "Administration (CA). The CA agreed."
    )
    assert in_item("", text)[-1] == ("text", "cac", "CA", "CA")


def test_a_chinese_abbreviation_needs_its_introducing_word() -> None:
    text = "国家数据局（以下简称“数据局”）成立。数据局负责协调。国家数据局（2023）"
    mentions = in_item("", text)
    assert [m[3] for m in mentions] == ["国家数据局", "数据局", "数据局", "国家数据局"]
    assert {m[1] for m in mentions} == {"nda"}
    assert in_item("", "国家数据局（数据）与数据") == [("text", "nda", "国家数据局", "国家数据局")]


def test_a_chinese_abbreviation_may_be_quoted_in_title_marks() -> None:
    text = "依据《国家数据局工作规则》（以下简称《规则》），国家数据局（下称数局）与数局人员"
    assert [m[3] for m in in_item("", text)] == ["国家数据局", "国家数据局", "数局", "数局"]


def test_context_may_be_in_the_title_or_the_text() -> None:
    assert in_item("Data bureau opens in Beijing", "The NDB opened its doors.") == [
        ("text", "nda", "NDB", "NDB")
    ]
    assert in_item("NDB opens", "The new data bureau opened its doors.") == [
        ("title", "nda", "NDB", "NDB")
    ]
    assert in_item("NDB opens", "It opened its doors.") == []


def test_find_alone_keeps_context_within_its_text() -> None:
    assert MATCHER.find("The NDB opened its doors.") == []


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("国家发展改革委印发实施方案", {"ndrc"}),
        ("腾讯、阿里等平台企业", {"tencent", "alibaba"}),
        ("西藏阿里地区", set()),
        ("the National Data Administration (NDA) said the NDA would", {"national_data_bureau"}),
        ("signed an NDA with the supplier", set()),
        ("馬興瑞不再兼任新疆黨委書記", {"ma_xingrui", "xinjiang"}),
    ],
)
def test_seeded_short_forms(text: str, ids: set[str]) -> None:
    matcher = Matcher.build(load_config(REPO / "config").entities)
    item = Item(feed_id="f", title="", text=text, guid="g")
    assert {m.entity_id for m in matcher.find_in_item(item)} == ids


@pytest.mark.parametrize(
    ("text", "entity", "alias"),
    [
        ("立法院討論中國《資料安全法》的影響", "dsl", "数据安全法"),
        ("業者須遵守《網路安全法》", "csl", "网络安全法"),
        (
            "主管機關公佈《生成式人工智慧服務管理暫行辦法》",
            "genai",
            "生成式人工智能服务管理暂行办法",
        ),
    ],
)
def test_taiwan_wording_of_a_name_is_the_name(text: str, entity: str, alias: str) -> None:
    matcher = Matcher.build(
        [
            Entity("dsl", EntityKind.LAW, "Data Security Law", "数据安全法"),
            Entity("csl", EntityKind.LAW, "Cybersecurity Law", "网络安全法"),
            Entity("genai", EntityKind.REGULATION, "AI Measures", "生成式人工智能服务管理暂行办法"),
        ]
    )
    [mention] = matcher.find(text)
    assert (mention.entity_id, mention.alias) == (entity, alias)
    assert text[mention.start : mention.end] == text[text.index("《") + 1 : text.index("》")]


def test_a_name_joined_by_yu_where_configured_with_he() -> None:
    matcher = Matcher.build(
        [Entity("group", EntityKind.PARTY_ORGAN, "Leading Group", "中央网络安全和信息化领导小组")]
    )
    [mention] = matcher.find("2014年2月27日，中央網絡安全與信息化領導小組正式成立。")
    assert mention.entity_id == "group"
