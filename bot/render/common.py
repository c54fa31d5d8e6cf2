"""Wording shared by every renderer."""

from __future__ import annotations

from watchers.model import Digest, DigestLine, Label

BADGES = {
    Label.CONTRADICTS: "CONTRADICTS",
    Label.STANDING: "STANDING CHANGED",
    Label.EDIT: "EDITED",
    Label.CORROBORATES: "CORROBORATES",
    Label.MENTIONS: "MENTIONS",
}

EMOJI = {
    Label.CONTRADICTS: "🔴",
    Label.STANDING: "🟠",
    Label.EDIT: "✏️",
    Label.CORROBORATES: "🟢",
    Label.MENTIONS: "⚪",
}


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, visibly."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heading(digest: Digest) -> str:
    stamp = digest.created_at.strftime("%Y-%m-%d %H:%M UTC")
    n = digest.line_count
    return f"policywatch digest · {digest.route_id} · {stamp} · {n} update{'s' * (n != 1)}"


def why(line: DigestLine) -> str:
    """Which alias matched and what decided the label, in one line."""
    parts = []
    if line.source:
        parts.append(f"source: {line.source}")
    if line.alias:
        parts.append(f"matched “{line.alias}”")
    if line.reason:
        parts.append(f"decided by {line.reason}")
    if line.score and line.label in (Label.CONTRADICTS, Label.CORROBORATES, Label.MENTIONS):
        parts.append(f"confidence {line.score:.2f}")
    if line.detail:
        parts.append(line.detail)
    return " · ".join(parts)


def claim_ref(line: DigestLine) -> str:
    if not line.claim_id:
        return ""
    src = f" (source: {line.claim_source})" if line.claim_source else ""
    return f"claim {line.claim_id}: “{line.claim_text}”{src}"
