"""The long-running service over 1,000 loopback feeds: time to poll them all once, then
how late polls start against their due times.

    .venv/bin/python bench/engine_lag.py [--feeds 1000] [--minutes 3] [--intervals 1-5]
        [--hosts 50] [--delay-ms 50-300] [--change-every 4] [--database URL] [--no-model]

The target's setting, every feed every minute, measured for 10 minutes:

    .venv/bin/python bench/engine_lag.py --minutes 10 --intervals 1-1

Feeds are copies of the captured documents in ../shared/datasets/real-feeds, each copy's
items its own (see ``loopback_feeds.py``), served by ``--hosts`` loopback servers in a
child process after a random delay in ``--delay-ms``, with ETags that change every
``--change-every`` minutes. The service is the real one: the polling engine and the
digest jobs, the bundled entities and claims, the shipped stance model, SQLite unless
``--database``; each feed's interval is drawn from ``--intervals`` (minutes).

Printed, all measured in this process:

- the first pass, the time until every feed was polled once, against two baselines
  measured here first on a sample of the same feeds, one poll after another: the fetch
  bound (feeds × mean fetch time / fetches at once) and the processing bound (feeds ×
  mean time to parse, label and store one, on one core);
- over ``--minutes`` after the first pass: how soon the polls that fell due during it
  were made, then, for the polls that fell due after it, poll lag percentiles (when a
  poll started minus when the feed was due), the largest lag as a share of its feed's
  interval, and the polls that started more than one interval late (target: none).

Exits 0 with a note when ../shared is absent.
"""

from __future__ import annotations

import argparse
import gzip
import io
import logging
import multiprocessing
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from loopback_feeds import serve_copies, uniquify  # noqa: E402
from realfeeds import FEEDS, feed_files  # noqa: E402

SAMPLE = 40


