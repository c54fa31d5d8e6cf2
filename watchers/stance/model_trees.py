"""The two tree models and how their outputs make four class probabilities.

A binary model decides related against unrelated from similarity features,
held monotone (more similar is never less related);
a three-class model, trained on related pairs only, splits related pairs into
agree, disagree and discuss. P(agree) = P(related) * P(agree | related), and
so on; P(unrelated) = 1 - P(related). Both are LightGBM boosters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt

from watchers.stance.features import (
    FEATURE_NAMES,
    RELATEDNESS_DIRECTION,
    RELATEDNESS_FEATURES,
    STANCE_FEATURES,
)
from watchers.stance.model_score import LABELS

SEED = 0
UNRELATED = LABELS.index("unrelated")
RELATED_ROUNDS = 300
STANCE_ROUNDS = 400
# Training weight of agree, disagree, discuss in the stance model: disagree is
# 1.7 % of train (6 % of related pairs); unweighted trees almost never say it.
STANCE_WEIGHTS = (2.0, 8.0, 1.0)
_COMMON: dict[str, Any] = {
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.5,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 2,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
}
RELATED_PARAMS = {
    **_COMMON,
    "objective": "binary",
    "monotone_constraints": list(RELATEDNESS_DIRECTION),
    "monotone_constraints_method": "advanced",
}
STANCE_PARAMS = {**_COMMON, "objective": "multiclass", "num_class": 3}

FloatMatrix = npt.NDArray[np.float32]
_RELATED_COLUMNS = np.array([FEATURE_NAMES.index(n) for n in RELATEDNESS_FEATURES])
_STANCE_COLUMNS = np.array([FEATURE_NAMES.index(n) for n in STANCE_FEATURES])


@dataclass(frozen=True)
class Trees:
    """The fitted related/unrelated model and the stance model for related pairs."""

    related: lgb.Booster
    stance: lgb.Booster

    @classmethod
    def fit(cls, features: FloatMatrix, labels: npt.NDArray[np.int64]) -> Trees:
        """Fit both models on a full feature matrix and ``LABELS`` indices."""
        related_data = lgb.Dataset(
            features[:, _RELATED_COLUMNS], (labels != UNRELATED).astype(np.int64)
        )
        related = lgb.train(RELATED_PARAMS, related_data, num_boost_round=RELATED_ROUNDS)
        rows = labels != UNRELATED
        weights = np.asarray(STANCE_WEIGHTS)[labels[rows]]
        stance_data = lgb.Dataset(features[rows][:, _STANCE_COLUMNS], labels[rows], weight=weights)
        stance = lgb.train(STANCE_PARAMS, stance_data, num_boost_round=STANCE_ROUNDS)
        return cls(related=related, stance=stance)

    def probabilities(self, features: FloatMatrix) -> npt.NDArray[np.float64]:
        """Rows of P(agree), P(disagree), P(discuss), P(unrelated), in ``LABELS`` order."""
        if len(features) == 0:
            return np.zeros((0, len(LABELS)))
        related = np.asarray(self.related.predict(features[:, _RELATED_COLUMNS]))
        stance = np.asarray(self.stance.predict(features[:, _STANCE_COLUMNS]))
        return np.column_stack([stance * related[:, None], 1.0 - related])
