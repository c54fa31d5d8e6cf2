"""A sentence with its entities, dates, quantities and roles replaced by numbered slots.

Fact patterns are written against this skeleton, so "the Data Security Law took effect
on September 1, 2021" reads as ``E0 took effect on D0`` whatever the aliases and date
formats were. Markers are private-use characters, which real text never contains (they
are removed from the input first):

- ``\\ue000N\\ue001``: entity slot N (an entity id)
- ``\\ue002N\\ue003``: date slot N (an ISO date)
- ``\\ue004N\\ue005``: quantity slot N (a number or duration :class:`Value`)
- ``\\ue006N\\ue007``: role slot N (a role key such as "party_secretary")
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from watchers.facts.dates import find_dates
from watchers.facts.lexicon import ROLE, role_key
from watchers.facts.quantities import find_quantities
from watchers.facts.values import Value, parse_number
from watchers.hanzi import to_simplified
from watchers.model import Mention
from watchers.text import fold_width

_PRIVATE = re.compile("[\ue000-\ue00f]")  # the markers here and in rank_phrases
# A footnote mark set as digits after a word, as legal alerts print them: "within four
# hours1 (in the case of …)". Blanked so the word reads as written.
_FOOTNOTE = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[\s,.;:)]|$)")
_MARKERS = {"entity": "\ue000\ue001", "date": "\ue002\ue003", "quantity": "\ue004\ue005"}
_MARKERS["role"] = "\ue006\ue007"


def entity(name: str) -> str:
    """A pattern for one entity slot, its number captured in group ``name``."""
    return f"\ue000(?P<{name}>\\d+)\ue001"


def role(name: str) -> str:
    """A pattern for one role slot, its number captured in group ``name``."""
    return f"\ue006(?P<{name}>\\d+)\ue007"


# What stands between a name and its short form in brackets: "Cyberspace Administration
# of China (CAC)", 国家互联网信息办公室（网信办）.
BRACKET_OPEN = re.compile(r"\s*[(（]\s*")
ANY_ENTITY = "\ue000\\d+\ue001"
ANY_DATE = "\ue002\\d+\ue003"
ANY_QUANTITY = "\ue004\\d+\ue005"

_CLAUSE_END = re.compile(r"[;；。]")


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around ``text[start:end]``: up to the nearest ; ；。"""
    before = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    after = _CLAUSE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def slot_number(m: re.Match[str]) -> int:
    """The slot number of a match that is exactly one slot marker."""
    return int(m.group()[1:-1])


@dataclass(frozen=True)
class Skeleton:
    """``text`` with slots; the tuples give each slot's value by number, per kind."""

    text: str
    entities: tuple[str, ...]
    dates: tuple[str, ...]
    quantities: tuple[Value, ...]
    roles: tuple[str, ...]
    names: tuple[str, ...] = ()  # each entity slot as written ("Outline (2021-2025)")


@dataclass(frozen=True)
class _Span:
    kind: str
    start: int
    end: int
    value: object


def build_skeleton(
    text: str, mentions: Sequence[Mention], as_of: dt.date | None = None
) -> Skeleton:
    """The skeleton of ``text``; ``mentions`` carry offsets into ``text`` itself, and
    ``as_of`` dates what the text says without a year (see :func:`find_dates`).

    Overlaps are settled in the order entities, dates, quantities, roles: a date
    inside an entity's name ("the 2021 rules") stays part of the name.
    """
    folded = _PRIVATE.sub(" ", to_simplified(fold_width(text)))
    folded = _FOOTNOTE.sub(lambda m: " " * len(m.group()), folded)
    titles = [_Span("role", m.start(), m.end(), role_key(m.group())) for m in ROLE.finditer(folded)]
    spans = _trim_to_titles(titles, _entity_spans(folded, mentions))
    dates = find_dates(folded, as_of)
    spans += [_Span("date", v.start, v.end, v.value) for v in dates if v.kind == "date"]
    # Quantities never overlap dates, nor a month and day without a year.
    quantities = find_quantities(folded, dates)
    spans += [_Span("quantity", v.start, v.end, v) for v in quantities]
    roles = _roles(folded, titles, [s for s in spans if s.kind == "entity"])
    # An office whose title holds a body's name ("the Communist Party secretary") is an
    # office: the name inside it is not a mention of the body.
    spans = [s for s in spans if not any(_within(s, r) for r in roles) and not _bare(s, folded)]
    return _assemble(folded, _disjoint(spans + roles))


_ARTICLE = re.compile(r"\s*(?:the|a|an)?\s*", re.IGNORECASE)


def _bare(span: _Span, folded: str) -> bool:
    """Whether a name gave all its words to an office title and kept only an article:
    "the party" in "the party chief of Xinjiang" (see :func:`_trim_to_titles`)."""
    return span.kind == "entity" and _ARTICLE.fullmatch(folded, span.start, span.end) is not None


def _trim_to_titles(titles: list[_Span], spans: list[_Span]) -> list[_Span]:
    """Entities whose last characters begin an office title give them back to it: in
    广东省长 the name matched as 广东省 leaves 长, and the office is 省长."""
    trimmed = []
    for s in spans:
        cut = min(
            (t.start for t in titles if s.start + 2 <= t.start < s.end < t.end), default=s.end
        )
        trimmed.append(_Span(s.kind, s.start, cut, s.value))
    return trimmed


