"""The learned stance model: hand-made features and gradient-boosted trees, on the CPU.

``load_default_model()`` gives the model shipped in ``watchers/stance/data``
(trained on the FNC-1 train split by ``bench/train_stance.py``); ``label_pairs``
is the one entry point that labels claims against items by id, used by the
benchmark and by the ``policywatch stance --pairs`` command.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache

from watchers.model import Stance
from watchers.stance.base import Opinion, StanceModel
from watchers.stance.features import TextView, featurise
from watchers.stance.features_cues import CATEGORIES
from watchers.stance.model_fnc import TO_STANCE
from watchers.stance.model_store import Artefacts, load

DATA_DIR = Path(__file__).resolve().parent / "data"
CLAIM_VIEWS = 1_024
"""Claims whose views the model keeps: every claim of a large claim base, and a few
kilobytes each."""

_CATEGORY = {name: i for i, (name, _) in enumerate(CATEGORIES)}
# Which cues make a sentence the best evidence for each decision.
_EVIDENCE_CUES = {
    "agree": ("support",),
    "disagree": ("refute", "negation"),
    "discuss": ("hedge",),
    "unrelated": (),
}


def item_text(title: str, body: str) -> str:
    """The text the model reads for an item: its title as a first line, then its body."""
    return f"{title.strip()}\n{body}" if title.strip() else body


def _evidence(label: str, sentences: tuple[str, ...], cats: npt.NDArray[np.float32]) -> str:
    """Among the sentences closest to the claim, the one whose cues back ``label`` most."""
    if not sentences:
        return ""
    columns = [_CATEGORY[c] for c in _EVIDENCE_CUES[label]]
    if not columns:
        return sentences[0]
    strength = cats[:, columns].sum(axis=1)
    # argmax keeps the first maximum: ties go to the sentence closest to the claim.
    return sentences[int(np.argmax(strength))]


class FeatureStanceModel:
    """A ``StanceModel`` over trained artefacts (see ``model_store``)."""

    def __init__(self, artefacts: Artefacts, name: str = "policywatch-stance-gbdt") -> None:
        self.name = name
        self._artefacts = artefacts
        # Claims' views, kept across calls: the service calls once per poll, with the
        # same claims each time (see featurise). Bounded, and shared by the poll threads.
        self._claims: LRUCache[str, TextView] = LRUCache(maxsize=CLAIM_VIEWS)
        self._lock = threading.Lock()

    def predict(self, pairs: Sequence[tuple[str, str, str]]) -> list[Opinion]:
        """One opinion per (claim_text, item_title, item_body), in order.

        The score is the chosen class's share of the reweighted class
        probabilities (0..1); the evidence is a body sentence near the claim.
        """
        if not pairs:
            return []
        art = self._artefacts
        with self._lock:
            known = {c: v for c, _, _ in pairs if (v := self._claims.get(c)) is not None}
        found = featurise([(c, item_text(t, b)) for c, t, b in pairs], art.space, known)
        with self._lock:
            self._claims.update(known)
        probabilities = art.trees.probabilities(found.matrix)
        weighted = probabilities * np.asarray(art.multipliers)
        weighted /= weighted.sum(axis=1, keepdims=True)
        opinions = []
        for i, row in enumerate(weighted):
            k = int(np.argmax(row))
            label = art.labels[k]
            evidence = _evidence(label, found.top_sentences[i], found.top_categories[i])
            opinions.append(Opinion(TO_STANCE[label], float(row[k]), evidence))
        return opinions


@functools.cache
def load_default_model() -> StanceModel:
    """The shipped model, read once from the package's data folder (no network)."""
    return FeatureStanceModel(load(DATA_DIR))


def label_pairs(
    claims: Mapping[str, str],
    items: Mapping[str, tuple[str, str]],
    pairs: Sequence[tuple[str, str]],
    model: StanceModel,
) -> list[tuple[Stance, float, str]]:
    """Label (claim id, item id) pairs in one batch: (stance, score, evidence) per pair.

    ``claims`` maps a claim id to its sentence; ``items`` maps an item id to its
    (title, body). An id missing from either raises KeyError naming the pair.
    """
    triples = []
    for n, (claim_id, item_id) in enumerate(pairs):
        if claim_id not in claims:
            raise KeyError(f"pair {n}: unknown claim id {claim_id!r}")
        if item_id not in items:
            raise KeyError(f"pair {n}: unknown item id {item_id!r}")
        title, body = items[item_id]
        triples.append((claims[claim_id], title, body))
    return [(o.stance, o.score, o.evidence) for o in model.predict(triples)]
