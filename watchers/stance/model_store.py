"""The stance model's artefacts on disk: what is saved, and loading it back.

A model directory holds four files:

- ``space.npz``: the term space's IDF per hash bucket (numbers only, no text);
- ``related.txt`` and ``stance.txt``: the two tree models (see ``model_trees``)
  in LightGBM's text format;
- ``meta.json``: feature names (checked against the code at load), class
  order, the decision multipliers and the figures measured at training time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from watchers.stance.features import FEATURE_NAMES
from watchers.stance.features_space import TermSpace
from watchers.stance.model_trees import Trees

FORMAT = 1
SPACE_FILE = "space.npz"
RELATED_FILE = "related.txt"
STANCE_FILE = "stance.txt"
META_FILE = "meta.json"


@dataclass(frozen=True)
class Artefacts:
    """A trained stance model: fitted term space, trees, and how to read their output.

    ``labels`` are FNC-1 label names in the order of ``trees.probabilities``;
    the predicted class is the argmax of those probabilities times ``multipliers``.
    """

    space: TermSpace
    trees: Trees
    labels: tuple[str, ...]
    multipliers: tuple[float, ...]
    meta: dict[str, Any]


def save(folder: Path, artefacts: Artefacts) -> None:
    """Write ``artefacts`` to ``folder`` (created if missing), replacing older files."""
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / SPACE_FILE, idf=artefacts.space.idf)
    artefacts.trees.related.save_model(str(folder / RELATED_FILE))
    artefacts.trees.stance.save_model(str(folder / STANCE_FILE))
    meta = dict(artefacts.meta)
    meta.update(
        format=FORMAT,
        features=list(FEATURE_NAMES),
        labels=list(artefacts.labels),
        multipliers=list(artefacts.multipliers),
    )
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def _check(meta: dict[str, Any], folder: Path) -> None:
    if meta.get("format") != FORMAT:
        raise ValueError(f"{folder / META_FILE}: format {meta.get('format')!r}, expected {FORMAT}")
    if tuple(meta.get("features", ())) != FEATURE_NAMES:
        raise ValueError(
            f"{folder / META_FILE}: feature names differ from this code's; retrain the model"
        )
    if len(meta.get("labels", ())) != len(meta.get("multipliers", ())):
        raise ValueError(f"{folder / META_FILE}: labels and multipliers differ in length")


def load(folder: Path) -> Artefacts:
    """Read artefacts written by ``save``; raise ValueError naming the file if they don't fit."""
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise FileNotFoundError(f"stance model not found: {meta_path}")
    meta: dict[str, Any] = json.loads(meta_path.read_text())
    _check(meta, folder)
    with np.load(folder / SPACE_FILE, allow_pickle=False) as z:
        space = TermSpace(idf=z["idf"].astype(np.float32))
    trees = Trees(
        related=lgb.Booster(model_file=str(folder / RELATED_FILE)),
        stance=lgb.Booster(model_file=str(folder / STANCE_FILE)),
    )
    return Artefacts(
        space=space,
        trees=trees,
        labels=tuple(meta["labels"]),
        multipliers=tuple(float(m) for m in meta["multipliers"]),
        meta=meta,
    )
