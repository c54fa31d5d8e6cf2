"""Wiring: config, store, model, sinks and service, built from the environment."""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

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


class Adapter(Protocol):
    """A chat platform's connection: started beside the scheduler, stopped on exit."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class App:
    service: Service
    store: Store
    config_dir: Path
    adapters: list[Adapter] = field(default_factory=list)

    def run_forever(self) -> None:
        """Run the scheduler and every chat adapter until SIGINT or SIGTERM."""
        from bot.scheduler import start_scheduler

        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        scheduler = start_scheduler(self.service)
        for adapter in self.adapters:
            adapter.start()
        try:
            stop.wait()
        finally:
            for adapter in reversed(self.adapters):
                adapter.stop()
            scheduler.shutdown(wait=True)
            self.close()

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
