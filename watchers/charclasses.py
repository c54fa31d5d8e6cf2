"""The characters folding and matching treat specially.

Separators and invisible format characters are what :func:`watchers.folding.fold`
turns into spaces or drops; the CJK ranges are the scripts written without spaces
between words, which both join across line breaks when folded and count as word
boundaries for Latin aliases when matched.
"""

from __future__ import annotations

import re
import unicodedata

SEPARATORS = frozenset(
    (
        *(chr(cp) for cp in range(0x3001) if chr(cp).isspace()),
        *"-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d",
    )
)
"""Whitespace, dashes and hyphens: each folds to a space."""

INVISIBLE = (
    "\xad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\ufeff"
)
"""Format characters (soft hyphen, zero-width space, BOM, bidi marks) that fold to nothing."""

APOSTROPHES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'"}
"""Curly apostrophes and what they fold to."""

SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: a code point Python strings may hold but UTF-8 cannot encode."""

# Blocks written without spaces between words, and so boundaries for Latin aliases.
# Hangul is left out: Korean separates words with spaces.
CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3001, 0x303F),  # CJK punctuation (not U+3000, the ideographic space)
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo extended, strokes, katakana extensions
    (0x3200, 0x33FF),  # enclosed and compatibility CJK
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0x20000, 0x3FFFF),  # extensions B and later
)


def is_cjk(ch: str) -> bool:
    """True if ``ch`` belongs to a script written without spaces (Han, kana, bopomofo)."""
    cp = ord(ch)
    return cp >= 0x2E80 and any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def is_word_char(ch: str) -> bool:
    """True if ``ch`` continues a word of a space-delimited script (letter, digit, mark, _)."""
    if ch.isalnum() or ch == "_":
        return not is_cjk(ch)
    return unicodedata.category(ch).startswith("M")
