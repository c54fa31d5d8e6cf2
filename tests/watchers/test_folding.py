"""Folding for matching: what text folds to, and the offsets back to the original."""

from __future__ import annotations

import pytest

from watchers.folding import _fold_each, fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ＣＡＣ", "cac"),
        ("Straße", "strasse"),
        ("a\r\n\t b", "a b"),
        ("Made-in-China", "made in china"),
        ("国家互联网\r\n信息办公室", "国家互联网信息办公室"),
        ("网信办 CAC", "网信办 cac"),
        ("“CAC’s”", "“cac's”"),
        ("e\u0301", "é"),
        ("zero\u200bwidth", "zerowidth"),
        ("ﬁ…", "fi..."),
        ("x\n\ny\n中\n文", "x y 中文"),
        ("a⁻b", "a−b"),  # folds to a minus sign, which stays: passes do not chain
        ("\U0001d400\U00010400", "a\U00010428"),  # astral letters fold too
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text).text == folded


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "Straße ﬁ…  x",
        "国家 互联网\n\n信息",
        "e\u0301\u0302 ① ",
        "a\u200b\u200bb  -  c",
        "",
    ],
)
def test_fold_maps_every_folded_character_back(text: str) -> None:
    folded = fold(text)
    previous = 0
    for i, ch in enumerate(folded.text):
        start, end = folded.original_start(i), folded.original_end(i + 1)
        assert previous <= start < end <= len(text)
        assert ch == " " or ch in fold(text[start:end]).text
        previous = start
    assert folded.original_start(len(folded.text)) == len(text)
    assert folded.original_end(0) == 0


def test_fold_widens_to_whole_original_characters() -> None:
    text = "aß…b"
    folded = fold(text)
    assert folded.text == "ass...b"
    spans = [(folded.original_start(i), folded.original_end(i + 1)) for i in range(7)]
    assert spans == [(0, 1), (1, 2), (1, 2), (2, 3), (2, 3), (2, 3), (3, 4)]


def test_character_by_character_fallback_folds_and_maps_the_same() -> None:
    # The path fold() takes should a Unicode update break its one-to-one assumption.
    text = "Aß…Ｂ\n"
    folded, offsets = _fold_each(text)
    assert folded == "ass...b "
    assert [offsets.start(i) for i in range(len(folded))] == [0, 1, 1, 2, 2, 2, 3, 4]
    assert [offsets.end(i + 1) for i in range(len(folded))] == [1, 2, 2, 3, 3, 3, 4, 5]


def test_original_spans_maps_like_start_and_end() -> None:
    text = "Straße\n\n国家 互联网 ﬁ…  x"
    folded = fold(text)
    spans = [(a, b) for a in range(len(folded.text)) for b in range(a + 1, len(folded.text) + 1)]
    expected = [(folded.original_start(a), folded.original_end(b)) for a, b in spans]
    assert folded.original_spans(spans) == expected
    assert folded.original_spans([]) == []
