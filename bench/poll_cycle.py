"""A whole poll cycle over loopback: cold, then warm, against feedparser in the same run.

    .venv/bin/python bench/poll_cycle.py [--sizes 100] [--delays 0,0.2] [--sample 100]
        [--stored-per-feed 100] [--profile cold|warm] [--profiler pyinstrument|cprofile]

The full measurement (about an hour and a half on two shared cores):

    .venv/bin/python bench/poll_cycle.py --sizes 100,1000,3000

For each N of ``--sizes``, N feeds made from ../shared/datasets/real-feeds (see
``cyclefeeds.py``; exits 0 when it is absent) are served from another process on 16
loopback ports, each answer held back by the delay. The store is a fresh SQLite file
holding ``--stored-per-feed`` items per feed of filler from the start, and the service
polls every feed with the bundled entities, claims and stance model, through
:meth:`bot.service.Service.poll_due` with the default polling settings (32 fetches at
once, 2 per host):

* cold: every feed sends its whole document;
* warm: 70 % answer 304, 20 % send the same body again without validators, 10 % send a
  changed one with three new items.

For each cycle: wall and CPU time (this process's and its parser processes', see
``bot/parsers.py``), peak RSS (of this process, and apart the parser processes' sum;
both reset before the cycle),
new items per second, poll lag (every feed is made due at the cycle's start and the
service's clock runs with real time, so the lag the engine records for a poll is when it
began after the cycle began: median and last) and CPU per feed. Compared, in this
process, with (a) a sequential loop of ``feedparser.parse(url)`` over the same server
(warm: with the ETag of the cold answer), timed on the first ``--sample`` feeds and
scaled to N, and (b) ``feedparser.parse`` of the same bytes (cold: every body; warm:
the changed ones only), as called bare and without sanitizing and resolving URIs, as
policywatch calls it; each capture is timed once and counted once per feed made from
it. ``--profile`` runs that cycle's polls one after another in one thread (the engine's
two halves: fetch, then parse, label and store) under ``--profiler`` and prints where
the time goes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import feedparser  # noqa: E402
from cyclefeeds import CAPTURES, CHANGED, COLD, WARM, Served, body, kind, read_captures  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402

from bot.delivery import ConsoleSink, Deliverer  # noqa: E402
from bot.service import Service  # noqa: E402
from watchers.config.file import bundled_config_dir, load_config  # noqa: E402
from watchers.refresh import fetch_feed, refresh_feed  # noqa: E402
from watchers.stance.model import load_default_model  # noqa: E402
from watchers.storage import Store  # noqa: E402
from watchers.storage import tables as t  # noqa: E402
from watchers.watch import Watch  # noqa: E402

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
HOSTS = 16


@dataclass(frozen=True)
class Cycle:
    wall: float
    cpu: float
    peak_mb: float
    parsers_mb: float
    new: int
    lag_median: float
    lag_last: float
    failed: int


def write_config(directory: Path, urls: list[str]) -> Path:
    bundled = bundled_config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("entities.yaml", "claims.yaml", "routes.yaml"):
        shutil.copy(bundled / name, directory / name)
    feeds = "".join(f"  - {{id: feed{i}, url: '{url}'}}\n" for i, url in enumerate(urls))
    (directory / "feeds.yaml").write_text("feeds:\n" + feeds, encoding="utf-8")
    settings = "settings:\n  fetch:\n    allow_networks: ['127.0.0.0/8']\n"
    (directory / "settings.yaml").write_text(settings, encoding="utf-8")
    return directory


def seed(store: Store, count: int) -> None:
    """``count`` stored items of another feed, so lookups run against a full table."""
    rows = []
    for n in range(count):
        link = f"https://filler.example/{n}"
        rows.append(
            {
                "feed_id": "filler",
                "guid": f"g{n}",
                "link": link,
                "link_key": link,
                "title": f"Stored item {n}",
                "text": "An item stored before the benchmark, matched by no feed.",
                "content_hash": hashlib.sha256(str(n).encode()).hexdigest(),
                "language": "en",
                "first_seen": T0,
                "last_changed": T0,
                "version": 1,
            }
        )
    with store.engine.begin() as c:
        for start in range(0, len(rows), 10_000):
            c.execute(insert(t.items), rows[start : start + 10_000])


def _parsers() -> list[str]:
    """The process ids of this process's parser workers (``python -m bot.parsers``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and b"bot.parsers" in command:
            found.append(stat.parent.name)
    return found


