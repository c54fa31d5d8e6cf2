"""Matrix message content: an m.notice with HTML ``formatted_body`` and a plain ``body``.

Feed text is HTML-escaped, so it cannot produce markup or user pills, and the
content carries an empty ``m.mentions``, which tells clients that the message
mentions nobody: "@room" in a feed title pings no one. An item link to ``matrix.to``
stays text, since clients would draw it as a pill. A digest too long for one event
is split by ``render_matrix_parts``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from html import escape
from typing import Any
from urllib.parse import urlsplit

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
from bot.render.text import render_text
from watchers.model import Digest, DigestLine, Label

# An event may be 64 KiB in all; encryption grows content by about a third, and the
# envelope (signatures, hashes, auth events) takes a few KiB more.
MAX_PART_BYTES = 24_000
# Links to these hosts render as user or room "pills" in Matrix clients.
PILL_HOSTS = frozenset({"matrix.to"})
_CLIP_CHARS = 1000

COLOURS = {
    Label.CONTRADICTS: "#c0392b",
    Label.STANDING: "#d35400",
    Label.EDIT: "#7f8c8d",
    Label.CORROBORATES: "#27ae60",
    Label.MENTIONS: "#7f8c8d",
}


_AT_WORD = re.compile(r"[@＠﹫]([\w.=\-/]+(?:[:：][\w.\-]+)?)")
_PINGS = frozenset({"room", "channel", "here", "everyone"})


def defuse(text: str) -> str:
    """Break every room-wide ping and user id so that no client treats text as a mention.

    "@room", "@Room", "＠ＲＯＯＭ" (any case, any width), "@channel", "@here", "@everyone"
    and user ids such as "@alice:example.org" get a word joiner after the "@": they read
    the same and ping no one.
    """

    def joined(match: re.Match[str]) -> str:
        word = unicodedata.normalize("NFKC", match.group(1)).casefold()
        if word in _PINGS or ":" in word:
            return match.group(0)[0] + "\u2060" + match.group(1)
        return match.group(0)

    return _AT_WORD.sub(joined, text)


_CODE = re.compile(r"`([^`\n]+)`")


def reply_html(text: str, *, preformatted: bool = False) -> str:
    """A command reply as Matrix HTML: escaped, `code` as code, line breaks and indents
    kept; data shown as is (``preformatted``) in a code block."""
    if preformatted:
        return defuse(f"<pre><code>{escape(text, quote=False)}</code></pre>")
    lines = []
    for line in escape(text, quote=False).split("\n"):
        body = line.lstrip(" ")
        indent = "&nbsp;" * (len(line) - len(body))
        lines.append(indent + _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", body))
    return defuse("<br/>".join(lines))


def render_matrix(digest: Digest) -> dict[str, Any]:
    html = [f"<h4>{escape(heading(digest))}</h4>"]
    for label, lines in sections(digest):
        html.append(f"<h5>{escape(SECTIONS[label])}</h5><ul>")
        render = _mention if label is Label.MENTIONS else _line
        html.extend(f"<li>{render(line)}</li>" for line in lines)
        html.append("</ul>")
    return {
        "msgtype": "m.notice",
        "body": defuse(render_text(digest)),
        "format": "org.matrix.custom.html",
        "formatted_body": defuse("".join(html)),
        "m.mentions": {},
    }


def _title(line: DigestLine) -> str:
    title = escape(line.title)
    if line.link.startswith(("https://", "http://")) and not _pill_link(line.link):
        title = f'<a href="{escape(line.link, quote=True)}">{title}</a>'
    return title


def _mention(line: DigestLine) -> str:
    return f"{_title(line)}{escape(where_ran(line))}"


def _line(line: DigestLine) -> str:
    badge = (
        f'<font color="{COLOURS[line.label]}"><b>{EMOJI[line.label]} '
        f"{BADGES[line.label]}</b></font>"
    )
    parts = [f"{badge} {_title(line)}"]
    if line.evidence:
        parts.append(f"<blockquote>{escape(line.evidence)}</blockquote>")
    if ref := claim_ref(line):
        parts.append(f"<i>{escape(ref)}</i>")
        if line.claim_link.startswith(("https://", "http://")):
            parts.append(f' · <a href="{escape(line.claim_link, quote=True)}">claim page</a>')
    if w := why(line):
        parts.append(f"<br/><sub>{escape(w)}</sub>")
    return "".join(parts)


def _pill_link(link: str) -> bool:
    """Whether a client would show ``link`` as a mention pill instead of a link."""
    return (urlsplit(link).hostname or "").lower() in PILL_HOSTS


def content_bytes(content: dict[str, Any]) -> int:
    """The size of ``content`` as the JSON a homeserver stores."""
    return len(json.dumps(content, ensure_ascii=False).encode("utf-8"))


def render_matrix_parts(digest: Digest, max_bytes: int = MAX_PART_BYTES) -> list[dict[str, Any]]:
    """The digest as one content, or as several of at most ``max_bytes`` each, in order.

    Parts split between lines, each keeping its section's heading, and say "part i of n".
    A single line too big for a part has its long texts clipped.
    """
    whole = render_matrix(digest)
    if content_bytes(whole) <= max_bytes:
        return [whole]
    pieces = _split(digest, max_bytes)
    top = heading(digest)  # every part counts the whole digest's lines
    return [_label_part(render_matrix(p), top, i, len(pieces)) for i, p in enumerate(pieces, 1)]


def _split(digest: Digest, max_bytes: int) -> list[Digest]:
    empty = replace(digest, lines=())
    pieces: list[Digest] = []
    current = empty
    for line in digest.lines:
        grown = replace(current, lines=(*current.lines, line))
        if current.lines and content_bytes(render_matrix(grown)) > max_bytes:
            pieces.append(current)
            grown = replace(empty, lines=(line,))
        if content_bytes(render_matrix(grown)) > max_bytes:
            # Only a part holding this one line can be too big here.
            grown = replace(empty, lines=(_clipped(line),))
        current = grown
    pieces.append(current)
    return pieces


def _clipped(line: DigestLine) -> DigestLine:
    return replace(
        line,
        title=clip(line.title, _CLIP_CHARS),
        evidence=clip(line.evidence, _CLIP_CHARS),
        claim_text=clip(line.claim_text, _CLIP_CHARS),
        detail=clip(line.detail, _CLIP_CHARS),
        link=line.link if len(line.link) <= _CLIP_CHARS else "",
    )


def _label_part(content: dict[str, Any], top: str, number: int, total: int) -> dict[str, Any]:
    labelled = f"{top} (part {number} of {total})"
    _, _, rest = content["body"].partition("\n")
    _, _, html = content["formatted_body"].partition("</h4>")
    return {
        **content,
        "body": defuse(f"{labelled}\n{rest}"),
        "formatted_body": defuse(f"<h4>{escape(labelled)}</h4>{html}"),
    }
