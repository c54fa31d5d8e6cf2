"""Feed fixtures beside what must come out of them: parse, match and label, end to end.

Each ``fixtures/pipeline/NAME.*.xml`` has a ``NAME.expected.yaml`` listing, per item
guid, the entities it must mention and the labels some claims must get, with the
bundled entities and claims and the shipped model.
"""

import gzip
from pathlib import Path

import pytest
import yaml

from watchers.config.file import bundled_config_dir, load_config
from watchers.decide import find_mentions
from watchers.errors import FeedParseError
from watchers.model import Stance
from watchers.parser import parse_feed
from watchers.stance.model import load_default_model
from watchers.watch import Watch

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline"
CASES = sorted(FIXTURES.glob("*.xml"))


@pytest.fixture(scope="module")
def watch():
    return Watch.build(load_config(bundled_config_dir()), load_default_model())


def expected_for(feed: Path) -> dict:
    name = feed.name.split(".")[0]
    stem = feed.name.removesuffix(".xml").removesuffix(".rss")
    path = FIXTURES / f"{stem}.expected.yaml"
    if not path.exists():
        path = FIXTURES / f"{name}.expected.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize("feed", CASES, ids=[c.name for c in CASES])
def test_fixture_feed(feed, watch):
    parsed = parse_feed(feed.read_bytes(), feed_id="fixture", url=feed.as_uri())
    expected = expected_for(feed)
    items = {item.guid: item for item in parsed.items}
    assert set(items) == set(expected)
    for guid, want in expected.items():
        item = items[guid]
        mentions = find_mentions(watch, item)
        assert {m.entity_id for m in mentions} >= set(want["mentions"]), guid
        if not want["mentions"]:
            assert mentions == (), guid
        verdicts = {v.claim_id: v for v in watch.labeller.label_item(item, mentions)}
        for claim_id, stance in want["labels"].items():
            assert verdicts[claim_id].stance == stance, (guid, claim_id, verdicts[claim_id])
            assert verdicts[claim_id].evidence, (guid, claim_id)


SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets"
REAL_FEEDS = sorted((SHARED / "real-feeds").rglob("*.*")) if SHARED.exists() else []
REAL_FEEDS = [p for p in REAL_FEEDS if p.suffix in {".xml", ".json", ".gz", ".html"}]


@pytest.mark.skipif(not REAL_FEEDS, reason="shared real feeds not present")
@pytest.mark.parametrize("feed", REAL_FEEDS, ids=[p.name for p in REAL_FEEDS])
def test_real_feeds_run_through_parse_match_and_label(feed, watch):
    body = feed.read_bytes()
    if feed.suffix == ".gz":
        body = gzip.decompress(body)
    try:
        parsed = parse_feed(body, feed_id="real", url=feed.as_uri())
    except FeedParseError:
        return  # not a feed: rejected with a clear error, which the parser tests pin
    for item in parsed.items:
        mentions = find_mentions(watch, item)
        for m in mentions:
            text = item.title if m.field == "title" else item.text
            assert 0 <= m.start < m.end <= len(text)
        for verdict in watch.labeller.label_item(item, mentions):
            assert verdict.stance in (Stance.CORROBORATES, Stance.CONTRADICTS, Stance.MENTIONS)
            assert verdict.reason
