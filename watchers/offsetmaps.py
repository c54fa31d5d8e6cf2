"""Offsets from a rewritten text back to the text it was rewritten from.

Each pass of :func:`watchers.folding.fold` that may change lengths records an
:class:`OffsetMap`; a match in the folded text is mapped back through all of them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass

Cluster = tuple[int, int, int, int]
"""``(out_start, out_end, in_start, in_end)``: a stretch whose length a pass changed."""


@dataclass(frozen=True, slots=True)
class Clusters:
    """The stretches whose length a pass changed, in order, one column per offset.

    Row ``i`` is the cluster ``(out_starts[i], out_ends[i], in_starts[i], in_ends[i])``;
    columns let the offsets of thousands of clusters be summed without a Python loop.
    """

    out_starts: list[int]
    out_ends: list[int]
    in_starts: list[int]
    in_ends: list[int]

    @classmethod
    def of(cls, rows: list[Cluster]) -> Clusters:
        """The columns of ``rows``, each ``(out_start, out_end, in_start, in_end)``."""
        if not rows:
            return cls([], [], [], [])
        out_starts, out_ends, in_starts, in_ends = (list(c) for c in zip(*rows, strict=True))
        return cls(out_starts, out_ends, in_starts, in_ends)


class OffsetMap:
    """Offsets from one pass's output back to its input.

    ``clusters()`` gives every stretch whose length changed; between clusters, offsets
    shift by a constant. It is called on first use only, since most texts are folded,
    searched and found empty.
    """

    def __init__(self, clusters: Callable[[], Clusters]) -> None:
        self._make = clusters

    @functools.cached_property
    def _clusters(self) -> Clusters:
        return self._make()

    def start(self, pos: int) -> int:
        """The input offset where the output character at ``pos`` begins."""
        return self.starts([pos])[0]

    def end(self, pos: int) -> int:
        """The input offset where the output character before ``pos`` ends."""
        return self.ends([pos])[0]

    def starts(self, positions: list[int]) -> list[int]:
        """:meth:`start` of each of ``positions``, in one call for speed."""
        if not positions:
            return []  # and the clusters are still not needed
        c = self._clusters
        if not c.out_ends:
            return positions
        found = []
        for pos in positions:
            i = bisect.bisect_right(c.out_ends, pos)
            if i < len(c.out_ends) and c.out_starts[i] <= pos:
                found.append(c.in_starts[i])
            else:
                found.append(_shifted(c, i - 1, pos))
        return found

    def ends(self, positions: list[int]) -> list[int]:
        """:meth:`end` of each of ``positions``, in one call for speed."""
        if not positions:
            return []
        c = self._clusters
        if not c.out_ends:
            return positions
        found = []
        for pos in positions:
            i = bisect.bisect_left(c.out_ends, pos)
            if i < len(c.out_ends) and c.out_starts[i] < pos:
                found.append(c.in_ends[i])
            else:
                found.append(_shifted(c, i - 1, pos))
        return found


def unchanged() -> Clusters:
    """No clusters: the map of a pass that changed no length."""
    return Clusters([], [], [], [])


def _shifted(clusters: Clusters, before: int, pos: int) -> int:
    """Map ``pos`` by the shift in force after cluster ``before`` (-1: none yet)."""
    if before < 0:
        return pos
    return clusters.in_ends[before] + (pos - clusters.out_ends[before])


def spliced(kept: list[str], old: list[str], new: list[str]) -> Clusters:
    """The clusters of ``new[i]`` replacing ``old[i]`` between ``kept[i]`` and ``kept[i + 1]``.

    The input is ``kept[0] + old[0] + kept[1] + ... + kept[-1]`` and the output the
    same with ``new`` in place of ``old``; ``kept`` holds one piece more than ``old``.
    """
    kept_through = list(itertools.accumulate(map(len, kept[:-1])))
    old_lengths, new_lengths = list(map(len, old)), list(map(len, new))
    add = operator.add
    in_starts = list(map(add, kept_through, itertools.accumulate(old_lengths, initial=0)))
    out_starts = list(map(add, kept_through, itertools.accumulate(new_lengths, initial=0)))
    return Clusters(
        out_starts,
        list(map(add, out_starts, new_lengths)),
        in_starts,
        list(map(add, in_starts, old_lengths)),
    )
