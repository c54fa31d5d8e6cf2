"""Plain text, for the console and as every message's fallback."""

from __future__ import annotations

from bot.render.common import BADGES, SECTIONS, claim_ref, compact, heading, sections, why
from watchers.model import Digest, DigestLine, Label


def render_text(digest: Digest) -> str:
    out = [heading(digest)]
    for label, lines in sections(digest):
        out.append("")
        out.append(f"== {SECTIONS[label]} ==")
        out.extend(_mention(line) if label is Label.MENTIONS else _line(line) for line in lines)
    return "\n".join(out) + "\n"


def _mention(line: DigestLine) -> str:
    link = f" <{line.link}>" if line.link else ""
    return f"  • {compact(line)}{link}"


def _line(line: DigestLine) -> str:
    title = f"{line.title} <{line.link}>" if line.link else line.title
    rows = [f"  [{BADGES[line.label]}] {title}"]
    if line.evidence:
        rows.append(f"      evidence: “{line.evidence}”")
    if ref := claim_ref(line):
        rows.append(f"      {ref}" + (f" <{line.claim_link}>" if line.claim_link else ""))
    if w := why(line):
        rows.append(f"      {w}")
    return "\n".join(rows)
