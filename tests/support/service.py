"""A small watch config and a real service on SQLite, with a settable clock, for tests."""

from __future__ import annotations

import io
import random
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.delivery import ConsoleSink, Deliverer
from bot.service import Service
from watchers.config.file import load_config
from watchers.storage import Store
from watchers.watch import Watch

ENTITIES = """
entities:
  - id: cac
    kind: body
    name_en: Cyberspace Administration of China
    name_zh: 国家互联网信息办公室
    aliases: [网信办, {text: CAC, context: [China, cyber, internet, 网信]}]
  - id: data_security_law
    kind: law
    name_en: Data Security Law
    name_zh: 数据安全法
"""

CLAIMS = """
claims:
  - id: dsl_effective
    text: The Data Security Law took effect on September 1, 2021.
    source: {article: seed.txt, quote: "The Data Security Law took effect on September 1."}
"""


def rss(*items: tuple[str, str, str]) -> bytes:
    """An RSS 2.0 document of (guid, title, description) items."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>https://news.example/{g}</link>"
        f"<description>{d}</description></item>"
        for g, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test feed</title>{body}</channel></rss>"
    ).encode()


def write_config(
    directory: Path, feeds: dict[str, str], settings: str = "", interval: str = "5m"
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    (directory / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    lines = ["feeds:"] + [
        f"  - {{id: {fid}, url: '{url}', interval: {interval}}}" for fid, url in feeds.items()
    ]
    (directory / "feeds.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "routes.yaml").write_text(
        "routes:\n  - {id: desk, destination: console, schedule: 1h}\n", encoding="utf-8"
    )
    (directory / "settings.yaml").write_text(with_loopback(settings), encoding="utf-8")
    return directory


LOOPBACK = ["127.0.0.0/8", "::1"]
"""What tests serve feeds from, and so what their configs let the address guard through."""


def with_loopback(settings: str) -> str:
    """A settings.yaml text with ``fetch.allow_networks`` set to :data:`LOOPBACK` if unset."""
    document: dict[str, Any] = yaml.safe_load(textwrap.dedent(settings)) or {}
    fetch = document.setdefault("settings", {}).setdefault("fetch", {})
    fetch.setdefault("allow_networks", LOOPBACK)
    return yaml.safe_dump(document, allow_unicode=True)


@dataclass
class Harness:
    service: Service
    store: Store
    out: io.StringIO
    now: list[datetime]

    def advance(self, delta: timedelta) -> None:
        self.now[0] += delta


def make_service(
    config_dir: Path, db: Path | str, start: datetime | None = None, owner: str = "test"
) -> Harness:
    """A service on ``db`` (a SQLite file, or a database URL) with a clock the test moves."""
    now = [start or datetime(2026, 11, 22, 9, 0, tzinfo=UTC)]
    store = Store.open(db if isinstance(db, str) else f"sqlite:///{db}")
    out = io.StringIO()
    deliverer = Deliverer(store, {"console": ConsoleSink(out)}, owner, random.Random(0))
    watch = Watch.build(load_config(config_dir), None)
    service = Service(watch, store, deliverer, clock=lambda: now[0], rng=random.Random(0))
    return Harness(service, store, out, now)
