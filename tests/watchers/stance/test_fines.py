"""Fines as news tells them: the firm's fine and its chairman's, a ceiling in the law and
a fine imposed. Sentences written for these tests."""

from __future__ import annotations

import pytest

from support.labelling import label_pair
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, Stance, Verdict

ENTITIES = [
    Entity("rides", EntityKind.FIRM, "RideCo", "快行"),
    Entity("infolaw", EntityKind.LAW, "Information Protection Law", "信息保护法"),
]
MATCHER = Matcher.build(ENTITIES)


def _label(claim_text: str, text: str) -> Verdict:
    return label_pair(MATCHER, claim_text, text)


FIRM_FINE = "The regulator fined RideCo 6.5 billion yuan."


@pytest.mark.parametrize(
    "text",
    [
        "The regulator also fined RideCo Chairman Wang Lei and President Zhao Min 2 million "
        "yuan each.",
        "监管部门对快行董事长王磊、总裁赵敏各处人民币200万元罚款。",
    ],
)
def test_the_chairmans_fine_is_not_the_firms(text: str) -> None:
    assert _label(FIRM_FINE, text).stance is not Stance.CONTRADICTS


def test_the_firms_fine_still_compares() -> None:
    verdict = _label(FIRM_FINE, "监管部门对快行处人民币65亿元罚款。")
    assert verdict.stance is Stance.CORROBORATES, verdict


CEILING = "Under the Information Protection Law, fines can reach 80 million yuan."


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("信息保护法规定，情节严重的，处六千万元以下罚款。", Stance.CONTRADICTS),
        (
            "The Information Protection Law sets fines of up to 80 million yuan.",
            Stance.CORROBORATES,
        ),
        (
            "Citing the Information Protection Law, the regulator fined RideCo 6.5 billion yuan.",
            Stance.MENTIONS,
        ),
    ],
)
def test_a_ceiling_compares_with_ceilings(text: str, stance: Stance) -> None:
    verdict = _label(CEILING, text)
    assert verdict.stance is stance, verdict
