"""watchers.htmltext.html_to_text against the previous version and an lxml reading:
speed, and how many outputs differ.

Run as ``.venv/bin/python bench/html_text.py [--before REV] [--show N]``. Gathers every
value :func:`watchers.parser.parse_feed` hands to ``html_to_text`` (entry and feed
titles, summaries and contents typed HTML, JSON Feed ``content_html``) for all documents
of ../shared/datasets/real-feeds and feedparser-corpus (exits 0 when they are absent),
read both by the fast reader and by feedparser, without repeats. Then times each reader
on all of them, best of five rounds taken in turn, and counts the values whose text
differs from the version at ``--before`` (default ``main``); ``--show`` prints up to N.

The lxml reading (libxml2's HTML parser, walked the same way) is here because it was
the other candidate: it is slower, and libxml2 does not build HTML5's tree (it drops
an end tag ``</br>``, which a browser and lexbor read as a line break).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from beforeafter import module_at, seconds  # noqa: E402
from lxml import etree  # noqa: E402

import watchers.feedfields  # noqa: E402
import watchers.jsonfeed  # noqa: E402
from watchers import htmltext  # noqa: E402
from watchers.errors import FeedParseError  # noqa: E402
from watchers.parser import parse_feed  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
CORPORA = ("real-feeds", "feedparser-corpus")


def gather() -> list[str]:
    """The values parse_feed hands to html_to_text, in order of first appearance."""
    seen: dict[str, None] = {}

    def keep(html: str) -> str:
        seen.setdefault(html)
        return htmltext.html_to_text(html)

    watchers.feedfields.html_to_text = watchers.jsonfeed.html_to_text = keep
    try:
        for corpus in CORPORA:
            for path in sorted(p for p in (SHARED / corpus).rglob("*") if p.is_file()):
                if path.suffix == ".md" or path.name == "LICENSE":
                    continue
                body = path.read_bytes()
                if body.startswith(b"\x1f\x8b"):  # a capture of a gzip-encoded answer
                    body = gzip.decompress(body)
                for fast in (True, False):
                    with contextlib.suppress(FeedParseError):
                        parse_feed(body, feed_id="f", url="https://x.example/f", fast=fast)
    finally:
        watchers.feedfields.html_to_text = watchers.jsonfeed.html_to_text = htmltext.html_to_text
    return list(seen)


def lxml_text(html: str) -> str:
    """html_to_text's contract on libxml2's tree, with html_to_text's own pieces."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    if "/>" in html:
        html = htmltext._SELF_CLOSED_HIDDEN.sub(r"<\1\2></\1>", html)
    root = etree.HTML(html)
    if root is None:
        return ""
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction: its tail only
            if event == "end" and element.tail:
                parts.append(element.tail)
            continue
        if event == "start" and tag in htmltext._HIDDEN:
            walker.skip_subtree()
            continue
        parts.append(htmltext._BOUNDARY.get(tag, ""))
        text = element.text if event == "start" else element.tail
        parts.append((text or "").replace(htmltext._BREAK, ""))
    return htmltext._lines("".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision to compare with")
    parser.add_argument("--show", type=int, default=0, help="differing values to print")
    args = parser.parse_args()
    if not all((SHARED / c).is_dir() for c in CORPORA):
        print(f"skipped: {SHARED} has not got {' and '.join(CORPORA)}")
        return
    values = gather()
    print(f"{len(values)} distinct values, {sum(map(len, values)) / 1e6:.1f} MB of text")
    previous = module_at(args.before, "watchers/htmltext.py")
    readers: dict[str, Callable[[str], str]] = {
        f"html_to_text at {args.before}": previous.html_to_text,
        "html_to_text (lexbor)": htmltext.html_to_text,
        "lxml, walked alike": lxml_text,
    }
    best = dict.fromkeys(readers, float("inf"))
    for _ in range(5):
        for name, reader in readers.items():
            best[name] = min(best[name], seconds(reader, values))
    before_name, before = next(iter(readers.items()))
    reference = [before(v) for v in values]
    base = best[before_name]
    print(f"  {'reader':32} {'seconds':>8} {'speed-up':>8} {'differ':>6}")
    for name, reader in readers.items():
        texts = zip(values, reference, map(reader, values), strict=True)
        differing = [(value, was, now) for value, was, now in texts if now != was]
        print(f"  {name:32} {best[name]:8.3f} {base / best[name]:7.1f}x {len(differing):6d}")
        for value, was, now in differing[: args.show]:
            at = max(len(os.path.commonprefix([was, now])) - 40, 0)  # noqa: RUF071
            print(f"      {value[:100]!r}\n        was {was[at : at + 100]!r}")
            print(f"        now {now[at : at + 100]!r}")


if __name__ == "__main__":
    main()
