"""Cue lexicons: the words news prose uses to refute, hedge, confirm and negate.

The lists are written by hand from how reporters phrase a debunking ("a hoax",
"no evidence", "denied"), a hedge ("reportedly", "unconfirmed") or a
confirmation ("officials confirmed"). They are matched on stems (see
``features_text.stem``), phrases as runs of stems.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from watchers.stance.features_text import stems

REFUTE = (
    "fake",
    "fakes",
    "faked",
    "fraud",
    "hoax",
    "hoaxes",
    "false",
    "falsely",
    "deny",
    "denies",
    "denied",
    "denial",
    "debunk",
    "debunked",
    "refute",
    "refuted",
    "dispute",
    "disputed",
    "untrue",
    "bogus",
    "myth",
    "rumor",
    "rumour",
    "satire",
    "satirical",
    "parody",
    "prank",
    "misleading",
    "mislead",
    "incorrect",
    "wrong",
    "lie",
    "lies",
    "lied",
    "scam",
    "retract",
    "retracted",
    "baseless",
    "unfounded",
    "unsubstantiated",
    "nonsense",
    "bullshit",
    "phony",
    "phoney",
    "fabricated",
    "fabrication",
    "fictional",
    "fiction",
    "spoof",
    "doctored",
    "photoshopped",
    "staged",
    "hoaxer",
    "conspiracy",
    "erroneous",
    "dismissed",
    "dismiss",
    "rejected",
    "reject",
    "contradict",
    "contradicted",
    "not true",
    "no evidence",
    "no truth",
    "no proof",
    "made up",
    "never happened",
    "not real",
    "turned out",
    "too good to be true",
    "set the record straight",
)

HEDGE = (
    "allegedly",
    "alleged",
    "reportedly",
    "report",
    "reports",
    "reported",
    "according",
    "claim",
    "claims",
    "claimed",
    "rumored",
    "rumoured",
    "apparently",
    "purportedly",
    "purported",
    "supposedly",
    "unconfirmed",
    "unverified",
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "perhaps",
    "suggest",
    "suggests",
    "appear",
    "appears",
    "seem",
    "seems",
    "believed",
    "speculation",
    "speculate",
    "whether",
    "unclear",
    "unknown",
    "sources",
    "source",
    "says",
    "said",
    "told",
    "if true",
    "not yet",
    "remains to be seen",
    "could not be",
    "cannot confirm",
    "not confirmed",
    "no comment",
    "declined to",
    "investigating",
)

SUPPORT = (
    "confirm",
    "confirms",
    "confirmed",
    "confirmation",
    "verified",
    "official",
    "officially",
    "announce",
    "announced",
    "revealed",
    "proved",
    "proof",
    "true",
    "indeed",
    "actually",
    "evidence",
    "admitted",
    "acknowledged",
    "footage",
    "video",
    "photo",
    "photos",
    "shows",
    "showed",
    "real",
    "genuine",
    "authentic",
    "has been",
    "it is true",
)

NEGATION = (
    "not",
    "no",
    "never",
    "n't",
    "none",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "without",
    "cannot",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "didn't",
    "doesn't",
    "don't",
    "won't",
    "hasn't",
    "haven't",
    "hadn't",
    "couldn't",
    "wouldn't",
    "shouldn't",
    "can't",
)

CONTRAST = (
    "but",
    "however",
    "although",
    "though",
    "despite",
    "yet",
    "instead",
    "in fact",
    "contrary",
    "rather",
    "while",
)

CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("refute", REFUTE),
    ("hedge", HEDGE),
    ("support", SUPPORT),
    ("negation", NEGATION),
    ("contrast", CONTRAST),
)


def _stemmed(phrase: str) -> tuple[str, ...]:
    return tuple(stems(phrase))


def _cue_table() -> tuple[tuple[tuple[str, ...], ...], npt.NDArray[np.float32]]:
    """Unique stemmed cues and a (cue x category) membership matrix."""
    cues: dict[tuple[str, ...], int] = {}
    for _, words in CATEGORIES:
        for w in words:
            cues.setdefault(_stemmed(w), len(cues))
    member = np.zeros((len(cues), len(CATEGORIES)), dtype=np.float32)
    for j, (_, words) in enumerate(CATEGORIES):
        for w in words:
            member[cues[_stemmed(w)], j] = 1.0
    return tuple(cues), member


CUES, CUE_CATEGORY = _cue_table()
CUE_NAMES = tuple(" ".join(c) for c in CUES)
_LONGEST = max(len(c) for c in CUES)
# Cue → its index, by the cue's first token: most tokens begin no cue at all.
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _i, _cue in enumerate(CUES):
    _BY_FIRST.setdefault(_cue[0], []).append((_cue, _i))
NEGATORS = frozenset(c[0] for c in (_stemmed(w) for w in NEGATION) if len(c) == 1)


def cue_counts(tokens: Sequence[str]) -> npt.NDArray[np.float32]:
    """How often each cue of ``CUES`` occurs in a run of stemmed tokens."""
    out = np.zeros(len(CUES), dtype=np.float32)
    size = len(tokens)
    for i, token in enumerate(tokens):
        for cue, j in _BY_FIRST.get(token, ()):
            if tuple(tokens[i : i + len(cue)]) == cue:
                # A cue that ends the run counts once for each window length from its
                # own up to the longest cue's: the model was trained on counts taken
                # with windows cut short at the end of the run.
                out[j] += 1.0 if i + len(cue) < size else _LONGEST - len(cue) + 1
    return out


def category_counts(cue_matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Per-category totals for rows of cue counts (rows x cues -> rows x categories)."""
    result: npt.NDArray[np.float32] = cue_matrix @ CUE_CATEGORY
    return result
