from datetime import UTC, datetime

import pytest

from watchers.dedupe import Change, KnownItem, classify, link_key
from watchers.model import Item


def item(feed="f", guid="", link="", title="T", text="body", updated=None):
    return Item(feed_id=feed, title=title, text=text, guid=guid, link=link, updated=updated)


def known(i, it, id_=1, version=1):
    return KnownItem(
        id_, it.feed_id, it.guid, link_key(it.link), it.content_hash, it.title, it.text, version
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://x.org/a?utm_source=rss&id=3", "https://X.org/a/?id=3"),
        ("https://x.org/a#comments", "https://x.org/a"),
        ("https://x.org/a?b=2&a=1", "https://x.org/a?a=1&b=2"),
    ],
)
def test_link_key_ignores_tracking_fragments_and_order(a, b):
    assert link_key(a) == link_key(b)


def test_link_key_keeps_real_differences():
    assert link_key("https://x.org/a?id=3") != link_key("https://x.org/a?id=4")
    assert link_key("") == ""


def test_new_unchanged_and_edited_by_guid():
    old = item(guid="g1", title="Old title")
    stored = [known(0, old)]
    same = item(guid="g1", title="Old title")
    edited = item(guid="g1", title="New title")
    fresh = item(guid="g2", title="Other")
    out = classify([same, fresh], stored)
    assert [c.change for c in out] == [Change.UNCHANGED, Change.NEW]
    out = classify([edited], stored)
    assert out[0].change is Change.EDITED and out[0].known.id == 1


def test_guid_is_per_feed_but_link_and_content_are_global():
    a = item(feed="a", guid="1", link="https://n.cn/x", title="Same")
    stored = [known(0, a)]
    other_feed_same_guid = item(feed="b", guid="1", link="https://n.cn/y", title="Different")
    assert classify([other_feed_same_guid], stored)[0].change is Change.NEW
    same_link_elsewhere = item(
        feed="b", guid="9", link="https://n.cn/x?utm_medium=rss", title="Same"
    )
    assert classify([same_link_elsewhere], stored)[0].change is Change.UNCHANGED
    same_content_no_ids = item(feed="c", title="Same")
    assert classify([same_content_no_ids], stored)[0].change is Change.UNCHANGED


def test_whitespace_only_changes_are_not_edits():
    a = item(guid="g", title="A  title", text="Body\n text")
    b = item(guid="g", title="A title ", text="Body text")
    assert classify([b], [known(0, a)])[0].change is Change.UNCHANGED


def test_duplicates_in_one_document_collapse_to_the_newest_copy():
    early = item(guid="g", title="first", updated=datetime(2024, 1, 1, tzinfo=UTC))
    late = item(guid="g", title="second", updated=datetime(2024, 1, 2, tzinfo=UTC))
    out = classify([late, early], [])
    assert len(out) == 1
    assert out[0].change is Change.NEW and out[0].item.title == "second"
