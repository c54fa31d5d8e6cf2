"""Reading the FNC-1 stance data set (headline, body, stance) from its CSV files.

FNC-1 ships each split as ``<split>_bodies.csv`` (Body ID, articleBody) and
``<split>_stances.csv`` (Headline, Body ID, Stance). The headline plays the
claim and the body the item; the four FNC labels map onto policywatch's
stances as agree -> corroborates, disagree -> contradicts, discuss -> mentions.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from watchers.model import Stance

TO_STANCE = {
    "agree": Stance.CORROBORATES,
    "disagree": Stance.CONTRADICTS,
    "discuss": Stance.MENTIONS,
    "unrelated": Stance.UNRELATED,
}
FROM_STANCE = {v: k for k, v in TO_STANCE.items()}


@dataclass(frozen=True)
class FncSplit:
    """One FNC-1 split: body texts by id, and (headline, body id, label) rows in file order."""

    bodies: dict[str, str]
    rows: tuple[tuple[str, str, str], ...]


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"FNC-1 file not found: {path}")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _column(row: dict[str, str], name: str, path: Path, line: int) -> str:
    value = row.get(name)
    if value is None:
        raise ValueError(f"{path}: row {line}: missing column {name!r}")
    return value


def load_split(folder: Path, split: str) -> FncSplit:
    """Read ``split`` ("train" or "competition_test") from an FNC-1 ``folder``."""
    bodies_path = folder / f"{split}_bodies.csv"
    stances_path = folder / f"{split}_stances.csv"
    bodies = {
        _column(r, "Body ID", bodies_path, i): _column(r, "articleBody", bodies_path, i)
        for i, r in enumerate(_read(bodies_path), start=2)
    }
    rows = []
    for i, r in enumerate(_read(stances_path), start=2):
        body_id = _column(r, "Body ID", stances_path, i)
        label = _column(r, "Stance", stances_path, i)
        if body_id not in bodies:
            raise ValueError(f"{stances_path}: row {i}: unknown Body ID {body_id!r}")
        if label not in TO_STANCE:
            raise ValueError(f"{stances_path}: row {i}: unknown Stance {label!r}")
        rows.append((_column(r, "Headline", stances_path, i), body_id, label))
    return FncSplit(bodies=bodies, rows=tuple(rows))
