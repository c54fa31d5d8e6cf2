"""NUMBER and DURATION facts: what a quantity in a sentence measures, and of what.

The predicate is the nearest measure word (:data:`~watchers.facts.lexicon.MEASURES`):
before the quantity first ("report within 24 hours", "fines of up to 50 million
yuan"), then after it ("24小时内报告"). The subject is the nearest entity in the clause,
or "" when the clause names none ("Companies must report incidents within 24 hours").

Two qualifiers may follow the measure, each after a colon:

- a count of mentions ("mentioned 'opening up' 12 times", “对外开放”出现12次) names the
  term counted: ``mentions:opening_up`` (:func:`~watchers.facts.topics.term_key`);
- an amount given as a ceiling ("fines of up to 50 million yuan", "can reach", 最高,
  五千万元以下) is ``fine:max``: a cap is compared with caps, not with a fine imposed;
- a value the sentence gives as a former one ("the previous window was 72 hours",
  "down from 72 hours", 此前为72小时, 由72小时缩短为) is ``report:previous``, so that
  it is compared only with other former values.
"""

from __future__ import annotations

import re
from dataclasses import replace

from watchers.facts.lexicon import AGENT, MEASURES
from watchers.facts.skeleton import (
    ANY_ENTITY,
    ANY_QUANTITY,
    BRACKET_OPEN,
    Skeleton,
    clause,
    slot_number,
)
from watchers.facts.topics import term_key
from watchers.model import Fact, FactKind

PREVIOUS = "previous"
CEILING = "max"
NO_LIMIT = "none"  # a DURATION value: the rules set no time limit
MENTIONS = "mentions"

_MEASURES = re.compile("|".join(f"(?P<{key}>{p})" for key, p in MEASURES), re.IGNORECASE)
_MENTIONED = re.compile(
    r"\bmention\w*|\bcit(?:ed|es|ing)\b|\bappear\w*|\boccur\w*|\bus(?:ed|es|ing)\b"
    r"|提及|提到|出现|写入",
    re.IGNORECASE,
)
_TERM = re.compile(r"(?<![A-Za-z0-9])['\"](?P<t>[^'\"\ue000-\ue007]{1,30}?)['\"](?![A-Za-z0-9])")
_QUANTITY = re.compile(ANY_QUANTITY)
_ENTITY = re.compile(ANY_ENTITY)
_LOOK_BEFORE = 100
_LOOK_AFTER = 40
# The last of these before a quantity (since the previous one) says whether it is a
# former value or the current one.
_ERA = re.compile(
    r"(?P<previous>\b(?:previous(?:ly)?|former(?:ly)?|used\s+to|originally|old)\b"
    r"|\b(?:down|up)\s+from\s*$|此前|原先|以前|原来|原为|原本)"
    r"|(?P<current>\b(?:now|new|currently|today)\b|现在|现行|目前|如今|改为|缩短为|缩短至|缩短到"
    r"|延长至|延长为|延长到|调整为|提高到|降至|降为)",
    re.IGNORECASE,
)
_NO_LIMIT = re.compile(
    r"\b(?:no|not|never|without|lacks?|lacking|absence\s+of)\b[^.;\ue000]{0,50}?"
    r"\b(?:time\s+limits?|deadlines?|timelines?|time\s*frames?)\b"
    r"|(?:未|没有|并未|尚未)(?:规定|明确|设定|设置)?[^。；\ue000]{0,12}?(?:时限|期限)",
    re.IGNORECASE,
)
_FROM = re.compile(r"(?:\bfrom|由|从)\s*$", re.IGNORECASE)
_CHANGE = re.compile(
    r"\b(?:cut|reduc|shorten|rais|increas|extend|lower|chang|tighten|loosen)\w*|缩短|延长|调整|"
    r"提高|降低|压缩|放宽|改",
    re.IGNORECASE,
)
_CEILING_BEFORE = re.compile(
    r"\b(?:up\s+to|as\s+(?:much|high)\s+as|(?:can|could|may|might)\s+reach|reaching"
    r"|maximum(?:\s+(?:fine|penalty))?(?:\s+of)?"
    r"|capped\s+at|no\s+more\s+than|not\s+(?:more\s+than|exceeding|to\s+exceed))\s*$"
    r"|(?:最高|最多|不超过|上限为?)(?:可|可以|可处|处以?)?\s*$",
    re.IGNORECASE,
)
_CEILING_AFTER = re.compile(r"\s*(?:以下|以内|封顶)")
_OR = re.compile(r"\s*(?:以下|以内)?\s*(?:,?\s*(?:or|and)|或者?|和|、)\s*")
_PREVIOUS_AFTER = re.compile(
    r"\s*(?:previously|formerly|in\s+the\s+past)\b|此前|以前", re.IGNORECASE
)


