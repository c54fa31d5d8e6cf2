"""Numbers and durations in English and Chinese text: ¥10 billion, 50 million yuan, 5%,
1.4 billion people, within 24 hours, a five-year term, 10亿元, 百分之五, 24小时, 五年."""

from __future__ import annotations

import re
from decimal import Decimal

from watchers.facts.values import Value, iso_duration, overlaps, parse_number, plain

_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "b": 9,
    "trillion": 12, "tn": 12, "千": 3, "万": 4, "亿": 8, "万亿": 12,
}  # fmt: skip
_CURRENCIES = {
    "¥": "CNY", "cn¥": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "renminbi": "CNY",
    "元": "CNY", "人民币": "CNY", "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD",
    "dollars": "USD", "美元": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "欧元": "EUR", "hk$": "HKD", "港元": "HKD",
}  # fmt: skip
_TIME_UNITS = {
    "minute": "TM", "hour": "TH", "hr": "TH", "day": "D", "working day": "D",
    "business day": "D", "week": "W", "month": "M", "year": "Y",
    "分钟": "TM", "小时": "TH", "天": "D", "日": "D", "工作日": "D", "周": "W", "星期": "W",
    "月": "M", "年": "Y",
}  # fmt: skip
_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_WORD_NUMBERS = {w: n for n, w in enumerate(_SMALL_NUMBERS.split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
_WORD_NUMBERS.update({"eighty": 80, "ninety": 90, "hundred": 100})

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMW = rf"(?:{_NUM}|(?P<word>(?:{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})))"
_SCALE = r"(?P<scale>thousand|million|billion|trillion|bn|mn|tn)"
_CUR_PRE = r"(?P<cur>US\$|HK\$|CN¥|\$|¥|€|RMB|CNY|USD|EUR)"
_CUR_POST = r"(?P<cur2>yuan|renminbi|dollars?|euros?|RMB|CNY|USD|EUR)"
# Up to three words after a count, of which the last before any function word is the
# thing counted: "39 first-tier '985' universities", "32 million people in Chongqing".
_NOUN = r"(?P<noun>(?:[a-z][\w-]*|'[^'\s]{1,12}')(?:\s+(?:[a-z][\w-]*|'[^'\s]{1,12}')){0,2})"
_CN_NUMERALS = "零〇一二两三四五六七八九十百千"
_CNUM = rf"(?<![\d.{_CN_NUMERALS}])(?P<num>\d+(?:\.\d+)?|[{_CN_NUMERALS}]+)"
_ZSCALE = r"(?P<scale>万亿|亿|万|千)"

# (kind, pattern, cues), most specific first. A pattern is scanned only in a text that
# holds one of its cues (see _cues): a word it cannot match without, a digit, a mark.
_QUANTITY_PATTERNS = tuple(
    (kind, re.compile(p, re.IGNORECASE if kind != "zh" else 0), frozenset(cues))
    for kind, p, cues in (
        (
            "money",
            rf"{_CUR_PRE}\s?{_NUM}\s?(?:{_SCALE}|(?P<short>[mbk])\b)?(?:\s+{_CUR_POST})?",
            ("digit",),
        ),
        ("money", rf"\b{_NUMW}\s?{_SCALE}?\s+{_CUR_POST}\b", ("currency",)),
        ("percent", rf"\b{_NUMW}\s?(?:%|percent\b|per cent\b)", ("%", "percent")),
        (
            "duration",
            rf"\b{_NUMW}(?:\s|-)(?P<unit>(?:working |business )?day|hour|hr|minute|"
            rf"week|month|year)s?\b(?![-\s]old\b)",  # "a 61-year-old" is an age
            ("unit",),
        ),
        ("duration", r"\b(?P<half>half)\s+an?\s+(?P<unit>hour|day)\b", ("half",)),
        ("times", rf"\b{_NUMW}\s+times\b|\b(?P<once>once|twice|thrice)\b", ("times",)),
        ("count", rf"\b{_NUMW}\s?{_SCALE}\b(?:\s+{_NOUN})?", ("scale",)),
        # A body's size made an adjective: "the 25-member Politburo", "a 205-strong
        # committee" (not every "12-inch" or "three-tier" is a count worth comparing).
        (
            "count",
            rf"(?<![\d.,-])\b{_NUMW}-(?P<noun>member|seat|person|strong)\b(?!-)",
            ("size",),
        ),
        ("count", rf"(?<![\d.,])\b{_NUM}\s+{_NOUN}", ("digit",)),
        (
            "count",
            rf"\b(?P<word>{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})\s+{_NOUN}",
            ("number word",),
        ),
        ("zh", rf"(?:人民币)?{_CNUM}\s?{_ZSCALE}?\s?(?P<cur2>元|美元|欧元|港元)", ("han",)),
        ("zh", rf"百分之{_CNUM}", ("han",)),
        ("zh", rf"{_CNUM}\s?%", ("%",)),
        ("zh", rf"{_CNUM}\s?(?:个)?(?P<unit>小时|分钟|工作日|天|日|周|星期)", ("han",)),
        ("zh", r"(?<![\d一二两三四五六七八九十])(?P<half>半)(?:个)?(?P<unit>小时|天)", ("han",)),
        (
            "zh",
            rf"{_CNUM}\s?个(?P<unit>月)|(?<!\d)(?P<yn>\d{{1,2}}|[一二两三四五六七八九十]{{1,3}})年",
            ("han",),
        ),
        ("zh", rf"(?<!第){_CNUM}\s?{_ZSCALE}?(?P<noun>家|项|条|名|人|部|款|位|户|件|次)", ("han",)),
        ("zh", rf"{_CNUM}\s?{_ZSCALE}", ("han",)),
    )
)
# The words that are cues, by the same vocabularies the patterns are written from; a
# cue word is one whole run of letters in the text, as the patterns' word bounds need.
# The text is width-folded (watchers.text.fold_width): every letter a case-blind
# pattern takes for an ASCII one (the long s, the Kelvin sign) is ASCII there.
_CUE_WORDS = {
    "currency": frozenset(k for k in _CURRENCIES if k.isascii() and k.isalpha()),
    "percent": frozenset({"percent", "per"}),
    "unit": frozenset(w for u in _TIME_UNITS if u.isascii() and u.isalpha() for w in (u, u + "s")),
    "half": frozenset({"half"}),
    "times": frozenset({"times", "once", "twice", "thrice"}),
    "scale": frozenset(k for k in _SCALES if k.isascii() and len(k) > 1),
    "size": frozenset({"member", "seat", "person", "strong"}),
    "number word": frozenset(_WORD_NUMBERS),
}
_LETTERS = re.compile("[a-z]+")
_DIGIT = re.compile(r"\d")
_HAN = re.compile("[\u4e00-\u9fff]")


def _cues(text: str) -> frozenset[str]:
    """The cues ``text`` holds (see _QUANTITY_PATTERNS)."""
    words = set(_LETTERS.findall(text.lower()))
    found = {cue for cue, vocabulary in _CUE_WORDS.items() if not words.isdisjoint(vocabulary)}
    found.update(cue for cue, p in (("digit", _DIGIT), ("han", _HAN)) if p.search(text))
    if "%" in text:
        found.add("%")
    return frozenset(found)


_ANY_NUMBER = re.compile(
    rf"[\d{_CN_NUMERALS}半]|\b(?:{'|'.join(_WORD_NUMBERS)}|once|twice|thrice|half)\b",
    re.IGNORECASE,
)
# Words after a number that make it something other than a counted quantity.
_FUNCTION_WORDS = (
    "and or to of in on at by for from the a an per than with that which who as into over "
    "under percent times is are was were be been has have had will would can could may "
    "might must should said says do does did"
)
_NOT_NOUNS = frozenset(_FUNCTION_WORDS.split())


def find_quantities(text: str, taken: list[Value]) -> list[Value]:
    """Numbers and durations in ``text`` that do not overlap ``taken`` (e.g. dates)."""
    if not _ANY_NUMBER.search(text):
        return []
    found = list(taken)
    cues = _cues(text)
    for kind, pattern, needs in _QUANTITY_PATTERNS:
        if cues.isdisjoint(needs):
            continue
        for m in pattern.finditer(text):
            value = _quantity(kind, m)
            if value is not None and not overlaps(found, m.start(), m.end()):
                found.append(value)
    return sorted((v for v in found if v not in taken), key=lambda v: v.start)


def _quantity(kind: str, m: re.Match[str]) -> Value | None:
    """The value of one quantity match, or None when it is not one after all."""
    g = {k: v for k, v in m.groupdict().items() if v}
    if "once" in g:
        return _once(m, g["once"].lower())
    if "half" in g:  # half an hour is 30 minutes, half a day 12 hours
        letter = _TIME_UNITS[g["unit"].lower()]
        smaller, parts = {"TH": ("TM", 60), "D": ("TH", 24)}[letter]
        return Value("duration", m.start(), m.end(), iso_duration(Decimal(parts // 2), smaller))
    number = _WORD_NUMBERS[g["word"].lower()] if "word" in g else None
    amount = Decimal(number) if number is not None else parse_number(g.get("num", g.get("yn", "")))
    scale = g.get("scale") or g.get("short") or ""
    amount *= Decimal(10) ** _SCALES.get(scale.lower(), 0)
    if "unit" in g or "yn" in g:
        letter = _TIME_UNITS[g.get("unit", "年").lower()]
        return Value("duration", m.start(), m.end(), iso_duration(amount, letter))
    unit = _quantity_unit(kind, m, g)
    if unit is None:
        return None
    return Value("number", m.start(), m.end(), plain(amount), unit)


def _quantity_unit(kind: str, m: re.Match[str], g: dict[str, str]) -> str | None:
    """Currency code, "percent", a counted noun or "" (bare scaled number); None: skip."""
    if "cur" in g or "cur2" in g:
        return _CURRENCIES[g.get("cur", g.get("cur2", "")).lower()]
    if kind == "percent" or "%" in m.group() or m.group().startswith("百分之"):
        return "percent"
    if kind == "times" or g.get("noun") == "次":
        return "times"
    noun = _counted(g.get("noun", ""))
    if not noun and not g.get("scale"):
        return None
    return noun


def _counted(words: str) -> str:
    """The thing counted, singular, from the words after a count ("" if none)."""
    head = ""
    for word in words.lower().split():
        if word in _NOT_NOUNS or word.rstrip("s") in _TIME_UNITS:
            break
        head = word
    if not head.isalpha():
        return ""
    if head.endswith("ies") and len(head) > 4:
        return head[:-3] + "y"
    return head[:-1] if len(head) > 3 and head.endswith("s") else head


_ONCE = {"once": 1, "twice": 2, "thrice": 3}
# "once" counts only where something is being counted: after a quoted term or a verb
# of mentioning ("mentioned 'domestic consumption' only once"), not in "once again".
_COUNTING = re.compile(
    r"(?<![A-Za-z])['\"][^'\"]{1,30}['\"](?![A-Za-z])|\b(?:mention|cit|appear|occur)\w*"
    r"|\bus(?:ed|es|ing)\b",
    re.IGNORECASE,
)


def _once(m: re.Match[str], word: str) -> Value | None:
    before = m.string[max(0, m.start() - 40) : m.start()]
    if not _COUNTING.search(before):
        return None
    return Value("number", m.start(), m.end(), str(_ONCE[word]), "times")
