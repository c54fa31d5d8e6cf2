"""Entries read before: each entry's digest, and which entries are made items again."""

import json

from support.service import rss
from watchers.parser import parse_feed

URL = "https://feeds.example/feed"

FIRST = rss(
    ("a", "Regulator opens a consultation", "<p>Comments are due <b>next month</b>.</p>"),
    ("b", "Ministry names a new director", "The post had been empty since spring."),
)


def _read(body: bytes, seen: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return parse_feed(body, feed_id="f", url=URL, seen=seen)


def test_every_entry_has_a_digest_and_the_same_entry_the_same_one() -> None:
    first = _read(FIRST)
    assert len(first.entries) == 2 and len(set(first.entries)) == 2
    reordered = rss(
        ("b", "Ministry names a new director", "The post had been empty since spring."),
        ("a", "Regulator opens a consultation", "<p>Comments are due <b>next month</b>.</p>"),
    )
    assert _read(reordered).entries == first.entries[::-1]


def test_entries_read_before_are_left_out_and_the_rest_read() -> None:
    seen = _read(FIRST).entries
    changed = rss(
        ("a", "Regulator opens a consultation", "<p>Comments are due <b>next month</b>.</p>"),
        ("b", "Ministry names a new director", "The post had been empty since the spring."),
        ("c", "Court hears the first appeal", "A hearing is set for Monday."),
    )
    again = _read(changed, seen)
    assert [i.guid for i in again.items] == ["b", "c"]
    assert len(again.entries) == 3 and again.entries[0] == seen[0]
    assert _read(FIRST, seen).items == ()


def test_digest_follows_what_the_item_is_made_from() -> None:
    """The feed's URL resolves links and its language is the items': both count."""
    entries = _read(FIRST).entries
    elsewhere = parse_feed(FIRST, feed_id="f", url="https://other.example/feed").entries
    german = parse_feed(FIRST, feed_id="f", url=URL, language="de").entries
    assert not set(entries) & set(elsewhere) and not set(entries) & set(german)


def test_copies_of_one_article_are_read_together() -> None:
    """Two entries with one guid are de-duplicated together, so neither is left out."""
    twice = rss(
        ("a", "Regulator opens a consultation", "<p>Comments are due <b>next month</b>.</p>"),
        ("a", "Regulator opens a consultation (updated)", "Comments are due in May."),
    )
    again = _read(twice, _read(FIRST).entries)
    assert [i.title for i in again.items] == [
        "Regulator opens a consultation",
        "Regulator opens a consultation (updated)",
    ]


def test_json_feed_entries_are_left_out_the_same_way() -> None:
    def doc(*texts: str) -> bytes:
        items = [
            {"id": str(n), "title": f"Notice {n}", "content_text": t} for n, t in enumerate(texts)
        ]
        return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()

    seen = _read(doc("One rule.", "Another rule.")).entries
    again = _read(doc("One rule.", "Another rule, amended.", "A third rule."), seen)
    assert [i.guid for i in again.items] == ["1", "2"]
