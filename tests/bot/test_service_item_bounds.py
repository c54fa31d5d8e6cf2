"""Huge items beside normal feeds: each is read only as far as its excerpt, and the normal
feeds are polled and stored all the same (feeds served on 127.0.0.1, a real SQLite file)."""

from __future__ import annotations

from sqlalchemy import select

from support.service import rss
from watchers.extent import SCAN_CHARS, TEXT_CHARS, TITLE_CHARS
from watchers.model import AlertKind, Stance
from watchers.storage import tables

NAMED = "The Data Security Law came up again at a provincial briefing on grain logistics."
FILLER = "Port officials counted container traffic for the third week in a row. "
DATED = "The Data Security Law took effect on March 1, 2022."
BODY_LIMIT = 5_000_000
"""The default ``settings.fetch.max_bytes``, which a feed document stays under."""


def normal_feeds(feed_server) -> dict[str, str]:
    return {
        f"normal{n}": feed_server.serve(
            f"/normal{n}.xml",
            rss(
                (f"n{n}a", f"Regulators meet, round {n}", "The CAC in China met platform firms."),
                (
                    f"n{n}b",
                    f"Anniversary, round {n}",
                    "The Data Security Law took effect on September 1, 2021.",
                ),
            ),
        )
        for n in range(3)
    }


def big_item(dated_at: int) -> bytes:
    """A feed of one item (guid "big") of some 4.9 MB: a sentence naming the law first, and
    a sentence dating it that contradicts the claim ``dated_at`` characters in."""
    size = BODY_LIMIT - 100_000
    before = FILLER * ((dated_at - len(NAMED)) // len(FILLER))
    after = FILLER * ((size - dated_at) // len(FILLER))
    return rss(("big", "A long report", f"{NAMED} {before}{DATED} {after}"))


def item_id(h, guid: str) -> int:
    with h.store.engine.connect() as c:
        return c.execute(select(tables.items.c.id).where(tables.items.c.guid == guid)).scalar_one()


def stored_mentions(h, guid: str) -> list[tuple[str, str, int, int]]:
    m = tables.mentions
    with h.store.engine.connect() as c:
        rows = c.execute(
            select(m.c.entity_id, m.c.field, m.c.start, m.c.end).where(
                m.c.item_id == item_id(h, guid)
            )
        ).all()
    return [tuple(r) for r in rows]


def alerts_about(h, title: str) -> list:
    return [a.alert for a in h.store.alerts_after(0) if a.alert.title == title]


def assert_normal_feeds_stored(h, reports) -> None:
    for n in range(3):
        assert reports[f"normal{n}"].status == "updated" and reports[f"normal{n}"].new == 2
        stances = {a.stance for a in alerts_about(h, f"Anniversary, round {n}")}
        assert stances == {Stance.CORROBORATES}
        assert item_id(h, f"n{n}a") and item_id(h, f"n{n}b")


def test_a_huge_item_is_labelled_from_its_excerpt_and_the_other_feeds_are_polled(
    feed_server, harness_factory
):
    # The dated sentence lies past the first TEXT_CHARS characters, among the later
    # sentences naming the law that are read.
    feeds = {"big": feed_server.serve("/big.xml", big_item(dated_at=3 * TEXT_CHARS))}
    feeds |= normal_feeds(feed_server)
    h = harness_factory(feeds)
    reports = {r.feed_id: r for r in h.service.run_once()}
    assert_normal_feeds_stored(h, reports)
    assert reports["big"].status == "updated" and reports["big"].new == 1
    (stored,) = h.store.items_by_id([item_id(h, "big")]).values()
    assert len(stored.text) > BODY_LIMIT - 200_000  # stored whole, read in part
    (verdict,) = [a for a in alerts_about(h, "A long report") if a.stance]
    assert verdict.stance is Stance.CONTRADICTS and verdict.evidence == DATED
    mentions = stored_mentions(h, "big")
    assert len(mentions) == 2 and all(end <= SCAN_CHARS for _, _, _, end in mentions)


def test_an_item_dated_past_the_scan_only_mentions_the_claim(feed_server, harness_factory):
    feeds = {"far": feed_server.serve("/far.xml", big_item(dated_at=3 * SCAN_CHARS))}
    feeds |= normal_feeds(feed_server)
    h = harness_factory(feeds)
    reports = {r.feed_id: r for r in h.service.run_once()}
    assert_normal_feeds_stored(h, reports)
    alerts = alerts_about(h, "A long report")
    assert [a.kind for a in alerts] == [AlertKind.MENTION]
    assert alerts[0].evidence == NAMED
    assert stored_mentions(h, "big") == [("data_security_law", "text", 4, 21)]


def test_a_feed_of_5000_entries_and_a_100_kb_title_do_not_stop_the_normal_feeds(
    feed_server, harness_factory
):
    many = rss(
        *((f"m{i}", f"Entry {i}", f"Notice {i}: the CAC in China met.") for i in range(5000))
    )
    title = "The CAC in China " + "and the grain harvest " * 4600 + "the Data Security Law"
    feeds = {
        "many": feed_server.serve("/many.xml", many),
        "titled": feed_server.serve("/titled.xml", rss(("t1", title, "A short text."))),
        **normal_feeds(feed_server),
    }
    h = harness_factory(feeds)
    reports = {r.feed_id: r for r in h.service.run_once()}
    assert_normal_feeds_stored(h, reports)
    assert reports["many"].status == "updated" and reports["many"].new == 5000
    assert item_id(h, "m4999")
    assert len(title) > 100_000
    mentions = stored_mentions(h, "t1")
    assert [(e, f) for e, f, _, _ in mentions] == [("cac", "title")]
    assert all(end <= TITLE_CHARS for _, _, _, end in mentions)
