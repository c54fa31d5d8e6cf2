"""Numbered terms of a body: "the 14th Politburo (2023-)", "the 20th Politburo … was
elected … on 23 October 2022", 第二十届中央政治局于2022年10月产生.

A body named with an ordinal and a year in the same clause gives an EVENT_DATE fact
with predicate :data:`TERM`, subject ``"<id>#<n>"`` and the year as its value: that
term sat in that year. A clause that tells of the present or of days just past ("the
current 20th Politburo", "elected … on Sunday", 现任第二十届) is dated by the item: only
the year counts here, which a week's slack cannot move but at the turn of a year.

Numbered Party and state bodies are elected every five years (the Party Congress and
the National People's Congress meet once a term), so two such facts about one body can
be compared even when they number different terms: see
:func:`watchers.stance.check_time.term`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from watchers.facts.skeleton import ANY_DATE, Skeleton, clause
from watchers.model import Fact, FactKind

TERM = "term"
TERM_YEARS = 5

_ORDINAL_ENTITY = re.compile("\ue000(\\d+)\ue001")
_DATE = re.compile(ANY_DATE)
_REACH = 250  # skeleton characters between the body and its year, within its clause
_NOW = re.compile(
    r"\b(?:current|incumbent|sitting|present|today|yesterday|this\s+week|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|现任|本届|今天|今日|昨天|昨日|日前",
    re.IGNORECASE,
)
_TURN_OF_YEAR = 7  # days into January when "on Sunday" may still be last year


def term_facts(sk: Skeleton, as_of: dt.date | None = None) -> list[Fact]:
    """One TERM fact per body named with an ordinal that has a year near it, or that
    the clause places in the present of an item written on ``as_of``."""
    facts = []
    for m in _ORDINAL_ENTITY.finditer(sk.text):
        subject = sk.entities[int(m.group(1))]
        if "#" not in subject:
            continue
        start, end = clause(sk.text, m.start(), m.end())
        if sk.text[max(0, m.start() - 1) : m.start()] == "届":
            start, end = _comma_clause(sk.text, m.start(), m.end(), start, end)
        year = _nearest_year(sk, m, max(start, m.start() - _REACH), min(end, m.end() + _REACH))
        if not year and as_of and as_of.timetuple().tm_yday > _TURN_OF_YEAR:
            year = str(as_of.year) if _NOW.search(sk.text, start, end) else ""
        if year:
            facts.append(Fact(FactKind.EVENT_DATE, subject, TERM, year))
    return facts


_ZH_COMMA = re.compile(r"[，,]")


def _comma_clause(text: str, a: int, b: int, start: int, end: int) -> tuple[int, int]:
    """Chinese runs clauses together with commas: the body's own and the ones next to it
    ("2022年10月，第二十届…产生"), not one further off (第十九届中央政治局常委,国务院原总理,
    近日在上海休息,2023年10月逝世 dates a death, not the 19th Politburo)."""
    before = [m.end() for m in _ZH_COMMA.finditer(text, start, a)]
    after = [m.start() for m in _ZH_COMMA.finditer(text, b, end)]
    return (before[-2] if len(before) > 1 else start), (after[1] if len(after) > 1 else end)


def _nearest_year(sk: Skeleton, m: re.Match[str], start: int, end: int) -> str:
    """The year of the date slot nearest the body within ``start:end``, after it first
    ("the 20th Politburo … elected … 2022"), else before ("in 2022 the 20th …")."""
    after = [d for d in _DATE.finditer(sk.text, m.end(), end)]
    before = [d for d in _DATE.finditer(sk.text, start, m.start())]
    for d in after[:1] or before[-1:]:
        return sk.dates[int(d.group()[1:-1])].split("-")[0]
    return ""


def terms_apart(claimed: Fact, stated: Fact, series: Callable[[str], str] = str) -> int | None:
    """How many terms the claim's numbering is off by, read from the item's numbering
    and the five-year cadence (0: the same term); None when not the same series.
    ``series`` maps a body to the one whose terms number it."""
    (c_id, _, c_n), (s_id, _, s_n) = claimed.subject.partition("#"), stated.subject.partition("#")
    if series(c_id) != series(s_id) or not (c_n.isdigit() and s_n.isdigit()):
        return None
    sitting = int(s_n) + (int(claimed.value) - int(stated.value)) // TERM_YEARS
    return int(c_n) - sitting
