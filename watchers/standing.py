"""A claim's standing from its running tally of evidence (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from watchers.model import Stance, Standing, Tally


def standing_of(tally: Tally) -> Standing:
    """Untested until something takes a side; contradicted once contradictions outweigh support."""
    if tally.contradicts == 0:
        return Standing.SUPPORTED if tally.corroborates else Standing.UNTESTED
    if tally.contradicts > tally.corroborates:
        return Standing.CONTRADICTED
    return Standing.CONTESTED


def add(tally: Tally, stances: Iterable[Stance]) -> Tally:
    """The tally after counting ``stances`` (UNRELATED counts for nothing)."""
    c, x, m = tally.corroborates, tally.contradicts, tally.mentions
    for s in stances:
        if s is Stance.CORROBORATES:
            c += 1
        elif s is Stance.CONTRADICTS:
            x += 1
        elif s is Stance.MENTIONS:
            m += 1
    return Tally(c, x, m)


@dataclass(frozen=True)
class StandingChange:
    claim_id: str
    before: Standing
    after: Standing
    tally: Tally

    def describe(self) -> str:
        return f"standing {self.before} → {self.after} ({tally_text(self.tally)})"


def tally_text(t: Tally) -> str:
    """ "1 corroboration, 0 contradictions, 3 mentions"."""
    return ", ".join(
        f"{n} {word}{'s' * (n != 1)}"
        for n, word in (
            (t.corroborates, "corroboration"),
            (t.contradicts, "contradiction"),
            (t.mentions, "mention"),
        )
    )


def change(claim_id: str, before: Tally, after: Tally) -> StandingChange | None:
    """A change worth an alert: the standing moved (first contradiction, turned against…)."""
    old, new = standing_of(before), standing_of(after)
    if old == new:
        return None
    return StandingChange(claim_id, old, new, after)
