"""Text pieces the stance features are built from: sentences, tokens and stems.

Everything here is a pure function of a string. Tokens are lower-cased word
runs with a light suffix stripper, so that "denies", "denied" and "deny"
meet; sentences come from a punctuation and line-break splitter that is good
enough for news prose.
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_CJK_SPLIT = re.compile(r"([\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before
# whitespace, at a line break (bodies scraped from the web use both), or after
# the full-width 。！？ of Chinese, which need no space after them. A break is looked
# for only where a run of spaces begins: from inside the run, each start would scan the
# rest of it again, at a cost that grows with the square of its length.
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+|(?<=[。！？])\s*|(?<!\s)\s*\n+\s*"
)
_MIN_SENTENCE_CHARS = 3

# Longest suffixes first; each keeps a stem of at least three letters.
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "est",
    "es",
    "ed",
    "er",
    "ly",
    "s",
)
_SUFFIX_REPLACEMENT = {"ies": "y", "ied": "y"}
_MIN_STEM = 3


def sentences(text: str) -> list[str]:
    """Split ``text`` into trimmed sentences of at least three characters, in order."""
    parts = (p.strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if len(p) >= _MIN_SENTENCE_CHARS]


def _cjk_bigrams(token: str) -> list[str]:
    """Chinese, Japanese and Korean runs as overlapping character pairs, other runs whole.

    These scripts are written without spaces, so a "word" run is a whole
    clause; character pairs let two texts on the same subject share terms.
    """
    out: list[str] = []
    for run in _CJK_SPLIT.split(token):
        if not run:
            continue
        if _CJK.fullmatch(run):
            out.extend(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
        else:
            out.append(run)
    return out


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits; inner apostrophes kept).

    Runs of Chinese, Japanese or Korean characters become character pairs.
    """
    out: list[str] = []
    for raw in _WORD.findall(text.lower()):
        w = raw.replace("’", "'")
        out.extend(_cjk_bigrams(w) if _CJK.search(w) else (w,))
    return out


@functools.lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A light, deterministic suffix strip: "denies" and "denied" both become "deny"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)] + _SUFFIX_REPLACEMENT.get(suffix, "")
    return word


def stems(text: str) -> list[str]:
    """Stemmed word tokens of ``text``, in order, possessive "'s" dropped."""
    return [stem(w.removesuffix("'s")) for w in words(text)]


def numbers(text: str) -> set[str]:
    """The numbers written in ``text`` with digits, thousands separators removed."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}
