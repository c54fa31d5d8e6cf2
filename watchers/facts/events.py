"""EVENT_DATE facts: when something happened (took effect, was established, passed…).

An event cue ("took effect", 施行, "was established") takes the nearest date in its
clause: English cues look after themselves first ("took effect on D"), Chinese ones
before ("于D起施行"); a date serves one cue only. The subject is the entity the cue
is about: for a transitive cue the object right after it ("passed the PIPL"), else
the nearest entity before it ("the PIPL was passed"), skipping agents ("by the NPC",
由…).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from watchers.facts.holders import titles_an_office
from watchers.facts.lexicon import AGENT, ENDED, EVENT_CUES, TENURE_EVENTS
from watchers.facts.periods import range_slots
from watchers.facts.skeleton import (
    AMENDED,
    ANY_DATE,
    ANY_ENTITY,
    BRACKET_OPEN,
    Skeleton,
    clause,
    entity,
    slot_number,
)
from watchers.model import Fact, FactKind
from watchers.text import is_han

_CUES = re.compile("|".join(f"(?P<c{i}>{p})" for i, (_, _, p) in enumerate(EVENT_CUES)), re.I)
_DATE = re.compile(ANY_DATE)
_ENTITY = re.compile(ANY_ENTITY)
_SPAN_END = re.compile(
    "\ue002(?P<a>\\d+)\ue003[日号]?\\s*(?:to|and|-|–|—|至|到)?\\s*\ue002(?P<b>\\d+)\ue003"
)
_OF = re.compile(r"\s+(?:of|in)\s+(?:the\s+|its\s+)?(?:\d+(?:st|nd|rd|th)\s+)?", re.IGNORECASE)
DATED_BY_ITEM = "dated-by-item"
# A founding dated by the plan that decided it: it may confirm, never refute, a date.
PLANNED = "planned"
_DAYS = re.compile("\\s*(?:for\\s+|了)?\ue004(?P<q>\\d+)\ue005", re.IGNORECASE)
_REACH = 60  # how far, in skeleton characters, a cue looks for its date
_OBJECT = re.compile(
    rf"\s*(?:了|the\s+|a\s+|an\s+|its\s+|new\s+|China's\s+|amendments?\s+to\s+)*"
    rf"[《〈“\"']?{entity('e')}",
    re.I,
)
_PASSIVE = re.compile(r"(?:\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+)?|,\s*|\bnewly\s+)$")
_OPENING_DATE = re.compile("(?:On|In|By)\\s+\ue002\\d+\ue003(?=\\s*,)")
# A name in book-title marks is a document's; in Chinese notices the document is the
# subject of its adoption and entry into force, whatever bodies are named on the way.
_TITLED = re.compile("《\ue000(?P<e>\\d+)\ue001》")
_OF_DOCUMENTS = frozenset({"took_effect", "passed", "released", "amended"})
_OPENING = re.compile(r"\s*(?:(?:first|originally|formally|officially|newly)\s+)?", re.I)
_NAMED_AFTER = re.compile(r",\s*(?:the\s+|China's\s+|its\s+)?\ue000(?P<e>\d+)\ue001", re.IGNORECASE)
_BARE_FOLLOW = re.compile(r"\s+(?:\w+ly\s+)?$")
_AFTER_BARE = re.compile(rf"\s*(?:$|[,.]|(?:in|on|at|by|as|under|within|with)\b|{ANY_DATE})")


@dataclass
class _Cue:
    """One event cue in a skeleton and the date bound to it ("" until one is)."""

    m: re.Match[str]
    predicate: str
    transitive: bool
    chinese: bool
    date: str = ""


def event_facts(sk: Skeleton, dated_by: dt.date | None = None) -> list[Fact]:
    """EVENT_DATE facts: each cue with a date and a subject in its clause.

    ``dated_by`` is given for a headline: news reports the events of its day, so "三中全会
    闭幕" over a story of 18 July 2024 says the plenum closed in July 2024. Such a fact
    has the month of ``dated_by`` and unit :data:`DATED_BY_ITEM`: it may confirm a claim's
    date, never refute it (the story may be a day or a week late).
    """
    if not sk.entities or not (sk.dates or dated_by):
        return []
    if not sk.dates and dated_by:
        return _headline(sk, dated_by)
    cues = [_cue(m) for m in _CUES.finditer(sk.text)]
    used = set(range_slots(sk))
    for preferred in (True, False):
        for i, cue in enumerate(cues):
            if not cue.date:
                _bind(sk, cues, i, preferred, used)
    facts = []
    for cue in cues:
        subject = _subject(sk, cue) if cue.date else ""
        if not subject:
            continue
        span = _span(sk, cue) if cue.predicate == "held" else None
        if span:
            facts.append(Fact(FactKind.EVENT_DATE, subject, "held", span[0]))
            facts.append(Fact(FactKind.EVENT_DATE, subject, "concluded", span[1]))
        elif cue.predicate == "amended":  # the amendment was adopted then
            law = subject if subject.endswith(AMENDED) else f"{subject}{AMENDED}"
            facts.append(Fact(FactKind.EVENT_DATE, law, "passed", cue.date))
        elif cue.predicate == PLANNED:
            facts.append(Fact(FactKind.EVENT_DATE, subject, "established", cue.date, PLANNED))
        else:
            facts.append(Fact(FactKind.EVENT_DATE, subject, cue.predicate, cue.date))
    return facts


def _headline(sk: Skeleton, dated_by: dt.date) -> list[Fact]:
    month = f"{dated_by.year:04d}-{dated_by.month:02d}"
    facts = []
    for m in _CUES.finditer(sk.text):
        cue = _cue(m)
        cue.date = month
        subject = _subject(sk, cue)
        if subject and cue.predicate not in TENURE_EVENTS:
            facts.append(Fact(FactKind.EVENT_DATE, subject, cue.predicate, month, DATED_BY_ITEM))
    return facts


def _span(sk: Skeleton, cue: _Cue) -> tuple[str, str] | None:
    """The first and last day of the span of days a meeting was held over: "from D0 to
    D1" (D0至D1) around its date, or its date and a number of days after the cue ("held
    for four days", 召开四天). A meeting held over it concluded on the last."""
    date = cue.date
    for m in _SPAN_END.finditer(sk.text):
        first, last = sk.dates[int(m["a"])], sk.dates[int(m["b"])]
        if date in (first, last) and first.count("-") == last.count("-") == 2:
            return first, last
    days = _DAYS.match(sk.text, cue.m.end())
    if days is None or date.count("-") != 2:
        return None
    length = sk.quantities[int(days["q"])].value
    if not re.fullmatch(r"P([1-9]|[12]\d|3[01])D", length):
        return None  # a meeting lasts days, not months
    start = dt.date.fromisoformat(date)
    return date, (start + dt.timedelta(days=int(length[1:-1]) - 1)).isoformat()


