"""A feed whose document changes: entries read before are not read again, and the
changes among them (an edit, an edit undone) are still found."""

from datetime import timedelta

from support.service import rss
from watchers.model import AlertKind

ONE = ("g1", "Data Security Law anniversary", "The Data Security Law took effect in 2021.")
TWO = ("g2", "网信办 issues new rules", "The CAC published draft rules on Monday.")
TWO_EDITED = ("g2", "网信办 issues new rules", "The CAC published final rules on Monday.")
THREE = ("g3", "Court hears an appeal", "A hearing on the Data Security Law is set.")


def test_unchanged_entries_are_skipped_and_edits_found(feed_server, harness_factory):
    url = feed_server.serve("/f.xml", rss(ONE, TWO))
    h = harness_factory({"f": url})
    (first,) = h.service.poll_due()
    assert first.new == 2
    digests = h.store.feed_state("f").entry_digests.split()
    assert len(digests) == 2

    feed_server.serve("/f.xml", rss(ONE, TWO_EDITED, THREE))
    h.advance(timedelta(minutes=6))
    (second,) = h.service.poll_due()
    assert (second.new, second.edited) == (1, 1)
    now = h.store.feed_state("f").entry_digests.split()
    assert len(now) == 3 and now[0] == digests[0] and now[1] != digests[1]

    # The edit undone: the first text is not among the last document's entries, so it
    # is read, and found an edit of the stored item again.
    feed_server.serve("/f.xml", rss(ONE, TWO, THREE))
    h.advance(timedelta(minutes=6))
    (third,) = h.service.poll_due()
    assert (third.new, third.edited) == (0, 1)
    edits = [a.alert for a in h.store.alerts_after(0) if a.alert.kind is AlertKind.EDIT]
    assert len(edits) == 2


def test_a_new_address_reads_every_entry_again(feed_server, harness_factory, tmp_path):
    url = feed_server.serve("/f.xml", rss(ONE, TWO))
    h = harness_factory({"f": url})
    h.service.poll_due()
    assert h.store.feed_state("f").entry_digests
    h.store.sync_feeds([h.service.watch.feeds["f"].__class__("f", url + "?moved")])
    assert h.store.feed_state("f").entry_digests == ""
