"""Offsets from a rewritten text back to the text it was rewritten from.

Each pass of :func:`watchers.folding.fold` that may change lengths records an
:class:`OffsetMap`; a match in the folded text is mapped back through all of them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable

Cluster = tuple[int, int, int, int]
"""``(out_start, out_end, in_start, in_end)``: a stretch whose length a pass changed."""


class OffsetMap:
    """Offsets from one pass's output back to its input.

    ``clusters()`` lists ``(out_start, out_end, in_start, in_end)`` for every stretch
    whose length changed, in order; between clusters, offsets shift by a constant. It is
    called on first use only, since most texts are folded, searched and found empty.
    """

    def __init__(self, clusters: Callable[[], list[Cluster]]) -> None:
        self._make = clusters

    @functools.cached_property
    def _clusters(self) -> tuple[list[Cluster], list[int]]:
        clusters = self._make()
        return clusters, [c[1] for c in clusters]

    def start(self, pos: int) -> int:
        """The input offset where the output character at ``pos`` begins."""
        clusters, ends = self._clusters
        i = bisect.bisect_right(ends, pos)
        if i < len(clusters) and clusters[i][0] <= pos:
            return clusters[i][2]
        return _shifted(clusters, i - 1, pos)

    def end(self, pos: int) -> int:
        """The input offset where the output character before ``pos`` ends."""
        clusters, ends = self._clusters
        i = bisect.bisect_left(ends, pos)
        if i < len(clusters) and clusters[i][0] < pos:
            return clusters[i][3]
        return _shifted(clusters, i - 1, pos)


def _shifted(clusters: list[Cluster], before: int, pos: int) -> int:
    """Map ``pos`` by the shift in force after cluster ``before`` (-1: none yet)."""
    if before < 0:
        return pos
    _, out_end, _, in_end = clusters[before]
    return in_end + (pos - out_end)


def replaced(pattern: re.Pattern[str], source: str, width: int) -> list[Cluster]:
    """The clusters of ``pattern.sub(r, source)`` for a replacement ``r`` of ``width``."""
    spans = [m.span() for m in pattern.finditer(source)]
    shrinks = itertools.accumulate((end - start - width for start, end in spans), initial=0)
    return [
        (start - shrink, start - shrink + width, start, end)
        for (start, end), shrink in zip(spans, shrinks, strict=False)
    ]
