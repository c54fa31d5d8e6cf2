"""One item labelled against one claim, as ``policywatch stance --pairs`` would."""

from __future__ import annotations

from datetime import date, datetime

from watchers.matcher import Matcher
from watchers.model import Claim, Item, SourceRef, Stance, Verdict
from watchers.stance import Labeller
from watchers.stance.base import StanceModel


def label_pair(
    matcher: Matcher,
    claim_text: str,
    text: str,
    *,
    title: str = "",
    published: datetime | None = None,
    model: StanceModel | None = None,
    today: date | None = None,
) -> Verdict:
    claim = Claim("c", claim_text, (), SourceRef("test"))
    item = Item(feed_id="t", title=title, text=text, published=published)
    [verdict] = Labeller([claim], matcher, model, today).label_pairs([(item, claim)])
    return verdict


# Expected stances in compact test tables: corroborates, contradicts, mentions.
STANCES = {"c": Stance.CORROBORATES, "x": Stance.CONTRADICTS, "m": Stance.MENTIONS}


def assert_labelled(
    matcher: Matcher, claim_text: str, text: str, expected: str, published: datetime
) -> None:
    """``text`` labelled against ``claim_text`` gets the stance coded ``expected``."""
    verdict = label_pair(matcher, claim_text, text, published=published)
    assert verdict.stance is STANCES[expected], verdict