def _cue(m: re.Match[str]) -> _Cue:
    predicate, transitive, _ = EVENT_CUES[int((m.lastgroup or "c0")[1:])]
    return _Cue(m, predicate, transitive, is_han(m.group()[0]))


def _bind(sk: Skeleton, cues: list[_Cue], i: int, preferred: bool, used: set[int]) -> None:
    """Give cue ``i`` the nearest unused date on one side: its preferred side or the other."""
    cue = cues[i]
    lo, hi = clause(sk.text, cue.m.start(), cue.m.end())
    # A plan's date comes after what it plans and how that is described ("the plan to
    # form the bureau, which is under the state planner, was announced in March").
    reach = 2 * _REACH if cue.predicate == PLANNED else _REACH
    lo = max(lo, cues[i - 1].m.end() if i else 0, cue.m.start() - reach)
    hi = min(hi, cues[i + 1].m.start() if i + 1 < len(cues) else hi, cue.m.end() + reach)
    after = preferred != cue.chinese
    window = (cue.m.end(), hi) if after else (lo, cue.m.start())
    found = list(_DATE.finditer(sk.text, *window))
    if not preferred and not cue.chinese and i == 0:
        # "On August 20, 2021, the NPC Standing Committee passed the law": a date that
        # opens the sentence is its first event's, however far off.
        opening = _OPENING_DATE.match(sk.text)
        if opening and opening.end() <= cue.m.start():
            found += [m for m in [_DATE.search(sk.text, *opening.span())] if m]
    for m in found if after else reversed(found):
        slot = slot_number(m)
        if slot not in used:
            used.add(slot)
            cue.date = sk.dates[slot]
            return


