"""Slack rendering of digests: within every Block Kit limit, whatever the feed sends (pure)."""

from datetime import UTC, datetime

import pytest

from bot.render.slack import (
    MUTE_ACTION,
    RELABEL_ACTION,
    LineRef,
    escaped_clip,
    line_block_id,
    parse_line_block_id,
    render_slack,
)
from support.blockkit_limits import BLOCKS_JSON_MAX, blocks_json_length, validate_blocks
from watchers.model import Digest, DigestLine, Label

WHEN = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def line(label=Label.CONTRADICTS, **kw):
    base = dict(
        label=label,
        title="Title",
        link="https://news.example/a",
        evidence="It took effect on June 1, 2021.",
        claim_id="dsl_effective",
        claim_text="The Data Security Law took effect on September 1, 2021.",
        claim_source="seed.txt",
        alias="DSL",
        reason="date-mismatch",
        item_id=7,
    )
    return DigestLine(**{**base, **kw})


def digest(*lines, route="desk"):
    return Digest(route, WHEN, tuple(lines))


def assert_within_limits(messages):
    for m in messages:
        assert validate_blocks(list(m.blocks)) == []
        assert blocks_json_length(list(m.blocks)) <= BLOCKS_JSON_MAX
        assert 0 < len(m.text) < 4000


@pytest.mark.parametrize("filler", ['"', "<", "\\", "\x01", "网"])
def test_worst_case_fields_stay_within_limits_and_nothing_is_dropped(filler):
    huge = filler * 20_000
    lines = [
        line(
            title=f"{i} {huge}",
            evidence=huge,
            claim_text=huge,
            alias=huge,
            reason=huge,
            link="https://x.example/" + "a" * 2500,
            item_id=i,
        )
        for i in range(12)
    ]
    messages = render_slack(digest(*lines, route="r" * 300))
    assert_within_limits(messages)
    assert len(messages[0].blocks[0]["text"]["text"]) <= 150
    refs = [
        parse_line_block_id(b["block_id"])
        for m in messages
        for b in m.blocks
        if b["type"] == "actions"
    ]
    assert [r.item_id for r in refs] == list(range(12))


def test_continued_messages_repeat_the_entity_and_number_their_parts():
    messages = render_slack(digest(*(line(title=f"Item {i}", item_id=i) for i in range(40))))
    assert len(messages) > 1
    assert_within_limits(messages)
    assert messages[1].blocks[0]["text"]["text"] == "*Contradictions* (continued)"
    assert "(part 2 of" in messages[1].text and "• CONTRADICTS: Item" in messages[1].text


def test_buttons_only_where_they_mean_something():
    labelled, _, _ = (
        render_slack(
            Digest(
                "desk",
                WHEN,
                (
                    line(Label.STANDING, item_id=None),
                    line(),
                    line(Label.EDIT, claim_id="", item_id=8),
                ),
            )
        )[0].blocks,
        None,
        None,
    )
    actions = [b for b in labelled if b["type"] == "actions"]
    assert [[e["action_id"] for e in a["elements"]] for a in actions] == [
        [RELABEL_ACTION, MUTE_ACTION],
        [MUTE_ACTION],
    ]
    options = [o["value"] for o in actions[0]["elements"][0]["options"]]
    assert options == ["corroborates", "mentions", "unrelated"]
    assert parse_line_block_id(actions[0]["block_id"]) == LineRef(7, "contradicts", "dsl_effective")
    context = [b for b in labelled if b["type"] == "context"][1]["elements"][0]["text"]
    assert context.startswith("item 7 · ") and "matched “DSL”" in context


def test_block_ids_round_trip_and_others_are_not_lines():
    ref = LineRef(12, "mentions", "claim-with|bar")
    assert parse_line_block_id(line_block_id(3, ref)) == ref
    assert parse_line_block_id("actions") is None
    assert parse_line_block_id("pwline|1|x|mentions|c") is None


def test_escaped_clip_never_leaves_half_an_escape():
    assert escaped_clip("<!here>", 100) == "&lt;!here&gt;"
    assert escaped_clip("a" * 8 + "&", 10) == "aaaaaaaa…"
    assert escaped_clip("abc<def", 6) == "abc…"
