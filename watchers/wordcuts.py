"""Whether a Chinese alias found in running text cuts through a word.

Chinese writes words without spaces, so the characters of an alias can occur where
no one wrote it: 其中共享 holds 中共 (the party) across 其中 and 共享, and 清华为什么
holds 华为 across 清华 and 为什么. :class:`WordCuts` segments the few characters
around such a match with jieba's dictionary (through ``rjieba``, the Rust port) and
says whether a word of that segmentation straddles the match's start or end.

The aliases themselves are added to the dictionary, with the lowest frequency that
keeps each in one piece, so that a name jieba does not know (网信办, 马兴瑞) is not cut
by chance into pieces whose neighbours form words; a word that merely contains the
match (华为公司) does not veto it. Hidden Markov guesses at unknown words are turned
off: only dictionary words, which are real words, can veto a match.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import rjieba

from watchers.text import is_han

REACH = 8
"""How many Chinese characters either side of a match are segmented with it."""


class WordCuts:
    """Checks matches against a segmentation; the segmenter loads on first need."""

    def __init__(self, aliases: Iterable[str]) -> None:
        """``aliases``: folded keys; those written wholly in Chinese characters join the
        dictionary."""
        self._words = tuple(sorted({a for a in aliases if a and all(map(is_han, a))}))

    def cuts(self, text: str, start: int, end: int) -> bool:
        """True if a word straddles ``text[start:end]``'s start or end.

        Only a side where Chinese characters meet can be straddled; elsewhere the
        answer is False without segmenting.
        """
        left = 0 < start < len(text) and is_han(text[start - 1]) and is_han(text[start])
        right = 0 < end < len(text) and is_han(text[end - 1]) and is_han(text[end])
        if not (left or right):
            return False
        lo = start
        while lo > max(0, start - REACH) and is_han(text[lo - 1]):
            lo -= 1
        hi = end
        while hi < min(len(text), end + REACH) and is_han(text[hi]):
            hi += 1
        a, b = start - lo, end - lo
        words = _segmenter(self._words).tokenize(text[lo:hi], "default", False)
        return any(_straddles(w_start, w_end, a, b) for _, w_start, w_end in words)


def _straddles(w_start: int, w_end: int, start: int, end: int) -> bool:
    """True if the word overlaps the match without either holding the other."""
    inside = start <= w_start and w_end <= end
    around = w_start <= start and end <= w_end
    return w_start < end and start < w_end and not inside and not around


@functools.lru_cache(maxsize=4)
def _segmenter(words: tuple[str, ...]) -> rjieba.Jieba:
    """jieba's dictionary plus ``words``; shared by matchers built from the same aliases."""
    segmenter = rjieba.Jieba()
    for word in words:
        segmenter.add_word(word, segmenter.suggest_freq(word), None)
    return segmenter


def given_name_end(text: str, start: int, end: int) -> int:
    """Where a three-character Chinese name read at ``text[start:end]`` really ends.

    A name is read as a surname and one or two characters, so 李明讲话 reads 李明讲. When
    jieba's dictionary cuts after the second character and the third begins a word
    that runs past the name (讲话, 出席, 表示), the name is the first two; otherwise
    (刘烈宏担任) it is all three.
    """
    if end - start != 3:
        return end
    # rjieba's own segmenter, loaded with the module, holds jieba's dictionary as it
    # is: a second one (24 MB) would read the same.
    words = rjieba.tokenize(text[start : min(len(text), end + 3)], "default", False)
    cut_after_two = any(w_end == 2 for _, _, w_end in words)
    runs_on = any(w_start == 2 and w_end > 3 for _, w_start, w_end in words)
    return start + 2 if cut_after_two and runs_on else end
