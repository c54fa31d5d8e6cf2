"""Traditional Chinese to simplified, character for character.

Tracked names and the facts read about them are written in simplified script, while
Hong Kong and Taiwan coverage writes 馬興瑞 and 黨委書記. :func:`to_simplified` makes
such text comparable without moving any character: the result has the length of its
input, so an offset found in it is an offset into the original, and evidence can be
quoted in the script it was published in.

The conversion is OpenCC's "hk2s" (phrases first, then characters). It folds Hong
Kong variant forms (衞, 衹) that plain "t2s" keeps, and, unlike "tw2s", leaves
simplified text untouched ("tw2s" turns 显著 into 显着 and 么 into 幺), which matters
because most feeds are simplified already. OpenCC's phrase tables map a phrase to one
of the same length; should a phrase ever convert to another length, that run of
Chinese characters is converted one character at a time instead (as is each run of a
text OpenCC cannot take whole, one holding a lone surrogate).
"""

from __future__ import annotations

import functools
import re

import opencc

# Text with no character from these blocks (ideographs, compatibility ideographs,
# extensions) has nothing OpenCC would change, so it is returned as it is.
_HAN = re.compile("[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def to_simplified(text: str) -> str:
    """``text`` with traditional characters made simplified; same length, same places.

    Anything that is not Chinese (English, digits, punctuation) is returned unchanged.
    """
    if _HAN.search(text) is None:
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


def _convert(text: str) -> str:
    return str(_converter().convert(text))


@functools.cache
def _converter() -> opencc.OpenCC:
    """One converter per process: loading OpenCC's dictionaries takes a few milliseconds."""
    return opencc.OpenCC("hk2s")
