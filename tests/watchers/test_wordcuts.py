"""Whether a Chinese match cuts through a word of its surroundings."""

from __future__ import annotations

import pytest

from watchers.wordcuts import WordCuts, given_name_end

CUTS = WordCuts(["中共", "华为", "工信部", "网信办", "马兴瑞", "cac"])


@pytest.mark.parametrize(
    ("text", "alias", "cut"),
    [
        ("其中共享数据", "中共", True),  # 其中 straddles the start
        ("中共享有", "中共", False),  # 中共 / 享有
        ("清华为什么", "华为", True),
        ("华为公司发布", "华为", False),  # a word holding the match does not cut it
        ("工信部长表示", "工信部", False),  # an added alias keeps 工信部 / 长
        ("据报道网信办发布", "网信办", False),
        ("马兴瑞不再兼任", "马兴瑞", False),
        ("the 华为 phone", "华为", False),  # no Chinese neighbour: nothing to cut
    ],
)
def test_cuts(text: str, alias: str, cut: bool) -> None:
    start = text.index(alias)
    assert CUTS.cuts(text, start, start + len(alias)) is cut


def test_only_chinese_aliases_join_the_dictionary() -> None:
    assert WordCuts(["cac", "网信办", "中国制造2025"])._words == ("网信办",)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("李明讲话", "李明"),
        ("王毅表示", "王毅"),
        ("李强出席会议", "李强"),
        ("刘烈宏担任局长", "刘烈宏"),
        ("陈小江接替", "陈小江"),
        ("袁家军兼任", "袁家军"),
    ],
)
def test_a_three_character_name_loses_a_verbs_first_character(text: str, name: str) -> None:
    assert text[: given_name_end(text, 0, 3)] == name
