"""Reading the evidence on claims for the claims page, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from watchers.decide import Analysed, PollOutcome
from watchers.dedupe import classify
from watchers.model import FeedSpec, FeedState, Item, Mention, Stance, Verdict
from watchers.storage.adminlog import add_feedback
from watchers.storage.evidence import Correction

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
CAC = (Mention("cac", "CAC", 0, 3, "title"),)


def poll(store, items_and_verdicts, at, known=()):
    """Store items with their verdicts (claim, stance) as one poll would, at ``at``."""
    items = [item for item, _ in items_and_verdicts]
    writes = tuple(
        Analysed(c, CAC, tuple(Verdict(cl, st, 0.8, f"{c.item.title}.", "rule") for cl, st in v))
        for c, (_, v) in zip(classify(items, known), items_and_verdicts, strict=True)
    )
    store.apply_poll(PollOutcome(FeedState("f1", last_success=at), writes), at)


def item(guid, title, published=None):
    return Item(
        "f1", title, "text", guid=guid, link=f"https://n.example/{guid}", published=published
    )


def test_evidence_newest_first_by_claim_current_versions_only(store):
    store.sync_feeds([FeedSpec("f1", "https://example.org/f1.xml")])
    first = item("g1", "CAC turns fifteen", published=NOW - timedelta(days=400))
    poll(store, [(first, [("c1", Stance.CORROBORATES), ("c2", Stance.MENTIONS)])], NOW)
    later = NOW + timedelta(hours=1)
    poll(
        store,
        [
            (item("g2", "CAC denies it"), [("c1", Stance.CONTRADICTS)]),
            (item("g3", "Unrelated story"), [("c1", Stance.UNRELATED)]),
        ],
        later,
    )
    rows = store.evidence_on(["c1", "c2"])
    assert [(r.claim_id, r.title, r.stance) for r in rows] == [
        ("c1", "CAC denies it", Stance.CONTRADICTS),
        ("c1", "CAC turns fifteen", Stance.CORROBORATES),
        ("c2", "CAC turns fifteen", Stance.MENTIONS),
    ]
    assert rows[0].when == later and rows[1].when == first.published  # published wins
    assert [r.title for r in store.evidence_on(["c1"], per_claim=1)] == ["CAC denies it"]
    assert [r.title for r in store.evidence_on(["c1"], [Stance.CORROBORATES])] == [
        "CAC turns fifteen"
    ]
    counts = store.evidence_counts(["c1", "c2", "c3"])
    assert counts == {
        "c1": {Stance.CONTRADICTS: 1, Stance.CORROBORATES: 1},
        "c2": {Stance.MENTIONS: 1},
    }

    # An edit labels the item again: only its current version's label is evidence.
    known = store.known_items([first])
    edited = item("g1", "CAC turns fifteen, officials deny", published=first.published)
    poll(store, [(edited, [("c1", Stance.CONTRADICTS)])], later + timedelta(hours=1), known)
    assert [(r.title, r.stance) for r in store.evidence_on(["c1"])] == [
        ("CAC turns fifteen, officials deny", Stance.CONTRADICTS),
        ("CAC denies it", Stance.CONTRADICTS),
    ]


def test_evidence_carries_the_corrections_people_made(store):
    store.sync_feeds([FeedSpec("f1", "https://example.org/f1.xml")])
    poll(
        store,
        [(item("g1", "CAC news"), [("c1", Stance.CONTRADICTS), ("c2", Stance.MENTIONS)])],
        NOW,
    )
    (row,) = store.evidence_on(["c1"])
    for actor, label in (("slack:U1", "mentions"), ("matrix:@a:x", "corroborates")):
        add_feedback(
            store, NOW, actor, row.item_id, claim_id="c1", correct_label=label, action="relabel"
        )
    add_feedback(store, NOW, "slack:U2", row.item_id, action="mute")
    (again,) = store.evidence_on(["c1"])
    assert again.corrections == (
        Correction("slack:U1", "mentions"),
        Correction("matrix:@a:x", "corroborates"),
    )
    assert store.evidence_on(["c2"])[0].corrections == ()
