"""Dates and counts as news words them: participles that open a sentence, meetings that
"ran from" one day to another, bodies that "opened their doors", counts made adjectives
("the 25-member Politburo"), and years that confirm no month. Sentences written for
these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from support.labelling import assert_labelled
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind

_NAMES = {
    "bureau": (EntityKind.BODY, "National Data Bureau", "国家数据局"),
    "council": (EntityKind.BODY, "State Council", "国务院"),
    "politburo": (EntityKind.PARTY_ORGAN, "Politburo", "政治局"),
    "plenum": (EntityKind.EVENT, "Fourth Plenum", "四中全会"),
}
MATCHER = Matcher.build(Entity(key, *names) for key, names in _NAMES.items())
FOUNDED = "The National Data Bureau was established in March 2023."
PLENUM = "The Fourth Plenum was held from October 20 to 23, 2025."
NEWS_DAY = datetime(2025, 10, 25)


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (FOUNDED, "Set up in March 2023, the National Data Bureau drafts data rules.", "c"),
        (FOUNDED, "Formally created in May 2022, the National Data Bureau drafts rules.", "x"),
        (FOUNDED, "The National Data Bureau opened its doors in October 2024.", "x"),
        (FOUNDED, "The National Data Bureau began operating in March 2023.", "c"),
        # The participle's phrase ends on another body: nothing is dated for the bureau.
        (
            FOUNDED,
            "Set up in 2021 by the State Council, the office now reports to the National "
            "Data Bureau.",
            "m",
        ),
        # A year alone, or "late" in it, confirms no month.
        (FOUNDED, "The National Data Bureau, formally launched in late 2023, drafts rules.", "m"),
        (PLENUM, "The Fourth Plenum ran from October 20 to 23 in Beijing.", "c"),
        (PLENUM, "The Fourth Plenum took place in Beijing from October 21 to 24.", "x"),
        ("The Politburo has 24 members.", "The new 25-member Politburo met on Friday.", "x"),
        ("The Politburo has 24 members.", "The 24-member Politburo met on Friday.", "c"),
    ],
)
def test_event_dates_and_counts_in_news_wording(claim: str, text: str, stance: str) -> None:
    assert_labelled(MATCHER, claim, text, stance, NEWS_DAY)
