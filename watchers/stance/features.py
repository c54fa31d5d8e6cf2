"""Pair features for the stance model: similarity, overlap and cue features.

``featurise`` turns (claim, body) pairs into a feature matrix. Work that
depends only on a body (sentences, their TF-IDF vectors, their cue
counts) or only on a claim is done once per distinct text, since many
pairs share a body; pair work is grouped by body so that every claim's
similarity to every sentence of a body is one matrix product.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from watchers.stance.features_cues import (
    CATEGORIES,
    CUE_NAMES,
    NEGATORS,
    category_counts,
    cue_counts,
)
from watchers.stance.features_space import (
    STOPWORDS,
    TermSpace,
    bucket,
    pairwise_dot,
    terms_of,
)
from watchers.stance.features_text import numbers, sentences, stems

FloatArray = npt.NDArray[np.float32]

TOP_K = 3
_NEGATION_WINDOW = 4
_CATEGORIES = tuple(name for name, _ in CATEGORIES)
_RELEVANT = 0.15


@dataclass(frozen=True)
class TextView:
    """What the features need from one text (a claim, or a body split in sentences)."""

    sentences: tuple[str, ...]
    sentence_stems: tuple[tuple[str, ...], ...]
    content: frozenset[str]
    numbers: frozenset[str]
    vector: sp.csr_matrix
    sentence_vectors: sp.csr_matrix
    sentence_cues: FloatArray
    idf_mass: dict[str, float]


def views(texts: Sequence[str], space: TermSpace, split: bool) -> list[TextView]:
    """Precompute texts' views in one batch; bodies are ``split`` into sentences, claims not."""
    parts = [(tuple(sentences(t)) if split else (t.strip(),)) or ("",) for t in texts]
    part_stems = [tuple(tuple(stems(p)) for p in ps) for ps in parts]
    part_terms = [[terms_of(s) for s in ps] for ps in part_stems]
    vectors, sentence_vectors = space.transform_joined(
        [ts for pt in part_terms for ts in pt], [len(pt) for pt in part_terms]
    )
    out = []
    start = 0
    for i, text in enumerate(texts):
        end = start + len(parts[i])
        content = frozenset(t for ps in part_stems[i] for t in ps if t not in STOPWORDS)
        out.append(
            TextView(
                sentences=parts[i],
                sentence_stems=part_stems[i],
                content=content,
                numbers=frozenset(numbers(text)),
                vector=vectors[i],
                sentence_vectors=sentence_vectors[start:end],
                sentence_cues=np.stack([cue_counts(ps) for ps in part_stems[i]]),
                idf_mass={t: float(space.idf[bucket(t)]) for t in content},
            )
        )
        start = end
    return out


def _names() -> tuple[str, ...]:
    sims = (
        "cos_body",
        "cos_top1",
        "cos_top2",
        "cos_top3",
        "cos_first",
        "best_position",
        "overlap_frac",
        "overlap_idf_frac",
        "overlap_top1_frac",
        "jaccard",
        "unmatched_max_idf",
        "claim_has_number",
        "claim_numbers_found",
        "claim_len",
        "body_len",
        "body_sentences",
        "claim_question",
        "negation_near_overlap",
        "negation_near_overlap_first",
    )
    cats = tuple(
        f"{region}_{cat}"
        for region in ("claim", "body_rate", "top", "top1", "first", "weighted", "relevant")
        for cat in _CATEGORIES
    )
    cross = tuple(
        f"claim_{a}_x_{region}_{b}"
        for region in ("first", "weighted")
        for a in ("refute", "negation")
        for b in ("refute", "negation", "support")
    )
    words = tuple(f"claim_cue[{c}]" for c in CUE_NAMES) + tuple(f"top_cue[{c}]" for c in CUE_NAMES)
    return sims + cats + cross + words


FEATURE_NAMES = _names()
# Relatedness is decided on similarity and overlap alone: whether two texts
# tell the same story, whatever the story and however long the texts. Lengths
# and positions would let the trees learn how the training pairs were built.
RELATEDNESS_FEATURES = (
    "cos_body",
    "cos_top1",
    "cos_top2",
    "cos_top3",
    "cos_first",
    "overlap_frac",
    "overlap_idf_frac",
    "overlap_top1_frac",
    "jaccard",
    "unmatched_max_idf",
)
# More similarity can only make a pair more related; a rarer claim word
# missing from the body can only make it less so.
RELATEDNESS_DIRECTION = tuple(-1 if n == "unmatched_max_idf" else 1 for n in RELATEDNESS_FEATURES)
# The stance model reads every feature, similarity included: a cue counts for
# more in a sentence that tells the claim's story.
STANCE_FEATURES = FEATURE_NAMES


def _top(sims: FloatArray) -> npt.NDArray[np.intp]:
    """Indices of the ``TOP_K`` most similar sentences, best first."""
    return np.argsort(-sims, kind="stable")[:TOP_K]


def _padded(values: FloatArray, n: int) -> list[float]:
    out = [float(v) for v in values[:n]]
    return out + [0.0] * (n - len(out))


def _negation_near(claim: TextView, tokens: Sequence[str]) -> float:
    """Negators within a few tokens of a word the claim and this sentence share."""
    # The positions near a shared word, marked once: asking each negator about every
    # shared word would cost their product in a long sentence.
    near: set[int] = set()
    for h, t in enumerate(tokens):
        if t in claim.content:
            near.update(range(h - _NEGATION_WINDOW, h + _NEGATION_WINDOW + 1))
    return float(sum(1 for i, t in enumerate(tokens) if t in NEGATORS and i in near))