def _reset_peak() -> None:
    for pid in ["self", *_parsers()]:
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def _peak_mb(pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu() -> float:
    """CPU seconds of this process and its parser workers so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    workers = 0
    for pid in _parsers():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        workers += int(fields[11]) + int(fields[12])  # utime, stime
    return time.process_time() + workers / ticks


class Clock:
    """The service's clock: ``start`` sets it, then it runs with real time, so the poll
    lag the engine records is real seconds after the cycle began."""

    def __init__(self) -> None:
        self._base, self._since = T0, time.perf_counter()

    def start(self, at: datetime) -> None:
        self._base, self._since = at, time.perf_counter()

    def __call__(self) -> datetime:
        return self._base + timedelta(seconds=time.perf_counter() - self._since)


def make_due(store: Store, at: datetime) -> None:
    """Every feed due at ``at``, the cycle's start, so each poll's lag counts from it."""
    with store.engine.begin() as c:
        c.execute(update(t.feeds).values(next_check=at))


def run_cycle(service: Service, clock: Clock, at: datetime) -> Cycle:
    """One round of :meth:`Service.poll_due`; lags as the engine records them."""
    lags: list[float] = []
    make_due(service.store, at)
    service.engine.on_polled.append(lambda _report, lag: lags.append(lag or 0.0))
    _reset_peak()
    cpu, began = _cpu(), time.perf_counter()
    clock.start(at)
    reports = service.poll_due()
    wall, cpu = time.perf_counter() - began, _cpu() - cpu
    service.engine.on_polled.clear()
    lags.sort()
    return Cycle(
        wall=wall,
        cpu=cpu,
        peak_mb=_peak_mb(),
        parsers_mb=sum(_peak_mb(pid) for pid in _parsers()),
        new=sum(r.new + r.edited for r in reports),
        lag_median=statistics.median(lags) if lags else 0.0,
        lag_last=lags[-1] if lags else 0.0,
        failed=sum(r.status == "failed" for r in reports),
    )


def profile_cycle(service: Service, clock: Clock, at: datetime, how: str) -> None:
    """The cycle's polls one after another in this thread (fetch, then parse, label and
    store), under pyinstrument or cProfile, then where the time went."""
    make_due(service.store, at)
    clock.start(at)
    policy, client = service.policy(), service.fetch_client()

    def polls() -> None:
        for spec in service.watch.config.feeds:
            state = service.store.feed_state(spec.id)
            fetched = fetch_feed(spec, state, policy, client, clock())
            refresh_feed(fetched, watch=service.watch, store=service.store, rng=service.rng)

    if how == "cprofile":
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(polls)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profile).sort_stats("tottime").print_stats(40)
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    polls()
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


def bare_parse(raws: list[bytes], n: int, phase: int) -> tuple[float, float, int]:
    """Seconds ``feedparser.parse`` takes over the cycle's bodies (warm: the changed ones):
    as called bare, and without sanitizing and resolving URIs; and their bytes.

    Feeds made from one capture differ only in their marks, so each capture is timed on
    one of its feeds (the median of three runs) and counted once per feed made from it.
    """
    timed: dict[int, tuple[float, float, int]] = {}
    bare = plain = 0.0
    size = 0
    for i in range(n):
        if phase == WARM and kind(i) != CHANGED:
            continue
        capture = i % len(raws)
        if capture not in timed:
            timed[capture] = _time_parse(body(raws[capture], i, phase))
        one_bare, one_plain, one_size = timed[capture]
        bare, plain, size = bare + one_bare, plain + one_plain, size + one_size
    return bare, plain, size


def _time_parse(document: bytes) -> tuple[float, float, int]:
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        feedparser.parse(document)
        middle = time.perf_counter()
        feedparser.parse(document, sanitize_html=False, resolve_relative_uris=False)
        runs.append((middle - started, time.perf_counter() - middle))
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        len(document),
    )


def sequential(served: Served, sample: int) -> tuple[float, float]:
    """Seconds of a plain ``feedparser.parse(url)`` loop, cold and then warm, on ``sample``."""
    urls = served.urls[:sample]
    served.set_phase(COLD)
    started = time.perf_counter()
    first = [feedparser.parse(url) for url in urls]
    cold = time.perf_counter() - started
    served.set_phase(WARM)
    started = time.perf_counter()
    for url, before in zip(urls, first, strict=True):
        feedparser.parse(url, etag=before.get("etag"), modified=before.get("modified"))
    return cold, time.perf_counter() - started


def run_size(n: int, delay: float, args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    served = Served(n, HOSTS, delay)
    try:
        config = write_config(workdir / "config", served.urls)
        store = Store.open(f"sqlite:///{workdir / 'bench.sqlite3'}")
        seed(store, args.stored_per_feed * n)
        deliverer = Deliverer(
            store, {"console": ConsoleSink(io.StringIO())}, "bench", random.Random(0)
        )
        watch = Watch.build(load_config(config), load_default_model())
        clock = Clock()
        service = Service(watch, store, deliverer, clock=clock, rng=random.Random(0))
        out: dict[str, object] = {}
        for phase, name in ((COLD, "cold"), (WARM, "warm")):
            served.set_phase(phase)
            at = T0 + timedelta(days=phase)
            if args.profile == name:
                profile_cycle(service, clock, at, args.profiler)
                return {}
            out[name] = run_cycle(service, clock, at)
        out["items"] = store.item_count()
        service.close()
        store.close()
        sample = min(n, args.sample)
        cold, warm = sequential(served, sample)
        out["sequential"] = (cold * n / sample, warm * n / sample, sample)
        return out
    finally:
        served.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100", help="numbers of feeds, comma-separated")
    parser.add_argument("--delays", default="0,0.2", help="seconds each answer waits")
    parser.add_argument("--sample", type=int, default=100, help="feeds the sequential loop polls")
    parser.add_argument("--stored-per-feed", type=int, default=100)
    parser.add_argument("--profile", choices=("cold", "warm"))
    parser.add_argument("--profiler", choices=("pyinstrument", "cprofile"), default="pyinstrument")
    args = parser.parse_args()
    if not CAPTURES.is_dir():
        print(f"skipped: {CAPTURES} is absent")
        return
    raws = read_captures()
    sizes = [int(s) for s in args.sizes.split(",")]
    delays = [float(d) for d in args.delays.split(",")]
    for n in sizes:
        for delay in delays:
            with tempfile.TemporaryDirectory() as tmp:
                result = run_size(n, delay, args, Path(tmp))
            if args.profile:
                return
            bare = {phase: bare_parse(raws, n, phase) for phase in (COLD, WARM)}
            report(n, delay, result, bare)


def report(
    n: int, delay: float, r: dict[str, object], bare: dict[int, tuple[float, float, int]]
) -> None:
    seq_cold, seq_warm, sample = r["sequential"]  # type: ignore[misc]
    print(f"\n== {n} feeds, answers held {delay:g} s; {r['items']} items stored after both cycles")
    print(
        f"  {'cycle':5} {'wall s':>7} {'cpu s':>7} {'peak MB':>7} {'+parsers':>8} {'new':>6} "
        f"{'items/s':>7} {'lag p50':>7} {'lag max':>7} {'ms cpu/feed':>11} {'failed':>6}"
    )
    for name in ("cold", "warm"):
        c: Cycle = r[name]  # type: ignore[assignment]
        print(
            f"  {name:5} {c.wall:7.2f} {c.cpu:7.2f} {c.peak_mb:7.0f} {c.parsers_mb:8.0f} "
            f"{c.new:6d} {c.new / c.wall:7.0f} {c.lag_median:7.2f} {c.lag_last:7.2f} "
            f"{c.cpu / n * 1000:11.2f} {c.failed:6d}"
        )
    for phase, name, seq in ((COLD, "cold", seq_cold), (WARM, "warm", seq_warm)):
        c = r[name]  # type: ignore[assignment]
        seconds, plain, size = bare[phase]
        print(
            f"  {name}: feedparser.parse of the same {size / 1e6:.1f} MB {seconds:.2f} s -> "
            f"cycle wall / parse {c.wall / seconds:.2f}x (cpu {c.cpu / seconds:.2f}x); "
            f"without sanitizing {plain:.2f} s -> {c.wall / plain:.2f}x (cpu {c.cpu / plain:.2f}x)"
        )
        print(
            f"  {name}: sequential feedparser.parse(url) loop {seq:.1f} s (timed on {sample} "
            f"feeds) -> {seq / c.wall:.1f}x the cycle's wall time"
        )


if __name__ == "__main__":
    main()
