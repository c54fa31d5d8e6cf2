"""The interface between the labeller and a learned stance model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from watchers.model import Stance


@dataclass(frozen=True)
class Opinion:
    """A model's reading of one (claim, item) pair."""

    stance: Stance
    score: float
    evidence: str


class StanceModel(Protocol):
    """Labels (claim sentence, item text) pairs; the item text is its title and body."""

    name: str

    def predict(self, pairs: Sequence[tuple[str, str, str]]) -> list[Opinion]:
        """Return one opinion per (claim_text, item_title, item_body) triple, in order."""
        ...