def _overlap(claim: TextView, body: TextView, top1: int) -> list[float]:
    shared = claim.content & body.content
    n = max(len(claim.content), 1)
    mass = sum(claim.idf_mass.values()) or 1.0
    missing = [claim.idf_mass[t] for t in claim.content - body.content]
    top_set = set(body.sentence_stems[top1])
    union = len(claim.content | body.content) or 1
    return [
        len(shared) / n,
        sum(claim.idf_mass[t] for t in shared) / mass,
        len(claim.content & top_set) / n,
        len(shared) / union,
        max(missing, default=0.0),
    ]


def _numbers(claim: TextView, body: TextView) -> list[float]:
    if not claim.numbers:
        return [0.0, 1.0]
    return [1.0, len(claim.numbers & body.numbers) / len(claim.numbers)]


def _similarity_row(
    claim: TextView, body: TextView, sims: FloatArray, cos_body: float, top: npt.NDArray[np.intp]
) -> list[float]:
    """The first block of ``FEATURE_NAMES``: similarity, overlap, sizes, negation."""
    n_sent = len(body.sentences)
    lead = range(min(3, n_sent))
    return [
        cos_body,
        *_padded(sims[top], TOP_K),
        float(sims[0]),
        float(top[0]) / max(n_sent - 1, 1),
        *_overlap(claim, body, int(top[0])),
        *_numbers(claim, body),
        float(np.log1p(sum(len(s) for s in claim.sentence_stems))),
        float(np.log1p(sum(len(s) for s in body.sentence_stems))),
        float(np.log1p(n_sent)),
        float("?" in claim.sentences[0]),
        sum(_negation_near(claim, body.sentence_stems[i]) for i in top),
        sum(_negation_near(claim, body.sentence_stems[i]) for i in lead),
    ]


def _cue_row(
    claim: TextView, body: TextView, sims: FloatArray, top: npt.NDArray[np.intp]
) -> list[float]:
    """The cue blocks of ``FEATURE_NAMES``: category counts per region, crosses, cue words."""
    cues = body.sentence_cues
    clipped = np.clip(sims, 0.0, None)
    weights = clipped / max(float(clipped.sum()), 1e-6)
    top_cues = cues[top].sum(axis=0)
    # Regions, in the order of _names(): claim, body rate, top sentences, best
    # sentence, lead, similarity-weighted body, sentences near the claim.
    regions = np.stack(
        [
            claim.sentence_cues[0],
            cues.sum(axis=0) / len(cues),
            top_cues,
            cues[top[0]],
            cues[:3].sum(axis=0),
            weights @ cues,
            cues[sims >= _RELEVANT].sum(axis=0),
        ]
    )
    cats = category_counts(regions)
    row: list[float] = cats.ravel().tolist()
    # Claim refute/negation times lead and weighted-body refute/negation/support.
    for region in (4, 5):
        for a in (0, 3):
            row.extend((cats[0, a] * cats[region, [0, 3, 2]]).tolist())
    row.extend(claim.sentence_cues[0].tolist())
    row.extend(top_cues.tolist())
    return row


def _pair(
    claim: TextView, body: TextView, sims: FloatArray, cos_body: float
) -> tuple[list[float], npt.NDArray[np.intp]]:
    """One pair's feature row and its top sentence indices."""
    top = _top(sims)
    return _similarity_row(claim, body, sims, cos_body, top) + _cue_row(claim, body, sims, top), top


@dataclass(frozen=True)
class PairFeatures:
    """Features for a batch of pairs, with each pair's best-matching body sentences.

    ``top_sentences[i]`` holds up to ``TOP_K`` sentences of pair ``i``'s body,
    most similar to the claim first; ``top_categories[i]`` holds their cue
    counts per category (rows follow the sentences, columns ``CATEGORIES``).
    """

    matrix: FloatArray
    top_sentences: tuple[tuple[str, ...], ...]
    top_categories: tuple[FloatArray, ...]


def featurise(
    pairs: Sequence[tuple[str, str]],
    space: TermSpace,
    known: MutableMapping[str, TextView] | None = None,
) -> PairFeatures:
    """Features for (claim text, body text) pairs, in order.

    ``known`` keeps claims' views for the caller across calls (the service labels each
    poll's items against the same few claims): a claim's view depends on its text and
    ``space`` alone, so the caller keys one mapping to one space.
    """
    claims = {} if known is None else known
    missing = sorted({c for c, _ in pairs if c not in claims})
    claims.update(zip(missing, views(missing, space, split=False), strict=True))
    by_body: dict[str, list[int]] = {}
    for i, (_, body_text) in enumerate(pairs):
        by_body.setdefault(body_text, []).append(i)
    bodies = views(list(by_body), space, split=True)
    # Rows go straight into the array: a list of Python floats for 25,000
    # pairs would cost ten times the memory.
    matrix = np.zeros((len(pairs), len(FEATURE_NAMES)), dtype=np.float32)
    tops: list[tuple[str, ...]] = [() for _ in pairs]
    empty = np.zeros((0, len(CATEGORIES)), dtype=np.float32)
    cats: list[FloatArray] = [empty for _ in pairs]
    for body, idx in zip(bodies, by_body.values(), strict=True):
        group = [claims[pairs[i][0]] for i in idx]
        heads = sp.vstack([c.vector for c in group]).tocsr()
        sims = pairwise_dot(heads, body.sentence_vectors)
        cos = pairwise_dot(heads, body.vector).ravel()
        for j, i in enumerate(idx):
            row, top = _pair(group[j], body, sims[j], float(cos[j]))
            matrix[i] = row
            tops[i] = tuple(body.sentences[t] for t in top)
            cats[i] = category_counts(body.sentence_cues[top])
    return PairFeatures(matrix=matrix, top_sentences=tuple(tops), top_categories=tuple(cats))
