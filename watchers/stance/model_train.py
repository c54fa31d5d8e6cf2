"""Training the stance model on the FNC-1 train split, and nothing else.

The recipe, in order:

1. Group the train bodies into topics: a body and a headline that are related
   (any label but unrelated) belong to one topic, transitively. Topics are
   dealt into folds, so that a held-out fold holds stories never seen in
   training, as the competition test set does; folds are unions of bodies,
   so no body is on both sides.
2. For each fold, fit the term space (IDF) and the trees (the
   relatedness and stance models of ``model_trees``) on the other folds only,
   and predict the held-out fold: out-of-fold probabilities for every train
   pair.
3. Choose the class multipliers (the cost-sensitive decision rule) on those
   out-of-fold probabilities.
4. Fit the term space and the trees once more on the whole train split and save.

Seeds, thread count and LightGBM's deterministic mode are fixed, so the same
data gives the same artefacts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from watchers.stance.features import featurise
from watchers.stance.features_space import TermSpace, terms
from watchers.stance.model_fnc import FncSplit
from watchers.stance.model_score import LABELS, Report, score
from watchers.stance.model_store import Artefacts
from watchers.stance.model_trees import RELATED_ROUNDS, STANCE_ROUNDS, STANCE_WEIGHTS, Trees

FOLDS = 5
SEED = 0
# Grid for the multipliers of agree, disagree and unrelated (discuss stays 1).
GRID = (
    (0.8, 1.0, 1.2, 1.5),
    (1.0, 1.5, 2.0, 3.0, 4.0, 5.0),
    (0.35, 0.5, 0.75, 1.0, 1.5),
)

Log = Callable[[str], None]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def topic_folds(split: FncSplit, folds: int = FOLDS, seed: int = SEED) -> IntArray:
    """The fold of each row of ``split``: topics (see module doc) dealt at random."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for headline, body_id, label in split.rows:
        root("b:" + body_id)
        if label != "unrelated":
            parent[root("h:" + headline)] = root("b:" + body_id)
    roots = sorted({root("b:" + b) for b in split.bodies})
    order = np.random.RandomState(seed).permutation(len(roots))
    fold_of = {r: int(order[i]) % folds for i, r in enumerate(roots)}
    return np.array([fold_of[root("b:" + b)] for _, b, _ in split.rows], dtype=np.int64)


def fit_space(headlines: Sequence[str], bodies: Sequence[str]) -> TermSpace:
    """Fit the term space's IDF on the distinct given headlines and bodies."""
    texts = sorted(set(headlines)) + sorted(set(bodies))
    return TermSpace.fit([terms(t) for t in texts])


def pairs_of(split: FncSplit, rows: IntArray) -> list[tuple[str, str]]:
    """(headline, body text) for the given row numbers of ``split``."""
    return [(split.rows[i][0], split.bodies[split.rows[i][1]]) for i in rows]


def _fit_on(split: FncSplit, rows: IntArray, labels: IntArray) -> tuple[TermSpace, Trees]:
    space = fit_space(
        [split.rows[i][0] for i in rows], [split.bodies[split.rows[i][1]] for i in rows]
    )
    features = featurise(pairs_of(split, rows), space).matrix
    return space, Trees.fit(features, labels[rows])


def out_of_fold(split: FncSplit, folds: IntArray, labels: IntArray, log: Log) -> FloatArray:
    """Class probabilities for every row, each from a model that never saw its fold."""
    probabilities = np.zeros((len(labels), len(LABELS)))
    for k in range(int(folds.max()) + 1):
        held = np.flatnonzero(folds == k)
        space, trees = _fit_on(split, np.flatnonzero(folds != k), labels)
        probabilities[held] = trees.probabilities(featurise(pairs_of(split, held), space).matrix)
        log(f"fold {k}: {len(held)} held-out pairs")
    return probabilities


def decide(probabilities: FloatArray, multipliers: Sequence[float]) -> list[str]:
    """FNC-1 labels: the argmax of probabilities times per-class multipliers."""
    return [LABELS[i] for i in (probabilities * np.asarray(multipliers)).argmax(axis=1)]


def choose_multipliers(probabilities: FloatArray, gold: Sequence[str]) -> tuple[float, ...]:
    """The grid point that maximises macro-F1 plus the relative FNC-1 score.

    Both matter: FNC-1 rewards getting the frequent related classes right,
    macro-F1 rewards the rare disagree class; their sum trades one for the other.
    Ties go to the first grid point, so the choice is deterministic.
    """
    best: tuple[float, tuple[float, ...]] = (-1.0, (1.0,) * len(LABELS))
    for agree, disagree, unrelated in itertools.product(*GRID):
        multipliers = (agree, disagree, 1.0, unrelated)
        report = score(gold, decide(probabilities, multipliers))
        value = report.macro_f1 + report.relative
        if value > best[0]:
            best = (value, multipliers)
    return best[1]


def summary(report: Report) -> dict[str, Any]:
    """A report as plain numbers, for the model's metadata."""
    return {
        "fnc_relative": round(report.relative, 4),
        "macro_f1": round(report.macro_f1, 4),
        "f1": {k: round(v, 4) for k, v in report.f1.items()},
        "confusion": [list(r) for r in report.confusion],
    }


def train(split: FncSplit, log: Log) -> Artefacts:
    """Run the whole recipe (module doc) on the FNC-1 train split."""
    gold = [label for _, _, label in split.rows]
    labels = np.array([LABELS.index(g) for g in gold], dtype=np.int64)
    folds = topic_folds(split)
    probabilities = out_of_fold(split, folds, labels, log)
    multipliers = choose_multipliers(probabilities, gold)
    oof = score(gold, decide(probabilities, multipliers))
    log(f"multipliers {multipliers}; out-of-fold FNC {oof.relative:.4f}, F1 {oof.macro_f1:.4f}")
    space, trees = _fit_on(split, np.arange(len(gold), dtype=np.int64), labels)
    meta = {
        "trained_on": "FNC-1 train split (train_stances.csv, train_bodies.csv)",
        "folds": FOLDS,
        "stance_weights": list(STANCE_WEIGHTS),
        "rounds": {"related": RELATED_ROUNDS, "stance": STANCE_ROUNDS},
        "out_of_fold_plain": summary(score(gold, decide(probabilities, (1.0,) * len(LABELS)))),
        "out_of_fold": summary(oof),
    }
    return Artefacts(space, trees, LABELS, multipliers, meta)
