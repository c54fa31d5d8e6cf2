"""A digest line links its claim's page in every format, and only to a web address."""

from datetime import UTC, datetime

from bot.render.matrix import render_matrix
from bot.render.slack import render_slack
from bot.render.text import render_text
from watchers.model import Digest

PAGE = "https://watch.example.org/claims/dsl_effective"


def digest_of(line):
    return Digest("desk", datetime(2026, 11, 22, 9, 0, tzinfo=UTC), (line,))


def slack_links(digest):
    (message,) = render_slack(digest)
    return [
        e["url"]
        for block in message.blocks
        if block["type"] == "rich_text"
        for section in block["elements"]
        for e in section["elements"]
        if e["type"] == "link"
    ]


def test_the_claim_page_is_linked_in_text_slack_and_matrix(make_line):
    digest = digest_of(make_line(claim_link=PAGE))
    assert "claim dsl_effective: “The Data Security Law" in render_text(digest)
    assert f"(source: 002_bada2d1eba9f2444.txt) <{PAGE}>" in render_text(digest)
    assert slack_links(digest) == ["https://news.example/a", PAGE]
    assert f'<a href="{PAGE}">claim page</a>' in render_matrix(digest)["formatted_body"]


def test_no_page_no_link_and_never_a_script_link(make_line):
    for link in ("", "javascript:alert(1)"):
        digest = digest_of(make_line(claim_link=link))
        assert slack_links(digest) == ["https://news.example/a"]
        assert "claim page" not in render_matrix(digest)["formatted_body"]
