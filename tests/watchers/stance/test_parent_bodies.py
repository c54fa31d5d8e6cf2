"""Parent bodies through the entity list: a body within another, and the two sides of
the party-state. Sentences written for these tests."""

from __future__ import annotations

import pytest

from support.labelling import label_pair
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, Stance, Verdict

PARTY, BODY = EntityKind.PARTY_ORGAN, EntityKind.BODY
ENTITIES = [
    Entity("party", PARTY, "Workers Party"),
    Entity("committee", PARTY, "Party Committee", within="party"),
    Entity("council", BODY, "State Council"),
    Entity("planning", BODY, "Planning Commission", within="council"),
    Entity("trade", BODY, "Trade Ministry", within="council"),
    Entity("bureau", BODY, "Records Bureau"),
    Entity("office", BODY, "Network Office"),
]
MATCHER = Matcher.build(ENTITIES)


def _label(claim_text: str, text: str) -> Verdict:
    return label_pair(MATCHER, claim_text, text)


def test_contains_follows_the_chain() -> None:
    assert MATCHER.contains("council", "planning")
    assert not MATCHER.contains("planning", "council")
    assert MATCHER.contains("party", "committee")


def test_a_parent_within_the_claims_agrees() -> None:
    verdict = _label(
        "The Records Bureau sits under the State Council.",
        "The Records Bureau is administered by the Planning Commission.",
    )
    assert verdict.stance is Stance.CORROBORATES, verdict
    assert "within council" in verdict.reason, verdict


def test_a_parent_wider_than_the_claims_says_nothing() -> None:
    verdict = _label(
        "The Records Bureau sits under the Planning Commission.",
        "The Records Bureau is administered by the State Council.",
    )
    assert not verdict.reason.startswith("parent"), verdict


def test_another_parent_on_the_same_side_contradicts() -> None:
    verdict = _label(
        "The Records Bureau sits under the Planning Commission.",
        "The Records Bureau is administered by the Trade Ministry.",
    )
    assert verdict.stance is Stance.CONTRADICTS, verdict


@pytest.mark.parametrize(
    "text",
    [
        "The Network Office is run by the State Council.",
        "The Network Office, a regulator, reports directly to the State Council.",
    ],
)
def test_a_state_parent_does_not_refute_a_party_one(text: str) -> None:
    verdict = _label(
        "The Network Office was brought under the Workers Party's direct control.", text
    )
    assert not verdict.reason.startswith("parent"), verdict


def test_a_party_organ_places_a_body_under_the_party() -> None:
    verdict = _label(
        "The Network Office was brought under the Workers Party's direct control.",
        "The Network Office is subordinate to the Party Committee.",
    )
    assert verdict.stance is Stance.CORROBORATES, verdict
