"""Traditional to simplified Chinese: right characters, and never a moved offset."""

from __future__ import annotations

import pytest

from watchers.hanzi import _convert_char, _convert_run, to_simplified


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("馬興瑞不再兼任新疆黨委書記", "马兴瑞不再兼任新疆党委书记"),
        ("國家互聯網信息辦公室", "国家互联网信息办公室"),
        ("國家發展和改革委員會", "国家发展和改革委员会"),
        ("中央網信辦公佈《網絡數據安全管理條例》", "中央网信办公布《网络数据安全管理条例》"),
        ("衞生部與清華大學", "卫生部与清华大学"),  # a Hong Kong variant form
        ("乾隆年間，衣服乾淨", "乾隆年间，衣服干净"),  # one character, two readings
        ("著名學者瞭解情況", "著名学者了解情况"),
    ],
)
def test_traditional_becomes_simplified(text: str, simplified: str) -> None:
    assert to_simplified(text) == simplified


@pytest.mark.parametrize(
    "text",
    [
        "The Cyberspace Administration of China (CAC) said on Tuesday.",
        "国家数据局今日挂牌成立，显著提升数据治理能力，好么？",
        "2025年7月1日",
        "",
    ],
)
def test_english_and_simplified_text_are_untouched(text: str) -> None:
    assert to_simplified(text) == text


def test_mixed_text_keeps_every_offset() -> None:
    text = "Ma Xingrui (馬興瑞) left the Xinjiang post; 陳小江接任。𠀀 emoji 🙂 end"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out == "Ma Xingrui (马兴瑞) left the Xinjiang post; 陈小江接任。𠀀 emoji 🙂 end"
    start = text.index("陳小江")
    assert out[start : start + 3] == "陈小江"


def test_a_lone_surrogate_does_not_stop_conversion() -> None:
    text = "網信辦\ud83d發佈"
    assert to_simplified(text) == "网信办\ud83d发布"


def test_runs_and_characters_convert_alone_with_their_length() -> None:
    assert _convert_run("黨委書記") == "党委书记"
    assert _convert_char("黨") == "党"
    assert _convert_char("a") == "a"
