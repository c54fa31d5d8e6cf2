"""Command replies in Slack's terms: escaped, in pieces Slack shows whole (pure).

A reply is plain text that may quote feed titles and claims, so all of it is escaped
before Slack's mrkdwn sees it: ``<!channel>`` in a title stays text. Slack's own markup
in what people type (links, channel and user references) is unwrapped into the plain
words the commands expect.
"""

from __future__ import annotations

import re

from bot.render.slack import escaped_clip

PIECE_CHARS = 3500
# A response_url takes five posts; one is kept for the note about a direct message.
MAX_RESPONSE_PIECES = 4

_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def unwrap_markup(text: str) -> str:
    """What someone typed, from the text Slack sends: ``<https://x|x>`` → ``https://x``,
    ``<#C1|desk>`` → ``#desk``, ``<@U1>`` → ``U1``, and ``&lt;`` ``&gt;`` ``&amp;`` (Slack
    escapes those characters when people type them) back to ``<`` ``>`` ``&``."""

    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("#"):
            return f"#{label}" if label else target[1:]
        if target.startswith("@"):
            return target[1:]
        if target.startswith("mailto:"):
            return label or target.removeprefix("mailto:")
        return target

    plain_text = _LINK.sub(plain, text)
    return plain_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def pieces(text: str, *, code: bool = False, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` escaped and split at line ends into pieces of at most ``limit`` characters.

    ``code`` wraps each piece in a code block (for YAML and other data shown as is).
    """
    fence = 8 if code else 0
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        escaped = escaped_clip(line, limit - fence)
        if current and len(current) + 1 + len(escaped) > limit - fence:
            out.append(current)
            current = escaped
        else:
            current = f"{current}\n{escaped}" if current else escaped
    out.append(current)
    return [f"```\n{p}\n```" if code else p for p in out]
