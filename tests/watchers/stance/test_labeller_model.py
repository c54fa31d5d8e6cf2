"""The labeller with the shipped model: rules keep their say, the model needs the claim's words."""

import pytest

from watchers.matcher import Matcher
from watchers.model import Alias, Claim, Entity, EntityKind, Item, SourceRef, Stance
from watchers.stance import Labeller
from watchers.stance.model import load_default_model

ENTITIES = [
    Entity(
        "cac",
        EntityKind.BODY,
        "Cyberspace Administration of China",
        "国家互联网信息办公室",
        (Alias("CAC"),),
    ),
    Entity("ccp", EntityKind.PARTY_ORGAN, "Chinese Communist Party", "中国共产党"),
    Entity("dsl", EntityKind.LAW, "Data Security Law", "数据安全法"),
]


MATCHER = Matcher.build(ENTITIES)


def claim(id_, text):
    return Claim(id_, text, (), SourceRef("seed"))


@pytest.fixture(scope="module")
def labeller():
    claims = [
        claim(
            "cac_party",
            "The Cyberspace Administration of China sits under the Chinese Communist Party.",
        ),
        claim("dsl_date", "The Data Security Law took effect on September 1, 2021."),
    ]
    return Labeller(claims, MATCHER, load_default_model())


def label(labeller, title, text):
    item = Item("f", title, text)
    mentions = MATCHER.find(title, "title") + MATCHER.find(text, "text")
    return {v.claim_id: v for v in labeller.label_item(item, mentions)}


def test_sharing_an_entity_is_not_taking_a_side(labeller):
    verdicts = label(
        labeller,
        "CAC opens consultation on labelling AI-generated content",
        "The Cyberspace Administration of China asked platforms for comments on draft rules.",
    )
    assert verdicts["cac_party"].stance is Stance.MENTIONS


def test_rules_decide_before_the_model(labeller):
    verdicts = label(labeller, "DSL", "The Data Security Law took effect on June 1, 2021.")
    assert verdicts["dsl_date"].stance is Stance.CONTRADICTS
    assert verdicts["dsl_date"].reason.startswith("date-mismatch")


def test_the_model_labels_what_the_rules_leave_open(labeller):
    verdicts = label(
        labeller,
        "Party control of the CAC",
        "The Cyberspace Administration of China sits under the Chinese Communist Party, "
        "officials confirmed, and reports directly to its central leadership.",
    )
    assert verdicts["cac_party"].reason.startswith(("model:", "parent-"))
    assert verdicts["cac_party"].stance is Stance.CORROBORATES


def test_claim_words_scattered_over_a_long_item_do_not_take_a_side():
    xi = Entity("xi", EntityKind.PERSON, "Xi Jinping", "习近平")
    matcher = Matcher.build([xi])
    labeller = Labeller(
        [
            claim(
                "xi_gs", "Xi Jinping has been General Secretary of the Communist Party since 2012."
            )
        ],
        matcher,
        load_default_model(),
    )
    text = (
        "Xi Jinping met the visiting prime minister in Beijing. "
        "The general mood at the summit was upbeat, officials said. "
        "A secretary of the delegation described the talks as frank. "
        "Trade and tariffs dominated the agenda, and both sides promised more meetings."
    )
    item = Item("f", "Summit in Beijing", text)
    (verdict,) = labeller.label_item(item, matcher.find_in_item(item))
    assert verdict.stance is Stance.MENTIONS
