"""Dates in English and Chinese text: September 1, 2021; Sept. 1st 2021; 2021年9月1日;
March 2023; 2023年3月; 2012.

News leaves the year out of dates near its own ("On July 18, the Party concluded…",
"unveiled in March", 7月2日晚间, "takes effect on November 1"): read against the date the
item was published, such a date falls in the year that puts it nearest, so a story
from January that says "in December" means the December before, and one from
September that says "on November 1" the November to come. A year said relative to the
item's (去年10月25日, "on 25 October last year") is that year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from watchers.facts.values import Value, overlaps, parse_number
from watchers.facts.weekdays import weekday_dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)(?!\d)"
_CN_N = r"[\d一二三四五六七八九十〇零]"

# What a pattern cannot match without: a digit, an English month, 年 or 月. Most
# sentences lack all four, and a scan skipped costs nothing (see _present).
_DIGIT, _EN_MONTH, _NIAN, _YUE = "digit", "month", "年", "月"
_CUES = {
    _DIGIT: re.compile(r"\d"),
    _EN_MONTH: re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    _NIAN: re.compile("年"),
    _YUE: re.compile("月"),
}

# Most specific first: an accepted span blocks any later one it overlaps.
_DATE_PATTERNS = tuple(
    (re.compile(p), frozenset(needs))
    for p, needs in (
        (rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", (_DIGIT, _EN_MONTH)),
        (rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", (_DIGIT, _EN_MONTH)),
        (rf"(?<!\d){_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d)", (_DIGIT,)),
        (rf"(?<!\d){_YEAR}/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?!\d)", (_DIGIT,)),
        (
            rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*"
            rf"(?:(?P<m>{_CN_N}{{1,3}})\s*月(?:份)?\s*(?:(?P<d>{_CN_N}{{1,3}})\s*[日号])?)?",
            (_NIAN,),
        ),
        (rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}", (_DIGIT, _EN_MONTH)),
        (
            rf"(?<![\d.,$¥€£]){_YEAR}(?!\s*(?:%|percent|per cent|[-‐]?(?:hour|day|year)))",
            (_DIGIT,),
        ),
    )
)
_PARTIAL_DATES = tuple(
    (re.compile(p), frozenset(needs))
    for p, needs in (
        (rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|percent|per\s+cent))", (_DIGIT, _EN_MONTH)),
        (rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", (_DIGIT, _EN_MONTH)),
        (rf"(?P<m>{_CN_N}{{1,3}})\s*月\s*(?P<d>{_CN_N}{{1,3}})\s*[日号]", (_YUE,)),
        # A bare month only after a preposition ("May" is also a verb), not before a year.
        (
            r"(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=since\s)|(?<=Since\s)|(?<=from\s)|(?<=until\s)"
            rf"|(?<=\bby\s)|(?<=early\s)|(?<=late\s)|(?<=mid-)){_MONTH}\b(?!\s*,?\s*\d)",
            (_EN_MONTH,),
        ),
        (
            r"(?<![\d.])(?<![\d〇零一二三四五六七八九]年)(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月"
            r"(?!\s*[\d一二三四五六七八九十])",
            (_YUE,),
        ),
    )
)

# A span of days in one month: "15 to 18 July 2024", "July 15-18, 2024", 7月15日至18日.
_RANGES = tuple(
    (re.compile(p), frozenset(needs))
    for p, needs in (
        (
            rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|to|and)\s*{_DAY}\s+{_MONTH}"
            rf"(?:,?\s+{_YEAR})?",
            (_DIGIT, _EN_MONTH),
        ),
        (
            rf"\b{_MONTH}\s+(?P<d1>\d{{1,2}})\s*(?:-|–|—|to)\s*{_DAY}\b(?:,?\s+{_YEAR})?",
            (_DIGIT, _EN_MONTH),
        ),
        (
            r"(?:(?P<y>\d{4})\s*年\s*)?(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?\s*"
            r"(?:至|到|-|—|–)\s*(?P<d>\d{1,2})\s*日",
            (_DIGIT, _YUE),
        ),
    )
)

Patterns = tuple[tuple[re.Pattern[str], frozenset[str]], ...]


def _present(text: str) -> frozenset[str]:
    return frozenset(cue for cue, pattern in _CUES.items() if pattern.search(text))


def _scan(patterns: Patterns, present: frozenset[str]) -> list[re.Pattern[str]]:
    """The ``patterns`` that can match a text holding the cues ``present``."""
    return [pattern for pattern, needs in patterns if needs <= present]


def find_dates(text: str, as_of: dt.date | None = None) -> list[Value]:
    """Dates in ``text``. A date without a year takes one from the last dated one before
    it in ``text`` ("on 7 July 2022 … from 1 September"), else from ``as_of`` (see
    above); without either it comes back as kind "blocked", so no other reading takes it.
    A span of days gives two dates, its first day (up to the first day's number) and its
    last (from the second), so "held from 15 to 18 July" reads as a start and an end."""
    found: list[Value] = []
    present = _present(text)
    ranges = _scan(_RANGES, present)
    for pattern in ranges:
        for m in pattern.finditer(text):
            if m["y"]:
                _add_span(found, m, _iso(m))
    for pattern in _scan(_DATE_PATTERNS, present):
        for m in pattern.finditer(text):
            iso = _iso(m)
            if iso and not overlaps(found, m.start(), m.end()):
                found.append(Value("date", m.start(), m.end(), iso))
    dated = sorted(found, key=lambda v: v.start)
    for pattern in ranges:
        for m in pattern.finditer(text):
            if not m["y"]:
                _add_span(found, m, _yearless(text, m, as_of, _anchor(dated, m.start())))
    for pattern in _scan(_PARTIAL_DATES, present):
        for m in pattern.finditer(text):
            if not overlaps(found, m.start(), m.end()):
                iso = _yearless(text, m, as_of, _anchor(dated, m.start()))
                found.append(Value("date" if iso else "blocked", m.start(), m.end(), iso))
    for value in weekday_dates(text, as_of):
        if not overlaps(found, value.start, value.end):
            found.append(value)
    return sorted(found, key=lambda v: v.start)


def _add_span(found: list[Value], m: re.Match[str], last: str) -> None:
    valid = last.count("-") == 2 and 1 <= int(m["d1"]) < int(last[8:])
    if valid and not overlaps(found, m.start(), m.end()):
        found.append(Value("date", m.start(), m.end("d1"), f"{last[:8]}{int(m['d1']):02d}"))
        found.append(Value("date", m.start("d"), m.end(), last))


def _anchor(dated: list[Value], start: int) -> str:
    """The last date with a year that ends before ``start``; "" if none."""
    before = [v.value for v in dated if v.end <= start]
    return before[-1] if before else ""


_YEAR_BEFORE = re.compile(r"(前年|去年|今年|明年|当年|同年)\s*$")
_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(last|this|next|that|the\s+same)\s+year\b", re.IGNORECASE)
_SAME = 99  # "that year", 当年: the year of the date told before
_SHIFTS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "当年": _SAME, "同年": _SAME}
_SHIFTS |= {"last": -1, "this": 0, "next": 1, "that": _SAME, "the same": _SAME}


def _relative_year(text: str, m: re.Match[str]) -> int | None:
    """The year of a yearless date relative to the item's (or, for :data:`_SAME`, to the
    date told before it), when the text says it."""
    before = _YEAR_BEFORE.search(text, max(0, m.start() - 4), m.start())
    if before:
        return _SHIFTS[before.group(1)]
    after = _YEAR_AFTER.match(text, m.end())
    if after:
        return _SHIFTS[" ".join(after.group(1).lower().split())]
    return None


def _groups(m: re.Match[str]) -> dict[str, str]:
    return {k: v for k, v in m.groupdict().items() if v}


def _yearless(text: str, m: re.Match[str], as_of: dt.date | None, anchor: str) -> str:
    """The ISO date of a yearless match: in the year the text gives relative to the item
    or to ``anchor`` (the date told before it), else nearest ``anchor``, else nearest
    ``as_of``; "" when nothing dates it."""
    shift = _relative_year(text, m)
    year = None
    if shift == _SAME:
        year = int(anchor[:4]) if anchor else (as_of.year if as_of else None)
    elif shift is not None:
        year = as_of.year + shift if as_of else None
    elif anchor.count("-") == 0 and anchor:
        year = int(anchor)  # "in 2021 … on 1 March": that year
    elif anchor:
        return _dated(
            m, dt.date.fromisoformat(anchor if anchor.count("-") == 2 else f"{anchor}-15")
        )
    elif as_of:
        return _dated(m, as_of)
    return _iso(_Groups(_groups(m) | {"y": str(year)})) if year else ""


def _dated(m: re.Match[str], as_of: dt.date) -> str:
    """The ISO date of a yearless match: in the year that puts it nearest ``as_of``."""
    groups = _groups(m)
    best: tuple[int, str] | None = None
    for year in (as_of.year - 1, as_of.year, as_of.year + 1):
        iso = _iso(_Groups(groups | {"y": str(year)}))
        if not iso:
            return ""
        parts = [int(p) for p in iso.split("-")] + [1]
        gap = abs((dt.date(parts[0], parts[1], max(parts[2], 1)) - as_of).days)
        if best is None or gap < best[0]:
            best = (gap, iso)
    return best[1] if best else ""


class _Groups:
    """Named groups standing in for a match, for :func:`_iso`."""

    def __init__(self, groups: dict[str, str]) -> None:
        self._groups = groups

    def groupdict(self) -> dict[str, str]:
        return self._groups


def _iso(m: re.Match[str] | _Groups) -> str:
    """The ISO date of a match with groups y, and maybe mon/m and d; "" if invalid."""
    groups = m.groupdict()
    year = int(parse_number(groups["y"]))
    if groups.get("mon"):
        month = _MONTHS[groups["mon"][:3].lower()]
    elif groups.get("m"):
        month = int(parse_number(groups["m"]))
    else:
        return str(year)
    day = int(parse_number(groups["d"])) if groups.get("d") else 0
    if not 1 <= month <= 12 or not 0 <= day <= calendar.monthrange(year, month)[1]:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"
