"""Leading a place's Party committee, told by a verb rather than a title.

Wire copy often gives a provincial party secretary's office as what they do ("has led
the Party in Hebei since …", "took the helm of Hebei's Party committee") or as the post
someone else takes over. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from support.labelling import label_pair
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, Stance

MATCHER = Matcher.build(
    [
        Entity("li_ming", EntityKind.PERSON, "Li Ming", "李明"),
        Entity("hebei", EntityKind.PLACE, "Hebei", "河北"),
        Entity("shanxi", EntityKind.PLACE, "Shanxi", "山西"),
        Entity("ccp", EntityKind.PARTY_ORGAN, "Chinese Communist Party", "中国共产党"),
    ]
)
HOLDS = "Li Ming is party secretary of Hebei."
SINCE = "Li Ming has been party secretary of Hebei since 2021."


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (HOLDS, "Li Ming leads the Party committee of Hebei.", Stance.CORROBORATES),
        (
            HOLDS,
            "Li Ming, who heads the Communist Party in Hebei, toured a port.",
            Stance.CORROBORATES,
        ),
        (HOLDS, "Li Ming, who led the Party in Hebei for a decade, retired.", Stance.CONTRADICTS),
        (
            HOLDS,
            "Zhang Wei took over Li Ming's former post in Hebei on Friday.",
            Stance.CONTRADICTS,
        ),
        (SINCE, "Li Ming has led the Communist Party in Hebei since 2019.", Stance.CONTRADICTS),
        (
            SINCE,
            "Li Ming took the helm of Hebei's Party committee in late 2020.",
            Stance.CONTRADICTS,
        ),
        (
            SINCE,
            "Li Ming was moved from Shanxi to head the Party in Hebei in March 2020.",
            Stance.CONTRADICTS,
        ),
        (
            SINCE,
            "Li Ming was transferred from Shanxi to lead the Party in Hebei in May 2021.",
            Stance.CORROBORATES,
        ),
    ],
)
def test_a_party_committee_led_is_its_secretarys_office(
    claim: str, text: str, stance: Stance
) -> None:
    verdict = label_pair(MATCHER, claim, text)
    assert verdict.stance is stance, verdict
    assert verdict.reason.startswith(("office", "date")), verdict


@pytest.mark.parametrize(
    "text",
    [
        "Li Ming leads a Party delegation to Hebei this week.",
        "Li Ming led the party's inspection tour of Hebei.",
        "Li Ming took over the Hebei portfolio at the ministry.",
    ],
)
def test_leading_something_else_in_the_place_is_no_office(text: str) -> None:
    verdict = label_pair(MATCHER, HOLDS, text)
    assert verdict.stance is Stance.MENTIONS, verdict
