"""Plain text, for the console and as every message's fallback."""

from __future__ import annotations

from bot.render.common import BADGES, claim_ref, heading, why
from watchers.model import Digest, DigestLine


def render_text(digest: Digest) -> str:
    out = [heading(digest)]
    for group in digest.groups:
        out.append("")
        out.append(f"== {group.entity_name} ==")
        out.extend(_line(line) for line in group.lines)
    return "\n".join(out) + "\n"


def _line(line: DigestLine) -> str:
    title = f"{line.title} <{line.link}>" if line.link else line.title
    rows = [f"  [{BADGES[line.label]}] {title}"]
    if line.evidence:
        rows.append(f"      evidence: “{line.evidence}”")
    if ref := claim_ref(line):
        rows.append(f"      {ref}")
    if w := why(line):
        rows.append(f"      {w}")
    return "\n".join(rows)
