"""Every Prometheus metric policywatch exports, in one place.

The orchestrators (``Service`` for polls and digests, ``Deliverer`` for sends) call
these methods after they apply a result, so pure code never sees a counter. The
outbox gauges are read from the database at scrape time: every instance sharing a
database reports the same backlog, whichever of them queued or sent the digests.
Each ``Metrics`` has its own registry, so several services in one process (tests)
never collide.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from watchers.refresh import RefreshReport
from watchers.storage.health import Backlog

log = logging.getLogger(__name__)

# Seconds between a feed's due time and its poll: seconds are normal, minutes mean
# the scheduler or the poll lease is stuck.
LAG_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, float("inf"))


class Metrics:
    """The counters and histograms of one service."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.polls = Counter("policywatch_polls", "Feed polls by outcome.", ["outcome"], registry=r)
        self.fetch_errors = Counter(
            "policywatch_fetch_errors", "Failed polls by kind of error.", ["kind"], registry=r
        )
        self.items = Counter(
            "policywatch_items", "New and edited feed items stored.", ["change"], registry=r
        )
        self.labels = Counter(
            "policywatch_labels", "Labels given to (item, claim) pairs.", ["stance"], registry=r
        )
        self.alerts = Counter("policywatch_alerts", "Alerts stored for digests.", registry=r)
        self.digests = Counter(
            "policywatch_digests",
            "Digests queued, sent (confirmed by the platform), failed (to be retried) "
            "and set aside (given up on).",
            ["event", "platform"],
            registry=r,
        )
        self.poll_lag = Histogram(
            "policywatch_poll_lag_seconds",
            "How long after its due time a feed was polled.",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.takeovers = Counter(
            "policywatch_lease_takeovers",
            "Leases taken over after another instance left them to expire.",
            ["lease"],
            registry=r,
        )

        self.reloads = Counter(
            "policywatch_config_reloads",
            "Reloads of the config files (on SIGHUP or a change of the files) by outcome.",
            ["outcome"],
            registry=r,
        )
        # As Prometheus and Alertmanager name theirs: 0 while the files on disk are refused.
        self.reload_ok = Gauge(
            "policywatch_config_last_reload_successful",
            "Whether the last reload of the config files applied or found nothing new (1) "
            "or refused an invalid config (0).",
            registry=r,
        )
        self.reload_ok.set(1)

    def polled(self, report: RefreshReport, lag: timedelta | None) -> None:
        self.polls.labels(report.status).inc()
        if report.status == "failed":
            self.fetch_errors.labels(report.error_kind or "other").inc()
        if report.new:
            self.items.labels("new").inc(report.new)
        if report.edited:
            self.items.labels("edited").inc(report.edited)
        for stance, count in report.labels:
            self.labels.labels(stance).inc(count)
        if report.alerts:
            self.alerts.inc(report.alerts)
        if lag is not None:
            self.poll_lag.observe(max(0.0, lag.total_seconds()))

    def digest(self, event: str, platform: str) -> None:
        """``event`` is queued, sent, failed or set_aside."""
        self.digests.labels(event, platform).inc()

    def config_reload(self, outcome: str) -> None:
        """``outcome`` is applied, unchanged or refused."""
        self.reloads.labels(outcome).inc()
        self.reload_ok.set(0 if outcome == "refused" else 1)

    def lease_taken_over(self, lease: str) -> None:
        self.takeovers.labels(lease).inc()

    def watch_backlog(self, read: Callable[[], Backlog], clock: Callable[[], datetime]) -> None:
        """Report the outbox backlog from ``read`` at each scrape."""
        self.registry.register(_BacklogCollector(read, clock))

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)


class _BacklogCollector(Collector):
    def __init__(self, read: Callable[[], Backlog], clock: Callable[[], datetime]) -> None:
        self._read = read
        self._clock = clock

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Described up front so that registering never reads the database.
        return iter(_backlog_families(None, None))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            backlog = self._read()
        except SQLAlchemyError as error:  # /readyz says why; the counters still scrape
            log.warning("outbox backlog not read for /metrics: %s", error)
            return iter(())
        age = (self._clock() - backlog.oldest).total_seconds() if backlog.oldest else 0.0
        return iter(_backlog_families(backlog.pending, max(0.0, age)))


def _backlog_families(pending: int | None, age: float | None) -> list[GaugeMetricFamily]:
    depth = GaugeMetricFamily("policywatch_outbox_pending", "Digests waiting to be sent.")
    oldest = GaugeMetricFamily(
        "policywatch_outbox_oldest_pending_age_seconds",
        "Age of the oldest digest waiting to be sent (0 when none is).",
    )
    if pending is not None and age is not None:
        depth.add_metric([], pending)
        oldest.add_metric([], age)
    return [depth, oldest]
