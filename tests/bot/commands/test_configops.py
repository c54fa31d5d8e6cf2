"""Config operations on parsed documents: pure values in, values out."""

import pytest

from bot.commands.configops import ConfigOp, apply_op, record_text
from bot.commands.newids import claim_id_for, feed_id_for, ids_in, slug
from watchers.errors import CommandError

DOCS = {
    "entities.yaml": {"entities": [{"id": "cac", "kind": "body", "name_en": "CAC"}]},
    "claims.yaml": {"claims": [{"id": "c1", "text": "A claim.", "source": {"article": "a"}}]},
    "feeds.yaml": {"feeds": [{"id": "wire", "url": "https://example.org/w.xml"}]},
    "routes.yaml": None,
}


def test_each_operation_changes_one_record_and_leaves_the_input_alone():
    original = repr(DOCS)
    change = apply_op(DOCS, ConfigOp("feed.interval", {"id": "wire", "interval": "10m"}))
    assert change.file == "feeds.yaml"
    assert change.before == {"id": "wire", "url": "https://example.org/w.xml"}
    assert change.after == {**change.before, "interval": "10m"}
    assert change.documents["feeds.yaml"]["feeds"] == [change.after]
    assert repr(DOCS) == original


@pytest.mark.parametrize(
    ("op", "file", "records"),
    [
        (
            ConfigOp("feed.add", {"id": "b", "url": "https://b.example/rss", "interval": ""}),
            "feeds.yaml",
            [
                {"id": "wire", "url": "https://example.org/w.xml"},
                {"id": "b", "url": "https://b.example/rss"},
            ],
        ),
        (ConfigOp("feed.remove", {"id": "wire"}), "feeds.yaml", []),
        (
            ConfigOp("alias.add", {"entity": "cac", "alias": "网信办"}),
            "entities.yaml",
            [{"id": "cac", "kind": "body", "name_en": "CAC", "aliases": ["网信办"]}],
        ),
        (
            ConfigOp("claim.retire", {"id": "c1"}),
            "claims.yaml",
            [{"id": "c1", "text": "A claim.", "source": {"article": "a"}, "retired": True}],
        ),
        (
            ConfigOp(
                "route.add",
                {"id": "r", "destination": "console", "schedule": "1h", "entities": ["cac"]},
            ),
            "routes.yaml",
            [{"id": "r", "destination": "console", "schedule": "1h", "entities": ["cac"]}],
        ),
    ],
)
def test_operations(op, file, records):
    documents = apply_op(DOCS, op).documents
    assert documents[file][file.removesuffix(".yaml")] == records


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (ConfigOp("feed.remove", {"id": "nope"}), "there is no feed 'nope' (known: wire)"),
        (ConfigOp("feed.add", {"id": "wire", "url": "https://x.example"}), "exists already"),
        (
            ConfigOp("feed.add", {"id": "x", "url": "https://example.org/w.xml"}),
            "watched already, as feed 'wire'",
        ),
        (ConfigOp("claim.retire", {"id": "c9"}), "there is no claim 'c9'"),
        (ConfigOp("route.remove", {"id": "r"}), "there is no route 'r' (known: none)"),
        (ConfigOp("feed.interval", {"id": "wire"}), "missing or has a wrong argument"),
    ],
)
def test_operations_that_cannot_apply_say_why(op, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        apply_op(DOCS, op)


def test_retiring_twice_and_the_same_alias_twice_are_refused():
    retired = apply_op(DOCS, ConfigOp("claim.retire", {"id": "c1"})).documents
    with pytest.raises(CommandError, match="retired already"):
        apply_op(retired, ConfigOp("claim.retire", {"id": "c1"}))
    aliased = apply_op(DOCS, ConfigOp("alias.add", {"entity": "cac", "alias": "X"})).documents
    with pytest.raises(CommandError, match="alias of 'cac' already"):
        apply_op(aliased, ConfigOp("alias.add", {"entity": "cac", "alias": "X"}))


def test_operations_round_trip_through_json_and_describe_themselves():
    op = ConfigOp("feed.add", {"id": "b", "url": "https://b.example/rss", "interval": "5m"})
    assert ConfigOp.from_json(op.to_json()) == op
    assert op.describe() == "feed add https://b.example/rss every 5m as b"
    with pytest.raises(CommandError):
        ConfigOp.from_json({"op": "feed.explode", "args": {}})
    with pytest.raises(CommandError):
        ConfigOp.from_json({"op": "feed.add", "args": "b"})


def test_ids_for_new_records():
    assert slug("The Data Security Law!") == "the-data-security-law"
    assert feed_id_for("https://www.example.org/news/rss.xml", set()) == "example-org-news-rss"
    assert feed_id_for("https://example.org/feed", {"example-org-feed"}) == "example-org-feed-2"
    assert claim_id_for("The CAC was established in 2011.", set()) == "cac-established-2011"
    assert claim_id_for("网信办成立于2011年。", set()) == "2011"
    assert claim_id_for("数据安全法。", {"claim"}) == "claim-2"
    assert ids_in(DOCS, "feeds.yaml") == {"wire"} and ids_in(DOCS, "routes.yaml") == set()


def test_record_text_is_yaml():
    assert record_text(None) == ""
    assert record_text({"id": "b", "name_zh": "网信办"}) == "id: b\nname_zh: 网信办"
