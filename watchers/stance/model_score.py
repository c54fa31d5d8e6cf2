"""Scores for stance labels: the FNC-1 relative score, per-class and macro F1.

The FNC-1 rule: a pair whose gold label is unrelated earns 0.25 when it is
labelled unrelated; a related pair (agree, disagree, discuss) earns 0.25 when
it is given any related label and 0.75 more when the label is exactly right.
The relative score divides by what perfect labels would earn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(LABELS[:3])


@dataclass(frozen=True)
class Report:
    """Scores of one labelling against gold labels.

    ``confusion[g][p]`` counts pairs of gold label ``LABELS[g]`` predicted as
    ``LABELS[p]``.
    """

    fnc: float
    fnc_max: float
    macro_f1: float
    f1: dict[str, float]
    confusion: tuple[tuple[int, ...], ...]

    @property
    def relative(self) -> float:
        """The FNC-1 score as a fraction of the maximum (0..1)."""
        return self.fnc / self.fnc_max if self.fnc_max else 0.0


def _pair_score(gold: str, pred: str) -> float:
    if gold == pred:
        return 0.25 if gold == "unrelated" else 1.0
    return 0.25 if gold in RELATED and pred in RELATED else 0.0


def _f1(confusion: Sequence[Sequence[int]], k: int) -> float:
    tp = confusion[k][k]
    predicted = sum(row[k] for row in confusion)
    actual = sum(confusion[k])
    return 2.0 * tp / (predicted + actual) if predicted + actual else 0.0


def score(gold: Sequence[str], predicted: Sequence[str]) -> Report:
    """Score ``predicted`` against ``gold`` (FNC-1 label names, same length)."""
    if len(gold) != len(predicted):
        raise ValueError(f"score: {len(gold)} gold labels but {len(predicted)} predictions")
    unknown = (set(gold) | set(predicted)) - set(LABELS)
    if unknown:
        raise ValueError(f"score: unknown labels {sorted(unknown)}; expected {LABELS}")
    index = {label: i for i, label in enumerate(LABELS)}
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, predicted, strict=True):
        confusion[index[g]][index[p]] += 1
    f1 = {label: _f1(confusion, k) for k, label in enumerate(LABELS)}
    return Report(
        fnc=sum(_pair_score(g, p) for g, p in zip(gold, predicted, strict=True)),
        fnc_max=sum(_pair_score(g, g) for g in gold),
        macro_f1=sum(f1.values()) / len(LABELS),
        f1=f1,
        confusion=tuple(tuple(row) for row in confusion),
    )
