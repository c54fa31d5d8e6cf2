"""A watch whose store holds real labelled items, hostile ones among them, for the claims
page tests: two claims about two entities, and a feed on 127.0.0.1 whose items
corroborate, contradict and mention them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.claimspage.pages import claims_pages
from bot.ops.readiness import Readiness
from bot.ops.server import OpsServer
from support.feedserver import FeedServer
from support.service import ENTITIES, Harness, make_service, write_config

CLAIMS = """
claims:
  - id: dsl_effective
    text: The Data Security Law took effect on September 1, 2021.
    source: {article: seed.txt, quote: "The Data Security Law took effect on September 1."}
  - id: cac_established
    text: The Cyberspace Administration of China was established in May 2011.
    source: {url: "https://example.org/cac-2011", quote: "The office was set up in May 2011."}
"""

# Markup in a feed's text arrives as text: escaped once for the XML, once more where the
# feed's description is itself HTML.
HOSTILE_TITLE = (
    "Data Security Law <script>window.__pwned=1</script> "
    "<img src=x onerror=\"window.__pwned=2;alert('title')\">"
)
HOSTILE_SENTENCE = (
    "The Data Security Law took effect on September 1, 2021 "
    '<img src=x onerror="window.__pwned=3;alert(document.domain)"> '
    "<script>window.__pwned=4</script>."
)
HOSTILE_LINK = "javascript:window.__pwned=5"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _item(guid: str, title: str, text: str, link: str = "", date: str = "") -> str:
    link = link or f"https://news.example/{guid}"
    published = f"<pubDate>{date}</pubDate>" if date else ""
    return (
        f"<item><guid>{guid}</guid><title>{_xml(title)}</title><link>{_xml(link)}</link>"
        f"<description>{_xml(text)}</description>{published}</item>"
    )


FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Policy wire</title>'
    + _item(
        "a1",
        "Data Security Law marks its first year",
        "The Data Security Law took effect on September 1, 2021.",
        date="Thu, 01 Sep 2022 08:00:00 GMT",
    )
    + _item(
        "a2",
        "网信办 issues new rules",
        "The Data Security Law took effect on June 1, 2021, the CAC said.",
        date="Wed, 01 Jun 2022 08:00:00 GMT",
    )
    + _item(
        "a3",
        "Cyberspace Administration of China history",
        "The Cyberspace Administration of China was established in 2014, officials said.",
        date="Mon, 03 Oct 2022 08:00:00 GMT",
    )
    + _item("a4", HOSTILE_TITLE, _xml(HOSTILE_SENTENCE), HOSTILE_LINK)
    + "</channel></rss>"
).encode()


def claims_config(directory: Path, feed_url: str, settings: str) -> Path:
    config = write_config(directory, {"wire": feed_url}, settings)
    (config / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    (config / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    return config


ENABLED = "settings:\n  claims_page: {enabled: true}\n"


@dataclass
class Served:
    """A service whose store holds the feed's labelled items, and its ops endpoint."""

    harness: Harness
    base_url: str


@pytest.fixture
def serve(tmp_path: Path, feed_server: FeedServer) -> Iterator[object]:
    """``serve(settings)``: poll the feed once into a fresh store and serve the ops
    endpoint, with the claims page, on 127.0.0.1."""
    started: list[tuple[Harness, OpsServer]] = []

    def start(settings: str = ENABLED) -> Served:
        url = feed_server.serve("/wire.xml", FEED)
        config = claims_config(tmp_path / f"config{len(started)}", url, settings)
        harness = make_service(config, tmp_path / f"db{len(started)}.sqlite3")
        harness.service.poll_due()
        ops = OpsServer(
            ("127.0.0.1", 0),
            lambda: Readiness(True, ()),
            harness.service.metrics.exposition,
            claims_pages(harness.service),
        )
        ops.start()
        started.append((harness, ops))
        return Served(harness, f"http://127.0.0.1:{ops.address[1]}")

    yield start
    for harness, ops in started:
        ops.stop()
        harness.store.close()
