"""Slack Block Kit messages for a digest.

Feed text never goes through mrkdwn: titles, evidence and claims travel in
``rich_text`` elements and ``plain_text`` objects, which Slack shows literally,
so ``<!channel>``, ``<@U123>`` or ``*bold*`` in a feed pings and formats nothing.
The one mrkdwn field (an entity's name) and every message's plain ``text``
fallback, which Slack parses for mentions too, are escaped.

A digest that does not fit one message (50 blocks, and about 12,000 characters of
blocks JSON, which Slack enforces as ``msg_blocks_too_long``) continues in more
messages, which the sender posts in the first one's thread. Lines are never cut
between messages and nothing is dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.render.common import (
    BADGES,
    EMOJI,
    SECTIONS,
    claim_ref,
    clip,
    heading,
    sections,
    where_ran,
    why,
)
from watchers.model import Digest, DigestLine, Label, Stance

MAX_BLOCKS = 50
# Slack's undocumented bound on a message's blocks is near 12,000 characters of JSON;
# staying well under it leaves room for how Slack itself counts.
BLOCKS_JSON_BUDGET = 11_000
# Per-field limits, chosen so that one line (with its entity's name and the header)
# always fits the budget even if every character doubles in JSON (``"`` and ``\``).
HEADER_CHARS = 150
ENTITY_CHARS = 300
TITLE_CHARS = 800
EVIDENCE_CHARS = 700
CLAIM_CHARS = 600
CONTEXT_CHARS = 600
LINK_CHARS = 2000
FALLBACK_CHARS = 3000

RELABEL_ACTION = "policywatch_relabel"
MUTE_ACTION = "policywatch_mute"
LINE_BLOCK_PREFIX = "pwline"
STANCE_LABELS = (Label.CONTRADICTS, Label.CORROBORATES, Label.MENTIONS)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A link Slack will take as it is: http(s), no spaces, quotes or angle brackets.
_SAFE_LINK = re.compile(r'https?://[^\s"\\<>|]+')
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification / accessibility fallback, escaped
    blocks: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class LineRef:
    """What a digest line's buttons are about, as carried in its actions block's id."""

    item_id: int
    label: str
    claim_id: str


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters, escaped as its docs require."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escaped_clip(text: str, limit: int) -> str:
    """``text`` escaped for mrkdwn and cut to ``limit`` characters without splitting an
    escape (a cut ``&am`` would show as text)."""
    escaped = escape_mrkdwn(text)
    if len(escaped) <= limit:
        return escaped
    return _PARTIAL_ENTITY.sub("", escaped[: limit - 1]) + "…"


def _clean(text: str) -> str:
    # Control characters mean nothing to a reader and grow sixfold in JSON.
    return _CONTROL.sub("", text)


def line_block_id(index: int, ref: LineRef) -> str:
    return f"{LINE_BLOCK_PREFIX}|{index}|{ref.item_id}|{ref.label}|{ref.claim_id}"[:255]


def parse_line_block_id(block_id: str) -> LineRef | None:
    """The line a button was pressed on, from its block id; None for other blocks."""
    parts = block_id.split("|", 4)
    if len(parts) != 5 or parts[0] != LINE_BLOCK_PREFIX or not parts[2].isdigit():
        return None
    return LineRef(int(parts[2]), parts[3], parts[4])


# --- Packing ------------------------------------------------------------------------------


@dataclass
class _Message:
    blocks: list[dict[str, Any]] = field(default_factory=list)
    lines: list[DigestLine] = field(default_factory=list)
    size: int = 2  # the brackets of the JSON array

    def fits(self, blocks: list[dict[str, Any]]) -> bool:
        return (
            len(self.blocks) + len(blocks) <= MAX_BLOCKS
            and self.size + _json_size(blocks) <= BLOCKS_JSON_BUDGET
        )

    def add(self, blocks: list[dict[str, Any]], line: DigestLine | None = None) -> None:
        self.blocks.extend(blocks)
        self.size += _json_size(blocks)
        if line is not None:
            self.lines.append(line)


def _json_size(blocks: list[dict[str, Any]]) -> int:
    return sum(len(json.dumps(b, separators=(",", ":"), ensure_ascii=False)) + 1 for b in blocks)


def render_slack(digest: Digest) -> list[SlackMessage]:
    """One or more messages; each stays within Slack's block, size and text limits."""
    messages = [_Message()]
    messages[0].add([_header(heading(digest))])
    index = 0
    for label, lines in sections(digest):
        name = SECTIONS[label]
        title = [_section(f"*{name}*")]
        for n, line in enumerate(lines):
            blocks = [_mention(line)] if label is Label.MENTIONS else _line_blocks(line, index)
            index += 1
            # A section's name goes with its first line; a continued section repeats it.
            lead = title if n == 0 else []
            if not messages[-1].fits(lead + blocks):
                messages.append(_Message())
                lead = [_section(f"*{name}* (continued)")]
            messages[-1].add(lead + blocks, line)
    total = len(messages)
    return [
        SlackMessage(_fallback(digest, m.lines, i, total), tuple(m.blocks))
        for i, m in enumerate(messages)
    ]


