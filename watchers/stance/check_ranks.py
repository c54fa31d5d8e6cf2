"""Checks of rank: who is first or largest of a kind.

Two RANK facts compare when they rank the same category the same way ("first", or
"largest" at any place) within a compatible scope: the same one, or none named in the
item when the claim's is the world (an unqualified "largest" is the world's). Then:

- the same holder: the same place, still held, corroborates; a lower place, or the
  rank lost ("formerly", "overtaken"), contradicts;
- another holder of the same place contradicts a holder claimed to hold it: there is
  one first lunar mission of China, one largest maker in the world.

Holders are compared loosely, letters and digits only, so a written "Chang'e-3" is the
entity ``change_3`` and a differently written name does not pass for another holder.
"""

from __future__ import annotations

import re

from watchers.facts.lexicon import ENDED
from watchers.model import Fact, FactKind
from watchers.stance.findings import Finding, found, same

_LOOSE = re.compile(r"[^0-9a-z\u4e00-\u9fff]")


def rank(cf: Fact, sf: Fact) -> Finding | None:
    if sf.kind is not FactKind.RANK:
        return None
    (c_rank, _, c_kind), (s_rank, _, s_kind) = (
        cf.predicate.partition(":"),
        sf.predicate.partition(":"),
    )
    if c_kind != s_kind or c_rank.split("#")[0] != s_rank.split("#")[0]:
        return None
    if not (cf.value == sf.value or not cf.value or (not sf.value and cf.value == "world")):
        return None
    claim_holds, item_holds = cf.unit != ENDED, sf.unit != ENDED
    what = f"{c_rank} {c_kind} of {cf.value or 'any scope'}"
    if _same_holder(cf.subject, sf.subject):
        if item_holds and s_rank != c_rank:
            return found(False, 0.85, "rank", f"item says {sf.subject} is {s_rank}, claim {c_rank}")
        state = "is" if item_holds else "is no longer"
        detail = f"item says {sf.subject} {state} {what}"
        return found(claim_holds == item_holds, 0.85, "rank", detail)
    if not item_holds or s_rank != c_rank:
        return None
    detail = f"claim {cf.subject}, item {sf.subject} as {what}"
    return found(not claim_holds, 0.85 if claim_holds else 0.6, "rank-holder", detail)


def _same_holder(claimed: str, stated: str) -> bool:
    loose = _LOOSE.sub("", claimed.lower())
    return same(claimed, stated) or (bool(loose) and loose == _LOOSE.sub("", stated.lower()))