def main() -> int:
    args = _arguments()
    # One warning per copy of a broken captured feed would bury the figures.
    logging.basicConfig(level=logging.ERROR)
    if not FEEDS.is_dir():
        print(f"{FEEDS} is absent: nothing to measure.")
        return 0
    documents = [_document(path) for path in feed_files()]
    bodies = [uniquify(documents[n % len(documents)], n) for n in range(args.feeds)]
    spawn = multiprocessing.get_context("spawn")
    parent, child = spawn.Pipe()
    server = spawn.Process(
        target=serve_copies, args=(child, bodies, args.hosts, args.delay_ms, args.change_every)
    )
    server.start()
    urls = parent.recv()
    work = Path(tempfile.mkdtemp(prefix="engine-lag-"))
    try:
        measure(args, urls, work)
    finally:
        parent.send("stop")
        server.join(30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def measure(args: argparse.Namespace, urls: list[str], work: Path) -> None:
    from bot.scheduler import start_scheduler
    from watchers.config.file import load_config
    from watchers.watch import Watch

    rng = random.Random(2)
    intervals = {f"f{n:04d}": 60 * rng.randint(*args.intervals) for n in range(len(urls))}
    config = load_config(_write_config(work / "config", urls, intervals))
    watch = Watch.build(config, None if args.no_model else _model())
    fetch_mean, process_mean = _baselines(watch, work)
    service = _service(watch, args.database or f"sqlite:///{work / 'bench.sqlite3'}")
    polls: list[tuple[float, str, float | None, str]] = []
    service.engine.on_polled.append(
        lambda report, lag: polls.append((time.monotonic(), report.feed_id, lag, report.status))
    )
    started = time.monotonic()
    running = start_scheduler(service)
    try:
        first = _first_pass(polls, len(urls), started)
        time.sleep(args.minutes * 60)
    finally:
        running.shutdown()
        service.close()
        service.store.close()
    slots = min(config.settings.polling.workers, args.hosts * config.settings.polling.per_host)
    fetch_bound = len(urls) * fetch_mean / slots
    process_bound = len(urls) * process_mean
    print(f"{len(urls)} feeds on {args.hosts} hosts, intervals {args.intervals} min")
    print(f"baselines on {SAMPLE} feeds: fetch {fetch_mean * 1000:.0f} ms, ", end="")
    print(f"parse+label+store {process_mean * 1000:.0f} ms per feed")
    print(f"first pass: {first:.1f} s; fetch bound {fetch_bound:.1f} s (ratio ", end="")
    print(f"{first / fetch_bound:.2f}), processing bound {process_bound:.1f} s ", end="")
    print(f"(ratio {first / process_bound:.2f})")
    _lags(polls, started + first, intervals, args.minutes)


def _lags(
    polls: list[tuple[float, str, float | None, str]],
    after: float,
    intervals: dict[str, int],
    minutes: float,
) -> None:
    """Polls after the first pass, those due during it (its backlog) apart from the rest."""
    window = [(at, feed, lag, status) for at, feed, lag, status in polls if at > after]
    statuses = dict(Counter(status for _, _, _, status in window))
    print(f"over {minutes:g} min after it: {len(window)} polls {statuses}")
    backlog = [(at, lag) for at, _, lag, _ in window if lag is not None and at - lag <= after]
    if backlog:
        caught_up = max(at for at, _ in backlog) - after
        print(
            f"  {len(backlog)} were due during the first pass: all polled {caught_up:.1f} s", end=""
        )
        print(f" after it, lag at most {max(lag for _, lag in backlog):.1f} s")
    steady = [(feed, lag) for at, feed, lag, _ in window if lag is not None and at - lag > after]
    if not steady:
        print("  no poll fell due after the first pass")
        return
    lags = sorted(lag for _, lag in steady)
    q = statistics.quantiles(lags, n=100) if len(lags) > 1 else [lags[0]] * 99
    print(f"  {len(steady)} fell due after it: lag p50 {q[49]:.2f} s, p95 {q[94]:.2f} s,", end="")
    print(f" p99 {q[98]:.2f} s, max {lags[-1]:.2f} s")
    shares = [lag / intervals[feed] for feed, lag in steady]
    late = sum(1 for share in shares if share > 1)
    print(f"  largest lag / interval: {max(shares):.3f}; polls over one interval late: {late}")


def _first_pass(polls: list[tuple[float, str, float | None, str]], feeds: int, t0: float) -> float:
    """Seconds until every feed was polled once, with a progress line every 30 s."""
    shown = time.monotonic()
    while len({feed for _, feed, _, _ in list(polls)}) < feeds:
        time.sleep(0.5)
        if time.monotonic() - shown > 30:
            shown = time.monotonic()
            done = len({feed for _, feed, _, _ in list(polls)})
            print(f"  {shown - t0:.0f} s: {done} of {feeds} feeds polled", flush=True)
    return max(at for at, _, _, _ in polls) - t0


def _baselines(watch, work: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Mean seconds to fetch one feed, and to parse, label and store it, one by one."""
    from watchers.fetch.fetcher import FetchClient, FetchPolicy
    from watchers.fetch.guard import AddressGuard
    from watchers.model import FeedState
    from watchers.refresh import fetch_feed, refresh_feed
    from watchers.storage import Store

    policy = FetchPolicy(allow_networks=(ip_network("127.0.0.0/8"),))
    specs = watch.config.feeds[:: max(1, len(watch.config.feeds) // SAMPLE)][:SAMPLE]
    store = Store.open(f"sqlite:///{work / 'baseline.sqlite3'}")
    store.sync_feeds(specs)
    now = datetime.now(UTC)
    with FetchClient(AddressGuard(policy.allow_networks)) as client:
        t0 = time.perf_counter()
        fetched = [fetch_feed(s, FeedState(s.id), policy, client, now) for s in specs]
        t1 = time.perf_counter()
    for one in fetched:
        refresh_feed(one, watch=watch, store=store, rng=random.Random(0))
    t2 = time.perf_counter()
    store.close()
    return (t1 - t0) / len(specs), (t2 - t1) / len(specs)


def _service(watch, url: str):  # type: ignore[no-untyped-def]
    from bot.delivery import ConsoleSink, Deliverer
    from bot.service import Service, instance_name
    from watchers.storage import Store

    store = Store.open(url)
    sinks = {"console": ConsoleSink(io.StringIO())}
    deliverer = Deliverer(store, sinks, instance_name(), random.Random())  # type: ignore[arg-type]
    return Service(watch, store, deliverer)


def _model():  # type: ignore[no-untyped-def]
    from watchers.stance.model import load_default_model

    return load_default_model()


def _write_config(directory: Path, urls: list[str], intervals: dict[str, int]) -> Path:
    from watchers.config.file import bundled_config_dir

    directory.mkdir(parents=True)
    for name in ("entities.yaml", "claims.yaml", "routes.yaml"):
        shutil.copy(bundled_config_dir() / name, directory / name)
    lines = ["feeds:"]
    for n, url in enumerate(urls):
        feed_id = f"f{n:04d}"
        every = timedelta(seconds=intervals[feed_id])
        lines.append(f"  - {{id: {feed_id}, url: '{url}', interval: {every.seconds // 60}m}}")
    (directory / "feeds.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = "settings:\n  fetch: {allow_networks: [127.0.0.0/8]}\n"
    (directory / "settings.yaml").write_text(settings, encoding="utf-8")
    return directory


def _document(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def _arguments() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--minutes", type=float, default=3.0, help="measured after the first pass")
    p.add_argument("--intervals", type=_range, default=(1, 5), help="minutes: 1-5, or 1-1")
    p.add_argument("--hosts", type=int, default=50)
    p.add_argument("--delay-ms", type=_range, default=(50, 300))
    p.add_argument("--change-every", type=float, default=4.0, help="minutes between ETags")
    p.add_argument("--database", default="", help="a SQLAlchemy URL (default: SQLite)")
    p.add_argument("--no-model", action="store_true", help="label with the rules alone")
    return p.parse_args()


if __name__ == "__main__":
    raise SystemExit(main())
