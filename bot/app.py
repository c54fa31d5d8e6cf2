"""Wiring: config, store, model, sinks and service, built from the environment."""

from __future__ import annotations

import logging
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from bot.delivery import ConsoleSink, Deliverer, Sink
from bot.service import Service, instance_name
from watchers.configfile import load_config
from watchers.stance.base import StanceModel
from watchers.storage import Store
from watchers.storage.database import database_url
from watchers.watch import Watch

log = logging.getLogger(__name__)


def load_model() -> StanceModel | None:
    """The shipped stance model, unless ``POLICYWATCH_STANCE_MODEL=none`` turns it off."""
    if os.environ.get("POLICYWATCH_STANCE_MODEL", "").lower() == "none":
        return None
    from watchers.stance.model import load_default_model

    return load_default_model()


@dataclass
class App:
    service: Service
    store: Store
    config_dir: Path
    closers: list[object] = field(default_factory=list)

    def run_forever(self) -> None:
        from bot.scheduler import run_scheduler

        run_scheduler(self.service)

    def close(self) -> None:
        self.store.close()


def build_app(config_dir: Path, *, with_chat: bool = True) -> App:
    """Load and validate the config first: a bad config stops here, before any I/O."""
    config = load_config(config_dir)
    watch = Watch.build(config, load_model())
    store = Store.open(database_url())
    sinks: dict[str, Sink] = {"console": ConsoleSink()}
    deliverer = Deliverer(store, sinks, instance_name(), random.Random())
    service = Service(watch, store, deliverer)
    return App(service, store, config_dir)
