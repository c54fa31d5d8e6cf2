"""Values written in English or Chinese, and their normal forms.

Dates are ISO with the precision written (``2021-09-01``, ``2023-03``, ``2012``);
numbers are plain decimal strings with scale words multiplied out ("¥10 billion" is
``10000000000`` with unit ``CNY``); durations are ISO-8601 (``PT24H``, ``P5Y``). The
finders (:mod:`watchers.facts.dates`, :mod:`watchers.facts.quantities`) read
width-folded text (:func:`watchers.text.fold_width`), so digits are ASCII, and return
:class:`Value` spans in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Value:
    """A date, number or duration found in a text.

    ``kind`` is "date", "number", "duration" or "blocked" (a month and day without a
    year: no ISO value, but its digits are not a quantity either).
    """

    kind: str
    start: int
    end: int
    value: str
    unit: str = ""


# --- Chinese numerals -----------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


def parse_number(text: str) -> Decimal:
    """A number written with digits ("1,200.5") or Chinese numerals ("二十四", "二〇二一").

    Raises ValueError naming the text when it is neither.
    """
    plain = text.replace(",", "")
    try:
        return Decimal(plain)
    except InvalidOperation:
        pass
    if not plain or any(
        ch not in _CN_DIGITS and ch not in _CN_SMALL and ch not in _CN_BIG for ch in plain
    ):
        raise ValueError(f"not a number: {text!r}")
    if not any(ch in _CN_SMALL or ch in _CN_BIG for ch in plain):
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in plain))
    return Decimal(_cn_positional(plain))


def _cn_positional(text: str) -> int:
    """Chinese numerals with place words: 二十四 = 24, 一千二百万 = 12000000."""
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
        else:
            total = (total + section + digit) * _CN_BIG[ch]
            section = digit = 0
    return total + section + digit


def plain(number: Decimal) -> str:
    """``number`` as a plain decimal string without exponent or trailing zeros."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def overlaps(found: list[Value], start: int, end: int) -> bool:
    """True if ``[start, end)`` overlaps one of ``found``."""
    return any(v.start < end and start < v.end for v in found)


def iso_duration(amount: Decimal, letter: str) -> str:
    """ISO-8601 for ``amount`` units: letter "TH" gives "PT24H", "Y" gives "P5Y"."""
    if letter.startswith("T"):
        return f"PT{plain(amount)}{letter[1]}"
    return f"P{plain(amount)}{letter}"


_SECONDS = {"H": 3600, "TM": 60, "D": 86400, "W": 7 * 86400, "M": 30 * 86400, "Y": 365 * 86400}
_ISO_DURATION = re.compile(r"P(?:T(?P<t>[\d.]+)(?P<tu>[HM])|(?P<n>[\d.]+)(?P<u>[DWMY]))")


def duration_seconds(iso: str) -> Decimal:
    """Seconds in an ISO-8601 duration of one unit (months 30 days, years 365).

    Raises ValueError naming the text when it is not such a duration.
    """
    m = _ISO_DURATION.fullmatch(iso)
    if m is None:
        raise ValueError(f"not a one-unit ISO-8601 duration: {iso!r}")
    if m["t"]:
        return Decimal(m["t"]) * _SECONDS["H" if m["tu"] == "H" else "TM"]
    return Decimal(m["n"]) * _SECONDS[m["u"]]
