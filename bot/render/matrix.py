"""Matrix message content: an m.notice with HTML ``formatted_body`` and a plain ``body``.

Feed text is HTML-escaped, so it cannot produce markup or user pills, and the
content carries an empty ``m.mentions``, which tells clients that the message
mentions nobody: "@room" in a feed title pings no one.
"""

from __future__ import annotations

from html import escape
from typing import Any

from bot.render.common import BADGES, EMOJI, claim_ref, heading, why
from bot.render.text import render_text
from watchers.model import Digest, DigestLine, Label

COLOURS = {
    Label.CONTRADICTS: "#c0392b",
    Label.STANDING: "#d35400",
    Label.EDIT: "#7f8c8d",
    Label.CORROBORATES: "#27ae60",
    Label.MENTIONS: "#7f8c8d",
}


def defuse(text: str) -> str:
    """Break "@room" so that no client treats plain text as a room ping."""
    return text.replace("@room", "@\u2060room")


def render_matrix(digest: Digest) -> dict[str, Any]:
    html = [f"<h4>{escape(heading(digest))}</h4>"]
    for group in digest.groups:
        html.append(f"<h5>{escape(group.entity_name)}</h5><ul>")
        html.extend(f"<li>{_line(line)}</li>" for line in group.lines)
        html.append("</ul>")
    return {
        "msgtype": "m.notice",
        "body": defuse(render_text(digest)),
        "format": "org.matrix.custom.html",
        "formatted_body": defuse("".join(html)),
        "m.mentions": {},
    }


def _line(line: DigestLine) -> str:
    badge = (
        f'<font color="{COLOURS[line.label]}"><b>{EMOJI[line.label]} '
        f"{BADGES[line.label]}</b></font>"
    )
    title = escape(line.title)
    if line.link.startswith(("https://", "http://")):
        title = f'<a href="{escape(line.link, quote=True)}">{title}</a>'
    parts = [f"{badge} {title}"]
    if line.evidence:
        parts.append(f"<blockquote>{escape(line.evidence)}</blockquote>")
    if ref := claim_ref(line):
        parts.append(f"<i>{escape(ref)}</i>")
    if w := why(line):
        parts.append(f"<br/><sub>{escape(w)}</sub>")
    return "".join(parts)
