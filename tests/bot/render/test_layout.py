"""Every renderer shows a digest in one order: header with counts, standing changes,
contradictions and corroborations with evidence, edits, then mentions one line each."""

import json
from datetime import UTC, datetime

import pytest

from bot.render.matrix import render_matrix
from bot.render.slack import render_slack
from bot.render.text import render_text
from watchers.model import Digest, DigestLine, Label

WHEN = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def lines() -> tuple[DigestLine, ...]:
    return (
        DigestLine(Label.STANDING, "Claim sentence", claim_id="c1", detail="now contested"),
        DigestLine(
            Label.CONTRADICTS, "Against it", "https://a.example/1", "Wire", "Said otherwise."
        ),
        DigestLine(Label.CORROBORATES, "For it", "https://a.example/2", "Wire", "Said so."),
        DigestLine(
            Label.MENTIONS,
            "Named here",
            "https://a.example/3",
            "Gazette",
            also_in=("Other wire",),
        ),
        DigestLine(Label.MENTIONS, "Issue 14 contents", "https://a.example/4", "Gazette", folded=5),
    )


def texts() -> dict[str, str]:
    digest = Digest("desk", WHEN, lines(), more=(lines()[3],))
    return {
        "text": render_text(digest),
        "matrix-html": render_matrix(digest)["formatted_body"],
        "matrix-body": render_matrix(digest)["body"],
        "slack": json.dumps([m.blocks for m in render_slack(digest)], ensure_ascii=False),
    }


@pytest.mark.parametrize("kind", ["text", "matrix-html", "matrix-body", "slack"])
def test_the_same_order_everywhere(kind: str) -> None:
    out = texts()[kind]
    order = ["Claim sentence", "Against it", "For it", "Named here", "Issue 14 contents"]
    positions = [out.index(t) for t in order]
    assert positions == sorted(positions)
    assert out.index("Claims whose standing changed") < out.index("Claim sentence")
    assert out.index("Mentions") < out.index("Named here")


def test_header_counts_labels_and_what_is_left_out() -> None:
    header = texts()["text"].splitlines()[0]
    assert header == (
        "policywatch digest · desk · 2026-11-22 09:00 UTC · 1 standing change"
        " · 1 contradiction · 1 corroboration · 2 mentions · 1 more with “digest more desk”"
    )


def test_mentions_are_one_line_each_with_source_copies_and_folds() -> None:
    out = texts()["text"]
    assert "  • Named here — Gazette (also in Other wire) <https://a.example/3>\n" in out
    assert "  • Issue 14 contents — Gazette · and 4 similar items from it <" in out
    assert "Said so." in out and "Said otherwise." in out  # evidence for labels only
