"""Abbreviations an item defines next to a mention."""

from __future__ import annotations

import pytest

from watchers.abbreviations import Definition, definitions, merged, uses
from watchers.model import Mention


def defined(text: str, name: str) -> list[str]:
    start = text.index(name)
    mention = Mention("e", name, start, start + len(name))
    return [d.abbreviation for d in definitions(text, [mention])]


@pytest.mark.parametrize(
    ("text", "name", "abbreviations"),
    [
        ("the National Data Bureau (NDB) said", "National Data Bureau", ["NDB"]),
        ("the National Data Bureau ( the “NDB” ) said", "National Data Bureau", ["NDB"]),
        ("NDB (National Data Bureau) said", "National Data Bureau", ["NDB"]),
        (
            "the Personal Information Protection Law (PIPL)",
            "Personal Information Protection Law",
            ["PIPL"],
        ),
        ("the State Council (2021) said", "State Council", []),
        ("the State Council (China) said", "State Council", []),
        ("国家数据局（以下简称“数据局”）", "国家数据局", ["数据局"]),
        ("國家數據局（以下簡稱「數據局」）", "國家數據局", ["數據局"]),  # as written
        ("国家数据局（2023年）", "国家数据局", []),
        ("国家数据局（数据）", "国家数据局", []),
    ],
)
def test_definitions(text: str, name: str, abbreviations: list[str]) -> None:
    assert defined(text, name) == abbreviations


def test_a_use_replaces_a_mention_of_its_span_and_yields_to_an_overlapping_one() -> None:
    mentions = [Mention("bank", "NDB", 4, 7), Mention("law", "NDB Law", 20, 27)]
    uses = [Mention("bureau", "NDB", 4, 7), Mention("bureau", "NDB", 20, 23)]
    assert merged(mentions, uses) == [
        Mention("bureau", "NDB", 4, 7),
        Mention("law", "NDB Law", 20, 27),
    ]


def test_the_uses_of_every_definition_are_found_whole_words_only() -> None:
    text = "NDB staff met the NDBC and the CAC; NDBs grew, CAC-approved NDB rules."
    found = uses(
        text,
        [(Definition("bureau", "NDB"), "NDB"), (Definition("cac", "CAC"), "CAC")],
        "text",
        lambda _text, _start, _end: False,
    )
    assert [(m.entity_id, text[m.start : m.end], m.start) for m in found] == [
        ("bureau", "NDB", 0),
        ("bureau", "NDB", 60),
        ("cac", "CAC", 31),
        ("cac", "CAC", 47),
    ]


def test_a_use_yields_to_any_mention_it_overlaps_wherever_that_starts() -> None:
    mentions = [Mention("law", "Data Security Law of the PRC", 0, 40), Mention("x", "X", 50, 51)]
    uses_ = [Mention("bureau", "NDB", 30, 33), Mention("bureau", "NDB", 45, 48)]
    assert merged(mentions, uses_) == [mentions[0], uses_[1], mentions[1]]


def test_brackets_after_a_name_abbreviate_the_inner_name_they_spell() -> None:
    from watchers.abbreviations import definitions
    from watchers.model import Mention

    text = "The Central Committee of the Workers Party of Ruritania (WPR) met."
    name = "Central Committee of the Workers Party of Ruritania"
    mention = Mention("committee", name, text.index(name), text.index(name) + len(name))
    assert definitions(text, [mention]) == []
    text = "The Ruritania Data Bureau (RDB) met."
    mention = Mention("bureau", "Ruritania Data Bureau", 4, 25)
    assert [d.abbreviation for d in definitions(text, [mention])] == ["RDB"]
