"""Config reload on SIGHUP and on a change of the files: a valid config applies whole, an
invalid one is logged with its file and path and the running config stays."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from bot.app import build_app
from support.running import Running, policywatch_run, run_env, wait_for
from support.scrape import parse, scrape, value
from support.service import rss, write_config

FEED = rss(("g1", "Data Security Law anniversary", "The Data Security Law took effect."))
BAD_FEEDS = "feeds:\n  - {id: f, url: 'http://127.0.0.1:1/', interval: soon}\n"


def two_feeds(config: Path, first: str, second: str) -> None:
    feeds(config, f=first, g=second)


def feeds(config: Path, **urls: str) -> None:
    lines = [f"  - {{id: {fid}, url: '{url}', interval: 5m}}\n" for fid, url in urls.items()]
    (config / "feeds.yaml").write_text("feeds:\n" + "".join(lines), encoding="utf-8")


def test_reload_applies_a_valid_config_and_keeps_the_running_one_otherwise(
    feed_server, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("POLICYWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    first, second = feed_server.serve("/f.xml", FEED), feed_server.serve("/g.xml", FEED)
    config = write_config(tmp_path / "config", {"f": first})
    app = build_app(config, with_chat=False)
    try:
        two_feeds(config, first, second)
        assert app.reload()
        assert [f.id for f in app.service.watch.config.feeds] == ["f", "g"]
        assert {s.feed_id for s in app.store.feed_states()} >= {"f", "g"}
        (config / "feeds.yaml").write_text(BAD_FEEDS, encoding="utf-8")
        with caplog.at_level(logging.INFO):
            assert not app.reload()
        assert [f.id for f in app.service.watch.config.feeds] == ["f", "g"]
        two_feeds(config, first, second)
        assert not app.reload()  # the files say what runs already: nothing to switch
    finally:
        app.close()
    refused = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(refused) == 1
    message = refused[0].getMessage()
    assert "config reload: invalid config not applied, the running one stays: " in message
    assert "feeds.yaml: feeds[0].interval: expected a duration" in message


def test_changed_files_apply_once_they_stay_the_same(feed_server, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    first, second = feed_server.serve("/f.xml", FEED), feed_server.serve("/g.xml", FEED)
    config = write_config(tmp_path / "config", {"f": first})
    app = build_app(config, with_chat=False)
    assert app.editor is not None
    check = app.editor.reload_if_files_changed
    now = app.service.clock()
    try:
        assert not check(now)  # the files the service started from
        two_feeds(config, first, second)
        assert not check(now)  # changed: read at the next look if they stay so
        assert check(now)
        assert [f.id for f in app.service.watch.config.feeds] == ["f", "g"]
        assert not check(now)
        (config / "feeds.yaml").write_text(BAD_FEEDS, encoding="utf-8")
        assert not check(now) and not check(now)
        assert not check(now)  # refused once, not read again until it changes
        samples = parse(app.service.metrics.exposition().decode())
        assert value(samples, "policywatch_config_reloads_total", outcome="applied") == 1
        assert value(samples, "policywatch_config_reloads_total", outcome="refused") == 1
        assert value(samples, "policywatch_config_last_reload_successful") == 0
        assert [f.id for f in app.service.watch.config.feeds] == ["f", "g"]
        two_feeds(config, first, second)  # back to what runs: nothing to switch
        assert not check(now) and not check(now)
        samples = parse(app.service.metrics.exposition().decode())
        assert value(samples, "policywatch_config_reloads_total", outcome="unchanged") == 1
        assert value(samples, "policywatch_config_last_reload_successful") == 1
    finally:
        app.close()


def test_sighup_reloads_a_running_service(feed_server, tmp_path):
    first, second = feed_server.serve("/f.xml", FEED), feed_server.serve("/g.xml", FEED)
    config = write_config(tmp_path / "config", {"f": first})
    with policywatch_run(config, tmp_path) as run:
        ready = f"{run.base_url}/readyz"
        wait_for(lambda: httpx.get(ready).status_code == 200, "/readyz")
        two_feeds(config, first, second)
        run.signal(signal.SIGHUP)
        wait_for(lambda: feed_server.requests_for("/g.xml"), "the new feed's first poll")
        (config / "feeds.yaml").write_text(BAD_FEEDS, encoding="utf-8")
        run.signal(signal.SIGHUP)
        # The refused config is reported; the running service keeps answering.
        wait_for(lambda: httpx.get(ready).status_code == 200, "/readyz again")
        code = run.stop()
    assert code == 0, run.stderr
    # Applied on the signal, or by the watch on the files if it saw the change first.
    assert "now 2 feeds, 1 routes" in run.stderr
    refused = "ERROR bot.commands.editor: config reload: invalid config not applied"
    assert refused in run.stderr
    assert "feeds.yaml: feeds[0].interval" in run.stderr


def next_digest(config: Path, tmp_path: Path) -> str:
    """When ``policywatch status`` (reading the running service's database) says the desk
    route's next digest is due."""
    status = subprocess.run(
        [sys.executable, "-m", "bot.cli", "status", "--config", str(config)],
        env=run_env(tmp_path, 0),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [ln for ln in status.splitlines() if "desk → console:" in ln]
    return line.strip()


def reloads(run: Running, outcome: str) -> float:
    return value(scrape(run.base_url), "policywatch_config_reloads_total", outcome=outcome)


def test_a_change_of_the_files_reloads_a_running_service(feed_server, tmp_path):
    urls = {name: feed_server.serve(f"/{name}.xml", FEED) for name in ("f", "g", "h")}
    config = write_config(tmp_path / "config", {"f": urls["f"]})
    with policywatch_run(config, tmp_path) as run:
        wait_for(lambda: httpx.get(f"{run.base_url}/readyz").status_code == 200, "/readyz")
        # The route's first digest is done: its next one is due in an hour from it.
        before = wait_for(
            lambda: (due := next_digest(config, tmp_path)) and "due now" not in due and due,
            "the first digest",
        )
        feeds(config, f=urls["f"], g=urls["g"])  # no signal: the change alone
        wait_for(lambda: feed_server.requests_for("/g.xml"), "the new feed's first poll")
        wait_for(lambda: reloads(run, "applied") == 1, "the reload to be counted")
        (config / "feeds.yaml").write_text(BAD_FEEDS, encoding="utf-8")
        wait_for(lambda: reloads(run, "refused") == 1, "the invalid config to be refused")
        samples = scrape(run.base_url)
        assert value(samples, "policywatch_config_last_reload_successful") == 0
        assert httpx.get(f"{run.base_url}/readyz").status_code == 200
        feeds(config, **urls)
        wait_for(lambda: feed_server.requests_for("/h.xml"), "the third feed's first poll")
        assert value(scrape(run.base_url), "policywatch_config_last_reload_successful") == 1
        after = next_digest(config, tmp_path)
        code = run.stop()
    assert code == 0, run.stderr
    # Jobs followed the config without starting their schedules again: the digest is due
    # when it was, and the first feed was not polled again before its interval.
    assert after == before, run.stderr
    assert len(feed_server.requests_for("/f.xml")) == 1
    assert "config files changed: now 2 feeds, 1 routes" in run.stderr
    assert "config files changed: now 3 feeds, 1 routes" in run.stderr
    refused = [ln for ln in run.stderr.splitlines() if "invalid config not applied" in ln]
    assert len(refused) == 1, refused  # the same broken files are reported once
    assert "ERROR bot.commands.editor: config files changed: invalid config" in refused[0]
    assert "feeds.yaml: feeds[0].interval: expected a duration" in refused[0]
