"""Labelling cost against the size of one item, and ``policywatch stance`` on a 5 MB item.

    .venv/bin/python bench/label_size.py [--feeds ../shared/datasets/real-feeds] [--rounds 3]
        [--sizes 10000,100000,1000000,5000000] [--no-command]

Builds items of 10 KB, 100 KB, 1 MB and 5 MB (bytes of UTF-8) from the texts of the
captured real feeds, those naming tracked entities first, concatenated and repeated, under
a real title, then times in one process what the
service does for each new item: matching and labelling against every bundled claim with
the shipped model. Prints the processor time per size (the least of ``--rounds`` runs)
and its ratio to the 10 KB time beside the ratio of the sizes: work that grows with the
text would follow the size ratio, and work bounded by what is read of an item (see
``watchers/extent.py``) stays flat once the item is longer than that.

Then runs ``policywatch stance`` as a command on a 10 KB and on a 5 MB item, end to end
(start-up and model loading included), and prints both wall times and their ratio.
Thread pools of the numeric libraries are held to one thread. Exits 0 without timing
when the feeds are absent.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from label_speed import DEFAULT, best_of, items_of  # noqa: E402

from watchers.config.file import bundled_config_dir, load_config  # noqa: E402
from watchers.matcher import Matcher  # noqa: E402
from watchers.model import Item  # noqa: E402
from watchers.stance import Labeller  # noqa: E402
from watchers.stance.model import load_default_model  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
"""Item sizes in bytes of UTF-8."""


def text_of(size: int, texts: Sequence[str]) -> str:
    """Real feed texts, one after another and again from the first, cut at ``size`` bytes."""
    pieces: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            pieces.append(text)
            total += len(text.encode()) + 2
            if total >= size:
                break
    return "\n\n".join(pieces).encode()[:size].decode(errors="ignore")


def in_process(sizes: Sequence[int], texts: Sequence[str], title: str, rounds: int) -> None:
    config = load_config(bundled_config_dir())
    matcher = Matcher.build(config.entities)
    labeller = Labeller(config.claims, matcher, load_default_model())
    print(f"matching and labelling one item ({len(config.claims)} claims, shipped model):")
    print(
        f"{'size':>10} {'characters':>11} {'mentions':>9} {'verdicts':>9} {'cpu s':>8} "
        f"{'x 10 KB':>8} {'size x':>7}"
    )
    base = 0.0
    for size in sizes:
        item = Item("bench", title, text_of(size, texts), guid=f"size-{size}")
        found: list[int] = [0, 0]

        def label(item: Item = item, found: list[int] = found) -> None:
            mentions = matcher.find_in_item(item)
            found[:] = [len(mentions), len(labeller.label_item(item, mentions))]

        # Processor time: on a shared machine the wall clock counts the others' work too.
        seconds = best_of(rounds, label, time.process_time)
        base = base or seconds
        print(
            f"{size:>10,} {len(item.text):>11,} {found[0]:>9} {found[1]:>9} {seconds:>8.3f} "
            f"{seconds / base:>8.1f} {size / sizes[0]:>7.0f}"
        )


def end_to_end(sizes: Sequence[int], texts: Sequence[str], title: str) -> None:
    claims = load_config(bundled_config_dir()).claims
    with tempfile.TemporaryDirectory() as tmp:
        claims_path = Path(tmp, "claims.jsonl")
        claims_path.write_text(
            "".join(json.dumps({"id": c.id, "text": c.text}) + "\n" for c in claims),
            encoding="utf-8",
        )
        print("policywatch stance, one item, every bundled claim, as a command:")
        base = 0.0
        for size in (sizes[0], sizes[-1]):
            items_path = Path(tmp, f"items-{size}.jsonl")
            record = {"id": "big", "title": title, "text": text_of(size, texts)}
            items_path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            command = [sys.executable, "-m", "bot.cli", "stance"]
            command += ["--claims", str(claims_path), "--items", str(items_path)]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            seconds = time.perf_counter() - start
            base = base or seconds
            lines = len(done.stdout.splitlines())
            print(
                f"{size:>10,} bytes: {seconds:6.2f} s wall, {lines} verdicts, "
                f"{seconds / base:.1f}x the {sizes[0]:,}-byte item"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--feeds", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--sizes",
        type=lambda v: tuple(int(s) for s in v.split(",")),
        default=SIZES,
        help="item sizes in bytes, smallest first (default: %(default)s)",
    )
    parser.add_argument("--no-command", action="store_true", help="skip the end-to-end runs")
    args = parser.parse_args(argv)
    if not args.feeds.is_dir():
        print(f"no feeds at {args.feeds}: nothing timed")
        return 0
    items = [i for i in items_of(args.feeds) if i.text.strip()]
    matcher = Matcher.build(load_config(bundled_config_dir()).entities)
    # The items that name tracked entities first, so that every size has some to label.
    named = [bool(matcher.find_in_item(i)) for i in items]
    texts = [i.text for _, i in sorted(zip(named, items, strict=True), key=lambda p: not p[0])]
    title = next(i.title for n, i in zip(named, items, strict=True) if n)
    in_process(args.sizes, texts, title, args.rounds)
    if not args.no_command:
        end_to_end(args.sizes, texts, title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
