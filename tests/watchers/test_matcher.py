"""The entity matcher: boundaries, context, longest match, offsets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from watchers.errors import ConfigError
from watchers.matcher import CONTEXT_WINDOW, Matcher, fold
from watchers.model import Alias, Entity, EntityKind, Mention

REPO = Path(__file__).resolve().parents[2]
REAL_FEEDS = REPO / ".." / "shared" / "datasets" / "real-feeds"

ENTITIES = (
    Entity(
        "cac",
        EntityKind.BODY,
        "Cyberspace Administration of China",
        "国家互联网信息办公室",
        (Alias("CAC"), Alias("网信办"), Alias("国家网信办")),
    ),
    Entity("china", EntityKind.PLACE, "China", "中国", (Alias("PRC"),)),
    Entity("info_office", EntityKind.BODY, "Information Office", "信息办公室"),
    Entity(
        "pipl",
        EntityKind.LAW,
        "Personal Information Protection Law",
        "个人信息保护法",
        (Alias("PIPL"),),
    ),
    Entity("dsl", EntityKind.LAW, "Data Security Law", "数据安全法"),
    Entity("security_law", EntityKind.LAW, "Security Law"),
    Entity(
        "nda",
        EntityKind.BODY,
        "National Data Administration",
        "国家数据局",
        (Alias("National Data Bureau"), Alias("NDB", ("data", "数据"))),
    ),
    Entity(
        "new_development_bank",
        EntityKind.BODY,
        "New Development Bank",
        "新开发银行",
        (Alias("NDB", ("bank", "BRICS", "loan")),),
    ),
    Entity("mic2025", EntityKind.PLAN, "Made-in-China 2025", "中国制造2025"),
    Entity("xi", EntityKind.PERSON, "Xi Jinping", "习近平", (Alias("President Xi"),)),
    Entity("ostrasse_office", EntityKind.BODY, "Ostraße Office"),
    Entity("fintech", EntityKind.BODY, "Fintech Office"),
)

MATCHER = Matcher.build(ENTITIES)


def found(text: str) -> list[tuple[str, str, str]]:
    """(entity id, configured alias, original text covered) for each mention, in order."""
    return [(m.entity_id, m.alias, text[m.start : m.end]) for m in MATCHER.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case and width
        ("The CAC said", [("cac", "CAC", "CAC")]),
        ("the cac said", [("cac", "CAC", "cac")]),
        ("ＣＡＣ发布", [("cac", "CAC", "ＣＡＣ")]),
        ("Ｐｉｐｌ applies", [("pipl", "PIPL", "Ｐｉｐｌ")]),
        (
            "ｐｅｒｓｏｎａｌ information PROTECTION law",
            [
                (
                    "pipl",
                    "Personal Information Protection Law",
                    "ｐｅｒｓｏｎａｌ information PROTECTION law",
                ),
            ],
        ),
        # whole words for Latin aliases
        ("cacao prices rose", []),
        ("CACAO prices rose", []),
        ("two CACs- and more", []),
        ("the PIPLINE project", []),
        ("the PIPELINE project", []),
        ("CAC2 and 2CAC", []),
        ("the CAC's rules", [("cac", "CAC", "CAC")]),
        ("the CAC’s rules", [("cac", "CAC", "CAC")]),
        ("(CAC)", [("cac", "CAC", "CAC")]),
        ("CAC-approved apps", [("cac", "CAC", "CAC")]),
        ("网信办CAC发布", [("cac", "网信办", "网信办"), ("cac", "CAC", "CAC")]),
        ("依据PIPL第13条", [("pipl", "PIPL", "PIPL")]),
        # CJK aliases inside running Chinese text
        ("中国的网信办发布", [("china", "中国", "中国"), ("cac", "网信办", "网信办")]),
        ("国家数据局局长", [("nda", "国家数据局", "国家数据局")]),
        (
            "《个人信息保护法》和《数据安全法》",
            [
                ("pipl", "个人信息保护法", "个人信息保护法"),
                ("dsl", "数据安全法", "数据安全法"),
            ],
        ),
        ("习近平主席", [("xi", "习近平", "习近平")]),
        # a CJK alias ending in a digit still needs a boundary on that side
        ("中国制造2025规划", [("mic2025", "中国制造2025", "中国制造2025")]),
        ("中国制造20250", [("china", "中国", "中国")]),
        # leftmost-longest
        (
            "The Cyberspace Administration of China said",
            [
                ("cac", "Cyberspace Administration of China", "Cyberspace Administration of China"),
            ],
        ),
        ("国家互联网信息办公室", [("cac", "国家互联网信息办公室", "国家互联网信息办公室")]),
        ("信息办公室", [("info_office", "信息办公室", "信息办公室")]),
        (
            "the Data Security Law and the Security Law",
            [
                ("dsl", "Data Security Law", "Data Security Law"),
                ("security_law", "Security Law", "Security Law"),
            ],
        ),
        ("国家网信办", [("cac", "国家网信办", "国家网信办")]),
        # whitespace, dashes and line breaks inside names
        (
            "Cyberspace\n  Administration of\tChina",
            [
                (
                    "cac",
                    "Cyberspace Administration of China",
                    "Cyberspace\n  Administration of\tChina",
                ),
            ],
        ),
        ("Made in China 2025", [("mic2025", "Made-in-China 2025", "Made in China 2025")]),
        ("Made-in-China 2025", [("mic2025", "Made-in-China 2025", "Made-in-China 2025")]),
        ("Made–in–China\n2025", [("mic2025", "Made-in-China 2025", "Made–in–China\n2025")]),
        (
            "国家互联网\n信息办公室",
            [
                ("cac", "国家互联网信息办公室", "国家互联网\n信息办公室"),
            ],
        ),
        (
            "国家互联网 信息办公室",
            [
                ("cac", "国家互联网信息办公室", "国家互联网 信息办公室"),
            ],
        ),
        ("President\u00a0Xi", [("xi", "President Xi", "President\u00a0Xi")]),
        (
            "Cyber\u00adspace Administration of China",
            [
                (
                    "cac",
                    "Cyberspace Administration of China",
                    "Cyber\u00adspace Administration of China",
                ),
            ],
        ),
        # NFKC changes lengths; offsets still point into the original
        ("…… ＣＡＣ", [("cac", "CAC", "ＣＡＣ")]),
        ("① ② ﬁ ß the CAC", [("cac", "CAC", "CAC")]),
        ("Cafe\u0301 owners and the PRC", [("china", "PRC", "PRC")]),
        ("Meet the ﬁntech oﬃce", [("fintech", "Fintech Office", "ﬁntech oﬃce")]),
        ("OSTRASSE OFFICE", [("ostrasse_office", "Ostraße Office", "OSTRASSE OFFICE")]),
        ("the Ostrasse Office", [("ostrasse_office", "Ostraße Office", "Ostrasse Office")]),
    ],
)
def test_find(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The NDB approved a $1bn loan to Brazil.", {"new_development_bank"}),
        ("The NDB met in Shanghai on Monday.", set()),
        ("the NDB, China's new data bureau", {"nda", "china"}),
        ("the NDB, China's new ＤＡＴＡ bureau", {"nda", "china"}),
        ("国家数据局（NDB）今日发布", {"nda"}),  # another alias of the same entity
        ("the NDB's database", set()),  # a context word is a whole word too
        ("NDB" + " filler" * 30 + " data", set()),  # past the window
        ("NDB" + " filler" * 20 + " data", {"nda"}),
        ("data" + " filler" * 20 + " NDB", {"nda"}),
        ("数据" + "要素" * 10 + "NDB", {"nda"}),
        (
            "The NDB, the BRICS bank, and the NDB that oversees data",
            {
                "new_development_bank",
                "nda",
            },
        ),
    ],
)
def test_context_words(text: str, expected: set[str]) -> None:
    assert MATCHER.entity_ids(text) == expected


def test_context_window_is_in_characters_either_side() -> None:
    near = "NDB" + " " + "x" * (CONTEXT_WINDOW - 6) + " data"
    far = "NDB" + " " + "x" * CONTEXT_WINDOW + " data"
    assert MATCHER.entity_ids(near) == {"nda"}
    assert MATCHER.entity_ids(far) == set()


def test_one_alias_of_two_entities_gives_a_mention_each() -> None:
    text = "The NDB, a BRICS bank that shares data"
    assert MATCHER.find(text) == [
        Mention("nda", "NDB", 4, 7),
        Mention("new_development_bank", "NDB", 4, 7),
    ]


def test_mentions_carry_field_and_come_sorted() -> None:
    text = "习近平 met the CAC; the PRC and 网信办"
    mentions = MATCHER.find(text, field="title")
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert {m.field for m in mentions} == {"title"}
    assert [m.entity_id for m in mentions] == ["xi", "cac", "china", "cac"]


def test_entity_ids() -> None:
    assert MATCHER.entity_ids("PIPL和数据安全法") == {"pipl", "dsl"}
    assert MATCHER.entity_ids("nothing here") == set()


def test_empty_text_and_empty_matcher() -> None:
    assert MATCHER.find("") == []
    assert Matcher.build([]).find("CAC") == []


@pytest.mark.parametrize(
    ("entities", "path"),
    [
        ([Entity("a", EntityKind.BODY, "A", aliases=(Alias("  "),))], "entities[0].aliases[0]"),
        (
            [Entity("a", EntityKind.BODY, "A", aliases=(Alias("X", ("\u200b",)),))],
            "entities[0].aliases[0].context[0]",
        ),
        ([Entity("a", EntityKind.BODY, "A"), Entity("a", EntityKind.BODY, "B")], "entities[1].id"),
        ([Entity("a", EntityKind.BODY, "A\ud800")], "entities[0].name_en"),
    ],
)
def test_bad_entities_are_rejected_with_where(entities: list[Entity], path: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Matcher.build(entities)
    assert caught.value.path == path


def test_lone_surrogates_in_text_neither_break_nor_shift_matching() -> None:
    # As json.loads gives for an unpaired "\ud83d" escape in a JSON feed.
    text = "\ud83dthe CAC\udc00网信办 and PIPL\ud800"
    assert MATCHER.find(text) == [
        Mention("cac", "CAC", 5, 8),
        Mention("cac", "网信办", 9, 12),
        Mention("pipl", "PIPL", 17, 21),
    ]


def test_one_entity_listing_an_alias_twice_gives_one_mention() -> None:
    matcher = Matcher.build(
        [Entity("a", EntityKind.BODY, "CAC", aliases=(Alias("cac", ("x",)), Alias("ＣＡＣ")))]
    )
    assert matcher.find("the CAC") == [Mention("a", "CAC", 4, 7)]


def test_threads_share_one_matcher() -> None:
    texts = [f"{i}: the CAC, 网信办 and the NDB, a data bureau, met PIPL" for i in range(200)]
    expected = [MATCHER.find(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(MATCHER.find, texts)) == expected


def test_real_feeds_run_through() -> None:
    files = sorted(p for p in REAL_FEEDS.rglob("*") if p.is_file())
    if not files:
        pytest.skip(f"no captured feeds at {REAL_FEEDS}")
    seen: set[str] = set()
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        mentions = MATCHER.find(text)
        assert [m.start for m in mentions] == sorted(m.start for m in mentions), path.name
        for m in mentions:
            assert 0 <= m.start < m.end <= len(text), path.name
            assert fold(text[m.start : m.end]).text.strip() == fold(m.alias).text, path.name
        seen |= {m.entity_id for m in mentions}
    assert {"china", "cac"} <= seen


def test_seeded_entities_find_cac() -> None:
    path = REPO / "config" / "entities.yaml"
    if not path.exists():
        pytest.skip("config/entities.yaml is not there")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    matcher = Matcher.build(_entity(e) for e in raw["entities"])
    text = "China's internet regulator, the CAC, said on Friday"
    assert any(m.entity_id == "cac" and m.alias == "CAC" for m in matcher.find(text))


def _entity(raw: dict[str, Any]) -> Entity:
    """An entity from its YAML mapping, as the seeded file writes it."""
    aliases = tuple(
        Alias(a) if isinstance(a, str) else Alias(a["text"], tuple(a.get("context") or ()))
        for a in raw.get("aliases") or ()
    )
    return Entity(
        raw["id"], EntityKind(raw["kind"]), raw["name_en"], raw.get("name_zh") or "", aliases
    )


@pytest.mark.parametrize(
    "text",
    [
        "the Measures for Security Assessment of Outbound Data Transfers",
        "the Measures for the Security Assessment of Outbound Data Transfer",
        "the Measures for Security Assessment of the Outbound Data Transfers",
    ],
)
def test_an_english_title_is_found_with_or_without_the_and_in_either_number(text: str) -> None:
    measures = Entity(
        "measures",
        EntityKind.REGULATION,
        "Measures for Security Assessment of Outbound Data Transfers",
    )
    [mention] = Matcher.build([measures]).find(text, "text")
    assert (mention.entity_id, mention.alias) == ("measures", measures.name_en)
    assert text[mention.start : mention.end].startswith("Measures for")
