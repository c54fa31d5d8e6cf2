"""Personal digests: what each subscriber asked for, sent to them directly every hour.

A subscription names an entity or a label. A subscriber's subscriptions make one route
of their own (``personal:<platform>:<user>``) whose destination is the user on their
platform (Slack delivers that as a direct message). Entities narrow it to those
entities, labels to those labels; with only labels it covers every entity.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from bot.service import Service
from watchers.config.schema import ROUTE_LABELS, RouteSpec, Schedule
from watchers.storage.adminlog import subscriptions
from watchers.watch import Watch

log = logging.getLogger(__name__)

PERSONAL_EVERY = timedelta(hours=1)
CHECK_EVERY = 60.0


def personal_route_id(platform: str, user_id: str) -> str:
    # A colon never appears in config route ids, so these cannot collide with them.
    return f"personal:{platform}:{user_id}"


def personal_routes(subs: Mapping[tuple[str, str], Sequence[str]], watch: Watch) -> list[RouteSpec]:
    """One route per subscriber; targets no longer in the config are ignored."""
    routes = []
    for (platform, user_id), targets in subs.items():
        entities = tuple(t for t in targets if t in watch.entities)
        labels = tuple(t for t in targets if t in ROUTE_LABELS)
        if not entities and not labels:
            continue
        routes.append(
            RouteSpec(
                id=personal_route_id(platform, user_id),
                destination=f"{platform}:{user_id}",
                schedule=Schedule(every=PERSONAL_EVERY),
                entities=entities,
                labels=labels or ROUTE_LABELS,
            )
        )
    return routes


def is_due(last_digest_at: datetime | None, now: datetime) -> bool:
    return last_digest_at is None or last_digest_at + PERSONAL_EVERY <= now


def enable_personal_digests(service: Service) -> PersonalDigests:
    """Make the service build personal routes with the others; returns their timer."""
    service.route_sources.append(
        lambda: personal_routes(subscriptions(service.store), service.watch)
    )
    return PersonalDigests(service)


class PersonalDigests:
    """Builds and sends the personal digests that are due, once a minute, in a thread.

    It runs beside the scheduler like a chat adapter (``start``/``stop``).
    """

    def __init__(self, service: Service, check_every: float = CHECK_EVERY) -> None:
        self.service = service
        self.check_every = check_every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_due(self) -> int:
        """Queue every personal digest that is due and deliver; how many were queued."""
        now = self.service.clock()
        due = [
            route
            for route in personal_routes(subscriptions(self.service.store), self.service.watch)
            if is_due(self.service.store.route_cursor(route.id)[1], now)
        ]
        queued = self.service.build_digests(due)
        if queued:
            self.service.deliver()
        return len(queued)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="personal-digests", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.check_every):
            try:
                self.run_due()
            except Exception:
                log.exception("personal digests failed; trying again in %ss", self.check_every)
