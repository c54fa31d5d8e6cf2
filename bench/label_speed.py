"""Labelling speed on real feed items with every bundled claim, on one core.

    .venv/bin/python bench/label_speed.py [--feeds ../shared/datasets/real-feeds] [--rounds 3]

Parses every captured feed under ``--feeds`` with the project's parser, then, in the same
process and over the same items, times:

- matching alone (``Matcher.find_in_item``), the baseline;
- matching and labelling against all bundled claims (``Labeller.label_item``), with the
  shipped model, as the service does for each new item.

Prints items per second for both, the ratio between them, and how many verdicts of each
stance were given; the target is at least 50 items/s for the full path. Thread pools of
the numeric libraries are held to one thread so the figure is one core's. Exits 0
without timing when the feeds are absent.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

from watchers.config.file import bundled_config_dir, load_config  # noqa: E402
from watchers.errors import PolicywatchError  # noqa: E402
from watchers.matcher import Matcher  # noqa: E402
from watchers.model import Item  # noqa: E402
from watchers.parser import parse_feed  # noqa: E402
from watchers.stance import Labeller  # noqa: E402
from watchers.stance.model import load_default_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "datasets" / "real-feeds"


def items_of(folder: Path) -> list[Item]:
    items: list[Item] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md"):
        try:
            parsed = parse_feed(path.read_bytes(), feed_id=path.stem, url=path.as_uri())
        except PolicywatchError:
            continue
        items.extend(parsed.items)
    return items


def best_of(
    rounds: int, work: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    """The least time ``work`` took over ``rounds`` runs, by ``clock``."""
    times = []
    for _ in range(rounds):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--feeds", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.feeds.is_dir():
        print(f"no feeds at {args.feeds}: nothing timed")
        return 0
    config = load_config(bundled_config_dir())
    matcher = Matcher.build(config.entities)
    labeller = Labeller(config.claims, matcher, load_default_model())
    items = items_of(args.feeds)
    size = sum(len(i.title) + len(i.text) for i in items) / 1e6
    print(f"{len(items)} items ({size:.1f} M characters), {len(config.claims)} claims")
    found = {i: matcher.find_in_item(i) for i in items}
    matching = best_of(args.rounds, lambda: [matcher.find_in_item(i) for i in items])
    stances: Counter[str] = Counter()

    def label_all() -> None:
        stances.clear()
        for item in items:
            for verdict in labeller.label_item(item, matcher.find_in_item(item)):
                stances[verdict.stance.value] += 1

    labelling = best_of(args.rounds, label_all)
    related = sum(bool(m) for m in found.values())
    print(f"items naming a tracked entity: {related}; verdicts: {dict(stances)}")
    print(f"matching alone          {len(items) / matching:8.0f} items/s")
    print(f"matching and labelling  {len(items) / labelling:8.0f} items/s (target >= 50)")
    print(f"labelling costs {labelling / matching:.1f}x matching alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
