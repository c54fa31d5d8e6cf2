"""When things happen: durations (``30m``, ``1h30m``) and digest schedules (``every 1h``, cron).

Each grammar reads one string and raises ``ValueError`` with a message for the person
who wrote it; :func:`format_duration` writes a duration back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

MIN_SCHEDULE = timedelta(minutes=1)
"""The shortest interval a schedule (or a remote feed's polling) may have."""

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNIT_SECONDS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def parse_duration(text: str) -> timedelta:
    """Parse ``45s``, ``30m``, ``2h``, ``1d`` or a combination in that order (``1h30m``).

    Raises ``ValueError`` if ``text`` is anything else.
    """
    match = _DURATION.fullmatch(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"expected a duration such as 30m, got {text!r}")
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest text :func:`parse_duration` reads back as ``value`` (whole seconds)."""
    remaining = int(value.total_seconds())
    if remaining < 0 or remaining != value.total_seconds():
        raise ValueError(f"cannot write {value!r} as a duration of whole seconds")
    parts = []
    for unit, seconds in _UNIT_SECONDS:
        count, remaining = divmod(remaining, seconds)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


@dataclass(frozen=True)
class Schedule:
    """When a route sends its digest: every fixed interval, or on a 5-field cron line."""

    every: timedelta | None = None
    cron: str = ""

    def __post_init__(self) -> None:
        if (self.every is None) == (not self.cron):
            raise ValueError("a schedule has exactly one of 'every' and 'cron'")

    def __str__(self) -> str:
        return self.cron if self.every is None else format_duration(self.every)


def next_digest(schedule: Schedule, last: datetime | None, now: datetime) -> datetime:
    """When a route's next digest is due, from its last digest round and the calendar.

    An interval counts from the last round, a cron line fires at its first time after
    it: restarts and config edits move neither. A time at or before ``now`` means due
    now; a route that missed several while the service was down is due once. A route
    with no round yet is due now with an interval, and at its next calendar time with
    a cron line.
    """
    if schedule.every is not None:
        return now if last is None else last + schedule.every
    trigger = CronTrigger.from_crontab(schedule.cron, timezone="UTC")
    fire: datetime | None = trigger.get_next_fire_time(last, now)
    if fire is None:  # a calendar with no time left in it: never
        return datetime.max.replace(tzinfo=now.tzinfo)
    return fire


def parse_schedule(text: str) -> Schedule:
    """Parse ``1h``, ``every 1h`` or a cron line such as ``0 9 * * 1-5``.

    Intervals must be at least a minute. Cron lines mean what they mean to crontab, in
    UTC: their day of week is rewritten with names (``mon-fri``) so that APScheduler,
    which runs them, reads them the same way, and they are checked with it. Raises
    ``ValueError`` otherwise.
    """
    words = text.split()
    if len(words) == 5:
        return _parse_cron(" ".join(words))
    spec = words[1] if len(words) == 2 and words[0] == "every" else text
    try:
        every = parse_duration(spec)
    except ValueError:
        raise ValueError(
            "expected a duration such as 1h, 'every 1h' or a 5-field cron expression"
            f" such as '0 9 * * 1-5', got {text!r}"
        ) from None
    if every < MIN_SCHEDULE:
        raise ValueError(f"a schedule must be at least 1m, got {text!r}")
    return Schedule(every=every)


def _parse_cron(line: str) -> Schedule:
    minute, hour, day, month, weekday = line.split()
    if day != "*" and weekday != "*":
        # crontab runs when either field matches, APScheduler only when both do.
        raise ValueError(f"restrict the day of month or the day of week, not both: {line!r}")
    try:
        cron = " ".join((minute, hour, day, month, _weekday_names(weekday)))
        CronTrigger.from_crontab(cron, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"invalid cron expression {line!r}: {exc}") from None
    return Schedule(cron=cron)


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _weekday_names(field: str) -> str:
    """A crontab day-of-week field (0 and 7 are Sunday; names allowed) written with names.

    APScheduler numbers weekdays from Monday = 0, so "1-5" would run Tuesday to Saturday
    there; day names mean the same to crontab and to APScheduler.
    """
    days: set[int] = set()
    for part in field.lower().split(","):
        days |= _weekday_part(part)
    if len(days) == 7:
        return "*"
    monday_first = sorted((d - 1) % 7 for d in days)
    runs: list[list[int]] = []
    for d in monday_first:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    names = [[_DAYS[(d + 1) % 7] for d in run] for run in runs]
    return ",".join(f"{n[0]}-{n[-1]}" if len(n) > 2 else ",".join(n) for n in names)


def _weekday_part(part: str) -> set[int]:
    """The days (Sunday = 0) one comma-separated part such as ``1-5``, ``*/2`` or ``mon`` names."""
    body, slash, step_text = part.partition("/")
    if slash and not (step_text.isdigit() and int(step_text) > 0):
        raise ValueError(f"bad step in day of week {part!r}")
    step = int(step_text) if slash else 1
    if body == "*":
        first, last = 0, 6
    else:
        start, dash, end = body.partition("-")
        first = _weekday(start)
        last = _weekday(end) if dash else (6 if slash else first)
    if last < first:
        raise ValueError(f"day-of-week range {part!r} runs backwards")
    return {d % 7 for d in range(first, last + 1, step)}


def _weekday(text: str) -> int:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text in _DAYS:
        return _DAYS.index(text)
    raise ValueError(f"expected a day of week 0-7 or sun-sat, got {text!r}")
