"""What parse_feed costs on the real-feeds captures, before and after a change, each as
a ratio against feedparser.parse of the same bytes, all measured in one run.

Run as ``.venv/bin/python bench/parse_cost.py [--before REV] [--rounds 5]``. Reads every
capture of ../shared/datasets/real-feeds (exits 0 when it is absent; a gzip capture is
unpacked, as the HTTP client would) and times, in turn for ``--rounds`` rounds, keeping
each one's best:

* ``feedparser.parse`` of the capture's bytes (with parse_feed's options: no sanitizing,
  no resolving of relative URIs; JSON Feed documents too, which it rejects at once);
* :func:`watchers.parser.parse_feed` as it is;
* parse_feed with the fast reader and the HTML reader of revision ``--before`` (default
  ``main``): ``watchers/fastfeed.py`` and ``watchers/htmltext.py`` as they were there.

Then says how many documents the two parse_feed readings give different items for.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import feedparser  # noqa: E402
from beforeafter import module_at, seconds  # noqa: E402

import watchers.feedfields  # noqa: E402
import watchers.jsonfeed  # noqa: E402
import watchers.parser  # noqa: E402
from watchers.errors import FeedParseError  # noqa: E402

REAL_FEEDS = ROOT.parent / "shared" / "datasets" / "real-feeds"
URL = "https://feeds.example/feed"


def captures() -> list[bytes]:
    bodies = []
    for path in sorted(p for p in REAL_FEEDS.rglob("*") if p.is_file()):
        if path.suffix == ".md" or path.name == "LICENSE":
            continue
        body = path.read_bytes()
        bodies.append(gzip.decompress(body) if body.startswith(b"\x1f\x8b") else body)
    return bodies


@contextmanager
def readers_of(revision: str) -> Iterator[None]:
    """parse_feed with the fast reader and HTML reader of ``revision``."""
    fast = module_at(revision, "watchers/fastfeed.py").read_fast
    html = module_at(revision, "watchers/htmltext.py").html_to_text
    now = (watchers.parser.read_fast, watchers.feedfields.html_to_text)
    watchers.parser.read_fast = fast
    watchers.feedfields.html_to_text = watchers.jsonfeed.html_to_text = html
    try:
        yield
    finally:
        watchers.parser.read_fast = now[0]
        watchers.feedfields.html_to_text = watchers.jsonfeed.html_to_text = now[1]


def parse(body: bytes) -> object:
    try:
        return replace(watchers.parser.parse_feed(body, feed_id="f", url=URL), entries=())
    except FeedParseError as exc:
        return str(exc)


def bare(body: bytes) -> object:
    return feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not REAL_FEEDS.is_dir():
        print(f"skipped: {REAL_FEEDS} is absent")
        return
    bodies = captures()
    best = {"feedparser.parse": float("inf"), "parse_feed": float("inf"), "before": float("inf")}
    for _ in range(args.rounds):
        best["feedparser.parse"] = min(best["feedparser.parse"], seconds(bare, bodies))
        best["parse_feed"] = min(best["parse_feed"], seconds(parse, bodies))
        with readers_of(args.before):
            best["before"] = min(best["before"], seconds(parse, bodies))
    now = [parse(b) for b in bodies]
    with readers_of(args.before):
        differ = sum(parse(b) != n for b, n in zip(bodies, now, strict=True))
    size = sum(map(len, bodies)) / 1e6
    print(f"real-feeds: {len(bodies)} captures, {size:.1f} MB; best of {args.rounds} rounds")
    base = best["feedparser.parse"]
    for name, label in (
        ("feedparser.parse", "feedparser.parse"),
        ("before", f"parse_feed at {args.before}"),
        ("parse_feed", "parse_feed now"),
    ):
        print(f"  {label:28} {best[name]:7.3f} s  {best[name] / base:5.2f}x feedparser's time")
    print(f"  now {best['before'] / best['parse_feed']:.2f}x faster than at {args.before}")
    print(f"  {differ} of {len(bodies)} documents give other items than at {args.before}")


if __name__ == "__main__":
    main()
