"""The pure decisions of one poll, with a real matcher and rule labeller on a small config."""

from pathlib import Path

import pytest
import yaml

from support.service import CLAIMS, ENTITIES
from watchers.config.file import parse_config
from watchers.decide import analyse, decide
from watchers.dedupe import KnownItem, classify, link_key
from watchers.model import AlertKind, FeedState, Item, Stance, Tally
from watchers.watch import Watch


@pytest.fixture(scope="module")
def watch():
    docs = {"entities.yaml": yaml.safe_load(ENTITIES), "claims.yaml": yaml.safe_load(CLAIMS)}
    return Watch.build(parse_config(docs, Path(".")), None)


def run(watch, items, known=(), previous=None):
    analysed = analyse(watch, classify(items, known))
    return decide(watch, FeedState("f"), analysed, previous or {})


def test_a_contradiction_alerts_and_moves_standing(watch):
    item = Item(
        "f", "网信办 notice", "The Data Security Law took effect on June 1, 2021.", guid="1"
    )
    out = run(watch, [item])
    kinds = [(p.alert.kind, p.alert.stance) for p in out.alerts]
    assert (AlertKind.VERDICT, Stance.CONTRADICTS) in kinds
    assert out.deltas["dsl_effective"] == Tally(contradicts=1)
    assert out.subjects["dsl_effective"].entity_id == "data_security_law"
    verdict = next(p for p in out.alerts if p.alert.kind is AlertKind.VERDICT)
    assert verdict.write == 0 and "June 1, 2021" in verdict.alert.evidence


def test_a_mere_mention_is_one_alert_per_entity(watch):
    item = Item(
        "f", "网信办 meets platforms", "The CAC, China's internet regulator, met firms.", guid="2"
    )
    out = run(watch, [item])
    alerts = [p.alert for p in out.alerts]
    assert [(a.kind, a.entity_id) for a in alerts] == [(AlertKind.MENTION, "cac")]
    assert alerts[0].alias == "网信办" and alerts[0].evidence == "网信办 meets platforms"


def test_items_without_mentions_are_stored_but_not_alerted(watch):
    out = run(watch, [Item("f", "Weather", "Sunny in Beijing.", guid="3")])
    assert out.new_count == 1 and out.alerts == ()


def test_an_edit_realerts_only_claims_whose_stance_changed(watch):
    old = Item("f", "DSL", "The Data Security Law took effect on September 1, 2021.", guid="4")
    known = KnownItem(7, "f", "4", link_key(""), old.content_hash, old.title, old.text, 1)
    retitled = Item("f", "DSL at four", old.text, guid="4")
    out = run(watch, [retitled], [known], {7: {"dsl_effective": Stance.CORROBORATES}})
    assert [p.alert.kind for p in out.alerts] == [AlertKind.EDIT]
    assert out.deltas["dsl_effective"] == Tally()
    reversed_ = Item("f", "DSL", "The Data Security Law took effect on June 1, 2021.", guid="4")
    out = run(watch, [reversed_], [known], {7: {"dsl_effective": Stance.CORROBORATES}})
    assert [p.alert.kind for p in out.alerts] == [AlertKind.EDIT, AlertKind.VERDICT]
    assert out.deltas["dsl_effective"] == Tally(corroborates=-1, contradicts=1)


def test_unchanged_items_are_dropped(watch):
    item = Item("f", "DSL", "The Data Security Law took effect on September 1, 2021.", guid="5")
    known = KnownItem(8, "f", "5", "", item.content_hash, item.title, item.text, 1)
    out = run(watch, [item], [known])
    assert out.writes == () and out.alerts == ()
