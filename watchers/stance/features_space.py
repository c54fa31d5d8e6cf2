"""A hashed TF-IDF term space.

Terms are stemmed unigrams and bigrams, hashed with CRC-32 into a fixed number
of buckets, so no vocabulary is stored and a word never seen in training is
still a term: it gets the largest IDF, as a term seen in no training
document would. The IDF table is fitted once, on training text only.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from watchers.stance.features_text import stem, stems

BITS = 20
_STOPWORD_TEXT = """
    a an the and or but if of to in on at by for with from as into onto over under about
    after before than then that this these those there here it its it's is are was were be
    been being am do does did done has have had having will would shall should can could
    may might must i me my we our you your he him his she her they them their what which
    who whom whose when where why how all any both each few more most other some such only
    own same so too very just also s t not no nor up down out off again further once says
    said say
"""
# Stemmed too, since terms are compared as stems ("does" -> "doe").
STOPWORDS = frozenset(_STOPWORD_TEXT.split()) | frozenset(stem(w) for w in _STOPWORD_TEXT.split())

FloatArray = npt.NDArray[np.float32]


def terms(text: str) -> list[str]:
    """Content stems of ``text`` and the bigrams of adjacent content stems."""
    return terms_of(stems(text))


def terms_of(tokens: Sequence[str]) -> list[str]:
    """Content stems among stemmed ``tokens`` and the bigrams of adjacent ones."""
    content = [t for t in tokens if t not in STOPWORDS]
    return content + [f"{a} {b}" for a, b in itertools.pairwise(content)]


def bucket(term: str) -> int:
    """The hash bucket of a term: stable across runs and platforms."""
    return zlib.crc32(term.encode("utf-8")) & ((1 << BITS) - 1)


def _counts(docs: Iterable[Sequence[str]]) -> sp.csr_matrix:
    """A docs x buckets matrix of raw term counts."""
    indptr: list[int] = [0]
    indices: list[int] = []
    for doc in docs:
        indices.extend(map(bucket, doc))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    m = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, 1 << BITS))
    m.sum_duplicates()
    return m


@dataclass(frozen=True)
class TermSpace:
    """IDF weights per bucket; ``transform`` gives L2-normalised sublinear TF-IDF rows."""

    idf: FloatArray

    @classmethod
    def fit(cls, docs: Sequence[Sequence[str]]) -> TermSpace:
        """Fit smoothed IDF (as in common TF-IDF practice) on training documents."""
        counts = _counts(docs)
        df = np.bincount(counts.indices, minlength=1 << BITS).astype(np.float64)
        idf = np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0
        return cls(idf=idf.astype(np.float32))

    def transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Rows of L2-normalised (1 + log tf) * idf for each term list in ``docs``."""
        return self._weigh(_counts(docs))

    def transform_joined(
        self, docs: Sequence[Sequence[str]], sizes: Sequence[int]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """:meth:`transform` of runs of ``docs`` (``sizes`` of them each) with their terms
        joined, and of each of ``docs``: the rows of a text and of its sentences.

        Each term is hashed once: a run's counts are the sum of its docs' counts, the
        same numbers in the same order as counting the joined terms would give.
        """
        counts = _counts(docs)
        ends = np.cumsum(sizes)
        runs = sp.csr_matrix(
            (np.ones(len(docs), dtype=np.float32), np.arange(len(docs)), np.r_[0, ends]),
            shape=(len(sizes), len(docs)),
        )
        joined = (runs @ counts).tocsr()
        joined.sum_duplicates()
        return self._weigh(joined), self._weigh(counts)

    def _weigh(self, m: sp.csr_matrix) -> sp.csr_matrix:
        """Counts made L2-normalised sublinear TF-IDF, in place."""
        m.data = (1.0 + np.log(m.data)) * self.idf[m.indices]
        norms = np.ones(m.shape[0], dtype=np.float32)
        filled = np.diff(m.indptr) > 0
        if m.nnz:
            # Segments start at each non-empty row; empty rows hold no data between.
            norms[filled] = np.sqrt(np.add.reduceat(m.data**2, m.indptr[:-1][filled]))
        m.data = (m.data / np.repeat(norms, np.diff(m.indptr))).astype(np.float32)
        return m


def pairwise_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> FloatArray:
    """Dense ``a @ b.T`` for two small CSR matrices over the same wide bucket space.

    scipy would transpose ``b`` into a (buckets x rows) matrix, paying for all
    2**BITS columns on every call; matching the few shared buckets by sorting
    is much cheaper for the handful of rows compared per body.
    """
    out = np.zeros((a.shape[0], b.shape[0]), dtype=np.float32)
    order = np.argsort(b.indices, kind="stable")
    b_cols = b.indices[order]
    b_rows = np.repeat(np.arange(b.shape[0]), np.diff(b.indptr))[order]
    b_vals = b.data[order]
    a_rows = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
    lo = np.searchsorted(b_cols, a.indices, side="left")
    counts = np.searchsorted(b_cols, a.indices, side="right") - lo
    total = int(counts.sum())
    if total == 0:
        return out
    a_at = np.repeat(np.arange(len(a.indices)), counts)
    # Position inside each run of matches, added to that run's start in b.
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    b_at = np.repeat(lo, counts) + np.arange(total) - starts
    np.add.at(out, (a_rows[a_at], b_rows[b_at]), a.data[a_at] * b_vals[b_at])
    return out
