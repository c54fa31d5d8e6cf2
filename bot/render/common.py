"""Wording shared by every renderer, and the order every renderer shows a digest in."""

from __future__ import annotations

from watchers.model import Article, Digest, DigestLine, Label, SourceRef

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


SECTIONS = {
    Label.STANDING: "Claims whose standing changed",
    Label.CONTRADICTS: "Contradictions",
    Label.CORROBORATES: "Corroborations",
    Label.EDIT: "Edited items",
    Label.MENTIONS: "Mentions",
}

_COUNTED = {
    Label.STANDING: ("standing change", "standing changes"),
    Label.CONTRADICTS: ("contradiction", "contradictions"),
    Label.CORROBORATES: ("corroboration", "corroborations"),
    Label.EDIT: ("edit", "edits"),
    Label.MENTIONS: ("mention", "mentions"),
}


def citation(source: SourceRef, article: Article | None) -> str:
    """A source as people name it: “Title”, publisher, date; else its URL or document."""
    if article is not None:
        named = f"“{article.title}”" if article.title else article.description
        return ", ".join(p for p in (named, article.publisher, article.date) if p)
    return source.url or source.article


def counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def heading(digest: Digest) -> str:
    """The header line: route, time, counts by label, and what is left out."""
    stamp = digest.created_at.strftime("%Y-%m-%d %H:%M UTC")
    parts = [f"policywatch digest · {digest.route_id} · {stamp}"]
    parts += [counted(n, *_COUNTED[label]) for label, n in digest.counts().items()]
    if not digest.lines:
        parts.append("nothing above the route's relevance floor")
    if digest.more:
        parts.append(f"{len(digest.more)} more with “digest more {digest.route_id}”")
    return " · ".join(parts)


def sections(digest: Digest) -> list[tuple[Label, list[DigestLine]]]:
    """The digest's lines by label, in reading order; labels with no line left out."""
    out: dict[Label, list[DigestLine]] = {}
    for line in digest.lines:
        out.setdefault(line.label, []).append(line)
    return [(label, out[label]) for label in Label if label in out]


def compact(line: DigestLine) -> str:
    """A mention in one line: title, source, where else it ran, what it stands for."""
    return f"{line.title or '(untitled)'}{where_ran(line)}"


def where_ran(line: DigestLine) -> str:
    """ " — source (also in …) · and N similar items from it": what follows a mention's title."""
    text = f" — {line.source}"
    if line.also_in:
        text += f" (also in {', '.join(line.also_in)})"
    if line.folded > 1:
        text += f" · and {counted(line.folded - 1, 'similar item', 'similar items')} from it"
    return text


def why(line: DigestLine) -> str:
    """Which alias matched and what decided the label, in one line."""
    parts = []
    if line.source:
        parts.append(f"source: {line.source}")
    if line.also_in:
        parts.append(f"also in {', '.join(line.also_in)}")
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
