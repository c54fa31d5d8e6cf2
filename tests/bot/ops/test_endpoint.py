"""The ops endpoint of a real app: /readyz follows PostgreSQL, and `policywatch run` serves
all three endpoints, announces itself once and stops cleanly on SIGTERM."""

from __future__ import annotations

import httpx

from bot.app import build_app
from bot.ops.endpoint import start_ops
from support.postgres import ADMIN_DSN, fresh_schema
from support.running import policywatch_run, wait_for
from support.scrape import scrape, value
from support.service import rss, write_config
from support.tcpproxy import TcpProxy

FEED = rss(("g1", "Data Security Law anniversary", "The Data Security Law took effect."))


def test_readyz_turns_503_while_postgresql_is_unreachable(feed_server, tmp_path, monkeypatch):
    config = write_config(tmp_path / "config", {"f": feed_server.serve("/f.xml", FEED)})
    pg_port = int(ADMIN_DSN.rsplit(":", 1)[1].split("/", 1)[0])
    with fresh_schema() as url, TcpProxy(pg_port) as proxy:
        via_proxy = url.replace(f"127.0.0.1:{pg_port}", f"127.0.0.1:{proxy.port}")
        monkeypatch.setenv("POLICYWATCH_DATABASE_URL", via_proxy)
        monkeypatch.setenv("POLICYWATCH_OPS_ADDR", "127.0.0.1:0")
        monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
        app = build_app(config, with_chat=False)
        ops = start_ops(app)
        assert ops is not None
        base = "http://{}:{}".format(*ops.address)
        try:
            up = httpx.get(f"{base}/readyz")
            proxy.cut()
            down = httpx.get(f"{base}/readyz")
            alive = httpx.get(f"{base}/healthz")
            metrics = httpx.get(f"{base}/metrics")
            proxy.restore()
            back = httpx.get(f"{base}/readyz")
        finally:
            ops.stop()
            app.close()
    assert up.status_code == 200 and "database: ok" in up.text
    assert down.status_code == 503
    assert "database: unreachable" in down.text and "config: ok" in down.text
    assert alive.status_code == 200  # the process itself is fine
    assert metrics.status_code == 200 and "policywatch_polls_total" in metrics.text
    assert back.status_code == 200, back.text


def test_readyz_names_a_schema_that_is_not_migrated(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("POLICYWATCH_OPS_ADDR", "127.0.0.1:0")
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    app = build_app(write_config(tmp_path / "config", {}), with_chat=False)
    with app.store.engine.begin() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '0000_older'")
    ops = start_ops(app)
    assert ops is not None
    try:
        answer = httpx.get("http://{}:{}/readyz".format(*ops.address))
    finally:
        ops.stop()
        app.close()
    assert answer.status_code == 503
    assert "database: schema at 0000_older, needs " in answer.text


def test_ops_addr_off_serves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("POLICYWATCH_OPS_ADDR", "off")
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    app = build_app(write_config(tmp_path / "config", {}), with_chat=False)
    try:
        assert start_ops(app) is None
    finally:
        app.close()


def test_policywatch_run_serves_the_endpoints_and_stops_on_sigterm(feed_server, tmp_path):
    config = write_config(tmp_path / "config", {"f": feed_server.serve("/f.xml", FEED)})
    with policywatch_run(config, tmp_path) as run:
        base = run.base_url
        wait_for(lambda: httpx.get(f"{base}/healthz").status_code == 200, "/healthz")
        polled = wait_for(
            lambda: value(s := scrape(base), "policywatch_polls_total", outcome="updated") and s,
            "the first poll in /metrics",
        )
        ready = httpx.get(f"{base}/readyz")
        code = run.stop()
    stderr = run.stderr
    assert value(polled, "policywatch_items_total", change="new") == 1
    assert ready.status_code == 200 and "config: ok" in ready.text
    assert code == 0, stderr
    started = [line for line in stderr.splitlines() if "policywatch started:" in line]
    assert len(started) == 1, stderr
    for part in ("1 feeds (f)", "1 routes (desk→console)", "Slack off", "Matrix off"):
        assert part in started[0]
    assert f"database sqlite ({tmp_path / 'data'}" in started[0]
    assert f"ops endpoint {base}" in started[0]
    assert "apscheduler" not in stderr  # no job ticks at the default level