def _roles(folded: str, titles: list[_Span], entities: list[_Span]) -> list[_Span]:
    """Office titles: those of ``titles`` (found in ``folded``) that hold a whole name, and
    those found with names masked, so that a title may start where a name ends (重庆市
    then 委书记, not 市委书记 across it)."""
    if not entities:
        return list(titles)  # nothing to mask: the titles found are all there are
    masked = list(folded)
    for e in entities:
        masked[e.start : e.end] = "\ue00f" * (e.end - e.start)
    holding = [r for r in titles if any(_within(e, r) for e in entities)]
    apart = ROLE.finditer("".join(masked))
    return holding + [_Span("role", m.start(), m.end(), role_key(m.group())) for m in apart]


def _within(span: _Span, role: _Span) -> bool:
    """Whether an entity span lies inside a longer role span."""
    inside = role.start <= span.start and span.end <= role.end
    return span.kind == "entity" and inside and role.end - role.start > span.end - span.start


def check_mentions(mentions: Sequence[Mention], length: int) -> None:
    """Raise ValueError naming the first mention whose offsets lie outside the text."""
    for m in mentions:
        if not 0 <= m.start < m.end <= length:
            raise ValueError(
                f"mention of {m.entity_id!r} at {m.start}:{m.end} lies outside a text "
                f"of {length} characters"
            )


# An ordinal right before a name picks one of a series: "the 13th Politburo", 第十三届;
# 新一届, 上一届 and 下一届 are the new, last and next ones, not the first.
_ORDINAL = re.compile(
    r"(?:\b(\d{1,3})(?:st|nd|rd|th)\s+"
    r"|(?:第|(?<![新上下本这该每历同前后]))([\d一二三四五六七八九十百]{1,4})届)$"
)


# A law named as amended is the amendment, another thing with its own dates: "the
# amended Cybersecurity Law", "amendments to its Cybersecurity Law", 关于修改〈网络安全法〉的决定,
# 网络安全法修正案, "the Cybersecurity Law Amendment".
AMENDED = "~amended"
_AMENDED_BEFORE = re.compile(
    r"(?:\b(?:amended|revised)\s+|\bamendments?\s+to\s+(?:the\s+|its\s+|China['’]s\s+)?"
    r"|(?:修改|修订|修正)(?:后的?)?)[《〈<]?\s*$",
    re.IGNORECASE,
)
_AMENDED_AFTER = re.compile(
    r"\s*[》〉>]?\s*(?:\([A-Za-z]{2,8}\)\s*)?(?:\bamendments?\b|\(amended\)|\(revised\)|修正案|修订案"
    r"|(?:完成|的)?(?:修改|修订|修正))",
    re.IGNORECASE,
)


def _entity_spans(folded: str, mentions: Sequence[Mention]) -> list[_Span]:
    """Entity spans, longest first where two overlap; out-of-range offsets are an error.

    An entity named with an ordinal gets the value ``"<id>#<n>"`` ("politburo#13"); one
    named as amended gets ``"<id>~amended"``.
    """
    check_mentions(mentions, len(folded))
    spans: list[_Span] = []
    for m in sorted(mentions, key=lambda m: m.start):
        ordinal = _ORDINAL.search(folded, max(0, m.start - 12), m.start)
        number = (ordinal[1] or ordinal[2]) if ordinal else ""
        value = f"{m.entity_id}#{parse_number(number)}" if number else m.entity_id
        amended = _AMENDED_BEFORE.search(folded, max(0, m.start - 30), m.start)
        if amended or _AMENDED_AFTER.match(folded, m.end) or _defines(folded, spans, m, AMENDED):
            value += AMENDED
        spans.append(_Span("entity", m.start, m.end, value))
    return sorted(spans, key=lambda s: s.start - s.end)


def _defines(folded: str, before: list[_Span], m: Mention, qualifier: str) -> bool:
    """Whether ``m`` is a short form given in brackets right after a name of the same
    entity that carries ``qualifier``: "amendments to the Cybersecurity Law (CSL)"."""
    return any(
        str(s.value).split("#")[0] == m.entity_id + qualifier
        and BRACKET_OPEN.fullmatch(folded, s.end, m.start) is not None
        for s in before
    )


def _disjoint(spans: list[_Span]) -> list[_Span]:
    """Spans in order of priority, dropping any that overlaps one already kept; the kept
    ones in order of start.

    The kept spans are never empty and never overlap, so in order of start their ends
    are in order too: the one that starts last before a span's end is the only one that
    may reach into it. One look per span, not one per span kept so far: a sentence
    naming hundreds of bodies and dates would otherwise cost their number squared.
    """
    starts: list[int] = []
    ends: list[int] = []
    kept: list[_Span] = []
    for span in spans:
        before = bisect.bisect_left(starts, span.end)
        if before and ends[before - 1] > span.start:
            continue
        at = bisect.bisect_right(starts, span.start)
        starts.insert(at, span.start)
        ends.insert(at, span.end)
        kept.insert(at, span)
    return kept


def _assemble(folded: str, spans: list[_Span]) -> Skeleton:
    values: dict[str, list[object]] = {kind: [] for kind in _MARKERS}
    names: list[str] = []
    pieces: list[str] = []
    pos = 0
    for span in spans:
        slots = values[span.kind]
        marker = _MARKERS[span.kind]
        pieces += [folded[pos : span.start], f"{marker[0]}{len(slots)}{marker[1]}"]
        slots.append(span.value)
        if span.kind == "entity":
            names.append(folded[span.start : span.end])
        pos = span.end
    pieces.append(folded[pos:])
    return Skeleton(
        text="".join(pieces),
        entities=tuple(str(v) for v in values["entity"]),
        dates=tuple(str(v) for v in values["date"]),
        quantities=tuple(v for v in values["quantity"] if isinstance(v, Value)),
        roles=tuple(str(v) for v in values["role"]),
        names=tuple(names),
    )
