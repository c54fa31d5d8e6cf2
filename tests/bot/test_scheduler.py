"""The long-running service: APScheduler jobs and a clean stop on SIGTERM."""

import os
import signal
import subprocess
import sys
import time

from bot.scheduler import install_jobs, start_scheduler
from support.service import make_service, rss, write_config

FEED = rss(("g1", "网信办 notice", "The Data Security Law took effect on June 1, 2021."))


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_jobs_follow_the_config(tmp_path, feed_server):
    config = write_config(tmp_path / "c", {"a": feed_server.serve("/a.xml", FEED)})
    h = make_service(config, tmp_path / "db.sqlite3")
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    install_jobs(scheduler, h.service)
    assert sorted(j.id for j in scheduler.get_jobs()) == [
        "config-files",
        "config-reload",
        "digests",
        "feed:a",
        "outbox",
    ]
    h.store.close()


def test_the_scheduler_polls_feeds_as_soon_as_it_starts(tmp_path, feed_server):
    config = write_config(tmp_path / "c", {"a": feed_server.serve("/a.xml", FEED)})
    h = make_service(config, tmp_path / "db.sqlite3")
    scheduler = start_scheduler(h.service)
    try:
        assert wait_for(lambda: h.store.item_count() == 1)
    finally:
        scheduler.shutdown(wait=True)
        h.store.close()


def test_run_serves_until_sigterm(tmp_path, feed_server):
    config = write_config(tmp_path / "c", {"a": feed_server.serve("/a.xml", FEED)})
    env = dict(
        os.environ, POLICYWATCH_DATA_DIR=str(tmp_path / "data"), POLICYWATCH_STANCE_MODEL="none"
    )
    env.pop("POLICYWATCH_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(lambda: feed_server.requests_for("/a.xml"), timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()


def test_poll_jobs_that_cannot_start_on_time_run_late_rather_than_never(tmp_path, feed_server):
    # One poll worker, three feeds answering in 1.5 s each, all due at start: the
    # second and third jobs start seconds late, past APScheduler's default grace.
    feeds = {f: feed_server.serve(f"/{f}.xml", FEED, delay=1.5) for f in ("a", "b", "c")}
    h = make_service(write_config(tmp_path / "c", feeds), tmp_path / "db.sqlite3")
    scheduler = start_scheduler(h.service, poll_workers=1)
    try:
        assert wait_for(lambda: len(feed_server.requests) == 3, timeout=30)
    finally:
        scheduler.shutdown(wait=True)
        h.store.close()


def test_a_config_change_postpones_no_job(tmp_path, feed_server):
    from apscheduler.schedulers.background import BackgroundScheduler

    from watchers.config.file import load_config
    from watchers.watch import Watch

    urls = {f: feed_server.serve(f"/{f}.xml", FEED) for f in ("a", "b", "c", "d")}
    config = write_config(tmp_path / "c", {f: urls[f] for f in ("a", "b", "d")})
    h = make_service(config, tmp_path / "db.sqlite3")
    scheduler = BackgroundScheduler(timezone="UTC")
    install_jobs(scheduler, h.service)
    scheduler.start(paused=True)  # next run times are set; nothing runs
    try:
        before = {job.id: job.next_run_time for job in scheduler.get_jobs()}
        (config / "feeds.yaml").write_text(
            f"feeds:\n  - {{id: a, url: '{urls['a']}', interval: 5m}}\n"
            f"  - {{id: b, url: '{urls['b']}', interval: 10m}}\n"
            f"  - {{id: c, url: '{urls['c']}', interval: 5m}}\n",
            encoding="utf-8",
        )
        h.service.replace_watch(Watch.build(load_config(config)))
        install_jobs(scheduler, h.service)
        after = {job.id: job.next_run_time for job in scheduler.get_jobs()}
        assert sorted(after) == [
            "config-files",
            "config-reload",
            "digests",
            "feed:a",
            "feed:b",
            "feed:c",
            "outbox",
        ]
        for kept in ("config-files", "config-reload", "digests", "outbox", "feed:a"):
            assert after[kept] == before[kept], kept
        assert scheduler.get_job("feed:b").args[1].interval.total_seconds() == 600
    finally:
        scheduler.shutdown(wait=False)
        h.store.close()
