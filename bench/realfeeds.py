"""The shared real feeds run through policywatch with the bundled entities and claims.

Used by ``digest_relevance.py`` and by the relevance sample's maintenance: a config
directory is written in a temporary directory (the bundled entities, claims and default
route, one feed per captured file), a real service on SQLite runs one round, and the
stored alerts and the queued digest are read back. Touches no network.
"""

from __future__ import annotations

import gzip
import io
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.delivery import ConsoleSink, Deliverer  # noqa: E402
from bot.digest import digest_from_dict  # noqa: E402
from bot.service import Service  # noqa: E402
from watchers.config.file import bundled_config_dir, load_config  # noqa: E402
from watchers.model import Digest  # noqa: E402
from watchers.storage import Store, StoredAlert  # noqa: E402
from watchers.watch import Watch  # noqa: E402

FEEDS = ROOT / ".." / "shared" / "datasets" / "real-feeds"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@dataclass
class Round:
    """One round over the real feeds: what was stored and what the default route got."""

    alerts: list[StoredAlert]
    digests: list[Digest]
    store: Store
    service: Service


def feed_files() -> list[Path]:
    """Every captured feed file, in a stable order."""
    return sorted(p for p in FEEDS.glob("*/*") if p.is_file() and p.name != "SOURCES.md")


def feed_id(path: Path) -> str:
    stem = path.name.split(".")[0]
    return "".join(c if c.isalnum() else "_" for c in stem.lower())


def write_config(directory: Path, *, with_model: bool = False) -> Path:
    """The bundled entities, claims and routes, with the real feeds as local files."""
    bundled = bundled_config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("entities.yaml", "claims.yaml", "routes.yaml"):
        shutil.copy(bundled / name, directory / name)
    lines = ["feeds:"]
    for path in feed_files():
        target = path
        if path.suffix == ".gz":  # served without Content-Encoding: kept compressed as found
            target = directory / path.name.removesuffix(".gz")
            target.write_bytes(gzip.decompress(path.read_bytes()))
        lines.append(f"  - {{id: {feed_id(path)}, url: '{target.resolve().as_uri()}'}}")
    (directory / "feeds.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # file:// feeds read only where the settings allow: the captures, and this directory
    # for the decompressed ones.
    allowed = ", ".join(f"'{p}'" for p in (FEEDS.resolve(), directory.resolve()))
    settings = f"settings:\n  fetch:\n    allow_files: [{allowed}]\n"
    (directory / "settings.yaml").write_text(settings, encoding="utf-8")
    return directory


def run_round(workdir: Path, *, model: bool = True) -> Round:
    """Poll every real feed once and build the default route's digest."""
    config_dir = write_config(workdir / "config")
    store = Store.open(f"sqlite:///{workdir / 'bench.sqlite3'}")
    out = io.StringIO()
    deliverer = Deliverer(store, {"console": ConsoleSink(out)}, "bench", random.Random(0))
    stance_model = None
    if model:
        from watchers.stance.model import load_default_model

        stance_model = load_default_model()
    watch = Watch.build(load_config(config_dir), stance_model)
    service = Service(watch, store, deliverer, clock=lambda: NOW, rng=random.Random(0))
    service.poll_due()
    alerts = store.alerts_after(0, limit=100_000)
    service.build_digests()
    digests = [digest_from_dict(e.payload) for e in store.outbox()]
    return Round(alerts, digests, store, service)