def measure_facts(sk: Skeleton) -> list[Fact]:
    """One NUMBER or DURATION fact per quantity slot of ``sk``."""
    facts: list[Fact] = []
    prior = 0
    for m in _QUANTITY.finditer(sk.text):
        value = sk.quantities[slot_number(m)]
        lo, hi = clause(sk.text, m.start(), m.end())
        kind = FactKind.DURATION if value.kind == "duration" else FactKind.NUMBER
        if value.unit == "times":
            predicate = _mentions(sk.text, lo, m.start(), m.end(), hi)
        else:
            predicate = _measure(sk.text, lo, m.start(), m.end(), hi)
        earlier = facts[-1].predicate if facts and facts[-1].kind is kind else ""
        converted = _CONVERSION.fullmatch(sk.text, max(lo, prior), m.start()) if facts else None
        if converted and earlier:  # "50 million yuan (~$7 million)": the same amount again
            facts.append(replace(facts[-1], value=value.value, unit=value.unit))
            close = _CLOSE.match(sk.text, m.end())
            prior = close.end() if close else m.end()
            continue
        if _previous(sk.text, (lo, max(lo, prior)), m.start(), m.end(), hi):
            # "within 24 hours, tightened from a previous 72-hour window": a former value
            # with no measure of its own is the former value of the one before it.
            base = predicate or earlier.split(":")[0]
            predicate = f"{base}:{PREVIOUS}" if base else ""
        ceiling = kind is FactKind.NUMBER and _ceiling(sk.text, max(lo, prior), m)
        # "up to 50 million yuan or 5% of revenue": the second is a ceiling too.
        listed = _OR.fullmatch(sk.text, max(lo, prior), m.start()) is not None
        if predicate and (ceiling or (listed and earlier.endswith(f":{CEILING}"))):
            predicate = f"{predicate.split(':')[0]}:{CEILING}"
        counted = value.kind == "number" and value.unit.isalpha() and value.unit.islower()
        qualified = _QUALIFIES.match(sk.text, m.end()) if counted else None
        if qualified:  # "a new seven-member Standing Committee": the count is its own
            subject = sk.entities[int(qualified["e"])]
        else:
            subject = _nearest_entity(sk, lo, m.start(), m.end(), hi)
        facts.append(Fact(kind, subject, predicate, value.value, value.unit))
        prior = m.end()
    facts += _no_limit(sk)
    return facts


_CONVERSION = re.compile(r"\s*[(（]\s*(?:~|≈|about\s+|approx\.?\s+|约)?\s*", re.IGNORECASE)
_CLOSE = re.compile(r"[^()（）]{0,20}?[)）]")
_QUALIFIES = re.compile("\\s+\ue000(?P<e>\\d+)\ue001")


def _ceiling(text: str, since: int, m: re.Match[str]) -> bool:
    """Whether the amount at ``m`` is given as a ceiling, by words before it (since the
    quantity before it) or right after it."""
    before = _CEILING_BEFORE.search(text, max(since, m.start() - 30), m.start())
    return before is not None or _CEILING_AFTER.match(text, m.end()) is not None