def _fallback(digest: Digest, lines: list[DigestLine], i: int, total: int) -> str:
    """Plain text for notifications and screen readers: the heading and each line's title."""
    top = heading(digest) if total == 1 else f"{heading(digest)} (part {i + 1} of {total})"
    rows = [top] + [f"• {BADGES[ln.label]}: {_clean(ln.title) or '(untitled)'}" for ln in lines]
    return escaped_clip("\n".join(rows), FALLBACK_CHARS)


# --- Blocks -------------------------------------------------------------------------------


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_CHARS)}}


def _section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": escaped_clip(mrkdwn, 3000)}}


def _line_blocks(line: DigestLine, index: int) -> list[dict[str, Any]]:
    blocks = [_line_text(line)]
    context = why(line)
    if line.item_id is not None:
        context = f"item {line.item_id} · {context}" if context else f"item {line.item_id}"
    if context:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "plain_text", "text": clip(_clean(context), CONTEXT_CHARS)}],
            }
        )
    if actions := _actions(line, index):
        blocks.append(actions)
    return blocks


def _mention(line: DigestLine) -> dict[str, Any]:
    """A mention in one line: its title (linked) and where it ran."""
    rest = where_ran(line)
    elements = [_title_element(line), {"type": "text", "text": clip(_clean(rest), CONTEXT_CHARS)}]
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": elements}]}


def _title_element(line: DigestLine) -> dict[str, Any]:
    title = clip(_clean(line.title) or "(untitled)", TITLE_CHARS)
    if _SAFE_LINK.fullmatch(line.link) and len(line.link) <= LINK_CHARS:
        return {"type": "link", "url": line.link, "text": title}
    return {"type": "text", "text": title}


def _line_text(line: DigestLine) -> dict[str, Any]:
    elements: list[dict[str, Any]] = [
        {
            "type": "text",
            "text": f"{EMOJI[line.label]} {BADGES[line.label]}  ",
            "style": {"bold": True},
        }
    ]
    elements.append(_title_element(line))
    if line.evidence:
        evidence = "\n“" + clip(_clean(line.evidence), EVIDENCE_CHARS) + "”"
        elements.append({"type": "text", "text": evidence, "style": {"italic": True}})
    if ref := claim_ref(line):
        elements.append({"type": "text", "text": "\n" + clip(_clean(ref), CLAIM_CHARS)})
        if _SAFE_LINK.fullmatch(line.claim_link) and len(line.claim_link) <= LINK_CHARS:
            elements.append({"type": "text", "text": " · "})
            elements.append({"type": "link", "url": line.claim_link, "text": "claim page"})
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": elements}]}


def _actions(line: DigestLine, index: int) -> dict[str, Any] | None:
    """The line's "Wrong label" menu (for labelled lines) and "Mute" button, if it has an item."""
    if line.item_id is None:
        return None
    ref = LineRef(line.item_id, line.label.value, line.claim_id)
    elements: list[dict[str, Any]] = []
    if line.claim_id and line.label in STANCE_LABELS:
        options = [
            {"text": {"type": "plain_text", "text": f"Actually: {s.value}"}, "value": s.value}
            for s in Stance
            if s.value != line.label.value
        ]
        elements.append(
            {
                "type": "static_select",
                "action_id": RELABEL_ACTION,
                "placeholder": {"type": "plain_text", "text": "Wrong label"},
                "options": options,
            }
        )
    elements.append(
        {
            "type": "button",
            "action_id": MUTE_ACTION,
            "text": {"type": "plain_text", "text": "Mute"},
            "value": str(line.item_id),
        }
    )
    return {"type": "actions", "block_id": line_block_id(index, ref), "elements": elements}
