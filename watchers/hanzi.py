"""Traditional Chinese to simplified, character for character.

Tracked names and the facts read about them are written in simplified script, while
Hong Kong and Taiwan coverage writes 馬興瑞 and 黨委書記. :func:`to_simplified` makes
such text comparable without moving any character: the result has the length of its
input, so an offset found in it is an offset into the original, and evidence can be
quoted in the script it was published in.

The conversion is OpenCC's "hk2s" (phrases first, then characters). It folds Hong
Kong variant forms (衞, 衹) that plain "t2s" keeps, and, unlike "tw2s", leaves
simplified text untouched ("tw2s" turns 显著 into 显着 and 么 into 幺), which matters
because most feeds are simplified already; such text, holding no character that
converts on its own, is not converted at all, which also keeps matching fast.

OpenCC's phrase tables map a phrase to one of the same length; should a phrase ever
convert to another length, that run of Chinese characters is converted one character
at a time instead (as is each run of a text OpenCC cannot take whole, one holding a
lone surrogate).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import opencc

# The blocks of Chinese characters: ideographs, compatibility ideographs, extensions.
_HAN_RANGES = ((0x2E80, 0x2FDF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_HAN_ASTRAL = (0x20000, 0x3FFFF)
_HAN = re.compile("[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def to_simplified(text: str) -> str:
    """``text`` with traditional characters made simplified; same length, same places.

    Anything that is not Chinese (English, digits, punctuation) is returned unchanged,
    and so is a text holding no character that OpenCC converts on its own: that text is
    simplified already (or script-neutral), and is left to itself rather than read
    again by the phrase table.
    """
    if not _has_traditional(text):
        return text
    try:
        converted = _convert(text)
    except UnicodeEncodeError:  # a lone surrogate (say from a JSON "\ud83d" escape)
        converted = ""
    if len(converted) == len(text):
        return converted
    return _HAN.sub(lambda m: _convert_run(m.group()), text)


def _convert_run(run: str) -> str:
    """One run of Chinese characters, as a phrase if that keeps its length."""
    converted = _convert(run)
    if len(converted) == len(run):
        return converted
    return "".join(map(_convert_char, run))


@functools.lru_cache(maxsize=8192)
def _convert_char(ch: str) -> str:
    converted = _convert(ch)
    return converted if len(converted) == 1 else ch


def _has_traditional(text: str) -> bool:
    """True if ``text`` holds a character that OpenCC converts on its own."""
    pattern, astral = _traditional()
    # The class lets every astral character through (see _traditional); rare in text.
    return any(m.group() <= "\uffff" or m.group() in astral for m in pattern.finditer(text))


@functools.cache
def _traditional() -> tuple[re.Pattern[str], frozenset[str]]:
    """The characters OpenCC changes on their own (about 5,000): a regex class of those
    in the Basic Multilingual Plane plus all astral Chinese blocks, and the astral ones.

    A regex class tests astral ranges one by one for every character not in it, so
    those are given coarsely and checked against the set. Found once per process by
    converting every Chinese character, one a line, in one call (tens of milliseconds).
    """
    chars = [chr(cp) for lo, hi in (*_HAN_RANGES, _HAN_ASTRAL) for cp in range(lo, hi + 1)]
    converted = _convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # not expected: newlines are never converted
        converted = [_convert(ch) for ch in chars]
    changed = [ch for ch, out in zip(chars, converted, strict=True) if out != ch]
    bmp = "".join(_ranges(ch for ch in changed if ch <= "\uffff"))
    pattern = re.compile(f"[{bmp}\\U{_HAN_ASTRAL[0]:08x}-\\U{_HAN_ASTRAL[1]:08x}]")
    return pattern, frozenset(ch for ch in changed if ch > "\uffff")


def _ranges(chars: Iterable[str]) -> Iterator[str]:
    """Regex class pieces for ``chars`` (in order): runs of code points as "a-z"."""
    run: list[int] = []
    for cp in map(ord, chars):
        if run and cp != run[-1] + 1:
            yield _piece(run[0], run[-1])
            run = []
        run.append(cp)
    if run:
        yield _piece(run[0], run[-1])


def _piece(lo: int, hi: int) -> str:
    return f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}"


def _convert(text: str) -> str:
    return str(_converter().convert(text))


@functools.cache
def _converter() -> opencc.OpenCC:
    """One converter per process: loading OpenCC's dictionaries takes a few milliseconds."""
    return opencc.OpenCC("hk2s")


@functools.cache
def _taiwan() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


def taiwan_wording(name: str) -> str:
    """``name`` as Taiwan writes it, in simplified characters: 资料安全法 for 数据安全法,
    网路安全法 for 网络安全法, 人工智慧 for 人工智能 (OpenCC's "s2twp" phrases, then back to
    simplified characters, which is how :func:`to_simplified` leaves such text)."""
    return to_simplified(_taiwan().convert(name)) if _HAN.search(name) else name