def _no_limit(sk: Skeleton) -> list[Fact]:
    """A DURATION fact with value :data:`NO_LIMIT` for a sentence saying the rules set
    no time limit for a measure ("the laws have not stipulated a reporting time limit",
    未规定报告时限)."""
    m = _NO_LIMIT.search(sk.text)
    if not m:
        return []
    lo, hi = clause(sk.text, m.start(), m.end())
    measure = _MEASURES.search(sk.text, lo, hi)
    if not measure:
        return []
    subject = _nearest_entity(sk, lo, m.start(), m.end(), hi)
    return [Fact(FactKind.DURATION, subject, measure.lastgroup or "", NO_LIMIT)]


def _measure(text: str, lo: int, start: int, end: int, hi: int) -> str:
    """The measure named nearest before ``text[start:end]``, else soon after; "" if none."""
    before = list(_MEASURES.finditer(text, max(lo, start - _LOOK_BEFORE), start))
    if before:
        return before[-1].lastgroup or ""
    after = _MEASURES.search(text, end, min(hi, end + _LOOK_AFTER))
    return (after.lastgroup or "") if after else ""


def _mentions(text: str, lo: int, start: int, end: int, hi: int) -> str:
    """``mentions:<term>`` for a count of a quoted term, "mentions" without one, "" when
    the clause counts no mentions."""
    if not _MENTIONED.search(text, lo, hi):
        return ""
    terms = list(_TERM.finditer(text, lo, hi))
    if not terms:
        return MENTIONS
    nearest = min(terms, key=lambda t: min(abs(t.end() - start), abs(t.start() - end)))
    key = term_key(nearest["t"])
    return f"{MENTIONS}:{key}" if key else MENTIONS


def _previous(text: str, bounds: tuple[int, int], start: int, end: int, hi: int) -> bool:
    """Whether the quantity at ``text[start:end]`` is given as a former value. ``bounds``
    are where its clause starts and where the stretch since the quantity before it in
    the clause starts: only words in that stretch bear on it."""
    lo, since = bounds
    era = list(_ERA.finditer(text, since, start))
    if era:
        return era[-1].lastgroup == "previous"
    if _FROM.search(text, since, start) and _CHANGE.search(text, lo, hi):
        return True  # "cut from 72 hours to 24", 由72小时缩短为24小时
    return _PREVIOUS_AFTER.match(text, end, hi) is not None


# An entity right before an office names whose office it is: "fined Didi Chairman Cheng
# Wei 1 million yuan", 对滴滴董事长程维处100万元罚款. The amount is the holder's.
_OFFICE_AFTER = re.compile("(?:['’]s)?\\s*\ue006(?P<r>\\d+)\ue007")


def _not_agents(text: str, lo: int, start: int) -> list[re.Match[str]]:
    """Entity slots in ``text[lo:start]`` other than agents ("by the CAC", 被网信办) and
    the short forms in brackets that follow them ("by the Cyberspace Administration of
    China (CAC)")."""
    kept: list[re.Match[str]] = []
    agent_end = -1
    for m in _ENTITY.finditer(text, lo, start):
        bracketed = agent_end >= 0 and BRACKET_OPEN.fullmatch(text, agent_end, m.start())
        if AGENT.search(text, lo, m.start()) or bracketed:
            agent_end = m.end()
        else:
            kept.append(m)
    return kept


def _nearest_entity(sk: Skeleton, lo: int, start: int, end: int, hi: int) -> str:
    """The entity a quantity is about: the nearest before it that is no agent ("fined by
    the CAC", 被网信办罚款), else the first after it."""
    before = _not_agents(sk.text, lo, start)
    if before:
        entity = sk.entities[slot_number(before[-1])]
        office = _OFFICE_AFTER.match(sk.text, before[-1].end())
        return f"{entity}@{sk.roles[int(office['r'])]}" if office else entity
    after = _ENTITY.search(sk.text, end, hi)
    return sk.entities[slot_number(after)] if after else ""