def _subject(sk: Skeleton, cue: _Cue) -> str:
    """The entity the event happened to, or "" if the clause does not say."""
    text, start, end = sk.text, cue.m.start(), cue.m.end()
    lo, hi = clause(text, start, end)
    if cue.transitive:
        obj = _OBJECT.match(text, end, hi)
        if obj and not titles_an_office(sk, int(obj["e"]), obj.end()):
            return sk.entities[int(obj["e"])]
    if cue.chinese and cue.predicate in _OF_DOCUMENTS:  # 《办法》已经…审议通过，…自…起施行
        titled = list(_TITLED.finditer(text, lo, start))
        if titled:
            return sk.entities[int(titled[-1]["e"])]
    before = _nearest_before(text, lo, start)
    if before is not None and _may_precede(text, cue, before, end):
        return sk.entities[slot_number(before)]
    if cue.chinese:
        return ""
    if not cue.transitive:  # "Taking effect on D, the DSL …"
        after = _ENTITY.search(text, end, hi)
        return sk.entities[slot_number(after)] if after else ""
    # A participle opening the sentence tells of what its phrase ends on: "Founded in
    # 2014, the CAC …" (but "Launched by the State Council, the regulator …" not of it).
    if _OPENING.fullmatch(text, 0, start):
        comma = text.find(",", end, hi)
        named = _NAMED_AFTER.match(text, comma) if comma >= 0 else None
        if named:
            return sk.entities[int(named["e"])]
    return ""


def _nearest_before(text: str, lo: int, start: int) -> re.Match[str] | None:
    """The last entity slot in ``text[lo:start]`` that is not an agent ("by E", 由E), or
    the head it qualifies: in "the plenum of the Central Committee of the CCP was held"
    the plenum was held, not the CCP."""
    found = list(_ENTITY.finditer(text, lo, start))
    for i in range(len(found) - 1, -1, -1):
        m = found[i]
        if AGENT.search(text, lo, _named_from(text, found, i)):
            continue
        while i and _OF.fullmatch(text, found[i - 1].end(), m.start()):
            i -= 1
            m = found[i]
        return m
    return None


def _named_from(text: str, found: list[re.Match[str]], i: int) -> int:
    """Where the name of slot ``i`` starts: at the name before it when the slot is that
    name's short form in brackets ("by the Cyberspace Administration of China (CAC)")."""
    if i and BRACKET_OPEN.fullmatch(text, found[i - 1].end(), found[i].start()):
        return found[i - 1].start()
    return found[i].start()


def _may_precede(text: str, cue: _Cue, before: re.Match[str], end: int) -> bool:
    """Whether an entity before a cue can be its subject.

    Always for Chinese and intransitive cues; for an English transitive cue only in
    the passive ("was passed"), after a comma ("E, established in"), or in a headline
    ("E unveiled in Beijing"), so that "the CAC launched a campaign" is not read as
    the CAC being launched.
    """
    if cue.chinese or not cue.transitive:
        return True
    gap = text[before.end() : cue.m.start()]
    if _PASSIVE.search(gap):
        return True
    return _BARE_FOLLOW.fullmatch(gap) is not None and _AFTER_BARE.match(text, end) is not None


def qualify(events: Sequence[Fact], offices: Sequence[Fact]) -> list[Fact]:
    """Tenure events tied to the office the sentence names, so that "became governor in
    2017" and "became party secretary in 2021" are different events.

    The event moves to the office holder ("Xi has been General Secretary of the party
    since 2012" dates Xi's tenure, not the party) with predicate
    ``"<event>:<role>@<place>"``; "became" with no office named is dropped.
    """
    out = []
    for event in events:
        office = _office_of(event, offices) if event.predicate in TENURE_EVENTS else None
        if office is not None:
            base = "appointed" if event.predicate == "became" else event.predicate
            predicate = f"{base}:{office.predicate}@{office.value}"
            out.append(Fact(FactKind.EVENT_DATE, office.subject, predicate, event.value))
        elif event.predicate != "became":
            out.append(event)
    return out


def _office_of(event: Fact, offices: Sequence[Fact]) -> Fact | None:
    """The current office held by the event's subject, or held in the event's subject."""
    held = [o for o in offices if o.unit != ENDED and o.predicate]
    by_holder = [o for o in held if o.subject == event.subject]
    by_place = [o for o in held if o.value == event.subject]
    found = by_holder or by_place
    return found[0] if found else None
