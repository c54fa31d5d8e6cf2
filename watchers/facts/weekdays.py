"""Days named by their weekday: "wrapped up … on Thursday", 周四闭幕, "will meet next
Monday".

Wire copy dates the news of the week by weekday alone; read against the day the item was
published, "on Thursday" is the last Thursday up to that day (the same day counts: a
story of Thursday about Thursday), "next Monday" the first after it, "last Thursday"
the one before, and 上周四 the Thursday of the week before. An item dated only to its
month (published on the 1st, as a partial date reads) dates no weekday: the week is
unknown.
"""

from __future__ import annotations

import datetime as dt
import re

from watchers.facts.values import Value

_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ZH_DAYS = "一二三四五六日"
_EN = re.compile(
    r"\b(?:(?P<when>last|this|next|on)\s+)(?P<day>monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b",
    re.IGNORECASE,
)
_ZH = re.compile(r"(?P<when>上|本|下)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天])")


# Days and weeks named relative to the story's day: "yesterday", 昨天, "last week".
_DAYS_BACK = re.compile(r"\b(?P<en>today|yesterday)\b|(?P<zh>今天|今日|昨天|昨日)", re.IGNORECASE)
_BACK = {"today": 0, "yesterday": 1, "今天": 0, "今日": 0, "昨天": 1, "昨日": 1}
_LAST_WEEK = re.compile(r"\blast\s+week\b|上周(?![一二三四五六日天])", re.IGNORECASE)


def weekday_dates(text: str, as_of: dt.date | None) -> list[Value]:
    """The dates of the weekdays ``text`` names, read against ``as_of``; also "today",
    "yesterday" (their day) and "last week" (its month, when the week lies in one)."""
    if as_of is None or as_of.day == 1:
        return []
    found = []
    for m in _DAYS_BACK.finditer(text):
        day = as_of - dt.timedelta(days=_BACK[m.group().lower()])
        found.append(Value("date", m.start(), m.end(), day.isoformat()))
    for m in _LAST_WEEK.finditer(text):
        monday = as_of - dt.timedelta(days=as_of.weekday() + 7)
        sunday = monday + dt.timedelta(days=6)
        if monday.month == sunday.month:
            found.append(Value("date", m.start(), m.end(), monday.isoformat()[:7]))
    for m in _EN.finditer(text):
        weekday = _EN_DAYS.index(m["day"].lower())
        found.append(_value(m, as_of, weekday, (m["when"] or "").lower()))
    for m in _ZH.finditer(text):
        weekday = _ZH_DAYS.index(m["day"].replace("天", "日"))
        week = {"上": -1, "下": 1}.get(m["when"] or "")
        if week is None:
            found.append(_value(m, as_of, weekday, "on"))
        else:  # 上周四: Thursday of the calendar week before
            monday = as_of - dt.timedelta(days=as_of.weekday())
            day = monday + dt.timedelta(days=7 * week + weekday)
            found.append(Value("date", m.start(), m.end(), day.isoformat()))
    return found


def _value(m: re.Match[str], as_of: dt.date, weekday: int, when: str) -> Value:
    back = (as_of.weekday() - weekday) % 7
    if when == "next":
        day = as_of + dt.timedelta(days=(weekday - as_of.weekday()) % 7 or 7)
    elif when == "last":
        day = as_of - dt.timedelta(days=back or 7)
    else:
        day = as_of - dt.timedelta(days=back)
    return Value("date", m.start("day") if when == "on" else m.start(), m.end(), day.isoformat())
