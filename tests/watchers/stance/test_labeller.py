"""The Labeller: every fixture case in tests/watchers/fixtures/labels, and the order of
decision between rules, a model and the fallback."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from watchers.matcher import Matcher
from watchers.model import Alias, Claim, Entity, EntityKind, Item, SourceRef, Stance, Verdict
from watchers.stance import ItemReading, Labeller
from watchers.stance.base import Opinion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "labels"


def _entity(doc: dict[str, Any]) -> Entity:
    return Entity(
        id=doc["id"],
        kind=EntityKind(doc["kind"]),
        name_en=doc["en"],
        name_zh=doc.get("zh", ""),
        aliases=tuple(Alias(a) for a in doc.get("aliases", ())),
    )


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            entities = [*doc.get("entities", ()), *case.get("entities", ())]
            params.append(pytest.param(entities, case, id=f"{path.stem}:{case['name']}"))
    return params


def _label(entities: list[dict[str, Any]], case: dict[str, Any]) -> list[Verdict]:
    matcher = Matcher.build(_entity(e) for e in entities)
    claim = Claim(
        id=case["name"],
        text=case["claim"],
        entities=tuple(case.get("claim_entities", ())),
        source=SourceRef(article="fixture"),
    )
    item = Item(feed_id="fixture", **case["item"])
    labeller = Labeller([claim], matcher)
    if case.get("via") == "pairs":
        return labeller.label_pairs([(item, claim)])
    mentions = matcher.find(item.title, "title") + matcher.find(item.text, "text")
    return labeller.label_item(item, mentions)


def test_there_are_enough_cases_in_both_languages() -> None:
    cases = [p.values[1] for p in _cases()]
    assert len({c["name"] for c in cases}) == len(cases) >= 30
    assert sum(c["item"]["language"] == "zh" for c in cases) >= 10


@pytest.mark.parametrize(("entities", "case"), _cases())
def test_fixture(entities: list[dict[str, Any]], case: dict[str, Any]) -> None:
    expect = case["expect"]
    verdicts = _label(entities, case)
    assert [v.claim_id for v in verdicts] == [case["name"]]
    verdict = verdicts[0]
    assert verdict.stance is Stance(expect["stance"]), verdict
    if expect["evidence"]:
        assert expect["evidence"] in verdict.evidence, verdict
    else:
        assert verdict.evidence == ""
    assert verdict.reason.startswith(expect.get("reason", "")), verdict
    assert 0.0 <= verdict.score <= 1.0


# --- Decision order -------------------------------------------------------------------

DSL = Entity("dsl", EntityKind.LAW, "Data Security Law", "数据安全法", (Alias("DSL"),))
NDB = Entity("ndb", EntityKind.BODY, "National Data Bureau", "国家数据局")
MATCHER = Matcher.build([DSL, NDB])
DATED = Claim("dated", "The DSL took effect on September 1, 2021.", (), SourceRef("t"))
PLAIN = Claim("plain", "The National Data Bureau promotes data sharing.", (), SourceRef("t"))


class ScriptedModel:
    """A stance model that answers from a script and records the batches it is given."""

    name = "scripted"

    def __init__(self, stance: Stance, score: float = 0.7, evidence: str = "") -> None:
        self.opinion = Opinion(stance, score, evidence)
        self.batches: list[list[tuple[str, str, str]]] = []

    def predict(self, pairs: Sequence[tuple[str, str, str]]) -> list[Opinion]:
        self.batches.append(list(pairs))
        return [self.opinion for _ in pairs]


def _item(text: str, title: str = "") -> Item:
    return Item(feed_id="t", title=title, text=text)


def _mentions(item: Item) -> list[Any]:
    return MATCHER.find(item.title, "title") + MATCHER.find(item.text, "text")


def test_rules_keep_their_say_over_the_model() -> None:
    model = ScriptedModel(Stance.CORROBORATES)
    item = _item("The DSL took effect on June 10, 2021.")
    [verdict] = Labeller([DATED], MATCHER, model).label_item(item, _mentions(item))
    assert verdict.stance is Stance.CONTRADICTS
    assert verdict.reason.startswith("date-mismatch")
    assert model.batches == []


def test_the_model_decides_what_the_rules_leave_open() -> None:
    model = ScriptedModel(Stance.CONTRADICTS, 0.81, "It does not.")
    item = _item("The National Data Bureau says data sharing is stalling.")
    [verdict] = Labeller([PLAIN], MATCHER, model).label_item(item, _mentions(item))
    assert verdict == Verdict(
        "plain", Stance.CONTRADICTS, 0.81, "It does not.", "model:scripted 0.81"
    )


def test_a_model_saying_unrelated_becomes_mentions_for_an_item() -> None:
    model = ScriptedModel(Stance.UNRELATED)
    item = _item("The National Data Bureau met in Beijing. Nothing else happened.")
    [verdict] = Labeller([PLAIN], MATCHER, model).label_item(item, _mentions(item))
    assert verdict.stance is Stance.MENTIONS
    assert verdict.evidence == "The National Data Bureau met in Beijing."


def test_pairs_go_to_the_model_in_one_batch_and_unrelated_stays() -> None:
    model = ScriptedModel(Stance.UNRELATED, 0.9)
    items = [
        _item("Pandas were born."),
        _item("The DSL took effect on Sept. 1, 2021."),
        _item("Rain."),
    ]
    verdicts = Labeller([], MATCHER, model).label_pairs([(i, DATED) for i in items])
    assert [v.stance for v in verdicts] == [Stance.UNRELATED, Stance.CORROBORATES, Stance.UNRELATED]
    assert len(model.batches) == 1
    assert [p[2] for p in model.batches[0]] == ["Pandas were born.", "Rain."]


def test_only_active_claims_sharing_an_entity_are_labelled() -> None:
    retired = Claim("old", "The DSL took effect in 2020.", (), SourceRef("t"), retired=True)
    item = _item("The DSL took effect on Sept. 1, 2021.")
    verdicts = Labeller([DATED, PLAIN, retired], MATCHER).label_item(item, _mentions(item))
    assert [(v.claim_id, v.stance) for v in verdicts] == [("dated", Stance.CORROBORATES)]


def test_title_is_read_like_a_sentence() -> None:
    item = _item("Details inside.", title="DSL took effect on June 10, 2021")
    [verdict] = Labeller([DATED], MATCHER).label_item(item, _mentions(item))
    assert verdict.stance is Stance.CONTRADICTS
    assert verdict.evidence == "DSL took effect on June 10, 2021"


def test_claims_without_facts_get_them_derived() -> None:
    labeller = Labeller([DATED], MATCHER)
    item = _item("Nothing here about the DSL's dates.")
    [verdict] = labeller.label_item(item, _mentions(item))
    assert verdict.stance is Stance.MENTIONS
    assert verdict.reason.startswith("mentions: dsl")


def test_a_mention_from_an_unknown_field_is_refused() -> None:
    item = _item("The DSL took effect.")
    bad = [m.__class__(m.entity_id, m.alias, m.start, m.end, "summary") for m in _mentions(item)]
    with pytest.raises(ValueError, match="field 'summary'"):
        Labeller([DATED], MATCHER).label_item(item, bad)


def test_a_model_returning_the_wrong_number_of_opinions_is_an_error() -> None:
    class Short(ScriptedModel):
        def predict(self, pairs: Sequence[tuple[str, str, str]]) -> list[Opinion]:
            return []

    item = _item("The National Data Bureau met.")
    with pytest.raises(ValueError, match="returned 0 opinions for 1 pairs"):
        Labeller([PLAIN], MATCHER, Short(Stance.MENTIONS)).label_item(item, _mentions(item))


def test_a_pair_repeating_the_claim_without_its_entity_is_a_mention() -> None:
    [verdict] = Labeller([], MATCHER).label_pairs([(_item("Rules promote data sharing."), PLAIN)])
    assert verdict == Verdict(
        "plain",
        Stance.MENTIONS,
        0.5,
        "Rules promote data sharing.",
        "mentions: no shared entity; overlap 1.00",
    )


def test_a_readings_memo_carries_items_across_batches_without_changing_verdicts() -> None:
    items = [_item("The DSL took effect on Sept. 1, 2021."), _item("The DSL took effect in 2020.")]
    pairs = [(i, c) for i in items for c in (DATED, PLAIN)]
    alone = Labeller([], MATCHER).label_pairs(pairs)
    reads: dict[Item, ItemReading] = {}
    labeller = Labeller([], MATCHER)
    batched = labeller.label_pairs(pairs[:3], reads) + labeller.label_pairs(pairs[3:], reads)
    assert batched == alone
    assert set(reads) == set(items)
    assert reads[items[0]].entities == {"dsl"}


# What the checks cannot place, only the model could confirm; these cases keep it from
# confirming a named person the item does not name, or a count it does not repeat.
ECONOMIST = "Wang Fang is the bureau's chief economist."
PLENUM = "二十届四中全会后，国家数据局推动数据共享。"


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            ECONOMIST,
            "The National Data Bureau's chief economist Wang Fang spoke.",
            Stance.CORROBORATES,
        ),
        (
            ECONOMIST,
            "The National Data Bureau's chief economist, 王芳, spoke.",
            Stance.CORROBORATES,
        ),
        (ECONOMIST, "The National Data Bureau's chief economist spoke.", Stance.MENTIONS),
        (ECONOMIST, "The National Data Bureau's chief economist Li Qiang spoke.", Stance.MENTIONS),
        (PLENUM, "二十届四中全会后，国家数据局推动数据共享。", Stance.CORROBORATES),
        (PLENUM, "二十届三中全会后，国家数据局推动数据共享。", Stance.MENTIONS),
    ],
)
def test_the_model_confirms_no_person_or_count_the_item_leaves_out(
    claim: str, text: str, stance: Stance
) -> None:
    model = ScriptedModel(Stance.CORROBORATES, 0.9)
    pair = (_item(text), Claim("c", claim, ("ndb",), SourceRef("t")))
    [verdict] = Labeller([], MATCHER, model).label_pairs([pair])
    assert verdict.stance is stance, verdict
