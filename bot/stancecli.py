"""``policywatch stance``: label (item, claim) pairs given as JSON lines.

Claims are plain sentences, so their structure is derived exactly as for
claims added by an admin. The benchmark under ``bench/`` goes through
``label_records`` too, so what it measures is what this command does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from cachetools import LRUCache

from bot.jsonl import InputError, read_jsonl
from watchers.config.file import load_config
from watchers.facts import derive_claim
from watchers.feeddates import parse_loose_date
from watchers.matcher import Matcher
from watchers.model import Claim, Entity, Item, SourceRef, Stance, Verdict
from watchers.stance import ItemReading, Labeller
from watchers.stance.base import StanceModel

BATCH = 4096
# Items whose reading is kept between batches: a pairs file sets one item against many
# claims, in any order, and reading the item is most of the cost of a pair.
READ_ITEMS = 2048


def claims_from(records: Iterable[Mapping[str, Any]], matcher: Matcher) -> dict[str, Claim]:
    out: dict[str, Claim] = {}
    for r in records:
        claim = Claim(str(r["id"]), str(r["text"]), (), SourceRef(article="input"))
        out[claim.id] = derive_claim(claim, matcher)
    return out


def items_from(records: Iterable[Mapping[str, Any]]) -> dict[str, Item]:
    """Items by id. ``published`` is read as well as it can be (partial, approximate or
    worded dates too, see :func:`~watchers.feeddates.parse_loose_date`); a value that
    holds no date leaves the item undated."""
    out: dict[str, Item] = {}
    for r in records:
        out[str(r["id"])] = Item(
            feed_id="input",
            title=str(r.get("title") or ""),
            text=str(r.get("text") or ""),
            guid=str(r["id"]),
            published=_published(r.get("published")),
        )
    return out


def _published(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return parse_loose_date(str(value))


def label_records(
    labeller: Labeller,
    claims: Mapping[str, Claim],
    items: Mapping[str, Item],
    pairs: Sequence[tuple[str, str]] | None,
    matcher: Matcher,
) -> Iterator[tuple[str, Verdict]]:
    """(item id, verdict) for every given pair, or for every related pair found."""
    if pairs is None:
        for item_id, item in items.items():
            mentions = matcher.find_in_item(item)
            for verdict in labeller.label_item(item, mentions):
                yield item_id, verdict
        return
    reads: LRUCache[Item, ItemReading] = LRUCache(maxsize=READ_ITEMS)
    for start in range(0, len(pairs), BATCH):
        batch = pairs[start : start + BATCH]
        labelled = labeller.label_pairs([(items[i], claims[c]) for i, c in batch], reads)
        for (item_id, _), verdict in zip(batch, labelled, strict=True):
            yield item_id, verdict


def label_texts(
    claim_texts: Mapping[str, str],
    items: Mapping[str, Item],
    pairs: Sequence[tuple[str, str]] | None,
    entities: Sequence[Entity],
    model: StanceModel | None,
) -> Iterator[tuple[str, Verdict]]:
    """The labelling behind ``policywatch stance``: rules first, then the model.

    Claims are plain sentences whose structure is derived here, as for claims an
    admin adds; ``pairs`` are (item id, claim id), or None for every related pair.
    """
    matcher = Matcher.build(entities)
    claims = claims_from(({"id": k, "text": v} for k, v in claim_texts.items()), matcher)
    labeller = Labeller(list(claims.values()), matcher, model, today=dt.date.today())
    return label_records(labeller, claims, items, pairs, matcher)


def run_stance(
    *,
    claims: Path,
    items: Path,
    pairs: Path | None,
    config: Path,
    use_model: bool,
    out: TextIO,
    model: StanceModel | None = None,
) -> None:
    entities = load_config(config).entities
    claim_texts = {
        str(r["id"]): str(r["text"]) for r in read_jsonl(claims, ("id", "text"), ("text",))
    }
    item_map = items_from(read_jsonl(items, ("id", "text"), ("title", "text")))
    pair_list = None
    if pairs is not None:
        pair_list = [
            (str(r["item_id"]), str(r["claim_id"]))
            for r in read_jsonl(pairs, ("item_id", "claim_id"))
        ]
        _check_refs(pair_list, item_map, claim_texts, pairs)
    if model is None and use_model:
        from bot.app import load_model

        model = load_model()
    for item_id, v in label_texts(claim_texts, item_map, pair_list, entities, model):
        out.write(json.dumps(_record(item_id, v), ensure_ascii=False) + "\n")


def _check_refs(
    pairs: Sequence[tuple[str, str]],
    items: Mapping[str, Item],
    claims: Mapping[str, str],
    path: Path,
) -> None:
    for number, (item_id, claim_id) in enumerate(pairs, start=1):
        if item_id not in items:
            raise InputError(f"{path}:{number}: unknown item_id {item_id!r}")
        if claim_id not in claims:
            raise InputError(f"{path}:{number}: unknown claim_id {claim_id!r}")


def _record(item_id: str, v: Verdict) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "claim_id": v.claim_id,
        "stance": Stance(v.stance).value,
        "score": round(v.score, 4),
        "evidence": v.evidence,
        "reason": v.reason,
    }
