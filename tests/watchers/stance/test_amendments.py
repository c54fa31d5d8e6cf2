"""An amended law is the amendment, with dates of its own: the day amendments take effect
is not the day the law first did. Sentences written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from support.labelling import label_pair
from watchers.matcher import Matcher
from watchers.model import Alias, Entity, EntityKind, Stance, Verdict

ENTITIES = [
    Entity(
        "netlaw",
        EntityKind.LAW,
        "Network Safety Law",
        "网络安全法",
        (Alias("NSL", ("law", "network")),),
    ),
]
MATCHER = Matcher.build(ENTITIES)
ORIGINAL = "The Network Safety Law took effect on June 1, 2017."
AMENDED = "The amended Network Safety Law takes effect on January 1, 2026."


def _label(claim_text: str, text: str) -> Verdict:
    return label_pair(MATCHER, claim_text, text, published=datetime(2025, 11, 2))


@pytest.mark.parametrize(
    "text",
    [
        "Beijing has passed amendments to its Network Safety Law (NSL), which will take "
        "effect on January 1, 2026.",
        "The Network Safety Law Amendment enters into force on 1 January 2026.",
        "会议表决通过关于修改《网络安全法》的决定，自2026年1月1日起施行。",
        "网络安全法完成修改，将于2026年1月1日施行。",
    ],
)
def test_an_amendments_date_is_not_the_laws(text: str) -> None:
    assert _label(ORIGINAL, text).stance is not Stance.CONTRADICTS
    assert _label(AMENDED, text).stance is Stance.CORROBORATES


def test_the_original_law_does_not_date_the_amendment() -> None:
    text = "网络安全法自2017年6月1日施行以来，发挥了重要作用。"
    assert _label(ORIGINAL, text).stance is Stance.CORROBORATES
    assert _label(AMENDED, text).stance is not Stance.CONTRADICTS


def test_since_it_was_made_is_not_since_it_took_effect() -> None:
    text = "这是自2016年网络安全法制定以来的首次修改。"
    assert _label(ORIGINAL, text).stance is not Stance.CONTRADICTS


UNAMENDED = "The Network Safety Law has not been amended since it took effect in 2017."


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            UNAMENDED,
            "Lawmakers amended the Network Safety Law in October 2025.",
            Stance.CONTRADICTS,
        ),
        (UNAMENDED, "修改后的网络安全法将于2026年1月1日起施行。", Stance.CONTRADICTS),
        (
            UNAMENDED,
            "The amended Network Safety Law takes effect on January 1, 2026.",
            Stance.CONTRADICTS,
        ),
        (
            "网络安全法自2017年施行以来从未修改。",
            "The Network Safety Law was revised on 28 October 2025.",
            Stance.CONTRADICTS,
        ),
        (
            UNAMENDED,
            "The Network Safety Law, in force since 2017, has never been revised.",
            Stance.CORROBORATES,
        ),
        # The date sets the scene: confirming it says nothing of amendments.
        (UNAMENDED, "The Network Safety Law took effect on June 1, 2017.", Stance.MENTIONS),
        (
            "The Network Safety Law was amended in October 2025.",
            "The Network Safety Law has not been amended since it took effect in 2017.",
            Stance.CONTRADICTS,
        ),
        (
            "The Network Safety Law was amended in October 2025.",
            "Lawmakers revised the Network Safety Law on October 28, 2025.",
            Stance.CORROBORATES,
        ),
    ],
)
def test_a_law_said_never_amended(claim: str, text: str, stance: Stance) -> None:
    assert _label(claim, text).stance is stance
