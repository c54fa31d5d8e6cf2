"""Log levels and formats: quiet libraries by default, JSON lines with ids as fields."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.ops.logs import configure_logging, log_fields, log_format
from support.service import rss, write_config
from watchers.errors import ConfigError

FEED = rss(("g1", "Data Security Law anniversary", "The Data Security Law took effect."))


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide loggers: put them back after the test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("policywatch", "bot", "watchers", "nio", "apscheduler.scheduler")
    levels = {n: logging.getLogger(n).level for n in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def emit_everything() -> None:
    logging.getLogger("apscheduler.scheduler").info('Running job "poll"')
    logging.getLogger("nio.responses").warning("Error validating response: 'x' is required")
    logging.getLogger("bot.service").info("polled f: updated")
    logging.getLogger("watchers.refresh").warning("feed f failed")


def test_libraries_are_quiet_at_the_default_level(restore_logging):
    out = io.StringIO()
    configure_logging(0, "text", out)
    emit_everything()
    text = out.getvalue()
    assert "polled f: updated" in text and "feed f failed" in text
    assert "Running job" not in text and "Error validating" not in text


def test_one_v_lets_library_info_through(restore_logging):
    out = io.StringIO()
    configure_logging(1, "text", out)
    emit_everything()
    assert 'Running job "poll"' in out.getvalue()
    assert "Error validating response" in out.getvalue()


def test_json_lines_carry_the_ids_as_fields(restore_logging):
    out = io.StringIO()
    configure_logging(0, "json", out)
    log = logging.getLogger("bot.delivery")
    with log_fields(route="desk", digest=7):
        log.warning("digest not delivered", extra={"item": "g1"})
    log.info("outside")
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["level"] == "WARNING" and first["logger"] == "bot.delivery"
    assert (first["route"], first["digest"], first["item"]) == ("desk", "7", "g1")
    assert first["message"] == "digest not delivered"
    assert "route" not in second and second["message"] == "outside"


def test_text_lines_show_the_ids_after_the_message(restore_logging):
    out = io.StringIO()
    configure_logging(0, "text", out)
    with log_fields(feed="f"):
        logging.getLogger("bot.service").info("polled")
    assert out.getvalue().rstrip().endswith("bot.service: polled [feed=f]")


def test_an_unknown_log_format_is_refused_naming_the_variable():
    with pytest.raises(ConfigError, match="POLICYWATCH_LOG_FORMAT: expected text or json"):
        log_format({"POLICYWATCH_LOG_FORMAT": "xml"})


def test_run_once_logs_json_with_feed_item_route_and_digest_ids(feed_server, tmp_path):
    feeds = {
        "good": feed_server.serve("/good.xml", FEED),
        "missing": feed_server.serve("/missing.xml", b"gone", status=404),
    }
    config = write_config(tmp_path / "config", feeds)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MATRIX_"))}
    env.pop("POLICYWATCH_DATABASE_URL", None)
    env.update(
        POLICYWATCH_DATA_DIR=str(tmp_path / "data"),
        POLICYWATCH_STANCE_MODEL="none",
        POLICYWATCH_LOG_FORMAT="json",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "-vv", "run", "--once", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    failed = [r for r in records if r["level"] == "WARNING" and r.get("feed") == "missing"]
    assert failed and "HTTP 404" in failed[0]["message"]
    assert any(r.get("feed") == "good" and r.get("item") == "g1" for r in records)
    queued = [r for r in records if r["message"].startswith("digest ") and "route" in r]
    assert queued and queued[0]["route"] == "desk" and queued[0]["digest"].isdigit()
    # Everything logged is JSON; the only other lines are the command's own report.
    others = [line for line in done.stderr.splitlines() if not line.startswith("{")]
    assert all(line.startswith(("feed ", "No digest")) for line in others), others
