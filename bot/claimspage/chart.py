"""A claim's evidence over time as chart geometry (pure): the running count of each label,
as step lines in a small plot, for the page to draw as inline SVG.

Only numbers and dates come out, so the SVG needs no text from feeds; the page works
without scripts or anything fetched from elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from watchers.model import Stance

WIDTH, HEIGHT = 560, 150
LEFT, RIGHT, TOP, BOTTOM = 36, WIDTH - 12, 12, HEIGHT - 26
ORDER = (Stance.CORROBORATES, Stance.CONTRADICTS, Stance.MENTIONS)


@dataclass(frozen=True)
class Series:
    """One label's running count: a polyline's ``points`` and a dot per item."""

    stance: Stance
    points: str
    dots: tuple[tuple[float, float], ...]
    total: int


@dataclass(frozen=True)
class Chart:
    series: tuple[Series, ...]
    start: str  # the first and last dates, as labels of the time axis
    end: str
    top_count: int  # the count at the top of the plot
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def evidence_chart(events: Sequence[tuple[datetime, Stance]]) -> Chart | None:
    """The chart of ``events`` (when, label); None without any."""
    if not events:
        return None
    times = sorted(when for when, _ in events)
    start, end = times[0], times[-1]
    if end - start < timedelta(days=1):  # one day's evidence sits in the middle of a day
        start, end = start - timedelta(hours=12), end + timedelta(hours=12)
    counts = {s: sum(1 for _, stance in events if stance is s) for s in ORDER}
    top_count = max(counts.values())

    def x(when: datetime) -> float:
        return round(LEFT + (RIGHT - LEFT) * ((when - start) / (end - start)), 1)

    def y(count: int) -> float:
        return round(BOTTOM - (BOTTOM - TOP) * count / top_count, 1)

    series = []
    for stance in ORDER:
        if not counts[stance]:
            continue
        steps = sorted(when for when, s in events if s is stance)
        points = [(float(LEFT), y(0))]
        dots = []
        for n, when in enumerate(steps, 1):
            points += [(x(when), y(n - 1)), (x(when), y(n))]
            dots.append((x(when), y(n)))
        points.append((float(RIGHT), y(len(steps))))
        text = " ".join(f"{px},{py}" for px, py in points)
        series.append(Series(stance, text, tuple(dots), len(steps)))
    return Chart(tuple(series), f"{times[0]:%Y-%m-%d}", f"{times[-1]:%Y-%m-%d}", top_count)
