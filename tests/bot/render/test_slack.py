import json

from bot.render.slack import MAX_BLOCKS, escape_mrkdwn, render_slack
from watchers.model import Digest


def mrkdwn_texts(blocks):
    for b in blocks:
        if b.get("type") == "section":
            yield b["text"]["text"]


def test_slack_digest_has_header_badges_links_and_context(digest):
    (message,) = render_slack(digest)
    blocks = message.blocks
    assert blocks[0]["type"] == "header"
    dumped = json.dumps(blocks, ensure_ascii=False)
    assert "CONTRADICTS" in dumped and "CORROBORATES" in dumped
    assert '"type": "link", "url": "https://news.example/a"' in dumped
    assert any(
        b["type"] == "context" and "matched “DSL”" in b["elements"][0]["text"] for b in blocks
    )
    assert message.text


def test_feed_text_never_reaches_mrkdwn(evil_digest):
    (message,) = render_slack(evil_digest)
    for text in mrkdwn_texts(message.blocks):
        assert "<!channel>" not in text and "<@U123>" not in text
    rich = [b for b in message.blocks if b["type"] == "rich_text"]
    elements = rich[0]["elements"][0]["elements"]
    assert {e["type"] for e in elements} <= {"text", "link"}
    assert [e["url"] for e in elements if e["type"] == "link"] == ["https://ok.example/x"]


def test_escape_mrkdwn():
    assert escape_mrkdwn("<!here> & <@U1>") == "&lt;!here&gt; &amp; &lt;@U1&gt;"


def test_long_digest_splits_into_messages_within_block_limit(digest, make_line):
    lines = tuple(make_line(title=f"Item {i}") for i in range(60))
    big = Digest(digest.route_id, digest.created_at, lines)
    messages = render_slack(big)
    assert len(messages) > 1
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    assert "part 2 of" in messages[1].text
    titles = json.dumps([m.blocks for m in messages])
    assert all(f"Item {i}" in titles for i in range(60))
