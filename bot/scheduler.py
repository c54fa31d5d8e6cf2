"""APScheduler jobs around the service: one per feed, one that builds the digests that
are due, one for the outbox, one that picks up config edits made by other instances, and
one that reloads the config files when they change.

Digests are not APScheduler triggers: a trigger counts from when it was added, so a
restart or a config edit would postpone every route. The digests job asks the service
which routes are due, from each route's stored last digest time and its schedule.

Feed jobs run in a pool of their own, so polls never keep the digests, the outbox or a
config reload waiting, and a poll job that cannot start on time runs late rather
than being dropped (APScheduler's default drops a job more than a second late).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.commands.editor import ConfigEditor
from bot.pollpool import WORKERS
from bot.service import Service
from watchers.model import FeedSpec

log = logging.getLogger(__name__)

DELIVERY_EVERY = timedelta(seconds=15)
DIGESTS_EVERY = timedelta(seconds=10)
RELOAD_EVERY = timedelta(seconds=30)
# Reading and hashing the config files costs well under a millisecond (bench/config_watch.py).
FILES_EVERY = timedelta(seconds=3)
POLL_EXECUTOR = "polls"


def _poll(service: Service, spec: FeedSpec) -> None:
    # A feed in backoff is due later than its interval; poll_if_due checks that.
    service.poll_if_due(spec)


def _digests(service: Service) -> None:
    if service.build_due_digests():
        service.deliver()


def _reload(editor: ConfigEditor) -> None:
    editor.reload_if_edited(editor.service.clock())


def _reload_files(editor: ConfigEditor) -> None:
    editor.reload_if_files_changed(editor.service.clock())


def install_jobs(
    scheduler: BackgroundScheduler, service: Service, editor: ConfigEditor | None = None
) -> None:
    """Create the jobs for the service's current config, or bring them in line with it
    after a change.

    A feed added or changed gets a job that checks it at once, a feed removed loses its
    job, and every other job keeps its next run time: a config change (a reload every few
    seconds, even) postpones no digest, delivery, check or poll. ``editor`` is the one the
    service's config edits go through (it knows which stored edits are its own, and the
    stance model to rebuild with); by default one without a stance model, as for a service
    built without one.
    """
    wanted = {f"feed:{spec.id}": spec for spec in service.watch.config.feeds}
    for job in scheduler.get_jobs():
        if job.id.startswith("feed:") and wanted.get(job.id) != job.args[1]:
            job.remove()
    for job_id, spec in wanted.items():
        if scheduler.get_job(job_id) is None:
            _add_feed_job(scheduler, service, spec)
    if scheduler.get_job("digests") is None:
        _add_service_jobs(scheduler, service, editor or ConfigEditor(service))


def _add_feed_job(scheduler: BackgroundScheduler, service: Service, spec: FeedSpec) -> None:
    # Feeds are checked every minute at most; each poll happens only when the feed's
    # stored next_check (interval, or backoff after errors) has come.
    every = max(60, min(int(spec.interval.total_seconds()), 300))
    scheduler.add_job(
        _poll,
        IntervalTrigger(seconds=every, timezone="UTC"),
        args=(service, spec),
        id=f"feed:{spec.id}",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        executor=POLL_EXECUTOR,
        next_run_time=datetime.now(UTC),
    )


def _add_service_jobs(
    scheduler: BackgroundScheduler, service: Service, editor: ConfigEditor
) -> None:
    """The jobs every config has: digests, the outbox, and picking up config changes."""
    scheduler.add_job(
        _digests,
        IntervalTrigger(seconds=int(DIGESTS_EVERY.total_seconds()), timezone="UTC"),
        args=(service,),
        id="digests",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        service.deliver,
        IntervalTrigger(seconds=int(DELIVERY_EVERY.total_seconds())),
        id="outbox",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        _reload,
        IntervalTrigger(seconds=int(RELOAD_EVERY.total_seconds())),
        args=(editor,),
        id="config-reload",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        _reload_files,
        IntervalTrigger(seconds=int(FILES_EVERY.total_seconds())),
        args=(editor,),
        id="config-files",
        max_instances=1,
        coalesce=True,
    )


def start_scheduler(
    service: Service, editor: ConfigEditor | None = None, *, poll_workers: int = WORKERS
) -> BackgroundScheduler:
    """Start the jobs in background threads; they follow config changes (see install_jobs).

    At most ``poll_workers`` feeds are polled at once.
    """
    executors = {"default": ThreadPoolExecutor(4), POLL_EXECUTOR: ThreadPoolExecutor(poll_workers)}
    scheduler = BackgroundScheduler(timezone="UTC", executors=executors)
    editor = editor or ConfigEditor(service)
    install_jobs(scheduler, service, editor)
    service.on_config_change.append(lambda: install_jobs(scheduler, service, editor))
    scheduler.start()
    log.debug("scheduler started: %d jobs", len(scheduler.get_jobs()))
    return scheduler
