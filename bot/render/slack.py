"""Slack Block Kit messages for a digest.

Feed text never goes through mrkdwn: titles, evidence and claims travel in
``rich_text`` elements and ``plain_text`` objects, which Slack shows literally,
so ``<!channel>``, ``<@U123>`` or ``*bold*`` in a feed pings and formats nothing.
A digest that does not fit one message continues in more messages, which the
sender posts in the first one's thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.render.common import BADGES, EMOJI, claim_ref, heading, why
from watchers.model import Digest, DigestLine

MAX_BLOCKS = 50
HEADER_CHARS = 150
CONTEXT_CHARS = 2000
RICH_TEXT_CHARS = 2900
FALLBACK_CHARS = 3000


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification / accessibility fallback
    blocks: tuple[dict[str, Any], ...]


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, visibly."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters, escaped as its docs require."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_slack(digest: Digest) -> list[SlackMessage]:
    """One or more messages; each stays within Slack's block and text limits."""
    chunks: list[list[dict[str, Any]]] = [[_header(heading(digest))]]
    for group in digest.groups:
        blocks = [_plain_section(f"*{group.entity_name}*")]
        for line in group.lines:
            blocks.extend(_line_blocks(line))
        for block in blocks:
            if len(chunks[-1]) >= MAX_BLOCKS:
                chunks.append([])
            chunks[-1].append(block)
    total = len(chunks)
    title = heading(digest)
    return [
        SlackMessage(
            clip(title if i == 0 else f"{title} (part {i + 1} of {total})", FALLBACK_CHARS),
            tuple(blocks),
        )
        for i, blocks in enumerate(chunks)
    ]


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_CHARS)}}


def _plain_section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": escape_mrkdwn(mrkdwn)}}


def _line_blocks(line: DigestLine) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = [
        {
            "type": "text",
            "text": f"{EMOJI[line.label]} {BADGES[line.label]}  ",
            "style": {"bold": True},
        }
    ]
    title = clip(line.title or "(untitled)", 1000)
    if line.link.startswith(("https://", "http://")):
        elements.append({"type": "link", "url": clip(line.link, 3000), "text": title})
    else:
        elements.append({"type": "text", "text": title})
    if line.evidence:
        elements.append(
            {
                "type": "text",
                "text": "\n“" + clip(line.evidence, 900) + "”",
                "style": {"italic": True},
            }
        )
    if ref := claim_ref(line):
        elements.append({"type": "text", "text": "\n" + clip(ref, 800)})
    blocks: list[dict[str, Any]] = [
        {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": elements}]}
    ]
    if w := why(line):
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "plain_text", "text": clip(w, CONTEXT_CHARS)}],
            }
        )
    return blocks
