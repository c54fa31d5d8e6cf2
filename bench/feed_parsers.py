"""feedparser-rs and fastfeedparser against feedparser: speed, and agreement on the fields we use.

Run as ``.venv/bin/python bench/feed_parsers.py [--show N]``. Reads every document of
../shared/datasets/feedparser-corpus and ../shared/datasets/real-feeds (exits 0 when
they are absent), decodes each the way :func:`watchers.parser.parse_feed` does and
hands the same UTF-8 bytes to each library, timing the parse calls alone.

Agreement is counted per entry, against feedparser, in documents where the library
returned as many entries as feedparser did: title, link, id, dates (published and
updated, read by :func:`watchers.feeddates.parse_date`), text (the longest of summary
and content, as plain text) and the author as written (policywatch stores none). Then
the same for policywatch's own reading, :func:`watchers.fastfeed.read_fast` with
feedparser behind it, at the level of the items it stores. ``--show`` prints up to N
disagreeing documents per library.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import fastfeedparser  # noqa: E402
import feedparser  # noqa: E402
import feedparser_rs  # noqa: E402

from watchers.errors import FeedParseError  # noqa: E402
from watchers.fastfeed import read_fast  # noqa: E402
from watchers.feeddates import parse_date  # noqa: E402
from watchers.fetch.charset import decode  # noqa: E402
from watchers.htmltext import html_to_text  # noqa: E402
from watchers.jsonfeed import looks_like_json  # noqa: E402
from watchers.parser import _as_utf8_xml, parse_feed  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
CORPORA = ("feedparser-corpus", "real-feeds")
FIELDS = ("title", "link", "id", "dates", "text", "author")


def documents(corpus: str) -> list[tuple[str, bytes, bytes]]:
    """(name, body as served, UTF-8 XML as the parser gets it) for each XML document."""
    root = SHARED / corpus
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix == ".md" or path.name == "LICENSE":
            continue
        body = path.read_bytes()
        if body.startswith(b"\x1f\x8b"):
            body = gzip.decompress(body)
        text, _ = decode(body, "")
        if not looks_like_json(text, ""):
            out.append((str(path.relative_to(root)), body, _as_utf8_xml(text)))
    return out


def _get(node: Any, key: str) -> Any:
    """A field as stored: dict.get, since feedparser's dict answers "updated" with the
    publication date when there is none."""
    if node is None:
        return None
    return dict.get(node, key) if isinstance(node, dict) else node.get(key)


def _text(value: Any) -> str:
    return " ".join(html_to_text(value).split()) if isinstance(value, str) else ""


def fields(entry: Any) -> dict[str, Any]:
    """The fields we use, library-neutral: markup dropped, dates read one way."""
    bodies = [_get(c, "value") for c in _get(entry, "content") or []]
    bodies += [_get(entry, "summary"), _get(entry, "description")]
    return {
        "title": _text(_get(entry, "title")),
        "link": str(_get(entry, "link") or "").strip(),
        "id": str(_get(entry, "id") or "").strip(),
        "dates": _dates(entry),
        "text": max((_text(b) for b in bodies), key=len),
        "author": " ".join(str(_get(entry, "author") or "").split()),
    }


def _dates(entry: Any) -> tuple[Any, Any]:
    """Publication and update dates; an update date equal to the other counts as none."""
    published, updated = (parse_date(str(_get(entry, k) or "")) for k in ("published", "updated"))
    return published, updated if updated != published else None


PARSERS: dict[str, Callable[[bytes], Any]] = {
    "feedparser": lambda d: feedparser.parse(d, sanitize_html=False, resolve_relative_uris=False),
    "feedparser-rs": lambda d: feedparser_rs.parse(
        d, sanitize_html=False, resolve_relative_uris=False
    ),
    "fastfeedparser": fastfeedparser.parse,
}


@dataclass
class Tally:
    seconds: float = 0.0
    failed: int = 0
    other_count: int = 0
    entries: int = 0
    agree: Counter[str] = field(default_factory=Counter)
    disagreeing: list[str] = field(default_factory=list)


def _entries(parse: Callable[[bytes], Any], data: bytes, tally: Tally) -> list[Any] | None:
    started = time.perf_counter()
    try:
        result = parse(data)
    except Exception:
        tally.seconds += time.perf_counter() - started
        tally.failed += 1
        return None
    tally.seconds += time.perf_counter() - started
    return list(_get(result, "entries") or [])


def compare(docs: list[tuple[str, bytes, bytes]]) -> dict[str, Tally]:
    tallies = {name: Tally() for name in PARSERS}
    for name, _, data in docs:
        reference = [
            fields(e) for e in _entries(PARSERS["feedparser"], data, tallies["feedparser"]) or []
        ]
        for library in ("feedparser-rs", "fastfeedparser"):
            tally = tallies[library]
            entries = _entries(PARSERS[library], data, tally)
            if entries is None:
                continue
            if len(entries) != len(reference):
                tally.other_count += 1
                tally.disagreeing.append(f"{name}: {len(entries)} entries, not {len(reference)}")
                continue
            differ = set()
            for mine, theirs in zip((fields(e) for e in entries), reference, strict=True):
                tally.entries += 1
                for f in FIELDS:
                    if mine[f] == theirs[f]:
                        tally.agree[f] += 1
                    else:
                        differ.add(f)
            if differ:
                tally.disagreeing.append(f"{name}: {', '.join(sorted(differ))}")
    return tallies


def own_reading(docs: list[tuple[str, bytes, bytes]]) -> tuple[int, int, float, float]:
    """Documents read fast, documents whose items differ, seconds with and without it."""
    fast = differ = 0
    seconds = {True: 0.0, False: 0.0}
    for _, body, data in docs:
        fast += read_fast(data) is not None
        outcomes = []
        for quick in (True, False):
            started = time.perf_counter()
            try:
                outcomes.append(
                    parse_feed(body, feed_id="f", url="https://x.example/f", fast=quick)
                )
            except FeedParseError as exc:
                outcomes.append(str(exc))
            seconds[quick] += time.perf_counter() - started
        differ += outcomes[0] != outcomes[1]
    return fast, differ, seconds[True], seconds[False]


def report(corpus: str, docs: list[tuple[str, bytes, bytes]], show: int) -> None:
    size = sum(len(d) for _, _, d in docs)
    print(f"== {corpus}: {len(docs)} XML documents, {size / 1e6:.1f} MB")
    tallies = compare(docs)
    base = tallies["feedparser"].seconds
    print(
        f"  {'library':15} {'seconds':>8} {'speed-up':>8} {'failed':>6} {'count≠':>6}  "
        + " ".join(f"{f:>7}" for f in FIELDS)
    )
    for library, t in tallies.items():
        shares = " ".join(
            f"{t.agree[f] / t.entries:7.1%}" if t.entries else f"{'-':>7}" for f in FIELDS
        )
        print(
            f"  {library:15} {t.seconds:8.2f} {base / t.seconds:7.1f}x {t.failed:6d} "
            f"{t.other_count:6d}  {shares if library != 'feedparser' else ''}"
        )
        for line in t.disagreeing[:show]:
            print(f"      {line}")
    fast, differ, quick, slow = own_reading(docs)
    print(
        f"  policywatch: {fast}/{len(docs)} documents read fast, {differ} read differently "
        f"from feedparser; parse_feed {quick:.2f} s against {slow:.2f} s feedparser-only "
        f"({slow / quick:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=int, default=0, help="disagreeing documents to list")
    args = parser.parse_args()
    if not all((SHARED / c).is_dir() for c in CORPORA):
        print(f"skipped: {SHARED} has not got {' and '.join(CORPORA)}")
        return
    for corpus in CORPORA:
        report(corpus, documents(corpus), args.show)


if __name__ == "__main__":
    main()
